//! One scenario per content error: staff who made that mistake read which file, which line,
//! and what was expected. Fixtures: tests/fixtures/<error>/, a small site with that mistake.

use dossiersco_generator::{load_content, ContentError};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// The errors of fixture `name`, with paths relative to the fixture.
fn errors_of(name: &str) -> Vec<ContentError> {
    let dir = fixture(name);
    let errors = load_content(&dir).expect_err("this content must be refused").0;
    errors
        .into_iter()
        .map(|e| ContentError {
            path: e
                .path
                .strip_prefix(&dir)
                .expect("path inside the fixture")
                .to_path_buf(),
            ..e
        })
        .collect()
}

/// Asserts there is exactly one error for each (file, line, part of the message), in order.
fn assert_errors(name: &str, expected: &[(&str, usize, &str)]) {
    let errors = errors_of(name);
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        errors.len(),
        expected.len(),
        "{name}: the staff would read:\n{}",
        shown.join("\n")
    );
    for (error, (path, line, message)) in errors.iter().zip(expected) {
        assert_eq!(error.path, Path::new(path), "{name}: {error}");
        assert_eq!(error.line, *line, "{name}: {error}");
        assert!(
            error.message.contains(message),
            "{name}: expected « {message} » in\n{error}"
        );
    }
}

const ETAB: &str = "etablissements/0699901M/etablissement.yml";

#[test]
fn the_valid_site_loads() {
    let content = load_content(&fixture("valide")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(content.schools.len(), 2);
    assert!(content.school("0699901M").is_some());
    assert_eq!(content.pages[0].slug, "aide");
}

#[test]
fn the_demo_content_loads() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let content = load_content(&demo).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(content.schools.len(), 3);
    for slug in ["accessibilite", "aide", "donnees-personnelles", "mentions-legales"] {
        assert!(content.pages.iter().any(|p| p.slug == slug), "page {slug}");
    }
}

#[test]
fn two_typos_in_one_file_are_both_reported_with_a_suggestion() {
    assert_errors(
        "cle_inconnue",
        &[
            (
                ETAB,
                9,
                "clé inconnue « telephonne » (vouliez-vous dire « telephone » ?)",
            ),
            (
                ETAB,
                25,
                "clé inconnue « tarifs » dans demi_pension (vouliez-vous dire « tarif » ?)",
            ),
        ],
    );
}

#[test]
fn a_uai_that_is_not_7_digits_and_a_letter() {
    assert_errors(
        "uai_forme",
        &[(
            "etablissements/069901M/etablissement.yml",
            2,
            "l'UAI « 069901M » doit faire 8 caractères : 7 chiffres puis une lettre",
        )],
    );
}

#[test]
fn a_uai_with_a_wrong_check_letter_names_the_right_one() {
    assert_errors(
        "uai_lettre_controle",
        &[(
            "etablissements/0699901A/etablissement.yml",
            2,
            "lettre de contrôle fausse : attendu M, trouvé A",
        )],
    );
}

#[test]
fn a_folder_named_after_another_uai() {
    assert_errors(
        "dossier_pas_uai",
        &[(ETAB, 2, "l'UAI « 0389902G » ne correspond pas au dossier « 0699901M »")],
    );
}

#[test]
fn a_mef_code_that_is_not_11_digits_is_pointed_at_everywhere_it_is_used() {
    let message = "le code MEF « 1011000111 » doit faire 11 chiffres";
    assert_errors(
        "mef_pas_11_chiffres",
        &[(ETAB, 13, message), (ETAB, 21, message), (ETAB, 31, message)],
    );
}

#[test]
fn a_closing_date_before_the_opening_date() {
    assert_errors(
        "cloture_avant_ouverture",
        &[(ETAB, 11, "la clôture (2027-03-31) est avant l'ouverture (2027-04-06)")],
    );
}

#[test]
fn an_option_offered_in_a_level_that_does_not_exist() {
    assert_errors(
        "option_niveau_absent",
        &[(
            ETAB,
            21,
            "l'option « LATIN » renvoie au niveau 10410001110, qui n'est pas dans la liste niveaux",
        )],
    );
    let error = &errors_of("option_niveau_absent")[0];
    assert_eq!(error.column, 30, "points at the wrong code in the list: {error}");
}

#[test]
fn a_next_level_that_does_not_exist() {
    assert_errors(
        "passage_niveau_absent",
        &[(
            ETAB,
            34,
            "va vers le niveau 10310019110, qui n'est pas dans la liste niveaux",
        )],
    );
}

#[test]
fn a_missing_welcome_text() {
    assert_errors(
        "accueil_manquant",
        &[(
            "etablissements/0699901M/accueil.md",
            1,
            "fichier manquant : chaque établissement a un accueil.md",
        )],
    );
}

#[test]
fn an_invalid_front_matter_points_at_its_line_in_the_markdown_file() {
    assert_errors(
        "front_matter_invalide",
        &[(
            "etablissements/0699901M/accueil.md",
            2,
            "en-tête (front matter) : syntaxe YAML invalide : deux-points inattendu",
        )],
    );
}

#[test]
fn every_error_of_every_file_comes_at_once() {
    assert_errors(
        "erreurs_multiples",
        &[
            (ETAB, 9, "clé inconnue « telephonne »"),
            (ETAB, 12, "la clôture (2027-03-31) est avant l'ouverture"),
            ("pages/aide.md", 1, "en-tête (front matter) manquant"),
            (
                "site.yml",
                3,
                "contact « contact-sans-arobase » n'est pas une adresse électronique",
            ),
        ],
    );
}

#[test]
fn errors_print_like_a_compiler() {
    let dir = fixture("cloture_avant_ouverture");
    let errors = load_content(&dir).unwrap_err();
    let text = errors.to_string();
    let first = text.lines().next().unwrap();
    assert_eq!(
        first,
        format!(
            "{}:11:12: la clôture (2027-03-31) est avant l'ouverture (2027-04-06) de la campagne",
            dir.join(ETAB).display()
        )
    );
    assert!(text.ends_with("1 erreur dans 1 fichier de contenu"), "{text}");
}

#[test]
fn a_missing_content_folder_is_one_clear_error() {
    let errors = load_content(Path::new("/nonexistent/content")).unwrap_err().0;
    assert_eq!(errors.len(), 1);
    assert!(errors[0].message.contains("dossier de contenu introuvable"));
}
