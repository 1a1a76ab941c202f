//! The staff's JSON API: dashboard, list, one file, validation, sortant (and their undoing),
//! documents received at the office, refused emails.
//! The school is the staff session's; ids from the request only ever match its pupils.

use super::super::edge::{read_body, require_type, JSON};
use super::super::error::HttpError;
use super::super::reply::{json, Resp};
use super::session;
use crate::app::content::School;
use crate::app::App;
use crate::clock::timestamp;
use crate::mail::EleveNom;
use crate::personnel::{dossier, family_emails, recherche};
use crate::store::personnel::StaffSession;
use crate::store::suivi::{self, Change};
use dossiersco_model::validate::signataire;
use dossiersco_model::DossierState;
use hyper::body::Incoming;
use hyper::header::HeaderMap;
use hyper::StatusCode;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Most ids one request may change.
const MAX_IDS: usize = 5000;

/// The session and its school (a school removed from the content closes its staff area).
pub fn staff<'a>(app: &'a Arc<App>, headers: &HeaderMap) -> Result<(StaffSession, &'a School), HttpError> {
    let session = session::require(app, headers)?;
    let school = app.content.schools.get(&session.uai).ok_or(HttpError::Unauthorized)?;
    Ok((session, school))
}

fn niveau_libelle(school: &School, mef: Option<&str>) -> Option<String> {
    let mef = mef?;
    Some(
        school
            .etab
            .niveau(mef)
            .map(|n| n.libelle.clone())
            .unwrap_or_else(|| mef.to_string()),
    )
}

/// `GET /api/personnel/tableau`: counts by state, by class and by level, and the families'
/// choices (options, demi-pension, régime de sortie) per level and class (`choix`).
pub async fn dashboard(app: &Arc<App>, headers: &HeaderMap) -> Result<Resp, HttpError> {
    let (session, school) = staff(app, headers)?;
    let uai = session.uai.clone();
    let (rows, refused, eleves) = app.readers.run(|conn| {
        Ok((
            suivi::counts(conn, &uai)?,
            crate::store::outbox::counts(conn, Some(&uai))?.refuse,
            suivi::list(conn, &uai)?,
        ))
    })?;
    let choix = crate::personnel::choix::count(&school.etab, &school.forms, &eleves);
    let empty = || {
        DossierState::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), json!(0)))
            .collect::<Map<_, _>>()
    };
    let mut total = 0;
    let mut par_etat = empty();
    let mut divisions: BTreeMap<String, (i64, Map<String, Value>)> = BTreeMap::new();
    let mut niveaux: BTreeMap<String, (i64, Map<String, Value>)> = BTreeMap::new();
    for suivi::Count {
        etat,
        division,
        mef_destination: mef,
        n,
    } in rows
    {
        total += n;
        let add = |map: &mut Map<String, Value>| {
            let slot = map.entry(etat.as_str()).or_insert(json!(0));
            *slot = json!(slot.as_i64().unwrap_or(0) + n);
        };
        add(&mut par_etat);
        let d = divisions
            .entry(division.unwrap_or_default())
            .or_insert_with(|| (0, empty()));
        d.0 += n;
        add(&mut d.1);
        let l = niveaux
            .entry(niveau_libelle(school, mef.as_deref()).unwrap_or_else(|| "Sortants".into()))
            .or_insert_with(|| (0, empty()));
        l.0 += n;
        add(&mut l.1);
    }
    let group = |name: &str, m: BTreeMap<String, (i64, Map<String, Value>)>| -> Vec<Value> {
        m.into_iter()
            .map(|(key, (total, etats))| json!({ name: key, "total": total, "etats": etats }))
            .collect()
    };
    Ok(json(
        StatusCode::OK,
        &json!({
            "etablissement": { "uai": school.etab.uai, "nom": school.etab.nom },
            "personnel": session.courriel,
            "etats": DossierState::ALL.iter().map(|s| json!({ "etat": s.as_str(), "libelle": s.libelle() })).collect::<Vec<_>>(),
            "total": total,
            "par_etat": par_etat,
            "divisions": group("division", divisions),
            "niveaux": group("niveau", niveaux),
            "courriels_refuses": refused,
            "choix": choix,
        }),
    ))
}

/// `GET /api/personnel/eleves[?q=texte]`: every pupil with state, class, last change, flags
/// and its search key (`recherche`); `q` keeps the pupils whose names hold every word of it,
/// accents and capitals aside.
pub async fn list(app: &Arc<App>, headers: &HeaderMap, query: Option<&str>) -> Result<Resp, HttpError> {
    let (session, school) = staff(app, headers)?;
    let q = super::super::edge::parse_form(query.unwrap_or("").as_bytes())?
        .remove("q")
        .unwrap_or_default();
    let eleves = app.readers.run(|conn| suivi::list(conn, &session.uai))?;
    let rows: Vec<Value> = eleves
        .iter()
        .filter(|e| recherche::correspond(&q, &e.nom, &e.prenom))
        .map(|e| {
            json!({
                "id": e.id,
                "nom": e.nom,
                "prenom": e.prenom,
                "recherche": recherche::cle(&format!("{} {}", e.nom, e.prenom)),
                "division": e.division,
                "niveau": niveau_libelle(school, e.mef_destination.as_deref()),
                "etat": e.etat.as_str(),
                "etat_libelle": e.etat.libelle(),
                "modifie_le": e.modifie_le,
                "drapeaux": dossier::flags(&school.etab, e),
            })
        })
        .collect();
    Ok(json(StatusCode::OK, &json!({ "eleves": rows })))
}

/// `GET /api/personnel/eleve?id=N`: one file, what the family changed, its documents.
pub async fn file(app: &Arc<App>, headers: &HeaderMap, query: Option<&str>) -> Result<Resp, HttpError> {
    let (session, school) = staff(app, headers)?;
    let id = query
        .unwrap_or("")
        .split('&')
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| *k == "id")
        .and_then(|(_, v)| v.parse::<i64>().ok())
        .ok_or_else(|| HttpError::BadRequest("Indiquez l'élève : ?id=<numéro>.".into()))?;
    let eleve = app
        .readers
        .run(|conn| suivi::get(conn, &session.uai, id))?
        .ok_or(HttpError::NotFound)?;
    let spec = eleve.mef_destination.as_deref().and_then(|mef| school.forms.get(mef));
    // The files the family submitted (the pupil is this school's: checked just above).
    let pieces: Vec<Value> = app
        .readers
        .run(|conn| crate::store::pieces::list_for_eleve(conn, eleve.id))?
        .into_iter()
        .filter(|p| p.transmis)
        .map(|p| {
            json!({ "id": p.id, "document": p.document, "nom": p.nom, "taille": p.taille, "etat": p.etat,
                    "url": format!("/personnel/pieces/{}", p.id) })
        })
        .collect();
    let historique: Vec<serde_json::Value> = app
        .readers
        .run(|conn| crate::store::historique::for_pupil(conn, &session.uai, eleve.id))?
        .into_iter()
        .map(|h| json!({ "quand": h.quand, "qui": h.qui, "libelle": super::courriers::libelle(&h.action), "action": h.action, "detail": h.detail }))
        .collect();
    Ok(json(
        StatusCode::OK,
        &json!({
            "id": eleve.id,
            "ine": eleve.ine,
            "nom": eleve.nom,
            "prenom": eleve.prenom,
            "date_naissance": eleve.date_naissance,
            "division": eleve.division,
            "niveau": niveau_libelle(school, eleve.mef_destination.as_deref()),
            "etat": eleve.etat.as_str(),
            "etat_libelle": eleve.etat.libelle(),
            "modifie_le": eleve.modifie_le,
            "transmis_le": eleve.soumission.as_ref().map(|(_, le)| le),
            "brouillon_le": eleve.brouillon.as_ref().map(|(_, le)| le),
            // Who signed the last submission; `responsable` null: neither guardian (flagged).
            "signataire": eleve.soumission.as_ref().and_then(|(values, _)| signataire(values)),
            "drapeaux": dossier::flags(&school.etab, &eleve),
            "changements": spec.map(|s| dossier::changes(s, &eleve)).unwrap_or_default(),
            "sections": spec.map(|s| dossier::blocks(s, &eleve)).unwrap_or_default(),
            "documents": dossier::documents(&school.etab, &eleve),
            "pieces": pieces,
            "pieces_attendues": dossier::missing_mandatory(&school.etab, &eleve),
            "historique": historique,
        }),
    ))
}

#[derive(serde::Deserialize)]
struct Ids {
    ids: Vec<i64>,
    /// Validation: the staff member confirmed files with mandatory documents still missing.
    #[serde(default)]
    confirme: bool,
}

async fn read_ids(headers: &HeaderMap, body: Incoming) -> Result<Vec<i64>, HttpError> {
    read_ids_confirmed(headers, body).await.map(|(ids, _)| ids)
}

async fn read_ids_confirmed(headers: &HeaderMap, body: Incoming) -> Result<(Vec<i64>, bool), HttpError> {
    require_type(headers, JSON)?;
    let bytes = read_body(headers, body).await?;
    let Ids { mut ids, confirme } = serde_json::from_slice(&bytes).map_err(|_| {
        HttpError::BadRequest("Demande illisible : attendu un objet JSON {\"ids\": [numéros des élèves]}.".into())
    })?;
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() || ids.len() > MAX_IDS {
        return Err(HttpError::Unprocessable(format!(
            "Sélectionnez entre 1 et {MAX_IDS} élèves."
        )));
    }
    Ok((ids, confirme))
}

fn refusal(id: i64, change: Change) -> Option<Value> {
    let raison = match change {
        Change::Fait => return None,
        Change::Introuvable => "élève introuvable".to_string(),
        Change::EtatIncompatible(DossierState::Valide) => "dossier déjà validé".to_string(),
        Change::EtatIncompatible(DossierState::Sortant) => "élève sortant".to_string(),
        Change::EtatIncompatible(etat) => format!("dossier non transmis ({})", etat.libelle().to_lowercase()),
        Change::SortantImport => "sortant dès l'import : pas de dossier".to_string(),
    };
    Some(json!({ "id": id, "raison": raison }))
}

/// Why an undo did nothing (`attendu`: the state it undoes).
fn undo_refusal(id: i64, change: Change, attendu: DossierState) -> Option<Value> {
    let raison = match change {
        Change::Fait => return None,
        Change::Introuvable => "élève introuvable".to_string(),
        Change::SortantImport => "sortant dès l'import : pas de dossier à rouvrir".to_string(),
        Change::EtatIncompatible(etat) => format!(
            "dossier « {} », pas « {} »",
            etat.libelle().to_lowercase(),
            attendu.libelle().to_lowercase()
        ),
    };
    Some(json!({ "id": id, "raison": raison }))
}

/// `POST /api/personnel/valider {"ids": […], "confirme": bool}`: transmitted files become
/// `valide`; each family gets the "request accepted" email (naming the mandatory documents
/// still expected), queued in the same transaction. Unless `confirme`, when any of these files
/// lacks a mandatory document (neither attached nor received at the office) nothing is
/// validated: 409 with `{"erreur", "a_confirmer": [{"id", "nom", "prenom", "division",
/// "pieces": [names]}]}`, for the page to ask.
pub async fn validate(app: &Arc<App>, headers: &HeaderMap, body: Incoming) -> Result<Resp, HttpError> {
    let (session, school) = staff(app, headers)?;
    let (ids, confirme) = read_ids_confirmed(headers, body).await?;
    let uai = session.uai.clone();
    // Emails rendered before the write (the writer thread only writes).
    let eleves = app.readers.run(|conn| {
        ids.iter()
            .map(|id| suivi::get(conn, &uai, *id))
            .collect::<anyhow::Result<Vec<_>>>()
    })?;
    let eleves: Vec<_> = eleves.into_iter().flatten().collect();
    let a_confirmer: Vec<Value> = eleves
        .iter()
        .filter(|e| e.etat == DossierState::Transmis)
        .filter_map(|e| {
            let pieces = dossier::missing_mandatory(&school.etab, e);
            (!pieces.is_empty()).then(
                || json!({ "id": e.id, "nom": e.nom, "prenom": e.prenom, "division": e.division, "pieces": pieces }),
            )
        })
        .collect();
    if !confirme && !a_confirmer.is_empty() {
        return Ok(json(
            StatusCode::CONFLICT,
            &json!({
                "erreur": format!(
                    "{} dossier(s) sans pièce obligatoire (ni jointe, ni reçue au secrétariat) : confirmez la validation.",
                    a_confirmer.len()
                ),
                "a_confirmer": a_confirmer,
            }),
        ));
    }
    let mut emails = BTreeMap::new();
    for eleve in eleves {
        let Some((values, _)) = eleve
            .soumission
            .as_ref()
            .filter(|_| eleve.etat == DossierState::Transmis)
        else {
            continue;
        };
        let to = family_emails(values);
        if to.is_empty() {
            continue;
        }
        let niveau = eleve.mef_destination.as_deref().and_then(|mef| school.etab.niveau(mef));
        let nom = EleveNom {
            prenom: &eleve.prenom,
            nom: &eleve.nom,
        };
        let attendues = dossier::missing_mandatory(&school.etab, &eleve);
        let email = app.mail.personnel.validation(
            &app.content.site,
            &school.etab,
            nom,
            niveau,
            &attendues,
            to,
            eleve.id,
            eleve.langue.as_deref(),
        )?;
        emails.insert(eleve.id, email);
    }
    let (courriel, now) = (session.courriel.clone(), timestamp(app.now()));
    let changes = app
        .writer
        .run(move |conn| {
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                let change = suivi::validate(conn, &uai, id, &courriel, &now)?;
                if let (Change::Fait, Some(email)) = (change, emails.get(&id)) {
                    crate::store::outbox::enqueue(conn, email)?;
                }
                out.push((id, change));
            }
            Ok(out)
        })
        .await?;
    app.mail.wake();
    let valides = changes.iter().filter(|(_, c)| *c == Change::Fait).count();
    tracing::info!(uai = %session.uai, valides, demandes = changes.len(), "validation de dossiers");
    let refus: Vec<Value> = changes.into_iter().filter_map(|(id, c)| refusal(id, c)).collect();
    Ok(json(StatusCode::OK, &json!({ "valides": valides, "refus": refus })))
}

/// `POST /api/personnel/sortant {"ids": […]}`: these pupils leave the school.
pub async fn mark_leaving(app: &Arc<App>, headers: &HeaderMap, body: Incoming) -> Result<Resp, HttpError> {
    let (session, _) = staff(app, headers)?;
    let ids = read_ids(headers, body).await?;
    let (uai, courriel, now) = (session.uai.clone(), session.courriel.clone(), timestamp(app.now()));
    let changes = app
        .writer
        .run(move |conn| {
            ids.into_iter()
                .map(|id| Ok((id, suivi::mark_leaving(conn, &uai, id, &courriel, &now)?)))
                .collect::<anyhow::Result<Vec<_>>>()
        })
        .await?;
    let sortants = changes.iter().filter(|(_, c)| *c == Change::Fait).count();
    let refus: Vec<Value> = changes.into_iter().filter_map(|(id, c)| refusal(id, c)).collect();
    Ok(json(StatusCode::OK, &json!({ "sortants": sortants, "refus": refus })))
}

/// `POST /api/personnel/annuler-validation {"ids": […]}`: validated files are `transmis`
/// again (no email: the family was told it was accepted; the office says what changed).
pub async fn undo_validation(app: &Arc<App>, headers: &HeaderMap, body: Incoming) -> Result<Resp, HttpError> {
    undo(app, headers, body, DossierState::Valide).await
}

/// `POST /api/personnel/annuler-sortant {"ids": […]}`: pupils marked as leaving by staff go
/// back to the state their file had then.
pub async fn undo_leaving(app: &Arc<App>, headers: &HeaderMap, body: Incoming) -> Result<Resp, HttpError> {
    undo(app, headers, body, DossierState::Sortant).await
}

async fn undo(app: &Arc<App>, headers: &HeaderMap, body: Incoming, what: DossierState) -> Result<Resp, HttpError> {
    let (session, _) = staff(app, headers)?;
    let ids = read_ids(headers, body).await?;
    let (uai, courriel, now) = (session.uai.clone(), session.courriel.clone(), timestamp(app.now()));
    let changes = app
        .writer
        .run(move |conn| {
            ids.into_iter()
                .map(|id| {
                    let change = match what {
                        DossierState::Valide => suivi::undo_validation(conn, &uai, id, &courriel, &now)?,
                        _ => suivi::undo_leaving(conn, &uai, id, &courriel, &now)?,
                    };
                    Ok((id, change))
                })
                .collect::<anyhow::Result<Vec<_>>>()
        })
        .await?;
    let annules = changes.iter().filter(|(_, c)| *c == Change::Fait).count();
    tracing::info!(uai = %session.uai, annules, etat = what.as_str(), "annulation");
    let refus: Vec<Value> = changes
        .into_iter()
        .filter_map(|(id, c)| undo_refusal(id, c, what))
        .collect();
    Ok(json(StatusCode::OK, &json!({ "annules": annules, "refus": refus })))
}

#[derive(serde::Deserialize)]
struct PieceRecue {
    id: i64,
    document: String,
    recue: bool,
}

/// `POST /api/personnel/piece-recue {"id": N, "document": "code", "recue": bool}`: the office
/// ticks (or unticks) a document as received by hand. Answers the pupil's documents.
pub async fn document_received(app: &Arc<App>, headers: &HeaderMap, body: Incoming) -> Result<Resp, HttpError> {
    let (session, school) = staff(app, headers)?;
    require_type(headers, JSON)?;
    let bytes = read_body(headers, body).await?;
    let demande: PieceRecue = serde_json::from_slice(&bytes).map_err(|_| {
        HttpError::BadRequest(
            "Demande illisible : attendu {\"id\": numéro de l'élève, \"document\": \"code\", \"recue\": true}.".into(),
        )
    })?;
    let document = school
        .etab
        .documents
        .iter()
        .find(|d| d.code == demande.document)
        .ok_or_else(|| HttpError::Unprocessable("Pièce inconnue : ce collège ne demande pas ce document.".into()))?;
    let (uai, courriel, now) = (session.uai.clone(), session.courriel.clone(), timestamp(app.now()));
    let (code, nom, id, recue) = (document.code.clone(), document.nom.clone(), demande.id, demande.recue);
    let change = app
        .writer
        .run(move |conn| suivi::set_document_received(conn, &uai, id, &code, &nom, recue, &courriel, &now))
        .await?;
    if change != Change::Fait {
        return Err(HttpError::NotFound);
    }
    let eleve = app
        .readers
        .run(|conn| suivi::get(conn, &session.uai, id))?
        .ok_or(HttpError::NotFound)?;
    Ok(json(
        StatusCode::OK,
        &json!({
            "id": id,
            "documents": dossier::documents(&school.etab, &eleve),
            "pieces_attendues": dossier::missing_mandatory(&school.etab, &eleve),
            "drapeaux": dossier::flags(&school.etab, &eleve),
        }),
    ))
}

/// `GET /api/personnel/courriels-refuses`: emails the SMTP server refused for good.
pub async fn refused(app: &Arc<App>, headers: &HeaderMap) -> Result<Resp, HttpError> {
    let (session, _) = staff(app, headers)?;
    let list = app.readers.run(|conn| suivi::refused_emails(conn, &session.uai))?;
    let rows: Vec<Value> = list
        .into_iter()
        .map(|r| {
            json!({ "genre": r.genre, "eleve_id": r.eleve_id, "eleve": r.eleve, "division": r.division,
                    "erreur": r.erreur, "le": r.le })
        })
        .collect();
    Ok(json(StatusCode::OK, &json!({ "courriels": rows })))
}
