//! The sender against a real SMTP server that is down, refuses, or is a folder of .eml files.

mod mail_support;

use dossiersco_worker::mail::TransportConfig;
use dossiersco_worker::store;
use mail_support::*;
use std::collections::HashMap;

#[test]
fn twenty_confirmations_queued_while_smtp_is_down_are_each_delivered_once_when_it_comes_back() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db.sqlite");
    let port = free_port();
    let school = demo_school();
    let email = lou_confirmation(&school, "parent1@example.fr", "parent2@example.fr");
    drop(store::open(&db).unwrap()); // created before the sender, as the server does
    let sender = RunningSender::start(&db, test_config(smtp(&format!("smtp://127.0.0.1:{port}"))));
    let mut ids = Vec::new();
    for n in 0..20 {
        ids.push(submit(&db, n, &email));
        sender.wake.notify_one();
    }
    // The server is not there: the sender fails, records it and waits.
    wait_until("au moins un échec enregistré", || {
        let conn = store::open(&db).unwrap();
        conn.query_row("SELECT count(*) FROM outbox WHERE tentatives > 0", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap()
            > 0
    });
    let conn = store::open(&db).unwrap();
    let erreur: String = conn
        .query_row(
            "SELECT derniere_erreur FROM outbox WHERE tentatives > 0 LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(erreur.contains("injoignable"), "{erreur}");
    assert!(!erreur.contains('@'), "pas d'adresse dans l'erreur : {erreur}");
    assert_eq!(counts(&db).a_envoyer, 20, "rien n'est perdu ni marqué envoyé à tort");

    let server = SmtpServer::start(&tmp.path().join("recus"), port, &[]);
    wait_until("les 20 courriels sont envoyés", || counts(&db).envoye == 20);
    let stats = sender.stop();
    assert_eq!(stats.envoyes, 20);

    let messages = stored(&server.dir);
    let mut per_id: HashMap<String, usize> = HashMap::new();
    for m in &messages {
        *per_id.entry(m.message_id()).or_default() += 1;
    }
    assert_eq!(per_id.len(), 20, "20 messages distincts");
    assert!(per_id.values().all(|&n| n == 1), "chacun reçu une fois : {per_id:?}");
    let expected: Vec<String> = ids
        .iter()
        .map(|id| store::outbox::get(&conn, *id).unwrap().unwrap().message_id)
        .collect();
    for id in expected {
        let bare = id.trim_matches(|c| c == '<' || c == '>');
        assert_eq!(per_id.get(bare), Some(&1), "{id} reçu une fois");
    }
}

#[test]
fn a_permanent_refusal_is_recorded_for_the_staff_and_not_retried() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db.sqlite");
    let server = SmtpServer::start(&tmp.path().join("recus"), 0, &["--refuse", "inconnu@example.fr"]);
    let school = demo_school();
    let bad = lou_confirmation(&school, "inconnu@example.fr", "");
    let good = lou_confirmation(&school, "parent1@example.fr", "");
    let bad_id = submit(&db, 1, &bad);
    submit(&db, 2, &good);

    let sender = RunningSender::start(&db, test_config(smtp(&server.url())));
    wait_until("un envoyé, un refusé", || {
        let c = counts(&db);
        c.envoye == 1 && c.refuse == 1
    });
    // Give it the time of several retries (backoff 1–2 s): a refused email stays refused.
    std::thread::sleep(std::time::Duration::from_secs(3));
    let stats = sender.stop();
    assert_eq!((stats.envoyes, stats.refuses, stats.reessais), (1, 1, 0));

    let conn = store::open(&db).unwrap();
    let refused = store::outbox::refused(&conn, "0339903K").unwrap();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].id, bad_id);
    assert_eq!(refused[0].tentatives, 1, "essayé une seule fois");
    assert!(
        refused[0].derniere_erreur.contains("550"),
        "{}",
        refused[0].derniere_erreur
    );
    assert!(
        refused[0].derniere_erreur.contains("définitif"),
        "{}",
        refused[0].derniere_erreur
    );
    assert!(
        !refused[0].derniere_erreur.contains("inconnu@"),
        "adresse masquée : {}",
        refused[0].derniere_erreur
    );
    assert_eq!(stored(&server.dir).len(), 1);
}

#[test]
fn a_temporary_refusal_is_retried_until_the_server_accepts() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db.sqlite");
    let mut busy = SmtpServer::start(&tmp.path().join("recus"), 0, &["--tempfail"]);
    let port = busy.port;
    let school = demo_school();
    submit(&db, 1, &lou_confirmation(&school, "parent1@example.fr", ""));
    let sender = RunningSender::start(&db, test_config(smtp(&busy.url())));
    wait_until("un refus temporaire enregistré", || {
        let conn = store::open(&db).unwrap();
        let erreur: Option<String> = conn
            .query_row("SELECT derniere_erreur FROM outbox", [], |r| r.get(0))
            .unwrap();
        erreur.is_some_and(|e| e.contains("451") && e.contains("temporaire"))
    });
    assert_eq!(counts(&db).a_envoyer, 1);
    busy.stop();
    let server = SmtpServer::start(&tmp.path().join("recus"), port, &[]);
    wait_until("envoyé après le refus temporaire", || counts(&db).envoye == 1);
    sender.stop();
    assert_eq!(stored(&server.dir).len(), 1);
}

#[test]
fn without_smtp_the_messages_are_readable_eml_files_written_once() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db.sqlite");
    let dir = tmp.path().join("var/mail");
    let school = demo_school();
    let id = submit(
        &db,
        1,
        &lou_confirmation(&school, "parent1@example.fr", "parent2@example.fr"),
    );
    let config = TransportConfig::from_settings(None, dir.clone()).unwrap();
    let mut config = test_config(config);
    config.stop_when_empty = true;
    RunningSender::start(&db, config.clone()).stop_when_done();
    assert_eq!(counts(&db).envoye, 1);

    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().to_string();
    assert!(
        name.starts_with(&format!("{id:06}-")) && name.ends_with(".eml"),
        "{name}"
    );
    let raw = std::fs::read(&files[0]).unwrap();
    let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
    assert_eq!(
        message.subject(),
        Some("Réinscription de Lou Martin au Collège Simone Veil")
    );
    assert!(message.body_text(0).unwrap().contains("Espagnol"));
    let conn = store::open(&db).unwrap();
    let row = store::outbox::get(&conn, id).unwrap().unwrap();
    assert_eq!(
        Some(row.message_id.trim_matches(|c| c == '<' || c == '>')),
        message.message_id()
    );

    // Sent again (as after a crash before the mark): same file, not a second one.
    conn.execute("UPDATE outbox SET etat = 'a_envoyer'", []).unwrap();
    RunningSender::start(&db, config).stop_when_done();
    let again: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(again, files);
}
