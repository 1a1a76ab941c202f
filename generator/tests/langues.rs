//! The family pages in several languages, as a family, a search engine and the school office
//! see them: English under /en/, `lang`/`dir`, alternates and a switch to the same page, the
//! school's own translations or its French text marked as such, the French site unchanged,
//! the form within its weight budget in every language, its own labels in every language.

use dossiersco_generator::{BuildOptions, Site};
use scraper::{ElementRef, Html, Selector};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn theme() -> PathBuf {
    root().join("themes/default")
}

/// The demo content with `langues` set to `langues`, built.
fn build_with(langues: &str) -> (tempfile::TempDir, PathBuf, Site) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(&root().join("content"), &content);
    let site_yml = std::fs::read_to_string(content.join("site.yml")).unwrap();
    let site_yml: String = site_yml
        .lines()
        .filter(|l| !l.starts_with("langues:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(content.join("site.yml"), format!("{site_yml}langues: {langues}\n")).unwrap();
    let site = Site::load(&content, &theme()).unwrap_or_else(|e| panic!("{e:#}"));
    let public = dir.path().join("public");
    site.build(&BuildOptions::new(&public)).unwrap();
    (dir, public, site)
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

/// (path relative to public/, HTML) of every family page: staff pages and statistics aside.
fn family_pages(public: &Path) -> Vec<(String, String)> {
    WalkDir::new(public)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().strip_prefix(public).unwrap().to_string_lossy().into_owned())
        .filter(|p| !p.contains("/personnel/") && !p.starts_with("stats/"))
        .map(|p| {
            let html = std::fs::read_to_string(public.join(&p)).unwrap();
            (p, html)
        })
        .collect()
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn read(public: &Path, path: &str) -> String {
    std::fs::read_to_string(public.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The path of a built page on the French site: `en/0699901M/index.html` → `/0699901M/`.
fn chemin(path: &str) -> (String, String) {
    let (lang, rest) = match path.strip_prefix("en/") {
        Some(rest) => ("en", rest),
        None => ("fr", path),
    };
    let url = format!("/{}", rest.trim_end_matches("index.html"));
    (lang.to_string(), url)
}

#[test]
fn english_pages_live_under_en_and_french_ones_stay_at_the_root() {
    let (_dir, public, _site) = build_with("[fr, en]");
    for path in [
        "index.html",
        "0699901M/index.html",
        "0699901M/connexion/index.html",
        "0699901M/dossier/10110001110/index.html",
        "pages/aide/index.html",
        "404.html",
    ] {
        let french = Html::parse_document(&read(&public, path));
        assert_eq!(select(&french, "html")[0].attr("lang"), Some("fr"), "{path}");
        let english = Html::parse_document(&read(&public, &format!("en/{path}")));
        assert_eq!(select(&english, "html")[0].attr("lang"), Some("en"), "en/{path}");
        assert_eq!(select(&english, "html")[0].attr("dir"), Some("ltr"), "en/{path}");
    }
    let login = read(&public, "en/0699901M/connexion/index.html");
    assert!(login.contains("<h1>Log in to re-enrol your child</h1>"), "{login}");
    assert!(login.contains("Tuesday 6 April 2027"), "date in English: {login}");
    assert!(
        !login.contains("Se connecter pour réinscrire"),
        "French left on the English page"
    );
    // Staff pages and statistics exist in French only.
    assert!(!public.join("en/0699901M/personnel").exists());
    assert!(!public.join("en/stats").exists());
    assert!(public.join("0699901M/personnel/index.html").is_file());
}

#[test]
fn every_family_page_has_alternates_and_a_switch_to_the_same_page_in_each_language() {
    let (_dir, public, site) = build_with("[fr, en]");
    let base = &site.content().site.url_base;
    let pages = family_pages(&public);
    assert!(pages.len() > 40, "{} pages", pages.len());
    for (path, html) in pages {
        let (lang, url) = chemin(&path);
        let doc = Html::parse_document(&html);
        assert_eq!(select(&doc, "html")[0].attr("lang"), Some(lang.as_str()), "{path}");
        let alternates: Vec<(String, String)> = select(&doc, "link[rel=alternate]")
            .iter()
            .map(|l| {
                (
                    l.attr("hreflang").unwrap().to_string(),
                    l.attr("href").unwrap().to_string(),
                )
            })
            .collect();
        // A level's form (/<UAI>/dossier/<MEF>/) leaves its alternates to the sitemap: its
        // weight is budgeted (the sitemap's own test checks they are there).
        let form = url.contains("/dossier/") && url.split('/').filter(|s| !s.is_empty()).count() == 3;
        let expected = if form {
            vec![]
        } else {
            vec![
                ("fr".to_string(), format!("{base}{url}")),
                ("en".to_string(), format!("{base}/en{url}")),
                ("x-default".to_string(), format!("{base}{url}")),
            ]
        };
        assert_eq!(alternates, expected, "{path}");
        let switch: Vec<(String, String, String, String)> = select(&doc, "nav.langues a")
            .iter()
            .map(|a| {
                (
                    a.attr("href").unwrap().to_string(),
                    a.attr("lang").unwrap().to_string(),
                    a.attr("hreflang").unwrap().to_string(),
                    a.text().collect(),
                )
            })
            .collect();
        // The switch names the other language in itself and leads to the same page in it.
        let other = if lang == "fr" {
            (format!("/en{url}"), "en".into(), "en".into(), "English".into())
        } else {
            (url.clone(), "fr".into(), "fr".into(), "Français".into())
        };
        assert_eq!(switch, [other], "{path}: the switch must lead to the same page");
        // Each link of the switch leads to a page that was built.
        for (href, ..) in &switch {
            let file = if href.ends_with('/') {
                format!("{}index.html", &href[1..])
            } else {
                href[1..].to_string()
            };
            assert!(
                public.join(&file).is_file(),
                "{path}: the switch leads to {href}, not built"
            );
        }
        assert!(!html.contains("<script>"), "{path}: no inline script");
    }
}

#[test]
fn links_of_an_english_page_stay_in_english() {
    let (_dir, public, _site) = build_with("[fr, en]");
    let doc = Html::parse_document(&read(&public, "en/0699901M/index.html"));
    let hrefs: Vec<&str> = select(&doc, "main a[href^='/'], footer a[href^='/'], .fil a[href^='/']")
        .iter()
        .filter_map(|a| a.attr("href"))
        .collect();
    assert!(hrefs.len() >= 4, "{hrefs:?}");
    for href in hrefs {
        assert!(href.starts_with("/en/"), "an English page links to {href}");
    }
}

#[test]
fn the_sitemap_lists_each_language_with_its_alternates() {
    let (_dir, public, site) = build_with("[fr, en]");
    let base = &site.content().site.url_base;
    let sitemap = read(&public, "sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    let entry = format!(
        "<url><loc>{base}/en/0699901M/connexion/</loc>\
         <xhtml:link rel=\"alternate\" hreflang=\"fr\" href=\"{base}/0699901M/connexion/\"/>\
         <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"{base}/en/0699901M/connexion/\"/>\
         <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{base}/0699901M/connexion/\"/></url>"
    );
    assert!(sitemap.contains(&entry), "{sitemap}");
    assert!(sitemap.contains(&format!("<url><loc>{base}/stats/</loc></url>")));
    assert!(!sitemap.contains("/en/stats/"));
    let urls = dossiersco_generator::sitemap_urls(&site);
    assert_eq!(
        urls.len(),
        2 * (3 * 4 + 9 + 4 + 1) + 1,
        "every page in fr and en, /stats/ in fr"
    );
}

#[test]
fn a_school_text_with_a_translation_is_shown_translated() {
    let (_dir, public, _site) = build_with("[fr, en]");
    let welcome = read(&public, "en/0699901M/index.html");
    let doc = Html::parse_document(&welcome);
    assert_eq!(
        select(&doc, "h1")[0].text().collect::<String>(),
        "Welcome to Collège Jean Moulin"
    );
    assert!(select(&doc, "h1")[0].attr("lang").is_none());
    assert!(welcome.contains("School insurance certificate (optional)"), "{welcome}");
    let form = read(&public, "en/0699901M/dossier/10110001110/index.html");
    let doc = Html::parse_document(&form);
    let labels: Vec<String> = select(&doc, "label")
        .iter()
        .map(|l| l.text().collect::<String>().trim_end_matches(" *").to_string())
        .collect();
    for expected in ["Spanish", "Surname", "Latin (ancient languages and cultures)"] {
        assert!(
            labels.iter().any(|l| l == expected),
            "label « {expected} » missing: {labels:?}"
        );
    }
}

#[test]
fn a_school_text_without_translation_is_shown_in_french_with_a_note() {
    let (_dir, public, _site) = build_with("[fr, en]");
    // 0339903K has no accueil.en.md nor traductions.en.yml.
    let welcome = read(&public, "en/0339903K/index.html");
    let doc = Html::parse_document(&welcome);
    let h1 = select(&doc, "h1")[0];
    assert_eq!(h1.attr("lang"), Some("fr"), "the French title is marked as French");
    assert_eq!(select(&doc, "div.texte")[0].attr("lang"), Some("fr"));
    let note: String = select(&doc, "p.note-langue")[0].text().collect();
    assert_eq!(note, "This text from the school is only available in French.");
    // A document name without translation: French, marked.
    let french_spans = select(&doc, "span[lang=fr]");
    assert!(!french_spans.is_empty(), "{welcome}");

    let form = read(&public, "en/0339903K/dossier/10110001110/index.html");
    let doc = Html::parse_document(&form);
    let note: String = select(&doc, "p.note-langue")[0].text().collect();
    assert_eq!(note, "Some of the school's texts are only available in French.");
    // The form's own labels are translated by the theme; the school's options are not.
    let labels: Vec<String> = select(&doc, "label")
        .iter()
        .map(|l| l.text().collect::<String>().trim_end_matches(" *").to_string())
        .collect();
    assert!(labels.iter().any(|l| l == "Surname"), "{labels:?}");
    assert!(
        !select(&doc, "label span[lang=fr]").is_empty(),
        "an untranslated option label is marked"
    );

    // A content page without translation: French, with the note.
    let page = read(&public, "en/pages/aide/index.html");
    let doc = Html::parse_document(&page);
    assert_eq!(select(&doc, "h1")[0].attr("lang"), Some("fr"));
    let note: String = select(&doc, "p.note-langue")[0].text().collect();
    assert_eq!(note, "This page is only available in French.");
}

#[test]
fn a_translated_content_page_is_used_and_named_in_the_footer() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(&root().join("content"), &content);
    std::fs::write(
        content.join("pages/aide.en.md"),
        "---\ntitre: Help\nlien: Help for families\n---\nHow to re-enrol.\n",
    )
    .unwrap();
    let site = Site::load(&content, &theme()).unwrap_or_else(|e| panic!("{e:#}"));
    let public = dir.path().join("public");
    site.build(&BuildOptions::new(&public)).unwrap();
    let page = read(&public, "en/pages/aide/index.html");
    assert!(page.contains("<h1>Help</h1>"), "{page}");
    assert!(page.contains("How to re-enrol."));
    assert!(!page.contains("note-langue"));
    let index = read(&public, "en/index.html");
    assert!(
        index.contains("<a href=\"/en/pages/aide/\">Help for families</a>"),
        "{index}"
    );
    // The French page is untouched.
    assert!(!read(&public, "pages/aide/index.html").contains("Help for families"));

    // A translation without its French page is an error with its file.
    std::fs::write(content.join("pages/orpheline.en.md"), "---\ntitre: Orphan\n---\nx\n").unwrap();
    let errors = dossiersco_generator::load_content(&content).unwrap_err().to_string();
    assert!(
        errors.contains("orpheline.en.md") && errors.contains("créez d'abord pages/orpheline.md"),
        "{errors}"
    );
}

/// A French page of a multilingual build, without what only a multilingual site has (`dir`,
/// the alternates, the switch).
fn without_language_links(html: &str) -> String {
    let mut out = String::new();
    let mut in_switch = false;
    for line in html.split_inclusive('\n') {
        if line.starts_with("<nav class=\"langues\"") {
            in_switch = true;
        }
        let skip = in_switch || line.starts_with("<link rel=\"alternate\" hreflang=");
        if in_switch && line.contains("</nav>") {
            in_switch = false;
        }
        if !skip {
            out.push_str(&line.replace(" dir=\"ltr\">", ">"));
        }
    }
    out
}

#[test]
fn the_french_site_is_unchanged_apart_from_the_switch_and_the_alternates() {
    let (_one, french_only, _) = build_with("[fr]");
    let (_two, both, _) = build_with("[fr, en]");
    let french = family_pages(&french_only);
    for (path, html) in &french {
        assert!(
            !html.contains("hreflang"),
            "{path}: no alternates on a French-only site"
        );
        assert!(
            !html.contains("nav class=\"langues\""),
            "{path}: no switch on a French-only site"
        );
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"), "{path}");
        let multilingual = read(&both, path);
        assert_eq!(without_language_links(&multilingual), *html, "{path}");
    }
    assert!(!french_only.join("en").exists());
    // Key sentences, as French families read them (the catalog holds today's text).
    let login = read(&french_only, "0699901M/connexion/index.html");
    for sentence in [
        "<h1>Se connecter pour réinscrire votre enfant</h1>",
        "réinscription en ligne du <time datetime=\"2027-04-06\">mardi 6 avril 2027</time> au <time datetime=\"2027-05-28\">vendredi 28 mai 2027</time> inclus.",
        "<a class=\"evitement\" href=\"#contenu\">Aller au contenu</a>",
        "Le code d'accès ou la date de naissance ne correspond pas.",
    ] {
        assert!(login.contains(sentence), "« {sentence} » missing:\n{login}");
    }
    let welcome = read(&french_only, "0699901M/index.html");
    assert!(
        welcome.contains(
            "<li>Attestation d&#39;assurance scolaire (facultatif) : Pour l&#39;année 2027-2028, à fournir à la rentrée au plus tard.</li>"
        ),
        "{welcome}"
    );
    assert!(
        welcome.contains("<li>Votre <strong>numéro d'allocataire CAF</strong> (facultatif).</li>"),
        "{welcome}"
    );
}

/// Bytes of a page and of the style sheets and scripts it loads from /static/.
fn page_weight(public: &Path, html: &str) -> usize {
    let doc = Html::parse_document(html);
    let mut total = html.len();
    for (css, attr) in [("link[rel=stylesheet]", "href"), ("script[src]", "src")] {
        for el in select(&doc, css) {
            let url = el.attr(attr).unwrap();
            let path = url.split('?').next().unwrap().trim_start_matches('/');
            total += std::fs::metadata(public.join(path))
                .unwrap_or_else(|e| panic!("{path}: {e}"))
                .len() as usize;
        }
    }
    total
}

/// The form's budget (tests/browser/scenarios/poids.mjs: HTML + CSS + JS, 60 KB).
const FORM_BUDGET: usize = 60_000;

#[test]
fn the_form_stays_within_its_weight_budget_in_every_language() {
    let (_dir, public, site) = build_with("[fr, en, ar, pt]");
    let mut checked = 0;
    for school in &site.content().schools {
        let etab = &school.etablissement;
        for niveau in &etab.niveaux {
            let french_path = format!("{}/dossier/{}/index.html", etab.uai, niveau.mef);
            let french = page_weight(&public, &read(&public, &french_path));
            for lang_prefix in ["", "en/", "ar/", "pt/"] {
                let path = format!("{lang_prefix}{french_path}");
                let weight = page_weight(&public, &read(&public, &path));
                // The budget is measured on 0699901M's form (tests/browser/scenarios/poids.mjs).
                if etab.uai == "0699901M" {
                    assert!(
                        weight <= FORM_BUDGET,
                        "{path}: {weight} octets, au-delà du budget de {FORM_BUDGET}"
                    );
                }
                // Every school's form: a translation adds at most 7 % to the French page (an
                // Arabic letter takes two bytes in UTF-8, a French one mostly one).
                assert!(
                    weight * 100 <= french * 107,
                    "{path}: {weight} octets, le français {french}"
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 4 * 9);
}

/// The JSON of the page's `<script type="application/json" id="messages">`, if any.
fn script_messages(html: &str) -> Option<serde_json::Value> {
    let doc = Html::parse_document(html);
    let block = select(&doc, "script#messages").into_iter().next()?;
    assert_eq!(block.attr("type"), Some("application/json"));
    let text: String = block.text().collect();
    Some(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}")))
}

/// The names a theme script asks for (`t("name")`), as dossiersco_i18n reads them.
fn names_asked_by(script: &str) -> Vec<String> {
    let js = std::fs::read_to_string(theme().join("static").join(script)).unwrap();
    dossiersco_i18n::script_keys(&js)
        .into_iter()
        .map(|(key, _)| key.trim_start_matches(dossiersco_i18n::SCRIPT_PREFIX).to_string())
        .collect()
}

#[test]
fn the_scripts_speak_the_page_s_language_with_only_the_messages_they_ask_for() {
    let (_dir, public, _site) = build_with("[fr, en, ar, pt]");
    let form_names: Vec<String> = [names_asked_by("dossiersco.js"), names_asked_by("pieces.js")].concat();
    assert!(form_names.len() > 40, "{form_names:?}");
    for (lang, step, continuer) in [
        ("", "Étape {n} sur {total} : {titre}", "Continuer"),
        ("en/", "Step {n} of {total}: {titre}", "Continue"),
        ("ar/", "الخطوة {n} من {total}: {titre}", "متابعة"),
        ("pt/", "Etapa {n} de {total}: {titre}", "Continuar"),
    ] {
        let path = format!("{lang}0699901M/dossier/10110001110/index.html");
        let messages = script_messages(&read(&public, &path)).unwrap_or_else(|| panic!("{path}: no messages"));
        let map = messages.as_object().unwrap();
        for name in &form_names {
            assert!(map.contains_key(name), "{path}: « {name} » missing");
        }
        // Only the form's scripts' messages: not the list of schools' nor the one-tap page's.
        assert_eq!(map.len(), {
            let mut unique = form_names.clone();
            unique.sort();
            unique.dedup();
            unique.len()
        });
        assert!(
            !map.contains_key("colleges") && !map.contains_key("reponses-enregistrees"),
            "{path}"
        );
        assert_eq!(map["etape"], step, "{path}");
        assert_eq!(map["continuer"], continuer, "{path}");
    }
    // Plurals: every category of the language, for the browser's Intl.PluralRules to choose.
    let ar = script_messages(&read(&public, "ar/0699901M/dossier/10110001110/index.html")).unwrap();
    let variants = ar["erreurs"][1].as_object().unwrap();
    let categories: Vec<&str> = variants.keys().map(String::as_str).collect();
    for category in ["zero", "one", "two", "few", "many", "other"] {
        assert!(categories.contains(&category), "{categories:?}");
    }
    assert_eq!(ar["erreurs"][0], "n");
    assert_eq!(ar["erreurs"][2], "other");
    let fr = script_messages(&read(&public, "0699901M/dossier/10110001110/index.html")).unwrap();
    assert_eq!(
        fr["erreurs"],
        serde_json::json!(["n", {"one": "{n} point à corriger", "other": "{n} points à corriger"}, "other"])
    );
    // The list of schools carries its filter's message; a page without script, none.
    let index = script_messages(&read(&public, "pt/index.html")).unwrap();
    assert_eq!(index.as_object().unwrap().keys().collect::<Vec<_>>(), ["colleges"]);
    assert!(script_messages(&read(&public, "ar/0699901M/index.html")).is_none());
}

#[test]
fn in_an_arabic_page_a_french_text_is_isolated_left_to_right() {
    let (_dir, public, _site) = build_with("[fr, en, ar, pt]");
    let form = read(&public, "ar/0339903K/dossier/10110001110/index.html");
    let doc = Html::parse_document(&form);
    let french = select(&doc, "[lang=fr]:not(a[hreflang])");
    assert!(!french.is_empty(), "the Arabic form shows some French school texts");
    for el in &french {
        assert_eq!(el.attr("dir"), Some("ltr"), "{}", el.html());
    }
    // A block only in French (the welcome text) is a paragraph of its own: `lang` alone, so
    // it keeps the page's alignment.
    let welcome = read(&public, "ar/0339903K/index.html");
    let doc = Html::parse_document(&welcome);
    assert_eq!(select(&doc, "div.texte")[0].attr("lang"), Some("fr"));
    assert_eq!(select(&doc, "div.texte")[0].attr("dir"), None);
    // Left-to-right pages need no isolation: lang alone.
    let english = read(&public, "en/0339903K/dossier/10110001110/index.html");
    let doc = Html::parse_document(&english);
    let french = select(&doc, "span[lang=fr]");
    assert!(!french.is_empty());
    assert!(french.iter().all(|el| el.attr("dir").is_none()), "{english}");
}

#[test]
fn a_rebuild_keeps_each_language_of_the_unchanged_schools_and_redoes_a_retranslated_one() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(&root().join("content"), &content);
    let public = dir.path().join("public");
    let build = || {
        let site = Site::load(&content, &theme()).unwrap_or_else(|e| panic!("{e:#}"));
        site.build(&BuildOptions::new(&public)).unwrap()
    };
    build();
    let second = build();
    assert_eq!((second.schools_rendered, second.schools_reused), (0, 3));
    assert!(
        public.join("en/0699901M/connexion/index.html").is_file(),
        "English pages moved along"
    );
    assert!(public.join("en/0339903K/index.html").is_file());

    // Only the English welcome text of one school changes: that school is rendered again.
    let accueil = content.join("etablissements/0699901M/accueil.en.md");
    let text = std::fs::read_to_string(&accueil).unwrap();
    std::fs::write(&accueil, text.replace("Welcome to", "A warm welcome to")).unwrap();
    let third = build();
    assert_eq!((third.schools_rendered, third.schools_reused), (1, 2));
    assert!(read(&public, "en/0699901M/index.html").contains("<h1>A warm welcome to Collège Jean Moulin</h1>"));
    assert!(public.join("en/0339903K/index.html").is_file());
}

#[test]
fn a_translation_of_a_text_the_school_does_not_have_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(&root().join("content"), &content);
    let file = content.join("etablissements/0699901M/traductions.en.yml");
    let text = std::fs::read_to_string(&file).unwrap();
    // « Espagnole » instead of « Espagnol »: the translation would never be used.
    let line = text.lines().position(|l| l.starts_with("\"Espagnol\"")).unwrap() + 1;
    std::fs::write(&file, text.replace("\"Espagnol\":", "\"Espagnole\":")).unwrap();
    let errors = dossiersco_generator::load_content(&content).unwrap_err();
    let listed: Vec<String> = errors.0.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        listed,
        [format!(
            "{}:{line}:1: « Espagnole » n'est pas un texte de etablissement.yml ni du formulaire : \
             recopiez le texte français à l'identique",
            file.display()
        )]
    );
}

/// The French texts of the form's own labels (the keys of the theme's formulaire.en.yml).
fn built_in_labels() -> Vec<String> {
    std::fs::read_to_string(theme().join("i18n/formulaire.en.yml"))
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix('"').and_then(|l| l.split_once("\": \"")))
        .map(|(french, _)| french.to_string())
        .collect()
}

#[test]
fn the_form_s_own_labels_are_translated_in_arabic_and_portuguese() {
    let (_dir, public, site) = build_with("[fr, en, ar, pt]");
    let built_in = built_in_labels();
    assert!(built_in.len() > 90, "{built_in:?}");
    let mut checked = 0;
    for school in &site.content().schools {
        let etab = &school.etablissement;
        for niveau in &etab.niveaux {
            for (lang, surname) in [("ar", "اسم العائلة"), ("pt", "Apelido")] {
                let path = format!("{lang}/{}/dossier/{}/index.html", etab.uai, niveau.mef);
                let html = read(&public, &path);
                let doc = Html::parse_document(&html);
                // What is still French is the school's own text, never one of the form's labels.
                for el in select(&doc, "[lang=fr]:not(a[hreflang])") {
                    let text = el.text().collect::<String>();
                    let text = text.trim();
                    assert!(!built_in.iter().any(|b| b == text), "{path}: « {text} » en français");
                }
                let labels: Vec<String> = select(&doc, "label")
                    .iter()
                    .map(|l| l.text().collect::<String>().trim_end_matches(" *").to_string())
                    .collect();
                assert!(labels.iter().any(|l| l == surname), "{path}: {labels:?}");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 2 * 9);
}
