//! Through the real server: the language the family chose on the site (a posted `langue`,
//! `?langue=`) reaches the worker and stays for its pages, its redirects, its error pages, its
//! validation messages and the confirmation email. Never from Accept-Language; only the site's
//! languages; the value never reaches a header or a path unchecked.

mod http_common;

use http_common::*;

fn login_in(lang: &str, code: &str) -> Req {
    Req::form(
        "/connexion",
        &[
            ("uai", JEAN_MOULIN),
            ("code", code),
            ("date_naissance", LOU.date),
            ("langue", lang),
        ],
    )
}

/// `name=value` of the language cookie set by `resp`.
fn langue_cookie(resp: &Resp) -> String {
    resp.set_cookie("dossiersco_langue")
        .unwrap_or_else(|| panic!("pas de cookie de langue : {:?}", resp.headers_all("set-cookie")))
        .split(';')
        .next()
        .unwrap()
        .trim()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chosen_language_follows_the_family_through_the_worker() {
    let server = TestServer::start(Setup::default()).await;

    // A wrong code typed on the English page: back to the English page, language kept.
    let resp = server.send(login_in("en", "ZZZZ-ZZZZ-ZZZZ")).await;
    assert_eq!(resp.status, 303);
    assert_eq!(resp.location(), "/en/0699901M/connexion/#erreur-identifiants");
    assert!(resp.header("set-cookie").is_none(), "aucun cookie pour un code faux");

    // Logged in from the Arabic page: the worker's error pages come in Arabic, right to left.
    let resp = server.send(login_in("ar", LOU.code)).await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    let session = resp.session_cookie().unwrap();
    let ar = langue_cookie(&resp);
    assert_eq!(ar, "__Host-dossiersco_langue=ar");
    let page = server.send(Req::get("/nulle-part").cookie(&ar)).await;
    assert_eq!(page.status, 404);
    let text = page.text();
    assert!(text.contains(r#"<html lang="ar" dir="rtl">"#), "{text}");
    assert!(text.contains("الصفحة غير موجودة"), "{text}");
    assert!(text.contains(r#"href="/ar/""#), "retour à l'accueil arabe : {text}");

    // A link carrying ?langue=en switches the worker's pages and the cookie.
    let page = server.send(Req::get("/nulle-part?langue=en").cookie(&ar)).await;
    assert!(page.text().contains("Page not found"), "{}", page.text());
    assert_eq!(langue_cookie(&page), "__Host-dossiersco_langue=en");

    // The browser's language alone never decides: French.
    let page = server
        .send(Req::get("/nulle-part").header("Accept-Language", "ar, en;q=0.8"))
        .await;
    let text = page.text();
    assert!(
        text.contains(r#"<html lang="fr" dir="ltr">"#) && text.contains("Page introuvable"),
        "{text}"
    );

    // Validation messages of the model in the family's language (the API's 422).
    let en = "__Host-dossiersco_langue=en";
    let mut missing = complete_values();
    missing.retain(|(k, _)| k != "urgence.nom");
    let resp = server
        .send(
            dossier_post(&missing)
                .cookie(&format!("{session}; {en}"))
                .header("Accept", "application/json"),
        )
        .await;
    assert_eq!(resp.status, 422, "{}", resp.text());
    let erreurs = resp.json()["erreurs"].to_string();
    assert!(erreurs.contains("This field is required."), "{erreurs}");

    // Submitted in English: the English confirmation page, the English email with the French below.
    let resp = server
        .send(dossier_post(&complete_values()).cookie(&format!("{session}; {en}")))
        .await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    assert_eq!(resp.location(), "/en/0699901M/confirmation/");
    // Rendered by the sender when it sends it: read as the family receives it.
    let delivered = server.delivered(1).await;
    let message = mail_parser::MessageParser::default().parse(&delivered[0].1).unwrap();
    let (sujet, texte) = (message.subject().unwrap_or_default(), message.body_text(0).unwrap());
    assert_eq!(
        sujet,
        "Re-enrolment of Lou Martin at Collège Jean Moulin / Réinscription de Lou Martin au Collège Jean Moulin"
    );
    assert!(
        texte.find("Hello,").unwrap() < texte.find("Bonjour,").unwrap(),
        "{texte}"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_language_the_site_does_not_have_or_a_forged_one_gives_french_and_reaches_no_header() {
    let server = TestServer::start(Setup::default()).await;
    for forged in [
        "xx",
        "../../personnel",
        "en\r\nSet-Cookie: dossiersco_session=vol",
        "en/../..",
        "EN",
        "",
    ] {
        let resp = server.send(login_in(forged, "ZZZZ-ZZZZ-ZZZZ")).await;
        assert_eq!(resp.status, 303, "{forged:?}");
        // The French login page (after a few wrong codes, with the wait before the next try).
        assert!(
            resp.location().starts_with("/0699901M/connexion/"),
            "{forged:?}: {}",
            resp.location()
        );
        assert!(resp.header("set-cookie").is_none(), "{forged:?}");
        // Nor through the address or a planted cookie.
        let page = server
            .send(
                Req::get(&format!("/nulle-part?langue={}", forged.replace(['\r', '\n', ' '], ""))).cookie(&format!(
                    "__Host-dossiersco_langue={}",
                    forged.replace(['\r', '\n', ' ', ';'], "")
                )),
            )
            .await;
        assert!(
            page.text().contains(r#"<html lang="fr" dir="ltr">"#),
            "{forged:?}: {}",
            page.text()
        );
        assert!(page.set_cookie("dossiersco_langue").is_none(), "{forged:?}");
    }
    // The staff area stays French whatever the family's cookie.
    let page = server
        .send(Req::get("/personnel/nulle-part").cookie("__Host-dossiersco_langue=ar"))
        .await;
    assert!(!page.text().contains("rtl"), "{}", page.text());
    server.stop().await;
}
