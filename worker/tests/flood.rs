//! Work before authentication, through the real server: a stranger's 30 MB post costs its
//! headers, not its body; a family's over-long post is refused before it is sent; connections
//! past the cap wait their turn; uploads in flight share a budget and are told to come back.

mod abuse_support;
mod http_common;

use abuse_support::*;
use http_common::*;
use std::time::{Duration, Instant};

const TRENTE_MO: u64 = 30 * 1_000_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_strangers_30_mb_post_is_answered_after_its_headers_and_the_connection_closed() {
    let server = Server::start(|_| {}).await;
    let referer = format!("Referer: http://{}/0699901M/dossier/10110001110/\r\n", server.addr);
    for json in [false, true] {
        // The old worker parsed the whole body before looking at the session: it only
        // answered once the 30 MB had come (here: never, the client sends them slowly).
        let mut conn = Raw::open(server.addr).await;
        let accept = if json { "Accept: application/json\r\n" } else { "" };
        let head = multipart_head(server.addr, None, TRENTE_MO, &format!("{referer}{accept}"));
        assert!(conn.write(head.as_bytes()).await);
        assert!(conn.write(multipart_file_start().as_bytes()).await);
        let resp = conn
            .response(Duration::from_secs(5))
            .await
            .expect("an answer after the headers, without the body");
        if json {
            assert_eq!(resp.status, 401, "{}", resp.text());
            assert!(resp.json()["erreur"].as_str().unwrap().contains("reconnectez-vous"));
        } else {
            assert_eq!(
                (resp.status, resp.location()),
                (303, "/0699901M/connexion/#erreur-session")
            );
        }
        assert_eq!(resp.header("connection"), Some("close"));
        assert!(
            conn.closed_within(Duration::from_secs(5)).await,
            "the connection is closed, not left reading the body"
        );
    }
    assert_eq!(server.count("SELECT count(*) FROM soumissions"), 0);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_strangers_body_sent_at_full_speed_is_not_read() {
    let server = Server::start(|_| {}).await;
    let mut conn = Raw::open(server.addr).await;
    let head = multipart_head(server.addr, None, TRENTE_MO, "");
    assert!(conn.write(head.as_bytes()).await);
    let (mut reader, mut writer) = conn.stream.into_split();
    // The whole 30 MB as fast as the connection takes them.
    let sent = tokio::spawn(async move {
        use tokio::io::AsyncWriteExt;
        let chunk = vec![b'x'; 64 * 1024];
        let mut sent = 0u64;
        while sent < TRENTE_MO {
            if writer.write_all(&chunk).await.is_err() {
                break;
            }
            sent += chunk.len() as u64;
        }
        sent
    });
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(20), async {
        use tokio::io::AsyncReadExt;
        let _ = reader.read_to_end(&mut answer).await;
    })
    .await;
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 303"), "{text}");
    let sent = tokio::time::timeout(Duration::from_secs(20), sent)
        .await
        .expect("the writer stops: the server closed")
        .unwrap();
    // What the system buffers on both ends is a few megabytes; the old worker read all 30.
    assert!(sent < TRENTE_MO, "the server took the whole body ({sent} bytes)");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_family_declaring_more_than_it_may_send_is_refused_before_sending_it() {
    let server = Server::start(|_| {}).await;
    let cookie = server.login(JEAN_MOULIN, LOU.code, LOU.date).await;
    let mut conn = Raw::open(server.addr).await;
    let head = multipart_head(server.addr, Some(&cookie), 40 * 1_000_000, "");
    assert!(conn.write(head.as_bytes()).await);
    let resp = conn
        .response(Duration::from_secs(5))
        .await
        .expect("413 after the headers");
    assert_eq!(resp.status, 413);
    assert!(resp.text().contains("dépasse 30 Mo"), "{}", resp.text());
    assert_eq!(resp.header("connection"), Some("close"));
    assert!(conn.closed_within(Duration::from_secs(5)).await);
    assert_eq!(server.count("SELECT count(*) FROM pieces"), 0);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_past_the_cap_wait_their_turn() {
    let server = Server::start(|config| config.max_connections = 2).await;
    // Two connections that say nothing hold both slots.
    let first = Raw::open(server.addr).await;
    let _second = Raw::open(server.addr).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut third = Raw::open(server.addr).await;
    assert!(third.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await);
    assert!(
        third.response(Duration::from_secs(1)).await.is_none(),
        "a third connection is not served while two are open"
    );
    // One ends: the waiting connection is accepted and answered.
    drop(first);
    let resp = third
        .response(Duration::from_secs(5))
        .await
        .expect("served once a slot is free");
    assert_eq!(resp.status, 200);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_in_flight_share_a_budget_and_past_it_families_are_told_to_come_back() {
    let server = Server::start(|config| config.max_upload_bytes_in_flight = 1_000_000).await;
    let lou = server.login(JEAN_MOULIN, LOU.code, LOU.date).await;
    let sam = server.login(JEAN_MOULIN, SAM.code, SAM.date).await;
    // Sam's post: 200 kB, all of it sent at once.
    let sam_post = || {
        let mut body = multipart_file_start().into_bytes();
        body.resize(200_000 - format!("\r\n--{BOUNDARY}--\r\n").len(), b'x');
        body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
        let mut bytes = multipart_head(server.addr, Some(&sam), body.len() as u64, "").into_bytes();
        bytes.extend_from_slice(&body);
        bytes
    };

    for round in ["room freed", "no room"] {
        // Lou's post declares 900 kB and sends them slowly: it holds 900 kB of the budget.
        let mut held = Raw::open(server.addr).await;
        assert!(
            held.write(multipart_head(server.addr, Some(&lou), 900_000, "").as_bytes())
                .await
        );
        assert!(held.write(multipart_file_start().as_bytes()).await);
        let app = server.app.clone();
        wait_until("Lou's post holds its room", Duration::from_secs(5), || {
            app.uploads.in_flight() == 900_000
        })
        .await;

        let mut waiting = Raw::open(server.addr).await;
        assert!(waiting.write(&sam_post()).await);
        let started = Instant::now();
        if round == "room freed" {
            assert!(
                waiting.response(Duration::from_secs(1)).await.is_none(),
                "Sam's upload waits for room"
            );
            drop(held);
            let resp = waiting
                .response(Duration::from_secs(8))
                .await
                .expect("read once Lou's post is gone");
            assert!(
                resp.status != 503 && resp.status < 500,
                "{}: {}",
                resp.status,
                resp.text()
            );
        } else {
            let resp = waiting
                .response(Duration::from_secs(20))
                .await
                .expect("an answer after a short wait");
            assert!(started.elapsed() >= Duration::from_secs(5), "it waited for room first");
            assert_eq!(resp.status, 503, "{}", resp.text());
            assert!(resp.text().contains("réessayez dans un instant"), "{}", resp.text());
            assert!(resp.header("retry-after").is_some());
            drop(held);
        }
    }
    let app = server.app.clone();
    wait_until("every reservation given back", Duration::from_secs(5), || {
        app.uploads.in_flight() == 0
    })
    .await;
    server.stop().await;
}
