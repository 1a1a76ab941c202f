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

// Content that explodes: what a hostile or careless file costs whoever runs check or build.

#[test]
fn yaml_aliases_are_refused_where_they_are_written_before_any_expansion() {
    // A « billion laughs » (8 levels of 9: 43 million strings) at the end of a school's file, and an
    // alias in a front matter: each refused at its first alias.
    let refused = "les alias YAML (*nom) ne sont pas acceptés : recopiez la valeur";
    assert_errors(
        "alias_yaml",
        &[("etablissements/0699901M/accueil.md", 3, refused), (ETAB, 37, refused)],
    );
    let errors = errors_of("alias_yaml");
    assert_eq!(errors[1].column, 14, "points at the first *b0: {}", errors[1]);
    assert_eq!(errors[0].column, 7, "points at *titre: {}", errors[0]);
}

/// A copy of fixture `name` that a test may change.
fn copy_of(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    for entry in walkdir::WalkDir::new(fixture(name)).into_iter().map(Result::unwrap) {
        let target = content.join(entry.path().strip_prefix(fixture(name)).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    (dir, content)
}

/// The errors of the content at `dir`, paths relative to it, as staff read them.
fn errors_at(dir: &Path) -> Vec<String> {
    let errors = load_content(dir).expect_err("this content must be refused").0;
    errors
        .into_iter()
        .map(|e| {
            format!(
                "{}:{}: {}",
                e.path.strip_prefix(dir).unwrap().display(),
                e.line,
                e.message
            )
        })
        .collect()
}

#[test]
fn nesting_100_000_levels_deep_is_refused_without_overflowing_the_stack() {
    let (_tmp, content) = copy_of("valide");
    let etab = content.join(ETAB);
    let text = std::fs::read_to_string(&etab).unwrap();
    std::fs::write(&etab, format!("{text}profond: {}\n", "[".repeat(100_000))).unwrap();
    let page = content.join("pages/aide.md");
    std::fs::write(&page, format!("---\ntitre: Aide\n---\n{}\n", "- ".repeat(100_000))).unwrap();
    let md = content.join("etablissements/0389902G/accueil.md");
    std::fs::write(
        &md,
        format!("---\ntitre: Bienvenue\nlien:\n  {}x\n---\n", "- ".repeat(100_000)),
    )
    .unwrap();
    let errors = errors_at(&content);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0].starts_with("etablissements/0389902G/accueil.md:4: en-tête (front matter) : plus de 64 niveaux"),
        "{errors:#?}"
    );
    assert!(
        errors[1].starts_with(&format!("{ETAB}:35: syntaxe YAML invalide : trop de crochets")),
        "{errors:#?}"
    );
}

#[test]
fn a_file_of_absurd_size_is_refused_before_it_is_parsed_with_its_size_and_the_limit() {
    let (_tmp, content) = copy_of("valide");
    let etab = content.join(ETAB);
    let text = std::fs::read_to_string(&etab).unwrap();
    let filler = format!("# {}\n", "x".repeat(1000)).repeat(1600);
    std::fs::write(&etab, format!("{text}{filler}")).unwrap();
    let page = content.join("pages/aide.md");
    std::fs::write(&page, format!("---\ntitre: Aide\n---\n{}", "Texte. ".repeat(450_000))).unwrap();
    let errors = errors_at(&content);
    assert_eq!(
        errors,
        [
            format!("{ETAB}:1: fichier YAML trop gros : 1,5 Mo, la limite est 1 Mo (un vrai fichier de contenu fait quelques Ko) ; vérifiez que c'est le bon fichier"),
            "pages/aide.md:1: fichier Markdown trop gros : 3 Mo, la limite est 2 Mo (un vrai fichier de contenu fait quelques Ko) ; vérifiez que c'est le bon fichier".to_string(),
        ]
    );
}

#[test]
fn a_symbolic_link_out_of_the_content_is_refused_by_name_and_one_inside_is_followed() {
    use std::os::unix::fs::symlink;
    let (tmp, content) = copy_of("valide");
    // Outside the content: a file that would pass as a page, and a whole school folder.
    let secret = tmp.path().join("secret.md");
    std::fs::write(&secret, "---\ntitre: Secret\n---\nmot de passe\n").unwrap();
    symlink(&secret, content.join("pages/fuite.md")).unwrap();
    let outside_school = tmp.path().join("ailleurs");
    std::fs::create_dir(&outside_school).unwrap();
    for file in ["etablissement.yml", "accueil.md"] {
        std::fs::copy(
            content.join("etablissements/0389902G").join(file),
            outside_school.join(file),
        )
        .unwrap();
    }
    std::fs::remove_dir_all(content.join("etablissements/0389902G")).unwrap();
    symlink(&outside_school, content.join("etablissements/0389902G")).unwrap();
    // Inside: a second name for a page.
    symlink("aide.md", content.join("pages/aide-bis.md")).unwrap();

    let errors = errors_at(&content);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    let to = |target: &Path| {
        format!(
            ": lien symbolique vers {}, hors de {} : refusé",
            target.canonicalize().unwrap().display(),
            content.display()
        )
    };
    assert!(
        errors[0].starts_with(&format!("etablissements/0389902G:1{}", to(&outside_school))),
        "{errors:#?}"
    );
    assert!(
        errors[1].starts_with(&format!("pages/fuite.md:1{}", to(&secret))),
        "{errors:#?}"
    );

    // Without the links out, the link inside is a page like any other.
    std::fs::remove_file(content.join("pages/fuite.md")).unwrap();
    std::fs::remove_file(content.join("etablissements/0389902G")).unwrap();
    let loaded = load_content(&content).unwrap_or_else(|e| panic!("{e}"));
    let slugs: Vec<&str> = loaded.pages.iter().map(|p| p.slug.as_str()).collect();
    assert_eq!(slugs, ["aide-bis", "aide"]);
}

#[test]
fn one_school_or_the_site_alone_is_read_through_the_same_guard() {
    use std::os::unix::fs::symlink;
    let (tmp, content) = copy_of("valide");
    let secret = tmp.path().join("site.yml");
    std::fs::copy(content.join("site.yml"), &secret).unwrap();
    std::fs::remove_file(content.join("site.yml")).unwrap();
    symlink(&secret, content.join("site.yml")).unwrap();
    let errors = dossiersco_generator::load_site_config(&content).unwrap_err().0;
    assert!(errors[0].message.starts_with("lien symbolique vers "), "{}", errors[0]);

    let errors = dossiersco_generator::load_one_school(&content, "../../etc")
        .unwrap_err()
        .0;
    assert!(errors[0].message.contains("« .. » refusé"), "{}", errors[0]);

    let etab = content.join(ETAB);
    let text = std::fs::read_to_string(&etab).unwrap();
    std::fs::write(&etab, format!("{text}copie: *uai\n")).unwrap();
    let errors = dossiersco_generator::load_one_school(&content, "0699901M")
        .unwrap_err()
        .0;
    assert_eq!((errors[0].line, errors[0].column), (35, 8), "{}", errors[0]);
    assert!(errors[0].message.contains("alias YAML"), "{}", errors[0]);
}
