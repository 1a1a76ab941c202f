//! The one-click and siblings tests' world: the demo content (campaigns open today), the
//! demo SIECLE exports imported through `worker::import` into a real SQLite file, a real
//! server on 127.0.0.1:0, and the raw HTTP client of the other HTTP tests.
#![allow(dead_code)]

#[path = "../http_common/client.rs"]
pub mod client;
#[path = "../http_common/fixtures.rs"]
mod fixtures;

pub use client::{Req, Resp};

use dossiersco_worker::config::Config;
use dossiersco_worker::import::{import_demo, DemoLogin};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub const JEAN_MOULIN: &str = "0699901M";

/// A running worker over the imported demo pupils.
pub struct DemoServer {
    pub addr: SocketAddr,
    pub db: PathBuf,
    pub logins: Vec<DemoLogin>,
    /// The server's clock, which a test may move forward (login backoff).
    pub clock: dossiersco_worker::clock::Clock,
    _dir: TempDir,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<anyhow::Result<()>>>,
}

impl DemoServer {
    pub async fn start() -> DemoServer {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        fixtures::copy_content(&content, (-10, 10));
        let db = dir.path().join("var/dossiersco.sqlite");
        let mut conn = dossiersco_worker::store::open(&db).unwrap();
        let siecle = Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo/siecle");
        let (logins, _) = import_demo(&mut conn, &content, &siecle).expect("demo import");
        drop(conn);
        let mut config = Config::new(&db, &content);
        config.bind = SocketAddr::from(([127, 0, 0, 1], 0));
        config.theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("../themes/default");
        config.clock = dossiersco_worker::clock::Clock::adjustable();
        let clock = config.clock.clone();
        let server = dossiersco_worker::server::bind(config).await.expect("server starts");
        let addr = server.local_addr();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server.run(async {
            let _ = stopped.await;
        }));
        DemoServer {
            addr,
            db,
            logins,
            clock,
            _dir: dir,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// Next spring: the server stops, the campaigns move a year on (the clock too), the school
    /// imports its new SIECLE exports (here the same demo files: the pupils are the same
    /// ELEVE_ID) and the server starts again over the same database.
    pub async fn next_year(mut self) -> (DemoServer, dossiersco_worker::import::ImportReport) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap().unwrap();
        }
        let dir = std::mem::replace(&mut self._dir, tempfile::tempdir().unwrap());
        let content = dir.path().join("content");
        fixtures::copy_content(&content, (355, 375));
        let mut conn = dossiersco_worker::store::open(&self.db).unwrap();
        let siecle = Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo/siecle");
        let report = dossiersco_worker::import::import(
            &mut conn,
            &content,
            JEAN_MOULIN,
            &dossiersco_worker::import::demo_files(&siecle, JEAN_MOULIN),
            dossiersco_worker::import::CodesOutput::Memory,
            &indicatif::ProgressBar::hidden(),
        )
        .expect("next year's import");
        drop(conn);
        let mut config = Config::new(&self.db, &content);
        config.bind = SocketAddr::from(([127, 0, 0, 1], 0));
        config.theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("../themes/default");
        config.clock = dossiersco_worker::clock::Clock::adjustable();
        config.clock.advance(time::Duration::days(365));
        config.today = Some(dossiersco_worker::clock::paris_today() + time::Duration::days(365));
        let clock = config.clock.clone();
        let server = dossiersco_worker::server::bind(config).await.expect("server starts");
        let addr = server.local_addr();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server.run(async {
            let _ = stopped.await;
        }));
        let next = DemoServer {
            addr,
            db: self.db.clone(),
            logins: self.logins.clone(),
            clock,
            _dir: dir,
            stop: Some(stop),
            task: Some(task),
        };
        (next, report)
    }

    pub async fn send(&self, req: Req) -> Resp {
        client::send(self.addr, req).await
    }

    /// The demo login of a pupil of Jean Moulin, by first name.
    pub fn pupil(&self, prenom: &str) -> &DemoLogin {
        self.logins
            .iter()
            .find(|l| l.uai == JEAN_MOULIN && l.prenom == prenom)
            .unwrap_or_else(|| panic!("no demo pupil {prenom}"))
    }

    /// Logs in (the summary comes first) and returns the session cookie.
    pub async fn login(&self, pupil: &DemoLogin) -> String {
        let date = pupil.date_naissance.to_string();
        let resp = self.send(Req::login(&pupil.uai, &pupil.code, &date)).await;
        assert_eq!(resp.status, 303, "login: {}", resp.text());
        assert_eq!(
            resp.location(),
            "/resume",
            "after login the family lands on the summary"
        );
        resp.session_cookie().expect("a session cookie")
    }

    /// `GET /resume` with the cookie: 200 and the page.
    pub async fn summary(&self, cookie: &str) -> String {
        let resp = self.send(Req::get("/resume").cookie(cookie)).await;
        assert_eq!(resp.status, 200, "summary page: {}", resp.text());
        assert!(resp.header("content-type").unwrap().starts_with("text/html"));
        resp.text()
    }

    pub fn db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.db).unwrap()
    }

    /// (etat, last submission's mode and values) of a pupil by first name (Jean Moulin).
    pub fn file(&self, prenom: &str) -> (String, Option<(String, serde_json::Value)>) {
        let db = self.db();
        let etat: String = db
            .query_row(
                "SELECT etat FROM eleves WHERE uai = ?1 AND prenom = ?2",
                [JEAN_MOULIN, prenom],
                |r| r.get(0),
            )
            .unwrap();
        let last = db
            .query_row(
                "SELECT s.mode, s.valeurs FROM soumissions s JOIN eleves e ON e.id = s.eleve_id
                 WHERE e.uai = ?1 AND e.prenom = ?2 ORDER BY s.id DESC LIMIT 1",
                [JEAN_MOULIN, prenom],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
            )
            .ok()
            .map(|(mode, v)| (mode, serde_json::from_str(&v).unwrap()));
        (etat, last)
    }

    /// The import's pre-fill of a pupil (Jean Moulin).
    pub fn prefill(&self, prenom: &str) -> serde_json::Value {
        let json: String = self
            .db()
            .query_row(
                "SELECT prefill FROM eleves WHERE uai = ?1 AND prenom = ?2",
                [JEAN_MOULIN, prenom],
                |r| r.get(0),
            )
            .unwrap();
        serde_json::from_str(&json).unwrap()
    }

    /// Confirmation emails queued for a pupil (Jean Moulin).
    pub fn confirmations(&self, prenom: &str) -> Vec<String> {
        let db = self.db();
        let mut stmt = db
            .prepare(
                "SELECT o.destinataires FROM outbox o JOIN eleves e ON e.id = o.eleve_id
                 WHERE o.genre = 'confirmation' AND e.uai = ?1 AND e.prenom = ?2",
            )
            .unwrap();
        let rows = stmt.query_map([JEAN_MOULIN, prenom], |r| r.get(0)).unwrap();
        rows.map(Result::unwrap).collect()
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

/// The one-click form of a summary page, as a browser without JavaScript would post it:
/// its hidden fields and what the fields show (value attributes, checked boxes and radios),
/// then `answers` on top (an empty answer unticks or empties).
pub fn one_click_post(page: &str, answers: &[(&str, &str)]) -> Req {
    let form = form_of(page, "/dossier");
    let mut fields: BTreeMap<String, String> = form_values(form);
    for (name, value) in answers {
        if value.is_empty() {
            fields.remove(*name);
        } else {
            fields.insert(name.to_string(), value.to_string());
        }
    }
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    Req::form("/dossier", &pairs)
}

/// The HTML of the first `<form>` posting to `action`.
pub fn form_of<'a>(page: &'a str, action: &str) -> &'a str {
    let marker = format!("action=\"{action}\"");
    let at = page
        .find(&marker)
        .unwrap_or_else(|| panic!("no form posting to {action} in the page"));
    let start = page[..at].rfind("<form").unwrap();
    let end = at + page[at..].find("</form>").unwrap();
    &page[start..end]
}

/// The values a browser would post from `form`'s inputs (selects and textareas aside: the
/// one-click page's questions are inputs).
pub fn form_values(form: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for tag in form.split("<input").skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let attr = |name: &str| {
            let key = format!(" {name}=\"");
            tag.find(&key).map(|i| {
                let rest = &tag[i + key.len()..];
                unescape(&rest[..rest.find('"').unwrap_or(rest.len())])
            })
        };
        let Some(name) = attr("name") else { continue };
        let kind = attr("type").unwrap_or_else(|| "text".into());
        let checked = tag.contains(" checked");
        match kind.as_str() {
            "radio" | "checkbox" if !checked => {}
            _ => {
                out.insert(name, attr("value").unwrap_or_default());
            }
        }
    }
    out
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Names of the fields the one-click page asks (the hidden `champs`).
pub fn asked(page: &str) -> Vec<String> {
    form_values(form_of(page, "/dossier"))
        .get("champs")
        .map(|c| c.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default()
}

/// The sibling forms' pupil references, by first name, from the page.
pub fn sibling_ref(page: &str, prenom: &str, action: &str) -> String {
    let mut from = 0;
    while let Some(i) = page[from..].find(&format!("action=\"{action}\"")) {
        let at = from + i;
        let end = at + page[at..].find("</form>").unwrap();
        let form = &page[at..end];
        if form.contains(&format!(" {prenom}<")) || form.contains(&format!(" {prenom}</")) {
            return form_values(&page[page[..at].rfind("<form").unwrap()..end])["eleve_ref"].clone();
        }
        from = end;
    }
    panic!("no form {action} for {prenom} in the page")
}
