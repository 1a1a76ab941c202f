//! Server-side validation of a posted form, from the same [`FormSpec`] the HTML is built from.

use crate::content::Modalite;
use crate::form::{names, option_field, resp, CrossRule, Field, FieldKind, FormSpec, CHECKED};
use crate::message::Texte;
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
    /// The message's key and arguments when it has parts that vary (a length, an option's
    /// label), for its translations; None for a fixed text (found by its French).
    #[serde(skip)]
    pub texte: Option<Texte>,
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
    let posted = prepare(spec, posted);
    let value = |name: &str| posted.get(name).map(str::trim).unwrap_or("");
    // Each field's value looked up once (the section's check below reads them again).
    let mut section_values: Vec<&str> = Vec::new();

    for section in &spec.sections {
        section_values.clear();
        section_values.extend(section.champs.iter().map(|f| value(&f.name)));
        let filled = section
            .champs
            .iter()
            .zip(&section_values)
            .any(|(f, &v)| !v.is_empty() && Some(v) != f.default.as_deref());
        if section.optionnelle && !filled {
            continue;
        }
        for (field, &v) in section.champs.iter().zip(&section_values) {
            if let Some(rule) = field.fichier.as_ref().filter(|_| field.kind == FieldKind::File) {
                let fourni = documents_fournis.contains(&rule.document);
                let apporte = rule.secretariat.as_ref().is_some_and(|name| value(name) == CHECKED);
                if field.required && !fourni && !apporte {
                    errors.push(error(field, missing_document(rule.secretariat.is_some())));
                }
                continue;
            }
            if let Some((message, texte)) = check_field(field, v, &value) {
                errors.push(FieldError {
                    texte,
                    ..error(field, message)
                });
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
    check_option_rules(spec, &posted, options_actuelles, &mut errors);
    check_signer(spec, &mut clean, &mut errors);

    if errors.is_empty() {
        Ok(clean)
    } else {
        // Form order: the order of the fields in the spec.
        let position = |name: &str| spec.fields().position(|f| f.name == name).unwrap_or(usize::MAX);
        errors.sort_by_key(|e| position(&e.field));
        Err(errors)
    }
}

/// What the worker applies to a post before checking it, so that a page without JavaScript
/// gets what the script does as it is typed:
/// - a ticked copy box ([`CrossRule::Copie`], « Même adresse que le responsable légal 1 »)
///   gives its target fields the values of its source fields (an empty source empties them);
/// - a post naming its signer the old way (only `signature.nom`, from a page of before the
///   choice of the signer) gets the choice that name makes: the guardian it names, else
///   « autre ».
pub fn prepare<'a>(spec: &FormSpec, posted: &'a FormValues) -> Prepared<'a> {
    let mut values = Prepared {
        posted,
        changed: Vec::new(),
    };
    for field in spec.fields() {
        let Some(CrossRule::Copie { source, cible }) = &field.rule else {
            continue;
        };
        if posted.get(&field.name).map(|v| v.trim()) != Some(CHECKED) {
            continue;
        }
        for (from, to) in source.iter().zip(cible) {
            values.set(to, posted.get(from).cloned());
        }
    }
    let signer_asked = spec.field(names::SIGNATURE_SIGNATAIRE).is_some();
    let chosen = values.get(names::SIGNATURE_SIGNATAIRE).map(str::trim).unwrap_or("");
    let typed = values.get(names::SIGNATURE_NOM).map(str::trim).unwrap_or("");
    if signer_asked && chosen.is_empty() && !typed.is_empty() {
        let choice = match guardian_named(|name| values.get(name), typed) {
            Some(n) => format!("resp{n}"),
            None => "autre".into(),
        };
        values.set(names::SIGNATURE_SIGNATAIRE, Some(choice));
    }
    values
}

/// The posted values as they are checked: the post, read in place, under what [`prepare`]
/// changed (most posts change nothing, and the post is never copied).
pub struct Prepared<'a> {
    posted: &'a FormValues,
    /// Fields set (Some) or emptied (None) by [`prepare`], in the order it changed them (a
    /// field's last change wins).
    changed: Vec<(String, Option<String>)>,
}

impl Prepared<'_> {
    /// The value of field `name`, if any.
    pub fn get(&self, name: &str) -> Option<&str> {
        match self.changed.iter().rev().find(|(changed, _)| changed == name) {
            Some((_, value)) => value.as_deref(),
            None => self.posted.get(name).map(String::as_str),
        }
    }

    fn set(&mut self, name: &str, value: Option<String>) {
        self.changed.push((name.to_string(), value));
    }
}

/// « Prénom Nom » of guardian `n` in `values`, if any part is filled in.
pub fn guardian_name(values: &FormValues, n: u8) -> Option<String> {
    guardian_name_in(|name| values.get(name).map(String::as_str), n)
}

fn guardian_name_in<'v>(get: impl Fn(&str) -> Option<&'v str>, n: u8) -> Option<String> {
    let part = |key: &str| get(&resp(n, key)).map(str::trim).unwrap_or("");
    let name = format!("{} {}", part("prenom"), part("nom")).trim().to_string();
    (!name.is_empty()).then_some(name)
}

/// The guardian (1 or 2) whose name `typed` is, in either order, whatever the case and spaces
/// (`get`: the values' reader).
fn guardian_named<'v>(get: impl Fn(&str) -> Option<&'v str> + Copy, typed: &str) -> Option<u8> {
    let words = |text: &str| {
        let mut w: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
        w.sort();
        w
    };
    let typed = words(typed);
    (1..=2).find(|&n| guardian_name_in(get, n).is_some_and(|name| words(&name) == typed))
}

/// Who signed a file: the name and, when the signer is one of its guardians, which one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signataire {
    /// The name written in the file.
    pub nom: String,
    /// 1 or 2: a guardian of the file; None: someone else (the staff view flags it).
    pub responsable: Option<u8>,
}

/// The signer of stored values (a submission). A file signed before the choice of the signer
/// (only a name) counts as signed by the guardian that name is, if any.
pub fn signataire(values: &FormValues) -> Option<Signataire> {
    let nom = values.get(names::SIGNATURE_NOM).map(|v| v.trim()).unwrap_or("");
    if nom.is_empty() {
        return None;
    }
    let responsable = match values.get(names::SIGNATURE_SIGNATAIRE).map(|v| v.trim()) {
        Some("resp1") => Some(1),
        Some("resp2") => Some(2),
        // « Une autre personne » who is in fact a guardian still is one.
        _ => guardian_named(|name| values.get(name).map(String::as_str), nom),
    };
    Some(Signataire {
        nom: nom.to_string(),
        responsable,
    })
}

/// The signer chosen among the guardians must be one the file names; the stored signature
/// then carries that guardian's name (what the staff and the email show).
fn check_signer(spec: &FormSpec, clean: &mut FormValues, errors: &mut Vec<FieldError>) {
    let Some(field) = spec.field(names::SIGNATURE_SIGNATAIRE) else {
        return;
    };
    let n = match clean.get(names::SIGNATURE_SIGNATAIRE).map(String::as_str) {
        Some("resp1") => 1,
        Some("resp2") => 2,
        _ => return,
    };
    match guardian_name(clean, n) {
        Some(name) => {
            clean.insert(names::SIGNATURE_NOM.into(), name);
        }
        None => errors.push(error_with(
            field,
            format!(
                "Le responsable légal {n} n'est pas renseigné dans ce dossier : choisissez la personne qui signe \
                 parmi les responsables indiqués, ou « Une autre personne » avec son nom."
            ),
            Texte::new("validation-signataire-absent").nombre("n", n),
        )),
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
        texte: None,
    }
}

/// An error whose message has parts that vary: its French and its key with arguments.
fn error_with(field: &Field, message: String, texte: Texte) -> FieldError {
    FieldError {
        texte: Some(texte),
        ..error(field, message)
    }
}

/// The message for a field's value (with its key when it has parts that vary), or None when
/// it is fine.
fn check_field<'a>(field: &Field, v: &str, value: &impl Fn(&str) -> &'a str) -> Option<(String, Option<Texte>)> {
    // The length first, as before any other check of a value typed.
    too_long(field, v).or_else(|| check_value(field, v, value).map(|m| (m, None)))
}

/// A value past the field's maximum length: « 100 caractères au plus (101 saisis). »
fn too_long(field: &Field, v: &str) -> Option<(String, Option<Texte>)> {
    let max = field.maxlength?;
    let len = v.chars().count();
    (len > max as usize).then(|| {
        (
            format!("{max} caractères au plus ({len} saisis)."),
            Some(
                Texte::new("validation-trop-long")
                    .nombre("max", max)
                    .nombre("saisis", len as i64),
            ),
        )
    })
}

/// The fixed messages of [`check_field`], in the order they are checked.
fn check_value<'a>(field: &Field, v: &str, value: &impl Fn(&str) -> &'a str) -> Option<String> {
    let required = field.required
        || match &field.rule {
            Some(CrossRule::RequisSi { champ, valeur }) => value(champ) == valeur,
            Some(CrossRule::CodePostalSiFrance { pays }) => rules::is_france(value(pays)),
            Some(CrossRule::Copie { .. }) | None => false,
        };
    if v.is_empty() {
        return required.then(|| match field.kind {
            FieldKind::Radio | FieldKind::Select => "Choisissez une réponse.".to_string(),
            FieldKind::Checkbox => "Cochez cette case pour continuer.".to_string(),
            _ => "Ce champ est obligatoire.".to_string(),
        });
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
fn check_option_rules(spec: &FormSpec, posted: &Prepared, options_actuelles: &[String], errors: &mut Vec<FieldError>) {
    let held = |code: &str| options_actuelles.iter().any(|c| c == code);
    for option in &spec.options {
        let name = option_field(option);
        let chosen = match option.modalite {
            Modalite::Obligatoire if option.groupe.is_none() => true,
            Modalite::Obligatoire => posted.get(&name).map(str::trim) == Some(option.code.as_str()),
            Modalite::Facultative => posted.get(&name).map(str::trim) == Some(CHECKED),
        };
        let Some(field) = spec.field(&name) else { continue };
        if chosen && !option.ouverte_inscription && !held(&option.code) {
            errors.push(error_with(
                field,
                format!(
                    "« {} » est réservée aux élèves qui la suivent déjà cette année.",
                    option.libelle
                ),
                Texte::new("validation-option-reservee").texte("option", &option.libelle),
            ));
        }
        if !chosen && !option.abandonnable && held(&option.code) {
            errors.push(error_with(
                field,
                format!(
                    "« {} » ne peut pas être abandonnée : votre enfant la suit cette année.",
                    option.libelle
                ),
                Texte::new("validation-option-non-abandonnable").texte("option", &option.libelle),
            ));
        }
    }
}
