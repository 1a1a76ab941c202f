//! Documents families attach (pièces justificatives): PDF, JPEG or PNG, checked by their
//! content, streamed to disk under a random name (`spool`), optionally scanned by an
//! antivirus command (`scan`), recorded in `pieces` and linked to the pupil's file when the
//! submission commits; what is never linked is swept away (`background`).
//!
//! Two ways in: with JavaScript each file is posted alone as soon as it is picked (`api`,
//! `POST /api/pieces`); without, the form posts as multipart/form-data and the files travel
//! with it (`form`, read by `POST /dossier`). Staff download them one by one or a class as a
//! ZIP (`staff`), streamed (`body`).

pub mod api;
pub mod background;
pub mod body;
pub mod budget;
pub mod form;
pub mod scan;
pub mod sniff;
pub mod spool;
pub mod staff;

use crate::app::App;
use crate::http::error::HttpError;
use crate::store::pieces::Etat;
use dossiersco_model::content::Pieces;
use dossiersco_model::message::Texte;
use spool::{ReceiveError, Received, Spool};
use std::time::Duration;

/// Settings of the documents (`dossiersco serve` flags).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Antivirus command run on each file (`clamdscan --no-summary -`); None: files are
    /// accepted on their type alone.
    pub scan_command: Option<String>,
    /// Longest wait for the antivirus on one file; past it the file waits in quarantine.
    pub scan_timeout: Duration,
    /// How often files waiting for the antivirus are scanned again.
    pub retry_every: Duration,
    /// Files attached to nothing (no submission, no draft of their pupil) are deleted this
    /// long after they arrived; a draft's files live as long as the draft.
    pub orphan_after: Duration,
    /// How often the sweep of unlinked files runs (it also runs at start).
    pub sweep_every: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            scan_command: None,
            scan_timeout: Duration::from_secs(60),
            retry_every: Duration::from_secs(120),
            orphan_after: Duration::from_secs(24 * 3600),
            sweep_every: Duration::from_secs(3600),
        }
    }
}

/// The spool folder of this server: `--pieces-dir`, or `pieces/` beside the SQLite database.
pub fn spool(app: &App) -> Spool {
    match &app.config.pieces_dir {
        Some(dir) => Spool { dir: dir.clone() },
        None => Spool::for_db(&app.config.db),
    }
}

/// The document limits of school `uai` (defaults when the school is unknown).
pub fn limits(app: &App, uai: &str) -> Pieces {
    app.content.schools.get(uai).map(|s| s.etab.pieces).unwrap_or_default()
}

/// The antivirus verdict on a received file, as the state of its row. A flagged file is
/// refused (and deleted when `received` drops).
pub async fn check(app: &App, received: &Received, nom: &str) -> Result<Etat, HttpError> {
    let Some(command) = &app.config.pieces.scan_command else {
        return Ok(Etat::Accepte);
    };
    match scan::scan(command, app.config.pieces.scan_timeout, &received.path).await {
        scan::Verdict::Clean => Ok(Etat::Accepte),
        scan::Verdict::Flagged => {
            tracing::warn!(taille = received.taille, "pièce refusée par l'antivirus");
            Err(HttpError::Unprocessable(format!(
                "Le fichier « {nom} » a été refusé par l'analyse antivirus : il n'a pas été enregistré. \
                 Envoyez une autre copie du document (photo ou scan)."
            ))
            .texte(Texte::new("serveur-fichier-antivirus").texte("nom", nom)))
        }
        scan::Verdict::Unavailable(why) => {
            tracing::warn!(raison = %why, "antivirus sans réponse : pièce mise en attente d'analyse");
            Ok(Etat::AnalyseEnAttente)
        }
    }
}

/// "10 Mo" from a byte count (the school's limits are whole megabytes).
pub fn megabytes(bytes: u64) -> String {
    let mo = bytes as f64 / 1_000_000.0;
    if mo.fract() == 0.0 {
        format!("{mo:.0} Mo")
    } else {
        format!("{mo:.1} Mo").replace('.', ",")
    }
}

/// The French refusal of a file that could not be received.
pub fn refusal(err: ReceiveError, nom: &str, per_file: u64, remaining: u64, per_pupil: u64) -> HttpError {
    match err {
        ReceiveError::TooLarge { limit } if limit < per_file => HttpError::TooLargeWith(format!(
            "Le fichier « {nom} » dépasse la place qui reste pour les pièces de cet élève ({} sur {} au total) : \
             il n'a pas été enregistré. Retirez une pièce ou réduisez la taille du fichier.",
            megabytes(remaining),
            megabytes(per_pupil)
        ))
        .texte(
            Texte::new("serveur-fichier-place")
                .texte("nom", nom)
                .octets("reste", remaining)
                .octets("total", per_pupil),
        ),
        ReceiveError::TooLarge { .. } => HttpError::TooLargeWith(format!(
            "Le fichier « {nom} » dépasse {} : il n'a pas été enregistré. Réduisez sa taille (photo moins \
             grande, scan en noir et blanc) puis recommencez.",
            megabytes(per_file)
        ))
        .texte(
            Texte::new("serveur-fichier-trop-gros")
                .texte("nom", nom)
                .octets("max", per_file),
        ),
        ReceiveError::BadType => HttpError::UnsupportedMedia(format!(
            "Le fichier « {nom} » n'est ni un PDF, ni une image JPEG ou PNG (son contenu a été vérifié, pas \
             seulement son nom) : il n'a pas été enregistré."
        ))
        .texte(Texte::new("serveur-fichier-type").texte("nom", nom)),
        ReceiveError::Empty => {
            HttpError::Unprocessable(format!("Le fichier « {nom} » est vide : choisissez-en un autre."))
                .texte(Texte::new("serveur-fichier-vide").texte("nom", nom))
        }
        ReceiveError::Io(err) => HttpError::Internal(err),
    }
}

/// The pupil's form, when the family may still change the file today (the same rules as
/// `POST /dossier`: campaign not closed, file not validated, a destination level).
pub fn editable<'a>(
    app: &'a App,
    session: &crate::store::sessions::SessionEleve,
) -> Result<&'a dossiersco_model::FormSpec, HttpError> {
    let refused = || {
        HttpError::Conflict(
            "Ce dossier ne peut plus être modifié en ligne : pour une pièce, contactez le secrétariat du collège."
                .into(),
        )
    };
    let school = app.content.schools.get(&session.uai).ok_or_else(refused)?;
    if let dossiersco_model::content::CampagneStatus::Close(_) = school.etab.campagne.status(app.today()) {
        return Err(HttpError::Forbidden(
            "La campagne de réinscription est close : contactez le secrétariat du collège.".into(),
        ));
    }
    if !session.etat.family_can_submit() {
        return Err(refused());
    }
    session
        .mef_destination
        .as_deref()
        .and_then(|mef| school.forms.get(mef))
        .ok_or_else(refused)
}

/// Whether `code` is a document the form asks for.
pub fn expects(spec: &dossiersco_model::FormSpec, code: &str) -> bool {
    spec.field(&dossiersco_model::form::document_field(code))
        .is_some_and(|f| f.kind == dossiersco_model::FieldKind::File)
}
