//! Staff login by one-time link, against the real server and database: the link opens a page
//! whose button logs in, once, for 15 minutes; the answer never tells whether an address is
//! staff; requests are limited; once the email is delivered the database no longer holds the link.

mod http_common;
#[path = "mail_support/smtp.rs"]
mod smtp;
mod staff_support;

use http_common::*;
use staff_support::*;
use std::path::Path;

const STAFF: &str = "direction.0699901M@example.fr";

/// (subject, text) of the last email that arrived in `inbox` for `courriel`.
fn delivered(inbox: &Path, courriel: &str) -> (String, String) {
    let mut names: Vec<_> = std::fs::read_dir(inbox)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    names.sort();
    for path in names.iter().rev() {
        let raw = std::fs::read(path).unwrap();
        let message = mail_parser::MessageParser::default().parse(&raw[..]).unwrap();
        let to = message
            .to()
            .and_then(|t| t.first())
            .and_then(|a| a.address())
            .unwrap_or("");
        if to.eq_ignore_ascii_case(courriel) {
            return (
                message.subject().unwrap_or_default().to_string(),
                message.body_text(0).unwrap_or_default().to_string(),
            );
        }
    }
    panic!("no email to {courriel} in {}", inbox.display())
}

fn count(server: &StaffServer, sql: &str) -> i64 {
    server.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_staff_member_logs_in_once_with_the_emailed_link() {
    let server = StaffServer::start(None).await;
    let resp = server.ask_link(JEAN_MOULIN, "Direction.0699901M@Example.fr").await;
    assert_eq!(resp.status, 303);
    assert_eq!(resp.location(), "/0699901M/personnel/#lien-envoye");
    let token = server
        .last_link(STAFF)
        .expect("the link was emailed, to the declared address");
    let (sujet, texte) = delivered(&server.inbox, STAFF);
    assert!(sujet.contains("Collège Jean Moulin"), "{sujet}");
    assert!(texte.contains("15 minutes"), "{texte}");
    assert!(texte.contains("« Se connecter »"), "says there is a button: {texte}");
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

    // The link opens a page with a button; opening it does not log in.
    let link = format!("/personnel/lien?jeton={token}");
    let page = server.send(Req::get(&link)).await;
    assert_eq!(page.status, 200, "{}", page.text());
    assert!(
        page.text().contains("Se connecter à l'espace du personnel"),
        "{}",
        page.text()
    );
    assert!(page.text().contains("method=\"post\""), "{}", page.text());
    assert!(staff_cookie(&page).is_none(), "no session from a GET");

    let resp = server.send(Req::form("/personnel/lien", &[("jeton", &token)])).await;
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

    // The button again (a second click, a page reloaded): a clear page, no session.
    let again = server.send(Req::form("/personnel/lien", &[("jeton", &token)])).await;
    assert_eq!(again.status, 410);
    assert!(again.text().contains("Lien déjà utilisé"), "{}", again.text());
    assert!(again.text().contains("déjà servi"), "{}", again.text());
    assert!(staff_cookie(&again).is_none());
    assert!(
        again.text().contains("/0699901M/personnel/"),
        "a way to ask for a new link"
    );
    // And the link itself now says so.
    let page = server.send(Req::get(&link)).await;
    assert_eq!(page.status, 410);
    assert!(page.text().contains("déjà servi"), "{}", page.text());
    assert_eq!(count(&server, "SELECT count(*) FROM personnel_sessions"), 1);

    // Logging out ends the session.
    let out = server
        .send(Req::new("POST", "/personnel/deconnexion").cookie(&cookie))
        .await;
    assert_eq!(out.status, 303);
    let after = server.send(Req::get("/api/personnel/tableau").cookie(&cookie)).await;
    assert_eq!(after.status, 401);
    server.stop().await;
}

/// The old fault: the GET used the link. Mail scanners (and link previews) open every link of
/// a message before the staff member does, so the staff member's own click found it spent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mail_scanner_opening_the_link_first_does_not_spend_it() {
    let server = StaffServer::start(None).await;
    server.ask_link(JEAN_MOULIN, STAFF).await;
    let token = server.last_link(STAFF).unwrap();
    let link = format!("/personnel/lien?jeton={token}");
    // The scanner: GET twice, HEAD, with no cookie and no origin.
    for req in [Req::get(&link), Req::get(&link), Req::new("HEAD", &link)] {
        let resp = server.send(req).await;
        assert_eq!(resp.status, 200, "{}", resp.text());
        assert!(staff_cookie(&resp).is_none());
    }
    assert_eq!(count(&server, "SELECT count(*) FROM personnel_sessions"), 0);
    assert_eq!(
        count(&server, "SELECT count(*) FROM personnel_liens WHERE utilise_le IS NULL"),
        1,
        "the link is still unused"
    );

    // A post from another site (a page trying to log the staff member into its own link,
    // or to spend theirs) is refused before the link is looked at.
    let forged = server
        .send(
            Req::form("/personnel/lien", &[("jeton", &token)])
                .foreign()
                .header("Origin", "https://evil.example"),
        )
        .await;
    assert_eq!(forged.status, 403, "{}", forged.text());
    assert!(staff_cookie(&forged).is_none());
    assert_eq!(
        count(&server, "SELECT count(*) FROM personnel_liens WHERE utilise_le IS NULL"),
        1
    );

    // The staff member clicks, then presses the button: logged in.
    let resp = server.open_link(&token).await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    assert!(staff_cookie(&resp).is_some());
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
    // Its button (a page left open) says the same.
    let resp = server.send(Req::form("/personnel/lien", &[("jeton", &token)])).await;
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
    for jeton in ["", "abc", &"0".repeat(64)] {
        let resp = server.send(Req::form("/personnel/lien", &[("jeton", jeton)])).await;
        assert_eq!(resp.status, 400, "{jeton:?}");
        assert!(resp.text().contains("pas valide"), "{jeton:?}: {}", resp.text());
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

/// The token was in the outbox only to be sent: once the real SMTP server has taken the
/// email, neither the row nor the database file (after a checkpoint) holds it, so a copy of
/// the database made within the link's 15 minutes gives nobody a staff session.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn once_delivered_the_link_is_no_longer_in_the_database() {
    let inbox = tempfile::tempdir().unwrap();
    let mut smtp_server = smtp::SmtpServer::start(inbox.path(), 0, &[]);
    let server = StaffServer::start_smtp(smtp_server.url(), inbox.path()).await;
    server.ask_link(JEAN_MOULIN, STAFF).await;
    let token = server.last_link(STAFF).expect("delivered by SMTP");
    let delivered = smtp::stored(inbox.path());
    assert_eq!(delivered.len(), 1);
    assert_eq!(delivered[0].rcpt_tos, [STAFF]);

    smtp::wait_until("the sent link is scrubbed from the outbox", || {
        let (etat, texte, html): (String, String, Option<String>) = server
            .conn()
            .query_row(
                "SELECT etat, texte, html FROM outbox WHERE genre = 'lien_personnel'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        etat == "envoye" && !texte.contains(&token) && !html.unwrap_or_default().contains(&token)
    });
    let texte: String = server
        .conn()
        .query_row("SELECT texte FROM outbox WHERE genre = 'lien_personnel'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(texte.contains("retiré"), "{texte}");
    // What a copy of the file holds: fold the WAL into the database, then read raw bytes.
    // (Busy while the worker's checkpoint thread copies the WAL itself: then again.)
    let conn = server.conn();
    let mut busy = 1;
    for _ in 0..100 {
        busy = conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get::<_, i64>(0))
            .unwrap();
        if busy == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(busy, 0, "checkpoint done");
    for file in [server.db.clone(), server.db.with_extension("sqlite-wal")] {
        let bytes = std::fs::read(&file).unwrap_or_default();
        let found = bytes.windows(token.len()).any(|w| w == token.as_bytes());
        assert!(!found, "{} still holds the link's token", file.display());
    }

    // The link itself, from the email, still works once.
    let resp = server.open_link(&token).await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    server.stop().await;
    smtp_server.stop();
}
