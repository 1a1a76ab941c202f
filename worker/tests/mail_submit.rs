//! Through the real server: a family submits, the confirmation is in the outbox with the
//! submission, and the server's sender writes it (here to the mail folder: no SMTP configured).

mod http_common;

use http_common::*;
use std::path::Path;

fn eml_files(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "eml"))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_submitted_file_gets_its_confirmation_and_a_refused_one_does_not() {
    let server = TestServer::start(Setup::default()).await;
    let cookie = server.login(JEAN_MOULIN, LOU.code, LOU.date).await;
    let resp = server.send(dossier_post(&complete_values()).cookie(&cookie)).await;
    assert_eq!(resp.status, 303, "{}", resp.text());

    // Acknowledged to the family: the email is already in the outbox, tied to the pupil.
    let db = server.db();
    let (genre, destinataires, eleve): (String, String, String) = db
        .query_row(
            "SELECT o.genre, o.destinataires, e.nom FROM outbox o JOIN eleves e ON e.id = o.eleve_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((genre.as_str(), eleve.as_str()), ("confirmation", "Martin"));
    assert_eq!(destinataires, r#"["claire.martin@example.fr"]"#);

    // The server's sender writes it to the mail folder next to the database.
    let mail_dir = server.db.parent().unwrap().join("mail");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while eml_files(&mail_dir).is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "aucun .eml dans {}",
            mail_dir.display()
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let raw = std::fs::read(&eml_files(&mail_dir)[0]).unwrap();
    let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
    assert_eq!(
        message.subject(),
        Some("Réinscription de Lou Martin au Collège Jean Moulin")
    );
    assert!(message.body_text(0).unwrap().contains("Espagnol"));

    // A file the school validated is refused: no submission, so no email either.
    db.execute("UPDATE eleves SET etat = 'valide' WHERE nom = 'Martin'", [])
        .unwrap();
    let resp = server.send(dossier_post(&complete_values()).cookie(&cookie)).await;
    assert_eq!(resp.status, 409);
    let emails: i64 = db.query_row("SELECT count(*) FROM outbox", [], |r| r.get(0)).unwrap();
    assert_eq!(emails, 1);
    server.stop().await;
    let sent: i64 = db
        .query_row("SELECT count(*) FROM outbox WHERE etat = 'envoye'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sent, 1, "marqué envoyé avant l'arrêt");
}

/// Noa's complete file (the other school: documents brought to the office, CAF number).
fn noa_values() -> Vec<(String, String)> {
    let mut values: Vec<(String, String)> = complete_values()
        .into_iter()
        .map(|(k, v)| match k.as_str() {
            "uai" => (k, AUTRE_COLLEGE.to_string()),
            "eleve.nom" | "resp1.nom" => (k, "Durand".to_string()),
            "eleve.prenom" => (k, "Noa".to_string()),
            "eleve.date_naissance" => (k, NOA.date.to_string()),
            "resp1.email" => (k, "parent.durand@example.fr".to_string()),
            _ => (k, v),
        })
        .collect();
    for (k, v) in [
        ("numero_caf", "1234567"),
        ("consentement.information_medicale", "oui"),
        ("document.justificatif_domicile.secretariat", "oui"),
        ("document.attestation_assurance.secretariat", "oui"),
    ] {
        values.push((k.to_string(), v.to_string()));
    }
    values
}

/// The confirmation's school details are converted once per school and kept: each school's
/// families still get their own school's, in whatever order the schools' files arrive.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_school_s_confirmation_names_its_own_school_whatever_the_order() {
    let server = TestServer::start(Setup::default()).await;
    let lou = server.login(JEAN_MOULIN, LOU.code, LOU.date).await;
    let noa = server.login(AUTRE_COLLEGE, NOA.code, NOA.date).await;
    for (cookie, values) in [
        (&lou, complete_values()),
        (&noa, noa_values()),
        (&lou, complete_values()),
    ] {
        let resp = server
            .send(
                dossier_post(&values)
                    .cookie(cookie)
                    .header("Accept", "application/json"),
            )
            .await;
        assert_eq!(resp.status, 303, "{}", resp.text());
    }
    let db = server.db();
    let queued: Vec<(i64, String, String)> = db
        .prepare("SELECT o.id, e.prenom, o.repondre_a FROM outbox o JOIN eleves e ON e.id = o.eleve_id ORDER BY o.id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    // Rendered by the sender when it sends them: read as the families receive them.
    let delivered = server.delivered(3).await;
    let emails: Vec<(String, String, String, String)> = queued
        .into_iter()
        .zip(&delivered)
        .map(|((id, prenom, repondre_a), (sent_id, raw))| {
            assert_eq!(id, *sent_id);
            let message = mail_parser::MessageParser::default().parse(raw).unwrap();
            let sujet = message.subject().unwrap_or_default().to_string();
            let texte = message.body_text(0).unwrap().to_string();
            (prenom, sujet, repondre_a, texte)
        })
        .collect();
    assert_eq!(emails.len(), 3);
    for (prenom, sujet, repondre_a, texte) in &emails {
        let (school, other, office) = match prenom.as_str() {
            "Lou" => ("Collège Jean Moulin", "Simone Veil", "0699901M"),
            _ => ("Collège Simone Veil", "Jean Moulin", "0339903K"),
        };
        assert!(sujet.contains(school), "{prenom}: {sujet}");
        assert!(repondre_a.contains(office), "{prenom}: {repondre_a}");
        assert!(
            !texte.contains(other),
            "{prenom}'s email names the other school:\n{texte}"
        );
    }
    assert_eq!(emails[1].0, "Noa");
    server.stop().await;
}
