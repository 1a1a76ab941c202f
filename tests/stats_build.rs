//! `dossiersco build --stats-db` through the binary, on a copy made by `dossiersco snapshot`
//! of a database filled by `dossiersco import`; and a file it cannot read stops the build
//! with a French message before anything is written.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn dossiersco(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossiersco"))
        .args(args)
        .current_dir(repo())
        .env_remove("DOSSIERSCO_DB")
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

fn ok(args: &[&str]) -> String {
    let out = dossiersco(args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "dossiersco {args:?}: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Relative path → bytes of every file under `dir`.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn build_publishes_the_figures_of_a_snapshot_and_refuses_what_is_not_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("var/dossiersco.sqlite");
    for uai in ["0699901M", "0389902G", "0339903K"] {
        let mut args = vec!["import", "--uai", uai, "--db", s(&db), "--sans-codes"];
        let exports: Vec<String> = ["nomenclature.xml", "eleves.xml", "responsables.xml"]
            .iter()
            .map(|f| format!("demo/siecle/{uai}/{f}"))
            .collect();
        args.extend(exports.iter().map(String::as_str));
        ok(&args);
    }
    let snapshot = dir.path().join("copie.sqlite");
    ok(&["snapshot", "--db", s(&db), "--out", s(&snapshot)]);

    let public = dir.path().join("public");
    let stdout = ok(&["build", "--out", s(&public), "--stats-db", s(&snapshot)]);
    assert!(stdout.contains("/stats/ : chiffres de 3 établissement(s)"), "{stdout}");
    let page = std::fs::read_to_string(public.join("stats/index.html")).unwrap();
    assert!(
        page.contains("<div><dt>Élèves attendus</dt><dd>27</dd></div>"),
        "{page}"
    );
    for uai in ["0699901M", "0389902G", "0339903K"] {
        assert!(public.join(format!("stats/{uai}/index.html")).is_file(), "{uai}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("stats/stats.json")).unwrap()).unwrap();
    assert_eq!(json["national"]["participation"]["eleves_attendus"], 27);
    assert_eq!(json["national"]["participation"]["familles_connectees"], "< 5");
    let csv = std::fs::read_to_string(public.join("stats/stats.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}perimetre;uai;nom;"), "{csv}");
    assert_eq!(csv.lines().count(), 1 + 1 + 3);

    // Files it cannot read: a clear message, and public/ exactly as it was.
    let before = files(&public);
    let text = dir.path().join("pas-une-base.sqlite");
    std::fs::write(
        &text,
        "rien à voir avec une base de données SQLite, vraiment rien du tout",
    )
    .unwrap();
    let missing = dir.path().join("absente.sqlite");
    for (file, expected) in [
        (text.as_path(), "ce n'est pas un fichier SQLite"),
        (missing.as_path(), "n'existe pas"),
    ] {
        let out = dossiersco(&["build", "--out", s(&public), "--stats-db", s(file)]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(stderr.contains(expected), "{stderr}");
        assert!(stderr.contains("Rien n'a été écrit"), "{stderr}");
        assert_eq!(files(&public), before, "public/ untouched");
    }
}

/// The documented input of `build --stats-db` is the statistics file: the same /stats/ as
/// from the full copy, which still builds but is flagged (it carries every family's data and
/// the key of the codes to the machine that builds the public site).
#[test]
fn the_statistics_file_builds_the_same_stats_pages_as_the_full_copy() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("var/dossiersco.sqlite");
    for uai in ["0699901M", "0389902G", "0339903K"] {
        let mut args = vec!["import", "--uai", uai, "--db", s(&db), "--sans-codes"];
        let exports: Vec<String> = ["nomenclature.xml", "eleves.xml", "responsables.xml"]
            .iter()
            .map(|f| format!("demo/siecle/{uai}/{f}"))
            .collect();
        args.extend(exports.iter().map(String::as_str));
        ok(&args);
    }
    let full = dir.path().join("copie.sqlite");
    let stdout = ok(&["snapshot", "--db", s(&db), "--out", s(&full)]);
    assert!(
        stdout.contains("--statistiques"),
        "the backup says what to use instead: {stdout}"
    );
    let file = dir.path().join("statistiques.sqlite");
    let stdout = ok(&["snapshot", "--statistiques", "--db", s(&full), "--out", s(&file)]);
    assert!(stdout.contains("statistiques (comptes seulement)"), "{stdout}");
    assert!(
        std::fs::metadata(&file).unwrap().len() < std::fs::metadata(&full).unwrap().len() / 4,
        "counts only"
    );

    let from_full = dir.path().join("public-copie");
    let out = dossiersco(&["build", "--out", s(&from_full), "--stats-db", s(&full)]);
    assert!(out.status.success());
    let warning = String::from_utf8_lossy(&out.stderr);
    assert!(
        warning.contains("copie complète") && warning.contains("snapshot --statistiques"),
        "{warning}"
    );
    let from_file = dir.path().join("public-statistiques");
    let out = dossiersco(&["build", "--out", s(&from_file), "--stats-db", s(&file)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("attention"));

    let pages = |public: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        files(&public.join("stats"))
            .into_iter()
            .map(|(p, bytes)| (p.strip_prefix(public).unwrap().to_path_buf(), bytes))
            .collect()
    };
    let (a, b) = (pages(&from_full), pages(&from_file));
    assert_eq!(a.len(), 1 + 3 + 2, "national page, 3 schools, JSON, CSV");
    assert!(a == b, "the same /stats/ from either file");

    // From the live database too (dated now).
    let live = dir.path().join("du-jour.sqlite");
    ok(&["snapshot", "--statistiques", "--db", s(&db), "--out", s(&live)]);
    let public = dir.path().join("public-du-jour");
    ok(&["build", "--out", s(&public), "--stats-db", s(&live)]);
    let json = std::fs::read_to_string(public.join("stats/stats.json")).unwrap();
    assert!(json.contains("\"eleves_attendus\":27"), "{json}");
}
