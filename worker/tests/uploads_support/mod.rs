//! What the documents tests share: a real server (127.0.0.1:0, real SQLite file) whose
//! school Jean Moulin asks for a mandatory « justificatif_domicile » with small limits
//! (1 Mo per file, 2 Mo per pupil), real multipart bodies, and looks at the disk and the table.
#![allow(dead_code)]

use crate::http_common::{self, copy_content, insert_fixture_pupils, Req, Resp, JEAN_MOULIN, LOU};
use dossiersco_worker::app::App;
use dossiersco_worker::config::Config;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub const MO: usize = 1_000_000;

/// How the world differs from the default.
pub struct Options {
    pub scan_command: Option<String>,
    pub scan_timeout: Duration,
    pub retry_every: Duration,
    pub orphan_after: Duration,
    pub apport_secretariat: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            scan_command: None,
            scan_timeout: Duration::from_secs(5),
            retry_every: Duration::from_secs(3600),
            orphan_after: Duration::from_secs(24 * 3600),
            apport_secretariat: true,
        }
    }
}

pub struct UploadServer {
    pub addr: SocketAddr,
    pub db: PathBuf,
    pub spool: PathBuf,
    pub app: Arc<App>,
    pub dir: TempDir,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<anyhow::Result<()>>>,
}

impl UploadServer {
    pub async fn start(options: Options) -> UploadServer {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        copy_content(&content, (-10, 10));
        let yml = content.join("etablissements/0699901M/etablissement.yml");
        let text = std::fs::read_to_string(&yml).unwrap().replace(
            "documents:\n",
            "documents:\n  - code: justificatif_domicile\n    nom: Justificatif de domicile\n    obligatoire: true\n",
        );
        let pieces = format!(
            "\npieces:\n  taille_max_fichier_mo: 1\n  taille_max_eleve_mo: 2\n  apport_secretariat: {}\n",
            options.apport_secretariat
        );
        std::fs::write(&yml, text + &pieces).unwrap();
        // The school's English texts translate the demo's documents, not these: translating a
        // text the school does not show is a content error.
        std::fs::remove_file(content.join("etablissements/0699901M/traductions.en.yml")).unwrap();
        let db = dir.path().join("var/dossiersco.sqlite");
        insert_fixture_pupils(&db);
        let mut config = Config::new(&db, &content);
        config.bind = SocketAddr::from(([127, 0, 0, 1], 0));
        config.theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../themes/default");
        config.mail_dir = Some(dir.path().join("courriels"));
        config.pieces.scan_command = options.scan_command;
        config.pieces.scan_timeout = options.scan_timeout;
        config.pieces.retry_every = options.retry_every;
        config.pieces.orphan_after = options.orphan_after;
        let server = dossiersco_worker::server::bind(config).await.expect("server starts");
        let addr = server.local_addr();
        let app = server.app();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server.run(async {
            let _ = stopped.await;
        }));
        UploadServer {
            addr,
            spool: dir.path().join("var/pieces"),
            db,
            app,
            dir,
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub async fn send(&self, req: Req) -> Resp {
        http_common::client::send(self.addr, req).await
    }

    pub async fn send_raw(&self, bytes: &[u8]) -> Resp {
        http_common::client::send_raw(self.addr, bytes).await
    }

    /// Lou's family logged in: the cookie.
    pub async fn login_lou(&self) -> String {
        let resp = self.send(Req::login(JEAN_MOULIN, LOU.code, LOU.date)).await;
        assert_eq!(resp.status, 303, "login: {}", resp.text());
        resp.session_cookie().unwrap()
    }

    /// `POST /api/pieces` as the form's JavaScript sends a picked file.
    pub async fn upload(&self, cookie: &str, document: &str, name: &str, bytes: &[u8]) -> Resp {
        let req = Req::new("POST", "/api/pieces")
            .cookie(cookie)
            .header("Content-Type", "application/octet-stream")
            .header("X-Document", document)
            .header("X-Nom-Fichier", &encode(name))
            .header("Accept", "application/json")
            .body(bytes.to_vec());
        self.send(req).await
    }

    /// `DELETE /api/pieces/<id>` from the site's page.
    pub async fn delete(&self, cookie: &str, id: i64) -> Resp {
        let origin = format!("http://{}", self.addr);
        self.send(
            Req::new("DELETE", &format!("/api/pieces/{id}"))
                .cookie(cookie)
                .header("Origin", &origin),
        )
        .await
    }

    /// `POST /dossier` as multipart/form-data, as a browser without JavaScript posts it.
    pub async fn post_form(&self, cookie: &str, form: &Multipart) -> Resp {
        self.send(
            Req::new("POST", "/dossier")
                .cookie(cookie)
                .header("Content-Type", &form.content_type())
                .body(form.body()),
        )
        .await
    }

    pub fn db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.db).unwrap()
    }

    /// Rows of `pieces`: (document, name, size, sha256, state, linked).
    pub fn rows(&self) -> Vec<(String, String, i64, String, String, bool)> {
        let conn = self.db();
        let mut stmt = conn
            .prepare(
                "SELECT document, nom_original, taille, sha256, etat, soumission_id IS NOT NULL FROM pieces ORDER BY id",
            )
            .unwrap();
        stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    }

    /// Files in the spool folder.
    pub fn spooled(&self) -> Vec<PathBuf> {
        match std::fs::read_dir(&self.spool) {
            Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
            Err(_) => Vec::new(),
        }
    }

    /// Nothing stored: no row, no file.
    pub fn assert_nothing_stored(&self, what: &str) {
        assert!(self.rows().is_empty(), "{what}: rows {:?}", self.rows());
        assert!(self.spooled().is_empty(), "{what}: files {:?}", self.spooled());
    }

    /// The server still answers.
    pub async fn assert_alive(&self) {
        let resp = self.send(Req::get("/healthz")).await;
        assert_eq!(resp.status, 200, "the worker still answers");
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

/// encodeURIComponent.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A PDF of `size` bytes (the signature, then filler).
pub fn pdf(size: usize) -> Vec<u8> {
    let mut v = b"%PDF-1.4\n".to_vec();
    v.resize(size.max(9), b'x');
    v
}

pub fn jpeg(size: usize) -> Vec<u8> {
    let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F'];
    v.resize(size.max(10), 0x42);
    v
}

pub fn png(size: usize) -> Vec<u8> {
    let mut v = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    v.resize(size.max(8), 0x07);
    v
}

/// A Windows executable's first bytes: what a « facture.pdf » from a phishing email holds.
pub fn exe() -> Vec<u8> {
    let mut v = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xFF\xFF".to_vec();
    v.resize(4096, 0);
    v
}

/// The EICAR antivirus test string (harmless; every antivirus flags it), inside a PDF.
pub fn eicar_pdf() -> Vec<u8> {
    let mut v = b"%PDF-1.4\n".to_vec();
    v.extend_from_slice(br"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*");
    v
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// A multipart/form-data body, built as a browser builds it.
pub struct Multipart {
    pub boundary: String,
    parts: Vec<Vec<u8>>,
}

impl Multipart {
    pub fn new() -> Multipart {
        Multipart {
            boundary: "----dossierscoTestBoundary7MA4YWxkTrZu0gW".into(),
            parts: Vec::new(),
        }
    }

    pub fn text(mut self, name: &str, value: &str) -> Multipart {
        self.parts
            .push(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}").into_bytes());
        self
    }

    pub fn file(mut self, name: &str, filename: &str, content_type: &str, bytes: &[u8]) -> Multipart {
        let mut part = format!(
            "Content-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: {content_type}\r\n\r\n"
        )
        .into_bytes();
        part.extend_from_slice(bytes);
        self.parts.push(part);
        self
    }

    /// Every field of a complete file for Lou.
    pub fn complete() -> Multipart {
        http_common::complete_values()
            .iter()
            .fold(Multipart::new(), |m, (k, v)| m.text(k, v))
    }

    pub fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    pub fn body(&self) -> Vec<u8> {
        let mut body = Vec::new();
        for part in &self.parts {
            body.extend_from_slice(format!("--{}\r\n", self.boundary).as_bytes());
            body.extend_from_slice(part);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        body
    }
}

/// Waits (bounded) until `check` holds; panics with `what` otherwise.
pub async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..300 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never happened: {what}");
}
