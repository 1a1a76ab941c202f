//! The family pages in several languages: the template functions that read the theme's
//! catalogs (`t`, `date_longue`, `tc`) and what every page of a language gets in its context
//! (`langue`, `dir`, `prefixe`, `chemin`, `langues` for the switch and the alternates).
//!
//! French is the reference, at the site's root; each other language of site.yml's `langues`
//! lives under its prefix (`/en/0699901M/connexion/`). The family chooses: nothing ever
//! redirects on the browser's Accept-Language.

use dossiersco_i18n::{Catalogs, FluentArgs, FluentValue};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use tera::{Context, Kwargs, State, TeraResult, Value};

/// The URL prefix of a language: none for French, `/en` for English.
pub fn prefix(lang: &str) -> String {
    if lang == dossiersco_i18n::REFERENCE {
        String::new()
    } else {
        format!("/{lang}")
    }
}

/// `path` (written for the French site, without the leading `/`) for `lang`: `en/index.html`.
pub(crate) fn output_path(lang: &str, path: &str) -> String {
    if lang == dossiersco_i18n::REFERENCE {
        path.to_string()
    } else {
        format!("{lang}/{path}")
    }
}

/// A language of the site, for the switch and the alternates.
#[derive(Serialize, Clone)]
pub struct LangueView {
    /// Code (`fr`, `en`, `ar`): the `lang` and `hreflang` attributes.
    pub code: String,
    /// Its name in itself (« Français », "English", « العربية »).
    pub nom: String,
    /// Its URL prefix (empty for French).
    pub prefixe: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
}

/// The site's languages, French first.
pub(crate) fn langues(catalogs: &Catalogs, enabled: &[String]) -> Vec<LangueView> {
    let mut codes = vec![dossiersco_i18n::REFERENCE.to_string()];
    codes.extend(enabled.iter().filter(|c| *c != dossiersco_i18n::REFERENCE).cloned());
    codes
        .into_iter()
        .map(|code| LangueView {
            nom: catalogs.nom(&code),
            prefixe: prefix(&code),
            dir: dossiersco_i18n::dir(&code),
            code,
        })
        .collect()
}

/// What every page in `lang` gets: `langue`, `dir`, `prefixe`, `chemin` (the page's path on
/// the French site, which the switch and the alternates append to each prefix).
pub(crate) fn insert(ctx: &mut Context, lang: &str, chemin: &str) {
    ctx.insert("langue", lang);
    ctx.insert("dir", dossiersco_i18n::dir(lang));
    ctx.insert("prefixe", &prefix(lang));
    ctx.insert("chemin", chemin);
}

/// `{{ t(key="connexion-titre", n=3, nom=etab.nom) }}`: the message in the page's language
/// (French when the catalog lacks it). Arguments are escaped like any template value; the
/// message itself may hold markup (`<strong>`), so the result is not escaped again.
struct Translate {
    catalogs: Arc<Catalogs>,
    /// Language → key → the message formatted once, for the messages without arguments
    /// (most of them): a page calls `t` dozens of times.
    plain: std::collections::HashMap<String, std::collections::HashMap<String, Value>>,
}

impl Translate {
    fn new(catalogs: Arc<Catalogs>) -> Self {
        let mut plain = std::collections::HashMap::new();
        for catalog in catalogs.catalogs() {
            let lang = catalog.code();
            let messages = plain_messages(&catalogs, lang)
                .into_iter()
                .map(|(key, text)| (key, Value::safe_string(&text)))
                .collect();
            plain.insert(lang.to_string(), messages);
        }
        Translate { catalogs, plain }
    }
}

/// Key → message in `lang` of every message that takes no argument: what `t(key=…)` gives
/// without arguments (French when `lang`'s catalog lacks it).
fn plain_messages(catalogs: &Catalogs, lang: &str) -> std::collections::HashMap<String, String> {
    catalogs
        .catalogs()
        .iter()
        .flat_map(|c| c.keys())
        .filter_map(|(key, _)| Some((key.clone(), catalogs.text_without_arguments(lang, key)?)))
        .collect()
}

/// The templates `templates` (name, source) for the pages in `lang` only: each
/// `{{ t(key="…") }}` without arguments replaced by its message in `lang`, written as text,
/// which is what the call would write (its result is not escaped), without a function call
/// per page. `None` when `lang` has no catalog. Left as they are: the calls with arguments,
/// whitespace control (`{{-`) or a filter; a message empty, beginning or ending with
/// whitespace (a neighbour's `{%-` would trim it) or holding template delimiters; and whole
/// templates that define components (rendered with their own context), hold a `raw` block,
/// or bind `langue` themselves (the call reads the page's language from it).
pub(crate) fn with_messages_written(
    catalogs: &Catalogs,
    lang: &str,
    templates: &[(String, String)],
) -> Option<Vec<(String, String)>> {
    // As `t` does: its messages formatted once exist for the catalogs' languages only.
    if !catalogs.catalogs().iter().any(|c| c.code() == lang) {
        return None;
    }
    let messages = plain_messages(catalogs, lang);
    let writable = |text: &&String| {
        !text.is_empty()
            && !text.starts_with(char::is_whitespace)
            && !text.ends_with(char::is_whitespace)
            && !["{{", "}}", "{%", "%}", "{#", "#}"].iter().any(|d| text.contains(d))
    };
    let left_alone = [
        "{% component",
        "{%- component",
        "raw %}",
        "raw -%}",
        "langue in ",
        "set langue",
        "set_global langue",
    ];
    let written = templates
        .iter()
        .map(|(name, source)| {
            if left_alone.iter().any(|w| source.contains(w)) {
                return (name.clone(), source.clone());
            }
            let mut out = String::with_capacity(source.len());
            let mut rest = source.as_str();
            while let Some(start) = rest.find("{{") {
                out.push_str(&rest[..start]);
                rest = &rest[start..];
                match plain_call(rest).and_then(|(key, len)| Some((messages.get(key).filter(writable)?, len))) {
                    Some((text, len)) => {
                        out.push_str(text);
                        rest = &rest[len..];
                    }
                    None => {
                        out.push_str("{{");
                        rest = &rest[2..];
                    }
                }
            }
            out.push_str(rest);
            (name.clone(), out)
        })
        .collect();
    Some(written)
}

/// `{{ t(key="name") }}` at the start of `tag` (spaces inside the braces allowed): the key and
/// the call's length.
fn plain_call(tag: &str) -> Option<(&str, usize)> {
    let after = tag
        .strip_prefix("{{")?
        .trim_start_matches(' ')
        .strip_prefix("t(key=\"")?;
    let end = after.find('"')?;
    let key = &after[..end];
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return None;
    }
    let rest = after[end..]
        .strip_prefix("\")")?
        .trim_start_matches(' ')
        .strip_prefix("}}")?;
    Some((key, tag.len() - rest.len()))
}

impl tera::Function<TeraResult<Value>> for Translate {
    fn call(&self, kwargs: Kwargs, state: &State) -> TeraResult<Value> {
        let key = kwargs.must_get::<&str>("key")?;
        let langue = state.get::<Value>("langue")?;
        let lang = langue
            .as_ref()
            .and_then(Value::as_str)
            .unwrap_or(dossiersco_i18n::REFERENCE);
        // Most calls pass only the key: their message was formatted once.
        if kwargs.iter().all(|(name, _)| name.as_str() == Some("key")) {
            if let Some(text) = self.plain.get(lang).and_then(|m| m.get(key)) {
                return Ok(text.clone());
            }
        }
        let mut args = FluentArgs::new();
        for (name, value) in kwargs.iter() {
            let name = name.to_string();
            if name == "key" {
                continue;
            }
            let value = if let Some(n) = value.as_i64() {
                FluentValue::from(n)
            } else if let Some(n) = value.as_f64() {
                FluentValue::from(n)
            } else {
                FluentValue::from(state.escape_if_needed(value)?)
            };
            args.set(name, value);
        }
        if args.iter().next().is_none() {
            if let Some(text) = self.plain.get(lang).and_then(|m| m.get(key)) {
                return Ok(text.clone());
            }
        }
        let args = args.iter().next().is_some().then_some(&args);
        Ok(Value::safe_string(&self.catalogs.text(lang, key, args)))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `{{ etab.cloture.iso | date_longue }}`: an ISO date in words in the page's language.
struct DateLongue {
    catalogs: Arc<Catalogs>,
    /// (language, ISO date) → the date in words: a campaign has a few dates, shown on
    /// thousands of pages, and each took four Fluent messages to write.
    written: std::sync::RwLock<std::collections::HashMap<(String, String), Value>>,
}

/// Dates in words kept by [`DateLongue`] at most (the worker's pages show any date).
const MAX_DATES: usize = 1024;

impl tera::Filter<&str, TeraResult<Value>> for DateLongue {
    fn call(&self, iso: &str, _: Kwargs, state: &State) -> TeraResult<Value> {
        let langue = state.get::<Value>("langue")?;
        let lang = langue
            .as_ref()
            .and_then(Value::as_str)
            .unwrap_or(dossiersco_i18n::REFERENCE);
        let key = (lang.to_string(), iso.to_string());
        if let Some(text) = self.written.read().unwrap().get(&key) {
            return Ok(text.clone());
        }
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let text = Value::from(match time::Date::parse(iso, format) {
            Ok(date) => self.catalogs.date_longue(lang, date),
            Err(_) => iso.to_string(),
        });
        let mut written = self.written.write().unwrap();
        if written.len() < MAX_DATES {
            written.insert(key, text.clone());
        }
        Ok(text)
    }
}

/// Translations of content texts: language → French text → translation. The theme's
/// (`i18n/formulaire.<code>.yml`, the form's own labels) and each school's
/// (`traductions.<code>.yml`), which wins.
#[derive(Default)]
pub struct Dictionaries {
    /// The theme's, by language.
    pub theme: BTreeMap<String, BTreeMap<String, String>>,
    /// The site's (content/traductions.<code>.yml), by language.
    pub site: BTreeMap<String, BTreeMap<String, String>>,
    /// Each school's, by UAI then language.
    pub schools: BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>>,
}

impl Dictionaries {
    /// The translation of `text` into `lang` on the pages of school `uai` (empty: not a
    /// school's page).
    pub fn get(&self, uai: &str, lang: &str, text: &str) -> Option<&str> {
        self.schools
            .get(uai)
            .and_then(|s| s.get(lang))
            .and_then(|d| d.get(text))
            .or_else(|| self.site.get(lang).and_then(|d| d.get(text)))
            .or_else(|| self.theme.get(lang).and_then(|d| d.get(text)))
            .map(String::as_str)
    }

    /// Whether school `uai` has translations of its own into `lang` (which [`Self::get`]
    /// prefers to the site's and the theme's).
    pub(crate) fn has_school(&self, uai: &str, lang: &str) -> bool {
        self.schools.get(uai).is_some_and(|s| s.contains_key(lang))
    }

    /// Whether `value` (a view serialized to JSON) holds a text a family reads that has no
    /// translation into `lang`: the page then says some texts are only in French.
    pub(crate) fn has_untranslated(&self, uai: &str, lang: &str, value: &serde_json::Value) -> bool {
        fn walk(d: &Dictionaries, uai: &str, lang: &str, value: &serde_json::Value, is_text: bool) -> bool {
            match value {
                serde_json::Value::String(s) => is_text && !s.is_empty() && d.get(uai, lang, s).is_none(),
                serde_json::Value::Array(items) => items.iter().any(|v| walk(d, uai, lang, v, is_text)),
                serde_json::Value::Object(map) => map
                    .iter()
                    .any(|(k, v)| walk(d, uai, lang, v, TEXT_KEYS.contains(&k.as_str()))),
                _ => false,
            }
        }
        lang != dossiersco_i18n::REFERENCE && walk(self, uai, lang, value, false)
    }
}

/// `{{ d.nom | tc }}`: a text of the school's content in the page's language, from
/// [`Dictionaries`] (the context's `uai` says which school); without a translation, the
/// French text in `<span lang="fr">` (with `dir="ltr"` in a right-to-left page). `{{ x | tc(attribut=true) }}` gives the bare text (for
/// an attribute).
struct TranslateContent(Arc<Dictionaries>);

impl TranslateContent {
    /// The HTML of `text` in the page's language; `None` on a French page (the text is
    /// then escaped like any value, as without the filter).
    fn html(&self, text: &str, in_attribute: bool, state: &State) -> TeraResult<Option<String>> {
        let langue = state.get::<Value>("langue")?;
        let lang = langue
            .as_ref()
            .and_then(Value::as_str)
            .unwrap_or(dossiersco_i18n::REFERENCE);
        if lang == dossiersco_i18n::REFERENCE {
            return Ok(None);
        }
        let uai = state.get::<String>("uai")?.unwrap_or_default();
        Ok(Some(match self.0.get(&uai, lang, text) {
            Some(t) => state.escape(t)?,
            None if in_attribute || text.is_empty() => state.escape(text)?,
            None => format!("<span {}>{}</span>", french_attributes(lang), state.escape(text)?),
        }))
    }
}

impl tera::Filter<Value, TeraResult<Value>> for TranslateContent {
    fn call(&self, value: Value, kwargs: Kwargs, state: &State) -> TeraResult<Value> {
        let in_attribute = kwargs.get::<bool>("attribut")?.unwrap_or(false);
        let Some(text) = value.as_str() else {
            return Ok(value);
        };
        Ok(match self.html(text, in_attribute, state)? {
            Some(html) => Value::safe_string(&html),
            // French: the value as it came (no copy), escaped by the template as before.
            None => value,
        })
    }
}

/// Registers `t`, `date_longue` and `tc` on `tera`: the site's templates and, in the worker,
/// the pages and emails it renders.
pub fn register_translations(tera: &mut tera::Tera, catalogs: Arc<Catalogs>, dictionaries: Arc<Dictionaries>) {
    tera.register_function("t", Translate::new(catalogs.clone()));
    tera.register_filter(
        "date_longue",
        DateLongue {
            catalogs,
            written: Default::default(),
        },
    );
    tera.register_filter("tc", TranslateContent(dictionaries.clone()));
    tera.register_filter("tc_join", TranslateJoin(TranslateContent(dictionaries.clone())));
    tera.register_filter("tc_note", TranslateNote(dictionaries));
}

/// `{{ n | tc_note }}`: a form note already in HTML (escaped text, links from `[texte](/…)`)
/// in the page's language: each text between tags through the dictionaries, site links under
/// the language's prefix; the whole note in `<span lang="fr">` when a text has no translation.
struct TranslateNote(Arc<Dictionaries>);

impl tera::Filter<Value, TeraResult<Value>> for TranslateNote {
    fn call(&self, value: Value, _: Kwargs, state: &State) -> TeraResult<Value> {
        let langue = state.get::<Value>("langue")?;
        let lang = langue
            .as_ref()
            .and_then(Value::as_str)
            .unwrap_or(dossiersco_i18n::REFERENCE);
        let html = match value.as_str() {
            Some(html) if lang != dossiersco_i18n::REFERENCE => html,
            // French: the note as it is, already HTML.
            _ => return Ok(value.mark_safe()),
        };
        let uai = state.get::<String>("uai")?.unwrap_or_default();
        let mut out = String::with_capacity(html.len());
        let mut untranslated = false;
        let mut rest = html;
        while !rest.is_empty() {
            if rest.starts_with('<') {
                let end = rest.find('>').map_or(rest.len(), |i| i + 1);
                let tag = &rest[..end];
                out.push_str(&tag.replace("href=\"/", &format!("href=\"{}/", prefix(lang))));
                rest = &rest[end..];
            } else {
                let end = rest.find('<').unwrap_or(rest.len());
                let text = &rest[..end];
                match self.0.get(&uai, lang, &unescape(text)) {
                    Some(translation) => out.push_str(&state.escape(translation)?),
                    None => {
                        untranslated |= !text.trim().is_empty();
                        out.push_str(text);
                    }
                }
                rest = &rest[end..];
            }
        }
        if untranslated {
            out = format!("<span {}>{out}</span>", french_attributes(lang));
        }
        Ok(Value::safe_string(&out))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// The attributes of a French text left untranslated in a page in `lang`: `lang="fr"`, and in
/// a right-to-left page `dir="ltr"`, which isolates it (HTML's bidi algorithm): without it a
/// French sentence ending in « . » or « ) » in an Arabic page shows its punctuation at the
/// wrong end and pulls the Arabic text after it.
pub fn french_attributes(lang: &str) -> &'static str {
    if dossiersco_i18n::is_rtl(lang) {
        "lang=\"fr\" dir=\"ltr\""
    } else {
        "lang=\"fr\""
    }
}

/// The text of escaped HTML ([`crate::views::escape`]).
fn unescape(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// `{{ etab.sortants | tc_join }}`: each text through `tc`, joined with `, ` (or `sep`).
struct TranslateJoin(TranslateContent);

impl tera::Filter<Value, TeraResult<Value>> for TranslateJoin {
    fn call(&self, list: Value, kwargs: Kwargs, state: &State) -> TeraResult<Value> {
        let sep = kwargs.get::<&str>("sep")?.unwrap_or(", ").to_string();
        let texts: Vec<&str> = list
            .as_array()
            .map(|items| items.iter().map(|i| i.as_str().unwrap_or_default()).collect())
            .unwrap_or_default();
        let mut parts = Vec::with_capacity(texts.len());
        for text in &texts {
            match self.0.html(text, false, state)? {
                Some(html) => parts.push(html),
                // French: joined as text, escaped by the template like `join`'s output.
                None => return Ok(Value::from(texts.join(&sep))),
            }
        }
        Ok(Value::safe_string(&parts.join(&state.escape(&sep)?)))
    }
}

/// Keys whose text a family reads and a school may translate (the rest are identifiers,
/// values, codes, addresses).
const TEXT_KEYS: &[&str] = &[
    "libelle",
    "label",
    "hint",
    "legende",
    "aide",
    "notes",
    "explication",
    "texte",
    "message",
    "pattern_message",
    "description",
    "tarif",
    "reglement_libelle",
];

/// `{{ messages_js(scripts="dossiersco.js pieces.js") }}`: the messages those theme scripts
/// ask for (`t("name")`, catalog keys `script-name`) in the page's language, as the JSON the
/// scripts read from `<script type="application/json" id="messages">`; nothing when they
/// ask for none. Only the page's own scripts' messages: the form's weight is budgeted.
#[derive(Clone)]
pub(crate) struct ScriptMessages {
    catalogs: Arc<Catalogs>,
    /// Script file name → the catalog keys it asks for, in order, without repeats.
    keys: Arc<BTreeMap<String, Vec<String>>>,
    /// (language, `scripts`) → the element already written: every form page of a language
    /// asks for the same one, and writing it walked the catalogs (9 % of a national build).
    written: Arc<std::sync::RwLock<Vec<(String, String, Value)>>>,
}

impl ScriptMessages {
    /// Reads the `.js` files of the theme's `static/` for the keys they ask for.
    pub(crate) fn new(catalogs: Arc<Catalogs>, static_dir: &std::path::Path) -> std::io::Result<Self> {
        let mut keys = BTreeMap::new();
        let entries = match std::fs::read_dir(static_dir) {
            Ok(entries) => entries,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Ok(ScriptMessages {
                    catalogs,
                    keys: Arc::new(keys),
                    written: Default::default(),
                })
            }
            Err(err) => return Err(err),
        };
        for entry in entries {
            let path = entry?.path();
            if path.extension().is_none_or(|e| e != "js") {
                continue;
            }
            let text = std::fs::read_to_string(&path)?;
            let mut list: Vec<String> = Vec::new();
            for (key, _) in dossiersco_i18n::script_keys(&text) {
                if !list.contains(&key) {
                    list.push(key);
                }
            }
            let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
            keys.insert(name, list);
        }
        Ok(ScriptMessages {
            catalogs,
            keys: Arc::new(keys),
            written: Default::default(),
        })
    }

    /// The element of `scripts`' messages in `lang` ([`tera::Function::call`]).
    fn element(&self, lang: &str, scripts: &str) -> Value {
        let mut keys: Vec<&str> = Vec::new();
        for script in scripts.split_whitespace() {
            for key in self.keys.get(script).into_iter().flatten() {
                if !keys.contains(&key.as_str()) {
                    keys.push(key);
                }
            }
        }
        if keys.is_empty() {
            return Value::safe_string("");
        }
        let json = self.catalogs.script_messages_json(lang, keys);
        Value::safe_string(&format!(
            "<script type=\"application/json\" id=\"messages\">{json}</script>"
        ))
    }
}

impl tera::Function<TeraResult<Value>> for ScriptMessages {
    fn call(&self, kwargs: Kwargs, state: &State) -> TeraResult<Value> {
        let scripts = kwargs.must_get::<&str>("scripts")?;
        let langue = state.get::<Value>("langue")?;
        let lang = langue
            .as_ref()
            .and_then(Value::as_str)
            .unwrap_or(dossiersco_i18n::REFERENCE);
        let known = |written: &[(String, String, Value)]| {
            written
                .iter()
                .find(|(l, s, _)| l == lang && s == scripts)
                .map(|(.., element)| element.clone())
        };
        if let Some(element) = known(&self.written.read().unwrap()) {
            return Ok(element);
        }
        let element = self.element(lang, scripts);
        let mut written = self.written.write().unwrap();
        // Bounded: `langue` comes from the page's context (the worker's too).
        if known(&written).is_none() && written.len() < 64 {
            written.push((lang.to_string(), scripts.to_string(), element.clone()));
        }
        Ok(element)
    }

    fn is_safe(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dates in words kept by `date_longue` are each its own date in its own language:
    /// the second time a page asks, it gets what the first got, not another page's date.
    #[test]
    fn dates_in_words_are_kept_per_language_and_date() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let langs = vec!["fr".to_string(), "en".to_string()];
        let catalogs = Arc::new(Catalogs::load(&root.join("themes/default/i18n"), &langs).unwrap());
        let mut tera = tera::Tera::new();
        register_translations(&mut tera, catalogs.clone(), Arc::new(Dictionaries::default()));
        tera.add_raw_template("d", "{{ iso | date_longue }}").unwrap();
        let date =
            |iso: &str| time::Date::parse(iso, time::macros::format_description!("[year]-[month]-[day]")).unwrap();
        for _ in 0..2 {
            for lang in ["fr", "en"] {
                for iso in ["2027-04-06", "2027-05-28"] {
                    let mut ctx = Context::new();
                    ctx.insert("langue", lang);
                    ctx.insert("iso", iso);
                    let expected = catalogs.date_longue(lang, date(iso));
                    assert_eq!(tera.render("d", &ctx).unwrap(), expected, "{lang} {iso}");
                }
            }
        }
        assert_ne!(
            catalogs.date_longue("fr", date("2027-04-06")),
            catalogs.date_longue("en", date("2027-04-06"))
        );
    }

    /// A language's copy of the templates has its calls without arguments written as text,
    /// and only those that render the same either way: not a call with whitespace control,
    /// arguments or a filter, nor any call in a template binding `langue` itself.
    #[test]
    fn only_plain_calls_are_written_in_the_language() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let langs = vec!["fr".to_string(), "en".to_string()];
        let catalogs = Catalogs::load(&root.join("themes/default/i18n"), &langs).unwrap();
        let message = catalogs.text_without_arguments("en", "base-pied").unwrap();
        let templates = vec![
            (
                "a".to_string(),
                "<p>{{ t(key=\"base-pied\") }}|{{t(key=\"base-pied\")}}|{{- t(key=\"base-pied\") }}|\
                 {{ t(key=\"base-pied\") | upper }}|{{ t(key=\"formulaire-erreurs\", n=2) }}|{{ t(key=\"inconnue\") }}</p>"
                    .to_string(),
            ),
            (
                "b".to_string(),
                "{% for langue in langues %}{{ t(key=\"base-pied\") }}{% endfor %}".to_string(),
            ),
        ];
        let written = with_messages_written(&catalogs, "en", &templates).unwrap();
        assert_eq!(
            written[0].1,
            format!(
                "<p>{message}|{message}|{{{{- t(key=\"base-pied\") }}}}|{{{{ t(key=\"base-pied\") | upper }}}}|\
                 {{{{ t(key=\"formulaire-erreurs\", n=2) }}}}|{{{{ t(key=\"inconnue\") }}}}</p>"
            )
        );
        assert_eq!(written[1], templates[1]);
        assert!(with_messages_written(&catalogs, "xx", &templates).is_none());
    }
}
