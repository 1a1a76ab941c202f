//! "Tout est exact — je réinscris mon enfant": after login a family sees what the school holds
//! and answers only what is new for next year; plain HTML forms, no JavaScript involved.

mod oneclick_support;

use oneclick_support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_family_whose_import_is_complete_re_enrols_in_one_click() {
    let server = DemoServer::start().await;
    // Gaëtan's import has everything, emergency contact included.
    let gaetan = server.pupil("Gaëtan").clone();
    let prefill = server.prefill("Gaëtan");
    let cookie = server.login(&gaetan).await;
    let page = server.summary(&cookie).await;

    // The summary: what the school holds, in a description list, with the main action.
    for expected in [
        "<h1>Réinscription de Gaëtan LEFÈVRE en 3e</h1>",
        "<h2 id=\"connu-titre\">Ce que le collège sait</h2>",
        "<dl class=\"resume-bloc\"",
        "<dt>Adresse</dt>",
        &format!("<dd>{}</dd>", prefill["resp1.adresse"].as_str().unwrap()),
        "<dd>Josiane LEFÈVRE</dd>",
        "Tout est exact — je réinscris mon enfant",
        // Folded blocks, each with its « Modifier » (a button of the main form).
        "<details class=\"connu\" id=\"connu-resp1\">",
        "form=\"un-clic\" name=\"modifier\" value=\"resp1\" formnovalidate",
        "Modifier : Responsable légal 1",
    ] {
        assert!(page.contains(expected), "« {expected} » missing from the summary page");
    }
    // Only what is new for next year: no question about the child, guardians or contact.
    assert_eq!(
        asked(&page),
        [
            "option.LATIN",
            "regime_sortie",
            "consentement.photo_classe",
            "consentement.droit_image",
            "signature.signataire",
            "signature.nom",
            "signature.accord"
        ]
    );
    // The signer is chosen among the guardians the school knows, named.
    let guardian = format!(
        "{} {}",
        prefill["resp1.prenom"].as_str().unwrap(),
        prefill["resp1.nom"].as_str().unwrap()
    );
    assert!(
        page.contains(&format!("{guardian} (responsable légal 1)</label>")),
        "« {guardian} (responsable légal 1) » missing from the signer's choice"
    );
    assert!(
        !page.contains("Le collège n'a pas cette information"),
        "nothing is missing from this import"
    );
    assert_eq!(page.matches("action=\"/dossier\"").count(), 1, "one main form");

    let resp = server
        .send(
            one_click_post(
                &page,
                &[
                    ("regime_sortie", "libre"),
                    ("consentement.photo_classe", "oui"),
                    ("consentement.droit_image", "non"),
                    ("signature.signataire", "resp1"),
                    ("signature.accord", "oui"),
                ],
            )
            .cookie(&cookie),
        )
        .await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    assert_eq!(resp.location(), "/0699901M/confirmation/");

    let (etat, last) = server.file("Gaëtan");
    let (mode, values) = last.expect("a submission");
    assert_eq!((etat.as_str(), mode.as_str()), ("transmis", "un_clic"));
    // The known values went in as they were, with the answers.
    for key in [
        "resp1.nom",
        "resp1.adresse",
        "resp1.email",
        "urgence.nom",
        "eleve.date_naissance",
    ] {
        assert_eq!(values[key], prefill[key], "{key} as imported");
    }
    assert_eq!(values["regime_sortie"], "libre");
    assert_eq!(values["signature.signataire"], "resp1");
    assert_eq!(
        values["signature.nom"], guardian,
        "the guardian's name, as the school knows it"
    );
    // Same confirmation as the full form: queued with the submission.
    assert_eq!(
        server.confirmations("Gaëtan"),
        [format!("[\"{}\"]", prefill["resp1.email"].as_str().unwrap())]
    );

    // The file now says it was sent, and the signature is asked again for a new sending.
    let page = server.summary(&cookie).await;
    assert!(page.contains("Transmis le "), "{page}");
    assert!(asked(&page).contains(&"signature.accord".to_string()));
    // The last signer is pre-selected, so that nothing new is one tap.
    let form = form_of(&page, "/dossier");
    let signer_radio = |value: &str| {
        form.split("<input")
            .find(|tag| tag.contains("name=\"signature.signataire\"") && tag.contains(&format!("value=\"{value}\"")))
            .map(|tag| tag.split('>').next().unwrap_or_default().contains(" checked"))
    };
    assert_eq!(signer_radio("resp1"), Some(true), "the last signer is pre-selected");
    assert_eq!(signer_radio("autre"), Some(false));
    assert!(form.contains(&format!("value=\"{guardian}\"")), "and named");
    // On one line, within the first screen: the choice in full is behind « Changer » (a
    // <details>: its radios are posted all the same, without JavaScript too).
    let line = format!("Signé par <strong data-signe-par>{guardian} (responsable légal 1)</strong>");
    assert!(form.contains(&line), "« {line} » missing:\n{form}");
    let folded = &form[form.find("<details class=\"signataire\">").expect("the signer folded")..];
    assert!(folded[..folded.find("</details>").unwrap()].contains("name=\"signature.signataire\""));

    // « Une autre personne » without a name: refused, and the page shows the choice in full.
    let resp = server
        .send(one_click_post(&page, &[("signature.signataire", "autre"), ("signature.nom", "")]).cookie(&cookie))
        .await;
    assert_eq!(resp.status, 422, "{}", resp.text());
    let again = resp.text();
    assert!(
        again.contains("id=\"signature-nom-erreur\""),
        "the name's error is shown"
    );
    assert!(
        !again.contains("<details class=\"signataire\">"),
        "the signer in error is not folded"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_missing_required_data_asks_for_it_and_succeeds_once_filled() {
    let server = DemoServer::start().await;
    // Léa's import has no emergency contact; her LV2 for 5e is to choose.
    let lea = server.pupil("Léa").clone();
    let cookie = server.login(&lea).await;
    let page = server.summary(&cookie).await;
    let questions = asked(&page);
    for expected in [
        "urgence.nom",
        "urgence.lien",
        "urgence.telephone",
        "option.lv2",
        "signature.accord",
    ] {
        assert!(
            questions.contains(&expected.to_string()),
            "{expected} not asked: {questions:?}"
        );
    }
    assert!(!questions
        .iter()
        .any(|q| q.starts_with("resp1.") || q.starts_with("eleve.")));
    assert!(
        page.contains("Le collège n'a pas cette information"),
        "the reason of the missing contact"
    );
    assert!(
        page.contains("<label for=\"urgence-nom\" class=\"obl\">Nom et prénom"),
        "the missing fields, labelled"
    );

    let answers = [
        ("option.lv2", "ESP"),
        ("regime_sortie", "emploi_du_temps"),
        ("consentement.photo_classe", "oui"),
        ("consentement.droit_image", "oui"),
        ("signature.nom", "Sophie Martin"),
        ("signature.accord", "oui"),
    ];
    // Without the contact: the same page again (422), the error next to the field, nothing stored.
    let resp = server.send(one_click_post(&page, &answers).cookie(&cookie)).await;
    assert_eq!(resp.status, 422);
    let again = resp.text();
    assert!(
        again.contains("Le dossier n'a pas été transmis : 3 points à corriger"),
        "{again}"
    );
    assert!(again.contains("<a href=\"#urgence-nom\">Nom et prénom : Ce champ est obligatoire.</a>"));
    assert!(again.contains("id=\"urgence-nom-erreur\""));
    assert!(again.contains("value=\"ESP\" checked"), "what was answered is kept");
    assert_eq!(server.file("Léa"), ("connecte".to_string(), None));
    assert!(server.confirmations("Léa").is_empty());

    // An API client gets the errors as JSON.
    let resp = server
        .send(
            one_click_post(&page, &answers)
                .cookie(&cookie)
                .header("Accept", "application/json"),
        )
        .await;
    assert_eq!(resp.status, 422);
    assert_eq!(resp.json()["erreurs"][0]["field"], "urgence.nom");

    // Filled in on the page that came back: sent.
    let mut filled = answers.to_vec();
    filled.extend([
        ("urgence.nom", "Monique Martin"),
        ("urgence.lien", "grand-mère"),
        ("urgence.telephone", "06 98 76 54 32"),
    ]);
    let resp = server.send(one_click_post(&again, &filled).cookie(&cookie)).await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    let (etat, last) = server.file("Léa");
    let (mode, values) = last.unwrap();
    assert_eq!((etat.as_str(), mode.as_str()), ("transmis", "un_clic"));
    assert_eq!(values["urgence.nom"], "Monique Martin");
    assert_eq!(values["option.lv2"], "ESP");
    assert_eq!(values["resp1.adresse"], server.prefill("Léa")["resp1.adresse"]);
    assert_eq!(server.confirmations("Léa").len(), 1);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_summary_is_the_worker_s_page_and_needs_a_session() {
    let server = DemoServer::start().await;
    let resp = server.send(Req::get("/resume")).await;
    assert_eq!(resp.status, 401);
    assert!(resp.text().contains("reconnectez-vous"), "{}", resp.text());

    let cookie = server.login(&server.pupil("Léa").clone()).await;
    let resp = server.send(Req::get("/resume").cookie(&cookie)).await;
    assert_eq!(
        resp.header("cache-control"),
        Some("no-store"),
        "personal data is never cached"
    );
    let page = resp.text();
    // The theme's page, accessible without JavaScript: a plain POST form with labelled fields.
    // In French (no language chosen), left to right: the site has several languages.
    assert!(page.contains("<html lang=\"fr\" dir=\"ltr\">") && page.contains("<link rel=\"stylesheet\""));
    let form = form_of(&page, "/dossier");
    assert!(form.contains("method=\"post\""));
    assert!(form.contains(
        "<button type=\"submit\" class=\"bouton\" name=\"signature.accord\" value=\"oui\">Tout est exact — je réinscris mon enfant</button>"
    ));
    assert!(
        !form.contains("data-dossier"),
        "not the step-by-step form of the script"
    );
    for hidden in [
        "name=\"mode\" value=\"un_clic\"",
        "name=\"eleve_ref\"",
        "name=\"champs\"",
    ] {
        assert!(form.contains(hidden), "{hidden} missing from the form");
    }
    // A file the school validated: the summary says so and offers no form.
    server
        .db()
        .execute(
            "UPDATE eleves SET etat = 'valide' WHERE prenom = 'Léa' AND uai = ?1",
            [JEAN_MOULIN],
        )
        .unwrap();
    let validated = server.summary(&cookie).await;
    assert!(validated.contains("Le collège a déjà validé ce dossier"), "{validated}");
    assert!(!validated.contains("action=\"/dossier\""));
    let resp = server.send(one_click_post(&page, &[]).cookie(&cookie)).await;
    assert_eq!(resp.status, 409);

    // Session gone: back to the school's login page, as for the full form.
    let resp = server
        .send(one_click_post(&page, &[]).cookie("__Host-dossiersco_session="))
        .await;
    assert_eq!(
        (resp.status, resp.location()),
        (303, "/0699901M/connexion/#erreur-session")
    );
    server.stop().await;
}
