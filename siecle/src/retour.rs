//! The return file: SIECLE's « import privé » (`IMPORT_ELEVES`, schema `schema_Import_3.1.xsd`,
//! copied in `tests/data/`), which the office imports into SIECLE instead of typing the
//! families' changes again. Pure: typed structs in, ISO-8859-15 XML out.
//!
//! Each pupil is checked against the schema's constraints before it is written ([`problemes`]);
//! one that would make the file invalid is left out with its reasons, in French, so the
//! file SIECLE gets always validates and the office knows what to type by hand.

use std::collections::HashMap;
use std::fmt::Write as _;

use time::Date;

use crate::retour_check::{check_eleve, check_parametres, to_latin9};

pub use crate::retour_check::{lignes_adresse, LIGNE_ADRESSE_MAX};

/// PARAMETRES: who sends what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parametres {
    /// UAJ (= UAI) of the school, 8 characters.
    pub uaj: String,
    /// ANNEE_SCOLAIRE: the year the school year the data is for begins (2027 for 2027-2028).
    pub annee_scolaire: i32,
    /// DATE_IMPORT (written jj/mm/aaaa).
    pub date_import: Date,
    /// NUM_ENVOI: 0 to 99999.
    pub num_envoi: u32,
    /// LOGICIEL: the sending software, 1 to 10 characters.
    pub logiciel: String,
}

/// A pupil staying in the school (SIECLE's ELEVE_NON_SORTANT group).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EleveRetour {
    /// ID_NATIONAL (INE): 11 letters or digits, when known.
    pub ine: Option<String>,
    pub nom: String,
    pub prenom: String,
    pub prenom2: Option<String>,
    /// CODE_PAYS_NAT: SIECLE's country code of the nationality (100 = France).
    pub code_pays_nationalite: String,
    pub date_naissance: Date,
    /// CODE_SEXE: "1" boy, "2" girl.
    pub code_sexe: String,
    /// CODE_PAYS: country of birth.
    pub code_pays_naissance: String,
    pub lieu_naissance: LieuNaissance,
    /// CODE_REGIME: 0 externe, 2x demi-pensionnaire…
    pub code_regime: String,
    /// DOUBLEMENT: the same level again next year.
    pub doublement: bool,
    /// The responsables légaux (1 or 2), in order.
    pub responsables: Vec<ResponsableRetour>,
    /// SCOLARITE_ACTIVE: next year.
    pub scolarite: Scolarite,
    /// ETABLISSEMENT_AN_DERNIER: this year, in this school.
    pub an_dernier: AnDernier,
}

/// Where a pupil was born: SIECLE knows French communes by their INSEE code, and foreign
/// towns by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LieuNaissance {
    /// CODE_COMMUNE_INSEE_NAISS, 5 characters.
    CommuneInsee(String),
    /// VILLE_NAISS, 1 to 32 characters.
    Ville(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scolarite {
    /// CODE_MEF of next year's level, 11 characters.
    pub code_mef: String,
    /// CODE_STATUT: "ST" (scolaire).
    pub code_statut: String,
    /// DATE_DEB_SCO: the first day of the school year.
    pub date_debut: Date,
    /// At most 12.
    pub options: Vec<OptionRetour>,
}

/// An option of next year: the matière's SIECLE code and how it is taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionRetour {
    /// CODE_MATIERE, 1 to 6 characters (e.g. 020300 latin).
    pub code_matiere: String,
    /// CODE_MODALITE_ELECT: 'O' obligatoire, 'F' facultative.
    pub modalite: char,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnDernier {
    /// CODE_RNE: the school (UAI).
    pub code_rne: String,
    /// CODE_PROVENANCE, one character.
    pub code_provenance: String,
    /// This year's MEF.
    pub code_mef: Option<String>,
    /// This year's class, at most 8 characters.
    pub code_division: Option<String>,
}

/// A responsable légal of one pupil: the person, and the link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponsableRetour {
    pub personne: PersonneRetour,
    /// CODE_PARENTE (10 mère, 20 père…).
    pub code_parente: String,
    pub paie_frais: bool,
    pub heberge_eleve: bool,
}

/// PERSONNES/PERSONNE. Siblings' identical guardians are written once.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PersonneRetour {
    /// CODE_CIVILITE: "1" M., "2" Mme.
    pub code_civilite: String,
    pub nom: String,
    pub prenom: String,
    pub adresse: Option<AdresseRetour>,
    /// CODE_PROFESSION (99: non renseignée).
    pub code_profession: String,
    pub tel_personnel: Option<String>,
    pub tel_professionnel: Option<String>,
    pub tel_portable: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AdresseRetour {
    /// LIGNE1_ADRESSE…LIGNE4_ADRESSE, each 1 to 38 characters ([`lignes_adresse`]).
    pub lignes: Vec<String>,
    pub commune: Commune,
    /// CODE_PAYS (100 = France).
    pub code_pays: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Commune {
    /// CODE_POSTAL (5 characters) and LL_POSTAL (1 to 32).
    France { code_postal: String, libelle: String },
    /// COMMUNE_ETRANGERE (1 to 32).
    Etrangere(String),
}

/// The file, and the pupils left out of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ecrit {
    /// The XML (ISO-8859-15); `None` when no pupil could be written (the schema wants one).
    pub xml: Option<Vec<u8>>,
    pub exportes: usize,
    /// (index in the pupils given, reasons in French).
    pub refus: Vec<(usize, String)>,
}

/// What makes the whole file impossible (its header).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("fichier de retour SIECLE impossible : {0}")]
pub struct RetourError(pub String);

/// Why this pupil cannot be written as it is (empty when it can), each reason in French.
pub fn problemes(eleve: &EleveRetour) -> Vec<String> {
    check_eleve(eleve)
}

/// Writes the pupils that fit the schema; the others are listed in [`Ecrit::refus`].
pub fn ecrire(parametres: &Parametres, eleves: &[EleveRetour]) -> Result<Ecrit, RetourError> {
    check_parametres(parametres).map_err(RetourError)?;
    let mut refus = Vec::new();
    let mut kept: Vec<&EleveRetour> = Vec::new();
    let mut ines: HashMap<&str, usize> = HashMap::new();
    for (i, e) in eleves.iter().enumerate() {
        let mut reasons = check_eleve(e);
        if let Some(ine) = e.ine.as_deref() {
            if let Some(first) = ines.get(ine) {
                reasons.push(format!(
                    "INE {ine} déjà donné pour un autre élève (n° {} de la liste)",
                    first + 1
                ));
            }
        }
        if kept.len() >= ID_MAX {
            reasons.push(format!("plus de {ID_MAX} élèves dans un même fichier"));
        }
        if reasons.is_empty() {
            if let Some(ine) = e.ine.as_deref() {
                ines.insert(ine, i);
            }
            kept.push(e);
        } else {
            refus.push((i, reasons.join(" ; ")));
        }
    }
    if kept.is_empty() {
        return Ok(Ecrit {
            xml: None,
            exportes: 0,
            refus,
        });
    }
    // Persons once each, numbered in order of appearance.
    let mut personnes: Vec<&PersonneRetour> = Vec::new();
    let mut ids: HashMap<&PersonneRetour, usize> = HashMap::new();
    for e in &kept {
        for r in &e.responsables {
            ids.entry(&r.personne).or_insert_with(|| {
                personnes.push(&r.personne);
                personnes.len()
            });
        }
    }
    if personnes.len() > ID_MAX {
        return Err(RetourError(format!(
            "plus de {ID_MAX} responsables : faites plusieurs envois"
        )));
    }
    let mut x = String::with_capacity(1024 + kept.len() * 2048);
    x.push_str("<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>\n");
    x.push_str("<IMPORT_ELEVES VERSION=\"3.1\">\n  <PARAMETRES>\n");
    el(&mut x, 4, "UAJ", &parametres.uaj);
    el(&mut x, 4, "ANNEE_SCOLAIRE", &parametres.annee_scolaire.to_string());
    el(&mut x, 4, "DATE_IMPORT", &french_date(parametres.date_import));
    el(&mut x, 4, "NUM_ENVOI", &parametres.num_envoi.to_string());
    el(&mut x, 4, "LOGICIEL", &parametres.logiciel);
    x.push_str("  </PARAMETRES>\n  <DONNEES>\n    <PERSONNES>\n");
    for (n, p) in personnes.iter().enumerate() {
        write_personne(&mut x, n + 1, p);
    }
    x.push_str("    </PERSONNES>\n    <ELEVES>\n");
    for (n, e) in kept.iter().enumerate() {
        write_eleve(&mut x, n + 1, e, &ids);
    }
    x.push_str("    </ELEVES>\n  </DONNEES>\n</IMPORT_ELEVES>\n");
    let xml = to_latin9(&x).map_err(|c| RetourError(format!("caractère « {c} » impossible en ISO-8859-15")))?;
    Ok(Ecrit {
        xml: Some(xml),
        exportes: kept.len(),
        refus,
    })
}

/// ID_PRV_ELE and ID_PRV_PER are at most 5 digits.
const ID_MAX: usize = 99_999;

fn write_personne(x: &mut String, id: usize, p: &PersonneRetour) {
    x.push_str("      <PERSONNE>\n");
    el(x, 8, "ID_PRV_PER", &id.to_string());
    el(x, 8, "CODE_CIVILITE", &p.code_civilite);
    el(x, 8, "NOM_DE_FAMILLE", &p.nom);
    el(x, 8, "PRENOM", &p.prenom);
    if let Some(a) = &p.adresse {
        x.push_str("        <ADRESSE>\n");
        for (i, ligne) in a.lignes.iter().enumerate() {
            el(x, 10, &format!("LIGNE{}_ADRESSE", i + 1), ligne);
        }
        match &a.commune {
            Commune::France { code_postal, libelle } => {
                el(x, 10, "CODE_POSTAL", code_postal);
                el(x, 10, "LL_POSTAL", libelle);
            }
            Commune::Etrangere(commune) => el(x, 10, "COMMUNE_ETRANGERE", commune),
        }
        el(x, 10, "CODE_PAYS", &a.code_pays);
        x.push_str("        </ADRESSE>\n");
    }
    el(x, 8, "CODE_PROFESSION", &p.code_profession);
    opt(x, 8, "TEL_PERSONNEL", &p.tel_personnel);
    opt(x, 8, "TEL_PROFESSIONNEL", &p.tel_professionnel);
    opt(x, 8, "TEL_PORTABLE", &p.tel_portable);
    opt(x, 8, "EMAIL", &p.email);
    x.push_str("      </PERSONNE>\n");
}

fn write_eleve(x: &mut String, id: usize, e: &EleveRetour, ids: &HashMap<&PersonneRetour, usize>) {
    x.push_str("      <ELEVE>\n");
    el(x, 8, "ID_PRV_ELE", &id.to_string());
    opt(x, 8, "ID_NATIONAL", &e.ine);
    el(x, 8, "NOM_DE_FAMILLE", &e.nom);
    el(x, 8, "PRENOM", &e.prenom);
    opt(x, 8, "PRENOM2", &e.prenom2);
    el(x, 8, "CODE_PAYS_NAT", &e.code_pays_nationalite);
    el(x, 8, "DATE_NAISS", &iso_date(e.date_naissance));
    el(x, 8, "CODE_SEXE", &e.code_sexe);
    el(x, 8, "CODE_PAYS", &e.code_pays_naissance);
    match &e.lieu_naissance {
        LieuNaissance::CommuneInsee(code) => el(x, 8, "CODE_COMMUNE_INSEE_NAISS", code),
        LieuNaissance::Ville(ville) => el(x, 8, "VILLE_NAISS", ville),
    }
    el(x, 8, "ADHESION_TRANSPORT", "false");
    el(x, 8, "CODE_REGIME", &e.code_regime);
    el(x, 8, "DOUBLEMENT", boolean(e.doublement));
    x.push_str("        <RESPONSABLES_ELEVE>\n");
    for r in &e.responsables {
        x.push_str("          <LEGAL>\n");
        el(x, 12, "ID_PRV_PER", &ids[&r.personne].to_string());
        el(x, 12, "CODE_PARENTE", &r.code_parente);
        el(x, 12, "PAIE_FRAIS_SCOLAIRES", boolean(r.paie_frais));
        el(x, 12, "HEBERGE_ELEVE", boolean(r.heberge_eleve));
        x.push_str("          </LEGAL>\n");
    }
    x.push_str("        </RESPONSABLES_ELEVE>\n        <SCOLARITE_ACTIVE>\n");
    let s = &e.scolarite;
    el(x, 10, "CODE_MEF", &s.code_mef);
    el(x, 10, "CODE_STATUT", &s.code_statut);
    el(x, 10, "DATE_DEB_SCO", &iso_date(s.date_debut));
    x.push_str("          <OPTIONS>\n");
    for o in &s.options {
        x.push_str("            <OPTION>\n");
        el(x, 14, "CODE_MATIERE", &o.code_matiere);
        el(x, 14, "CODE_MODALITE_ELECT", &o.modalite.to_string());
        x.push_str("            </OPTION>\n");
    }
    x.push_str("          </OPTIONS>\n        </SCOLARITE_ACTIVE>\n        <ETABLISSEMENT_AN_DERNIER>\n");
    let a = &e.an_dernier;
    el(x, 10, "CODE_RNE", &a.code_rne);
    el(x, 10, "CODE_PROVENANCE", &a.code_provenance);
    opt(x, 10, "CODE_MEF", &a.code_mef);
    opt(x, 10, "CODE_DIVISION", &a.code_division);
    x.push_str("          <OPTIONS_AN_DERNIER/>\n        </ETABLISSEMENT_AN_DERNIER>\n      </ELEVE>\n");
}

fn el(x: &mut String, indent: usize, name: &str, value: &str) {
    let _ = writeln!(x, "{:indent$}<{name}>{}</{name}>", "", escape(value.trim()));
}

fn opt(x: &mut String, indent: usize, name: &str, value: &Option<String>) {
    if let Some(v) = value.as_deref().filter(|v| !v.trim().is_empty()) {
        el(x, indent, name, v);
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn boolean(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

/// xs:date.
pub(crate) fn iso_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn french_date(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), u8::from(d.month()), d.year())
}
