//! The messages said by their key in other languages keep their French in the code: the French
//! catalog must say exactly the same, or a translator would translate a text nobody reads.
//! Every such message the worker and the model build, with figures that exercise the plurals
//! and the sizes, rendered from `fr.ftl`, equals the code's French to the byte.

mod mail_support;

use dossiersco_i18n::Catalogs;
use dossiersco_model::message::Texte;
use dossiersco_worker::app::langues::Langues;
use dossiersco_worker::http::error::HttpError;
use dossiersco_worker::uploads::refusal;
use dossiersco_worker::uploads::spool::ReceiveError;
use std::sync::Arc;

fn langues() -> Langues {
    let theme = mail_support::repo().join("themes/default/i18n");
    let codes: Vec<String> = ["fr", "en", "ar", "pt"].iter().map(|c| c.to_string()).collect();
    Langues::new(Arc::new(Catalogs::load(&theme, &codes).unwrap()), codes)
}

/// The French of a failure said by its key, and its key with arguments.
fn french_and_texte(err: HttpError) -> (String, Texte) {
    let HttpError::Traduit(inner, texte) = err else {
        panic!("message sans clé : {err:?}");
    };
    let langues = langues();
    let french = inner
        .message_in(&langues, "fr")
        .unwrap_or_else(|| panic!("pas de message : {inner:?}"));
    (french, texte)
}

#[test]
fn the_french_catalog_says_what_the_code_says() {
    let langues = langues();
    let mut checked = 0;
    let mut errors = vec![
        dossiersco_worker::http::limits::too_many_submissions(1, time::OffsetDateTime::now_utc()),
        dossiersco_worker::http::limits::too_many_submissions(3, time::OffsetDateTime::now_utc()),
    ];
    for (per_file, remaining) in [(10_000_000, 20_000_000), (2_500_000, 1_500_000)] {
        errors.push(refusal(
            ReceiveError::TooLarge { limit: per_file },
            "scan.pdf",
            per_file,
            remaining,
            30_000_000,
        ));
        errors.push(refusal(
            ReceiveError::TooLarge { limit: remaining },
            "Élise – photo.jpg",
            per_file,
            remaining,
            30_000_000,
        ));
    }
    errors.push(refusal(ReceiveError::BadType, "a.exe", 1, 1, 1));
    errors.push(refusal(ReceiveError::Empty, "vide.pdf", 1, 1, 1));
    for err in errors {
        let (french, texte) = french_and_texte(err);
        assert_eq!(langues.texte("fr", &texte), french, "{texte:?}");
        assert_ne!(langues.texte("en", &texte), french, "non traduit : {texte:?}");
        checked += 1;
    }

    // The model's: a value too long, a signer who is not in the file, the options' rules.
    let school = mail_support::demo_school();
    let niveau = school.etab.niveaux.first().unwrap();
    let spec = dossiersco_model::FormSpec::build(&school.etab, niveau);
    let mut posted = dossiersco_model::FormValues::new();
    posted.insert("eleve.nom".into(), "M".repeat(101));
    posted.insert("signature.signataire".into(), "resp2".into());
    for option in &spec.options {
        posted.insert(dossiersco_model::form::option_field(option), "oui".into());
    }
    let held: Vec<String> = spec.options.iter().map(|o| o.code.clone()).collect();
    let mut errs = dossiersco_model::validate_submission(&spec, &posted, &[]).unwrap_err();
    errs.extend(dossiersco_model::validate_submission(&spec, &dossiersco_model::FormValues::new(), &held).unwrap_err());
    let with_key: Vec<_> = errs
        .iter()
        .filter_map(|e| e.texte.clone().map(|t| (e.message.clone(), t)))
        .collect();
    for cle in ["validation-trop-long", "validation-signataire-absent"] {
        assert!(with_key.iter().any(|(_, t)| t.cle == cle), "{cle} : {with_key:?}");
    }
    for (french, texte) in &with_key {
        assert_eq!(&langues.texte("fr", texte), french, "{texte:?}");
        checked += 1;
    }
    assert!(checked >= 10, "{checked} messages vérifiés");
}

/// The string literals right after each `marker` in `source` (Rust's `\` line breaks joined).
fn literals_after(source: &str, marker: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find(marker) {
        rest = &rest[at + marker.len()..];
        let Some(body) = rest.trim_start().strip_prefix('"') else {
            continue;
        };
        let mut text = String::new();
        let mut chars = body.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => match chars.next() {
                    Some('\n') => while chars.next_if(|c| c.is_whitespace()).is_some() {},
                    Some('"') => text.push('"'),
                    Some(other) => {
                        text.push('\\');
                        text.push(other);
                    }
                    None => break,
                },
                c => text.push(c),
            }
        }
        out.push(text);
    }
    out
}

#[test]
fn every_fixed_message_a_family_can_get_has_its_translation() {
    let langues = langues();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = [
        "http/dossier.rs",
        "http/edge.rs",
        "http/enfants.rs",
        "http/resume.rs",
        "http/satisfaction.rs",
        "http/login.rs",
        "http/session.rs",
        "http/limits.rs",
        "uploads/api.rs",
        "uploads/form.rs",
        "uploads/mod.rs",
        "uploads/budget.rs",
    ];
    let variants = [
        "BadRequest",
        "Forbidden",
        "Conflict",
        "TooLargeWith",
        "UnsupportedMedia",
        "Unprocessable",
    ];
    let mut messages = Vec::new();
    for file in files {
        let source = std::fs::read_to_string(src.join(file)).unwrap();
        for variant in variants {
            messages.extend(literals_after(&source, &format!("HttpError::{variant}(")));
        }
    }
    use dossiersco_worker::uploads::sniff::BadName;
    for name in [BadName::TooLong, BadName::ControlCharacter, BadName::ParentPath] {
        messages.push(name.message().to_string());
    }
    // A draft that is not JSON comes from no page: the API's client is the site's own script.
    messages.retain(|m| !m.starts_with("Brouillon illisible"));
    assert!(messages.len() >= 20, "{messages:#?}");
    let untranslated: Vec<_> = messages
        .iter()
        .filter(|m| ["en", "ar", "pt"].iter().any(|l| langues.from_french(l, m) == **m))
        .collect();
    assert!(
        untranslated.is_empty(),
        "sans clé dans fr.ftl (restent en français sur les pages en/ar/pt) :\n{untranslated:#?}"
    );
}
