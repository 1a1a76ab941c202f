//! The family side in several languages, on Project Fluent: one catalog per language in the
//! theme (`themes/default/i18n/fr.ftl`, `en.ftl`, …), French the reference.
//!
//! - [`Catalogs::load`] reads the catalogs of the languages a site enables (every syntax
//!   error at once, each with file:line).
//! - [`Catalogs::text`] gives a message in a language, the French one when the language's
//!   catalog lacks the key; plurals, gender-neutral forms and elision are the catalog's
//!   selectors (`{ $n -> [one] … *[other] … }`).
//! - [`Catalogs::date_longue`] and [`Catalogs::nombre`]: dates in words and numbers, from the
//!   catalog's own keys (`date-jour`, `date-mois`, `date-longue`, `nombre-milliers`,
//!   `nombre-decimale`), so a new language needs no code.
//! - [`Catalogs::missing_keys`], [`Catalogs::unused_keys`], [`keys_used_in`]: what
//!   `dossiersco check` lists.
//! - [`Catalogs::script_messages_json`]: the messages of the theme's scripts (`script-…`
//!   keys, asked for in the scripts as `t("name")`), as JSON for a page.

mod check;
mod langue;
mod script;

pub use check::{keys_used_in, KeyIssue};
pub use fluent_bundle::{FluentArgs, FluentValue};
pub use langue::{dir, is_rtl};
pub use script::{script_keys, SCRIPT_PREFIX};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::FluentResource;
use std::fmt;
use std::path::{Path, PathBuf};
use unic_langid::LanguageIdentifier;

/// The reference language: every key exists in it, every other catalog falls back on it.
pub const REFERENCE: &str = "fr";

/// Prefixes of the keys the worker uses from Rust (its error pages and the model's
/// validation messages, found by their French text) and in the email templates: never unused.
pub const KEY_PREFIXES_USED_BY_CODE: &[&str] = &["serveur-", "validation-", "courriel-"];

/// Keys the code itself uses (not templates): never reported as unused.
pub const KEYS_USED_BY_CODE: &[&str] = &[
    "langue-nom",
    "date-jour",
    "date-mois",
    "date-longue",
    "nombre-milliers",
    "nombre-decimale",
    // The worker's summary: a label that is not the form's (`t(key=l.cle)`).
    "resume-cette-annee",
    // The worker's summary: a value the family erased in another child's file.
    "resume-efface",
    // The generator: meta descriptions of the list of schools and of a school's pages.
    "index-description",
    "etablissement-description",
];

/// One language's catalog.
pub struct Catalog {
    code: String,
    path: PathBuf,
    bundle: FluentBundle<FluentResource>,
    /// Message ids with their 1-based line, in file order.
    keys: Vec<(String, usize)>,
    /// The file's text (for the keys one message references in another).
    source: String,
}

impl Catalog {
    /// The language code, as in site.yml (`fr`, `en`, `ar`).
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The .ftl file it was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Its message ids with their line, in file order.
    pub fn keys(&self) -> &[(String, usize)] {
        &self.keys
    }

    pub(crate) fn bundle_source(&self) -> &str {
        &self.source
    }

    fn has(&self, key: &str) -> bool {
        self.bundle.has_message(key)
    }

    fn format(&self, key: &str, args: Option<&FluentArgs>) -> Option<String> {
        let message = self.bundle.get_message(key)?;
        let pattern = message.value()?;
        let mut errors = Vec::new();
        Some(self.bundle.format_pattern(pattern, args, &mut errors).into_owned())
    }
}

/// The catalogs of a site's languages, French first. Send + Sync: the worker shares one.
pub struct Catalogs {
    catalogs: Vec<Catalog>,
}

/// A catalog problem found while loading: `file:line: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    /// The .ftl file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// What is wrong, in French.
    pub message: String,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

/// Every problem found while loading the catalogs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogErrors(pub Vec<CatalogError>);

impl fmt::Display for CatalogErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CatalogErrors {}

/// 1-based line of byte `offset` in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

impl Catalogs {
    /// Reads `dir/<code>.ftl` for French and each of `langues` (French is always loaded, as the
    /// reference). Every missing file and syntax error is reported, each with file:line.
    pub fn load(dir: &Path, langues: &[String]) -> Result<Catalogs, CatalogErrors> {
        let mut codes: Vec<&str> = vec![REFERENCE];
        for code in langues {
            if !codes.contains(&code.as_str()) {
                codes.push(code);
            }
        }
        let mut catalogs = Vec::new();
        let mut errors = Vec::new();
        for code in codes {
            let path = dir.join(format!("{code}.ftl"));
            match Catalog::read(code, &path) {
                Ok(catalog) => catalogs.push(catalog),
                Err(mut errs) => errors.append(&mut errs),
            }
        }
        if errors.is_empty() {
            Ok(Catalogs { catalogs })
        } else {
            Err(CatalogErrors(errors))
        }
    }

    /// The catalogs, French first then in site.yml's order.
    pub fn catalogs(&self) -> &[Catalog] {
        &self.catalogs
    }

    /// The language codes, French first.
    pub fn langues(&self) -> impl Iterator<Item = &str> {
        self.catalogs.iter().map(|c| c.code.as_str())
    }

    /// Whether `lang` is one of the loaded languages.
    pub fn has_langue(&self, lang: &str) -> bool {
        self.catalog(lang).is_some()
    }

    fn catalog(&self, lang: &str) -> Option<&Catalog> {
        self.catalogs.iter().find(|c| c.code == lang)
    }

    fn reference(&self) -> &Catalog {
        &self.catalogs[0]
    }

    /// Message `key` in `lang`, with `args`; the French message when `lang`'s catalog lacks
    /// it (or `lang` is not loaded); the key itself when French lacks it too (`check` lists it).
    pub fn text(&self, lang: &str, key: &str, args: Option<&FluentArgs>) -> String {
        self.catalog(lang)
            .filter(|c| c.has(key))
            .and_then(|c| c.format(key, args))
            .or_else(|| self.reference().format(key, args))
            .unwrap_or_else(|| key.to_string())
    }

    /// Message `key` in `lang` (with the French fallback) when it needs no argument: `None`
    /// for a message that refers to one (`{ $n }`) or a key French lacks too.
    pub fn text_without_arguments(&self, lang: &str, key: &str) -> Option<String> {
        let catalog = self.catalog(lang).filter(|c| c.has(key)).unwrap_or(self.reference());
        let message = catalog.bundle.get_message(key)?;
        let mut errors = Vec::new();
        let text = catalog.bundle.format_pattern(message.value()?, None, &mut errors);
        errors.is_empty().then(|| text.into_owned())
    }

    /// Whether `lang`'s own catalog has `key` (no fallback).
    pub fn has_key(&self, lang: &str, key: &str) -> bool {
        self.catalog(lang).is_some_and(|c| c.has(key))
    }

    /// The language's name in itself (« Français », "English", « العربية »), for the switch.
    pub fn nom(&self, lang: &str) -> String {
        self.text(lang, "langue-nom", None)
    }

    /// A date in words: « dimanche 10 janvier 2027 », "Sunday 10 January 2027".
    pub fn date_longue(&self, lang: &str, date: time::Date) -> String {
        let mut args = FluentArgs::new();
        args.set("jour", date.weekday().number_from_monday());
        let jour = self.text(lang, "date-jour", Some(&args));
        let mut args = FluentArgs::new();
        args.set("mois", u8::from(date.month()));
        let mois = self.text(lang, "date-mois", Some(&args));
        let mut args = FluentArgs::new();
        args.set("jour", jour);
        args.set("quantieme", date.day());
        args.set("mois", mois);
        args.set("annee", date.year().to_string());
        self.text(lang, "date-longue", Some(&args))
    }

    /// `value` with `decimals` digits after the separator, digits grouped by three with the
    /// language's separators (`nombre-milliers`, `nombre-decimale`): « 1 234,5 », "1,234.5".
    pub fn nombre(&self, lang: &str, value: f64, decimals: usize) -> String {
        let milliers = self.text(lang, "nombre-milliers", None);
        let decimale = self.text(lang, "nombre-decimale", None);
        group_digits(value, decimals, &milliers, &decimale)
    }
}

/// Whether French elides before `name` (« d'Adam », « d'Émile ») — not before h.
fn starts_with_vowel(name: &str) -> bool {
    name.chars()
        .next()
        .and_then(|c| c.to_lowercase().next())
        .is_some_and(|c| "aeiouyàâäéèêëîïôöùûüœæ".contains(c))
}

/// `value` rounded to `decimals`, digits grouped by three.
fn group_digits(value: f64, decimals: usize, milliers: &str, decimale: &str) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let mut out = String::new();
    if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('-');
    }
    let digits: Vec<char> = int.chars().collect();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(milliers);
        }
        out.push(*c);
    }
    if let Some(frac) = frac {
        out.push_str(decimale);
        out.push_str(frac);
    }
    out
}

impl Catalog {
    fn read(code: &str, path: &Path) -> Result<Catalog, Vec<CatalogError>> {
        let error = |line: usize, message: String| CatalogError {
            path: path.to_path_buf(),
            line,
            message,
        };
        let id: LanguageIdentifier = code.parse().map_err(|_| {
            vec![error(
                1,
                format!("« {code} » n'est pas un code de langue (attendu : fr, en, ar, pt-BR…)"),
            )]
        })?;
        let source = std::fs::read_to_string(path).map_err(|err| {
            vec![error(
                1,
                format!(
                    "catalogue de la langue « {code} » illisible ({err}) : créez-le en copiant fr.ftl, puis traduisez chaque message"
                ),
            )]
        })?;
        let resource = match FluentResource::try_new(source) {
            Ok(resource) => resource,
            Err((resource, parse_errors)) => {
                return Err(parse_errors
                    .iter()
                    .map(|e| {
                        error(
                            line_of(resource.source(), e.pos.start),
                            format!("syntaxe Fluent invalide : {}", e.kind),
                        )
                    })
                    .collect())
            }
        };
        let keys = check::message_keys(&resource);
        let mut seen = std::collections::HashMap::new();
        let duplicates: Vec<CatalogError> = keys
            .iter()
            .filter_map(|(key, line)| {
                seen.insert(key.as_str(), *line)
                    .map(|first| error(*line, format!("clé « {key} » déjà définie ligne {first}")))
            })
            .collect();
        if !duplicates.is_empty() {
            return Err(duplicates);
        }
        let source = resource.source().to_string();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Pages are HTML with `dir` set on <html>: Unicode isolation marks around each
        // argument would only add invisible characters to copy-pasted text.
        bundle.set_use_isolating(false);
        // INITIALE($nom) is « voyelle » or « consonne »: French elision by a selector,
        // « d'{ $prenom } » or « de { $prenom } ».
        let _ = bundle.add_function("INITIALE", |positional, _named| match positional.first() {
            Some(FluentValue::String(name)) if starts_with_vowel(name) => "voyelle".into(),
            _ => "consonne".into(),
        });
        bundle.add_resource(resource).map_err(|errs| {
            errs.iter()
                .map(|e| error(1, format!("catalogue invalide : {e}")))
                .collect::<Vec<_>>()
        })?;
        Ok(Catalog {
            code: code.to_string(),
            path: path.to_path_buf(),
            bundle,
            keys,
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::group_digits;

    #[test]
    fn digits_are_grouped_by_three() {
        assert_eq!(group_digits(1234567.0, 0, " ", ","), "1 234 567");
        assert_eq!(group_digits(1234.5, 1, ",", "."), "1,234.5");
        assert_eq!(group_digits(999.0, 0, " ", ","), "999");
        assert_eq!(group_digits(-1234.0, 0, " ", ","), "-1 234");
        assert_eq!(group_digits(0.04, 1, " ", ","), "0,0");
    }
}
