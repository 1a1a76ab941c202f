//! The staff area's routes: login by one-time link, then a JSON API and the exports. The
//! school always comes from the staff session, never from the request.

pub mod api;
pub mod courriers;
pub mod export;
pub mod import;
pub mod login;
pub mod relances;
pub mod retour_siecle;
pub mod session;

use super::edge;
use super::error::HttpError;
use super::reply::Resp;
use crate::app::App;
use crate::personnel::export::Format;
use hyper::body::Incoming;
use hyper::http::request::Parts;
use hyper::Method;
use std::net::SocketAddr;
use std::sync::Arc;

/// Whether `path` is one of the staff area's.
pub fn owns(path: &str) -> bool {
    path.starts_with("/personnel/") || path.starts_with("/api/personnel/")
}

/// Routes a staff request: (route template for the log, JSON errors?, result).
pub async fn route(
    app: &Arc<App>,
    parts: Parts,
    body: Incoming,
    peer: SocketAddr,
) -> (&'static str, bool, Result<Resp, HttpError>) {
    let path = parts.uri.path();
    let headers = &parts.headers;
    let json = path.starts_with("/api/") || edge::wants_json(headers);
    let method = &parts.method;
    // Documents: one submitted file, or a class's as a ZIP, of this staff member's school.
    if crate::uploads::staff::handles(path) {
        if !(*method == Method::GET || *method == Method::HEAD) {
            return ("/personnel/pieces", json, Err(HttpError::MethodNotAllowed("GET, HEAD")));
        }
        let uai = match api::staff(app, headers) {
            Ok((session, _)) => session.uai,
            Err(err) => return ("/personnel/pieces", json, Err(err)),
        };
        let (route, result) = crate::uploads::staff::route(app, path, parts.uri.query(), &uai).await;
        return (route, json, result);
    }
    let (route, allow) = match path {
        "/personnel/connexion" => ("/personnel/connexion", "POST"),
        // GET shows the link's button (mail scanners open links), POST uses it.
        "/personnel/lien" => ("/personnel/lien", "GET, HEAD, POST"),
        "/personnel/deconnexion" => ("/personnel/deconnexion", "POST"),
        "/personnel/export.csv" => ("/personnel/export.csv", "GET, HEAD"),
        "/personnel/export.xlsx" => ("/personnel/export.xlsx", "GET, HEAD"),
        "/personnel/export-siecle.xml" => ("/personnel/export-siecle.xml", "GET, HEAD"),
        "/api/personnel/export-siecle" => ("/api/personnel/export-siecle", "GET, HEAD"),
        "/api/personnel/tableau" => ("/api/personnel/tableau", "GET, HEAD"),
        "/api/personnel/eleves" => ("/api/personnel/eleves", "GET, HEAD"),
        "/api/personnel/eleve" => ("/api/personnel/eleve", "GET, HEAD"),
        "/api/personnel/courriels-refuses" => ("/api/personnel/courriels-refuses", "GET, HEAD"),
        "/api/personnel/valider" => ("/api/personnel/valider", "POST"),
        "/api/personnel/sortant" => ("/api/personnel/sortant", "POST"),
        "/api/personnel/annuler-validation" => ("/api/personnel/annuler-validation", "POST"),
        "/api/personnel/annuler-sortant" => ("/api/personnel/annuler-sortant", "POST"),
        "/api/personnel/piece-recue" => ("/api/personnel/piece-recue", "POST"),
        "/api/personnel/relances" => ("/api/personnel/relances", "POST"),
        "/api/personnel/courriers" => ("/api/personnel/courriers", "GET, HEAD"),
        "/api/personnel/historique" => ("/api/personnel/historique", "GET, HEAD"),
        "/personnel/nouveau-code" => ("/personnel/nouveau-code", "POST"),
        "/personnel/courriers" => ("/personnel/courriers", "POST"),
        "/personnel/import" => ("/personnel/import", "POST"),
        _ => return ("personnel inconnu", json, Err(HttpError::NotFound)),
    };
    let is_get = *method == Method::GET || *method == Method::HEAD;
    let method_ok = match allow {
        "POST" => *method == Method::POST,
        "GET, HEAD, POST" => is_get || *method == Method::POST,
        _ => is_get,
    };
    if !method_ok {
        return (route, json, Err(HttpError::MethodNotAllowed(allow)));
    }
    if !is_get {
        if let Err(err) = edge::check_origin(app, headers) {
            return (route, json, Err(err));
        }
    }
    let result = match route {
        "/personnel/connexion" => login::request_link(app, headers, body, peer).await,
        "/personnel/lien" if is_get => login::open_link(app, parts.uri.query()).await,
        "/personnel/lien" => login::use_link(app, headers, body).await,
        "/personnel/deconnexion" => login::logout(app, headers).await,
        "/personnel/export.csv" => export::get(app, headers, Format::Csv, parts.uri.query()).await,
        "/personnel/export.xlsx" => export::get(app, headers, Format::Xlsx, parts.uri.query()).await,
        "/personnel/export-siecle.xml" => retour_siecle::file(app, headers).await,
        "/api/personnel/export-siecle" => retour_siecle::summary(app, headers).await,
        "/api/personnel/tableau" => api::dashboard(app, headers).await,
        "/api/personnel/eleves" => api::list(app, headers, parts.uri.query()).await,
        "/api/personnel/eleve" => api::file(app, headers, parts.uri.query()).await,
        "/api/personnel/courriels-refuses" => api::refused(app, headers).await,
        "/api/personnel/valider" => api::validate(app, headers, body).await,
        "/api/personnel/sortant" => api::mark_leaving(app, headers, body).await,
        "/api/personnel/annuler-validation" => api::undo_validation(app, headers, body).await,
        "/api/personnel/annuler-sortant" => api::undo_leaving(app, headers, body).await,
        "/api/personnel/piece-recue" => api::document_received(app, headers, body).await,
        "/api/personnel/courriers" => courriers::counts(app, headers).await,
        "/api/personnel/historique" => courriers::history(app, headers, parts.uri.query()).await,
        "/personnel/nouveau-code" => courriers::reissue(app, headers, body).await,
        "/personnel/courriers" => courriers::print(app, headers, body).await,
        "/personnel/import" => import::post(app, headers, body, json).await,
        _ => relances::post(app, headers, body).await,
    };
    (route, json, result)
}
