//! SIECLE's formats. Pure: no SQL, no HTTP.
//!
//! - Read: the "BEE" XML exports (Nomenclature, ElevesAvecAdresses, ResponsablesAvecAdresses)
//!   → typed structs. A file is either parsed completely or refused with a [`SiecleError`]
//!   naming the file, the line and the problem: never half-read.
//! - Write: [`retour`], the « import privé » file SIECLE reads back.

mod decode;
mod error;
mod parse;
pub mod retour;
mod retour_check;
mod xml;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_robustesse;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::Date;

pub use error::SiecleError;

/// Which export a file is, from its root element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ExportKind {
    /// `BEE_NOMENCLATURES`
    Nomenclature,
    /// `BEE_ELEVES`
    Eleves,
    /// `BEE_RESPONSABLES`
    Responsables,
}

impl ExportKind {
    pub fn element_racine(self) -> &'static str {
        match self {
            Self::Nomenclature => "BEE_NOMENCLATURES",
            Self::Eleves => "BEE_ELEVES",
            Self::Responsables => "BEE_RESPONSABLES",
        }
    }

    /// For summaries shown to staff.
    pub fn libelle(self) -> &'static str {
        match self {
            Self::Nomenclature => "nomenclatures",
            Self::Eleves => "élèves",
            Self::Responsables => "responsables",
        }
    }

    pub fn from_element_racine(name: &str) -> Option<Self> {
        match name {
            "BEE_NOMENCLATURES" => Some(Self::Nomenclature),
            "BEE_ELEVES" => Some(Self::Eleves),
            "BEE_RESPONSABLES" => Some(Self::Responsables),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedFile {
    pub path: PathBuf,
    /// PARAMETRES/UAJ, as written in the file (trimmed): the school it belongs to.
    pub uaj: String,
    pub annee_scolaire: Option<String>,
    pub content: ExportContent,
}

impl ParsedFile {
    pub fn kind(&self) -> ExportKind {
        self.content.kind()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportContent {
    Nomenclature(Nomenclature),
    Eleves(Vec<EleveSiecle>),
    Responsables(Responsables),
}

impl ExportContent {
    pub fn kind(&self) -> ExportKind {
        match self {
            Self::Nomenclature(_) => ExportKind::Nomenclature,
            Self::Eleves(_) => ExportKind::Eleves,
            Self::Responsables(_) => ExportKind::Responsables,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nomenclature {
    pub mefs: Vec<MefSiecle>,
    pub matieres: Vec<MatiereSiecle>,
    pub programmes: Vec<ProgrammeSiecle>,
}

/// MEFS/MEF: a level or course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MefSiecle {
    /// Attribute CODE_MEF, e.g. "10110001110".
    pub code: String,
    pub libelle_long: String,
    pub libelle_edition: String,
}

/// MATIERES/MATIERE: a subject, options included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatiereSiecle {
    /// Attribute CODE_MATIERE, e.g. "020300".
    pub code: String,
    pub code_gestion: String,
    pub libelle_court: String,
    pub libelle_edition: String,
}

/// PROGRAMMES/PROGRAMME: a subject taught in a MEF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeSiecle {
    pub code_mef: String,
    pub code_matiere: String,
    /// CODE_MODALITE_ELECT: 'O' obligatoire, 'F' facultative, others exist (e.g. 'S').
    pub modalite: char,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sexe {
    M,
    F,
}

/// ELEVES/ELEVE, with its options, structures and address joined in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EleveSiecle {
    /// Attribute ELEVE_ID: SIECLE's key, the one the responsables export refers to.
    pub eleve_id: String,
    /// ID_NATIONAL (INE); absent for some newcomers.
    pub ine: Option<String>,
    /// NOM_DE_FAMILLE
    pub nom: String,
    pub prenom: String,
    pub prenom2: Option<String>,
    pub date_naissance: Date,
    /// CODE_SEXE: 1 = M, 2 = F.
    pub sexe: Option<Sexe>,
    pub ville_naissance: Option<String>,
    pub code_commune_insee_naissance: Option<String>,
    pub code_departement_naissance: Option<String>,
    /// CODE_PAYS
    pub code_pays_naissance: Option<String>,
    /// CODE_PAYS_NAT
    pub code_pays_nationalite: Option<String>,
    pub code_mef: Option<String>,
    pub code_regime: Option<String>,
    /// CODE_PROVENANCE (how the pupil came to the school), written back in the return file.
    pub code_provenance: Option<String>,
    /// CODE_STRUCTURE of each STRUCTURES_ELEVE/STRUCTURE: the division first, then groups.
    pub structures: Vec<String>,
    /// The structure with TYPE_STRUCTURE = D (the class).
    pub division: Option<String>,
    pub date_sortie: Option<Date>,
    /// OPTIONS/OPTION/OPTIONS_ELEVE, by NUM_OPTION.
    pub options: Vec<OptionEleve>,
    /// ADRESSES/ADRESSE named by the pupil's ADRESSE_ID, when it has one.
    pub adresse: Option<AdresseSiecle>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionEleve {
    pub code_matiere: String,
    /// CODE_MODALITE_ELECT: 'O' or 'F' (others possible).
    pub modalite: char,
    pub num_option: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdresseSiecle {
    pub ligne1: String,
    pub ligne2: String,
    pub ligne3: String,
    pub ligne4: String,
    pub code_postal: String,
    /// LL_COMMUNE_INSEE, else LIBELLE_POSTAL, else COMMUNE_ETRANGERE.
    pub commune: String,
    pub code_pays: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Responsables {
    pub personnes: Vec<PersonneSiecle>,
    pub liens: Vec<LienResponsable>,
    /// (ADRESSE_ID, address), in file order.
    pub adresses: Vec<(String, AdresseSiecle)>,
}

/// PERSONNES/PERSONNE: a guardian or contact; one per person even with siblings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonneSiecle {
    pub personne_id: String,
    /// LC_CIVILITE ("MME", "M."), else CODE_CIVILITE.
    pub civilite: Option<String>,
    /// NOM_DE_FAMILLE (NOM_USAGE when the former is missing).
    pub nom: String,
    /// Empty when absent (e.g. an institution).
    pub prenom: String,
    pub tel_personnel: Option<String>,
    pub tel_portable: Option<String>,
    pub tel_professionnel: Option<String>,
    /// MEL
    pub email: Option<String>,
    pub adresse_id: Option<String>,
    /// CODE_PROFESSION (SIECLE's code, e.g. 75; 99 = non renseignée).
    pub code_profession: Option<String>,
}

/// RESPONSABLES/RESPONSABLE_ELEVE: which person is responsible for which pupil.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LienResponsable {
    pub eleve_id: String,
    pub personne_id: String,
    /// "1" responsable légal, "2" personne en charge, "3"/"4" contacts.
    pub niveau_responsabilite: Option<String>,
    /// Lien de parenté code (10 mère, 20 père, …).
    pub code_parente: Option<String>,
    /// PAIE_FRAIS_SCOLAIRES = 1 / true.
    pub paie_frais: bool,
    /// RESP_LEGAL (1 or 2) when the export carries it; the BEE v2 samples do not.
    pub resp_legal: Option<u8>,
}

/// Reads and parses one SIECLE export.
pub fn parse_file(path: &Path) -> Result<ParsedFile, SiecleError> {
    let bytes = std::fs::read(path).map_err(|source| SiecleError::Lecture {
        fichier: file_name(path),
        source,
    })?;
    parse_bytes(path, &bytes)
}

/// Parses the bytes of one SIECLE export; `path` only names it (in errors and the result).
pub fn parse_bytes(path: &Path, bytes: &[u8]) -> Result<ParsedFile, SiecleError> {
    let fichier = file_name(path);
    let text = decode::decode(&fichier, bytes)?;
    let root = xml::parse_tree(&fichier, &text)?;
    let (uaj, annee_scolaire, content) = parse::extract(&fichier, &root)?;
    Ok(ParsedFile {
        path: path.to_path_buf(),
        uaj,
        annee_scolaire,
        content,
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
