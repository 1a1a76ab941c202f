//! Shared by the staff tests: a real server (optionally sending through the real SMTP server
//! of the tests), staff logins through the emailed link, files submitted through the store.
#![allow(dead_code)]

use super::http_common::*;
use dossiersco_model::FormValues;
use dossiersco_worker::config::Config;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running worker over the demo content (campaigns open) and the fixture pupils.
pub struct StaffServer {
    pub addr: SocketAddr,
    pub db: PathBuf,
    pub content: PathBuf,
    pub dir: TempDir,
    /// Where the emails arrive (.eml files): the SMTP server's folder, or the worker's own.
    pub inbox: PathBuf,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<anyhow::Result<()>>>,
}

impl StaffServer {
    /// Starts the server; emails go to `<dir>/var/mail`.
    pub async fn start(smtp_url: Option<String>) -> StaffServer {
        assert!(
            smtp_url.is_none(),
            "with an SMTP server, use start_smtp (where its mail arrives)"
        );
        Self::start_with(None).await
    }

    /// Starts the server sending through the test SMTP server `smtp_url`, which stores what it
    /// receives in `inbox`.
    pub async fn start_smtp(smtp_url: String, inbox: &Path) -> StaffServer {
        Self::start_with(Some((smtp_url, inbox.to_path_buf()))).await
    }

    async fn start_with(smtp: Option<(String, PathBuf)>) -> StaffServer {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        copy_content(&content, (-10, 10));
        let db = dir.path().join("var/dossiersco.sqlite");
        insert_fixture_pupils(&db);
        let mut config = Config::new(&db, &content);
        config.bind = SocketAddr::from(([127, 0, 0, 1], 0));
        config.theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("../themes/default");
        let inbox = match &smtp {
            Some((_, inbox)) => inbox.clone(),
            None => dir.path().join("var/mail"),
        };
        config.smtp_url = smtp.map(|(url, _)| url);
        let server = dossiersco_worker::server::bind(config).await.expect("server starts");
        let addr = server.local_addr();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server.run(async {
            let _ = stopped.await;
        }));
        StaffServer {
            addr,
            db,
            content,
            dir,
            inbox,
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub async fn send(&self, req: Req) -> Resp {
        client::send(self.addr, req).await
    }

    /// A connection to the database (with a busy timeout: the server writes too).
    pub fn conn(&self) -> dossiersco_worker::store::Conn {
        dossiersco_worker::store::open(&self.db).unwrap()
    }

    /// Asks for a login link for `courriel` on school `uai`'s staff page.
    pub async fn ask_link(&self, uai: &str, courriel: &str) -> Resp {
        self.send(Req::form(
            "/personnel/connexion",
            &[("uai", uai), ("courriel", courriel)],
        ))
        .await
    }

    /// The token of the last login link emailed to `courriel`, read from the email as it
    /// arrived (once sent, the outbox no longer holds it).
    pub fn last_link(&self, courriel: &str) -> Option<String> {
        let (id, message_id): (i64, String) = self
            .conn()
            .query_row(
                "SELECT id, message_id FROM outbox WHERE genre = 'lien_personnel' AND destinataires = ?1
                 ORDER BY id DESC LIMIT 1",
                [serde_json::to_string(&[courriel]).unwrap()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ok()?;
        let wanted = message_id.trim_matches(|c| c == '<' || c == '>').to_string();
        for _ in 0..400 {
            if let Some(token) = delivered_link(&self.inbox, &wanted) {
                return Some(token);
            }
            std::thread::sleep(std::time::Duration::from_millis(25));
        }
        panic!("the login link (outbox {id}) never arrived in {}", self.inbox.display());
    }

    /// Opens the emailed link as a browser does (the page, then its button); returns the
    /// answer to the button — a redirection with the staff cookie when the link was good —
    /// or the page itself when it offers no button.
    pub async fn open_link(&self, token: &str) -> Resp {
        let page = self.send(Req::get(&format!("/personnel/lien?jeton={token}"))).await;
        if page.status != 200 {
            return page;
        }
        assert!(page.text().contains("Se connecter"), "{}", page.text());
        self.send(Req::form("/personnel/lien", &[("jeton", token)])).await
    }

    /// Logs in as school `uai`'s demo staff member; returns `dossiersco_personnel=<token>`.
    pub async fn staff_login(&self, uai: &str) -> String {
        let courriel = format!("direction.{uai}@example.fr");
        let resp = self.ask_link(uai, &courriel).await;
        assert_eq!(resp.status, 303, "{}", resp.text());
        let token = self.last_link(&courriel).expect("a link was emailed");
        let resp = self.open_link(&token).await;
        assert_eq!(resp.status, 303, "the link opens a session: {}", resp.text());
        assert_eq!(resp.location(), format!("/{uai}/personnel/tableau/"));
        staff_cookie(&resp).expect("a staff cookie")
    }

    /// The database id of a fixture pupil.
    pub fn id_of(&self, pupil: &Pupil) -> i64 {
        self.conn()
            .query_row(
                "SELECT id FROM eleves WHERE uai = ?1 AND prenom = ?2",
                [pupil.uai, pupil.prenom],
                |r| r.get(0),
            )
            .unwrap()
    }

    /// Records a submission for `pupil` through the store, as `POST /dossier` does.
    pub fn submit(&self, pupil: &Pupil, values: &FormValues) -> i64 {
        let id = self.id_of(pupil);
        let conn = self.conn();
        let outcome = dossiersco_worker::store::families::submit(&conn, id, values, "2027-04-10T08:00:00Z").unwrap();
        assert_eq!(outcome, dossiersco_worker::store::families::WriteOutcome::Enregistre);
        id
    }

    /// Sets a value of the pupil's import pre-fill (an address on file, say).
    pub fn set_prefill(&self, pupil: &Pupil, name: &str, value: &str) {
        let id = self.id_of(pupil);
        let conn = self.conn();
        let json: String = conn
            .query_row("SELECT prefill FROM eleves WHERE id = ?1", [id], |r| r.get(0))
            .unwrap();
        let mut values: FormValues = serde_json::from_str(&json).unwrap();
        values.insert(name.into(), value.into());
        conn.execute(
            "UPDATE eleves SET prefill = ?2 WHERE id = ?1",
            dossiersco_worker::store::params![id, serde_json::to_string(&values).unwrap()],
        )
        .unwrap();
    }

    pub fn state_of(&self, id: i64) -> String {
        self.conn()
            .query_row("SELECT etat FROM eleves WHERE id = ?1", [id], |r| r.get(0))
            .unwrap()
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

/// The login link's token in the message `message_id` of `inbox`, if it has arrived.
pub fn delivered_link(inbox: &Path, message_id: &str) -> Option<String> {
    for entry in std::fs::read_dir(inbox).ok()? {
        let path = entry.ok()?.path();
        if path.extension().is_none_or(|e| e != "eml") {
            continue;
        }
        let raw = std::fs::read(&path).ok()?;
        let message = mail_parser::MessageParser::default().parse(&raw[..])?;
        if message.message_id() != Some(message_id) {
            continue;
        }
        let text = message.body_text(0)?;
        let start = text.find("jeton=")? + "jeton=".len();
        return text.get(start..start + 64).map(str::to_string);
    }
    None
}

/// `__Host-dossiersco_personnel=<token>` from Set-Cookie (the demo's name has no prefix).
pub fn staff_cookie(resp: &Resp) -> Option<String> {
    resp.set_cookie("dossiersco_personnel")?
        .split(';')
        .next()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.ends_with('='))
}

/// A JSON POST.
pub fn post_json(path: &str, body: serde_json::Value) -> Req {
    Req::new("POST", path)
        .header("Content-Type", "application/json")
        .body(body.to_string())
}

/// Lou's complete file (Jean Moulin, 5e) as form values, with a new address for guardian 1.
pub fn lou_file() -> FormValues {
    complete_values()
        .into_iter()
        .filter(|(k, _)| k != "uai" && k != "mef")
        .collect()
}
