//! Staff login by one-time link, against the real server and database: the link works once,
//! for 15 minutes; the answer never tells whether an address is staff; requests are limited.

mod http_common;
mod staff_support;

use http_common::*;
use staff_support::*;

const STAFF: &str = "direction.0699901M@example.fr";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_staff_member_logs_in_once_with_the_emailed_link() {
    let server = StaffServer::start(None).await;
    let resp = server.ask_link(JEAN_MOULIN, "Direction.0699901M@Example.fr").await;
    assert_eq!(resp.status, 303);
    assert_eq!(resp.location(), "/0699901M/personnel/#lien-envoye");
    let token = server
        .last_link(STAFF)
        .expect("the link is in the outbox, to the declared address");
    let (sujet, texte): (String, String) = server
        .conn()
        .query_row(
            "SELECT sujet, texte FROM outbox WHERE genre = 'lien_personnel'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(sujet.contains("Collège Jean Moulin"), "{sujet}");
    assert!(texte.contains("15 minutes"), "{texte}");
    // Only the hash of the link is stored.
    let stored: i64 = server
        .conn()
        .query_row(
            "SELECT count(*) FROM personnel_liens WHERE token_hash = ?1",
            [&token],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, 0, "the token itself is never stored");

    let resp = server.send(Req::get(&format!("/personnel/lien?jeton={token}"))).await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    assert_eq!(resp.location(), "/0699901M/personnel/tableau/");
    let set_cookie = resp.header("set-cookie").unwrap();
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"),
        "{set_cookie}"
    );
    let cookie = staff_cookie(&resp).unwrap();
    let dashboard = server.send(Req::get("/api/personnel/tableau").cookie(&cookie)).await;
    assert_eq!(dashboard.status, 200, "{}", dashboard.text());
    assert_eq!(dashboard.json()["etablissement"]["uai"], "0699901M");

    // The same link again: a clear page, no session.
    let again = server.send(Req::get(&format!("/personnel/lien?jeton={token}"))).await;
    assert_eq!(again.status, 410);
    assert!(again.text().contains("déjà servi"), "{}", again.text());
    assert!(staff_cookie(&again).is_none());
    assert!(
        again.text().contains("/0699901M/personnel/"),
        "a way to ask for a new link"
    );

    // Logging out ends the session.
    let out = server
        .send(Req::new("POST", "/personnel/deconnexion").cookie(&cookie))
        .await;
    assert_eq!(out.status, 303);
    let after = server.send(Req::get("/api/personnel/tableau").cookie(&cookie)).await;
    assert_eq!(after.status, 401);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_link_opens_nothing() {
    let server = StaffServer::start(None).await;
    server.ask_link(JEAN_MOULIN, STAFF).await;
    let token = server.last_link(STAFF).unwrap();
    // The server runs on the real clock: the link is aged in the database instead (the
    // 15-minute boundary itself is tested in store::personnel with an injected `now`).
    server
        .conn()
        .execute("UPDATE personnel_liens SET expire_le = '2020-01-01T00:00:00Z'", [])
        .unwrap();
    let resp = server.send(Req::get(&format!("/personnel/lien?jeton={token}"))).await;
    assert_eq!(resp.status, 410);
    assert!(resp.text().contains("expiré"), "{}", resp.text());
    assert!(staff_cookie(&resp).is_none());
    let sessions: i64 = server
        .conn()
        .query_row("SELECT count(*) FROM personnel_sessions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sessions, 0);

    // A token that is not one, or unknown: a clear page too.
    for path in [
        "/personnel/lien",
        "/personnel/lien?jeton=abc",
        &format!("/personnel/lien?jeton={}", "0".repeat(64)),
    ] {
        let resp = server.send(Req::get(path)).await;
        assert_eq!(resp.status, 400, "{path}");
        assert!(resp.text().contains("pas valide"), "{path}: {}", resp.text());
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_answer_is_the_same_for_unknown_addresses_and_requests_are_limited() {
    let server = StaffServer::start(None).await;
    // Unknown address, another school's staff, a family: same answer, nothing sent.
    for courriel in [
        "inconnu@example.fr",
        "direction.0339903K@example.fr",
        "claire.martin@example.fr",
    ] {
        let resp = server.ask_link(JEAN_MOULIN, courriel).await;
        assert_eq!(resp.status, 303);
        assert_eq!(resp.location(), "/0699901M/personnel/#lien-envoye", "{courriel}");
    }
    let links: i64 = server
        .conn()
        .query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))
        .unwrap();
    assert_eq!(links, 0, "no email for an address that is not this school's staff");

    // Per address: 3 links in 15 minutes, then the same answer and nothing more sent.
    for _ in 0..5 {
        let resp = server.ask_link(JEAN_MOULIN, STAFF).await;
        assert_eq!(resp.location(), "/0699901M/personnel/#lien-envoye");
    }
    let links: i64 = server
        .conn()
        .query_row("SELECT count(*) FROM outbox WHERE genre = 'lien_personnel'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(links, 3);
    // Per client: 10 requests in 15 minutes (8 made above), then a message saying so.
    server.ask_link(JEAN_MOULIN, "x@example.fr").await;
    server.ask_link(JEAN_MOULIN, "y@example.fr").await;
    let resp = server.ask_link(JEAN_MOULIN, "z@example.fr").await;
    assert_eq!(resp.location(), "/0699901M/personnel/#trop-de-demandes");

    // No address, no school: back to a page, never an error.
    let resp = server.ask_link(JEAN_MOULIN, "").await;
    assert_eq!(resp.location(), "/0699901M/personnel/#erreur-formulaire");
    let resp = server.ask_link("9999999Z", STAFF).await;
    assert_eq!(resp.location(), "/");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_staff_area_needs_a_staff_session_not_a_family_one() {
    let server = StaffServer::start(None).await;
    let family = {
        let resp = server.send(Req::login(JEAN_MOULIN, LOU.code, LOU.date)).await;
        resp.session_cookie().unwrap()
    };
    for path in [
        "/api/personnel/tableau",
        "/api/personnel/eleves",
        "/api/personnel/eleve?id=1",
        "/api/personnel/courriels-refuses",
        "/personnel/export.csv",
        "/personnel/export.xlsx",
    ] {
        let resp = server.send(Req::get(path)).await;
        assert_eq!(resp.status, 401, "{path} without a session");
        let resp = server.send(Req::get(path).cookie(&family)).await;
        assert_eq!(resp.status, 401, "{path} with a family session");
    }
    let resp = server
        .send(post_json("/api/personnel/valider", serde_json::json!({ "ids": [1] })).cookie(&family))
        .await;
    assert_eq!(resp.status, 401);
    // A cross-site post is refused before anything else.
    let cookie = server.staff_login(JEAN_MOULIN).await;
    let resp = server
        .send(
            post_json("/api/personnel/valider", serde_json::json!({ "ids": [1] }))
                .cookie(&cookie)
                .foreign()
                .header("Origin", "https://evil.example"),
        )
        .await;
    assert_eq!(resp.status, 403);
    server.stop().await;
}
