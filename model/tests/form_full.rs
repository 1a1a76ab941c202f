//! The full form without friction: the second guardian's « Même adresse que le responsable
//! légal 1 », the signer chosen among the guardians, the canteen's link with words.

use dossiersco_model::content::Etablissement;
use dossiersco_model::form::{names, resp, CrossRule, FieldKind, FormSpec};
use dossiersco_model::validate::{prepare, signataire, Signataire};
use dossiersco_model::{validate_submission, FormValues};

fn school(uai: &str) -> Etablissement {
    let path = format!(
        "{}/../content/etablissements/{uai}/etablissement.yml",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn form() -> FormSpec {
    let etab = school("0699901M");
    let niveau = etab.niveau("10110001110").unwrap().clone();
    FormSpec::build(&etab, &niveau)
}

fn values(pairs: &[(&str, &str)]) -> FormValues {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// A valid file for Jean Moulin's 5e, signed by the first guardian, with a second guardian
/// living at the same address.
fn complete() -> FormValues {
    let mut v = values(&[
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
        (names::DEMI_PENSION, "externe"),
        (names::REGIME_SORTIE, "libre"),
        ("consentement.photo_classe", "oui"),
        ("consentement.droit_image", "non"),
        (names::SIGNATURE_SIGNATAIRE, "resp1"),
        (names::SIGNATURE_ACCORD, "oui"),
        (names::RESP2_MEME_ADRESSE, "oui"),
    ]);
    for n in [1, 2] {
        let (prenom, civilite, lien) = if n == 1 {
            ("Claire", "Mme", "10")
        } else {
            ("Paul", "M.", "20")
        };
        for (k, val) in [
            ("lien", lien),
            ("civilite", civilite),
            ("nom", "Martin"),
            ("prenom", prenom),
            ("tel_portable", "06 12 34 56 78"),
            ("email", "famille.martin@example.fr"),
        ] {
            v.insert(resp(n, k), val.into());
        }
    }
    for (k, val) in [
        ("adresse", "4 rue des Lilas"),
        ("code_postal", "69003"),
        ("commune", "Lyon"),
        ("pays", "France"),
    ] {
        v.insert(resp(1, k), val.into());
    }
    v
}

#[test]
fn the_second_guardian_can_share_the_first_ones_address() {
    let spec = form();
    let field = spec.field(names::RESP2_MEME_ADRESSE).expect("the box is in the form");
    assert_eq!(field.kind, FieldKind::Checkbox);
    assert!(
        matches!(&field.rule, Some(CrossRule::Copie { source, cible }) if source[0] == "resp1.adresse" && cible[0] == "resp2.adresse"),
        "{:?}",
        field.rule
    );
    assert!(
        spec.field("resp1.meme_adresse").is_none(),
        "only the second guardian has it"
    );
    // The box must come before the second guardian's address: it is read first.
    let order: Vec<&str> = spec.fields().map(|f| f.name.as_str()).collect();
    let at = |name: &str| order.iter().position(|n| *n == name).unwrap();
    assert!(at(names::RESP2_MEME_ADRESSE) < at("resp2.adresse"));

    // Without JavaScript the address fields of the second guardian stay empty: ticked, the
    // box alone makes the address valid, and the stored file holds it.
    let mut posted = complete();
    posted.remove(names::RESP2_MEME_ADRESSE);
    let refused = validate_submission(&spec, &posted, &[]).unwrap_err();
    assert!(refused.iter().any(|e| e.field == "resp2.adresse"), "{refused:?}");
    posted.insert(names::RESP2_MEME_ADRESSE.into(), "oui".into());
    let clean = validate_submission(&spec, &posted, &[]).expect("valid with the box");
    for key in ["adresse", "code_postal", "commune", "pays"] {
        assert_eq!(clean[&resp(2, key)], clean[&resp(1, key)], "{key}");
    }
    assert!(!clean.contains_key("resp2.adresse2"), "an empty line stays empty");

    // What was typed in the second guardian's fields before ticking gives way to the copy;
    // the first guardian's new address is carried.
    posted.insert(resp(2, "adresse"), "ancienne adresse".into());
    posted.insert(resp(1, "adresse"), "18 avenue Foch".into());
    posted.insert(resp(1, "adresse2"), "Bâtiment B".into());
    let clean = validate_submission(&spec, &posted, &[]).unwrap();
    assert_eq!(clean["resp2.adresse"], "18 avenue Foch");
    assert_eq!(clean["resp2.adresse2"], "Bâtiment B");

    // Unticked: the second guardian's own address.
    posted.remove(names::RESP2_MEME_ADRESSE);
    for key in ["adresse", "code_postal", "commune"] {
        posted.insert(resp(2, key), format!("{key} de Paul"));
    }
    posted.insert(resp(2, "code_postal"), "38000".into());
    posted.insert(resp(2, "pays"), "France".into());
    let clean = validate_submission(&spec, &posted, &[]).unwrap();
    assert_eq!(clean["resp2.commune"], "commune de Paul");
    // A ticked box alone starts the second guardian: the rest of the section is asked.
    let alone = values(&[(names::RESP2_MEME_ADRESSE, "oui")]);
    assert_eq!(prepare(&spec, &alone).get("resp2.adresse"), None);
}

#[test]
fn the_signer_is_one_of_the_guardians_or_someone_named() {
    let spec = form();
    let field = spec.field(names::SIGNATURE_SIGNATAIRE).expect("the signer's choice");
    assert_eq!(field.kind, FieldKind::Radio);
    assert!(field.required);
    assert_eq!(
        field.choices.iter().map(|c| c.value.as_str()).collect::<Vec<_>>(),
        ["resp1", "resp2", "autre"]
    );
    assert_eq!(field.choices[0].nomme_par, ["resp1.prenom", "resp1.nom"]);

    // A guardian signs: the file stores their name, whatever was typed in the name field.
    let mut posted = complete();
    posted.insert(names::SIGNATURE_NOM.into(), "n'importe quoi".into());
    let clean = validate_submission(&spec, &posted, &[]).unwrap();
    assert_eq!(clean[names::SIGNATURE_NOM], "Claire Martin");
    posted.insert(names::SIGNATURE_SIGNATAIRE.into(), "resp2".into());
    let clean = validate_submission(&spec, &posted, &[]).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(clean[names::SIGNATURE_NOM], "Paul Martin");
    assert_eq!(
        signataire(&clean),
        Some(Signataire {
            nom: "Paul Martin".into(),
            responsable: Some(2)
        })
    );

    // The second guardian chosen in a file that has none: refused, in French.
    let mut alone = complete();
    alone.retain(|k, _| !k.starts_with("resp2."));
    alone.insert(names::SIGNATURE_SIGNATAIRE.into(), "resp2".into());
    let errors = validate_submission(&spec, &alone, &[]).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field, names::SIGNATURE_SIGNATAIRE);
    assert!(
        errors[0].message.contains("responsable légal 2 n'est pas renseigné"),
        "{}",
        errors[0].message
    );

    // Someone else: their name is required, and the staff see they are no guardian.
    posted.insert(names::SIGNATURE_SIGNATAIRE.into(), "autre".into());
    posted.remove(names::SIGNATURE_NOM);
    let errors = validate_submission(&spec, &posted, &[]).unwrap_err();
    assert_eq!(
        errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
        [names::SIGNATURE_NOM]
    );
    posted.insert(names::SIGNATURE_NOM.into(), "Jeanne Martin".into());
    let clean = validate_submission(&spec, &posted, &[]).unwrap();
    assert_eq!(
        signataire(&clean),
        Some(Signataire {
            nom: "Jeanne Martin".into(),
            responsable: None
        })
    );
    // « Une autre personne » who is in fact a guardian is that guardian.
    posted.insert(names::SIGNATURE_NOM.into(), "martin  claire".into());
    let clean = validate_submission(&spec, &posted, &[]).unwrap();
    assert_eq!(signataire(&clean).unwrap().responsable, Some(1));
    // A choice that is none of the three.
    posted.insert(names::SIGNATURE_SIGNATAIRE.into(), "voisin".into());
    assert!(validate_submission(&spec, &posted, &[]).is_err());
}

#[test]
fn a_page_of_before_the_signer_choice_still_signs_by_name() {
    let spec = form();
    let mut posted = complete();
    posted.remove(names::SIGNATURE_SIGNATAIRE);
    posted.insert(names::SIGNATURE_NOM.into(), "Paul Martin".into());
    let clean = validate_submission(&spec, &posted, &[]).unwrap();
    assert_eq!(clean[names::SIGNATURE_SIGNATAIRE], "resp2");
    posted.insert(names::SIGNATURE_NOM.into(), "Marc Dupont".into());
    let clean = validate_submission(&spec, &posted, &[]).unwrap();
    assert_eq!(clean[names::SIGNATURE_SIGNATAIRE], "autre");
    // A stored file of before (a name only) is read the same way by the staff view.
    let old = values(&[
        (names::SIGNATURE_NOM, "Claire Martin"),
        ("resp1.prenom", "Claire"),
        ("resp1.nom", "Martin"),
    ]);
    assert_eq!(signataire(&old).unwrap().responsable, Some(1));
    posted.remove(names::SIGNATURE_NOM);
    assert_eq!(
        validate_submission(&spec, &posted, &[]).unwrap_err()[0].field,
        names::SIGNATURE_SIGNATAIRE,
        "no signer at all: the choice is asked"
    );
}

#[test]
fn the_canteen_rules_link_has_words() {
    let spec = form();
    let cantine = spec.sections.iter().find(|s| s.id == "cantine").unwrap();
    assert_eq!(
        cantine.notes.last().unwrap(),
        "[Comment est calculé le tarif ?](/pages/aide/#demi-pension)"
    );
    // Without a label in the content, a default one: never the address itself.
    let mut etab = school("0699901M");
    etab.demi_pension.reglement_libelle = None;
    let niveau = etab.niveau("10110001110").unwrap().clone();
    let spec = FormSpec::build(&etab, &niveau);
    let cantine = spec.sections.iter().find(|s| s.id == "cantine").unwrap();
    assert_eq!(
        cantine.notes.last().unwrap(),
        "[Lire le règlement de la demi-pension](/pages/aide/#demi-pension)"
    );
}

#[test]
fn a_link_label_that_is_an_address_is_reported() {
    let mut etab = school("0699901M");
    assert!(etab.check("0699901M").is_empty());
    for bad in ["/pages/aide/#demi-pension", "https://example.fr", "  ", "[tarif]"] {
        etab.demi_pension.reglement_libelle = Some(bad.into());
        let issues = etab.check("0699901M");
        assert_eq!(issues.len(), 1, "{bad}: {issues:?}");
        assert_eq!(issues[0].key, "reglement_libelle");
        assert!(issues[0].message.contains("pas une adresse"), "{}", issues[0].message);
    }
    etab.demi_pension.reglement_libelle = Some("Comment est calculé le tarif ?".into());
    for bad in ["pages/aide", "javascript:alert(1)", "//evil.example/x", "/a b"] {
        etab.demi_pension.reglement = Some(bad.into());
        let issues = etab.check("0699901M");
        assert_eq!(issues.len(), 1, "{bad}: {issues:?}");
        assert_eq!(issues[0].key, "reglement");
    }
    etab.demi_pension.reglement = None;
    assert_eq!(
        etab.check("0699901M")[0].key,
        "reglement_libelle",
        "a label without a link"
    );
}
