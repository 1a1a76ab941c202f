//! Bulk validation through the real server, and the families' emails through the real SMTP
//! server of the tests: each validated family gets « demande acceptée, sous réserve du
//! conseil de classe »; a file that is not submitted, or not this school's, is left alone.

mod http_common;
#[path = "mail_support/smtp.rs"]
mod smtp;
mod staff_support;

use http_common::*;
use serde_json::json;
use smtp::{stored, wait_until, SmtpServer};
use staff_support::*;

fn subject_and_text(raw: &[u8]) -> (String, String) {
    let message = mail_parser::MessageParser::default().parse(raw).unwrap();
    (
        message.subject().unwrap_or_default().to_string(),
        message.body_text(0).unwrap_or_default().to_string(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn validating_many_files_emails_each_family_once_and_keeps_the_submissions() {
    let mail = tempfile::tempdir().unwrap();
    let smtp = SmtpServer::start(mail.path(), 0, &[]);
    let server = StaffServer::start_smtp(smtp.url(), mail.path()).await;
    let cookie = server.staff_login(JEAN_MOULIN).await;

    let lou = server.submit(&LOU, &lou_file());
    let mut sam_file = lou_file();
    sam_file.insert("eleve.prenom".into(), "Sam".into());
    sam_file.insert("eleve.nom".into(), "Bernard".into());
    sam_file.insert("resp1.email".into(), "p.bernard@example.fr".into());
    sam_file.insert("resp2.email".into(), "m.bernard@example.fr".into());
    let sam = server.submit(&SAM, &sam_file);
    let alix = server.id_of(&ALIX);
    let noa = server.submit(&NOA, &lou_file());
    let submissions_before: Vec<(i64, String, String)> = {
        let conn = server.conn();
        let mut stmt = conn
            .prepare("SELECT eleve_id, valeurs, transmis_le FROM soumissions ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };

    // The list shows the two submitted files of this school, ready to validate.
    let list = server
        .send(Req::get("/api/personnel/eleves").cookie(&cookie))
        .await
        .json();
    let mut transmis: Vec<i64> = list["eleves"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["etat"] == "transmis")
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    transmis.sort();
    let mut expected = vec![lou, sam];
    expected.sort();
    assert_eq!(transmis, expected);

    let resp = server
        .send(
            post_json(
                "/api/personnel/valider",
                json!({ "ids": [lou, sam, alix, noa, 999_999] }),
            )
            .cookie(&cookie),
        )
        .await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    let body = resp.json();
    assert_eq!(body["valides"], 2, "{body}");
    let mut refus: Vec<(i64, String)> = body["refus"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_i64().unwrap(), r["raison"].as_str().unwrap().to_string()))
        .collect();
    refus.sort();
    let mut expected = vec![
        (alix, "élève sortant".to_string()),
        (noa, "élève introuvable".to_string()),
        (999_999, "élève introuvable".to_string()),
    ];
    expected.sort();
    assert_eq!(refus, expected);
    assert_eq!(server.state_of(lou), "valide");
    assert_eq!(server.state_of(sam), "valide");
    assert_eq!(server.state_of(noa), "transmis", "another school's file is untouched");
    let submissions_after: Vec<(i64, String, String)> = {
        let conn = server.conn();
        let mut stmt = conn
            .prepare("SELECT eleve_id, valeurs, transmis_le FROM soumissions ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(
        submissions_after, submissions_before,
        "validation leaves the submissions as sent"
    );
    let audit: Vec<(i64, String)> = {
        let conn = server.conn();
        let mut stmt = conn
            .prepare("SELECT eleve_id, courriel FROM personnel_actions WHERE action = 'valide' ORDER BY eleve_id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(audit.len(), 2);
    assert!(audit.iter().all(|(_, c)| c == "direction.0699901M@example.fr"));

    // The SMTP server receives the login link and one validation per family.
    wait_until("3 messages reçus par le serveur SMTP", || {
        stored(mail.path()).len() >= 3
    });
    let messages = stored(mail.path());
    let validations: Vec<_> = messages
        .iter()
        .filter(|m| subject_and_text(&m.raw).0.contains("acceptée"))
        .collect();
    assert_eq!(validations.len(), 2);
    let mut recipients: Vec<Vec<String>> = validations.iter().map(|m| m.rcpt_tos.clone()).collect();
    recipients.sort();
    assert_eq!(
        recipients,
        vec![
            vec!["claire.martin@example.fr".to_string()],
            vec!["p.bernard@example.fr".to_string(), "m.bernard@example.fr".to_string()],
        ]
    );
    for m in &validations {
        let (subject, text) = subject_and_text(&m.raw);
        assert!(subject.contains("Collège Jean Moulin"), "{subject}");
        assert!(
            text.contains("sous réserve de la décision du conseil de classe"),
            "{text}"
        );
    }
    let (_, lou_text) = validations
        .iter()
        .map(|m| subject_and_text(&m.raw))
        .find(|(s, _)| s.contains("Lou Martin"))
        .expect("Lou's family is told");
    assert!(lou_text.contains("en 5e"), "{lou_text}");

    // Validating again changes nothing and sends nothing more.
    let again = server
        .send(post_json("/api/personnel/valider", json!({ "ids": [lou] })).cookie(&cookie))
        .await
        .json();
    assert_eq!(again["valides"], 0);
    assert_eq!(again["refus"], json!([{ "id": lou, "raison": "dossier déjà validé" }]));
    let queued: i64 = server
        .conn()
        .query_row("SELECT count(*) FROM outbox WHERE genre = 'validation'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(queued, 2);

    // The family can no longer change a validated file.
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
    assert_eq!(resp.status, 409);

    // Marking a pupil as leaving: state sortant, traced.
    let resp = server
        .send(post_json("/api/personnel/sortant", json!({ "ids": [sam, alix] })).cookie(&cookie))
        .await
        .json();
    assert_eq!(resp["sortants"], 1);
    assert_eq!(resp["refus"], json!([{ "id": alix, "raison": "élève sortant" }]));
    assert_eq!(server.state_of(sam), "sortant");
    server.stop().await;
}
