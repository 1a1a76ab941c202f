//! The built site as a visitor, a search engine and an auditor see it: every page in the
//! sitemap, no request to another site, no personal data; and the build as a maintainer
//! lives it: a failed build changes nothing, a one-school change re-renders one school.

use dossiersco_generator::{load_content, BuildOptions, Site, MANIFEST};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn theme() -> PathBuf {
    root().join("themes/default")
}

fn build_demo() -> (tempfile::TempDir, PathBuf, Site) {
    let site = Site::load(&root().join("content"), &theme()).unwrap_or_else(|e| panic!("{e:#}"));
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    site.build(&BuildOptions::new(&public)).unwrap();
    (dir, public, site)
}

/// Relative path → contents of every file under `dir`.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn text_files(dir: &Path, extensions: &[&str]) -> Vec<(String, String)> {
    snapshot(dir)
        .into_iter()
        .filter(|(p, _)| extensions.iter().any(|e| p.ends_with(e)))
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect()
}

/// Copies a directory tree (fixtures are copied before a test changes them).
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

#[test]
fn the_sitemap_lists_every_page_and_robots_points_to_it() {
    let (_dir, public, site) = build_demo();
    let base = &site.content().site.url_base;
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    let listed: BTreeSet<String> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap().to_string())
        .collect();
    let pages: BTreeSet<String> = text_files(&public, &[".html"])
        .into_iter()
        // The staff area's pages are for the school's staff, not for search engines.
        .filter(|(p, _)| {
            !["404.html", "413.html", "50x.html"].iter().any(|e| p.ends_with(e)) && !p.contains("/personnel/")
        })
        .map(|(p, _)| format!("{base}/{}", p.trim_end_matches("index.html")))
        .collect();
    assert_eq!(listed, pages);
    let langues = site.content().site.langues.len();
    assert_eq!(langues, 4, "the demo site is in French, English, Arabic and Portuguese");
    assert_eq!(
        pages.len(),
        langues * (3 * 4 + 9 + 4 + 1) + 1,
        "in each language: 3 schools × 4 pages + 9 forms + 4 content pages + /; and /stats/ in French"
    );
    let robots = std::fs::read_to_string(public.join("robots.txt")).unwrap();
    assert!(robots.contains(&format!("Sitemap: {base}/sitemap.xml")), "{robots}");
}

#[test]
fn no_page_asks_anything_of_another_site() {
    let (_dir, public, site) = build_demo();
    let allowed = [site.content().site.url_base.as_str()];
    let files = text_files(&public, &[".html", ".css", ".js"]);
    assert!(files.iter().any(|(p, _)| p == "static/style.css"));
    assert!(files.iter().any(|(p, _)| p == "static/dossiersco.js"));
    // Each family script gets the theme's shared piece (inclus/messages.js) written into it.
    for script in ["colleges.js", "dossiersco.js", "messages.js", "pieces.js", "un-clic.js"] {
        let (_, text) = files.iter().find(|(p, _)| *p == format!("static/{script}")).unwrap();
        assert!(
            text.contains("function t(name,a){") && !text.contains("@inclure"),
            "{script}"
        );
    }
    for (path, text) in files {
        for scheme in ["http://", "https://", "//"] {
            for (at, _) in text.match_indices(scheme) {
                let rest = &text[at..];
                let preceded_by_colon = text[..at].ends_with(':');
                if scheme == "//" && (preceded_by_colon || !text[..at].ends_with(['"', '\'', '('])) {
                    continue; // Not a protocol-relative URL (a comment, or part of http://).
                }
                assert!(
                    allowed.iter().any(|a| rest.starts_with(a)),
                    "{path}: external URL {}",
                    &rest[..rest.len().min(60)]
                );
            }
        }
        assert!(!text.contains("@import"), "{path}: CSS import");
    }
}

/// Names, INE, emails and phone numbers of the pupils and guardians of the SIECLE fixtures.
fn siecle_personal_data() -> Vec<String> {
    let dir = root().join("siecle/tests/data");
    let mut found = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        // ISO-8859-15: one byte per character, close enough to Latin-1 for these fields.
        let text: String = std::fs::read(entry.unwrap().path())
            .unwrap()
            .iter()
            .map(|&b| b as char)
            .collect();
        for tag in [
            "NOM_DE_FAMILLE",
            "NOM_USAGE",
            "PRENOM",
            "PRENOM2",
            "ID_NATIONAL",
            "INE_RNIE",
            "MEL",
            "TEL_PORTABLE",
            "TEL_PERSONNEL",
        ] {
            for part in text.split(&format!("<{tag}>")).skip(1) {
                let value = part.split('<').next().unwrap().trim();
                // Some fixtures hold placeholders (<PRENOM2>PRENOM2</PRENOM2>), not names.
                if value.chars().count() >= 4 && !value.eq_ignore_ascii_case(tag) {
                    found.insert(value.to_string());
                }
            }
        }
    }
    found.into_iter().collect()
}

#[test]
fn no_personal_data_in_the_output() {
    let (_dir, public, site) = build_demo();
    let personal = siecle_personal_data();
    assert!(
        personal.len() > 10,
        "the SIECLE fixtures give names to look for: {personal:?}"
    );
    // The email field's example, in French and as the theme translates it (formulaire.*.yml).
    let mut allowed_emails = vec![site.content().site.contact.clone(), "nom@exemple.fr".to_string()];
    allowed_emails.extend(["name@example.fr", "nome@exemplo.fr"].map(String::from));
    allowed_emails.extend(site.content().schools.iter().map(|s| s.etablissement.courriel.clone()));
    for (path, text) in text_files(&public, &[".html", ".css", ".js", ".xml", ".txt", ".json"]) {
        for value in &personal {
            let lower = text.to_lowercase();
            let needle = value.to_lowercase();
            let whole_word = lower.match_indices(&needle).any(|(at, _)| {
                let before = lower[..at].chars().next_back();
                let after = lower[at + needle.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
            });
            assert!(!whole_word, "{path} contains « {value} » from a SIECLE export");
        }
        // Every address is the service's or a school's (the email field's example aside).
        for (at, _) in text.match_indices('@') {
            let start = text[..at]
                .rfind(|c: char| !(c.is_alphanumeric() || "._%+-".contains(c)))
                .map_or(0, |i| i + 1);
            let end = text[at..]
                .find(|c: char| !(c.is_alphanumeric() || "._-@".contains(c)))
                .map_or(text.len(), |i| at + i);
            let address = text[start..end].trim_end_matches('.');
            if address.len() <= 1 || address.starts_with('@') || address.ends_with('@') {
                continue; // Not an address: the email pattern `[^@\s]+@[^@\s]+`.
            }
            assert!(allowed_emails.iter().any(|a| a == address), "{path}: address {address}");
        }
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    let content = root().join("generator/tests/fixtures/valide");
    Site::load(&content, &theme())
        .unwrap()
        .build(&BuildOptions::new(&public))
        .unwrap();
    let before = snapshot(&public);
    assert!(before.len() > 10);

    // A theme whose welcome page fails while rendering (an unknown variable).
    let broken = dir.path().join("theme");
    copy_tree(&theme(), &broken);
    let welcome = broken.join("templates/etablissement.html");
    let text = std::fs::read_to_string(&welcome).unwrap();
    std::fs::write(&welcome, text.replace("{{ etab.nom }}", "{{ etab.nom_inconnu }}")).unwrap();
    let site = Site::load(&content, &broken).unwrap();
    let err = site.build(&BuildOptions::new(&public)).unwrap_err();
    assert!(format!("{err:#}").contains("est resté tel qu'il était"), "{err:#}");
    assert_eq!(snapshot(&public), before, "the output changed");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "temporary folders left: {leftovers:?}");

    // Bad content is refused before anything is written.
    assert!(load_content(&root().join("generator/tests/fixtures/cle_inconnue")).is_err());
    assert_eq!(snapshot(&public), before);
}

#[test]
fn changing_one_school_re_renders_only_that_school() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(&root().join("generator/tests/fixtures/valide"), &content);
    let public = dir.path().join("public");

    let first = Site::load(&content, &theme())
        .unwrap()
        .build(&BuildOptions::new(&public))
        .unwrap();
    assert_eq!((first.schools_rendered, first.schools_reused), (2, 0));
    let untouched = snapshot(&public.join("0389902G"));

    let accueil = content.join("etablissements/0699901M/accueil.md");
    std::fs::write(&accueil, "---\ntitre: Bienvenue\n---\nNouveau texte d'accueil.\n").unwrap();
    let second = Site::load(&content, &theme())
        .unwrap()
        .build(&BuildOptions::new(&public))
        .unwrap();
    assert_eq!((second.schools_rendered, second.schools_reused), (1, 1));
    let welcome = std::fs::read_to_string(public.join("0699901M/index.html")).unwrap();
    assert!(
        welcome.contains("Nouveau texte d’accueil."),
        "the changed school was re-rendered"
    );
    assert_eq!(snapshot(&public.join("0389902G")), untouched);
    assert!(public.join(MANIFEST).is_file());

    // Nothing changed: nothing to render but the common pages.
    let third = Site::load(&content, &theme())
        .unwrap()
        .build(&BuildOptions::new(&public))
        .unwrap();
    assert_eq!((third.schools_rendered, third.schools_reused), (0, 2));

    // A changed site.yml changes every page (the header): everything is rendered again.
    let site_yml = content.join("site.yml");
    let text = std::fs::read_to_string(&site_yml).unwrap();
    std::fs::write(&site_yml, text.replace("Académie de test", "Académie de Lyon")).unwrap();
    let fourth = Site::load(&content, &theme())
        .unwrap()
        .build(&BuildOptions::new(&public))
        .unwrap();
    assert_eq!((fourth.schools_rendered, fourth.schools_reused), (2, 0));
    let page = std::fs::read_to_string(public.join("0389902G/connexion/index.html")).unwrap();
    assert!(page.contains("Académie de Lyon"));

    // A removed school disappears from the output.
    std::fs::remove_dir_all(content.join("etablissements/0389902G")).unwrap();
    Site::load(&content, &theme())
        .unwrap()
        .build(&BuildOptions::new(&public))
        .unwrap();
    assert!(!public.join("0389902G").exists());
    assert!(public.join("0699901M/index.html").is_file());
}

#[test]
fn a_folder_the_build_did_not_make_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("documents");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("important.txt"), "à garder").unwrap();
    let site = Site::load(&root().join("generator/tests/fixtures/valide"), &theme()).unwrap();
    let err = site.build(&BuildOptions::new(&out)).unwrap_err();
    assert!(
        err.to_string().contains("n'a pas été produit par « dossiersco build »"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(out.join("important.txt")).unwrap(), "à garder");

    let err = site
        .build(&BuildOptions::new(root().join("generator/tests")))
        .unwrap_err();
    assert!(err.to_string().contains("contient le dossier du contenu"), "{err}");
}

#[test]
fn a_site_overrides_one_block_of_the_theme() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(&root().join("generator/tests/fixtures/valide"), &content);
    std::fs::create_dir(content.join("templates")).unwrap();
    std::fs::write(
        content.join("templates/base.html"),
        "{% extends \"theme/base.html\" %}{% block footer %}<footer>Pied de page du rectorat</footer>{% endblock footer %}",
    )
    .unwrap();
    let public = dir.path().join("public");
    Site::load(&content, &theme())
        .unwrap()
        .build(&BuildOptions::new(&public))
        .unwrap();
    let page = std::fs::read_to_string(public.join("0699901M/connexion/index.html")).unwrap();
    assert!(page.contains("<footer>Pied de page du rectorat</footer>"));
    assert!(
        page.contains("Se connecter pour réinscrire votre enfant"),
        "the rest of the theme is kept"
    );
}

#[test]
fn the_stats_page_waits_for_figures_then_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    let site = Site::load(&root().join("generator/tests/fixtures/valide"), &theme()).unwrap();
    site.build(&BuildOptions::new(&public)).unwrap();
    let page = std::fs::read_to_string(public.join("stats/index.html")).unwrap();
    assert!(page.contains("Les statistiques seront publiées dès l'ouverture de la campagne"));

    // Figures as the worker's store counts them (see stats_page.rs for the whole page).
    use dossiersco_model::stats::{Figures, RawFigures, RawParticipation, SchoolFigures, Stats};
    let raw = RawFigures {
        participation: RawParticipation {
            attendus: 1234,
            ..Default::default()
        },
        ..Default::default()
    };
    let options = BuildOptions {
        stats: Some(Stats {
            releve_le: "2027-04-10T18:30:00+02:00".into(),
            seuil: 5,
            national: Figures::from_raw(raw.clone()),
            etablissements: vec![SchoolFigures {
                uai: "0699901M".into(),
                chiffres: Figures::from_raw(raw),
            }],
            archives: Vec::new(),
        }),
        ..BuildOptions::new(&public)
    };
    site.build(&options).unwrap();
    let page = std::fs::read_to_string(public.join("stats/index.html")).unwrap();
    assert!(page.contains("<dd>1\u{202f}234</dd>"), "{page}");
}
