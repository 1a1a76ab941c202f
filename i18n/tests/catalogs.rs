//! The theme's catalogs and what a translator writes in one: plurals, elision, dates, numbers,
//! the French fallback, the errors `check` reports.

use dossiersco_i18n::{Catalogs, FluentArgs};
use std::path::{Path, PathBuf};

fn theme_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../themes/default/i18n")
}

/// Every catalog the theme ships (fr, en, and whatever a helper or translator added).
fn shipped() -> Vec<String> {
    let mut codes: Vec<String> = std::fs::read_dir(theme_dir())
        .unwrap()
        .filter_map(|e| {
            let path = e.unwrap().path();
            (path.extension()? == "ftl").then(|| path.file_stem().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    codes.sort();
    codes
}

fn theme() -> Catalogs {
    Catalogs::load(&theme_dir(), &shipped()).unwrap_or_else(|e| panic!("catalogues du thème invalides :\n{e}"))
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn every_shipped_catalog_has_every_key_of_the_french_one() {
    let catalogs = theme();
    assert!(shipped().len() >= 2, "fr.ftl et au moins en.ftl : {:?}", shipped());
    let missing = catalogs.missing_keys();
    assert!(
        missing.is_empty(),
        "clés manquantes :\n{}",
        missing.iter().map(|m| m.to_string()).collect::<Vec<_>>().join("\n")
    );
    let mut used = std::collections::BTreeSet::new();
    used.extend(catalogs.catalogs()[0].keys().iter().map(|(k, _)| k.clone()));
    let strays = catalogs.unused_keys(&used);
    assert!(
        strays.is_empty(),
        "clés absentes du français :\n{}",
        strays.iter().map(|m| m.to_string()).collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn long_dates_in_french_english_and_arabic() {
    let catalogs = theme();
    let date = time::macros::date!(2027 - 01 - 10);
    assert_eq!(catalogs.date_longue("fr", date), "dimanche 10 janvier 2027");
    assert_eq!(
        catalogs.date_longue("fr", time::macros::date!(2027 - 03 - 01)),
        "lundi 1er mars 2027"
    );
    assert_eq!(catalogs.date_longue("en", date), "Sunday 10 January 2027");
    assert_eq!(
        catalogs.date_longue("en", time::macros::date!(2027 - 03 - 01)),
        "Monday 1 March 2027"
    );
    if catalogs.has_langue("ar") {
        let ar = catalogs.date_longue("ar", date);
        assert!(ar.contains("يناير") || ar.contains("كانون الثاني"), "{ar}");
        assert!(ar.contains("الأحد"), "{ar}");
    }
}

#[test]
fn numbers_take_each_language_separators() {
    let catalogs = theme();
    assert_eq!(catalogs.nombre("fr", 1234.5, 1), "1\u{202F}234,5");
    assert_eq!(catalogs.nombre("en", 1234.5, 1), "1,234.5");
    assert_eq!(catalogs.nombre("fr", 12.0, 0), "12");
}

#[test]
fn language_names_are_written_in_themselves() {
    let catalogs = theme();
    assert_eq!(catalogs.nom("fr"), "Français");
    assert_eq!(catalogs.nom("en"), "English");
    if catalogs.has_langue("ar") {
        assert_eq!(catalogs.nom("ar"), "العربية");
    }
}

const FR: &str = r#"
langue-nom = Français
pieces = { $n ->
    [one] { $n } pièce manquante
   *[other] { $n } pièces manquantes
}
dossier-de = Dossier { INITIALE($prenom) ->
    [voyelle] d'{ $prenom }
   *[consonne] de { $prenom }
}
inscrit = { $genre ->
    [f] inscrite
    [m] inscrit
   *[autre] inscrit·e
}
seulement-fr = Texte seulement en français
"#;

const EN: &str = r#"
langue-nom = English
pieces = { $n ->
    [one] { $n } missing document
   *[other] { $n } missing documents
}
dossier-de = { $prenom }'s file
inscrit = enrolled
"#;

fn fixture() -> (tempfile::TempDir, Catalogs) {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "fr.ftl", FR);
    write(dir.path(), "en.ftl", EN);
    let catalogs = Catalogs::load(dir.path(), &["fr".into(), "en".into()]).unwrap();
    (dir, catalogs)
}

fn n(value: i64) -> FluentArgs<'static> {
    let mut args = FluentArgs::new();
    args.set("n", value);
    args
}

#[test]
fn plurals_follow_each_language_rules() {
    let (_dir, c) = fixture();
    assert_eq!(c.text("fr", "pieces", Some(&n(0))), "0 pièce manquante");
    assert_eq!(c.text("fr", "pieces", Some(&n(1))), "1 pièce manquante");
    assert_eq!(c.text("fr", "pieces", Some(&n(2))), "2 pièces manquantes");
    assert_eq!(c.text("en", "pieces", Some(&n(0))), "0 missing documents");
    assert_eq!(c.text("en", "pieces", Some(&n(1))), "1 missing document");
}

#[test]
fn french_elision_and_gender_neutral_forms_come_from_selectors() {
    let (_dir, c) = fixture();
    let mut args = FluentArgs::new();
    args.set("prenom", "Émile");
    assert_eq!(c.text("fr", "dossier-de", Some(&args)), "Dossier d'Émile");
    let mut args = FluentArgs::new();
    args.set("prenom", "Léa");
    assert_eq!(c.text("fr", "dossier-de", Some(&args)), "Dossier de Léa");
    assert_eq!(c.text("en", "dossier-de", Some(&args)), "Léa's file");
    for (genre, text) in [("f", "inscrite"), ("m", "inscrit"), ("", "inscrit·e")] {
        let mut args = FluentArgs::new();
        args.set("genre", genre);
        assert_eq!(c.text("fr", "inscrit", Some(&args)), text);
    }
}

#[test]
fn a_key_missing_in_a_translation_falls_back_to_french_and_is_listed() {
    let (dir, c) = fixture();
    assert_eq!(c.text("en", "seulement-fr", None), "Texte seulement en français");
    assert!(!c.has_key("en", "seulement-fr"));
    let missing = c.missing_keys();
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert_eq!(missing[0].key, "seulement-fr");
    assert_eq!(missing[0].path, dir.path().join("en.ftl"));
    assert!(missing[0].to_string().contains("fr.ftl:16"), "{}", missing[0]);
}

#[test]
fn unused_keys_are_listed_with_their_line() {
    let (dir, c) = fixture();
    let used = ["pieces", "dossier-de", "inscrit"].map(String::from).into();
    let unused = c.unused_keys(&used);
    let listed: Vec<String> = unused.iter().map(|i| i.to_string()).collect();
    assert_eq!(
        listed,
        [format!(
            "{}:16: clé « seulement-fr » utilisée par aucun gabarit : supprimez-la",
            dir.path().join("fr.ftl").display()
        )]
    );
}

#[test]
fn syntax_errors_and_missing_catalogs_are_reported_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "fr.ftl",
        "a = un\nb = { $n ->\n  [one] x\n}\nc = trois\nc = encore\n",
    );
    let errors = Catalogs::load(dir.path(), &["fr".into(), "pt".into()])
        .err()
        .expect("erreurs attendues");
    let text = errors.to_string();
    assert!(text.contains("fr.ftl:"), "{text}");
    assert!(
        text.contains("pt.ftl:1: catalogue de la langue « pt » illisible"),
        "{text}"
    );

    write(dir.path(), "fr.ftl", "a = un\nc = trois\nc = encore\n");
    let errors = Catalogs::load(dir.path(), &[]).err().expect("clé en double");
    assert!(
        errors.to_string().contains("fr.ftl:3: clé « c » déjà définie ligne 2"),
        "{errors}"
    );
}

#[test]
fn catalogs_are_shared_between_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Catalogs>();
}

#[test]
fn arabic_plurals_have_their_six_forms() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "fr.ftl", "langue-nom = Français\npieces = { $n } pièces\n");
    write(
        dir.path(),
        "ar.ftl",
        "langue-nom = العربية\npieces = { $n ->\n    [zero] لا وثائق\n    [one] وثيقة واحدة\n    [two] وثيقتان\n    [few] { $n } وثائق\n    [many] { $n } وثيقة\n   *[other] { $n } وثيقة\n}\n",
    );
    let c = Catalogs::load(dir.path(), &["ar".into()]).unwrap();
    assert_eq!(c.text("ar", "pieces", Some(&n(0))), "لا وثائق");
    assert_eq!(c.text("ar", "pieces", Some(&n(1))), "وثيقة واحدة");
    assert_eq!(c.text("ar", "pieces", Some(&n(2))), "وثيقتان");
    assert_eq!(c.text("ar", "pieces", Some(&n(3))), "3 وثائق");
    assert_eq!(c.text("ar", "pieces", Some(&n(11))), "11 وثيقة");
    assert_eq!(c.text("ar", "pieces", Some(&n(100))), "100 وثيقة");
    assert_eq!(dossiersco_i18n::dir("ar"), "rtl");
    assert_eq!(c.nom("ar"), "العربية");
}
