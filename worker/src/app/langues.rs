//! The family's language in the worker: the theme's catalogs (the same files as the static
//! site's pages), and the worker's own French texts found again in the French catalog so that
//! the code keeps one wording (its French) and each catalog translates it.

use dossiersco_i18n::{Catalogs, FluentArgs, FluentValue};
use dossiersco_model::message::{Arg, Texte};
use std::collections::HashMap;
use std::sync::Arc;

/// The site's languages and their catalogs.
pub struct Langues {
    pub catalogs: Arc<Catalogs>,
    /// Codes of the site's languages, French first.
    pub codes: Vec<String>,
    /// French text of a worker key → the key (`serveur-…`, `validation-…`).
    by_french: HashMap<String, String>,
}

impl Langues {
    pub fn new(catalogs: Arc<Catalogs>, codes: Vec<String>) -> Langues {
        let mut by_french = HashMap::new();
        if let Some(fr) = catalogs.catalogs().first() {
            for (key, _) in fr.keys() {
                if key.starts_with("serveur-") || key.starts_with("validation-") {
                    // Messages with arguments are said by their key (`texte`), never found by their French.
                    if let Some(french) = catalogs.text_without_arguments(dossiersco_i18n::REFERENCE, key) {
                        by_french.insert(french, key.clone());
                    }
                }
            }
        }
        Langues {
            catalogs,
            codes,
            by_french,
        }
    }

    /// Message `key` in `lang`.
    pub fn t(&self, lang: &str, key: &str) -> String {
        self.catalogs.text(lang, key, None)
    }

    /// Message `key` in `lang` with `args`.
    pub fn t_args(&self, lang: &str, key: &str, args: &FluentArgs) -> String {
        self.catalogs.text(lang, key, Some(args))
    }

    /// A French text of the worker or of the model's validation in `lang`: the message of
    /// the French catalog's key with that exact text; the French text itself when no key has
    /// it (a message with figures in it, a school's own text).
    pub fn from_french(&self, lang: &str, french: &str) -> String {
        if lang == dossiersco_i18n::REFERENCE {
            return french.to_string();
        }
        match self.by_french.get(french) {
            Some(key) => self.catalogs.text(lang, key, None),
            None => french.to_string(),
        }
    }

    /// A message with parts that vary (a count, a label, a size) in `lang`, from its key and
    /// arguments: counts are Fluent numbers (the catalog's plurals apply), sizes are written
    /// in megabytes with the language's decimal separator.
    pub fn texte(&self, lang: &str, texte: &Texte) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in &texte.args {
            let value: FluentValue = match value {
                Arg::Nombre(n) => FluentValue::from(*n),
                Arg::Texte(t) => FluentValue::from(t.clone()),
                Arg::Date(date) => FluentValue::from(self.catalogs.date_longue(lang, *date)),
                Arg::Octets(bytes) => {
                    let mo = *bytes as f64 / 1_000_000.0;
                    let decimals = if mo.fract() == 0.0 { 0 } else { 1 };
                    FluentValue::from(self.catalogs.nombre(lang, mo, decimals))
                }
            };
            args.set(*name, value);
        }
        self.catalogs.text(lang, texte.cle, Some(&args))
    }

    /// A message of the model or of the worker in `lang`: by its key when it has one (parts
    /// that vary), else by its French text ([`from_french`](Self::from_french)).
    pub fn message(&self, lang: &str, french: &str, texte: Option<&Texte>) -> String {
        match texte {
            Some(texte) if lang != dossiersco_i18n::REFERENCE => self.texte(lang, texte),
            _ => self.from_french(lang, french),
        }
    }

    /// `ltr` or `rtl`.
    pub fn dir(lang: &str) -> &'static str {
        dossiersco_i18n::dir(lang)
    }
}
