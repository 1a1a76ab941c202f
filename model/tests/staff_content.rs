//! Staff accounts declared in a school's content: addresses only, each once.

use dossiersco_model::content::Etablissement;

fn school_with(personnels: &str) -> Etablissement {
    let path = format!(
        "{}/../content/etablissements/0699901M/etablissement.yml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).unwrap();
    // The declared list removed (its key and its items), the given one appended.
    let mut in_list = false;
    let kept: Vec<&str> = text
        .lines()
        .filter(|line| {
            in_list = line.starts_with("personnels:") || (in_list && line.starts_with("  - "));
            !in_list
        })
        .collect();
    serde_yaml::from_str(&format!("{}\n{personnels}", kept.join("\n"))).unwrap()
}

#[test]
fn the_demo_schools_declare_one_staff_address_each() {
    for uai in ["0699901M", "0389902G", "0339903K"] {
        let path = format!(
            "{}/../content/etablissements/{uai}/etablissement.yml",
            env!("CARGO_MANIFEST_DIR")
        );
        let etab: Etablissement = serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert_eq!(etab.personnels, vec![format!("direction.{uai}@example.fr")]);
        assert!(etab.check(uai).is_empty(), "{:?}", etab.check(uai));
    }
}

#[test]
fn a_staff_entry_that_is_not_an_address_or_is_repeated_is_reported() {
    let etab = school_with("personnels:\n  - secretariat\n  - a@b.fr\n  - A@b.fr\n");
    let issues = etab.check("0699901M");
    let messages: Vec<&str> = issues.iter().map(|i| i.message.as_str()).collect();
    assert_eq!(issues.len(), 2, "{messages:?}");
    assert_eq!(issues[0].key, "personnels");
    assert!(
        messages[0].contains("« secretariat » n'est pas une adresse"),
        "{messages:?}"
    );
    assert!(messages[1].contains("déclarée deux fois"), "{messages:?}");
}

#[test]
fn without_the_key_a_school_has_no_staff_account() {
    let etab = school_with("");
    assert!(etab.personnels.is_empty());
    assert!(etab.check("0699901M").is_empty());
}
