//! The one-click page's summary: what the school holds, as label/value pairs per section of
//! the form (the labels are the form's, so they read the same on both pages).

use dossiersco_model::form::{Field, FieldKind, CHECKED};
use dossiersco_model::{Etablissement, FormSpec, FormValues};
use serde::Serialize;

use super::Questions;

/// One section of the summary (`<h3>` and a `<dl>`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Bloc {
    /// The form section's id (`eleve`, `resp1`…).
    pub id: String,
    pub titre: String,
    pub lignes: Vec<Ligne>,
}

/// A `<dt>`/`<dd>` pair.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Ligne {
    /// The form's label (French; the page translates it like the form's).
    pub label: String,
    /// The catalog's key of a label that is not the form's (« Cette année »).
    pub cle: Option<&'static str>,
    pub valeur: String,
    /// The value is a text of the form or the school (a choice's label, « Oui »), translated
    /// on the page; otherwise the family's own data, shown as it is.
    pub traduire: bool,
}

/// Sections whose values are shown (documents and signature are asked, never summarized).
const SUMMARIZED: [&str; 8] = [
    "eleve",
    "resp1",
    "resp2",
    "urgence",
    "options",
    "cantine",
    "sortie",
    "consentements",
];

/// The summary of `known`, leaving out the fields the page asks (they are in its form).
/// The second guardian's section is kept even when empty, so the page can say none is known.
pub fn blocs(
    etab: &Etablissement,
    spec: &FormSpec,
    known: &FormValues,
    options_actuelles: &[String],
    asked: &Questions,
) -> Vec<Bloc> {
    let mut out = Vec::new();
    for section in spec.sections.iter().filter(|s| SUMMARIZED.contains(&s.id.as_str())) {
        let mut lignes = Vec::new();
        if section.id == "options" {
            let cette_annee: Vec<&str> = options_actuelles
                .iter()
                .filter_map(|code| etab.options.iter().find(|o| &o.code == code))
                .map(|o| o.libelle.as_str())
                .collect();
            if !cette_annee.is_empty() {
                lignes.push(Ligne {
                    label: "Cette année".into(),
                    cle: Some("resume-cette-annee"),
                    valeur: cette_annee.join(", "),
                    traduire: true,
                });
            }
        }
        for field in section.champs.iter().filter(|f| !asked.contains(&f.name)) {
            // A facultative option not taken is worth saying: one click would drop it.
            let unticked_option = section.id == "options" && field.kind == FieldKind::Checkbox;
            if let Some(valeur) = shown(field, known.get(&field.name).map(|v| v.trim()), unticked_option) {
                lignes.push(Ligne {
                    label: field.label.clone(),
                    cle: None,
                    valeur,
                    traduire: matches!(field.kind, FieldKind::Radio | FieldKind::Select | FieldKind::Checkbox),
                });
            }
        }
        if !lignes.is_empty() || section.id == "resp2" {
            out.push(Bloc {
                id: section.id.clone(),
                titre: section.legende.clone(),
                lignes,
            });
        }
    }
    out
}

/// A value as families read it: a choice's label, a date as jj/mm/aaaa, « Oui » for a
/// ticked box; None for nothing (or an unticked box, unless `unticked_as_no`).
pub(crate) fn shown(field: &Field, value: Option<&str>, unticked_as_no: bool) -> Option<String> {
    let v = value.unwrap_or("");
    match field.kind {
        FieldKind::Checkbox if v == CHECKED => Some("Oui".into()),
        FieldKind::Checkbox => unticked_as_no.then(|| "Non".into()),
        _ if v.is_empty() => None,
        FieldKind::Radio | FieldKind::Select => Some(
            field
                .choices
                .iter()
                .find(|c| c.value == v)
                .map(|c| c.label.clone())
                .unwrap_or_else(|| v.to_string()),
        ),
        FieldKind::Date => Some(match v.split('-').collect::<Vec<_>>().as_slice() {
            [y, m, d] => format!("{d}/{m}/{y}"),
            _ => v.to_string(),
        }),
        _ => Some(v.to_string()),
    }
}
