//! `POST /satisfaction`: a rating from 1 to 5 and a comment, after submitting.

use super::dossier::login_page;
use super::edge::{parse_form, read_body, require_type, FORM};
use super::error::HttpError;
use super::reply::{see_other, Resp};
use super::session;
use crate::app::App;
use crate::clock::timestamp;
use crate::store::families;
use dossiersco_model::message::Texte;
use dossiersco_model::rules::MAX_COMMENT;
use hyper::body::Incoming;
use hyper::header::HeaderMap;
use std::sync::Arc;

pub async fn post(app: &Arc<App>, headers: &HeaderMap, body: Incoming) -> Result<Resp, HttpError> {
    require_type(headers, FORM)?;
    let form = parse_form(&read_body(headers, body).await?)?;
    let Some(session) = session::current(app, headers)? else {
        return Ok(see_other(app, &login_page(app, form.get("uai"))));
    };
    let note = form
        .get("note")
        .and_then(|n| n.trim().parse::<u8>().ok())
        .filter(|n| (1..=5).contains(n))
        .ok_or_else(|| HttpError::Unprocessable("Choisissez une note de 1 à 5.".into()))?;
    let commentaire: String = form
        .get("commentaire")
        .map(|c| c.trim())
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect();
    if commentaire.chars().count() > MAX_COMMENT as usize {
        return Err(HttpError::Unprocessable(format!(
            "Le commentaire est trop long : {MAX_COMMENT} caractères au plus."
        ))
        .texte(Texte::new("serveur-commentaire-long").nombre("max", MAX_COMMENT)));
    }
    let now = timestamp(app.now());
    let (eleve_id, uai) = (session.eleve_id, session.uai.clone());
    app.writer
        .run(move |conn| families::rate(conn, eleve_id, &uai, note, &commentaire, &now))
        .await?;
    Ok(see_other(app, &format!("/{}/confirmation/#merci", session.uai)))
}
