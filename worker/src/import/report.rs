//! What an import did, as counts for logs and as a French summary for staff.

use std::fmt;
use std::path::PathBuf;

use time::Date;

use super::mapping::{french, Refus};
use dossiersco_siecle::ExportKind;

/// A code created by this import. Only returned when the caller asked for the codes in
/// memory (demo, tests); the CLI writes them to the codes file instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCode {
    pub uai: String,
    pub eleve_id_siecle: String,
    pub division: Option<String>,
    pub nom: String,
    pub prenom: String,
    pub date_naissance: Date,
    /// Grouped for reading: `7KQ2-MX9D-4TPW`.
    pub code: String,
}

/// The summary of one import.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub uai: String,
    /// (kind, file name) of the files read.
    pub fichiers: Vec<(ExportKind, String)>,
    /// New pupils (sortants included).
    pub importes: usize,
    /// Pupils already there, updated (their family had not logged in).
    pub mis_a_jour: usize,
    /// Pupils already there, same data.
    pub inchanges: usize,
    /// Pupils already there whose family logged in or entered something: left as they were.
    pub laisses: usize,
    /// Pupils whose family's file was from a previous campaign: a new file, pre-filled with
    /// their last answers under the new SIECLE data.
    pub nouvelle_campagne: usize,
    /// Among the imported, updated and unchanged pupils, those leaving the school: no form,
    /// no code.
    pub sortants: usize,
    /// Access codes created (new pupils, and pupils who had none and now have a form).
    pub nouveaux_codes: usize,
    /// The codes themselves, when asked for in memory.
    pub codes: Vec<NewCode>,
    /// Where the codes were written.
    pub fichier_codes: Option<PathBuf>,
    /// Where the printable letters were written.
    pub fichier_courriers: Option<PathBuf>,
    /// Pupils left out, and why.
    pub refuses: Vec<Refus>,
    /// Pupils in the database for this school but not in the export: left as they were.
    pub absents: usize,
    /// Guardian links naming a pupil that is not in the pupils' export.
    pub liens_ignores: usize,
    pub avertissements: Vec<String>,
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn line(f: &mut fmt::Formatter<'_>, label: &str, value: impl fmt::Display) -> fmt::Result {
            let pad = 40usize.saturating_sub(label.chars().count());
            writeln!(f, "  {label}{:pad$} : {value}", "")
        }
        writeln!(f, "Import SIECLE de l'établissement {} terminé.", self.uai)?;
        for (kind, name) in &self.fichiers {
            line(f, &format!("fichier {}", kind.libelle()), name)?;
        }
        line(f, "importés (nouveaux élèves)", self.importes)?;
        line(f, "mis à jour", self.mis_a_jour)?;
        line(f, "inchangés", self.inchanges)?;
        line(f, "laissés tels quels (famille connectée)", self.laisses)?;
        if self.nouvelle_campagne > 0 {
            line(
                f,
                "nouvelle campagne (réponses de l'an dernier)",
                self.nouvelle_campagne,
            )?;
        }
        line(f, "dont sortants (ni formulaire ni code)", self.sortants)?;
        match &self.fichier_codes {
            Some(path) => line(
                f,
                "nouveaux codes d'accès",
                format!("{} (écrits dans {})", self.nouveaux_codes, path.display()),
            )?,
            None => line(f, "nouveaux codes d'accès", self.nouveaux_codes)?,
        }
        if let Some(path) = &self.fichier_courriers {
            line(f, "courriers à imprimer", path.display())?;
        }
        if self.absents > 0 {
            line(f, "absents de l'export (laissés tels quels)", self.absents)?;
        }
        if self.liens_ignores > 0 {
            line(f, "liens responsable–élève sans élève", self.liens_ignores)?;
        }
        line(f, "refusés", self.refuses.len())?;
        for r in &self.refuses {
            writeln!(f, "    - {} : {}", r.eleve, r.motif)?;
        }
        for a in &self.avertissements {
            writeln!(f, "  attention : {a}")?;
        }
        Ok(())
    }
}

impl NewCode {
    /// The line of the codes file (without line end).
    pub(crate) fn csv_line(&self) -> String {
        [
            self.uai.as_str(),
            self.division.as_deref().unwrap_or(""),
            &self.nom,
            &self.prenom,
            &french(self.date_naissance),
            &self.code,
        ]
        .iter()
        .map(|v| csv_field(v))
        .collect::<Vec<_>>()
        .join(";")
    }
}

/// Quotes a field when it holds the separator, a quote or a line break; a leading
/// `= + - @` gets a `'` so a spreadsheet never reads a name as a formula.
fn csv_field(v: &str) -> String {
    let v = if v.starts_with(['=', '+', '-', '@', '\t']) {
        format!("'{v}")
    } else {
        v.to_string()
    };
    if v.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

/// Header of the codes file.
pub(crate) const CSV_HEADER: &str = "uai;division;nom;prenom;date_naissance;code";
