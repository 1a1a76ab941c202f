//! Responses: builders, French error pages, the headers every response carries.

use crate::app::render::esc;
use crate::app::App;
use http_body_util::Full;
use hyper::body::Bytes;
use hyper::header::{self, HeaderValue};
use hyper::{Response, StatusCode};

/// Every response of the server.
pub type Resp = Response<Full<Bytes>>;

/// A response with a body and its content type.
pub fn with_body(status: StatusCode, content_type: &'static str, body: impl Into<Bytes>) -> Resp {
    let mut resp = Response::new(Full::new(body.into()));
    *resp.status_mut() = status;
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    resp
}

/// JSON response.
pub fn json(status: StatusCode, value: &serde_json::Value) -> Resp {
    with_body(status, "application/json; charset=utf-8", value.to_string())
}

/// JSON `{"erreur": message}`.
pub fn json_error(status: StatusCode, message: &str) -> Resp {
    json(status, &serde_json::json!({ "erreur": message }))
}

/// Plain-text response.
pub fn text(status: StatusCode, body: &'static str) -> Resp {
    with_body(status, "text/plain; charset=utf-8", body)
}

/// HTML response.
pub fn html(status: StatusCode, body: String) -> Resp {
    with_body(status, "text/html; charset=utf-8", body)
}

/// 303 See Other to a page of the static site, by path (never a URL taken from the request).
pub fn see_other(app: &App, path: &str) -> Resp {
    let mut resp = Response::new(Full::new(Bytes::new()));
    *resp.status_mut() = StatusCode::SEE_OTHER;
    if let Ok(value) = HeaderValue::from_str(&format!("{}{path}", app.pages_base)) {
        resp.headers_mut().insert(header::LOCATION, value);
    }
    resp
}

/// A small French page for an error met outside the form (bad request, refused post…).
pub fn error_page(status: StatusCode, title: &str, message: &str) -> Resp {
    error_page_in(status, title, message, dossiersco_i18n::REFERENCE, &|t: &str| {
        t.to_string()
    })
}

/// The same page in `lang` (`title` and `message` already in it; `tr` gives the page's own
/// sentences in it from their French).
pub fn error_page_in(status: StatusCode, title: &str, message: &str, lang: &str, tr: &dyn Fn(&str) -> String) -> Resp {
    html(
        status,
        format!(
            "<!doctype html><html lang=\"{lang}\" dir=\"{dir}\"><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{t}</title><main><h1>{t}</h1><p>{m}</p>\
             <p>{retour} <a href=\"{accueil}\">{lien}</a>.</p></main></html>",
            lang = esc(lang),
            dir = dossiersco_i18n::dir(lang),
            t = esc(title),
            m = esc(message),
            retour = esc(&tr(
                "Utilisez le bouton « Retour » du navigateur pour revenir à votre saisie, ou"
            )),
            accueil = esc(&super::langue::page_path(lang, "/")),
            lien = esc(&tr("retournez à l'accueil")),
        ),
    )
}

/// Answer to a CORS preflight of the API (the static site on its own origin calling the worker).
pub fn preflight() -> Resp {
    let mut resp = with_body(StatusCode::NO_CONTENT, "text/plain; charset=utf-8", "");
    let h = resp.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, PUT, POST, DELETE"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("Content-Type, X-Document, X-Nom-Fichier"),
    );
    h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
    resp
}

/// Lets the static site's scripts read this answer and send the session cookie.
pub fn allow_origin(resp: &mut Resp, origin: &str) {
    let h = resp.headers_mut();
    if let Ok(value) = HeaderValue::from_str(origin) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
    h.insert(
        header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        HeaderValue::from_static("true"),
    );
    h.append(header::VARY, HeaderValue::from_static("Origin"));
}

/// Adds the security headers, and `no-store` unless the handler chose a cache policy.
pub fn finish(app: &App, resp: &mut Resp) {
    let headers = resp.headers_mut();
    // A handler may set a stricter policy of its own (the printable letters).
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert_with(|| app.csp.clone());
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // A handler may choose a stricter one (the staff link's page).
    headers
        .entry(header::REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("same-origin"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
}
