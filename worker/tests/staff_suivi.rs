//! The office's follow-up through the real server: validation and « sortant » undone (who and
//! when in the pupil's history), documents received at the office, validation of a file
//! lacking a mandatory document (asked first, then an email naming what is still expected),
//! reminders to every state that has not transmitted. And the attacks: another school's staff,
//! no session, a foreign page.

mod http_common;
mod staff_support;

use http_common::*;
use serde_json::{json, Value};
use staff_support::*;

async fn post(server: &StaffServer, cookie: &str, path: &str, body: Value) -> Resp {
    server.send(post_json(path, body).cookie(cookie)).await
}

async fn history(server: &StaffServer, cookie: &str, id: i64) -> Vec<(String, String)> {
    let file = server
        .send(Req::get(&format!("/api/personnel/eleve?id={id}")).cookie(cookie))
        .await
        .json();
    file["historique"]
        .as_array()
        .unwrap_or_else(|| panic!("no history in {file}"))
        .iter()
        .map(|h| {
            assert!(h["quand"].as_str().is_some_and(|q| q.ends_with('Z')), "{h}");
            (
                h["qui"].as_str().unwrap().to_string(),
                h["action"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn validation_and_sortant_are_undone_and_the_history_says_who() {
    let server = StaffServer::start(None).await;
    let cookie = server.staff_login(JEAN_MOULIN).await;
    let staff = "direction.0699901M@example.fr".to_string();
    let lou = server.submit(&LOU, &lou_file());
    let (sam, alix) = (server.id_of(&SAM), server.id_of(&ALIX));

    let r = post(&server, &cookie, "/api/personnel/valider", json!({ "ids": [lou] })).await;
    assert_eq!(r.json()["valides"], 1, "{}", r.text());
    let r = post(
        &server,
        &cookie,
        "/api/personnel/annuler-validation",
        json!({ "ids": [lou] }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json(), json!({ "annules": 1, "refus": [] }));
    assert_eq!(server.state_of(lou), "transmis", "the file is back to « transmis »");
    // Undoing again: nothing to undo, said so.
    let again = post(
        &server,
        &cookie,
        "/api/personnel/annuler-validation",
        json!({ "ids": [lou] }),
    )
    .await
    .json();
    assert_eq!(again["annules"], 0);
    assert_eq!(
        again["refus"][0]["raison"], "dossier « transmis », pas « validé »",
        "{again}"
    );

    // Sortant from « transmis », then undone: « transmis » again, not a guess.
    let r = post(&server, &cookie, "/api/personnel/sortant", json!({ "ids": [lou, sam] })).await;
    assert_eq!(r.json()["sortants"], 2, "{}", r.text());
    let r = post(
        &server,
        &cookie,
        "/api/personnel/annuler-sortant",
        json!({ "ids": [lou, sam, alix] }),
    )
    .await
    .json();
    assert_eq!(r["annules"], 2, "{r}");
    assert_eq!(
        r["refus"],
        json!([{ "id": alix, "raison": "sortant dès l'import : pas de dossier à rouvrir" }])
    );
    assert_eq!(server.state_of(lou), "transmis");
    assert_eq!(server.state_of(sam), "non_connecte");
    assert_eq!(
        server.state_of(alix),
        "sortant",
        "a pupil the import found leaving stays so"
    );

    let h = history(&server, &cookie, lou).await;
    let actions: Vec<&str> = h.iter().map(|(_, a)| a.as_str()).collect();
    assert_eq!(
        actions,
        ["valide", "validation_annulee", "sortant", "sortie_annulee"],
        "Lou's history"
    );
    assert!(h.iter().all(|(qui, _)| *qui == staff), "{h:?}");
    let file = server
        .send(Req::get(&format!("/api/personnel/eleve?id={lou}")).cookie(&cookie))
        .await
        .json();
    assert_eq!(
        file["historique"][3]["detail"], "Sortie annulée : le dossier redevient « Transmis »",
        "{file}"
    );

    // The family can change its file again once the validation is undone.
    let family = server
        .send(Req::login(JEAN_MOULIN, LOU.code, LOU.date))
        .await
        .session_cookie()
        .unwrap();
    let resp = server
        .send(
            Req::new("PUT", "/api/dossier/brouillon")
                .header("Content-Type", "application/json")
                .body(json!({ "valeurs": {} }).to_string())
                .cookie(&family),
        )
        .await;
    assert_ne!(resp.status, 409, "{}", resp.text());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_schools_staff_a_stranger_or_a_foreign_page_cannot_undo() {
    let server = StaffServer::start(None).await;
    let ours = server.staff_login(JEAN_MOULIN).await;
    let theirs = server.staff_login(AUTRE_COLLEGE).await;
    let lou = server.submit(&LOU, &lou_file());
    let r = post(&server, &ours, "/api/personnel/valider", json!({ "ids": [lou] })).await;
    assert_eq!(r.json()["valides"], 1);

    // The other school's staff, with Lou's id: nothing found, nothing changed, no history.
    for path in ["/api/personnel/annuler-validation", "/api/personnel/sortant"] {
        let r = post(&server, &theirs, path, json!({ "ids": [lou] })).await.json();
        assert_eq!(
            r["refus"],
            json!([{ "id": lou, "raison": "élève introuvable" }]),
            "{path}: {r}"
        );
    }
    let r = post(
        &server,
        &theirs,
        "/api/personnel/piece-recue",
        json!({ "id": lou, "document": "attestation_assurance", "recue": true }),
    )
    .await;
    assert_eq!(r.status, 404, "{}", r.text());
    let r = server
        .send(Req::get(&format!("/api/personnel/eleve?id={lou}")).cookie(&theirs))
        .await;
    assert_eq!(r.status, 404);
    // Without a session; from a foreign page with the session (CSRF).
    let r = server
        .send(post_json("/api/personnel/annuler-validation", json!({ "ids": [lou] })))
        .await;
    assert_eq!(r.status, 401, "{}", r.text());
    let r = server
        .send(
            post_json("/api/personnel/annuler-validation", json!({ "ids": [lou] }))
                .foreign()
                .header("Origin", "https://evil.example")
                .cookie(&ours),
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.text());
    // Bad input: a clear French message, nothing changed.
    let r = server
        .send(post_json("/api/personnel/annuler-validation", json!({ "ids": "tous" })).cookie(&ours))
        .await;
    assert_eq!(r.status, 400);
    assert!(
        r.json()["erreur"].as_str().unwrap().contains("Demande illisible"),
        "{}",
        r.text()
    );
    assert_eq!(server.state_of(lou), "valide");
    assert_eq!(history(&server, &ours, lou).await.len(), 1, "only the validation");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_without_a_mandatory_document_is_validated_only_when_confirmed_and_the_email_says_what_is_expected() {
    // 0339903K asks for two mandatory documents: a proof of address and an insurance certificate.
    let server = StaffServer::start(None).await;
    let cookie = server.staff_login(AUTRE_COLLEGE).await;
    let noa = server.submit(&NOA, &lou_file());

    let r = post(&server, &cookie, "/api/personnel/valider", json!({ "ids": [noa] })).await;
    assert_eq!(r.status, 409, "{}", r.text());
    let body = r.json();
    assert_eq!(body["a_confirmer"][0]["id"], noa, "{body}");
    assert_eq!(
        body["a_confirmer"][0]["pieces"],
        json!([
            "Justificatif de domicile de moins de 3 mois",
            "Attestation d'assurance scolaire"
        ])
    );
    assert!(body["erreur"].as_str().unwrap().contains("confirmez"), "{body}");
    assert_eq!(
        server.state_of(noa),
        "transmis",
        "nothing validated before the confirmation"
    );

    // The office receives the proof of address by hand: ticked on the pupil's view.
    let r = post(
        &server,
        &cookie,
        "/api/personnel/piece-recue",
        json!({ "id": noa, "document": "justificatif_domicile", "recue": true }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let body = r.json();
    let doc = body["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "justificatif_domicile")
        .unwrap()
        .clone();
    assert_eq!(doc["recu_secretariat"]["par"], "direction.0339903K@example.fr", "{doc}");
    assert_eq!(body["pieces_attendues"], json!(["Attestation d'assurance scolaire"]));
    assert_eq!(body["drapeaux"]["document_manquant"], true);
    // A document this school does not ask for: refused in French.
    let r = post(
        &server,
        &cookie,
        "/api/personnel/piece-recue",
        json!({ "id": noa, "document": "../../etc", "recue": true }),
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains("Pièce inconnue"), "{}", r.text());

    // Still one missing: asked again; confirmed, validated, and the email names it.
    let r = post(&server, &cookie, "/api/personnel/valider", json!({ "ids": [noa] })).await;
    assert_eq!(r.status, 409);
    assert_eq!(
        r.json()["a_confirmer"][0]["pieces"],
        json!(["Attestation d'assurance scolaire"])
    );
    let r = post(
        &server,
        &cookie,
        "/api/personnel/valider",
        json!({ "ids": [noa], "confirme": true }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["valides"], 1);
    let texte: String = server
        .conn()
        .query_row("SELECT texte FROM outbox WHERE genre = 'validation'", [], |r| r.get(0))
        .unwrap();
    assert!(
        texte.contains("Le collège attend encore cette pièce justificative"),
        "{texte}"
    );
    assert!(texte.contains("- Attestation d'assurance scolaire"), "{texte}");
    assert!(
        !texte.contains("Justificatif de domicile"),
        "received at the office: {texte}"
    );

    let h = history(&server, &cookie, noa).await;
    let actions: Vec<&str> = h.iter().map(|(_, a)| a.as_str()).collect();
    assert_eq!(actions, ["piece_recue", "valide"]);

    // Unticked (a mistake): in the history too, and the document is missing again.
    let r = post(
        &server,
        &cookie,
        "/api/personnel/piece-recue",
        json!({ "id": noa, "document": "justificatif_domicile", "recue": false }),
    )
    .await
    .json();
    assert_eq!(
        r["pieces_attendues"],
        json!([
            "Justificatif de domicile de moins de 3 mois",
            "Attestation d'assurance scolaire"
        ])
    );
    assert_eq!(
        history(&server, &cookie, noa).await.last().unwrap().1,
        "piece_recue_annulee"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_state_that_has_not_transmitted_can_be_reminded_after_a_count() {
    let server = StaffServer::start(None).await;
    let cookie = server.staff_login(JEAN_MOULIN).await;
    let (lou, sam) = (server.id_of(&LOU), server.id_of(&SAM));
    server.set_prefill(&LOU, "resp1.email", "claire.martin@example.fr");
    server.set_prefill(&SAM, "resp1.email", "famille.bernard@example.fr");
    // Lou's family logs in and saves nothing: « connecté ». Sam's never came.
    let resp = server.send(Req::login(JEAN_MOULIN, LOU.code, LOU.date)).await;
    assert!(resp.session_cookie().is_some(), "{}", resp.text());
    assert_eq!(server.state_of(lou), "connecte");
    let relance =
        |etat: &str, envoyer: bool| post_json("/api/personnel/relances", json!({ "etat": etat, "envoyer": envoyer }));

    let dry = server.send(relance("connecte", false).cookie(&cookie)).await.json();
    assert_eq!(dry["a_envoyer"], 1, "{dry}");
    let dry = server.send(relance("non_transmis", false).cookie(&cookie)).await.json();
    assert_eq!(dry["a_envoyer"], 2, "{dry}");
    assert_eq!(
        dry["par_etat"],
        json!({ "non_connecte": 1, "connecte": 1, "brouillon": 0 })
    );
    let queued = |server: &StaffServer| -> Vec<(i64, String)> {
        let conn = server.conn();
        let mut stmt = conn
            .prepare("SELECT eleve_id, texte FROM outbox WHERE genre = 'relance' ORDER BY eleve_id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert!(queued(&server).is_empty(), "a count sends nothing");

    let sent = server.send(relance("non_transmis", true).cookie(&cookie)).await.json();
    assert_eq!(sent["envoyes"], 2, "{sent}");
    let mut expected = vec![lou, sam];
    expected.sort();
    let q = queued(&server);
    assert_eq!(q.iter().map(|(id, _)| *id).collect::<Vec<_>>(), expected);
    let lou_text = &q.iter().find(|(id, _)| *id == lou).unwrap().1;
    assert!(
        lou_text.contains("Vous vous êtes connecté"),
        "worded for « connecté »: {lou_text}"
    );
    let sam_text = &q.iter().find(|(id, _)| *id == sam).unwrap().1;
    assert!(sam_text.contains("est à remplir en ligne"), "{sam_text}");

    // Not twice the same day, whichever target is asked.
    let again = server.send(relance("connecte", true).cookie(&cookie)).await.json();
    assert_eq!(
        (again["envoyes"].as_i64(), again["deja_relances"].as_i64()),
        (Some(0), Some(1))
    );
    // A state that has transmitted is not a target.
    let r = server.send(relance("transmis", false).cookie(&cookie)).await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains("qui n'ont pas transmis"), "{}", r.text());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_counts_submitted_choices_per_level_and_class_and_drafts_are_left_out() {
    let server = StaffServer::start(None).await;
    let cookie = server.staff_login(JEAN_MOULIN).await;
    // Lou (5e next year): Spanish, demi-pension, free exit; submitted, then validated.
    let lou = server.submit(&LOU, &lou_file());
    let r = post(&server, &cookie, "/api/personnel/valider", json!({ "ids": [lou] })).await;
    assert_eq!(r.json()["valides"], 1);
    // Sam (4e): latin, externe, exit by timetable; only a draft, which may still change.
    let mut draft = lou_file();
    draft.insert("option.LATIN".into(), "oui".into());
    draft.insert("demi_pension".into(), "externe".into());
    draft.insert("regime_sortie".into(), "emploi_du_temps".into());
    dossiersco_worker::store::families::save_draft(&server.conn(), server.id_of(&SAM), &draft, "2027-04-09T10:00:00Z")
        .unwrap();

    let d = server
        .send(Req::get("/api/personnel/tableau").cookie(&cookie))
        .await
        .json();
    let choix = &d["choix"];
    assert!(
        choix["base"]
            .as_str()
            .unwrap()
            .contains("brouillons ne sont pas comptés"),
        "{choix}"
    );
    let codes: Vec<&str> = choix["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["ESP", "ALL", "ITA", "LATIN", "SECTION_EURO"]);
    assert_eq!(choix["regimes"][1]["libelle"], "Selon l'emploi du temps");
    let expected = json!({ "groupe": "5e", "dossiers": 1, "options": { "ESP": 1 }, "demi_pensionnaires": 1,
                           "externes": 0, "regimes": { "libre": 1 } });
    assert_eq!(choix["niveaux"], json!([expected]), "{choix}");
    let mut by_class = expected.clone();
    by_class["groupe"] = json!("6A");
    assert_eq!(choix["divisions"], json!([by_class]));
    assert_eq!(choix["total"]["dossiers"], 1);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_name_search_ignores_accents_and_capitals() {
    let server = StaffServer::start(None).await;
    let cookie = server.staff_login(JEAN_MOULIN).await;
    let lou = server.id_of(&LOU);
    server
        .conn()
        .execute(
            "UPDATE eleves SET nom = 'LEFÈVRE', prenom = 'Lou-Anne' WHERE id = ?1",
            [lou],
        )
        .unwrap();
    let found = |q: &'static str| {
        let server = &server;
        let cookie = cookie.clone();
        async move {
            let r = server
                .send(Req::get(&format!("/api/personnel/eleves?q={q}")).cookie(&cookie))
                .await;
            assert_eq!(r.status, 200, "{q}: {}", r.text());
            r.json()["eleves"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["id"].as_i64().unwrap())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(found("lefevre").await, [lou]);
    assert_eq!(found("LEFEVRE+lou").await, [lou]);
    assert_eq!(found("lef%C3%A8vre%20anne").await, [lou]);
    assert!(found("lefebvre").await.is_empty());
    assert_eq!(found("").await.len(), 3, "no search: every pupil of the school");
    let list = server
        .send(Req::get("/api/personnel/eleves").cookie(&cookie))
        .await
        .json();
    let row = list["eleves"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == lou)
        .unwrap()
        .clone();
    assert_eq!(row["recherche"], "lefevre lou anne", "the key personnel.js searches");
    // A malformed escape: a French message, not a 500.
    let r = server
        .send(Req::get("/api/personnel/eleves?q=%E9").cookie(&cookie))
        .await;
    assert_eq!(r.status, 400, "{}", r.text());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_link_page_sends_only_the_origin_as_referer_so_its_token_reaches_no_log() {
    let server = StaffServer::start(None).await;
    let courriel = "direction.0699901M@example.fr";
    assert_eq!(server.ask_link(JEAN_MOULIN, courriel).await.status, 303);
    let token = server.last_link(courriel).unwrap();
    let page = server.send(Req::get(&format!("/personnel/lien?jeton={token}"))).await;
    assert_eq!(page.status, 200, "{}", page.text());
    // « strict-origin »: the stylesheet, the scripts and the button's POST carry the site's
    // origin only (never the address holding the token) — and not « no-referrer », with
    // which browsers post « Origin: null » and the same-origin check refuses the login.
    assert_eq!(page.header("referrer-policy"), Some("strict-origin"));
    assert!(
        !page.text().contains("no-referrer"),
        "a meta tag would override the header"
    );
    // Other pages keep the site's policy.
    let other = server.send(Req::get("/personnel/lien?jeton=nimporte")).await;
    assert_eq!(other.header("referrer-policy"), Some("same-origin"));
    server.stop().await;
}
