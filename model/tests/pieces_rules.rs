//! Documents: a mandatory one needs a file, or the office box when the school allows it; the
//! limits come from the content with defaults, and are checked.

use dossiersco_model::content::Etablissement;
use dossiersco_model::form::{FieldKind, FormSpec};
use dossiersco_model::{validate_submission, validate_submission_with, FormValues};
use std::collections::BTreeSet;

/// Jean Moulin with a mandatory « justificatif_domicile » added, and `pieces` as given.
fn school(pieces: &str) -> Etablissement {
    let path = format!(
        "{}/../content/etablissements/0699901M/etablissement.yml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).unwrap().replace(
        "documents:\n",
        "documents:\n  - code: justificatif_domicile\n    nom: Justificatif de domicile\n    obligatoire: true\n",
    );
    serde_yaml::from_str(&format!("{text}\n{pieces}")).unwrap()
}

fn form(etab: &Etablissement) -> FormSpec {
    FormSpec::build(etab, etab.niveau("10110001110").unwrap())
}

fn document_errors(result: Result<FormValues, Vec<dossiersco_model::FieldError>>) -> Vec<(String, String)> {
    match result {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .into_iter()
            .filter(|e| e.field.starts_with("document."))
            .map(|e| (e.field, e.message))
            .collect(),
    }
}

#[test]
fn limits_default_to_10_and_30_megabytes_and_are_shown_before_picking_a_file() {
    let etab = school("");
    assert_eq!(etab.pieces.taille_max_fichier_mo, 10);
    assert_eq!(etab.pieces.taille_max_eleve_mo, 30);
    assert!(etab.pieces.apport_secretariat);
    let spec = form(&etab);
    let section = spec.sections.iter().find(|s| s.id == "documents").unwrap();
    assert!(
        section.notes[0].contains("10 Mo au plus par fichier"),
        "{:?}",
        section.notes
    );
    assert!(section.notes[0].contains("30 Mo au plus pour l'ensemble"));
    let file = spec.field("document.justificatif_domicile").unwrap();
    assert_eq!(file.kind, FieldKind::File);
    let rule = file.fichier.as_ref().unwrap();
    assert_eq!(rule.taille_max_fichier, 10_000_000);
    assert_eq!(
        rule.secretariat.as_deref(),
        Some("document.justificatif_domicile.secretariat")
    );
    assert_eq!(
        spec.field("document.justificatif_domicile.secretariat").unwrap().label,
        "J'apporterai au secrétariat : Justificatif de domicile"
    );
}

#[test]
fn a_missing_mandatory_document_blocks_unless_a_file_came_or_the_box_is_ticked() {
    let etab = school("");
    let spec = form(&etab);
    // Only the documents' errors are looked at: the rest of the form is empty here.
    let values = FormValues::new();
    let errors = document_errors(validate_submission(&spec, &values, &[]));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "document.justificatif_domicile");
    assert!(errors[0].1.contains("J'apporterai au secrétariat"), "{}", errors[0].1);

    let fournis: BTreeSet<String> = ["justificatif_domicile".to_string()].into();
    assert!(document_errors(validate_submission_with(&spec, &values, &[], &fournis)).is_empty());

    let mut ticked = FormValues::new();
    ticked.insert("document.justificatif_domicile.secretariat".into(), "oui".into());
    assert!(document_errors(validate_submission(&spec, &ticked, &[])).is_empty());
    // A text value posted under the file field's name is not a file.
    let mut text = FormValues::new();
    text.insert("document.justificatif_domicile".into(), "oui".into());
    assert_eq!(document_errors(validate_submission(&spec, &text, &[])).len(), 1);
}

#[test]
fn without_the_office_option_only_a_file_will_do() {
    let etab = school("pieces:\n  apport_secretariat: false\n  taille_max_fichier_mo: 5\n");
    let spec = form(&etab);
    assert!(spec.field("document.justificatif_domicile.secretariat").is_none());
    let mut ticked = FormValues::new();
    ticked.insert("document.justificatif_domicile.secretariat".into(), "oui".into());
    let errors = document_errors(validate_submission(&spec, &ticked, &[]));
    assert_eq!(errors.len(), 1);
    assert!(!errors[0].1.contains("secrétariat"), "{}", errors[0].1);
    let rule = spec
        .field("document.justificatif_domicile")
        .unwrap()
        .fichier
        .clone()
        .unwrap();
    assert_eq!(
        (rule.taille_max_fichier, rule.taille_max_eleve),
        (5_000_000, 30_000_000)
    );
}

#[test]
fn absurd_limits_are_content_errors() {
    for (pieces, key) in [
        ("pieces:\n  taille_max_fichier_mo: 0\n", "taille_max_fichier_mo"),
        (
            "pieces:\n  taille_max_fichier_mo: 20\n  taille_max_eleve_mo: 10\n",
            "taille_max_eleve_mo",
        ),
    ] {
        let issues = school(pieces).check("0699901M");
        assert!(issues.iter().any(|i| i.key == key), "{pieces}: {issues:?}");
    }
    assert!(school("").check("0699901M").is_empty());
}
