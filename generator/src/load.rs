//! Loads content/: site.yml, pages/*.md, etablissements/<UAI>/{etablissement.yml, accueil.md}.
//! Every problem of every file is collected, each with its file and line.
//!
//! Content may come from anyone who can push to the site's repository, and `check` and
//! `build` run on a maintainer's machine or a CI runner: nothing in it may cost more than a
//! glance. A file over its limit ([`yaml::MAX_YAML_BYTES`], [`markdown::MAX_MARKDOWN_BYTES`])
//! is refused before it is read whole, YAML aliases and deep nesting are refused by the
//! parser, and a symbolic link leading out of the content folder is refused by name
//! ([`crate::guard`]) rather than read and published.

use crate::error::{ContentError, ContentErrors};
use crate::guard::check_inside;
use crate::markdown::{self, Page, MAX_MARKDOWN_BYTES};
use crate::yaml::{self, MAX_YAML_BYTES};
use dossiersco_model::content::ContentIssue;
use dossiersco_model::{Etablissement, SiteConfig};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Everything in content/, parsed and checked. Fields are public: the `demo` command shifts
/// campaign dates before building.
#[derive(Debug, Clone)]
pub struct Content {
    /// The folder it was loaded from.
    pub dir: PathBuf,
    /// site.yml.
    pub site: SiteConfig,
    /// pages/*.md, sorted by slug.
    pub pages: Vec<Page>,
    /// etablissements/*, sorted by UAI.
    pub schools: Vec<School>,
}

/// One school's folder.
#[derive(Debug, Clone)]
pub struct School {
    /// etablissement.yml.
    pub etablissement: Etablissement,
    /// accueil.md (its slug is the UAI), with its translations (accueil.<code>.md).
    pub accueil: Page,
    /// traductions.<code>.yml: language code → French text of etablissement.yml → its
    /// translation (labels, help texts, documents).
    pub traductions: BTreeMap<String, BTreeMap<String, String>>,
    /// Identity of the folder and every file in it, taken before reading them: the next
    /// build reads the school again only if one of them changed.
    pub(crate) stamp: Option<Stamp>,
}

/// What identifies one version of a file without reading it: device, inode, size,
/// modification and change times (ns). Saving a file changes at least one of them.
pub(crate) type FileStamp = [u64; 5];

/// The school's folder, then each of its files by name (etablissement.yml, accueil.md and
/// their translations: a translation added, edited or removed changes the stamp).
pub(crate) type Stamp = Vec<FileStamp>;

pub(crate) fn file_stamp(meta: &std::fs::Metadata) -> FileStamp {
    use std::os::unix::fs::MetadataExt;
    let ns = |s: i64, n: i64| (s as u64).wrapping_mul(1_000_000_000).wrapping_add(n as u64);
    [
        meta.dev(),
        meta.ino(),
        meta.len(),
        ns(meta.mtime(), meta.mtime_nsec()),
        ns(meta.ctime(), meta.ctime_nsec()),
    ]
}

/// The stamp of a school folder as it is now, links followed; `None` if a part is missing.
pub(crate) fn current_stamp(folder: &Path) -> Option<Stamp> {
    let stamp = |p: &Path| std::fs::metadata(p).ok().map(|m| file_stamp(&m));
    let mut names: Vec<_> = std::fs::read_dir(folder)
        .ok()?
        .map(|entry| entry.map(|e| e.file_name()))
        .collect::<Result<_, _>>()
        .ok()?;
    names.sort();
    let mut stamps = vec![stamp(folder)?];
    for name in names {
        stamps.push(stamp(&folder.join(name))?);
    }
    SCHOOL_FILES
        .iter()
        .all(|file| folder.join(file).exists())
        .then_some(stamps)
}

impl Content {
    /// The school with this UAI.
    pub fn school(&self, uai: &str) -> Option<&School> {
        self.schools
            .binary_search_by(|s| s.etablissement.uai.as_str().cmp(uai))
            .ok()
            .map(|i| &self.schools[i])
    }
}

const SCHOOL_FILES: [&str; 2] = ["etablissement.yml", "accueil.md"];

/// Loads and checks the content folder `dir`.
pub fn load_content(dir: &Path) -> Result<Content, ContentErrors> {
    let mut errors = Vec::new();
    if !dir.is_dir() {
        return Err(ContentErrors(vec![ContentError::file(
            dir,
            "dossier de contenu introuvable (option --content)",
        )]));
    }
    let site = load_site(dir, &mut errors);
    let pages = load_pages(dir, &mut errors);

    let schools_dir = dir.join("etablissements");
    let mut folders = Vec::new();
    for entry in list(dir, &schools_dir, &mut errors) {
        if entry.is_dir() {
            folders.push(entry);
        } else {
            errors.push(ContentError::file(
                &entry,
                "fichier inattendu : etablissements/ ne contient que des dossiers nommés par l'UAI de l'établissement",
            ));
        }
    }
    let loaded: Vec<Result<School, Vec<ContentError>>> =
        folders.par_iter().map(|folder| load_school(dir, folder)).collect();
    let mut schools = Vec::with_capacity(loaded.len());
    for result in loaded {
        match result {
            Ok(school) => schools.push(school),
            Err(errs) => errors.extend(errs),
        }
    }
    match site {
        Some(site) if errors.is_empty() => {
            schools.sort_by(|a, b| a.etablissement.uai.cmp(&b.etablissement.uai));
            Ok(Content {
                dir: dir.to_path_buf(),
                site,
                pages,
                schools,
            })
        }
        _ => {
            errors.sort();
            Err(ContentErrors(errors))
        }
    }
}

/// site.yml and pages/ alone, for a build that reads again only what changed; `None` at the
/// first problem (the full loader then lists them all).
pub(crate) fn load_head(dir: &Path) -> Option<(SiteConfig, Vec<Page>)> {
    let mut errors = Vec::new();
    let site = load_site(dir, &mut errors);
    let pages = load_pages(dir, &mut errors);
    site.filter(|_| errors.is_empty()).map(|site| (site, pages))
}

/// The school folders of `dir` (name, path), sorted, without reading them; `None` at the
/// first problem (a file in etablissements/, a link out of the content…): the full loader
/// then lists them all.
pub(crate) fn school_folders(dir: &Path) -> Option<Vec<(String, PathBuf)>> {
    let schools_dir = dir.join("etablissements");
    check_inside(dir, &schools_dir).ok()?;
    let mut folders = Vec::new();
    // The names and types from the folder itself: no file is opened, no link followed here.
    for entry in std::fs::read_dir(&schools_dir).ok()? {
        let entry = entry.ok()?;
        let name = entry.file_name().into_string().ok()?;
        if name.starts_with('.') {
            continue;
        }
        let kind = entry.file_type().ok()?;
        let path = entry.path();
        if kind.is_symlink() {
            check_inside(dir, &path).ok()?;
            if !path.is_dir() {
                return None;
            }
        } else if !kind.is_dir() {
            return None;
        }
        folders.push((name, path));
    }
    Some(folders)
}

/// The entries of `dir` (hidden ones aside), sorted by name; a missing folder is an error, and
/// so is a link leading out of `root` (left out of the list).
fn list(root: &Path, dir: &Path, errors: &mut Vec<ContentError>) -> Vec<PathBuf> {
    if let Err(outside) = check_inside(root, dir) {
        errors.push(ContentError::file(&outside.link, outside.message));
        return Vec::new();
    }
    if !dir.is_dir() {
        errors.push(ContentError::file(dir, "dossier manquant"));
        return Vec::new();
    }
    WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|entry| match entry {
            Ok(entry) if entry.file_name().to_string_lossy().starts_with('.') => None,
            Ok(entry) if entry.path_is_symlink() => match check_inside(root, entry.path()) {
                Ok(()) => Some(entry.into_path()),
                Err(outside) => {
                    errors.push(ContentError::file(&outside.link, outside.message));
                    None
                }
            },
            Ok(entry) => Some(entry.into_path()),
            Err(err) => {
                errors.push(ContentError::file(dir, format!("lecture impossible : {err}")));
                None
            }
        })
        .collect()
}

/// The text of `path`, a file inside `root` of at most `limit` bytes. The size is checked
/// before reading, and reading stops past the limit (a file growing meanwhile, a device).
fn read(root: &Path, path: &Path, limit: u64, what: &str, missing: &str) -> Result<String, ContentError> {
    check_inside(root, path).map_err(|outside| ContentError::file(&outside.link, outside.message))?;
    let unreadable = |err: std::io::Error| match err.kind() {
        std::io::ErrorKind::NotFound => ContentError::file(path, format!("fichier manquant : {missing}")),
        _ => ContentError::file(path, format!("lecture impossible : {err}")),
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(ContentError::file(
            path,
            format!("{what} attendu ici, ce n'est pas un fichier"),
        ));
    }
    if meta.len() > limit {
        return Err(ContentError::file(path, yaml::too_big(what, meta.len(), limit)));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(ContentError::file(path, yaml::too_big(what, bytes.len() as u64, limit)));
    }
    String::from_utf8(bytes).map_err(|_| ContentError::file(path, "le fichier doit être enregistré en UTF-8"))
}

fn read_yaml(root: &Path, path: &Path, missing: &str) -> Result<String, ContentError> {
    read(root, path, MAX_YAML_BYTES, "fichier YAML", missing)
}

fn read_markdown(root: &Path, path: &Path, missing: &str) -> Result<String, ContentError> {
    read(root, path, MAX_MARKDOWN_BYTES, "fichier Markdown", missing)
}

/// Turns YAML problems and semantic issues into located errors.
fn yaml_errors(path: &Path, problems: Vec<yaml::Located>) -> Vec<ContentError> {
    problems
        .into_iter()
        .map(|p| ContentError::at(path, (p.line, p.column), p.message))
        .collect()
}

/// The value when it parsed and passed `check`; every problem goes to `errors`. Semantic
/// checks run even when unknown keys were found, so one run shows everything.
fn checked<T>(
    path: &Path,
    (parsed, problems): (Option<(T, yaml::Node)>, Vec<yaml::Located>),
    check: impl Fn(&T) -> Vec<ContentIssue>,
    errors: &mut Vec<ContentError>,
) -> Option<T> {
    let mut ok = problems.is_empty();
    errors.extend(yaml_errors(path, problems));
    let (value, root) = parsed?;
    for issue in check(&value) {
        ok = false;
        let at = yaml::locate(&root, &issue.key, issue.value.as_deref());
        errors.push(ContentError::at(path, at, issue.message));
    }
    ok.then_some(value)
}

/// `content_dir/site.yml` alone (the letters need the site's URL and title), with every error.
pub fn load_site_config(content_dir: &Path) -> Result<SiteConfig, ContentErrors> {
    let mut errors = Vec::new();
    match load_site(content_dir, &mut errors) {
        Some(site) if errors.is_empty() => Ok(site),
        _ => Err(ContentErrors(errors)),
    }
}

fn load_site(root: &Path, errors: &mut Vec<ContentError>) -> Option<SiteConfig> {
    let path = root.join("site.yml");
    let text = read_yaml(
        root,
        &path,
        "site.yml décrit le site (titre, url_base, contact, academie)",
    )
    .map_err(|e| errors.push(e))
    .ok()?;
    checked(&path, yaml::from_str::<SiteConfig>(&text), SiteConfig::check, errors)
}

fn load_pages(root: &Path, errors: &mut Vec<ContentError>) -> Vec<Page> {
    let mut pages: Vec<Page> = Vec::new();
    let mut translations = Vec::new();
    for path in list(root, &root.join("pages"), errors) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(stem) = name.strip_suffix(".md").filter(|_| path.is_file()) else {
            errors.push(ContentError::file(
                &path,
                "fichier inattendu : pages/ ne contient que des pages Markdown (.md)",
            ));
            continue;
        };
        // aide.en.md: the English translation of aide.md.
        let (slug, langue) = match stem.split_once('.') {
            Some((slug, langue)) => (slug, Some(langue)),
            None => (stem, None),
        };
        if let Some(langue) = langue.filter(|l| !is_language_code(l)) {
            errors.push(ContentError::file(
                &path,
                format!("« {langue} » n'est pas un code de langue : une traduction de {slug}.md s'appelle {slug}.en.md, {slug}.ar.md…"),
            ));
            continue;
        }
        if slug.is_empty()
            || !slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            errors.push(ContentError::file(
                &path,
                format!("nom de page « {slug} » : il devient l'adresse /pages/{slug}/, n'utilisez que des minuscules sans accent, des chiffres et des tirets"),
            ));
            continue;
        }
        match read_markdown(root, &path, "")
            .map_err(|e| vec![e])
            .and_then(|text| markdown::parse_page(&path, slug, &text))
        {
            Ok(page) => match langue {
                Some(langue) => translations.push((path.clone(), langue.to_string(), page)),
                None => pages.push(page),
            },
            Err(errs) => errors.extend(errs),
        }
    }
    for (path, langue, translation) in translations {
        match pages.iter_mut().find(|p| p.slug == translation.slug) {
            Some(page) => {
                page.traductions.insert(langue, translation);
            }
            None => errors.push(ContentError::file(
                &path,
                format!(
                    "traduction d'une page absente : créez d'abord pages/{}.md, en français",
                    translation.slug
                ),
            )),
        }
    }
    pages
}

/// `en`, `ar`, `pt-BR`: the language part of a translation's file name.
fn is_language_code(code: &str) -> bool {
    code.split('-').enumerate().all(|(i, part)| {
        !part.is_empty()
            && part.len() <= 8
            && part.bytes().all(|b| {
                if i == 0 {
                    b.is_ascii_lowercase()
                } else {
                    b.is_ascii_alphanumeric()
                }
            })
    })
}

/// The language of a school's translation file: `accueil.en.md` → `en` for `("accueil", "md")`.
fn translation_language<'a>(name: &'a str, stem: &str, extension: &str) -> Option<&'a str> {
    name.strip_prefix(stem)?
        .strip_prefix('.')?
        .strip_suffix(extension)?
        .strip_suffix('.')
        .filter(|l| is_language_code(l))
}

/// One school of `content_dir` (the import and staff commands need no other), with every
/// error of its two files, as `dossiersco check` reports them.
pub fn load_one_school(content_dir: &Path, uai: &str) -> Result<School, ContentErrors> {
    load_school(content_dir, &content_dir.join("etablissements").join(uai)).map_err(ContentErrors)
}

pub(crate) fn load_school(root: &Path, folder: &Path) -> Result<School, Vec<ContentError>> {
    let mut errors = Vec::new();
    let folder_name = folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Err(outside) = check_inside(root, folder) {
        // Nothing is read through a folder leading out of the content.
        return Err(vec![ContentError::file(&outside.link, outside.message)]);
    }
    // Before reading: a file changed meanwhile changes the stamp after this one.
    let stamp = current_stamp(folder);
    let mut accueils = Vec::new();
    let mut traductions = BTreeMap::new();
    let mut dictionaries = Vec::new();
    for path in list(root, folder, &mut errors) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(langue) = translation_language(&name, "accueil", "md") {
            accueils.push((path.clone(), langue.to_string()));
        } else if let Some(langue) = translation_language(&name, "traductions", "yml") {
            dictionaries.push((path.clone(), langue.to_string()));
        } else if !SCHOOL_FILES.contains(&name.as_str()) {
            errors.push(ContentError::file(
                &path,
                "fichier inattendu : un dossier d'établissement contient etablissement.yml, accueil.md \
                 et leurs traductions (accueil.en.md, traductions.en.yml…), rien d'autre",
            ));
        }
    }

    let yml = folder.join("etablissement.yml");
    let etablissement = match read_yaml(root, &yml, "chaque établissement est décrit par un etablissement.yml") {
        Err(e) => {
            errors.push(e);
            None
        }
        Ok(text) => checked(
            &yml,
            yaml::from_str::<Etablissement>(&text),
            |etab| etab.check(&folder_name),
            &mut errors,
        ),
    };

    let md = folder.join("accueil.md");
    let accueil = match read_markdown(
        root,
        &md,
        "chaque établissement a un accueil.md (texte d'accueil des familles, qui commence par un en-tête ---, titre: …, ---)",
    ) {
        Err(e) => {
            errors.push(e);
            None
        }
        Ok(text) => match markdown::parse_page(&md, &folder_name, &text) {
            Ok(mut page) => {
                for (path, langue) in accueils {
                    match read_markdown(root, &path, "")
                        .map_err(|e| vec![e])
                        .and_then(|text| markdown::parse_page(&path, &folder_name, &text))
                    {
                        Ok(translation) => {
                            page.traductions.insert(langue, translation);
                        }
                        Err(errs) => errors.extend(errs),
                    }
                }
                Some(page)
            }
            Err(errs) => {
                errors.extend(errs);
                None
            }
        },
    };

    // Each translated text must be one the school's pages show: a text copied with a typo
    // would never be used, silently.
    let shown = match (&etablissement, dictionaries.is_empty()) {
        (Some(etab), false) => shown_texts(etab),
        _ => Default::default(),
    };
    for (path, langue) in dictionaries {
        let loaded = read_yaml(root, &path, "")
            .map_err(|e| errors.push(e))
            .ok()
            .and_then(|text| {
                checked(
                    &path,
                    yaml::from_str::<BTreeMap<String, String>>(&text),
                    |dictionary| {
                        dictionary
                            .keys()
                            .filter(|text| etablissement.is_some() && !shown.contains(text.as_str()))
                            .map(|text| ContentIssue {
                                key: text.clone(),
                                value: None,
                                message: format!(
                                    "« {text} » n'est pas un texte de etablissement.yml ni du formulaire : \
                                 recopiez le texte français à l'identique"
                                ),
                            })
                            .collect()
                    },
                    &mut errors,
                )
            });
        if let Some(dictionary) = loaded {
            traductions.insert(langue, dictionary);
        }
    }

    match (etablissement, accueil) {
        (Some(etablissement), Some(accueil)) if errors.is_empty() => Ok(School {
            etablissement,
            accueil,
            traductions,
            stamp,
        }),
        _ => Err(errors),
    }
}

/// The translations of content texts: the theme's `i18n/formulaire.<code>.yml` (the form's
/// own labels, for each of the site's languages that has one), the site's
/// `content/traductions.<code>.yml` (site.yml's title and académie) and each school's
/// `traductions.<code>.yml`.
pub(crate) fn dictionaries(content: &Content, i18n_dir: &Path) -> anyhow::Result<crate::langues::Dictionaries> {
    let mut dictionaries = crate::langues::Dictionaries::default();
    let read = |path: &Path| -> anyhow::Result<Option<BTreeMap<String, String>>> {
        if !path.is_file() {
            return Ok(None);
        }
        let text =
            std::fs::read_to_string(path).map_err(|err| anyhow::anyhow!("lecture de {} : {err}", path.display()))?;
        let (parsed, problems) = yaml::from_str::<BTreeMap<String, String>>(&text);
        if let Some(problem) = problems.first() {
            anyhow::bail!(
                "{}:{}:{}: {}",
                path.display(),
                problem.line,
                problem.column,
                problem.message
            );
        }
        Ok(parsed.map(|(dictionary, _)| dictionary))
    };
    for lang in &content.site.langues {
        if let Some(dictionary) = read(&i18n_dir.join(format!("formulaire.{lang}.yml")))? {
            dictionaries.theme.insert(lang.clone(), dictionary);
        }
        // Inside the content folder: refused if it is a link leading out of it.
        let site = content.dir.join(format!("traductions.{lang}.yml"));
        if site.exists() {
            check_inside(&content.dir, &site).map_err(|outside| anyhow::anyhow!("{}", outside.message))?;
        }
        if let Some(dictionary) = read(&site)? {
            dictionaries.site.insert(lang.clone(), dictionary);
        }
    }
    for school in &content.schools {
        if !school.traductions.is_empty() {
            dictionaries
                .schools
                .insert(school.etablissement.uai.clone(), school.traductions.clone());
        }
    }
    Ok(dictionaries)
}

/// Every text of a school's pages that may be translated: the strings of etablissement.yml
/// and of its forms (labels, help texts, notes, as the model builds them).
fn shown_texts(etab: &Etablissement) -> std::collections::BTreeSet<String> {
    fn collect(value: &serde_json::Value, into: &mut std::collections::BTreeSet<String>) {
        match value {
            serde_json::Value::String(s) => {
                into.insert(s.clone());
                // A note's link: « [texte](/chemin) » shows « texte ».
                if let Some((words, _)) = s.strip_prefix('[').and_then(|r| r.split_once("](")) {
                    into.insert(words.to_string());
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| collect(v, into)),
            serde_json::Value::Object(map) => map.values().for_each(|v| collect(v, into)),
            _ => {}
        }
    }
    let mut texts = std::collections::BTreeSet::new();
    collect(&serde_json::to_value(etab).unwrap_or_default(), &mut texts);
    for niveau in &etab.niveaux {
        let spec = dossiersco_model::FormSpec::build(etab, niveau);
        collect(&serde_json::to_value(&spec).unwrap_or_default(), &mut texts);
    }
    texts
}
