//! STARTTLS: required means required. Delivered over TLS to a server whose certificate is
//! trusted; never sent in clear text to a server that does not offer it, nor to one whose
//! certificate is not trusted.

mod mail_support;

use mail_support::*;

fn queued(db: &std::path::Path) {
    submit(db, 1, &lou_confirmation(&demo_school(), "parent1@example.fr", ""));
}

fn last_error(db: &std::path::Path) -> Option<String> {
    let conn = dossiersco_worker::store::open(db).unwrap();
    conn.query_row("SELECT derniere_erreur FROM outbox", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn with_starttls_the_confirmation_goes_over_tls_to_a_trusted_server() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db.sqlite");
    let tls = tmp.path().join("tls");
    let server = SmtpServer::start(&tmp.path().join("recus"), 0, &["--starttls", tls.to_str().unwrap()]);
    queued(&db);
    let transport = smtp(&format!("smtp+starttls://localhost:{}", server.port)).with_ca(tls.join("ca.pem"));
    let sender = RunningSender::start(&db, test_config(transport));
    wait_until("envoyé en TLS", || counts(&db).envoye == 1);
    sender.stop();
    assert_eq!(stored(&server.dir).len(), 1);
}

#[test]
fn starttls_required_never_falls_back_to_clear_text() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db.sqlite");
    let plain = SmtpServer::start(&tmp.path().join("recus"), 0, &[]);
    queued(&db);
    let sender = RunningSender::start(
        &db,
        test_config(smtp(&format!("smtp+starttls://localhost:{}", plain.port))),
    );
    wait_until("échec enregistré", || last_error(&db).is_some());
    sender.stop();
    assert_eq!(counts(&db).a_envoyer, 1, "toujours en attente, pas refusé");
    assert!(last_error(&db).unwrap().contains("STARTTLS"), "{:?}", last_error(&db));
    assert!(stored(&plain.dir).is_empty(), "rien envoyé en clair");
}

#[test]
fn an_untrusted_certificate_stops_the_sending() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db.sqlite");
    let tls = tmp.path().join("tls");
    let server = SmtpServer::start(&tmp.path().join("recus"), 0, &["--starttls", tls.to_str().unwrap()]);
    queued(&db);
    let sender = RunningSender::start(
        &db,
        test_config(smtp(&format!("smtp+starttls://localhost:{}", server.port))),
    );
    wait_until("échec enregistré", || last_error(&db).is_some());
    sender.stop();
    assert_eq!(counts(&db).a_envoyer, 1);
    assert!(stored(&server.dir).is_empty());
}

#[test]
fn a_server_demanding_tls_makes_emails_wait_rather_than_be_dropped() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db.sqlite");
    let tls = tmp.path().join("tls");
    let server = SmtpServer::start(&tmp.path().join("recus"), 0, &["--starttls", tls.to_str().unwrap()]);
    queued(&db);
    // Plain smtp:// to a server that demands STARTTLS: 530, a setting to fix, not a refusal.
    let sender = RunningSender::start(&db, test_config(smtp(&server.url())));
    wait_until("échec enregistré", || last_error(&db).is_some());
    sender.stop();
    assert_eq!(counts(&db).a_envoyer, 1, "en attente, pas refusé définitivement");
    let erreur = last_error(&db).unwrap();
    assert!(
        erreur.contains("530") && erreur.contains("smtp+starttls://"),
        "{erreur}"
    );
}
