//! SIECLE import: the exports of one school → one SQLite transaction.
//!
//! 1. [`load_etablissement`] reads the school's content (its `passages` give each pupil's
//!    destination level; its options give the codes options are stored under).
//! 2. [`read_files`] parses every file before anything is written and refuses, all at once,
//!    files the parser refuses, files of another school (PARAMETRES/UAJ), two files of the
//!    same kind, an import without the pupils' file.
//! 3. [`import_files`] writes pupils, guardians and links in one transaction:
//!    - a new pupil gets an access code (only its keyed hash is stored) unless it leaves
//!      the school (`sortant`: no form, no code);
//!    - a known pupil (same ELEVE_ID) is updated only while its family has not logged in
//!      nor entered anything; otherwise it is left exactly as it is; its code never changes;
//!    - unless that activity is all from before this campaign's opening day: then last year's
//!      file is over, and a new one starts from the family's last submission under the new
//!      SIECLE data ([`carry`]);
//!    - a pupil whose current level is not in the content's `passages` is refused (listed
//!      with the reason in the summary), not imported without a destination: a family
//!      that could log in but find no form would be worse than a missing letter, and
//!      the staff fixes the content and re-imports (the other pupils keep their codes).
//!
//! The codes exist in clear only in what [`CodesOutput`] says: written once to a new CSV
//! file before the commit (removed if the commit fails), or returned in memory.

pub mod archive;
mod carry;
mod codes_file;
mod content;
mod demo;
mod files;
mod guardians;
mod letters;
mod mapping;
mod options;
pub(crate) mod pays;
mod report;
mod retour;
mod run;

use std::path::{Path, PathBuf};

use crate::store::Conn;
use dossiersco_model::Etablissement;
use indicatif::{ProgressBar, ProgressStyle};

pub use content::load_etablissement;
pub use demo::{demo_files, import_demo, DemoLogin, DEMO_UAIS};
pub use files::{read_files, ImportFiles};
pub use letters::LettersOut;
pub use mapping::Refus;
pub use report::{ImportReport, NewCode};
pub use retour::CodesSiecle;

/// Where the access codes created by an import go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodesOutput {
    /// A new CSV file (never overwritten), for the letters.
    File(PathBuf),
    /// Returned in [`ImportReport::codes`] (demo, tests).
    Memory,
    /// Thrown away: new pupils get codes nobody knows (they will need new ones).
    Discard,
    /// The import is refused if it would create any code (re-imports that only update).
    Forbidden,
    /// The printable letters (staff area), and the codes file when given: both new files,
    /// written before the commit.
    Letters {
        codes: Option<PathBuf>,
        letters: LettersOut,
    },
}

/// Why an import was refused. Nothing was written when this is returned.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The school's content is missing or wrong.
    #[error("{0}")]
    Contenu(String),
    /// Problems with the files, all of them (file, line, what).
    #[error("import refusé, rien n'a été importé :\n{}", .0.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n"))]
    Fichiers(Vec<String>),
    #[error(
        "le fichier de codes {} existe déjà : il n'est jamais écrasé (les codes qu'il contient ne peuvent pas être \
         retrouvés autrement). Choisissez un autre nom — rien n'a été importé.",
        .0.display()
    )]
    CodesExistent(PathBuf),
    #[error(
        "cet import créerait {0} nouveau(x) code(s) d'accès, qui ne pourraient plus être retrouvés : indiquez où \
         les écrire avec --codes-out FICHIER.csv (ou --sans-codes pour les abandonner) — rien n'a été importé."
    )]
    CodesSansFichier(usize),
    #[error("écriture du fichier de codes {} impossible ({}) — rien n'a été importé.", .0.display(), .1)]
    EcritureCodes(PathBuf, std::io::Error),
    #[error(
        "le fichier des courriers {} existe déjà : il n'est jamais écrasé. Choisissez un autre nom — rien n'a été \
         importé.",
        .0.display()
    )]
    CourriersExistent(PathBuf),
    #[error("écriture des courriers {} impossible ({}) — rien n'a été importé.", .0.display(), .1)]
    EcritureCourriers(PathBuf, String),
    #[error("base de données : {0:#} — rien n'a été importé.")]
    Base(anyhow::Error),
}

impl From<crate::store::Error> for ImportError {
    fn from(err: crate::store::Error) -> Self {
        ImportError::Base(err.into())
    }
}

impl From<anyhow::Error> for ImportError {
    fn from(err: anyhow::Error) -> Self {
        ImportError::Base(err)
    }
}

/// Checks done before reading anything: a valid UAI, a codes file that does not exist yet.
pub fn precheck(uai: &str, output: &CodesOutput) -> Result<(), ImportError> {
    dossiersco_model::uai::check_uai(uai).map_err(|err| ImportError::Contenu(format!("--uai : {err}")))?;
    if let CodesOutput::File(path) = output {
        if path.exists() {
            return Err(ImportError::CodesExistent(path.clone()));
        }
    }
    if let CodesOutput::Letters { codes, letters } = output {
        if let Some(path) = codes.as_ref().filter(|p| p.exists()) {
            return Err(ImportError::CodesExistent(path.clone()));
        }
        if letters.path.exists() {
            return Err(ImportError::CourriersExistent(letters.path.clone()));
        }
    }
    Ok(())
}

/// The whole import: content, files, transaction.
pub fn import(
    conn: &mut Conn,
    content_dir: &Path,
    uai: &str,
    paths: &[PathBuf],
    output: CodesOutput,
    progress: &ProgressBar,
) -> Result<ImportReport, ImportError> {
    precheck(uai, &output)?;
    let etab = load_etablissement(content_dir, uai)?;
    // SIECLE's ZIP exports are opened into a folder removed when the import ends.
    let unzipped =
        tempfile::tempdir().map_err(|e| ImportError::Base(anyhow::Error::new(e).context("dossier temporaire")))?;
    let paths = archive::expand(paths, unzipped.path())?;
    let files = read_files(uai, &paths)?;
    import_files(conn, &etab, files, output, progress)
}

/// Writes already read files (see [`read_files`]) in one transaction.
pub fn import_files(
    conn: &mut Conn,
    etab: &Etablissement,
    files: ImportFiles,
    output: CodesOutput,
    progress: &ProgressBar,
) -> Result<ImportReport, ImportError> {
    run::run(
        conn,
        etab,
        files,
        output,
        progress,
        crate::store::historique::LIGNE_DE_COMMANDE,
    )
}

/// [`import_files`] done by staff member `qui` (the staff area): the pupils' history names
/// them.
pub fn import_files_by(
    conn: &mut Conn,
    etab: &Etablissement,
    files: ImportFiles,
    output: CodesOutput,
    progress: &ProgressBar,
    qui: &str,
) -> Result<ImportReport, ImportError> {
    run::run(conn, etab, files, output, progress, qui)
}

/// A progress bar on stderr; indicatif hides it when stderr is not a terminal.
pub fn terminal_progress() -> ProgressBar {
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}
