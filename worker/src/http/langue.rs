//! The family's language on the worker's pages: chosen on the static site, never guessed from
//! `Accept-Language`. The site's forms post it in a hidden `langue` field and its links to the
//! worker's pages carry `?langue=`; the worker keeps it in a cookie for the pages that follow
//! (no JavaScript). The database remembers only the last one chosen, at login and submission,
//! for the school's emails to the family ([`chosen_in_form`]). Only the site's languages are
//! accepted: anything else is French, the reference.

use super::session::SiteCookie;
use crate::app::App;
use hyper::header::{HeaderMap, HeaderValue};
use std::collections::BTreeMap;

/// The language cookie: a language code only, read by no script.
pub const COOKIE: SiteCookie = SiteCookie {
    secure_name: "__Host-dossiersco_langue",
    plain_name: "dossiersco_langue",
};

/// A year: the family's choice outlives the session (the next campaign, a sibling).
const MAX_AGE: i64 = 365 * 24 * 3600;

/// `lang` when it is one of the site's languages.
fn accepted<'a>(app: &'a App, lang: &str) -> Option<&'a str> {
    app.langues.codes.iter().map(String::as_str).find(|l| *l == lang)
}

/// The `langue` parameter of a query string (`?langue=en`).
fn from_query(query: Option<&str>) -> Option<&str> {
    query?.split('&').find_map(|pair| pair.strip_prefix("langue="))
}

/// The language of a GET: the query's when valid, else the cookie's, else French.
pub fn of_request(app: &App, headers: &HeaderMap, query: Option<&str>) -> String {
    from_query(query)
        .and_then(|l| accepted(app, l))
        .or_else(|| COOKIE.value(app, headers).and_then(|l| accepted(app, l)))
        .unwrap_or(dossiersco_i18n::REFERENCE)
        .to_string()
}

/// The language of a posted form: its `langue` field when valid, else the cookie's, else French.
pub fn of_form(app: &App, headers: &HeaderMap, form: &BTreeMap<String, String>) -> String {
    form.get("langue")
        .and_then(|l| accepted(app, l.trim()))
        .or_else(|| COOKIE.value(app, headers).and_then(|l| accepted(app, l)))
        .unwrap_or(dossiersco_i18n::REFERENCE)
        .to_string()
}

/// The language the family chose, if it chose one: the posted `langue` field, else the
/// cookie, when one of the site's. None: nothing chosen (French by default). What the
/// database remembers for the staff's emails to the family.
pub fn chosen_in_form(app: &App, headers: &HeaderMap, form: &BTreeMap<String, String>) -> Option<String> {
    form.get("langue")
        .and_then(|l| accepted(app, l.trim()))
        .or_else(|| COOKIE.value(app, headers).and_then(|l| accepted(app, l)))
        .map(str::to_string)
}

/// `Set-Cookie` keeping `lang` for the next pages.
pub fn set_cookie(app: &App, lang: &str) -> HeaderValue {
    COOKIE.set(app, lang, Some(MAX_AGE))
}

/// Whether the request named a language itself (field or query): the cookie is then updated.
pub fn chosen_in_query(app: &App, query: Option<&str>) -> Option<String> {
    from_query(query).and_then(|l| accepted(app, l)).map(str::to_string)
}

/// The path of a static page in `lang`: `/0699901M/connexion/` → `/en/0699901M/connexion/`.
pub fn page_path(lang: &str, path: &str) -> String {
    if lang == dossiersco_i18n::REFERENCE || !path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{lang}{path}")
    }
}

/// Marks a response whose handler chose the language itself (a posted `langue`): its
/// redirect is kept as it is.
#[derive(Clone, Copy)]
pub struct Chosen;

/// First segments of the worker's own routes: a redirect there keeps its path.
const WORKER_ROUTES: [&str; 10] = [
    "resume",
    "dossier",
    "enfant",
    "connexion",
    "deconnexion",
    "satisfaction",
    "api",
    "personnel",
    "healthz",
    "static",
];

/// A redirect to a static page of the French site (`/0699901M/confirmation/`) sent to the
/// page in `lang` (`/en/0699901M/confirmation/`): every handler redirects with French paths,
/// the family lands on its language's. Paths already in a language and the worker's own
/// routes are left as they are.
pub fn localise_redirect(app: &App, resp: &mut super::reply::Resp, lang: &str) {
    if lang == dossiersco_i18n::REFERENCE
        || !resp.status().is_redirection()
        || resp.extensions().get::<Chosen>().is_some()
    {
        return;
    }
    let Some(location) = resp
        .headers()
        .get(hyper::header::LOCATION)
        .and_then(|v| v.to_str().ok())
    else {
        return;
    };
    let Some(path) = location
        .strip_prefix(app.pages_base.as_str())
        .filter(|p| p.starts_with('/'))
    else {
        return;
    };
    let first = path[1..].split(['/', '?', '#']).next().unwrap_or("");
    if WORKER_ROUTES.contains(&first) || app.langues.codes.iter().any(|c| c == first) {
        return;
    }
    if let Ok(value) = HeaderValue::from_str(&format!("{}{}", app.pages_base, page_path(lang, path))) {
        resp.headers_mut().insert(hyper::header::LOCATION, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_names_the_language_among_other_parameters() {
        assert_eq!(from_query(Some("alerte=x&langue=ar")), Some("ar"));
        assert_eq!(from_query(Some("langue=en")), Some("en"));
        assert_eq!(from_query(Some("malangue=en")), None);
        assert_eq!(from_query(None), None);
    }

    #[test]
    fn static_pages_get_the_prefix_except_in_french() {
        assert_eq!(page_path("en", "/0699901M/connexion/#x"), "/en/0699901M/connexion/#x");
        assert_eq!(page_path("fr", "/0699901M/"), "/0699901M/");
        assert_eq!(page_path("ar", "/"), "/ar/");
    }
}
