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
    assert_eq!(
        q.champs,
        [
            "regime_sortie",
            "consentement.photo_classe",
            "consentement.droit_image",
            "signature.signataire",
            "signature.nom",
            "signature.accord"
        ]
    );
    assert!(!q.complements && q.a_joindre.is_empty());

    // Known answers are not asked again (a draft, a previous submission).
    let mut known = imported();
    known.insert("regime_sortie".into(), "libre".into());
    known.insert("consentement.photo_classe".into(), "oui".into());
    known.insert("consentement.droit_image".into(), "pas une réponse".into());
    let q = questions(&spec, &known, &[], &BTreeSet::new());
    assert_eq!(
        q.champs,
        [
            "consentement.droit_image",
            "signature.signataire",
            "signature.nom",
            "signature.accord"
        ]
    );
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
    // A mandatory document: its « Je l'apporterai au secrétariat » box, never a file input.
    let office_box = secretariat_field("justificatif_domicile");
    assert!(q.contains(&office_box), "{:?}", q.champs);
    assert!(!q.contains("document.justificatif_domicile"));
    // Once the school has the file, nothing is asked about it.
    let fournis: BTreeSet<String> = ["justificatif_domicile", "attestation_assurance"]
        .map(String::from)
        .into();
    let q = questions(&spec, &known, &[], &fournis);
    assert!(!q.contains(&office_box));
}

#[test]
fn a_document_error_points_at_the_box_the_page_shows() {
    let spec = spec("0339903K", "10110001110");
    let error = FieldError {
        field: "document.justificatif_domicile".into(),
        label: "Justificatif".into(),
        message: "obligatoire".into(),
    };
    assert_eq!(on_page(&spec, error).field, secretariat_field("justificatif_domicile"));
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
