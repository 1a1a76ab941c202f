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

/// 303 See Other to a path of the site (never a URL taken from the request).
pub fn see_other(location: &str) -> Resp {
    let mut resp = Response::new(Full::new(Bytes::new()));
    *resp.status_mut() = StatusCode::SEE_OTHER;
    if let Ok(value) = HeaderValue::from_str(location) {
        resp.headers_mut().insert(header::LOCATION, value);
    }
    resp
}

/// A small French page for an error met outside the form (bad request, refused post…).
pub fn error_page(status: StatusCode, title: &str, message: &str) -> Resp {
    html(
        status,
        format!(
            "<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{t}</title><main><h1>{t}</h1><p>{m}</p>\
             <p>Utilisez le bouton « Retour » du navigateur pour revenir à votre saisie, \
             ou <a href=\"/\">retournez à l'accueil</a>.</p></main></html>",
            t = esc(title),
            m = esc(message)
        ),
    )
}

/// Adds the security headers, and `no-store` unless the handler chose a cache policy.
pub fn finish(app: &App, resp: &mut Resp) {
    let headers = resp.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(&app.csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
}
