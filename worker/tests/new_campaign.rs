//! Next year's campaign: a family whose file was submitted last year finds last year's
//! answers as « what the school holds » after the school's new import, and, with nothing
//! new, re-enrols in one tap. Across two campaigns on one database: import → submit → next
//! year's import → summary → one tap.

mod oneclick_support;

use oneclick_support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn last_year_s_answers_pre_fill_next_year_s_file_and_one_tap_re_enrols() {
    let server = DemoServer::start().await;
    let gaetan = server.pupil("Gaëtan").clone();
    let prefill = server.prefill("Gaëtan");
    let cookie = server.login(&gaetan).await;

    // This year: the family changes the mobile phone (typed in the full form's draft), answers
    // next year's questions and sends.
    let resp = server
        .send(
            Req::new("PUT", "/api/dossier/brouillon")
                .header("Content-Type", "application/json")
                .cookie(&cookie)
                .body(
                    serde_json::json!({ "valeurs": {
                        "resp1.tel_portable": "07 11 22 33 44",
                        "demi_pension": "demi_pensionnaire",
                        "urgence.nom": "Josiane LEFÈVRE",
                        "urgence.lien": "Autre membre de la famille",
                        "urgence.telephone": prefill["urgence.telephone"],
                    }})
                    .to_string(),
                ),
        )
        .await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    // The draft holds only these: the rest comes from the import, as the full form would post it.
    let mut values: Vec<(String, String)> = prefill
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
        .collect();
    values.retain(|(k, _)| k != "resp1.tel_portable" && k != "demi_pension");
    values.extend(
        [
            ("resp1.tel_portable", "07 11 22 33 44"),
            ("demi_pension", "demi_pensionnaire"),
            ("regime_sortie", "libre"),
            ("consentement.photo_classe", "oui"),
            ("consentement.droit_image", "non"),
            ("signature.nom", "Océane Lefèvre"),
            ("signature.accord", "oui"),
            ("uai", JEAN_MOULIN),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string())),
    );
    let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let resp = server.send(Req::form("/dossier", &pairs).cookie(&cookie)).await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    assert_eq!(server.file("Gaëtan").0, "transmis");

    // Next spring: the school imports its new exports.
    let (server, report) = server.next_year().await;
    assert_eq!(report.nouvelle_campagne, 1, "{report}");
    assert_eq!(
        server.file("Gaëtan"),
        ("non_connecte".to_string(), None),
        "last year's file is over"
    );
    let carried = server.prefill("Gaëtan");
    assert_eq!(
        carried["resp1.tel_portable"], "07 11 22 33 44",
        "the family's change, SIECLE unchanged"
    );
    assert_eq!(carried["regime_sortie"], "libre");
    assert_eq!(carried["consentement.photo_classe"], "oui");
    assert!(carried.get("signature.nom").is_none(), "signed again each year");
    // What SIECLE holds and did not change stays SIECLE's (and the family's: the same).
    assert_eq!(carried["resp1.adresse"], prefill["resp1.adresse"]);
    // Last year's session opens nothing any more.
    assert_eq!(server.send(Req::get("/resume").cookie(&cookie)).await.status, 401);

    // Same letter, new year: the summary shows last year's answers as what the school holds.
    let cookie = server.login(&gaetan).await;
    let page = server.summary(&cookie).await;
    let known = &page[page.find("id=\"connu-titre\"").unwrap()..];
    assert!(known.contains("<dd>07 11 22 33 44</dd>"), "the phone typed last year");
    assert!(known.contains("<dd>Demi-pensionnaire</dd>"));
    // Only what is asked every year: the options (pre-selected) and the signer (pre-filled).
    let questions = asked(&page);
    assert!(
        questions
            .iter()
            .all(|q| q.starts_with("option.") || q.starts_with("signature.")),
        "{questions:?}"
    );
    // One tap: the page's form as it comes, and its button.
    let resp = server
        .send(one_click_post(&page, &[("signature.accord", "oui")]).cookie(&cookie))
        .await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    assert_eq!(resp.location(), "/0699901M/confirmation/");
    let (etat, last) = server.file("Gaëtan");
    let (mode, sent) = last.expect("this year's submission");
    assert_eq!((etat.as_str(), mode.as_str()), ("transmis", "un_clic"));
    assert_eq!(sent["resp1.tel_portable"], "07 11 22 33 44");
    assert_eq!(sent["regime_sortie"], "libre");
    assert_eq!(sent["signature.nom"], "Océane LEFÈVRE");
    server.stop().await;
}
