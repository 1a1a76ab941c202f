//! Server-side validation of a posted form, from the same [`FormSpec`] the HTML is built from.

use crate::content::Modalite;
use crate::form::{option_field, CrossRule, Field, FieldKind, FormSpec, CHECKED};
use crate::rules;
use crate::FormValues;
use serde::Serialize;
use std::collections::BTreeSet;

/// One problem, tied to a field so the page can show it next to the field's label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// Field name (also the HTML id of its input).
    pub field: String,
    /// The field's label, for the error summary.
    pub label: String,
    /// What is wrong and how to fix it, in French.
    pub message: String,
}

/// Validates a submission. `options_actuelles` are the option codes the pupil holds this
/// year (from the import): options closed to newcomers and options that cannot be dropped
/// depend on them.
///
/// On success returns the normalized values: trimmed, only the form's fields, an unfilled
/// optional section removed. On failure returns every error, in form order.
pub fn validate_submission(
    spec: &FormSpec,
    posted: &FormValues,
    options_actuelles: &[String],
) -> Result<FormValues, Vec<FieldError>> {
    validate_submission_with(spec, posted, options_actuelles, &BTreeSet::new())
}

/// [`validate_submission`] knowing which documents have files (`documents_fournis`: their
/// codes, files already received or arriving with this post). A mandatory document needs a
/// file, or its « J'apporterai au secrétariat » box ticked when the school allows it.
/// Files are not values: a file field never appears in the returned values.
pub fn validate_submission_with(
    spec: &FormSpec,
    posted: &FormValues,
    options_actuelles: &[String],
    documents_fournis: &BTreeSet<String>,
) -> Result<FormValues, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut clean = FormValues::new();
    let value = |name: &str| posted.get(name).map(|v| v.trim()).unwrap_or("");

    for section in &spec.sections {
        let filled = section.champs.iter().any(|f| {
            let v = value(&f.name);
            !v.is_empty() && Some(v) != f.default.as_deref()
        });
        if section.optionnelle && !filled {
            continue;
        }
        for field in &section.champs {
            let v = value(&field.name);
            if let Some(rule) = field.fichier.as_ref().filter(|_| field.kind == FieldKind::File) {
                let fourni = documents_fournis.contains(&rule.document);
                let apporte = rule.secretariat.as_ref().is_some_and(|name| value(name) == CHECKED);
                if field.required && !fourni && !apporte {
                    errors.push(error(field, missing_document(rule.secretariat.is_some())));
                }
                continue;
            }
            if let Some(message) = check_field(field, v, &value) {
                errors.push(error(field, message));
            } else if !v.is_empty() {
                clean.insert(field.name.clone(), normalize(field, v));
            }
        }
        if let Some(rule) = &section.au_moins_un {
            if rule.champs.iter().all(|name| value(name).is_empty()) {
                if let Some(first) = spec.field(&rule.champs[0]) {
                    errors.push(error(first, rule.message.clone()));
                }
            }
        }
    }
    check_option_rules(spec, posted, options_actuelles, &mut errors);

    if errors.is_empty() {
        Ok(clean)
    } else {
        // Form order: the order of the fields in the spec.
        let position = |name: &str| spec.fields().position(|f| f.name == name).unwrap_or(usize::MAX);
        errors.sort_by_key(|e| position(&e.field));
        Err(errors)
    }
}

/// Keeps only the form's fields, cut to their maximum length: what a draft may hold.
/// Drafts are not validated (a family saves half-typed things), only bounded.
pub fn sanitize_draft(spec: &FormSpec, posted: &FormValues) -> FormValues {
    spec.fields()
        .filter(|field| field.kind != FieldKind::File)
        .filter_map(|field| {
            let v = posted.get(&field.name)?;
            let max = field.maxlength.unwrap_or(rules::MAX_COMMENT) as usize;
            Some((field.name.clone(), v.chars().take(max).collect()))
        })
        .collect()
}

/// The stored form of a valid value: dates as YYYY-MM-DD whatever the family typed.
fn normalize(field: &Field, v: &str) -> String {
    match field.kind {
        FieldKind::Date => crate::content::iso_date::parse_typed(v)
            .map(crate::content::iso_date::format)
            .unwrap_or_default(),
        _ => v.to_string(),
    }
}

fn missing_document(secretariat_allowed: bool) -> String {
    if secretariat_allowed {
        "Ce document est obligatoire : joignez-le (PDF, JPEG ou PNG), ou cochez « J'apporterai au secrétariat ».".into()
    } else {
        "Ce document est obligatoire : joignez-le (PDF, JPEG ou PNG).".into()
    }
}

fn error(field: &Field, message: String) -> FieldError {
    FieldError {
        field: field.name.clone(),
        label: field.label.clone(),
        message,
    }
}

/// The message for a field's value, or None when it is fine.
fn check_field<'a>(field: &Field, v: &str, value: &impl Fn(&str) -> &'a str) -> Option<String> {
    let required = field.required
        || match &field.rule {
            Some(CrossRule::RequisSi { champ, valeur }) => value(champ) == valeur,
            Some(CrossRule::CodePostalSiFrance { pays }) => rules::is_france(value(pays)),
            None => false,
        };
    if v.is_empty() {
        return required.then(|| match field.kind {
            FieldKind::Radio | FieldKind::Select => "Choisissez une réponse.".to_string(),
            FieldKind::Checkbox => "Cochez cette case pour continuer.".to_string(),
            _ => "Ce champ est obligatoire.".to_string(),
        });
    }
    if let Some(max) = field.maxlength {
        let len = v.chars().count();
        if len > max as usize {
            return Some(format!("{max} caractères au plus ({len} saisis)."));
        }
    }
    if v.chars()
        .any(|c| c.is_control() && !(field.kind == FieldKind::Textarea && (c == '\n' || c == '\r' || c == '\t')))
    {
        return Some("Ce champ contient des caractères non autorisés.".into());
    }
    match field.kind {
        FieldKind::Radio | FieldKind::Select if !field.choices.iter().any(|c| c.value == v) => {
            return Some("Choisissez une des réponses proposées.".into());
        }
        FieldKind::Checkbox if v != CHECKED => return Some("Valeur de case à cocher invalide.".into()),
        FieldKind::Date if crate::content::iso_date::parse_typed(v).is_none() => {
            return Some("Date invalide : attendu jj/mm/aaaa.".into());
        }
        _ => {}
    }
    if let Some(pattern) = &field.pattern {
        if !rules::matches(pattern, v) {
            return Some(
                field
                    .pattern_message
                    .clone()
                    .unwrap_or_else(|| "Format invalide.".into()),
            );
        }
    }
    if let Some(CrossRule::CodePostalSiFrance { pays }) = &field.rule {
        if rules::is_france(value(pays)) && !rules::matches(rules::CODE_POSTAL_FR, v) {
            return Some(
                field
                    .pattern_message
                    .clone()
                    .unwrap_or_else(|| "Code postal invalide.".into()),
            );
        }
    }
    None
}

/// Options closed to newcomers, options that cannot be dropped.
fn check_option_rules(
    spec: &FormSpec,
    posted: &FormValues,
    options_actuelles: &[String],
    errors: &mut Vec<FieldError>,
) {
    let held = |code: &str| options_actuelles.iter().any(|c| c == code);
    for option in &spec.options {
        let name = option_field(option);
        let chosen = match option.modalite {
            Modalite::Obligatoire if option.groupe.is_none() => true,
            Modalite::Obligatoire => posted.get(&name).map(|v| v.trim()) == Some(option.code.as_str()),
            Modalite::Facultative => posted.get(&name).map(|v| v.trim()) == Some(CHECKED),
        };
        let Some(field) = spec.field(&name) else { continue };
        if chosen && !option.ouverte_inscription && !held(&option.code) {
            errors.push(error(
                field,
                format!(
                    "« {} » est réservée aux élèves qui la suivent déjà cette année.",
                    option.libelle
                ),
            ));
        }
        if !chosen && !option.abandonnable && held(&option.code) {
            errors.push(error(
                field,
                format!(
                    "« {} » ne peut pas être abandonnée : votre enfant la suit cette année.",
                    option.libelle
                ),
            ));
        }
    }
}
