//! The sender is a real process (`dossiersco send-outbox`) killed with SIGKILL while emails are
//! queued, then started again: nothing is lost, nothing accepted is sent twice.

#[path = "../worker/tests/mail_support/smtp.rs"]
mod smtp;

use dossiersco_worker::mail::OutgoingEmail;
use dossiersco_worker::store::{self, outbox};
use smtp::*;
use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};

const QUEUED: usize = 20;

fn queue(db: &Path) -> Vec<String> {
    let conn = store::open(db).unwrap();
    let tx = conn.transaction().unwrap();
    let mut ids = Vec::new();
    for n in 0..QUEUED {
        let email = OutgoingEmail {
            uai: "0339903K".into(),
            eleve_id: None,
            genre: "confirmation".into(),
            expediteur: "Réinscription au collège <contact@reinscription.example.fr>".into(),
            destinataires: vec![format!("parent{n}@example.fr")],
            repondre_a: Some("secretariat.0339903K@example.fr".into()),
            sujet: format!("Réinscription n° {n}"),
            texte: "Le collège a bien reçu la demande.".into(),
            html: None,
            a_rendre: None,
        };
        let id = outbox::enqueue(&tx, &email).unwrap();
        ids.push(outbox::get(&tx, id).unwrap().unwrap().message_id);
    }
    tx.commit().unwrap();
    ids.into_iter()
        .map(|id| id.trim_matches(|c| c == '<' || c == '>').to_string())
        .collect()
}

fn send_outbox(db: &Path, port: u16, extra: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_dossiersco"))
        .arg("send-outbox")
        .arg("--db")
        .arg(db)
        .arg("--smtp-url")
        .arg(format!("smtp://127.0.0.1:{port}"))
        .args(["--backoff-min-ms", "500", "--backoff-max-ms", "1000"])
        .args(extra)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("dossiersco send-outbox démarre")
}

fn counts(db: &Path) -> outbox::Counts {
    outbox::counts(&store::open(db).unwrap(), None).unwrap()
}

fn received_per_id(dir: &Path) -> HashMap<String, usize> {
    let mut per_id = HashMap::new();
    for message in stored(dir) {
        *per_id.entry(message.message_id()).or_default() += 1;
    }
    per_id
}

/// Restarts the sender against a healthy server and waits until it has emptied the outbox.
fn restart_and_drain(db: &Path, dir: &Path, port: u16) -> SmtpServer {
    let server = SmtpServer::start(dir, port, &[]);
    let status = send_outbox(db, port, &["--jusqua-vide"]).wait().unwrap();
    assert!(status.success(), "send-outbox --jusqua-vide : {status}");
    server
}

#[test]
fn killed_while_a_message_is_in_flight_nothing_is_lost_and_nothing_accepted_is_resent() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db.sqlite");
    let dir = tmp.path().join("recus");
    let expected = queue(&db);
    // The server accepts 8 messages then stalls on the 9th's DATA: the kill lands while that
    // one is in flight, neither accepted nor refused.
    let mut stalling = SmtpServer::start(&dir, 0, &["--hang-after", "8"]);
    let port = stalling.port;
    let mut sender = send_outbox(&db, port, &[]);
    wait_until("8 courriels acceptés et marqués envoyés", || counts(&db).envoye == 8);
    wait_until("le 9e en cours d'envoi", || {
        std::fs::read_dir(&dir).is_ok_and(|d| d.count() == 16) // 8 × (.eml + .json)
    });
    sender.kill().unwrap(); // SIGKILL
    sender.wait().unwrap();
    stalling.stop();
    assert_eq!(
        counts(&db),
        outbox::Counts {
            a_envoyer: 12,
            envoye: 8,
            refuse: 0
        },
        "l'outbox est cohérente après SIGKILL"
    );

    let _server = restart_and_drain(&db, &dir, port);
    assert_eq!(counts(&db).envoye, QUEUED as i64);
    let per_id = received_per_id(&dir);
    for id in &expected {
        assert_eq!(per_id.get(id), Some(&1), "{id} reçu exactement une fois : {per_id:?}");
    }
    assert_eq!(per_id.len(), QUEUED);
}

#[test]
fn killed_at_an_arbitrary_moment_nothing_is_lost_and_at_most_the_message_in_flight_is_doubled() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db.sqlite");
    let dir = tmp.path().join("recus");
    let expected = queue(&db);
    let mut slow = SmtpServer::start(&dir, 0, &["--delay-ms", "30"]);
    let port = slow.port;
    let mut sender = send_outbox(&db, port, &[]);
    wait_until("quelques courriels reçus", || stored(&dir).len() >= 5);
    sender.kill().unwrap();
    sender.wait().unwrap();
    slow.stop();

    let _server = restart_and_drain(&db, &dir, port);
    assert_eq!(counts(&db).envoye, QUEUED as i64);
    let per_id = received_per_id(&dir);
    for id in &expected {
        assert!(per_id.contains_key(id), "{id} perdu : {per_id:?}");
    }
    assert_eq!(per_id.len(), QUEUED, "aucun message inconnu");
    // The one SMTP cannot settle: accepted by the server, process killed before the mark
    // was committed. It comes again with the same Message-ID.
    let doubled: Vec<_> = per_id.iter().filter(|(_, n)| **n > 1).collect();
    assert!(
        doubled.len() <= 1 && doubled.iter().all(|(_, n)| **n == 2),
        "au plus le message en vol en double : {doubled:?}"
    );
}
