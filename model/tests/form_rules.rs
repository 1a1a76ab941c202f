//! The model's rules, scenario by scenario, on the demo schools' content.

use dossiersco_model::content::{ContentIssue, Etablissement};
use dossiersco_model::form::{names, resp, FieldKind, FormSpec};
use dossiersco_model::{validate_submission, FormValues};

fn school(uai: &str) -> Etablissement {
    let path = format!(
        "{}/../content/etablissements/{uai}/etablissement.yml",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn form(uai: &str, mef: &str) -> FormSpec {
    let etab = school(uai);
    let niveau = etab.niveau(mef).unwrap().clone();
    FormSpec::build(&etab, &niveau)
}

/// A complete, valid file for Jean Moulin, going to 5e.
fn complete_values() -> FormValues {
    let mut v = FormValues::new();
    for (k, val) in [
        (names::ELEVE_NOM, "Martin"),
        (names::ELEVE_PRENOM, "Lou"),
        (names::ELEVE_DATE_NAISSANCE, "2015-03-14"),
        (names::ELEVE_SEXE, "F"),
        (names::ELEVE_VILLE_NAISSANCE, "Lyon"),
        (names::ELEVE_PAYS_NAISSANCE, "France"),
        (names::ELEVE_NATIONALITE, "Française"),
        (names::URGENCE_NOM, "Jeanne Martin"),
        (names::URGENCE_LIEN, "Grand-mère"),
        (names::URGENCE_TELEPHONE, "04 78 12 34 56"),
        ("option.lv2", "ESP"),
        (names::DEMI_PENSION, "demi_pensionnaire"),
        (names::REGIME_SORTIE, "libre"),
        ("consentement.photo_classe", "oui"),
        ("consentement.droit_image", "non"),
        (names::SIGNATURE_NOM, "Claire Martin"),
        (names::SIGNATURE_ACCORD, "oui"),
    ] {
        v.insert(k.into(), val.into());
    }
    for (k, val) in [
        ("lien", "10"),
        ("civilite", "Mme"),
        ("nom", "Martin"),
        ("prenom", "Claire"),
        ("adresse", "4 rue des Lilas"),
        ("code_postal", "69003"),
        ("commune", "Lyon"),
        ("pays", "France"),
        ("tel_portable", "06 12 34 56 78"),
        ("email", "claire.martin@example.fr"),
    ] {
        v.insert(resp(1, k), val.into());
    }
    v
}

fn error_fields(result: Result<FormValues, Vec<dossiersco_model::FieldError>>) -> Vec<String> {
    result
        .expect_err("the submission should be refused")
        .into_iter()
        .map(|e| e.field)
        .collect()
}

#[test]
fn a_complete_file_is_accepted_and_normalized() {
    let spec = form("0699901M", "10110001110");
    let mut values = complete_values();
    values.insert(names::ELEVE_NOM.into(), "  Martin ".into());
    values.insert("not.a.field".into(), "dropped".into());
    let clean = validate_submission(&spec, &values, &[]).expect("valid");
    assert_eq!(clean[names::ELEVE_NOM], "Martin");
    assert!(!clean.contains_key("not.a.field"));
    // The second guardian left empty (country defaulting to France) is not a guardian.
    assert!(!clean.keys().any(|k| k.starts_with("resp2.")));
}

#[test]
fn an_empty_required_field_is_named() {
    let spec = form("0699901M", "10110001110");
    let mut values = complete_values();
    values.remove(names::ELEVE_PRENOM);
    values.remove(names::REGIME_SORTIE);
    let errors = validate_submission(&spec, &values, &[]).unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].field, names::ELEVE_PRENOM);
    assert_eq!(errors[0].label, "Prénom");
    assert_eq!(errors[0].message, "Ce champ est obligatoire.");
    assert_eq!(errors[1].message, "Choisissez une réponse.");
}

#[test]
fn a_guardian_needs_at_least_one_phone_and_valid_formats() {
    let spec = form("0699901M", "10110001110");
    let mut values = complete_values();
    values.remove(&resp(1, "tel_portable"));
    assert_eq!(
        error_fields(validate_submission(&spec, &values, &[])),
        vec![resp(1, "tel_portable")]
    );
    values.insert(resp(1, "tel_domicile"), "01 23".into());
    values.insert(resp(1, "email"), "claire.martin@".into());
    let errors = validate_submission(&spec, &values, &[]).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.field == resp(1, "tel_domicile") && e.message.contains("10 chiffres")),
        "{errors:?}"
    );
    assert!(errors.iter().any(|e| e.field == resp(1, "email")), "{errors:?}");
}

#[test]
fn a_postcode_is_checked_only_in_france() {
    let spec = form("0699901M", "10110001110");
    let mut values = complete_values();
    values.insert(resp(1, "code_postal"), "1000".into());
    assert_eq!(
        error_fields(validate_submission(&spec, &values, &[])),
        vec![resp(1, "code_postal")]
    );
    values.insert(resp(1, "pays"), "Belgique".into());
    values.insert(resp(1, "tel_portable"), "+32 470 12 34 56".into());
    assert!(validate_submission(&spec, &values, &[]).is_ok());
}

#[test]
fn a_second_guardian_started_must_be_complete() {
    let spec = form("0699901M", "10110001110");
    let mut values = complete_values();
    values.insert(resp(2, "nom"), "Martin".into());
    let fields = error_fields(validate_submission(&spec, &values, &[]));
    for expected in ["lien", "civilite", "prenom", "adresse", "commune", "tel_portable"] {
        assert!(
            fields.contains(&resp(2, expected)),
            "{expected} missing from {fields:?}"
        );
    }
    assert!(
        !fields.contains(&resp(2, "email")),
        "the second guardian's email is optional"
    );
}

#[test]
fn the_lv2_choice_is_required_and_must_be_offered() {
    let spec = form("0699901M", "10110001110");
    let lv2 = spec.field("option.lv2").expect("a LV2 choice in 5e");
    assert_eq!(lv2.kind, FieldKind::Radio);
    assert_eq!(
        lv2.choices.iter().map(|c| c.value.as_str()).collect::<Vec<_>>(),
        ["ESP", "ALL", "ITA"]
    );
    let mut values = complete_values();
    values.insert("option.lv2".into(), "RUSSE".into());
    assert_eq!(
        error_fields(validate_submission(&spec, &values, &[])),
        vec!["option.lv2"]
    );
    values.remove("option.lv2");
    assert_eq!(
        error_fields(validate_submission(&spec, &values, &[])),
        vec!["option.lv2"]
    );
}

#[test]
fn options_closed_to_newcomers_and_not_droppable() {
    // 4e at Jean Moulin: section européenne is only for pupils already in it.
    let spec = form("0699901M", "10210001110");
    assert!(spec.field("option.lv2").is_none(), "no LV2 choice in 4e");
    let mut values = complete_values();
    values.remove("option.lv2");
    values.insert("option.SECTION_EURO".into(), "oui".into());
    assert_eq!(
        error_fields(validate_submission(&spec, &values, &[])),
        vec!["option.SECTION_EURO"]
    );
    assert!(validate_submission(&spec, &values, &["SECTION_EURO".into()]).is_ok());
}

#[test]
fn the_caf_number_is_required_for_demi_pension_when_the_school_says_so() {
    let spec = form("0339903K", "10210001110");
    let mut values = complete_values();
    values.remove("option.lv2");
    values.remove("consentement.droit_image");
    values.insert("consentement.information_medicale".into(), "oui".into());
    values.insert("document.justificatif_domicile.secretariat".into(), "oui".into());
    values.insert("document.attestation_assurance.secretariat".into(), "oui".into());
    assert_eq!(
        error_fields(validate_submission(&spec, &values, &[])),
        vec!["numero_caf"]
    );
    values.insert(names::DEMI_PENSION.into(), "externe".into());
    assert!(validate_submission(&spec, &values, &[]).is_ok());
    values.remove("document.attestation_assurance.secretariat");
    assert_eq!(
        error_fields(validate_submission(&spec, &values, &[])),
        vec!["document.attestation_assurance"]
    );
}

#[test]
fn a_school_without_canteen_asks_nothing_about_it() {
    let spec = form("0389902G", "10110001110");
    assert!(spec.field(names::DEMI_PENSION).is_none());
    let cantine = spec.sections.iter().find(|s| s.id == "cantine").unwrap();
    assert!(cantine.notes[0].contains("externes"));
}

#[test]
fn checkboxes_dates_and_control_characters() {
    let spec = form("0699901M", "10110001110");
    let mut values = complete_values();
    values.insert(names::SIGNATURE_ACCORD.into(), "true".into());
    values.insert(names::ELEVE_DATE_NAISSANCE.into(), "2015-14-03".into());
    values.insert(names::ELEVE_VILLE_NAISSANCE.into(), "Ly\u{0}on".into());
    let fields = error_fields(validate_submission(&spec, &values, &[]));
    assert_eq!(
        fields,
        vec![
            names::ELEVE_DATE_NAISSANCE,
            names::ELEVE_VILLE_NAISSANCE,
            names::SIGNATURE_ACCORD
        ]
    );
}

#[test]
fn every_demo_school_is_valid_content() {
    for uai in ["0699901M", "0389902G", "0339903K"] {
        assert_eq!(school(uai).check(uai), Vec::<ContentIssue>::new(), "{uai}");
    }
}

#[test]
fn content_checks_report_every_problem_with_its_value() {
    let mut etab = school("0699901M");
    etab.uai = "0699901N".into();
    etab.niveaux[0].mef = "1011000111".into();
    etab.passages[0].vers = Some("10110001119".into());
    std::mem::swap(&mut etab.campagne.ouverture, &mut etab.campagne.cloture);
    let issues = etab.check("0699901M");
    let keys: Vec<(&str, Option<&str>)> = issues.iter().map(|i| (i.key.as_str(), i.value.as_deref())).collect();
    assert!(keys.contains(&("uai", Some("0699901N"))), "{issues:#?}");
    assert!(keys.contains(&("mef", Some("1011000111"))), "{issues:#?}");
    assert!(keys.contains(&("vers", Some("10110001119"))), "{issues:#?}");
    assert!(keys.contains(&("cloture", Some("2027-04-06"))), "{issues:#?}");
    // The options offered in 5e now point at a level that no longer exists.
    assert!(keys.contains(&("niveaux", Some("10110001110"))), "{issues:#?}");
    assert!(issues.iter().all(|i| !i.message.is_empty()));
}

#[test]
fn a_birth_date_typed_the_french_way_is_stored_as_iso() {
    let spec = form("0699901M", "10110001110");
    let mut values = complete_values();
    values.insert(names::ELEVE_DATE_NAISSANCE.into(), "4/03/2015".into());
    let clean = validate_submission(&spec, &values, &[]).unwrap();
    assert_eq!(clean[names::ELEVE_DATE_NAISSANCE], "2015-03-04");
}
