//! Codes and letters from the staff area: a lost code replaced from the pupil's page, the
//! letters of the school, of a class or of those never printed, and the pupil's history.
//! Codes are stored hashed only: printing a letter gives its pupil a new code (the old letter
//! stops working), shown in this one answer, never again. The letters are the CLI's
//! (`personnel::courrier`, the theme's `courrier.html`), rendered inside the writer's
//! transaction: a letter that cannot be rendered changes no code.

use super::super::edge::{parse_form, read_body, require_type, FORM};
use super::super::error::HttpError;
use super::super::reply::{html, json, Resp};
use super::api::staff;
use crate::app::App;
use crate::personnel::courrier::{Courriers, Lettre};
use crate::personnel::reissue::{self, ReissueError};
use crate::store::codes::{self, Selection};
use crate::store::historique::{self, action};
use hyper::body::Incoming;
use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::StatusCode;
use serde_json::{json, Value};
use std::sync::Arc;

/// The letters page's policy: inline CSS (the page is also opened from disk by the CLI's
/// users), nothing fetched, no script.
const LETTERS_CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

fn refusal(err: ReissueError) -> HttpError {
    match err {
        ReissueError::Introuvable => HttpError::NotFound,
        ReissueError::Base(err) => HttpError::Internal(err),
        ReissueError::Sortant(_) | ReissueError::CompteChange { .. } => {
            HttpError::Conflict(format!("{}.", capital(&err.to_string())))
        }
        other => HttpError::Unprocessable(format!("{}.", capital(&other.to_string()))),
    }
}

fn capital(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

fn letters_page(body: String) -> Resp {
    let mut resp = html(StatusCode::OK, body);
    resp.headers_mut()
        .insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(LETTERS_CSP));
    resp
}

fn courriers(app: &App, uai: &str) -> Result<Courriers, HttpError> {
    let school = app.content.schools.get(uai).ok_or(HttpError::Unauthorized)?;
    Ok(Courriers::load(
        &app.config.theme,
        app.content.site.clone(),
        school.etab.clone(),
    )?)
}

async fn read_form(
    headers: &HeaderMap,
    body: Incoming,
) -> Result<std::collections::BTreeMap<String, String>, HttpError> {
    require_type(headers, FORM)?;
    parse_form(&read_body(headers, body).await?)
}

/// `POST /personnel/nouveau-code` (`id=N`): pupil N gets a new code, the old one and the
/// sessions it opened stop at once; the answer is its letter, to print.
pub async fn reissue(app: &Arc<App>, headers: &HeaderMap, body: Incoming) -> Result<Resp, HttpError> {
    let (session, _) = staff(app, headers)?;
    let form = read_form(headers, body).await?;
    let id = form
        .get("id")
        .and_then(|v| v.trim().parse::<i64>().ok())
        .ok_or_else(|| HttpError::BadRequest("Indiquez l'élève (id=<numéro>).".into()))?;
    let courriers = courriers(app, &session.uai)?;
    let retour = format!("{}/{}/personnel/eleve/?id={id}", app.pages_base, session.uai);
    let (uai, qui, hasher) = (session.uai.clone(), session.courriel.clone(), app.hasher.clone());
    let done = app
        .writer
        .run(move |conn| {
            let done = reissue::reissue_by_id(conn, &hasher, &uai, id, &qui);
            match done {
                Ok(done) => {
                    let page = courriers.render_page(std::slice::from_ref(&done.lettre), Some(&retour))?;
                    Ok(Ok((page, done.sessions_fermees)))
                }
                Err(ReissueError::Base(err)) => Err(err),
                Err(other) => Ok(Err(other)),
            }
        })
        .await?;
    let (page, sessions) = done.map_err(refusal)?;
    tracing::info!(uai = %session.uai, sessions_fermees = sessions, "code d'accès réémis depuis l'espace personnel");
    Ok(letters_page(page))
}

/// `GET /api/personnel/courriers`: how many letters each choice of the letters page prints.
pub async fn counts(app: &Arc<App>, headers: &HeaderMap) -> Result<Resp, HttpError> {
    let (session, _) = staff(app, headers)?;
    let rows = app.readers.run(|conn| codes::printable_counts(conn, &session.uai))?;
    let total: i64 = rows.iter().map(|r| r.1).sum();
    let jamais: i64 = rows.iter().map(|r| r.2).sum();
    let classes: Vec<Value> = rows
        .into_iter()
        .filter_map(|(d, n, f)| d.map(|d| json!({ "division": d, "total": n, "jamais_imprimes": f })))
        .collect();
    Ok(json(
        StatusCode::OK,
        &json!({ "total": total, "jamais_imprimes": jamais, "classes": classes }),
    ))
}

/// `POST /personnel/courriers` (`portee=jamais|tous|classe`, `classe=…`, `nombre=N` the count
/// the staff member confirmed): new codes for those pupils, and their letters to print.
pub async fn print(app: &Arc<App>, headers: &HeaderMap, body: Incoming) -> Result<Resp, HttpError> {
    let (session, _) = staff(app, headers)?;
    let form = read_form(headers, body).await?;
    let selection = match form.get("portee").map(String::as_str) {
        Some("jamais") => Selection::JamaisImprimes,
        Some("tous") => Selection::Tous,
        Some("classe") => match form.get("classe").map(|c| c.trim()).filter(|c| !c.is_empty()) {
            Some(c) => Selection::Classe(c.to_string()),
            None => {
                return Err(HttpError::Unprocessable(
                    "Choisissez la classe dont imprimer les courriers.".into(),
                ))
            }
        },
        _ => {
            return Err(HttpError::Unprocessable(
                "Choisissez les courriers à imprimer : jamais imprimés, toute l'école ou une classe.".into(),
            ))
        }
    };
    let expected = form
        .get("nombre")
        .and_then(|n| n.trim().parse::<usize>().ok())
        .ok_or_else(|| {
            HttpError::Unprocessable(
                "Confirmez le nombre de courriers à imprimer (la page l'affiche avant l'impression).".into(),
            )
        })?;
    let courriers = courriers(app, &session.uai)?;
    let retour = format!("{}/{}/personnel/courriers/", app.pages_base, session.uai);
    let (uai, qui, hasher) = (session.uai.clone(), session.courriel.clone(), app.hasher.clone());
    let done = app
        .writer
        .run(
            move |conn| match reissue::print_letters(conn, &hasher, &uai, &selection, expected, &qui) {
                Ok(done) => {
                    let lettres: Vec<Lettre> = done.into_iter().map(|d| d.lettre).collect();
                    let page = courriers.render_page(&lettres, Some(&retour))?;
                    Ok(Ok((page, lettres.len())))
                }
                Err(ReissueError::Base(err)) => Err(err),
                Err(other) => Ok(Err(other)),
            },
        )
        .await?;
    let (page, n) = done.map_err(refusal)?;
    tracing::info!(uai = %session.uai, courriers = n, "courriers imprimés depuis l'espace personnel");
    Ok(letters_page(page))
}

/// What an action of the history means, for staff.
pub(super) fn libelle(what: &str) -> &str {
    match what {
        action::CODE_REEMIS => "Nouveau code d'accès (courrier perdu) : l'ancien ne fonctionne plus",
        action::COURRIER_IMPRIME => "Courrier imprimé avec un nouveau code : l'ancien ne fonctionne plus",
        action::IMPORTE => "Importé de SIECLE",
        action::IMPORTE_SANS_COURRIER => "Importé de SIECLE (courrier à imprimer)",
        action::MIS_A_JOUR => "Mis à jour par un import SIECLE",
        action::VALIDE => "Dossier validé",
        action::SORTANT => "Marqué comme sortant",
        other => other,
    }
}

/// `GET /api/personnel/historique?id=N`: what was done to pupil N's file and code, by whom.
pub async fn history(app: &Arc<App>, headers: &HeaderMap, query: Option<&str>) -> Result<Resp, HttpError> {
    let (session, _) = staff(app, headers)?;
    let id = query
        .unwrap_or("")
        .split('&')
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| *k == "id")
        .and_then(|(_, v)| v.parse::<i64>().ok())
        .ok_or_else(|| HttpError::BadRequest("Indiquez l'élève : ?id=<numéro>.".into()))?;
    let found = app.readers.run(|conn| {
        Ok(match codes::by_id(conn, &session.uai, id)? {
            Some(pupil) => Some((pupil.etat, historique::for_pupil(conn, &session.uai, id)?)),
            None => None,
        })
    })?;
    let (etat, entries) = found.ok_or(HttpError::NotFound)?;
    let rows: Vec<Value> = entries
        .into_iter()
        .map(|e| {
            json!({ "quand": e.quand, "qui": e.qui, "action": e.action, "libelle": libelle(&e.action), "detail": e.detail })
        })
        .collect();
    Ok(json(StatusCode::OK, &json!({ "etat": etat, "historique": rows })))
}
