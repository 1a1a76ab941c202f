//! What the HTTP tests share: a real server on 127.0.0.1:0 over a real SQLite file, demo
//! content with campaign dates moved around today, pupils in the database, a tiny client.
#![allow(dead_code)]

pub mod client;
pub mod fixtures;

pub use client::{Req, Resp};
pub use fixtures::*;

use dossiersco_worker::config::Config;
use std::net::SocketAddr;
use std::path::PathBuf;
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running worker and its files; stopped when dropped with the runtime.
pub struct TestServer {
    pub addr: SocketAddr,
    pub db: PathBuf,
    pub dir: TempDir,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<anyhow::Result<()>>>,
}

/// How the test's world looks.
pub struct Setup {
    /// Campaign of every school: (first day, last day) relative to today, in days.
    pub campaign: (i64, i64),
    /// Also serve this built site.
    pub site_dir: Option<PathBuf>,
    /// site.yml `url_worker` (None: the worker answers on the site itself).
    pub url_worker: Option<&'static str>,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            campaign: (-10, 10),
            site_dir: None,
            url_worker: None,
        }
    }
}

impl TestServer {
    /// Content + database with the fixture pupils, then the server.
    pub async fn start(setup: Setup) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        copy_content(&content, setup.campaign);
        if let Some(url) = setup.url_worker {
            let site_yml = content.join("site.yml");
            let text = std::fs::read_to_string(&site_yml).unwrap();
            let text = text.replace("url_worker: \"\"", &format!("url_worker: {url}"));
            std::fs::write(site_yml, text).unwrap();
        }
        let db = dir.path().join("var/dossiersco.sqlite");
        insert_fixture_pupils(&db);
        let mut config = Config::new(&db, &content);
        config.bind = SocketAddr::from(([127, 0, 0, 1], 0));
        config.site_dir = setup.site_dir;
        config.theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../themes/default");
        let server = dossiersco_worker::server::bind(config).await.expect("server starts");
        let addr = server.local_addr();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server.run(async {
            let _ = stopped.await;
        }));
        TestServer {
            addr,
            db,
            dir,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// Sends one request on a new connection.
    pub async fn send(&self, req: Req) -> Resp {
        client::send(self.addr, req).await
    }

    /// `http://127.0.0.1:port`: the origin of the site in these tests.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Logs in and returns the `name=value` of the session cookie.
    pub async fn login(&self, uai: &str, code: &str, date: &str) -> String {
        let resp = self.send(Req::login(uai, code, date)).await;
        assert_eq!(resp.status, 303, "login should succeed: {}", resp.text());
        resp.session_cookie().expect("a session cookie after login")
    }

    /// A direct connection to the database, to check what was stored.
    pub fn db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.db).unwrap()
    }

    /// The emails the server's sender delivered to its folder (`var/mail`, no SMTP server in
    /// these tests), waiting until there are `n`: (outbox id, the message as sent), oldest first.
    pub async fn delivered(&self, n: usize) -> Vec<(i64, Vec<u8>)> {
        let dir = self.db.with_file_name("mail");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let mut found: Vec<(i64, Vec<u8>)> = std::fs::read_dir(&dir)
                .map(|entries| {
                    entries
                        .filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
                        .filter_map(|p| {
                            let name = p.file_name()?.to_str()?.to_string();
                            let id = name.split('-').next()?.parse().ok()?;
                            Some((id, std::fs::read(&p).ok()?))
                        })
                        .collect()
                })
                .unwrap_or_default();
            if found.len() >= n {
                found.sort_by_key(|(id, _)| *id);
                return found;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{} courriel(s) envoyé(s) au bout de 60 s, {n} attendu(s)",
                found.len()
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// Signals shutdown and waits for the server to finish.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap().unwrap();
        }
    }
}
