//! What the one-click page asks, on the demo content.

use super::*;
use dossiersco_model::form::{resp, secretariat_field};
use std::path::Path;

/// The form of a demo school for pupils going to `mef`.
fn spec(uai: &str, mef: &str) -> FormSpec {
    let content = dossiersco_generator::load_content(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../content"))
        .expect("demo content");
    let etab = &content.school(uai).expect("demo school").etablissement;
    FormSpec::build(etab, etab.niveau(mef).expect("demo level"))
}

/// What a complete import holds for a Jean Moulin pupil going to 3e (no choices for next year).
fn imported() -> FormValues {
    let mut v: FormValues = [
        ("eleve.nom", "LEFÈVRE"),
        ("eleve.prenom", "Gaëtan"),
        ("eleve.date_naissance", "2013-10-11"),
        ("eleve.sexe", "M"),
        ("eleve.ville_naissance", "VÉNISSIEUX"),
        ("eleve.pays_naissance", "France"),
        ("eleve.nationalite", "Française"),
        ("urgence.nom", "Josiane LEFÈVRE"),
        ("urgence.lien", "Autre membre de la famille"),
        ("urgence.telephone", "06 40 50 60 70"),
        ("demi_pension", "externe"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (key, value) in [
        ("lien", "10"),
        ("civilite", "Mme"),
        ("nom", "LEFÈVRE"),
        ("prenom", "Océane"),
        ("adresse", "40 rue du Sacré-Cœur"),
        ("code_postal", "69008"),
        ("commune", "LYON"),
        ("pays", "France"),
        ("tel_portable", "06 30 40 50 60"),
        ("email", "oceane.lefevre@example.fr"),
    ] {
        v.insert(resp(1, key), value.into());
    }
    v
}

const TROISIEME: &str = "10310019110";

#[test]
fn a_complete_import_is_asked_only_next_year_s_choices_and_the_signature() {
    let spec = spec("0699901M", TROISIEME);
    let q = questions(&spec, &imported(), &[], &BTreeSet::new());
    // Latin is a choice every year (open to all); the section européenne, closed to pupils who
    // do not take it, is not.
    assert_eq!(
        q.champs,
        [
            "option.LATIN",
            "regime_sortie",
            "consentement.photo_classe",
            "consentement.droit_image",
            "signature.signataire",
            "signature.nom",
            "signature.accord"
        ]
    );
    assert!(!q.complements && q.pieces.is_empty());

    // Known answers are not asked again (a draft, a previous submission).
    let mut known = imported();
    known.insert("regime_sortie".into(), "libre".into());
    known.insert("consentement.photo_classe".into(), "oui".into());
    known.insert("consentement.droit_image".into(), "pas une réponse".into());
    let q = questions(&spec, &known, &[], &BTreeSet::new());
    assert_eq!(
        q.champs,
        [
            "option.LATIN",
            "consentement.droit_image",
            "signature.signataire",
            "signature.nom",
            "signature.accord"
        ]
    );
}

#[test]
fn the_options_of_the_new_level_are_asked_even_when_known_unless_there_is_no_choice() {
    let spec = spec("0699901M", TROISIEME);
    let mut known = imported();
    known.insert("option.LATIN".into(), "oui".into());
    known.insert("option.SECTION_EURO".into(), "oui".into());
    // Latin taken this year and kept: still asked (it may be dropped), pre-selected by the
    // known value. The section européenne taken this year may be dropped: asked too.
    let held = ["LATIN".to_string(), "SECTION_EURO".to_string()];
    let q = questions(&spec, &known, &held, &BTreeSet::new());
    assert!(
        q.contains("option.LATIN") && q.contains("option.SECTION_EURO"),
        "{:?}",
        q.champs
    );
    // Not taken and closed to newcomers: no choice, not asked.
    known.remove("option.SECTION_EURO");
    let q = questions(&spec, &known, &[], &BTreeSet::new());
    assert!(!q.contains("option.SECTION_EURO"), "{:?}", q.champs);
    // LV2 for 5e: asked even when this year's import already holds a valid choice.
    let spec = spec_5e();
    let mut known = imported();
    known.insert("option.lv2".into(), "ESP".into());
    let q = questions(&spec, &known, &["ESP".to_string()], &BTreeSet::new());
    assert!(q.contains("option.lv2"), "{:?}", q.champs);
}

fn spec_5e() -> FormSpec {
    spec("0699901M", "10110001110")
}

#[test]
fn what_the_import_lacks_is_asked_too_and_said() {
    let spec = spec("0699901M", TROISIEME);
    let mut known = imported();
    known.remove("urgence.telephone");
    known.insert(resp(1, "code_postal"), "6900".into());
    let q = questions(&spec, &known, &[], &BTreeSet::new());
    assert!(q.complements);
    for name in ["urgence.telephone", "resp1.code_postal"] {
        assert!(q.contains(name), "{name} not asked: {:?}", q.champs);
    }
    assert!(!q.contains("urgence.nom"), "what is known and valid is not asked");
}

#[test]
fn a_choice_for_the_new_level_and_the_meal_plan_are_asked_with_what_they_make_required() {
    // Simone Veil, 6e → 5e: LV2 to choose; demi-pension unknown, the CAF number then mandatory.
    let spec = spec("0339903K", "10110001110");
    let mut known = imported();
    known.remove("demi_pension");
    let q = questions(&spec, &known, &[], &BTreeSet::new());
    for name in ["option.lv2", "demi_pension", "numero_caf"] {
        assert!(q.contains(name), "{name} not asked: {:?}", q.champs);
    }
    // A mandatory document: its file input, attached on the page, and its office box.
    let office_box = secretariat_field("justificatif_domicile");
    assert!(q.contains(&office_box), "{:?}", q.champs);
    assert!(
        q.pieces.contains(&"document.justificatif_domicile".to_string()),
        "{:?}",
        q.pieces
    );
    assert!(!q.contains("document.justificatif_domicile"), "a file is no form value");
    // Once the school has the file, nothing is asked about it.
    let fournis: BTreeSet<String> = ["justificatif_domicile", "attestation_assurance"]
        .map(String::from)
        .into();
    let q = questions(&spec, &known, &[], &fournis);
    assert!(!q.contains(&office_box));
    assert!(q.pieces.is_empty());
}

#[test]
fn answers_replace_only_the_fields_the_page_asked() {
    let spec = spec("0699901M", TROISIEME);
    let mut known = imported();
    known.insert("option.LATIN".into(), "oui".into());
    let asked = questions(&spec, &known, &[], &BTreeSet::new());
    let posted: FormValues = [
        ("champs", "regime_sortie option.LATIN pas.un.champ"),
        ("regime_sortie", "libre"),
        ("urgence.nom", "ignoré : pas demandé"),
        ("pas.un.champ", "x"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let answered = answered(&spec, &posted, &asked);
    let merged = merge(&known, &posted, &answered);
    assert_eq!(merged["regime_sortie"], "libre");
    assert_eq!(merged["urgence.nom"], "Josiane LEFÈVRE", "not asked: kept");
    assert!(!merged.contains_key("option.LATIN"), "listed and unticked: dropped");
    assert!(!merged.contains_key("pas.un.champ"));
    assert!(!merged.contains_key("signature.accord"), "asked, not answered");
}
