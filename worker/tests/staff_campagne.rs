//! Codes and letters from the staff area, through the real server: a lost code replaced from
//! the pupil's page (the old letter and the sessions it opened stop at once), the letters of a
//! class printed with new codes, each action in the pupil's history, and never a code readable
//! again. Attacks: another school's pupil, a cross-site post, a stale count.

mod http_common;
mod staff_support;

use http_common::*;
use staff_support::*;

/// The codes printed in a letters page, in order.
fn codes_in(html: &str) -> Vec<String> {
    html.split("data-code=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect()
}

/// 303 when the code and date open a session, else the page the family is sent back to.
async fn login_status(server: &StaffServer, uai: &str, code: &str, date: &str) -> Result<(), String> {
    let resp = server.send(Req::login(uai, code, date)).await;
    match (resp.status, resp.session_cookie()) {
        (303, Some(_)) => Ok(()),
        (status, _) => Err(format!("{status} {}", resp.location())),
    }
}

fn history(server: &StaffServer, id: i64) -> Vec<(String, String)> {
    let conn = server.conn();
    let mut stmt = conn
        .prepare("SELECT action, qui FROM historique WHERE eleve_id = ?1 ORDER BY id")
        .unwrap();
    stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_code_is_replaced_from_the_pupil_s_page_and_the_old_letter_stops_at_once() {
    let server = StaffServer::start(None).await;
    let staff = server.staff_login(JEAN_MOULIN).await;
    let lou = server.id_of(&LOU);
    // Someone who found Lou's letter is logged in with it.
    let finder = server.send(Req::login(JEAN_MOULIN, LOU.code, LOU.date)).await;
    let finder = finder.session_cookie().expect("the found letter works, for now");
    assert_eq!(server.send(Req::get("/api/dossier").cookie(&finder)).await.status, 200);

    let resp = server
        .send(Req::form("/personnel/nouveau-code", &[("id", &lou.to_string())]).cookie(&staff))
        .await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    let page = resp.text();
    assert!(resp.header("content-type").unwrap().starts_with("text/html"));
    assert_eq!(resp.header("cache-control"), Some("no-store"));
    assert!(
        resp.header("content-security-policy")
            .unwrap()
            .contains("default-src 'none'"),
        "the letter page fetches nothing and runs nothing"
    );
    assert!(
        page.contains("Lou Martin") || page.contains("Lou</strong>") || page.contains("Martin"),
        "{page}"
    );
    assert!(page.contains("Retour à l'espace personnel"), "{page}");
    let codes = codes_in(&page);
    assert_eq!(codes.len(), 1, "one letter: {page}");
    let new_code = &codes[0];
    assert_ne!(new_code, LOU.code);

    // The old letter no longer opens anything, the finder's session is over, the new one works.
    assert!(login_status(&server, JEAN_MOULIN, LOU.code, LOU.date).await.is_err());
    assert_eq!(server.send(Req::get("/api/dossier").cookie(&finder)).await.status, 401);
    login_status(&server, JEAN_MOULIN, new_code, LOU.date).await.unwrap();

    // Written in the history, by whom; the code itself is nowhere in the database nor the staff area.
    assert_eq!(
        history(&server, lou),
        [("code_reemis".to_string(), "direction.0699901M@example.fr".to_string())]
    );
    let dump: String = server
        .conn()
        .query_row("SELECT group_concat(quote(code_hash)) FROM eleves", [], |r| r.get(0))
        .unwrap();
    assert!(!dump.contains(new_code.as_str()) && !dump.contains(&new_code.replace('-', "")));
    for path in [
        format!("/api/personnel/eleve?id={lou}"),
        format!("/api/personnel/historique?id={lou}"),
        "/api/personnel/eleves".to_string(),
        "/personnel/export.csv".to_string(),
    ] {
        let text = server.send(Req::get(&path).cookie(&staff)).await.text();
        assert!(!text.contains(new_code.as_str()), "{path} shows the code");
    }
    let shown = server
        .send(Req::get(&format!("/api/personnel/historique?id={lou}")).cookie(&staff))
        .await
        .json();
    assert_eq!(shown["historique"][0]["action"], "code_reemis");
    assert_eq!(shown["historique"][0]["qui"], "direction.0699901M@example.fr");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_code_is_reissued_for_another_school_a_leaving_pupil_or_a_cross_site_post() {
    let server = StaffServer::start(None).await;
    let staff = server.staff_login(JEAN_MOULIN).await;
    // Noa is another school's: the same answer as a pupil that does not exist.
    let noa = server.id_of(&NOA);
    let resp = server
        .send(Req::form("/personnel/nouveau-code", &[("id", &noa.to_string())]).cookie(&staff))
        .await;
    assert_eq!(resp.status, 404, "{}", resp.text());
    login_status(&server, AUTRE_COLLEGE, NOA.code, NOA.date).await.unwrap();
    let resp = server
        .send(Req::get(&format!("/api/personnel/historique?id={noa}")).cookie(&staff))
        .await;
    assert_eq!(resp.status, 404);

    // Alix leaves: no form, no code.
    let alix = server.id_of(&ALIX);
    let resp = server
        .send(Req::form("/personnel/nouveau-code", &[("id", &alix.to_string())]).cookie(&staff))
        .await;
    assert_eq!(resp.status, 409);
    assert!(resp.text().contains("sortant"), "{}", resp.text());

    // A page of another site posting with the staff member's cookie.
    let lou = server.id_of(&LOU);
    let forged = Req::form("/personnel/nouveau-code", &[("id", &lou.to_string())])
        .foreign()
        .header("Origin", "https://evil.example")
        .cookie(&staff);
    let resp = server.send(forged).await;
    assert_eq!(resp.status, 403, "{}", resp.text());
    // Without a staff session: a family's cookie is not one.
    let family = server
        .send(Req::login(JEAN_MOULIN, LOU.code, LOU.date))
        .await
        .session_cookie()
        .unwrap();
    let resp = server
        .send(Req::form("/personnel/nouveau-code", &[("id", &lou.to_string())]).cookie(&family))
        .await;
    assert_eq!(resp.status, 401);
    login_status(&server, JEAN_MOULIN, LOU.code, LOU.date)
        .await
        .expect("Lou's code unchanged");
    assert!(history(&server, lou).is_empty());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_class_s_letters_are_printed_with_new_codes_after_a_confirmed_count() {
    let server = StaffServer::start(None).await;
    let staff = server.staff_login(JEAN_MOULIN).await;
    let counts = server.send(Req::get("/api/personnel/courriers").cookie(&staff)).await;
    assert_eq!(counts.status, 200, "{}", counts.text());
    let counts = counts.json();
    // Lou and Sam (Alix leaves: no letter); none of them came through an import without letters.
    assert_eq!(counts["total"], 2);
    assert_eq!(counts["jamais_imprimes"], 0);
    assert_eq!(counts["classes"][0]["division"], "6A");
    assert_eq!(counts["classes"][0]["total"], 2);

    // A count that changed since the page was shown: nothing happens.
    let resp = server
        .send(
            Req::form(
                "/personnel/courriers",
                &[("portee", "classe"), ("classe", "6A"), ("nombre", "3")],
            )
            .cookie(&staff),
        )
        .await;
    assert_eq!(resp.status, 409);
    assert!(resp.text().contains("rechargez la page"), "{}", resp.text());
    login_status(&server, JEAN_MOULIN, SAM.code, SAM.date).await.unwrap();
    // No choice: a French message.
    let resp = server
        .send(Req::form("/personnel/courriers", &[("nombre", "2")]).cookie(&staff))
        .await;
    assert_eq!(resp.status, 422);
    assert!(resp.text().contains("Choisissez les courriers"), "{}", resp.text());

    let resp = server
        .send(
            Req::form(
                "/personnel/courriers",
                &[("portee", "classe"), ("classe", "6A"), ("nombre", "2")],
            )
            .cookie(&staff),
        )
        .await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    let page = resp.text();
    assert_eq!(
        page.matches("<section class=\"lettre\"").count(),
        2,
        "one page per pupil"
    );
    assert!(page.contains("break-after: page"), "a page break after each letter");
    let codes = codes_in(&page);
    assert_eq!(codes.len(), 2);
    // Letters by name: Bernard (Sam), then Martin (Lou).
    login_status(&server, JEAN_MOULIN, &codes[0], SAM.date).await.unwrap();
    login_status(&server, JEAN_MOULIN, &codes[1], LOU.date).await.unwrap();
    assert!(login_status(&server, JEAN_MOULIN, SAM.code, SAM.date).await.is_err());
    assert!(login_status(&server, JEAN_MOULIN, LOU.code, LOU.date).await.is_err());
    for pupil in [&LOU, &SAM] {
        assert_eq!(
            history(&server, server.id_of(pupil)),
            [(
                "courrier_imprime".to_string(),
                "direction.0699901M@example.fr".to_string()
            )]
        );
    }
    // Another school's letters are not this session's: its pupil keeps its code.
    login_status(&server, AUTRE_COLLEGE, NOA.code, NOA.date).await.unwrap();
    server.stop().await;
}
