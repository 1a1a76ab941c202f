//! One file as staff read it: flags for the list, and what the family changed compared with
//! the import (label, import value, family value), from the same form the family filled in.

use crate::store::suivi::{EleveSuivi, Recu};
use dossiersco_model::form::{resp, secretariat_field, Field, FieldKind, CHECKED};
use dossiersco_model::{Etablissement, FormSpec, FormValues};
use serde::Serialize;

/// A guardian's address fields.
pub const ADDRESS_KEYS: [&str; 5] = ["adresse", "adresse2", "code_postal", "commune", "pays"];

/// What the list shows beside a pupil.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Flags {
    /// A guardian's address differs from the import.
    pub adresse_modifiee: bool,
    /// Demi-pension chosen.
    pub demi_pension: bool,
    /// The file was submitted without a mandatory document, neither attached as a file nor
    /// received at the office.
    pub document_manquant: bool,
}

fn get<'a>(values: &'a FormValues, name: &str) -> &'a str {
    values.get(name).map(|v| v.trim()).unwrap_or("")
}

/// Whether guardian `n`'s address in `values` differs from the import's.
pub fn address_changed(prefill: &FormValues, values: &FormValues, n: u8) -> bool {
    ADDRESS_KEYS
        .iter()
        .any(|k| !get(prefill, &resp(n, k)).eq_ignore_ascii_case(get(values, &resp(n, k))))
}

/// The flags of a pupil's file.
pub fn flags(etab: &Etablissement, eleve: &EleveSuivi) -> Flags {
    let Some(values) = eleve.valeurs_famille() else {
        return Flags::default();
    };
    Flags {
        adresse_modifiee: [1, 2].iter().any(|n| address_changed(&eleve.prefill, values, *n)),
        demi_pension: get(values, dossiersco_model::form::names::DEMI_PENSION) == "demi_pensionnaire",
        document_manquant: eleve.soumission.is_some() && !missing_mandatory(etab, eleve).is_empty(),
    }
}

/// The mandatory documents of the file neither attached as a file nor received at the office
/// (their names, in the school's order).
pub fn missing_mandatory(etab: &Etablissement, eleve: &EleveSuivi) -> Vec<String> {
    etab.documents
        .iter()
        .filter(|d| {
            d.obligatoire && !eleve.documents_fournis.contains(&d.code) && !eleve.documents_recus.contains_key(&d.code)
        })
        .map(|d| d.nom.clone())
        .collect()
}

/// A field the family changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changement {
    pub champ: String,
    pub libelle: String,
    pub import: String,
    pub famille: String,
}

/// A field of the file, as shown to staff.
#[derive(Debug, Clone, Serialize)]
pub struct Ligne {
    pub champ: String,
    pub libelle: String,
    pub valeur: String,
    pub import: String,
    pub modifie: bool,
}

/// A section of the file.
#[derive(Debug, Clone, Serialize)]
pub struct Bloc {
    pub legende: String,
    pub champs: Vec<Ligne>,
}

/// A value as staff read it: the label of a choice, Oui/Non for a box, the text otherwise.
pub fn display(field: &Field, value: &str) -> String {
    let value = value.trim();
    match field.kind {
        FieldKind::Checkbox => if value == CHECKED { "Oui" } else { "" }.into(),
        FieldKind::Date => match dossiersco_model::content::iso_date::parse(value) {
            Some(d) => format!("{:02}/{:02}/{}", d.day(), d.month() as u8, d.year()),
            None => value.to_string(),
        },
        FieldKind::Radio | FieldKind::Select => field
            .choices
            .iter()
            .find(|c| c.value == value)
            .map(|c| c.label.clone())
            .unwrap_or_else(|| value.to_string()),
        _ => value.to_string(),
    }
}

/// Sections holding what the import knew: a difference there is a change by the family
/// (elsewhere, the family makes next year's choices).
const IMPORTED_SECTIONS: [&str; 4] = ["eleve", "resp1", "resp2", "urgence"];

/// The file section by section (family values, import values), file fields aside.
pub fn blocks(spec: &FormSpec, eleve: &EleveSuivi) -> Vec<Bloc> {
    let family = eleve.valeurs_famille();
    spec.sections
        .iter()
        .filter(|s| s.id != "signature" || family.is_some())
        .map(|section| Bloc {
            legende: section.legende.clone(),
            champs: section
                .champs
                .iter()
                .filter(|f| f.kind != FieldKind::File)
                .map(|f| {
                    let import = display(f, get(&eleve.prefill, &f.name));
                    let valeur = family
                        .map(|v| display(f, get(v, &f.name)))
                        .unwrap_or_else(|| import.clone());
                    Ligne {
                        champ: f.name.clone(),
                        libelle: f.label.clone(),
                        modifie: family.is_some()
                            && IMPORTED_SECTIONS.contains(&section.id.as_str())
                            && !valeur.eq_ignore_ascii_case(&import),
                        valeur,
                        import,
                    }
                })
                .collect(),
        })
        .collect()
}

/// What the family changed compared with the import, in form order. Only what the import
/// knew (identity, guardians, emergency contact): choices for next year are not changes.
pub fn changes(spec: &FormSpec, eleve: &EleveSuivi) -> Vec<Changement> {
    let Some(values) = eleve.valeurs_famille() else {
        return Vec::new();
    };
    spec.sections
        .iter()
        .filter(|s| IMPORTED_SECTIONS.contains(&s.id.as_str()))
        .flat_map(|section| section.champs.iter().map(move |f| (section, f)))
        .filter_map(|(section, f)| {
            let (import, famille) = (
                display(f, get(&eleve.prefill, &f.name)),
                display(f, get(values, &f.name)),
            );
            (!import.eq_ignore_ascii_case(&famille)).then(|| Changement {
                champ: f.name.clone(),
                libelle: format!("{} — {}", section.legende, f.label),
                import,
                famille,
            })
        })
        .collect()
}

/// A document expected by the school, and where this file stands.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentSuivi {
    pub code: String,
    pub nom: String,
    pub obligatoire: bool,
    /// Received as a file with the submission.
    pub fourni: bool,
    /// The family said it will bring it to the office.
    pub secretariat: bool,
    /// Received at the office (ticked by staff): by whom, when.
    pub recu_secretariat: Option<Recu>,
}

/// The school's documents for this file.
pub fn documents(etab: &Etablissement, eleve: &EleveSuivi) -> Vec<DocumentSuivi> {
    let empty = FormValues::new();
    let values = eleve.valeurs_famille().unwrap_or(&empty);
    etab.documents
        .iter()
        .map(|d| DocumentSuivi {
            code: d.code.clone(),
            nom: d.nom.clone(),
            obligatoire: d.obligatoire,
            fourni: eleve.documents_fournis.contains(&d.code),
            secretariat: get(values, &secretariat_field(&d.code)) == CHECKED,
            recu_secretariat: eleve.documents_recus.get(&d.code).cloned(),
        })
        .collect()
}
