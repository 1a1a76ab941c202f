//! Shared by the mail tests: the real SMTP server (tests/support/smtp_server.py) as a child
//! process, the demo school, and a submission enqueued like the server does it.
#![allow(dead_code)]

use dossiersco_model::{Etablissement, FormSpec, FormValues, SiteConfig};
use dossiersco_worker::mail::{self, EmailTemplates, OutgoingEmail};
use dossiersco_worker::store;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// The SMTP server of the tests, killed when dropped.
pub struct SmtpServer {
    child: Child,
    pub port: u16,
    pub dir: PathBuf,
}

impl SmtpServer {
    /// Starts the server on `port` (0: a free one), storing messages in `dir`.
    pub fn start(dir: &Path, port: u16, args: &[&str]) -> SmtpServer {
        let script = repo().join("tests/support/smtp_server.py");
        let mut child = Command::new("python3")
            .arg(&script)
            .arg("--dir")
            .arg(dir)
            .arg("--port")
            .arg(port.to_string())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("python3 introuvable ({e}) : installez Python 3 puis pip install aiosmtpd==1.4.6")
            });
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let Some(port) = line.trim().strip_prefix("PORT ").and_then(|p| p.parse().ok()) else {
            let _ = child.kill();
            let output = child.wait_with_output().unwrap();
            panic!(
                "le serveur SMTP de test n'a pas démarré (pip install aiosmtpd==1.4.6 ?) : {}",
                String::from_utf8_lossy(&output.stderr)
            );
        };
        SmtpServer {
            child,
            port,
            dir: dir.to_path_buf(),
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A port nobody listens on (yet).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A message the server stored: its bytes and its envelope recipients.
pub struct Stored {
    pub raw: Vec<u8>,
    pub rcpt_tos: Vec<String>,
}

impl Stored {
    pub fn message_id(&self) -> String {
        mail_parser::MessageParser::default()
            .parse(&self.raw)
            .and_then(|m| m.message_id().map(str::to_string))
            .expect("a Message-ID")
    }
}

/// Every message stored in `dir` (.eml + .json pairs), in arrival order.
pub fn stored(dir: &Path) -> Vec<Stored> {
    let mut names: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect(),
        Err(_) => return Vec::new(),
    };
    names.sort();
    names
        .into_iter()
        .map(|eml| {
            let json: serde_json::Value =
                serde_json::from_slice(&std::fs::read(eml.with_extension("json")).unwrap()).unwrap();
            Stored {
                raw: std::fs::read(&eml).unwrap(),
                rcpt_tos: json["rcpt_tos"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().to_string())
                    .collect(),
            }
        })
        .collect()
}

/// Polls `done` until true; fails with `what` after a generous deadline (a hang guard, not a
/// timing assertion).
pub fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(90);
    while !done() {
        assert!(Instant::now() < deadline, "toujours pas au bout de 90 s : {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub struct School {
    pub site: SiteConfig,
    pub etab: Etablissement,
}

/// The demo school 0339903K (options, canteen, documents) from content/.
pub fn demo_school() -> School {
    let content = repo().join("content");
    let read = |p: PathBuf| std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    School {
        site: serde_yaml::from_str(&read(content.join("site.yml"))).unwrap(),
        etab: serde_yaml::from_str(&read(content.join("etablissements/0339903K/etablissement.yml"))).unwrap(),
    }
}

/// A valid submission for Lou Martin going to 5e.
pub fn lou_values(resp1: &str, resp2: &str) -> FormValues {
    let pairs = [
        ("eleve.nom", "Martin"),
        ("eleve.prenom", "Lou"),
        ("resp1.email", resp1),
        ("resp2.email", resp2),
        ("option.lv2", "ESP"),
        ("demi_pension", "demi_pensionnaire"),
        ("regime_sortie", "libre"),
        ("consentement.photo_classe", "oui"),
        ("consentement.information_medicale", "non"),
        ("document.justificatif_domicile", "oui"),
        ("document.attestation_assurance", "oui"),
        ("signature.nom", "Camille Martin"),
    ];
    pairs.into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

pub fn templates() -> EmailTemplates {
    EmailTemplates::load(&repo().join("themes/default")).unwrap()
}

/// Lou's confirmation, as the server builds it.
pub fn lou_confirmation(school: &School, resp1: &str, resp2: &str) -> OutgoingEmail {
    let niveau = school.etab.niveau("10110001110").unwrap();
    let spec = FormSpec::build(&school.etab, niveau);
    mail::confirmation(
        &templates(),
        &school.site,
        &school.etab,
        niveau,
        &spec,
        &lou_values(resp1, resp2),
        None,
    )
    .unwrap()
    .expect("an address to write to")
}

/// Records a pupil, a submission and its confirmation in one transaction, like `POST /dossier`.
pub fn submit(db: &Path, n: usize, email: &OutgoingEmail) -> i64 {
    let mut conn = store::open(db).unwrap();
    let tx = conn.transaction().unwrap();
    tx.execute(
        "INSERT INTO eleves (uai, eleve_id_siecle, nom, prenom, date_naissance, prefill, code_hash, importe_le, modifie_le, etat)
         VALUES (?1, ?2, 'Martin', 'Lou', '2014-05-02', '{}', ?2, '2027-04-01T00:00:00Z', '2027-04-01T00:00:00Z', 'transmis')",
        rusqlite::params![email.uai, format!("E{n}")],
    )
    .unwrap();
    let eleve_id = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO soumissions (eleve_id, valeurs, transmis_le) VALUES (?1, '{}', '2027-04-10T10:00:00Z')",
        [eleve_id],
    )
    .unwrap();
    let email = OutgoingEmail {
        eleve_id: Some(eleve_id),
        ..email.clone()
    };
    let id = store::outbox::enqueue(&tx, &email).unwrap();
    tx.commit().unwrap();
    id
}

pub fn counts(db: &Path) -> store::outbox::Counts {
    store::outbox::counts(&store::open(db).unwrap(), None).unwrap()
}

/// A sender task running on its own runtime, as in the worker.
pub struct RunningSender {
    rt: tokio::runtime::Runtime,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<anyhow::Result<mail::SenderStats>>>,
    pub wake: std::sync::Arc<tokio::sync::Notify>,
}

/// Short waits so that retries happen within a test: 1 s doubling up to 2 s.
pub fn test_config(transport: mail::TransportConfig) -> mail::SenderConfig {
    let mut config = mail::SenderConfig::new(transport);
    config.backoff = mail::Backoff {
        min: Duration::from_secs(1),
        max: Duration::from_secs(2),
    };
    config.tick = Duration::from_millis(500);
    config
}

impl RunningSender {
    pub fn start(db: &Path, config: mail::SenderConfig) -> RunningSender {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let wake = config.wake.clone();
        let handle = {
            let _enter = rt.enter();
            mail::spawn_sender(db.to_path_buf(), config, async move {
                let _ = stopped.await;
            })
        };
        RunningSender {
            rt,
            stop: Some(stop),
            handle: Some(handle),
            wake,
        }
    }

    /// Asks the sender to stop and waits for it.
    pub fn stop(mut self) -> mail::SenderStats {
        let _ = self.stop.take().unwrap().send(());
        let handle = self.handle.take().unwrap();
        self.rt.block_on(handle).unwrap().unwrap()
    }
}

pub fn smtp(url: &str) -> mail::TransportConfig {
    mail::TransportConfig::parse_url(url, None).unwrap()
}

impl RunningSender {
    /// Waits for a sender started with `stop_when_empty` to finish by itself.
    pub fn stop_when_done(mut self) -> mail::SenderStats {
        let handle = self.handle.take().unwrap();
        self.rt.block_on(handle).unwrap().unwrap()
    }
}
