//! With JavaScript, each file is sent alone as soon as it is picked:
//! `POST /api/pieces` (the file as the raw body; `X-Document`: the document's code;
//! `X-Nom-Fichier`: its name, percent-encoded UTF-8) → 201 with the stored file;
//! `GET /api/pieces` → the pupil's files and the limits; `DELETE /api/pieces/<id>` removes a
//! file not yet submitted. The pupil always comes from the session.

use super::{check, editable, expects, limits, refusal, sniff, spool};
use crate::app::App;
use crate::clock::timestamp;
use crate::http::edge::check_origin;
use crate::http::error::HttpError;
use crate::http::reply::{json, Resp};
use crate::http::session;
use crate::store::pieces::{self, Etat, NewPiece};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::header::{HeaderMap, CONTENT_LENGTH};
use hyper::http::request::Parts;
use hyper::{Method, StatusCode};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

/// Longest wait for the next bytes of a file (slow phone connections are fine; a client that
/// stopped sending is not).
pub const IDLE: Duration = Duration::from_secs(30);

/// Whether `path` is one of this module's routes.
pub fn handles(path: &str) -> bool {
    path == "/api/pieces" || path.starts_with("/api/pieces/")
}

/// Answers a request to one of [`handles`]' routes: (route template for the logs, result).
pub async fn route(app: &Arc<App>, parts: &Parts, body: Incoming) -> (&'static str, Result<Resp, HttpError>) {
    let headers = &parts.headers;
    let method = &parts.method;
    match parts.uri.path().strip_prefix("/api/pieces") {
        Some("") => {
            let route = "/api/pieces";
            match *method {
                Method::GET | Method::HEAD => (route, list(app, headers)),
                Method::POST => (route, upload(app, headers, body).await),
                _ => (route, Err(HttpError::MethodNotAllowed("GET, HEAD, POST"))),
            }
        }
        Some(rest) => {
            let route = "/api/pieces/<id>";
            if *method != Method::DELETE {
                return (route, Err(HttpError::MethodNotAllowed("DELETE")));
            }
            let id = rest
                .trim_start_matches('/')
                .parse::<i64>()
                .map_err(|_| HttpError::NotFound);
            match id {
                Ok(id) => (route, delete(app, headers, id).await),
                Err(err) => (route, Err(err)),
            }
        }
        None => ("/api/pieces", Err(HttpError::NotFound)),
    }
}

fn list(app: &Arc<App>, headers: &HeaderMap) -> Result<Resp, HttpError> {
    let session = session::current(app, headers)?.ok_or(HttpError::Unauthorized)?;
    let eleve_id = session.eleve_id;
    let list = app.readers.run(|conn| pieces::list_for_eleve(conn, eleve_id))?;
    let used: u64 = list
        .iter()
        .filter(|p| p.etat != Etat::Refuse.as_str())
        .map(|p| p.taille)
        .sum();
    let limites = limits(app, &session.uai);
    Ok(json(
        StatusCode::OK,
        &json!({
            "pieces": list,
            "utilise": used,
            "taille_max_fichier": limites.max_fichier(),
            "taille_max_eleve": limites.max_eleve(),
        }),
    ))
}

async fn upload(app: &Arc<App>, headers: &HeaderMap, mut body: Incoming) -> Result<Resp, HttpError> {
    check_origin(app, headers)?;
    let session = session::current(app, headers)?.ok_or(HttpError::Unauthorized)?;
    let spec = editable(app, &session)?;
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").trim();
    let document = header("x-document").to_string();
    if !expects(spec, &document) {
        return Err(HttpError::Unprocessable(
            "Ce document n'est pas demandé par le collège : rechargez la page et recommencez.".into(),
        ));
    }
    let nom = percent_decode(header("x-nom-fichier"))
        .ok_or_else(|| HttpError::BadRequest(sniff::BadName::ControlCharacter.message().into()))?;
    let nom = sniff::sanitize_name(&nom).map_err(|e| HttpError::BadRequest(e.message().into()))?;

    let limites = limits(app, &session.uai);
    let (per_file, per_pupil) = (limites.max_fichier(), limites.max_eleve());
    let eleve_id = session.eleve_id;
    let used = app.readers.run(|conn| pieces::used_bytes(conn, eleve_id))?;
    let remaining = per_pupil.saturating_sub(used);
    let limit = per_file.min(remaining);
    let refuse = |err| refusal(err, &nom, per_file, remaining, per_pupil);
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(refuse(spool::ReceiveError::TooLarge { limit }));
    }

    // Room among the uploads in flight, and a pace to keep (see uploads::form).
    let expected = declared.unwrap_or(limit);
    let _room = app.uploads.reserve(eleve_id, expected, per_pupil).await?;
    let deadline = super::form::deadline_for(expected);
    let mut incoming = super::spool(app).start(limit).await.map_err(refuse)?;
    loop {
        let frame = match super::form::paced(body.frame(), deadline).await {
            Err(_) => return Err(HttpError::Timeout),
            Ok(None) => break,
            Ok(Some(Err(_))) => {
                return Err(HttpError::BadRequest(
                    "Le fichier n'est pas arrivé en entier : recommencez.".into(),
                ))
            }
            Ok(Some(Ok(frame))) => frame,
        };
        if let Ok(data) = frame.into_data() {
            incoming.push(&data).await.map_err(refuse)?;
        }
    }
    let mut received = incoming.finish().await.map_err(refuse)?;
    let etat = check(app, &received, &nom).await?;

    let new = NewPiece {
        eleve_id,
        uai: session.uai.clone(),
        document,
        nom_original: nom.clone(),
        fichier: received.fichier.clone(),
        type_mime: received.type_mime,
        taille: received.taille,
        sha256: received.sha256.clone(),
        etat,
    };
    let now = timestamp(app.now());
    let row = new.clone();
    let id = app
        .writer
        .run(move |conn| pieces::insert(conn, &row, per_pupil, &now))
        .await?;
    let Some(id) = id else {
        // Another upload took the room meanwhile.
        return Err(refuse(spool::ReceiveError::TooLarge { limit: 0 }));
    };
    received.keep();
    tracing::info!(piece = id, taille = new.taille, etat = etat.as_str(), "pièce reçue");
    Ok(json(
        StatusCode::CREATED,
        &json!({
            "id": id,
            "document": new.document,
            "nom": new.nom_original,
            "type": new.type_mime,
            "taille": new.taille,
            "sha256": new.sha256,
            "etat": etat.as_str(),
            "transmis": false,
        }),
    ))
}

async fn delete(app: &Arc<App>, headers: &HeaderMap, id: i64) -> Result<Resp, HttpError> {
    check_origin(app, headers)?;
    let session = session::current(app, headers)?.ok_or(HttpError::Unauthorized)?;
    editable(app, &session)?;
    let eleve_id = session.eleve_id;
    let removed = app
        .writer
        .run(move |conn| pieces::delete_pending(conn, eleve_id, id))
        .await?;
    let Some(fichier) = removed else {
        return Err(HttpError::Conflict(
            "Cette pièce n'est plus modifiable : elle a déjà été transmise avec le dossier, ou supprimée.".into(),
        ));
    };
    let _ = tokio::fs::remove_file(super::spool(app).path(&fichier)).await;
    Ok(json(StatusCode::OK, &json!({ "supprime": id })))
}

/// Percent-decoding of a header value (encodeURIComponent); None when not UTF-8.
fn percent_decode(raw: &str) -> Option<String> {
    let raw = raw.as_bytes();
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%' {
            let hex = raw.get(i + 1..i + 3)?;
            let text = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(text, 16).ok()?);
            i += 3;
        } else {
            out.push(raw[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_arrive_percent_encoded() {
        assert_eq!(
            super::percent_decode("facture%20%C3%A9t%C3%A9.pdf").as_deref(),
            Some("facture été.pdf")
        );
        assert_eq!(super::percent_decode("a%00b").as_deref(), Some("a\0b"));
        assert_eq!(super::percent_decode("%ZZ"), None);
        assert_eq!(super::percent_decode("%C3"), None);
    }
}
