//! `POST /api/personnel/relances {"etat": "non_connecte"|"brouillon", "envoyer": bool}`:
//! first the count (dry run), then the reminders through the outbox — never twice the same
//! day to the same pupil's family (one row per pupil and day, checked in the write).

use super::super::edge::{read_body, require_type, JSON};
use super::super::error::HttpError;
use super::super::reply::{json, Resp};
use super::api::staff;
use crate::app::App;
use crate::clock::timestamp;
use crate::mail::EleveNom;
use crate::personnel::family_emails;
use crate::store::suivi;
use dossiersco_model::DossierState;
use hyper::body::Incoming;
use hyper::header::HeaderMap;
use hyper::StatusCode;
use serde_json::json;
use std::sync::Arc;

#[derive(serde::Deserialize)]
struct Demande {
    etat: String,
    #[serde(default)]
    envoyer: bool,
}

/// States a reminder may target.
const TARGETS: [DossierState; 2] = [DossierState::NonConnecte, DossierState::Brouillon];

pub async fn post(app: &Arc<App>, headers: &HeaderMap, body: Incoming) -> Result<Resp, HttpError> {
    let (session, school) = staff(app, headers)?;
    require_type(headers, JSON)?;
    let bytes = read_body(headers, body).await?;
    let demande: Demande = serde_json::from_slice(&bytes).map_err(|_| {
        HttpError::BadRequest(
            "Demande illisible : attendu {\"etat\": \"non_connecte\" ou \"brouillon\", \"envoyer\": false}.".into(),
        )
    })?;
    let etat = DossierState::parse(&demande.etat)
        .filter(|e| TARGETS.contains(e))
        .ok_or_else(|| {
            HttpError::Unprocessable(
                "On ne relance que les familles non connectées (non_connecte) ou dont le dossier est en \
                 brouillon (brouillon)."
                    .into(),
            )
        })?;
    let jour = app.today().to_string();
    let uai = session.uai.clone();
    let (eleves, deja) = app
        .readers
        .run(|conn| Ok((suivi::list(conn, &uai)?, suivi::reminded_on(conn, &uai, &jour)?)))?;
    let mut sans_courriel = 0;
    let mut deja_relances = 0;
    let mut cibles = Vec::new();
    for e in eleves.iter().filter(|e| e.etat == etat) {
        // The family's own addresses when it typed some, else those of the import.
        let mut to = e.brouillon.as_ref().map(|(v, _)| family_emails(v)).unwrap_or_default();
        if to.is_empty() {
            to = family_emails(&e.prefill);
        }
        if to.is_empty() {
            sans_courriel += 1;
        } else if deja.contains(&e.id) {
            deja_relances += 1;
        } else {
            cibles.push((e, to));
        }
    }
    if !demande.envoyer {
        return Ok(json(
            StatusCode::OK,
            &json!({ "etat": etat.as_str(), "a_envoyer": cibles.len(), "deja_relances": deja_relances,
                     "sans_courriel": sans_courriel, "jour": jour }),
        ));
    }
    let mut emails = Vec::with_capacity(cibles.len());
    for (e, to) in cibles {
        let nom = EleveNom {
            prenom: &e.prenom,
            nom: &e.nom,
        };
        let email = app
            .mail
            .personnel
            .reminder(&app.content.site, &school.etab, nom, etat.as_str(), to, e.id)?;
        emails.push((e.id, email));
    }
    let now = timestamp(app.now());
    let (jour_w, uai_w) = (jour.clone(), uai.clone());
    let (envoyes, doublons) = app
        .writer
        .run(move |conn| {
            let (mut envoyes, mut doublons) = (0usize, 0usize);
            for (id, email) in &emails {
                if suivi::record_reminder(conn, &uai_w, *id, etat.as_str(), &jour_w, &now)? {
                    crate::store::outbox::enqueue(conn, email)?;
                    envoyes += 1;
                } else {
                    doublons += 1;
                }
            }
            Ok((envoyes, doublons))
        })
        .await?;
    app.mail.wake();
    tracing::info!(uai = %uai, etat = etat.as_str(), envoyes, "relances");
    Ok(json(
        StatusCode::OK,
        &json!({ "etat": etat.as_str(), "envoyes": envoyes, "deja_relances": deja_relances + doublons,
                 "sans_courriel": sans_courriel, "jour": jour }),
    ))
}
