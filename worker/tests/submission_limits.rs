//! The school's address as a relay, through the real server and a real SMTP server: each
//! submission used to email the addresses the family typed, with text the family typed, as
//! often as it liked. Now a pupil's file is submitted at most so many times a day (then 429,
//! nothing stored) and causes at most so many confirmation emails (then stored, no email, and
//! the page says so); the counts are taken in the submission's own transaction.

mod abuse_support;
mod http_common;
mod mail_support;

use abuse_support::{wait_until, Server};
use http_common::*;
use mail_support::{stored, SmtpServer};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const MINUTE: Duration = Duration::from_secs(60);

/// Lou's file, but the guardian's address is a stranger's and the emergency contact carries
/// an advertisement: what the confirmation email repeats.
fn relay_values(victim: &str) -> Vec<(String, String)> {
    complete_values()
        .into_iter()
        .map(|(k, v)| match k.as_str() {
            "resp1.email" => (k, victim.to_string()),
            "urgence.nom" => (k, "Gagnez un iPhone sur arnaque.example".to_string()),
            _ => (k, v),
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_days_email_limit_the_file_is_stored_without_an_email_and_the_page_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let smtp = SmtpServer::start(&tmp.path().join("recus"), 0, &[]);
    let url = smtp.url();
    let server = Server::start(move |config| {
        config.smtp_url = Some(url);
        config.max_confirmations_per_day = 2;
    })
    .await;
    let cookie = server.login(JEAN_MOULIN, LOU.code, LOU.date).await;
    let post = || dossier_post(&relay_values("victime@example.org")).cookie(&cookie);
    for _ in 0..2 {
        let resp = server.send(post()).await;
        assert_eq!(resp.status, 303, "{}", resp.text());
    }
    // The third submission is stored, without an email, and the family reads why.
    let resp = server.send(post()).await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    let page = resp.text();
    assert!(page.contains("Demande de réinscription transmise"), "{page}");
    assert!(
        page.contains("Nous ne renvoyons pas de courriel de confirmation : vous en avez déjà reçu 2 aujourd'hui"),
        "{page}"
    );
    assert!(!page.contains("Un courriel de confirmation est envoyé"), "{page}");
    assert_eq!(server.count("SELECT count(*) FROM soumissions"), 3);
    assert_eq!(server.count("SELECT count(*) FROM outbox"), 2);
    assert_eq!(
        server.count("SELECT etat = 'transmis' FROM eleves WHERE nom = 'Martin'"),
        1
    );
    let db = server.db.clone();
    wait_until("les deux courriels envoyés", MINUTE, || {
        rusqlite::Connection::open(&db)
            .unwrap()
            .query_row("SELECT count(*) FROM outbox WHERE etat = 'envoye'", [], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap()
            == 2
    })
    .await;
    // A fourth and fifth: still stored, still no email. The stranger got two, not five.
    for _ in 0..2 {
        assert_eq!(server.send(post()).await.status, 200);
    }
    server.stop().await;
    let received = stored(&smtp.dir);
    assert_eq!(received.len(), 2);
    assert!(received.iter().all(|m| m.rcpt_tos == ["victime@example.org"]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_days_submission_limit_a_post_is_refused_and_nothing_is_stored() {
    let server = Server::start(|config| {
        config.max_submissions_per_day = 3;
        config.max_confirmations_per_day = 10;
    })
    .await;
    let cookie = server.login(JEAN_MOULIN, LOU.code, LOU.date).await;
    for _ in 0..3 {
        let resp = server.send(dossier_post(&complete_values()).cookie(&cookie)).await;
        assert_eq!(resp.status, 303, "{}", resp.text());
    }
    let stored_before: String = server
        .db()
        .query_row("SELECT valeurs FROM soumissions ORDER BY id DESC LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let mut changed = complete_values();
    changed.retain(|(k, _)| k != "urgence.nom");
    changed.push(("urgence.nom".into(), "Quelqu'un d'autre".into()));
    let resp = server.send(dossier_post(&changed).cookie(&cookie)).await;
    assert_eq!(resp.status, 429, "{}", resp.text());
    let page = resp.text().replace("&#39;", "'");
    assert!(page.contains("déjà été transmis 3 fois aujourd'hui"), "{page}");
    assert!(page.contains("revenez demain"), "{page}");
    let retry: u64 = resp.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=25 * 3600).contains(&retry), "Retry-After {retry}");
    // As JSON too.
    let resp = server
        .send(
            dossier_post(&changed)
                .cookie(&cookie)
                .header("Accept", "application/json"),
        )
        .await;
    assert_eq!(resp.status, 429);
    assert!(resp.json()["erreur"].as_str().unwrap().contains("3 fois"));
    // Now known to be past the limit: the next post is refused before its body comes.
    let a = server.addr;
    let mut stream = tokio::net::TcpStream::connect(a).await.unwrap();
    let head = format!(
        "POST /dossier HTTP/1.1\r\nHost: {a}\r\nOrigin: http://{a}\r\nCookie: {cookie}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 60000\r\n\r\nuai="
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut first = [0u8; 12];
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_exact(&mut first)).await;
    let got = read.map(|_| String::from_utf8_lossy(&first).into_owned());
    assert_eq!(got.as_deref().ok(), Some("HTTP/1.1 429"), "no answer before the body");
    // The one-click page posts to the same place, under the same limit.
    let one_click = Req::form("/dossier", &[("mode", "un_clic"), ("uai", JEAN_MOULIN)]).cookie(&cookie);
    assert_eq!(server.send(one_click).await.status, 429);
    // Nothing stored: three submissions, three emails, the last version as it was.
    assert_eq!(server.count("SELECT count(*) FROM soumissions"), 3);
    assert_eq!(server.count("SELECT count(*) FROM outbox"), 3);
    let stored_after: String = server
        .db()
        .query_row("SELECT valeurs FROM soumissions ORDER BY id DESC LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(stored_before, stored_after);
    // Another pupil is not held back by Lou's count.
    let sam = server.login(JEAN_MOULIN, SAM.code, SAM.date).await;
    let sam_post = Req::form("/dossier", &[("mode", "un_clic"), ("uai", JEAN_MOULIN)]).cookie(&sam);
    assert_ne!(server.send(sam_post).await.status, 429);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn posts_sent_at_once_cannot_all_slip_under_the_limit() {
    let server = Server::start(|config| config.max_submissions_per_day = 2).await;
    let cookie = server.login(JEAN_MOULIN, LOU.code, LOU.date).await;
    // Twelve posts at the same moment: most pass the early check, made before any of them is
    // stored; the count in the submission's transaction lets exactly two through.
    let posts: Vec<_> = (0..12)
        .map(|_| {
            let req = dossier_post(&complete_values()).cookie(&cookie);
            let addr = server.addr;
            tokio::spawn(async move { http_common::client::send(addr, req).await.status })
        })
        .collect();
    let mut statuses = Vec::new();
    for post in posts {
        statuses.push(post.await.unwrap());
    }
    statuses.sort_unstable();
    assert_eq!(statuses.iter().filter(|s| **s == 303).count(), 2, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 303 || *s == 429), "{statuses:?}");
    assert_eq!(server.count("SELECT count(*) FROM soumissions"), 2);
    assert_eq!(server.count("SELECT count(*) FROM outbox"), 2);
    server.stop().await;
}
