//! Content that explodes, through the binary: whoever can push a file to the site's content
//! (a school's teacher, a compromised account) must not be able to freeze or crash the
//! maintainer's `check`, the CI's `build`, nor publish a file of the machine that builds.
//! Each attack is refused quickly, with a French message at file:line, and nothing is written.

use std::os::unix::fs::symlink;
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

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A copy of the demo content (three schools, four pages) that a test may spoil.
fn demo_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(&repo().join("content"), &content);
    (dir, content)
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

/// `check` then `build` on `content` (with `theme`): both must refuse, neither may die of a
/// signal (a stack overflow is SIGSEGV/SIGABRT), and `build` writes nothing. Returns what
/// `check` printed on stderr.
fn refused_by_check_and_build(content: &Path, theme: &Path) -> String {
    let out = dossiersco(&["check", "--content", s(content)]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "check must refuse, not crash: {stderr}");

    let public = content.with_file_name("public");
    let out = dossiersco(&[
        "build",
        "--content",
        s(content),
        "--theme",
        s(theme),
        "--out",
        s(&public),
    ]);
    let build_err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "build must refuse, not crash: {build_err}");
    assert!(
        !public.exists(),
        "build wrote {} despite: {build_err}",
        public.display()
    );
    stderr
}

fn theme() -> PathBuf {
    repo().join("themes/default")
}

#[test]
fn a_billion_laughs_in_a_school_file_is_refused_at_its_first_alias() {
    let (_tmp, content) = demo_copy();
    let etab = content.join("etablissements/0699901M/etablissement.yml");
    let text = std::fs::read_to_string(&etab).unwrap();
    // 8 levels of 9 (strings, then 7 levels of aliases): 9^8 = 43 million strings once
    // expanded, which took 68 s and 8.3 GB before aliases were refused.
    let mut bomb = String::from("lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..=7 {
        let aliases = vec![format!("*l{}", level - 1); 9].join(", ");
        bomb.push_str(&format!("lol{level}: &l{level} [{aliases}]\n"));
    }
    std::fs::write(&etab, format!("{text}{bomb}")).unwrap();
    let first_alias_line = text.lines().count() + 2;

    let stderr = refused_by_check_and_build(&content, &theme());
    let expected = format!(
        "{}:{first_alias_line}:12: les alias YAML (*nom) ne sont pas acceptés : recopiez la valeur",
        etab.display()
    );
    assert!(stderr.contains(&expected), "expected « {expected} » in:\n{stderr}");
}

#[test]
fn files_of_absurd_size_and_depth_are_refused_before_they_are_parsed() {
    let (_tmp, content) = demo_copy();
    // 40 MB of YAML comments: the reader stops at the limit without reading them.
    let etab = content.join("etablissements/0389902G/etablissement.yml");
    let file = std::fs::OpenOptions::new().append(true).open(&etab).unwrap();
    file.set_len(40 * 1024 * 1024).unwrap();
    let page = content.join("pages/aide.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}{}", "Encore une ligne d'aide.\n".repeat(100_000))).unwrap();
    // 100 000 nested lists: under the size limit, but deeper than any parser's stack.
    let deep = content.join("etablissements/0339903K/etablissement.yml");
    std::fs::write(&deep, format!("uai: 0339903K\nniveaux:\n  {}x\n", "- ".repeat(100_000))).unwrap();

    let stderr = refused_by_check_and_build(&content, &theme());
    for expected in [
        format!(
            "{}:1:1: fichier YAML trop gros : 40 Mo, la limite est 1 Mo",
            etab.display()
        ),
        format!("{}:3:", deep.display()),
        "plus de 64 niveaux de listes ou de clés imbriquées".to_string(),
        format!(
            "{}:1:1: fichier Markdown trop gros : 2,4 Mo, la limite est 2 Mo",
            page.display()
        ),
        "3 erreurs dans 3 fichiers de contenu".to_string(),
    ] {
        assert!(stderr.contains(&expected), "expected « {expected} » in:\n{stderr}");
    }
}

#[test]
fn a_symbolic_link_out_of_the_content_or_the_theme_is_refused_and_not_published() {
    let (tmp, content) = demo_copy();
    // A page that is a link to a file of the machine, dressed as a page so it would render.
    let secret = tmp.path().join("secret.md");
    std::fs::write(&secret, "---\ntitre: Secret\n---\nmot de passe de la base\n").unwrap();
    let link = content.join("pages/secret.md");
    symlink(&secret, &link).unwrap();
    let stderr = refused_by_check_and_build(&content, &theme());
    let expected = format!(
        "{}:1:1: lien symbolique vers {}, hors de {} : refusé",
        link.display(),
        secret.canonicalize().unwrap().display(),
        content.display()
    );
    assert!(stderr.contains(&expected), "expected « {expected} » in:\n{stderr}");
    std::fs::remove_file(&link).unwrap();

    // A theme whose static folder links to /etc/passwd: the build stops, names the link, and
    // public/ never holds the file.
    let theme = tmp.path().join("theme");
    copy_tree(&repo().join("themes/default"), &theme);
    let leak = theme.join("static/passwd.txt");
    symlink("/etc/passwd", &leak).unwrap();
    let public = tmp.path().join("public");
    let out = dossiersco(&[
        "build",
        "--content",
        s(&content),
        "--theme",
        s(&theme),
        "--out",
        s(&public),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("{} : lien symbolique vers /etc/passwd", leak.display())),
        "{stderr}"
    );
    assert!(!public.exists(), "nothing is written");

    // The same theme without the link builds, and the content's own links are fine.
    std::fs::remove_file(&leak).unwrap();
    symlink("aide.md", content.join("pages/aide-2.md")).unwrap();
    let out = dossiersco(&[
        "build",
        "--content",
        s(&content),
        "--theme",
        s(&theme),
        "--out",
        s(&public),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(public.join("pages/aide-2/index.html").is_file());
}
