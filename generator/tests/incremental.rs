//! The incremental build as an editor lives it: after one change only the files that differ
//! are replaced (the others keep their inode and times), nothing is written when nothing
//! changed, a theme change renders everything, a removed school's pages go; and whatever the
//! path taken, the output is byte for byte that of a full build from scratch.

use dossiersco_generator::{build_site, BuildOptions, BuildReport, ContentErrors, MANIFEST};
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in WalkDir::new(from).into_iter().map(Result::unwrap) {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the demo content (three schools) and of the theme in a temp folder.
struct World {
    dir: tempfile::TempDir,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&root().join("content"), &dir.path().join("content"));
        copy_tree(&root().join("themes/default"), &dir.path().join("theme"));
        // A file's times are trusted only once they are a little in the past.
        settle();
        World { dir }
    }
    fn content(&self) -> PathBuf {
        self.dir.path().join("content")
    }
    fn theme(&self) -> PathBuf {
        self.dir.path().join("theme")
    }
    fn public(&self) -> PathBuf {
        self.dir.path().join("public")
    }
    fn build(&self) -> BuildReport {
        build_site(&self.content(), &self.theme(), &BuildOptions::new(self.public()))
            .unwrap_or_else(|e| panic!("{e:#}"))
    }
    /// A full build from scratch into a new folder, the reference.
    fn reference(&self) -> BTreeMap<String, Vec<u8>> {
        let out = self.dir.path().join(format!("reference-{}", rand_suffix()));
        let options = BuildOptions {
            incremental: false,
            ..BuildOptions::new(&out)
        };
        let report = build_site(&self.content(), &self.theme(), &options).unwrap();
        assert!(report.pages_rendered > 30, "{report:?}");
        let files = contents(&out);
        std::fs::remove_dir_all(&out).unwrap();
        files
    }
    fn edit(&self, relative: &str, from: &str, to: &str) {
        let path = self.content().join(relative);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{relative} holds no « {from} »");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        settle();
    }
}

fn settle() {
    std::thread::sleep(std::time::Duration::from_millis(250));
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

/// Every published file (the manifest aside): relative path → bytes.
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file() && e.file_name() != MANIFEST)
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Every file under `dir`, hidden ones included: relative path → (inode, mtime, ctime).
fn identities(dir: &Path) -> BTreeMap<String, (u64, i64, i64, i64, i64)> {
    WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().unwrap();
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (rel, (m.ino(), m.mtime(), m.mtime_nsec(), m.ctime(), m.ctime_nsec()))
        })
        .collect()
}

fn assert_same_as_reference(world: &World) {
    let built = contents(&world.public());
    let reference = world.reference();
    let built_names: Vec<&String> = built.keys().collect();
    let reference_names: Vec<&String> = reference.keys().collect();
    assert_eq!(built_names, reference_names, "not the same files as a full build");
    for (name, bytes) in &built {
        assert!(bytes == &reference[name], "{name} differs from a full build's");
    }
}

#[test]
fn one_changed_school_replaces_only_its_changed_pages() {
    let world = World::new();
    let first = world.build();
    assert_eq!(first.schools_rendered, 3);
    let before = identities(&world.public());

    world.edit(
        "etablissements/0699901M/accueil.md",
        "La réinscription",
        "Cette année, la réinscription",
    );
    let report = world.build();
    assert_eq!(report.schools_read, 1, "only the changed school is read again");
    assert_eq!((report.schools_rendered, report.schools_reused), (1, 2));
    let after = identities(&world.public());
    let changed: Vec<&String> = after
        .iter()
        .filter(|(name, id)| before.get(*name) != Some(id))
        .map(|(name, _)| name)
        .collect();
    // The languages without a translation of this welcome text show the French one.
    assert_eq!(
        changed,
        [
            ".dossiersco-build.json",
            "0699901M/index.html",
            "ar/0699901M/index.html",
            "pt/0699901M/index.html"
        ],
        "only the welcome page (and the manifest) were replaced"
    );
    assert_eq!(before.len(), after.len());
    let welcome = std::fs::read_to_string(world.public().join("0699901M/index.html")).unwrap();
    assert!(welcome.contains("Cette année, la réinscription"));
    assert_same_as_reference(&world);
}

#[test]
fn nothing_changed_nothing_written() {
    let world = World::new();
    world.build();
    // The first build found the files just copied: their times are trusted from now on.
    world.build();
    let before = identities(&world.public());
    let report = world.build();
    assert_eq!(report.schools_read, 0, "no school read again");
    assert_eq!(
        (report.pages_rendered, report.files_written, report.files_removed),
        (0, 0, 0)
    );
    assert_eq!(identities(&world.public()), before, "a file was touched");

    // A file saved again with the same text: read again, nothing rendered nor written.
    let accueil = world.content().join("etablissements/0389902G/accueil.md");
    std::fs::write(&accueil, std::fs::read(&accueil).unwrap()).unwrap();
    settle();
    let report = world.build();
    assert_eq!((report.schools_read, report.pages_rendered), (1, 0));
    let after = identities(&world.public());
    let changed: Vec<&String> = after
        .iter()
        .filter(|(name, id)| before.get(*name) != Some(id))
        .map(|(name, _)| name)
        .collect();
    assert_eq!(changed, [MANIFEST], "only the manifest, with the new stamp");
}

#[test]
fn a_theme_change_renders_everything_again() {
    let world = World::new();
    world.build();
    let base = world.theme().join("templates/base.html");
    let text = std::fs::read_to_string(&base).unwrap();
    assert!(text.contains("</footer>"));
    std::fs::write(&base, text.replacen("</footer>", "<p>Version d'essai</p></footer>", 1)).unwrap();
    let report = world.build();
    assert_eq!((report.schools_rendered, report.schools_reused), (3, 0));
    let page = std::fs::read_to_string(world.public().join("0699901M/connexion/index.html")).unwrap();
    assert!(page.contains("Version d'essai"));
    assert_same_as_reference(&world);
}

#[test]
fn a_removed_school_or_level_disappears() {
    let world = World::new();
    world.build();
    assert!(world.public().join("0389902G/index.html").is_file());
    std::fs::remove_dir_all(world.content().join("etablissements/0389902G")).unwrap();
    let report = world.build();
    assert!(report.files_removed >= 10, "{report:?}");
    assert!(!world.public().join("0389902G").exists());
    let sitemap = std::fs::read_to_string(world.public().join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("0389902G"));
    assert_same_as_reference(&world);
}

#[test]
fn a_content_error_changes_nothing_and_names_its_line() {
    let world = World::new();
    world.build();
    world.build();
    let before = identities(&world.public());
    world.edit("etablissements/0699901M/etablissement.yml", "nom:", "nom_inconnu:");
    let err = build_site(&world.content(), &world.theme(), &BuildOptions::new(world.public())).unwrap_err();
    let errors = err.downcast_ref::<ContentErrors>().expect("content errors");
    let listed = errors.to_string();
    assert!(listed.contains("0699901M/etablissement.yml:"), "{listed}");
    assert_eq!(identities(&world.public()), before);
}
