//! `dossiersco check` on the theme's catalogs, as a translator uses it: a key left out of a
//! translation, a key nothing uses, a key a template asks for that French lacks, a language
//! of site.yml without its catalog — each at file:line, and the command fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn check(content: &Path, theme: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossiersco"))
        .args([
            "check",
            "--content",
            content.to_str().unwrap(),
            "--theme",
            theme.to_str().unwrap(),
        ])
        .current_dir(repo())
        .output()
        .unwrap()
}

/// Adds `line` at the end of `file`; returns its line number (for the expected messages).
fn append_line(file: &Path, line: &str) -> usize {
    let text = std::fs::read_to_string(file).unwrap();
    std::fs::write(file, format!("{text}{line}\n")).unwrap();
    text.lines().count() + 1
}

/// Removes the message `key` from the catalog `file`.
fn drop_key(file: &Path, key: &str) {
    let kept: String = std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with(&format!("{key} =")))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(file, kept).unwrap();
}

/// Runs `check`, which must refuse (exit 1); returns what it printed on stderr.
fn check_refused(content: &Path, theme: &Path) -> String {
    let out = check(content, theme);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    stderr
}

/// The demo content and theme, copied for a test to spoil.
fn copies() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let theme = dir.path().join("theme");
    copy_tree(&repo().join("content"), &content);
    copy_tree(&repo().join("themes/default"), &theme);
    (dir, content, theme)
}

#[test]
fn the_demo_catalogs_are_complete() {
    let out = check(&repo().join("content"), &repo().join("themes/default"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("Catalogues de traduction complets : fr, en"),
        "{stdout}"
    );
}

#[test]
fn missing_unused_and_unknown_keys_are_listed_with_file_and_line() {
    let (_dir, content, theme) = copies();
    let en = theme.join("i18n/en.ftl");
    // A translator forgot a message, and left one the French catalog does not have.
    drop_key(&en, "connexion-bouton");
    let last_line = append_line(&en, "obsolete-key = Old text");
    // A French message nothing uses; a template asks for a key French lacks.
    let fr = theme.join("i18n/fr.ftl");
    let fr_line = append_line(&fr, "cle-oubliee = Plus utilisée");
    let page = theme.join("templates/page.html");
    let page_line = append_line(&page, "{{ t(key=\"cle-inventee\") }}");

    let stderr = check_refused(&content, &theme);
    let fr_ref = fr.display().to_string();
    for expected in [
        format!(
            "{}:{page_line}: clé « cle-inventee » absente de {fr_ref}",
            page.display()
        ),
        format!(
            "{}:{}: clé « connexion-bouton » absente (à traduire depuis {fr_ref}:",
            en.display(),
            last_line
        ),
        format!(
            "{}:{last_line}: clé « obsolete-key » inconnue du catalogue de référence",
            en.display()
        ),
        format!("{fr_ref}:{fr_line}: clé « cle-oubliee » utilisée par aucun gabarit : supprimez-la"),
    ] {
        assert!(stderr.contains(&expected), "« {expected} » missing in:\n{stderr}");
    }
}

/// `site` with its `langues:` line set to `list`, whatever the demo enables.
fn set_langues(site: &str, list: &str) -> String {
    let changed: Vec<String> = site
        .lines()
        .map(|l| {
            if l.starts_with("langues:") {
                format!("langues: {list}")
            } else {
                l.to_string()
            }
        })
        .collect();
    assert!(
        changed.iter().any(|l| l == &format!("langues: {list}")),
        "site.yml has a langues line"
    );
    changed.join("\n") + "\n"
}

#[test]
fn a_language_without_its_catalog_is_reported() {
    let (_dir, content, theme) = copies();
    let site = std::fs::read_to_string(content.join("site.yml")).unwrap();
    std::fs::write(content.join("site.yml"), set_langues(&site, "[fr, en, tr]")).unwrap();
    let stderr = check_refused(&content, &theme);
    let expected = format!(
        "{}:1: catalogue de la langue « tr » illisible",
        theme.join("i18n/tr.ftl").display()
    );
    assert!(stderr.contains(&expected), "{stderr}");
    // And the build refuses too, naming the file.
    let public = content.with_file_name("public");
    let out = Command::new(env!("CARGO_BIN_EXE_dossiersco"))
        .args([
            "build",
            "--content",
            content.to_str().unwrap(),
            "--theme",
            theme.to_str().unwrap(),
        ])
        .args(["--out", public.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("tr.ftl"));
    assert!(!public.exists(), "nothing is written");
}

#[test]
fn a_bad_language_code_in_site_yml_is_a_content_error_at_its_line() {
    let (_dir, content, theme) = copies();
    let site = std::fs::read_to_string(content.join("site.yml")).unwrap();
    let line = site.lines().position(|l| l.starts_with("langues:")).unwrap() + 1;
    std::fs::write(content.join("site.yml"), set_langues(&site, "[fr, English]")).unwrap();
    let stderr = check_refused(&content, &theme);
    assert!(stderr.contains(&format!("site.yml:{line}:")), "{stderr}");
    assert!(
        stderr.contains("langue « English » : un code de langue en minuscules est attendu"),
        "{stderr}"
    );
}

#[test]
fn the_scripts_messages_are_checked_like_the_templates_ones() {
    let (_dir, content, theme) = copies();
    // A script asks for a message French lacks; Arabic lacks one of the scripts' messages;
    // French keeps one no script asks for any more.
    let js = theme.join("static/pieces.js");
    let js_line = append_line(&js, "t(\"message-invente\");");
    let ar = theme.join("i18n/ar.ftl");
    drop_key(&ar, "script-retirer");
    let fr = theme.join("i18n/fr.ftl");
    let fr_line = append_line(&fr, "script-oublie = Plus demandé");

    let stderr = check_refused(&content, &theme);
    let fr_ref = fr.display().to_string();
    for expected in [
        format!(
            "{}:{js_line}: clé « script-message-invente » absente de {fr_ref}",
            js.display()
        ),
        format!("{fr_ref}:{fr_line}: clé « script-oublie » utilisée par aucun gabarit"),
    ] {
        assert!(stderr.contains(&expected), "« {expected} » missing in:\n{stderr}");
    }
    let missing = format!("clé « script-retirer » absente (à traduire depuis {fr_ref}:");
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with(&format!("{}:", ar.display())) && l.contains(&missing)),
        "« {missing} » missing in:\n{stderr}"
    );
}
