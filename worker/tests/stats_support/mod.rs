//! A campaign played for the statistics tests: the demo schools imported from their SIECLE
//! exports, a real server on 127.0.0.1:0 where families log in, save drafts, submit and
//! rate; then the instants moved onto the campaign's days (the server stamps real time).
#![allow(dead_code)]

use crate::http_common::{client, copy_content, Req};
use dossiersco_generator::Site;
use dossiersco_model::form::{Field, FieldKind};
use dossiersco_model::FormValues;
use dossiersco_worker::config::Config;
use dossiersco_worker::import::{import_demo, DemoLogin};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub const MOULIN: &str = "0699901M";
pub const TILLEULS: &str = "0389902G";
pub const VEIL: &str = "0339903K";

/// Every campaign runs from `OPENS` days ago to `CLOSES` days from now.
pub const OPENS: i64 = -10;
pub const CLOSES: i64 = 10;

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Content, database with the demo pupils, and the codes the import gave them.
pub struct World {
    pub dir: tempfile::TempDir,
    pub content: PathBuf,
    pub db: PathBuf,
    pub logins: Vec<DemoLogin>,
    pub site: Site,
}

impl World {
    pub fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        copy_content(&content, (OPENS, CLOSES));
        let db = dir.path().join("var/dossiersco.sqlite");
        let mut conn = dossiersco_worker::store::open(&db).unwrap();
        let (logins, _) = import_demo(&mut conn, &content, &repo().join("demo/siecle")).unwrap();
        let site = Site::load(&content, &repo().join("themes/default")).unwrap();
        World {
            dir,
            content,
            db,
            logins,
            site,
        }
    }

    /// The `n` first pupils of `uai` that have a code (import order: featured, then by class).
    pub fn families(&self, uai: &str, n: usize) -> Vec<DemoLogin> {
        let found: Vec<DemoLogin> = self.logins.iter().filter(|l| l.uai == uai).take(n).cloned().collect();
        assert_eq!(found.len(), n, "{uai} has fewer than {n} demo families");
        found
    }

    pub async fn start(&self) -> Server {
        let mut config = Config::new(&self.db, &self.content);
        config.bind = SocketAddr::from(([127, 0, 0, 1], 0));
        config.theme = repo().join("themes/default");
        let server = dossiersco_worker::server::bind(config).await.expect("server starts");
        let addr = server.local_addr();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server.run(async {
            let _ = stopped.await;
        }));
        Server { addr, stop, task }
    }

    pub fn conn(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.db).unwrap()
    }
}

pub struct Server {
    pub addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<anyhow::Result<()>>,
}

impl Server {
    pub async fn send(&self, req: Req) -> client::Resp {
        client::send(self.addr, req).await
    }

    /// Logs the family in; returns its session cookie.
    pub async fn login(&self, family: &DemoLogin) -> String {
        let date = family.date_naissance.to_string();
        let resp = self.send(Req::login(&family.uai, &family.code, &date)).await;
        assert_eq!(resp.status, 303, "login of {}: {}", family.eleve_id_siecle, resp.text());
        assert!(!resp.location().contains("erreur"), "{}", resp.location());
        resp.session_cookie().expect("a session cookie")
    }

    /// Saves a draft changing nothing.
    pub async fn draft(&self, cookie: &str) {
        let resp = self
            .send(
                Req::new("PUT", "/api/dossier/brouillon")
                    .cookie(cookie)
                    .header("Content-Type", "application/json")
                    .body(r#"{"valeurs": {}}"#),
            )
            .await;
        assert_eq!(resp.status, 200, "{}", resp.text());
    }

    /// Submits the family's file: what the import knew, completed the way a family would —
    /// the required fields first, then whatever the server's answer still asks for (the
    /// rules across fields, such as one phone number per guardian).
    pub async fn submit(&self, site: &Site, cookie: &str) {
        let dossier = self.send(Req::get("/api/dossier").cookie(cookie)).await.json();
        let (uai, mef) = (dossier["uai"].as_str().unwrap(), dossier["mef"].as_str().unwrap());
        let spec = site.form_spec(uai, mef).expect("a form for the pupil's level");
        let known: FormValues = serde_json::from_value(dossier["valeurs"].clone()).unwrap();
        let mut values: BTreeMap<String, String> = BTreeMap::new();
        values.insert("uai".into(), uai.into());
        values.insert("mef".into(), mef.into());
        let fields: Vec<&Field> = spec.sections.iter().flat_map(|s| &s.champs).collect();
        for field in &fields {
            match known.get(&field.name).filter(|v| !v.trim().is_empty()) {
                Some(v) => values.insert(field.name.clone(), v.clone()),
                None if field.required => typical(field).and_then(|v| values.insert(field.name.clone(), v)),
                None => None,
            };
        }
        let mut last = String::new();
        for _ in 0..3 {
            let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let resp = self
                .send(
                    Req::form("/dossier", &pairs)
                        .cookie(cookie)
                        .header("Accept", "application/json"),
                )
                .await;
            if resp.status == 303 {
                return;
            }
            assert_eq!(resp.status, 422, "{}", resp.text());
            last = resp.text();
            for error in resp.json()["erreurs"].as_array().unwrap() {
                let name = error["field"].as_str().unwrap();
                let field = fields.iter().find(|f| f.name == name);
                // A document to attach: the family will bring it to the office instead.
                let bring = field
                    .and_then(|f| f.fichier.as_ref())
                    .and_then(|r| r.secretariat.clone());
                match (bring, field.and_then(|f| typical(f))) {
                    (Some(box_name), _) => values.insert(box_name, "oui".into()),
                    (None, Some(value)) => values.insert(name.to_string(), value),
                    (None, None) => panic!("{name}: {error}"),
                };
            }
        }
        panic!("submission still refused after filling what the server asked for: {last}");
    }

    /// Rates the service.
    pub async fn rate(&self, cookie: &str, note: u8) {
        let note = note.to_string();
        let resp = self
            .send(Req::form("/satisfaction", &[("note", &note), ("commentaire", "")]).cookie(cookie))
            .await;
        assert_eq!(resp.status, 303, "{}", resp.text());
    }

    pub async fn stop(self) {
        let _ = self.stop.send(());
        self.task.await.unwrap().unwrap();
    }
}

/// `YYYY-MM-DDTHH:MM:00Z` of the campaign's day `day` (0: the opening day), at `hh:mm` UTC.
pub fn at(day: i64, hh: u8, mm: u8) -> String {
    let date = opening() + time::Duration::days(day);
    format!("{date}T{hh:02}:{mm:02}:00Z")
}

/// The opening day of every campaign (Paris).
pub fn opening() -> time::Date {
    dossiersco_worker::clock::paris_today() + time::Duration::days(OPENS)
}

/// What a family typically types in a field of this kind.
fn typical(field: &Field) -> Option<String> {
    match field.kind {
        FieldKind::Radio | FieldKind::Select => field.choices.first().map(|c| c.value.clone()),
        FieldKind::Checkbox => Some("oui".into()),
        FieldKind::Email => Some("famille@example.fr".into()),
        FieldKind::Tel => Some("06 12 34 56 78".into()),
        FieldKind::Date => Some("2015-01-01".into()),
        FieldKind::Text | FieldKind::Textarea => {
            let fits = |v: &&str| {
                field
                    .pattern
                    .as_deref()
                    .is_none_or(|p| dossiersco_model::rules::matches(p, v))
            };
            ["Dupont", "1234567", "69003"].into_iter().find(fits).map(String::from)
        }
        FieldKind::File => None,
    }
}
