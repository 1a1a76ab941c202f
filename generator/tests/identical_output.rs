//! Every page of every school as the build writes it (contexts shared between a school's
//! pages, form sections converted once per school, files written in place by an incremental
//! build) is byte for byte the page rendered the straightforward way: one fresh context per
//! page through the public functions the worker uses (`render_page`, `render_form_page`).
//! Whatever the build does to go faster must not change a byte.

use dossiersco_generator::{build_site, school_urls, BuildOptions, Site};
use dossiersco_model::FormValues;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The staff area's pages: (name given to the template, path under `/<UAI>/`, template).
const STAFF: [(&str, &str, &str); 6] = [
    ("connexion", "personnel/", "personnel/connexion.html"),
    ("tableau", "personnel/tableau/", "personnel/tableau.html"),
    ("eleves", "personnel/eleves/", "personnel/eleves.html"),
    ("eleve", "personnel/eleve/", "personnel/eleve.html"),
    ("import", "personnel/import/", "personnel/import.html"),
    ("courriers", "personnel/courriers/", "personnel/courriers.html"),
];

const SCHOOL_TEMPLATES: [&str; 4] = [
    "etablissement.html",
    "connexion.html",
    "dossier.html",
    "confirmation.html",
];

fn check_every_school_page(content: &Path, public: &Path) {
    let site = Site::load(content, &root().join("themes/default")).unwrap_or_else(|e| panic!("{e:#}"));
    let mut checked = 0;
    for school in &site.content().schools {
        let etab = &school.etablissement;
        let uai = &etab.uai;
        let description = serde_json::json!({ "description": format!("Réinscription en ligne au {}", etab.nom) });
        let mut expected: Vec<(String, String)> = Vec::new();
        let urls = school_urls(etab);
        for (url, template) in urls.iter().zip(SCHOOL_TEMPLATES) {
            expected.push((url.clone(), site.render_page(template, uai, &description).unwrap()));
        }
        for (url, niveau) in urls[SCHOOL_TEMPLATES.len()..].iter().zip(&etab.niveaux) {
            let page = site
                .render_form_page(uai, &niveau.mef, &FormValues::new(), &[])
                .unwrap();
            expected.push((url.clone(), page));
        }
        for (page, path, template) in STAFF {
            let mut extra = description.clone();
            extra["page"] = page.into();
            expected.push((
                format!("/{uai}/{path}"),
                site.render_page(template, uai, &extra).unwrap(),
            ));
        }
        let listed: BTreeSet<String> = expected.iter().map(|(url, _)| format!("{url}index.html")).collect();
        let written: BTreeSet<String> = WalkDir::new(public.join(uai))
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| format!("/{}", e.path().strip_prefix(public).unwrap().to_string_lossy()))
            .collect();
        assert_eq!(written, listed, "the pages of {uai} are not the ones checked here");
        for (url, page) in expected {
            let file = public.join(&url[1..]).join("index.html");
            let built = std::fs::read_to_string(&file).unwrap();
            assert!(
                built == page,
                "{} differs from the page rendered the straightforward way",
                file.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 30, "{checked} pages checked");
}

/// A copy of the demo content in `dir`/content.
fn copy_content(dir: &Path) -> PathBuf {
    let content = dir.join("content");
    for entry in WalkDir::new(root().join("content")).into_iter().map(Result::unwrap) {
        let target = content.join(entry.path().strip_prefix(root().join("content")).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    content
}

/// Every file under `dir` (hidden ones, the manifest, aside) with its bytes.
fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn built_pages_equal_pages_rendered_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    let content = copy_content(dir.path());
    // The one-by-one functions render the French site; a French-only site has no language
    // switch, which only the build knows how to place (see the next test for the others).
    let site_yml = content.join("site.yml");
    let text = std::fs::read_to_string(&site_yml).unwrap();
    let french_only: Vec<&str> = text
        .lines()
        .map(|l| if l.starts_with("langues:") { "langues: [fr]" } else { l })
        .collect();
    assert!(french_only.contains(&"langues: [fr]"), "site.yml has a langues line");
    std::fs::write(&site_yml, french_only.join("\n") + "\n").unwrap();
    // A school whose forms are another's: the build takes them from that one's.
    copy_school(&content, "0389902G", "0389912T");
    let public = dir.path().join("public");
    let options = BuildOptions::new(&public);
    build_site(&content, &root().join("themes/default"), &options).unwrap();
    check_every_school_page(&content, &public);

    // Rebuilt in place after a change: still the same bytes as one by one.
    let accueil = content.join("etablissements/0389902G/accueil.md");
    let text = std::fs::read_to_string(&accueil).unwrap();
    std::fs::write(&accueil, format!("{text}\nUne phrase de plus.\n")).unwrap();
    build_site(&content, &root().join("themes/default"), &options).unwrap();
    check_every_school_page(&content, &public);
}

#[test]
fn a_rebuild_in_place_in_every_language_equals_a_fresh_build() {
    let dir = tempfile::tempdir().unwrap();
    let content = copy_content(dir.path());
    let theme = root().join("themes/default");
    let in_place = dir.path().join("in-place");
    build_site(&content, &theme, &BuildOptions::new(&in_place)).unwrap();
    for (file, addition) in [
        ("etablissements/0699901M/accueil.en.md", "\nOne more sentence.\n"),
        ("etablissements/0389902G/accueil.md", "\nUne phrase de plus.\n"),
    ] {
        let path = content.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}{addition}")).unwrap();
    }
    build_site(&content, &theme, &BuildOptions::new(&in_place)).unwrap();
    let fresh = dir.path().join("fresh");
    build_site(&content, &theme, &BuildOptions::new(&fresh)).unwrap();
    let (rebuilt, expected) = (files(&in_place), files(&fresh));
    assert!(
        expected.keys().any(|f| f.starts_with("en/0699901M/")),
        "English pages built"
    );
    assert_eq!(
        rebuilt.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "same files"
    );
    for (file, bytes) in &expected {
        assert!(rebuilt[file] == *bytes, "{file} differs from a fresh build's");
    }
    let english = String::from_utf8(rebuilt["en/0699901M/index.html"].clone()).unwrap();
    assert!(
        english.contains("One more sentence."),
        "the edited translation is in the rebuilt page"
    );
}

/// A copy of school `from`'s folder (its translations left out) as school `uai`, under
/// another name: the same forms, shared with `from` when neither has translations of its own.
fn copy_school(content: &Path, from: &str, uai: &str) {
    let (source, target) = (
        content.join("etablissements").join(from),
        content.join("etablissements").join(uai),
    );
    std::fs::create_dir(&target).unwrap();
    for entry in std::fs::read_dir(&source).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with("traductions.") {
            continue;
        }
        let text = std::fs::read_to_string(source.join(&name)).unwrap();
        let text = match name.as_str() {
            "etablissement.yml" => text
                .replace(&format!("uai: {from}"), &format!("uai: {uai}"))
                .replace("nom: Collège", "nom: Autre collège"),
            _ => text,
        };
        std::fs::write(target.join(&name), text).unwrap();
    }
}

/// The build renders each distinct form section once per language and shares its HTML
/// between pages, each distinct whole form once between the schools with the same form
/// (generator/src/fragments.rs), and the pages of each language with a copy of the
/// templates where the messages without arguments are already written (langues.rs);
/// rendering every section in every page with the templates the worker uses gives the same
/// bytes in every language. One school translates a section every
/// school shows (« Responsable légal 1 »): shared with the others, its wording would leak
/// into their pages, or theirs into its own — the copy of that school, with the same form
/// but not its translations, above all.
#[test]
fn shared_form_sections_change_no_byte_in_any_language() {
    let dir = tempfile::tempdir().unwrap();
    let content = copy_content(dir.path());
    std::fs::write(
        content.join("etablissements/0339903K/traductions.en.yml"),
        "\"Responsable légal 1\": \"First guardian, as Collège 0339903K says it\"\n",
    )
    .unwrap();
    copy_school(&content, "0389902G", "0389912T");
    copy_school(&content, "0339903K", "0339913W");
    let theme = root().join("themes/default");
    let shared = dir.path().join("shared");
    build_site(&content, &theme, &BuildOptions::new(&shared)).unwrap();
    let straight = dir.path().join("straight");
    Site::load(&content, &theme)
        .unwrap()
        .without_shared_sections()
        .build(&BuildOptions::new(&straight))
        .unwrap();
    let (built, expected) = (files(&shared), files(&straight));
    assert_eq!(
        built.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "same files"
    );
    let mut forms = 0;
    for (file, bytes) in &expected {
        assert!(
            built[file] == *bytes,
            "{file} differs from the one rendered section by section"
        );
        forms += usize::from(file.contains("/dossier/1"));
    }
    // Five schools, each with forms, in four languages.
    assert!(forms >= 5 * 4, "{forms} form pages compared");
    let form = |lang: &str, uai: &str| {
        let (path, _) = built
            .iter()
            .find(|(f, _)| f.starts_with(&format!("{lang}{uai}/dossier/1")))
            .unwrap_or_else(|| panic!("a form of {lang}{uai}"));
        String::from_utf8(built[path].clone()).unwrap()
    };
    assert!(form("en/", "0339903K").contains("First guardian, as Collège 0339903K says it"));
    assert!(!form("en/", "0389902G").contains("as Collège 0339903K says it"));
    assert!(!form("en/", "0339913W").contains("as Collège 0339903K says it"));
    assert!(form("en/", "0339913W").contains("Autre collège"));
}
