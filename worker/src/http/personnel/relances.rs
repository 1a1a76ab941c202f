//! `POST /api/personnel/relances {"etat": "non_connecte"|"connecte"|"brouillon"|"non_transmis",
//! "envoyer": bool}`: first the count (dry run), then the reminders through the outbox — never
//! twice the same day to the same pupil's family (one row per pupil and day, checked in the
//! write). `non_transmis` targets the three states that have not transmitted at once, each
//! family with the wording of its own state.

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

/// States a reminder may target: every state that has not transmitted.
const TARGETS: [DossierState; 3] = [
    DossierState::NonConnecte,
    DossierState::Connecte,
    DossierState::Brouillon,
];

/// The value of `etat` that targets every state of [`TARGETS`] at once.
const ALL_TARGETS: &str = "non_transmis";

pub async fn post(app: &Arc<App>, headers: &HeaderMap, body: Incoming) -> Result<Resp, HttpError> {
    let (session, school) = staff(app, headers)?;
    require_type(headers, JSON)?;
    let bytes = read_body(headers, body).await?;
    let demande: Demande = serde_json::from_slice(&bytes).map_err(|_| {
        HttpError::BadRequest(
            "Demande illisible : attendu {\"etat\": \"non_connecte\", \"connecte\", \"brouillon\" ou \
             \"non_transmis\", \"envoyer\": false}."
                .into(),
        )
    })?;
    let targets: Vec<DossierState> = if demande.etat == ALL_TARGETS {
        TARGETS.to_vec()
    } else {
        let etat = DossierState::parse(&demande.etat)
            .filter(|e| TARGETS.contains(e))
            .ok_or_else(|| {
                HttpError::Unprocessable(
                    "On ne relance que les familles qui n'ont pas transmis : non connectées (non_connecte), \
                     connectées sans rien enregistrer (connecte), dossier en brouillon (brouillon), ou les trois \
                     (non_transmis)."
                        .into(),
                )
            })?;
        vec![etat]
    };
    let cible_nom = demande.etat.clone();
    let jour = app.today().to_string();
    let uai = session.uai.clone();
    let (eleves, deja) = app
        .readers
        .run(|conn| Ok((suivi::list(conn, &uai)?, suivi::reminded_on(conn, &uai, &jour)?)))?;
    let mut sans_courriel = 0;
    let mut deja_relances = 0;
    let mut cibles = Vec::new();
    let mut par_etat: std::collections::BTreeMap<&str, usize> = targets.iter().map(|e| (e.as_str(), 0)).collect();
    for e in eleves.iter().filter(|e| targets.contains(&e.etat)) {
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
            *par_etat.entry(e.etat.as_str()).or_default() += 1;
            cibles.push((e, to));
        }
    }
    if !demande.envoyer {
        return Ok(json(
            StatusCode::OK,
            &json!({ "etat": cible_nom, "a_envoyer": cibles.len(), "par_etat": par_etat,
                     "deja_relances": deja_relances, "sans_courriel": sans_courriel, "jour": jour }),
        ));
    }
    let mut emails = Vec::with_capacity(cibles.len());
    for (e, to) in cibles {
        let nom = EleveNom {
            prenom: &e.prenom,
            nom: &e.nom,
        };
        let email = app.mail.personnel.reminder(
            &app.content.site,
            &school.etab,
            nom,
            e.etat.as_str(),
            to,
            e.id,
            e.langue.as_deref(),
        )?;
        emails.push((e.id, e.etat, email));
    }
    let now = timestamp(app.now());
    let (jour_w, uai_w) = (jour.clone(), uai.clone());
    let (envoyes, doublons) = app
        .writer
        .run(move |conn| {
            let (mut envoyes, mut doublons) = (0usize, 0usize);
            for (id, etat, email) in &emails {
                // Written only if the file is still in the state the email was worded for.
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
    tracing::info!(uai = %uai, etat = %cible_nom, envoyes, "relances");
    Ok(json(
        StatusCode::OK,
        &json!({ "etat": cible_nom, "envoyes": envoyes, "deja_relances": deja_relances + doublons,
                 "sans_courriel": sans_courriel, "jour": jour }),
    ))
}
