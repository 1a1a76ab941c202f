//! "Tout est exact — je réinscris mon enfant": what the one-click page asks, and how its
//! answers join what the school already holds before the same validation as the full form.
//!
//! The page asks what needs an answer every year, even when something is known: the options
//! of the new level the pupil may choose (pre-selected with this year's choice when it
//! continues), demi-pension when the school offers it and nothing is known, the consents not
//! known, the régime de sortie when unknown (SIECLE never exports it), the mandatory documents
//! without a file (attached right there, or brought to the office), the signer — plus whatever
//! the known values lack for the file to be valid (an import without an emergency contact), so
//! a family never meets a dead end. What the family typed this year (the draft) does not
//! change what is asked: a question answered then reloaded stays a question, with its answer.

pub mod summary;

use dossiersco_model::content::Modalite;
use dossiersco_model::form::{names, option_field, CrossRule, Field, FieldKind, CHECKED};
use dossiersco_model::validate::validate_submission_with;
use dossiersco_model::{FormSpec, FormValues};
use std::collections::BTreeSet;

use crate::store::families::Dossier;

/// Name of the hidden field listing the fields the page showed (space-separated): a box left
/// unticked is absent from a post, so the page says which fields it asked.
pub const CHAMPS: &str = "champs";

/// What the school held before this year's answers: the last submission, else the import —
/// without a signature. The questions are chosen from it, not from the draft.
pub fn base_values(dossier: &Dossier) -> FormValues {
    let mut values = match &dossier.soumission {
        Some((values, _)) => values.clone(),
        None => dossier.prefill.clone(),
    };
    values.retain(|name, _| !name.starts_with("signature."));
    values
}

/// Who signs (`signature.signataire`, `signature.nom`), pre-filled so that a family with
/// nothing new taps once: the last signer, else the first guardian known. The fields stay on
/// the page, to be changed.
pub fn default_signer(dossier: &Dossier, known: &FormValues) -> Option<(String, String)> {
    let last = dossier
        .soumission
        .as_ref()
        .and_then(|(v, _)| dossiersco_model::validate::signataire(v));
    if let Some(last) = last {
        let choix = match last.responsable {
            Some(n) => format!("resp{n}"),
            None => "autre".into(),
        };
        return Some((choix, last.nom));
    }
    dossiersco_model::validate::guardian_name(known, 1).map(|nom| ("resp1".into(), nom))
}

/// What the school holds for the file, as the summary shows it: the draft, else the last
/// submission, else the import — without a signature (each submission is signed anew).
pub fn known_values(dossier: &Dossier) -> (FormValues, &'static str) {
    let (values, source) = match (&dossier.brouillon, &dossier.soumission) {
        (Some((values, _)), _) => (values, "brouillon"),
        (None, Some((values, _))) => (values, "soumission"),
        (None, None) => (&dossier.prefill, "import"),
    };
    let mut values = values.clone();
    values.retain(|name, _| !name.starts_with("signature."));
    (values, source)
}

/// The fields the page asks, in form order, and whether some of them are there only because
/// the known values lack them (the page then says so).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Questions {
    pub champs: Vec<String>,
    pub complements: bool,
    /// File fields of the mandatory documents without a file: attached on the page itself.
    pub pieces: Vec<String>,
}

impl Questions {
    pub fn contains(&self, name: &str) -> bool {
        self.champs.iter().any(|c| c == name)
    }
}

/// The fields to ask, given what is known and which documents already have files.
pub fn questions(
    spec: &FormSpec,
    known: &FormValues,
    options_actuelles: &[String],
    documents_fournis: &BTreeSet<String>,
) -> Questions {
    let mut asked: BTreeSet<&str> = BTreeSet::new();
    let mut pieces = Vec::new();
    for section in &spec.sections {
        for field in &section.champs {
            if field.kind == FieldKind::File {
                // A missing mandatory document: its file input, and its office box when the
                // school allows it (the page's form carries files).
                let rule = field.fichier.as_ref();
                if field.required && !rule.is_some_and(|r| documents_fournis.contains(&r.document)) {
                    pieces.push(field.name.clone());
                    if let Some(office_box) = rule.and_then(|r| r.secretariat.as_deref()) {
                        asked.insert(office_box);
                    }
                }
                continue;
            }
            let new_year = match section.id.as_str() {
                // Chosen every year: asked even when known, pre-selected with the known choice.
                "options" => option_is_a_choice(spec, field, options_actuelles),
                "cantine" => field.name == names::DEMI_PENSION && !has_valid(field, known),
                // Chosen for each year like the meal plan, and never in a SIECLE export.
                "sortie" => !has_valid(field, known),
                "consentements" => !has_valid(field, known),
                "documents" => field.required && field.kind == FieldKind::Checkbox,
                "signature" => true,
                _ => false,
            };
            if new_year {
                asked.insert(&field.name);
            }
        }
    }
    let mut missing: BTreeSet<String> = BTreeSet::new();
    if let Err(errors) = validate_submission_with(spec, known, options_actuelles, documents_fournis) {
        missing.extend(errors.into_iter().map(|e| e.field));
    }
    let is_file = |name: &str| spec.field(name).is_some_and(|f| f.kind == FieldKind::File);
    let complements = missing.iter().any(|m| !asked.contains(m.as_str()) && !is_file(m));
    let mut champs: Vec<String> = Vec::new();
    for field in spec.fields().filter(|f| f.kind != FieldKind::File) {
        let depends_on_asked = match &field.rule {
            // Asked together with the answer that makes it required (CAF number with demi-pension).
            Some(CrossRule::RequisSi { champ, .. }) => asked.contains(champ.as_str()),
            _ => false,
        };
        if asked.contains(field.name.as_str()) || missing.contains(&field.name) || depends_on_asked {
            champs.push(field.name.clone());
        }
    }
    Questions {
        champs,
        complements,
        pieces,
    }
}

/// Whether the family has a choice to make for this option field of the new level: a group
/// (LV2) always; a facultative option when the pupil may start it, or takes it and may drop
/// it. One the pupil must keep, or may not start, is a fact, not a question.
fn option_is_a_choice(spec: &FormSpec, field: &Field, options_actuelles: &[String]) -> bool {
    if field.kind == FieldKind::Radio {
        return true;
    }
    let Some(option) = spec.options.iter().find(|o| option_field(o) == field.name) else {
        return false;
    };
    if option.modalite != Modalite::Facultative {
        return false;
    }
    let held = options_actuelles.contains(&option.code);
    if held {
        option.abandonnable
    } else {
        option.ouverte_inscription
    }
}

/// Whether `field` holds one of its choices (or, for other kinds, anything).
fn has_valid(field: &Field, known: &FormValues) -> bool {
    let v = known.get(&field.name).map(|v| v.trim()).unwrap_or("");
    match field.kind {
        FieldKind::Radio | FieldKind::Select => field.choices.iter().any(|c| c.value == v),
        FieldKind::Checkbox => v == CHECKED,
        _ => !v.is_empty(),
    }
}

/// The fields a one-click post answers: those the page listed in [`CHAMPS`] (fields of this
/// form only) and, always, those asked now (a page older than the file asks too little).
pub fn answered(spec: &FormSpec, posted: &FormValues, asked: &Questions) -> Vec<String> {
    let listed = posted.get(CHAMPS).map(String::as_str).unwrap_or("");
    spec.fields()
        .filter(|f| f.kind != FieldKind::File)
        .map(|f| f.name.clone())
        .filter(|name| asked.contains(name) || listed.split_whitespace().any(|l| l == name))
        .collect()
}

/// The known values with the page's answers: an answered field takes the posted value, or
/// becomes empty when absent (an unticked box). Nothing else changes.
pub fn merge(known: &FormValues, posted: &FormValues, answered: &[String]) -> FormValues {
    let mut values = known.clone();
    for name in answered {
        match posted.get(name) {
            Some(v) => values.insert(name.clone(), v.clone()),
            None => values.remove(name),
        };
    }
    values
}

#[cfg(test)]
mod tests;
