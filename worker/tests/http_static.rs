//! The built site served by the worker (`--site-dir`): types, indexes, 404 page, caching,
//! and no way out of the folder.

mod http_common;

use http_common::*;
use std::path::Path;

/// A small built site, and a secret file beside it that must never be served.
fn site(root: &Path) -> std::path::PathBuf {
    let site = root.join("public");
    let files: &[(&str, &[u8])] = &[
        ("index.html", b"<!doctype html><title>Accueil</title>"),
        (
            "404.html",
            b"<!doctype html><title>Page introuvable</title><h1>Introuvable</h1>",
        ),
        (
            "0699901M/connexion/index.html",
            b"<!doctype html><title>Connexion</title>",
        ),
        ("static/site.css", b"body{margin:0}"),
        ("static/dossiersco.js", b"'use strict';"),
        ("static/logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("static/police.woff2", b"wOF2"),
        ("static/icone.png", b"\x89PNG"),
        ("favicon.ico", b"\0\0\x01\0"),
        ("sitemap.xml", b"<?xml version='1.0'?><urlset/>"),
        ("robots.txt", b"User-agent: *"),
        ("stats/donnees.json", b"{}"),
        ("stats/donnees.csv", b"a,b"),
    ];
    for (path, body) in files {
        let file = site.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, body).unwrap();
    }
    std::fs::write(root.join("secret.txt"), "données personnelles").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("secret.txt"), site.join("lien.txt")).unwrap();
    site
}

async fn serving_a_site() -> (TestServer, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(Setup {
        site_dir: Some(site(dir.path())),
        ..Setup::default()
    })
    .await;
    (server, dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_are_served_with_their_type_and_cache_policy() {
    let (server, _dir) = serving_a_site().await;
    for (path, content_type, cache) in [
        ("/", "text/html; charset=utf-8", "no-cache"),
        ("/0699901M/connexion/", "text/html; charset=utf-8", "no-cache"),
        (
            "/static/site.css",
            "text/css; charset=utf-8",
            "public, max-age=31536000",
        ),
        (
            "/static/dossiersco.js",
            "text/javascript; charset=utf-8",
            "public, max-age=31536000",
        ),
        ("/static/logo.svg", "image/svg+xml", "public, max-age=31536000"),
        ("/static/police.woff2", "font/woff2", "public, max-age=31536000"),
        ("/static/icone.png", "image/png", "public, max-age=31536000"),
        ("/favicon.ico", "image/x-icon", "no-cache"),
        ("/sitemap.xml", "application/xml; charset=utf-8", "no-cache"),
        ("/robots.txt", "text/plain; charset=utf-8", "no-cache"),
        ("/stats/donnees.json", "application/json; charset=utf-8", "no-cache"),
        ("/stats/donnees.csv", "text/csv; charset=utf-8", "no-cache"),
    ] {
        let resp = server.send(Req::get(path)).await;
        assert_eq!(resp.status, 200, "{path}");
        assert_eq!(resp.header("content-type"), Some(content_type), "{path}");
        assert_eq!(resp.header("cache-control"), Some(cache), "{path}");
        assert_eq!(resp.header("x-content-type-options"), Some("nosniff"), "{path}");
        assert!(resp.header("content-security-policy").is_some(), "{path}");
    }
    assert_eq!(server.send(Req::get("/static/site.css")).await.text(), "body{margin:0}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn directories_redirect_to_their_slash_and_unknown_pages_get_the_site_404() {
    let (server, _dir) = serving_a_site().await;
    let resp = server.send(Req::get("/0699901M/connexion?x=1")).await;
    assert_eq!(resp.status, 301);
    assert_eq!(resp.location(), "/0699901M/connexion/?x=1");
    let resp = server.send(Req::get("/0699901M/inconnu/")).await;
    assert_eq!(resp.status, 404);
    assert!(resp.text().contains("<h1>Introuvable</h1>"), "the site's own 404 page");
    assert_eq!(resp.header("content-type"), Some("text/html; charset=utf-8"));
    // The worker's routes are still the worker's.
    assert_eq!(server.send(Req::get("/healthz")).await.text(), "ok");
    let resp = server.send(Req::form("/index.html", &[("a", "b")])).await;
    assert_eq!((resp.status, resp.header("allow")), (405, Some("GET, HEAD")));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn head_and_conditional_requests() {
    let (server, _dir) = serving_a_site().await;
    let resp = server.send(Req::new("HEAD", "/static/site.css")).await;
    assert_eq!(resp.status, 200);
    assert!(resp.body.is_empty());
    assert_eq!(resp.header("content-length"), Some("14"));
    let etag = resp.header("etag").expect("an ETag").to_string();
    let resp = server
        .send(Req::get("/static/site.css").header("If-None-Match", &etag))
        .await;
    assert_eq!(resp.status, 304);
    assert!(resp.body.is_empty());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_outside_the_site_folder_can_be_reached() {
    let (server, _dir) = serving_a_site().await;
    for path in [
        "/../secret.txt",
        "/static/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/static/%2E%2E/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/secret.txt%00.html",
        "/lien.txt",
        "/%ff%fe",
        "/.%2e/secret.txt",
    ] {
        let resp = server.send(Req::get(path)).await;
        assert!(resp.status == 404 || resp.status == 400, "{path}: {}", resp.status);
        assert!(!resp.text().contains("données personnelles"), "{path} leaked the file");
    }
    server.stop().await;
}
