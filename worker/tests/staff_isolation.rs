//! A staff member of school A reads and changes nothing of school B, whatever the URL, the id
//! or the body: the school always comes from the staff session.

mod http_common;
mod staff_support;

use http_common::*;
use serde_json::json;
use staff_support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_of_one_school_never_reach_another_school_s_pupils() {
    let server = StaffServer::start(None).await;
    let a = server.staff_login(JEAN_MOULIN).await;
    let b = server.staff_login(AUTRE_COLLEGE).await;
    let noa = server.id_of(&NOA);
    let lou = server.id_of(&LOU);
    server.set_prefill(&NOA, "resp1.email", "famille.durand@example.fr");
    // A refused email about Noa, in school B's outbox.
    server
        .conn()
        .execute(
            "INSERT INTO outbox (eleve_id, uai, genre, destinataires, sujet, texte, message_id, etat, prochain_essai,
                                 cree_le, derniere_erreur)
             VALUES (?1, '0339903K', 'confirmation', '[]', 's', 't', '<x@y>', 'refuse', '2027-01-01T00:00:00Z',
                     '2027-01-01T00:00:00Z', '550 boîte inconnue')",
            [noa],
        )
        .unwrap();

    // Reading: the list, the dashboard, the export, the refused emails are A's only, even
    // when the request names B.
    for suffix in ["", "?uai=0339903K"] {
        let list = server
            .send(Req::get(&format!("/api/personnel/eleves{suffix}")).cookie(&a))
            .await
            .json();
        let names: Vec<&str> = list["eleves"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["prenom"].as_str().unwrap())
            .collect();
        assert_eq!(names.len(), 3, "{names:?}");
        assert!(!names.contains(&"Noa"), "{names:?}");
        let dashboard = server
            .send(Req::get(&format!("/api/personnel/tableau{suffix}")).cookie(&a))
            .await
            .json();
        assert_eq!(dashboard["total"], 3);
        assert_eq!(dashboard["etablissement"]["uai"], "0699901M");
        assert_eq!(dashboard["courriels_refuses"], 0);
        let csv = server
            .send(Req::get(&format!("/personnel/export.csv{suffix}")).cookie(&a))
            .await
            .text();
        assert!(!csv.contains("Durand"), "{csv}");
        assert!(csv.contains("Martin"));
        let refused = server
            .send(Req::get(&format!("/api/personnel/courriels-refuses{suffix}")).cookie(&a))
            .await
            .json();
        assert_eq!(refused["courriels"], json!([]));
    }
    // One file by id: B's pupil does not exist for A.
    let resp = server
        .send(Req::get(&format!("/api/personnel/eleve?id={noa}")).cookie(&a))
        .await;
    assert_eq!(resp.status, 404);
    let resp = server
        .send(Req::get(&format!("/api/personnel/eleve?id={noa}&uai=0339903K")).cookie(&a))
        .await;
    assert_eq!(resp.status, 404);
    // Reminders: B's family with an address is not counted nor reminded by A.
    let dry = server
        .send(post_json("/api/personnel/relances", json!({ "etat": "non_connecte" })).cookie(&a))
        .await
        .json();
    assert_eq!(dry["a_envoyer"], 0, "{dry}");
    let sent = server
        .send(
            post_json(
                "/api/personnel/relances",
                json!({ "etat": "non_connecte", "envoyer": true, "uai": "0339903K" }),
            )
            .cookie(&a),
        )
        .await
        .json();
    assert_eq!(sent["envoyes"], 0, "{sent}");

    // Changing: B's submitted file, validated or marked sortant by A, stays as it is.
    server.submit(&NOA, &lou_file());
    let before_outbox: i64 = server
        .conn()
        .query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))
        .unwrap();
    for path in ["/api/personnel/valider", "/api/personnel/sortant"] {
        let resp = server
            .send(post_json(path, json!({ "ids": [noa], "uai": "0339903K" })).cookie(&a))
            .await;
        assert_eq!(resp.status, 200, "{path}: {}", resp.text());
        let body = resp.json();
        assert_eq!(
            body["refus"],
            json!([{ "id": noa, "raison": "élève introuvable" }]),
            "{path}"
        );
        assert_eq!(server.state_of(noa), "transmis", "{path}");
    }
    let after_outbox: i64 = server
        .conn()
        .query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))
        .unwrap();
    assert_eq!(after_outbox, before_outbox, "no email about B's pupil");
    let actions: i64 = server
        .conn()
        .query_row("SELECT count(*) FROM personnel_actions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(actions, 0);

    // B's staff see their pupil, and not A's; and can act on their own.
    let resp = server
        .send(Req::get(&format!("/api/personnel/eleve?id={lou}")).cookie(&b))
        .await;
    assert_eq!(resp.status, 404);
    let resp = server
        .send(Req::get(&format!("/api/personnel/eleve?id={noa}")).cookie(&b))
        .await;
    assert_eq!(resp.status, 200);
    assert_eq!(resp.json()["prenom"], "Noa");
    let refused = server
        .send(Req::get("/api/personnel/courriels-refuses").cookie(&b))
        .await
        .json();
    assert_eq!(refused["courriels"][0]["eleve"], "Noa Durand");
    assert_eq!(refused["courriels"][0]["erreur"], "550 boîte inconnue");
    // (Noa's school asks for mandatory documents Noa's file lacks: validation is confirmed.)
    let resp = server
        .send(post_json("/api/personnel/valider", json!({ "ids": [noa, lou], "confirme": true })).cookie(&b))
        .await
        .json();
    assert_eq!(resp["valides"], 1);
    assert_eq!(resp["refus"], json!([{ "id": lou, "raison": "élève introuvable" }]));
    assert_eq!(server.state_of(noa), "valide");
    assert_eq!(server.state_of(lou), "non_connecte");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_a_clear_answer_and_change_nothing() {
    let server = StaffServer::start(None).await;
    let a = server.staff_login(JEAN_MOULIN).await;
    let cases = [
        ("/api/personnel/valider", "pas du json", 400),
        ("/api/personnel/valider", "{\"ids\": []}", 422),
        ("/api/personnel/valider", "{\"ids\": \"1\"}", 400),
        ("/api/personnel/sortant", "{}", 400),
        ("/api/personnel/relances", "{\"etat\": \"transmis\"}", 422),
        ("/api/personnel/relances", "[]", 400),
    ];
    for (path, body, status) in cases {
        let resp = server
            .send(
                Req::new("POST", path)
                    .header("Content-Type", "application/json")
                    .body(body)
                    .cookie(&a),
            )
            .await;
        assert_eq!(resp.status, status, "{path} {body}: {}", resp.text());
        assert!(resp.json()["erreur"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let resp = server.send(Req::get("/api/personnel/eleve?id=abc").cookie(&a)).await;
    assert_eq!(resp.status, 400);
    let resp = server
        .send(Req::get("/personnel/export.csv?liste=tout").cookie(&a))
        .await;
    assert_eq!(resp.status, 400);
    let resp = server.send(Req::get("/api/personnel/valider").cookie(&a)).await;
    assert_eq!(resp.status, 405);
    let resp = server.send(Req::get("/personnel/nimporte").cookie(&a)).await;
    assert_eq!(resp.status, 404);
    let states: Vec<String> = [&LOU, &SAM, &ALIX]
        .iter()
        .map(|p| server.state_of(server.id_of(p)))
        .collect();
    assert_eq!(states, ["non_connecte", "non_connecte", "sortant"]);
    server.stop().await;
}
