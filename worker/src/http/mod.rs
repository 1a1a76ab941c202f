//! The HTTP side: one router over a few handlers. Limits, content types, the origin check
//! and the security headers are applied here, once; handlers get parsed input.

pub mod dossier;
pub mod edge;
pub mod enfants;
pub mod error;
pub mod langue;
pub mod limits;
pub mod login;
pub mod personnel;
pub mod prefill_cache;
pub mod reply;
pub mod resume;
pub mod satisfaction;
pub mod session;
pub mod static_files;

use crate::app::App;
use error::HttpError;
use hyper::body::Incoming;
use hyper::{Method, Request, StatusCode};
use reply::Resp;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

/// Answers one request. Never fails: every error becomes a response.
pub async fn handle(app: Arc<App>, req: Request<Incoming>, peer: SocketAddr) -> Resp {
    let started = Instant::now();
    let method = req.method().clone();
    let cors = app.cors_origin.as_ref().filter(|allowed| {
        req.headers()
            .get(hyper::header::ORIGIN)
            .is_some_and(|o| o.as_bytes().eq_ignore_ascii_case(allowed.as_bytes()))
    });
    // The family's language for an error page (the staff area stays French).
    let staff = personnel::owns(req.uri().path());
    let lang = (!staff).then(|| langue::of_request(&app, req.headers(), req.uri().query()));
    // A link carrying `?langue=` (the site's links to the worker's pages) sets it for the next ones.
    let chosen = (!staff)
        .then(|| langue::chosen_in_query(&app, req.uri().query()))
        .flatten();
    let (route, json, result) = if cors.is_some() && method == Method::OPTIONS && req.uri().path().starts_with("/api/")
    {
        ("préliminaire CORS", true, Ok(reply::preflight()))
    } else {
        route(&app, req, peer).await
    };
    let mut resp = result.unwrap_or_else(|err| err.into_response_in(json, lang.as_deref().map(|l| (&app.langues, l))));
    if let Some(lang) = &lang {
        langue::localise_redirect(&app, &mut resp, lang);
    }
    if let Some(chosen) = chosen {
        resp.headers_mut()
            .append(hyper::header::SET_COOKIE, langue::set_cookie(&app, &chosen));
    }
    if let Some(origin) = cors {
        reply::allow_origin(&mut resp, origin);
    }
    reply::finish(&app, &mut resp);
    // Route templates only: paths and bodies may carry personal data.
    tracing::info!(
        method = %method,
        route,
        status = resp.status().as_u16(),
        micros = started.elapsed().as_micros() as u64,
        "requête"
    );
    resp
}

async fn route(
    app: &Arc<App>,
    req: Request<Incoming>,
    peer: SocketAddr,
) -> (&'static str, bool, Result<Resp, HttpError>) {
    let (parts, body) = req.into_parts();
    if personnel::owns(parts.uri.path()) {
        return personnel::route(app, parts, body, peer).await;
    }
    let path = parts.uri.path();
    let headers = &parts.headers;
    let json = path.starts_with("/api/") || edge::wants_json(headers);
    let method = &parts.method;
    let is_get = *method == Method::GET || *method == Method::HEAD;
    let writes = *method == Method::POST || *method == Method::PUT;
    // Documents sent one by one by the form's JavaScript.
    if crate::uploads::api::handles(path) {
        let (route, result) = crate::uploads::api::route(app, &parts, body).await;
        return (route, json, result);
    }
    let (route, allow) = match path {
        "/connexion" => ("/connexion", "POST"),
        "/deconnexion" => ("/deconnexion", "POST"),
        "/dossier" => ("/dossier", "GET, HEAD, POST"),
        "/satisfaction" => ("/satisfaction", "POST"),
        "/resume" => ("/resume", "GET, HEAD"),
        "/enfant" => ("/enfant", "POST"),
        "/enfant/ajout" => ("/enfant/ajout", "POST"),
        "/enfant/reprise" => ("/enfant/reprise", "POST"),
        "/api/dossier" => ("/api/dossier", "GET, HEAD"),
        "/api/dossier/brouillon" => ("/api/dossier/brouillon", "PUT"),
        "/healthz" => ("/healthz", "GET, HEAD"),
        _ => {
            let result = match &app.site_root {
                Some(root) if is_get => static_files::get(root, path, parts.uri.query(), headers).await,
                Some(_) => Err(HttpError::MethodNotAllowed("GET, HEAD")),
                None => Err(HttpError::NotFound),
            };
            return ("statique", json, result);
        }
    };
    let method_ok = match allow {
        "GET, HEAD" => is_get,
        "GET, HEAD, POST" => is_get || *method == Method::POST,
        "PUT" => *method == Method::PUT,
        _ => *method == Method::POST,
    };
    if !method_ok {
        return (route, json, Err(HttpError::MethodNotAllowed(allow)));
    }
    if writes {
        if let Err(err) = edge::check_origin(app, headers) {
            return (route, json, Err(err));
        }
    }
    let result = match route {
        "/connexion" => login::post(app, headers, body, peer).await,
        "/deconnexion" => login::logout(app, headers, parts.uri.query()).await,
        "/dossier" if is_get => dossier::get_form(app, headers, parts.uri.query()).await,
        "/dossier" => dossier::post(app, headers, body).await,
        "/satisfaction" => satisfaction::post(app, headers, body).await,
        "/resume" => resume::get(app, headers, parts.uri.query()).await,
        "/enfant" => enfants::ouvrir(app, headers, body).await,
        "/enfant/ajout" => enfants::ajouter(app, headers, body, peer).await,
        "/enfant/reprise" => enfants::reprendre(app, headers, body).await,
        "/api/dossier" => dossier::get(app, headers).await,
        "/api/dossier/brouillon" => dossier::put_draft(app, headers, body).await,
        _ => health(app, headers),
    };
    (route, json, result)
}

/// `GET /healthz`: the database answers and mail leaves. As text, « ok » or why not (503);
/// with `Accept: application/json`, the details: emails waiting and the age of the oldest,
/// the sender's state. Unhealthy when the sender is down (it restarts by itself) or the
/// oldest email waiting is older than `outbox_stuck_after`. Counts only: no personal data.
fn health(app: &App, headers: &hyper::HeaderMap) -> Result<Resp, HttpError> {
    use crate::mail::SenderState;
    let json = edge::wants_json(headers);
    let pending = match app.readers.run(|conn| Ok(crate::store::outbox::pending(conn)?)) {
        Ok(pending) => pending,
        Err(err) => {
            tracing::error!(error = %format!("{err:#}"), "base indisponible");
            return Ok(if json {
                reply::json(
                    StatusCode::SERVICE_UNAVAILABLE,
                    &serde_json::json!({ "etat": "en_panne", "base": "indisponible" }),
                )
            } else {
                reply::text(StatusCode::SERVICE_UNAVAILABLE, "base de données indisponible")
            });
        }
    };
    let now = app.now();
    let oldest = pending
        .oldest
        .as_deref()
        .and_then(crate::clock::parse_timestamp)
        .map(|t| (now - t).whole_seconds().max(0) as u64);
    let stuck_after = app.config.outbox_stuck_after.as_secs();
    let (state, restarts) = app.mail.status.get();
    let (sender, down_for) = match state {
        SenderState::Demarrage => ("demarrage", None),
        SenderState::Actif => ("actif", None),
        SenderState::EnPanne { depuis } => ("en_panne", Some(depuis.elapsed().as_secs())),
        SenderState::Arrete => ("arrete", None),
    };
    let problem = match (down_for, oldest) {
        (Some(secs), _) => Some(format!(
            "envoi des courriels en panne depuis {secs} s (redémarrage automatique) : {} courriel(s) en attente",
            pending.count
        )),
        (None, Some(age)) if age >= stuck_after => Some(format!(
            "courriels bloqués : {} en attente, le plus ancien depuis {} min",
            pending.count,
            age / 60
        )),
        _ => None,
    };
    let status = if problem.is_some() {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    };
    if json {
        return Ok(reply::json(
            status,
            &serde_json::json!({
                "etat": if problem.is_some() { "en_panne" } else { "ok" },
                "base": "ok",
                "courriels": {
                    "en_attente": pending.count,
                    "plus_ancien_s": oldest,
                    "bloques_apres_s": stuck_after,
                    "expediteur": sender,
                    "en_panne_depuis_s": down_for,
                    "redemarrages": restarts,
                },
            }),
        ));
    }
    Ok(match problem {
        Some(problem) => reply::with_body(status, "text/plain; charset=utf-8", problem),
        None => reply::text(status, "ok"),
    })
}
