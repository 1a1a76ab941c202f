//! What the abuse tests share (flood, mail supervision, daily limits): the real server on
//! 127.0.0.1:0 over a real SQLite file with the fixture pupils, like `http_common`'s, but with
//! settings of the test's choosing; raw connections for clients that misbehave.
#![allow(dead_code)]

use crate::http_common::{client, copy_content, insert_fixture_pupils, Req, Resp};
use dossiersco_worker::app::App;
use dossiersco_worker::config::Config;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tempfile::TempDir;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub struct Server {
    pub addr: SocketAddr,
    pub db: PathBuf,
    pub app: Arc<App>,
    pub dir: TempDir,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<anyhow::Result<()>>>,
}

impl Server {
    /// Content (campaigns open around today) + database with the fixture pupils, then the
    /// server with the default settings changed by `settings`.
    pub async fn start(settings: impl FnOnce(&mut Config)) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        copy_content(&content, (-10, 10));
        let db = dir.path().join("var/dossiersco.sqlite");
        insert_fixture_pupils(&db);
        let mut config = Config::new(&db, &content);
        config.bind = SocketAddr::from(([127, 0, 0, 1], 0));
        config.theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../themes/default");
        settings(&mut config);
        let server = dossiersco_worker::server::bind(config).await.expect("server starts");
        let addr = server.local_addr();
        let app = server.app();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server.run(async {
            let _ = stopped.await;
        }));
        Server {
            addr,
            db,
            app,
            dir,
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub async fn send(&self, req: Req) -> Resp {
        client::send(self.addr, req).await
    }

    /// Logs in and returns the `name=value` of the session cookie.
    pub async fn login(&self, uai: &str, code: &str, date: &str) -> String {
        let resp = self.send(Req::login(uai, code, date)).await;
        assert_eq!(resp.status, 303, "login should succeed: {}", resp.text());
        resp.session_cookie().expect("a session cookie after login")
    }

    pub fn db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.db).unwrap()
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.db().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// `GET /healthz` as JSON.
    pub async fn health(&self) -> (u16, serde_json::Value) {
        let resp = self
            .send(Req::get("/healthz").header("Accept", "application/json"))
            .await;
        (resp.status, resp.json())
    }

    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap().unwrap();
        }
    }
}

/// A connection the test drives by hand: writes what it wants, when it wants.
pub struct Raw {
    pub stream: TcpStream,
    read: Vec<u8>,
}

impl Raw {
    pub async fn open(addr: SocketAddr) -> Raw {
        let stream = TcpStream::connect(addr).await.unwrap();
        stream.set_nodelay(true).unwrap();
        Raw {
            stream,
            read: Vec::new(),
        }
    }

    /// Writes `bytes`; false when the server no longer takes them (closed).
    pub async fn write(&mut self, bytes: &[u8]) -> bool {
        self.stream.write_all(bytes).await.is_ok()
    }

    /// Reads until the end of a response head and its Content-Length body, within `wait`;
    /// None when nothing complete came.
    pub async fn response(&mut self, wait: Duration) -> Option<Resp> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(resp) = parse(&self.read) {
                return Some(resp);
            }
            let mut chunk = [0u8; 16 * 1024];
            match tokio::time::timeout_at(deadline, self.stream.read(&mut chunk)).await {
                Ok(Ok(0)) | Ok(Err(_)) | Err(_) => return parse(&self.read),
                Ok(Ok(n)) => self.read.extend_from_slice(&chunk[..n]),
            }
        }
    }

    /// Whether the server closed the connection within `wait` (reads and drops what comes).
    pub async fn closed_within(&mut self, wait: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let mut chunk = [0u8; 16 * 1024];
            match tokio::time::timeout_at(deadline, self.stream.read(&mut chunk)).await {
                Ok(Ok(0)) | Ok(Err(_)) => return true,
                Ok(Ok(_)) => {}
                Err(_) => return false,
            }
        }
    }
}

/// A complete response in `raw` (head + Content-Length bytes), if there is one.
fn parse(raw: &[u8]) -> Option<Resp> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let body = raw.get(end + 4..end + 4 + length)?.to_vec();
    Some(Resp { status, headers, body })
}

/// The head of a multipart POST to /dossier declaring `length` bytes of body.
pub fn multipart_head(addr: SocketAddr, cookie: Option<&str>, length: u64, extra: &str) -> String {
    let cookie = cookie.map(|c| format!("Cookie: {c}\r\n")).unwrap_or_default();
    format!(
        "POST /dossier HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n{cookie}{extra}\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {length}\r\n\r\n"
    )
}

pub const BOUNDARY: &str = "----limites";

/// The opening of a multipart body: one file part whose bytes follow.
pub fn multipart_file_start() -> String {
    format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"document.justificatif_domicile\"; \
         filename=\"scan.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n"
    )
}

/// Waits until `done` holds, at most `wait`.
pub async fn wait_until(what: &str, wait: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + wait;
    while !done() {
        assert!(Instant::now() < deadline, "pas arrivé en {wait:?} : {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
