//! A logged-in family finds its file pre-filled, saves drafts and submits it.

mod http_common;

use http_common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_file_is_prefilled_from_the_import() {
    let server = TestServer::start(Setup::default()).await;
    let cookie = server.login(JEAN_MOULIN, LOU.code, LOU.date).await;
    let resp = server.send(Req::get("/api/dossier").cookie(&cookie)).await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    assert_eq!(resp.header("cache-control"), Some("no-store"));
    let body = resp.json();
    assert_eq!(body["uai"], JEAN_MOULIN);
    assert_eq!(body["mef"], CINQUIEME);
    assert_eq!(body["etat"], "connecte");
    assert_eq!(body["eleve"]["prenom"], "Lou");
    assert_eq!(body["eleve"]["division"], "6A");
    assert_eq!(body["niveau"]["libelle"], "5e");
    assert_eq!(body["source"], "import");
    assert_eq!(body["valeurs"]["eleve.nom"], "Martin");
    assert_eq!(body["brouillon_le"], serde_json::Value::Null);
    server.stop().await;
}

/// Without JavaScript the static form cannot fill itself: the worker renders it filled.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_javascript_the_form_comes_filled_from_the_worker() {
    let server = TestServer::start(Setup::default()).await;
    let resp = server.send(Req::get("/dossier")).await;
    assert_eq!(resp.status, 303, "no session: back to a login page");
    let cookie = server.login(JEAN_MOULIN, LOU.code, LOU.date).await;
    let resp = server.send(Req::get("/dossier").cookie(&cookie)).await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    assert_eq!(resp.header("cache-control"), Some("no-store"));
    let page = resp.text();
    assert!(page.contains(r#"name="eleve.nom""#), "the full form");
    assert!(
        page.contains(r#"value="Martin""#),
        "the family name from the import is filled in"
    );
    assert!(
        !page.contains("resume-erreurs-titre"),
        "no error summary on a fresh page"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_is_saved_bounded_and_given_back() {
    let server = TestServer::start(Setup::default()).await;
    let cookie = server.login(JEAN_MOULIN, LOU.code, LOU.date).await;
    let long = "x".repeat(500);
    let draft = serde_json::json!({ "valeurs": {
        "eleve.prenom": "Louise",
        "urgence.nom": long,
        "pas.un.champ": "ignoré"
    }});
    let resp = server
        .send(
            Req::new("PUT", "/api/dossier/brouillon")
                .cookie(&cookie)
                .header("Content-Type", "application/json")
                .body(draft.to_string()),
        )
        .await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    let saved_at = resp.json()["enregistre_le"].as_str().unwrap().to_string();

    let body = server.send(Req::get("/api/dossier").cookie(&cookie)).await.json();
    assert_eq!(body["source"], "brouillon");
    assert_eq!(body["etat"], "brouillon");
    assert_eq!(body["brouillon_le"], saved_at.as_str());
    assert_eq!(body["valeurs"]["eleve.prenom"], "Louise");
    assert_eq!(
        body["valeurs"]["urgence.nom"].as_str().unwrap().len(),
        100,
        "cut to maxlength"
    );
    assert!(body["valeurs"].get("pas.un.champ").is_none());

    // A draft that is not the expected JSON is refused with a French message.
    for bad in ["{\"valeurs\": [1, 2]}", "pas du json", "{\"valeurs\": {\"a\": 3}}"] {
        let resp = server
            .send(
                Req::new("PUT", "/api/dossier/brouillon")
                    .cookie(&cookie)
                    .header("Content-Type", "application/json")
                    .body(bad),
            )
            .await;
        assert_eq!(resp.status, 400, "{bad}");
        assert!(resp.json()["erreur"].as_str().unwrap().contains("Brouillon illisible"));
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_valid_file_is_stored_as_transmis_and_may_be_sent_again() {
    let server = TestServer::start(Setup::default()).await;
    let cookie = server.login(JEAN_MOULIN, LOU.code, LOU.date).await;
    let resp = server.send(dossier_post(&complete_values()).cookie(&cookie)).await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    assert_eq!(resp.location(), "/0699901M/confirmation/");

    let db: dossiersco_worker::store::Conn = server.db().into();
    let (etat, stored): (String, String) = db
        .query_row(
            "SELECT e.etat, s.valeurs FROM eleves e JOIN soumissions s ON s.eleve_id = e.id WHERE e.nom = 'Martin'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(etat, "transmis");
    let stored: serde_json::Value = serde_json::from_str(&stored).unwrap();
    assert_eq!(stored["resp1.email"], "claire.martin@example.fr");
    assert!(stored.get("uai").is_none(), "only the form's fields are kept");

    let body = server.send(Req::get("/api/dossier").cookie(&cookie)).await.json();
    assert_eq!(
        (body["etat"].as_str(), body["source"].as_str()),
        (Some("transmis"), Some("soumission"))
    );
    assert!(body["transmis_le"].is_string());

    // Submitting again is allowed until the school validates; earlier submissions are kept.
    let mut changed = complete_values();
    changed.retain(|(k, _)| k != "option.lv2");
    changed.push(("option.lv2".into(), "ALL".into()));
    let resp = server.send(dossier_post(&changed).cookie(&cookie)).await;
    assert_eq!(resp.status, 303);
    let count: i64 = db
        .query_row("SELECT COUNT(*) FROM soumissions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 2);

    db.execute("UPDATE eleves SET etat = 'valide' WHERE nom = 'Martin'", [])
        .unwrap();
    let resp = server.send(dossier_post(&complete_values()).cookie(&cookie)).await;
    assert_eq!(resp.status, 409);
    assert!(resp.text().contains("déjà validé"), "{}", resp.text());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invalid_file_comes_back_with_every_error_and_what_was_typed() {
    let server = TestServer::start(Setup::default()).await;
    let cookie = server.login(JEAN_MOULIN, LOU.code, LOU.date).await;
    let mut values = complete_values();
    values.retain(|(k, _)| k != "eleve.prenom");
    for (k, v) in values.iter_mut() {
        if k == "resp1.tel_portable" {
            *v = "01 23".into();
        }
        if k == "urgence.nom" {
            *v = "Jeanne <Martin> & fils".into();
        }
    }
    let resp = server.send(dossier_post(&values).cookie(&cookie)).await;
    assert_eq!(resp.status, 422);
    assert!(resp.header("content-type").unwrap().starts_with("text/html"));
    let page = resp.text();
    // The theme's form page, with the summary of errors on top, each with its field's label.
    for expected in [
        "2 points à corriger",
        "Prénom : Ce champ est obligatoire.",
        "Téléphone portable : Numéro invalide",
    ] {
        assert!(page.contains(expected), "{expected} missing from the error page");
    }
    assert!(page.contains("01 23"), "what was typed is kept");
    assert!(page.contains("Jeanne &lt;Martin&gt; &amp; fils"), "and escaped");

    let resp = server
        .send(
            dossier_post(&values)
                .cookie(&cookie)
                .header("Accept", "application/json"),
        )
        .await;
    assert_eq!(resp.status, 422);
    let errors = resp.json()["erreurs"].as_array().unwrap().clone();
    let fields: Vec<&str> = errors.iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["eleve.prenom", "resp1.tel_portable"]);
    assert_eq!(errors[0]["label"], "Prénom");

    let (etat, count): (String, i64) = server
        .db()
        .query_row(
            "SELECT etat, (SELECT COUNT(*) FROM soumissions) FROM eleves WHERE nom = 'Martin'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((etat.as_str(), count), ("connecte", 0), "nothing stored");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_session_the_family_is_sent_back_to_log_in() {
    let server = TestServer::start(Setup::default()).await;
    let resp = server.send(Req::get("/api/dossier")).await;
    assert_eq!(resp.status, 401);
    assert!(resp.json()["erreur"].as_str().unwrap().contains("reconnectez-vous"));
    let forged = format!("__Host-dossiersco_session={}", "ab".repeat(32));
    assert_eq!(server.send(Req::get("/api/dossier").cookie(&forged)).await.status, 401);

    let resp = server.send(dossier_post(&complete_values())).await;
    assert_eq!(resp.status, 303);
    assert_eq!(resp.location(), "/0699901M/connexion/#erreur-session");
    let resp = server
        .send(dossier_post(&complete_values()).header("Accept", "application/json"))
        .await;
    assert_eq!(resp.status, 401);
    let draft = Req::new("PUT", "/api/dossier/brouillon")
        .header("Content-Type", "application/json")
        .body("{\"valeurs\":{}}");
    assert_eq!(server.send(draft).await.status, 401);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pupil_leaving_the_school_has_no_form_to_send() {
    let server = TestServer::start(Setup::default()).await;
    let resp = server.send(Req::login(JEAN_MOULIN, ALIX.code, ALIX.date)).await;
    assert_eq!(resp.location(), "/0699901M/dossier/");
    let cookie = resp.session_cookie().unwrap();
    let body = server.send(Req::get("/api/dossier").cookie(&cookie)).await.json();
    assert_eq!(body["etat"], "sortant");
    assert_eq!(body["niveau"], serde_json::Value::Null);
    let resp = server.send(dossier_post(&complete_values()).cookie(&cookie)).await;
    assert_eq!(resp.status, 409);
    assert!(resp.text().contains("quitte le collège"), "{}", resp.text());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_reaches_its_own_pupil_only() {
    let server = TestServer::start(Setup::default()).await;
    let noa = server.login(AUTRE_COLLEGE, NOA.code, NOA.date).await;
    let lou = server.login(JEAN_MOULIN, LOU.code, LOU.date).await;

    // Noa's session reads Noa's file, whatever the request says.
    let resp = server
        .send(Req::get("/api/dossier?uai=0699901M&eleve=1").cookie(&noa))
        .await;
    assert_eq!(resp.json()["eleve"]["prenom"], "Noa");

    // Posting Lou's school form with Noa's session changes neither file.
    let resp = server.send(dossier_post(&complete_values()).cookie(&noa)).await;
    assert_eq!(resp.status, 409, "{}", resp.text());
    // Lou's family posting a form of another level of its school: refused too.
    let mut other_level = complete_values();
    other_level.retain(|(k, _)| k != "mef");
    other_level.push(("mef".into(), "10210001110".into()));
    assert_eq!(server.send(dossier_post(&other_level).cookie(&lou)).await.status, 409);

    let draft = Req::new("PUT", "/api/dossier/brouillon")
        .cookie(&noa)
        .header("Content-Type", "application/json")
        .body("{\"valeurs\":{\"eleve.prenom\":\"Intrus\"}}");
    assert_eq!(server.send(draft).await.status, 200);
    let db: dossiersco_worker::store::Conn = server.db().into();
    let rows: Vec<(String, String)> = db
        .prepare("SELECT e.prenom, b.valeurs FROM brouillons b JOIN eleves e ON e.id = b.eleve_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].0, "Noa", "the draft went to the session's pupil");
    let soumissions: i64 = db
        .query_row("SELECT COUNT(*) FROM soumissions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(soumissions, 0);
    let lou_body = server.send(Req::get("/api/dossier").cookie(&lou)).await.json();
    assert_eq!(lou_body["source"], "import", "Lou's file untouched");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_family_rates_the_service_after_submitting() {
    let server = TestServer::start(Setup::default()).await;
    let cookie = server.login(JEAN_MOULIN, LOU.code, LOU.date).await;
    let rate = |note: &str| {
        Req::form(
            "/satisfaction",
            &[
                ("uai", JEAN_MOULIN),
                ("note", note),
                ("commentaire", "Très simple, merci !"),
            ],
        )
        .cookie(&cookie)
    };
    let resp = server.send(rate("5")).await;
    assert_eq!((resp.status, resp.location()), (303, "/0699901M/confirmation/#merci"));
    assert_eq!(server.send(rate("4")).await.status, 303);
    for bad in ["0", "6", "", "cinq"] {
        let resp = server.send(rate(bad)).await;
        assert_eq!(resp.status, 422, "{bad}");
        assert!(resp.text().contains("note de 1 à 5"));
    }
    let (count, note, commentaire): (i64, i64, String) = server
        .db()
        .query_row(
            "SELECT COUNT(*), MAX(note), MAX(commentaire) FROM satisfaction",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((count, note), (1, 4), "one rating per family, the last one");
    assert_eq!(commentaire, "Très simple, merci !");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_the_campaign_closes_nothing_more_is_accepted() {
    // The family logged in while open; the campaign closed since (last day yesterday).
    let server = TestServer::start(Setup {
        campaign: (-30, -1),
        ..Setup::default()
    })
    .await;
    let token = dossiersco_worker::auth::new_session_token();
    {
        let db: dossiersco_worker::store::Conn = server.db().into();
        let hasher = dossiersco_worker::auth::SecretHasher::load_or_create(&db).unwrap();
        db.execute(
            "INSERT INTO sessions (token_hash, eleve_id, cree_le, expire_le)
             SELECT ?1, id, '2020-01-01T00:00:00Z', '2999-01-01T00:00:00Z' FROM eleves WHERE nom = 'Martin'",
            [hasher.hash_token(&token)],
        )
        .unwrap();
    }
    let cookie = format!("__Host-dossiersco_session={token}");
    let resp = server.send(dossier_post(&complete_values()).cookie(&cookie)).await;
    assert_eq!(resp.status, 403);
    assert!(resp.text().contains("close depuis le"), "{}", resp.text());
    server.stop().await;
}
