//! Limits and refusals applied once, at the router: sizes, types, origins, methods, garbage.

mod http_common;

use http_common::client::try_send_raw;
use http_common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_body_is_refused_without_being_read_whole() {
    let server = TestServer::start(Setup::default()).await;
    let cookie = server.login(JEAN_MOULIN, LOU.code, LOU.date).await;
    let big = format!("uai=0699901M&eleve.nom={}", "a".repeat(70 * 1024));
    let resp = server
        .send(
            Req::new("POST", "/dossier")
                .cookie(&cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(big.clone()),
        )
        .await;
    assert_eq!(resp.status, 413);
    assert!(resp.text().contains("64 Kio"), "{}", resp.text());

    // Chunked, so no Content-Length announces it: the limit holds while reading.
    let chunked = format!(
        "PUT /api/dossier/brouillon HTTP/1.1\r\nHost: {a}\r\nOrigin: http://{a}\r\nCookie: {cookie}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n\
         {len:x}\r\n{big}\r\n0\r\n\r\n",
        a = server.addr,
        len = big.len()
    );
    let resp = http_common::client::send_raw(server.addr, chunked.as_bytes()).await;
    assert_eq!(resp.status, 413);
    assert!(resp.json()["erreur"].is_string());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_content_type_is_refused() {
    let server = TestServer::start(Setup::default()).await;
    let json_login = Req::new("POST", "/connexion")
        .header("Content-Type", "application/json")
        .body("{\"code\":\"x\"}");
    let resp = server.send(json_login).await;
    assert_eq!(resp.status, 415);
    assert!(resp.text().contains("application/x-www-form-urlencoded"));
    let untyped = Req::new("POST", "/connexion").body("code=x");
    assert_eq!(server.send(untyped).await.status, 415);
    let form_draft = Req::new("PUT", "/api/dossier/brouillon")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("a=b");
    assert_eq!(server.send(form_draft).await.status, 415);
    // A charset parameter is fine.
    let login = Req::login(JEAN_MOULIN, LOU.code, LOU.date);
    let mut with_charset = login.clone();
    with_charset.headers[0].1 = "application/x-www-form-urlencoded; charset=UTF-8".into();
    assert_eq!(server.send(with_charset).await.status, 303);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_from_another_site_is_refused() {
    let server = TestServer::start(Setup::default()).await;
    let login = || Req::login(JEAN_MOULIN, LOU.code, LOU.date).foreign();
    for origin in ["https://evil.example", "null", "http://127.0.0.1.evil.example"] {
        let resp = server.send(login().header("Origin", origin)).await;
        assert_eq!(resp.status, 403, "{origin}");
        assert!(resp.text().contains("ne vient pas du site"));
        assert!(resp.header("set-cookie").is_none());
    }
    let resp = server.send(login()).await;
    assert_eq!(resp.status, 403, "neither Origin nor Referer");
    let resp = server
        .send(login().header("Referer", "https://evil.example/0699901M/connexion/"))
        .await;
    assert_eq!(resp.status, 403);
    // The site itself: its public origin, or its own pages as Referer.
    let resp = server
        .send(login().header("Origin", "https://reinscription.example.fr"))
        .await;
    assert_eq!(resp.status, 303);
    let referer = format!("{}/0699901M/connexion/", server.origin());
    let resp = server.send(login().header("Referer", &referer)).await;
    assert_eq!(resp.status, 303);
    let attempts: i64 = server
        .db()
        .query_row("SELECT COUNT(*) FROM tentatives_connexion", [], |r| r.get(0))
        .unwrap();
    assert_eq!(attempts, 2, "refused posts did not even reach the login");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_routes_wrong_methods_and_bad_bodies_get_clear_answers() {
    let server = TestServer::start(Setup::default()).await;
    let resp = server.send(Req::get("/nulle-part")).await;
    assert_eq!(resp.status, 404);
    assert!(resp.text().contains("Page introuvable"));
    assert_eq!(
        server.send(Req::get("/api/rien")).await.json()["erreur"],
        "Cette adresse ne correspond à aucune page."
    );

    let resp = server.send(Req::get("/connexion")).await;
    assert_eq!((resp.status, resp.header("allow")), (405, Some("POST")));
    let resp = server.send(Req::new("DELETE", "/api/dossier")).await;
    assert_eq!((resp.status, resp.header("allow")), (405, Some("GET, HEAD")));
    assert!(resp.json()["erreur"].is_string());
    let resp = server.send(Req::new("POST", "/api/dossier/brouillon")).await;
    assert_eq!((resp.status, resp.header("allow")), (405, Some("PUT")));

    let bad = Req::new("POST", "/connexion")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("uai=0699901M&code=%ZZ");
    let resp = server.send(bad).await;
    assert_eq!(resp.status, 400);
    assert!(resp.text().contains("mal formées"));
    let not_utf8 = Req::new("POST", "/connexion")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(b"uai=%FF%FE".to_vec());
    assert_eq!(server.send(not_utf8).await.status, 400);

    let resp = server.send(Req::get("/healthz")).await;
    assert_eq!((resp.status, resp.text().as_str()), (200, "ok"));
    let resp = server.send(Req::new("HEAD", "/healthz")).await;
    assert_eq!((resp.status, resp.body.len()), (200, 0));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_carries_the_security_headers() {
    let server = TestServer::start(Setup::default()).await;
    let responses = [
        server.send(Req::get("/healthz")).await,
        server.send(Req::get("/nulle-part")).await,
        server.send(Req::login(JEAN_MOULIN, LOU.code, LOU.date)).await,
        server.send(Req::get("/api/dossier")).await,
        server.send(Req::new("PATCH", "/dossier")).await,
    ];
    for resp in responses {
        let csp = resp.header("content-security-policy").unwrap_or_default();
        for directive in ["default-src 'self'", "frame-ancestors 'none'", "form-action 'self'"] {
            assert!(
                csp.contains(directive),
                "{directive} missing in {csp} ({})",
                resp.status
            );
        }
        assert_eq!(resp.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(resp.header("referrer-policy"), Some("same-origin"));
        assert_eq!(resp.header("cache-control"), Some("no-store"));
    }
    server.stop().await;
}

/// A small deterministic generator: the same garbage on every run.
fn garbage(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_never_gets_a_500_and_the_server_stays_up() {
    let server = TestServer::start(Setup::default()).await;
    let cookie = server.login(JEAN_MOULIN, LOU.code, LOU.date).await;
    let a = server.addr;
    let mut requests: Vec<Vec<u8>> = (0..40).map(|seed| garbage(seed, 64 + seed as usize * 37)).collect();
    requests.extend(
        [
            "GET / HTTP/1.1\r\n\r\n".to_string(),
            "\r\n\r\n".into(),
            "GET\r\n\r\n".into(),
            "FOO /connexion HTTP/1.1\r\nHost: x\r\n\r\n".into(),
            "GET /%00%2e%2e HTTP/1.1\r\nHost: x\r\n\r\n".into(),
            format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(20_000)),
            format!(
                "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
                "b".repeat(200_000)
            ),
            format!("GET /healthz HTTP/1.1\r\nHost: x\r\n{}\r\n", "X-H: v\r\n".repeat(500)),
            "POST /connexion HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n".into(),
            "POST /connexion HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nabcde".into(),
            "POST /connexion HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n".into(),
            "POST /connexion HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".into(),
            format!("POST /connexion HTTP/1.1\r\nHost: {a}\r\nOrigin: http://{a}\r\nContent-Length: 10\r\n\r\nabc"),
        ]
        .map(String::into_bytes),
    );
    // Well-formed HTTP, absurd bodies, on every route, with a live session.
    for path in ["/connexion", "/dossier", "/satisfaction", "/api/dossier/brouillon"] {
        for (ctype, body) in [
            ("application/x-www-form-urlencoded", garbage(7, 3000)),
            ("application/x-www-form-urlencoded", b"=&&==&%&uai=%E9t%C3".to_vec()),
            (
                "application/x-www-form-urlencoded",
                b"uai=0699901M&mef=&note=99999999999999999999".to_vec(),
            ),
            (
                "application/json",
                b"{\"valeurs\": {\"eleve.nom\": \"\\ud800\"}}".to_vec(),
            ),
            (
                "application/json",
                b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[".to_vec(),
            ),
            ("application/json", garbage(9, 500)),
        ] {
            let method = if path.starts_with("/api/") { "PUT" } else { "POST" };
            let mut bytes = format!(
                "{method} {path} HTTP/1.1\r\nHost: {a}\r\nOrigin: http://{a}\r\nCookie: {cookie}\r\n\
                 Content-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )
            .into_bytes();
            bytes.extend(body);
            requests.push(bytes);
        }
    }
    for (i, bytes) in requests.iter().enumerate() {
        match try_send_raw(a, bytes).await {
            Ok(resp) => assert!(resp.status < 500, "request {i} got {}: {}", resp.status, resp.text()),
            Err(raw) => assert!(raw.is_empty(), "request {i}: not HTTP: {raw:?}"),
        }
    }
    let resp = server.send(Req::get("/healthz")).await;
    assert_eq!(resp.status, 200, "still up");
    let pupil = server.send(Req::get("/api/dossier").cookie(&cookie)).await;
    assert_eq!(pupil.status, 200);
    server.stop().await;
}

/// A stranger (no session) who opens posts to the sibling routes and never sends the bodies it
/// announced is answered at once, not after waiting for 64 KiB per connection.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stranger_s_sibling_post_is_answered_before_its_body_is_read() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let server = TestServer::start(Setup::default()).await;
    let a = server.addr;
    for path in ["/enfant", "/enfant/ajout", "/enfant/reprise"] {
        let mut stream = tokio::net::TcpStream::connect(a).await.unwrap();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {a}\r\nOrigin: http://{a}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 60000\r\n\r\nuai="
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        // The body never comes: the server reads at most until its own 30 s body timeout.
        let mut first = [0u8; 12];
        let read = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read_exact(&mut first)).await;
        let got = read.map(|_| String::from_utf8_lossy(&first).into_owned());
        assert_eq!(
            got.as_deref().ok(),
            Some("HTTP/1.1 401"),
            "{path}: no answer before the body"
        );
    }
    server.stop().await;
}
