//! The email sender, supervised, through the real server and a real SMTP server: a database
//! error or a TLS setting that cannot be loaded used to end it silently (no more
//! confirmations until a restart, /healthz « ok »). Now the error reaches the log and Sentry,
//! /healthz says the mail is stuck while it lasts, and the sender starts again by itself:
//! once the fault is gone, the mail leaves. Its own test binary: the log and Sentry are global.

mod abuse_support;
mod http_common;
mod mail_support;
mod sentry_support;

use abuse_support::Server;
use http_common::*;
use mail_support::{stored, SmtpServer};
use sentry_support::fake_sentry;
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

const MINUTE: Duration = Duration::from_secs(60);

/// What the worker logged (level, message and fields) and what reached Sentry, for the
/// whole test binary.
struct Seen {
    logs: Arc<Mutex<Vec<String>>>,
    sentry: Arc<Mutex<Vec<String>>>,
}

fn seen() -> &'static Seen {
    static SEEN: OnceLock<Seen> = OnceLock::new();
    SEEN.get_or_init(|| {
        let logs = Arc::new(Mutex::new(Vec::new()));
        tracing::subscriber::set_global_default(Capture(logs.clone())).expect("one subscriber");
        let (port, sentry) = fake_sentry();
        let guard = dossiersco_worker::monitoring::init_with(Some(&format!("http://clef@127.0.0.1:{port}/1")));
        // Kept for the binary's lifetime: events are sent as they come.
        std::mem::forget(guard);
        Seen { logs, sentry }
    })
}

fn logs() -> String {
    seen().logs.lock().unwrap().join("\n")
}

fn sentry() -> String {
    seen().sentry.lock().unwrap().join("\n")
}

/// Records every event at INFO and above.
struct Capture(Arc<Mutex<Vec<String>>>);

struct Fields(String);

impl tracing::field::Visit for Fields {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0 += &format!("{}={:?} ", field.name(), value);
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        *metadata.level() <= tracing::Level::INFO
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = Fields(format!("{} ", event.metadata().level()));
        event.record(&mut fields);
        self.0.lock().unwrap().push(fields.0);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// Polls a condition (it may `.await`) for a minute at most: a hang guard, not a timing
/// assertion.
macro_rules! wait_for {
    ($what:expr, $done:expr) => {{
        let deadline = std::time::Instant::now() + MINUTE;
        while !$done {
            assert!(
                std::time::Instant::now() < deadline,
                "pas arrivé en une minute : {}",
                $what
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }};
}

fn distinct_messages(dir: &std::path::Path) -> usize {
    stored(dir)
        .iter()
        .map(|m| m.message_id())
        .collect::<BTreeSet<_>>()
        .len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_error_no_longer_stops_the_emails_until_a_restart() {
    seen();
    let tmp = tempfile::tempdir().unwrap();
    let smtp = SmtpServer::start(&tmp.path().join("recus"), 0, &[]);
    let url = smtp.url();
    let server = Server::start(move |config| config.smtp_url = Some(url)).await;
    let cookie = server.login(JEAN_MOULIN, LOU.code, LOU.date).await;
    assert_eq!(server.health().await.0, 200);

    // The fault: the database refuses to record that an email was sent.
    server
        .db()
        .execute_batch(
            "CREATE TRIGGER panne BEFORE UPDATE OF etat ON outbox WHEN NEW.etat = 'envoye'
             BEGIN SELECT RAISE(ABORT, 'panne simulée'); END;",
        )
        .unwrap();
    let resp = server.send(dossier_post(&complete_values()).cookie(&cookie)).await;
    assert_eq!(resp.status, 303, "{}", resp.text());

    // /healthz says so while it lasts, as JSON and as text.
    wait_for!(
        "/healthz : expéditeur en panne",
        server.health().await.1["courriels"]["expediteur"] == "en_panne"
    );
    let (status, health) = server.health().await;
    assert_eq!(status, 503, "{health}");
    assert_eq!(health["etat"], "en_panne");
    assert_eq!(health["courriels"]["en_attente"], 1);
    let text = server.send(Req::get("/healthz")).await;
    assert_eq!(text.status, 503);
    assert!(text.text().contains("envoi des courriels en panne"), "{}", text.text());
    // The error went to the log and to Sentry, without the family's data.
    wait_for!("erreur signalée à Sentry", sentry().contains("panne simulée"));
    assert!(
        sentry().contains("envoi des courriels"),
        "route en étiquette : {}",
        sentry()
    );
    let logged = logs();
    assert!(
        logged.contains("ERROR") && logged.contains("envoi des courriels arrêté par une erreur"),
        "{logged}"
    );

    // The fault goes away: the sender starts again by itself and a new email leaves too.
    server.db().execute_batch("DROP TRIGGER panne").unwrap();
    let resp = server.send(dossier_post(&complete_values()).cookie(&cookie)).await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    wait_for!(
        "les deux courriels envoyés",
        server.count("SELECT count(*) FROM outbox WHERE etat = 'envoye'") == 2
    );
    assert_eq!(
        distinct_messages(&smtp.dir),
        2,
        "both confirmations reached the SMTP server"
    );
    let (status, health) = server.health().await;
    assert_eq!(status, 200, "{health}");
    assert_eq!(health["courriels"]["expediteur"], "actif");
    assert!(health["courriels"]["redemarrages"].as_u64().unwrap() >= 1, "{health}");
    for personal in ["claire.martin@example.fr", "Claire", "Lou"] {
        assert!(!logs().contains(personal), "« {personal} » dans le journal");
        assert!(!sentry().contains(personal), "« {personal} » envoyé à Sentry");
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tls_setting_that_cannot_be_loaded_is_retried_until_fixed() {
    seen();
    let tmp = tempfile::tempdir().unwrap();
    let tls = tmp.path().join("tls");
    let smtp = SmtpServer::start(&tmp.path().join("recus"), 0, &["--starttls", tls.to_str().unwrap()]);
    // The relay's CA is configured, but the file is not there yet (a deployment mistake).
    let ca = tmp.path().join("ca-du-relais.pem");
    std::env::set_var("DOSSIERSCO_SMTP_CA", &ca);
    let url = format!("smtp+starttls://localhost:{}", smtp.port);
    let server = Server::start(move |config| config.smtp_url = Some(url)).await;
    wait_for!("/healthz : expéditeur en panne", server.health().await.0 == 503);
    let cookie = server.login(JEAN_MOULIN, LOU.code, LOU.date).await;
    let resp = server.send(dossier_post(&complete_values()).cookie(&cookie)).await;
    assert_eq!(resp.status, 303, "the family's file is stored all the same");
    let (_, health) = server.health().await;
    assert_eq!(health["courriels"]["expediteur"], "en_panne", "{health}");
    assert_eq!(health["courriels"]["en_attente"], 1, "{health}");
    wait_for!("erreur TLS signalée", sentry().contains("ca-du-relais.pem"));

    // The file is put in place: the next restart loads it and the email leaves over TLS.
    std::fs::copy(tls.join("ca.pem"), &ca).unwrap();
    wait_for!(
        "courriel envoyé en TLS",
        server.count("SELECT count(*) FROM outbox WHERE etat = 'envoye'") == 1
    );
    assert_eq!(stored(&smtp.dir).len(), 1);
    assert_eq!(server.health().await.0, 200);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_the_smtp_server_keeps_refusing_turns_healthz_unhealthy_past_the_threshold() {
    seen();
    let tmp = tempfile::tempdir().unwrap();
    let smtp = SmtpServer::start(&tmp.path().join("recus"), 0, &["--tempfail"]);
    let url = smtp.url();
    let server = Server::start(move |config| {
        config.smtp_url = Some(url);
        config.outbox_stuck_after = Duration::from_secs(2);
    })
    .await;
    let cookie = server.login(JEAN_MOULIN, LOU.code, LOU.date).await;
    let resp = server.send(dossier_post(&complete_values()).cookie(&cookie)).await;
    assert_eq!(resp.status, 303);
    wait_for!("/healthz : courriels bloqués", server.health().await.0 == 503);
    let (_, health) = server.health().await;
    // The sender runs (it retries); the mail does not leave.
    assert_eq!(health["courriels"]["expediteur"], "actif", "{health}");
    assert_eq!(health["courriels"]["en_attente"], 1);
    assert!(health["courriels"]["plus_ancien_s"].as_u64().unwrap() >= 2, "{health}");
    let text = server.send(Req::get("/healthz")).await;
    assert!(
        text.text().starts_with("courriels bloqués : 1 en attente"),
        "{}",
        text.text()
    );
    server.stop().await;
}
