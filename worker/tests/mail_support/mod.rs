//! Shared by the mail tests: the real SMTP server (tests/support/smtp_server.py) as a child
//! process, the demo school, and a submission enqueued like the server does it.
#![allow(dead_code)]

use dossiersco_model::{Etablissement, FormSpec, FormValues, SiteConfig};
use dossiersco_worker::mail::{self, EmailTemplates, OutgoingEmail};
use dossiersco_worker::store;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub mod smtp;
pub use smtp::*;

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
        ("document.justificatif_domicile.secretariat", "oui"),
        ("document.attestation_assurance.secretariat", "oui"),
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
        "fr",
    )
    .unwrap()
    .expect("an address to write to")
}

/// Records a pupil, a submission and its confirmation in one transaction, like `POST /dossier`.
pub fn submit(db: &Path, n: usize, email: &OutgoingEmail) -> i64 {
    let conn = store::open(db).unwrap();
    let tx = conn.transaction().unwrap();
    let eleve_id: i64 = tx
        .query_row(
            "INSERT INTO eleves (uai, eleve_id_siecle, nom, prenom, date_naissance, prefill, code_hash, importe_le, modifie_le, etat)
             VALUES (?1, ?2, 'Martin', 'Lou', '2014-05-02', '{}', ?2, '2027-04-01T00:00:00Z', '2027-04-01T00:00:00Z', 'transmis')
             RETURNING id",
            store::params![email.uai, format!("E{n}")],
            |r| r.get(0),
        )
        .unwrap();
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

/// The demo site's content and the default theme, loaded as the server loads them: what the
/// sender renders the confirmations with (`None` theme: the default one).
pub fn site_and_renderer(theme: Option<&Path>) -> (dossiersco_generator::Site, std::sync::Arc<mail::SendTimeRenderer>) {
    let default_theme = repo().join("themes/default");
    let theme = theme.unwrap_or(&default_theme);
    let site = dossiersco_generator::Site::load(&repo().join("content"), theme).unwrap();
    let renderer = mail::SendTimeRenderer::load(&repo().join("content"), theme).unwrap();
    (site, std::sync::Arc::new(renderer))
}

/// Records a pupil and its submission of `values` to the demo school 0339903K (5e) with its
/// confirmation queued as `POST /dossier` queues it: headers and facts, rendered when sent
/// (in `langue`). Returns the pupil's and the outbox row's ids.
pub fn submit_to_render(db: &Path, n: usize, values: &FormValues, langue: &str) -> (i64, i64) {
    let school = demo_school();
    let conn = store::open(db).unwrap();
    let tx = conn.transaction().unwrap();
    let eleve_id: i64 = tx
        .query_row(
            "INSERT INTO eleves (uai, eleve_id_siecle, nom, prenom, date_naissance, prefill, code_hash, importe_le, modifie_le, etat, mef_destination)
             VALUES (?1, ?2, 'Martin', 'Lou', '2014-05-02', '{}', ?2, '2027-04-01T00:00:00Z', '2027-04-01T00:00:00Z', 'connecte', '10110001110')
             RETURNING id",
            store::params![school.etab.uai, format!("E{n}")],
            |r| r.get(0),
        )
        .unwrap();
    let serialized = store::families::SerializedValues::of(values).unwrap();
    let (_, soumission) = store::families::submit_serialized_id(
        &tx,
        eleve_id,
        &serialized,
        "2027-04-10T10:00:00Z",
        store::families::Mode::Formulaire,
    )
    .unwrap();
    let pending = mail::pending_confirmation(&school.site, &school.etab, values, eleve_id, "10110001110", langue)
        .expect("an address to write to");
    let id = store::outbox::enqueue(&tx, &pending.for_submission(soumission.unwrap())).unwrap();
    tx.commit().unwrap();
    (eleve_id, id)
}
