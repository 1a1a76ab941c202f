//! `GET /personnel/export-siecle.xml`: the return file to SIECLE of the school's validated
//! files; `GET /api/personnel/export-siecle`: how many it holds and the files left out, why.

use super::super::error::HttpError;
use super::super::reply::{json, with_body, Resp};
use super::api::staff;
use crate::app::App;
use crate::personnel::retour_siecle::{build, RetourSiecle};
use crate::store::retour_siecle;
use hyper::header::{HeaderMap, HeaderValue, CONTENT_DISPOSITION};
use hyper::StatusCode;
use serde_json::json;
use std::sync::Arc;

async fn retour(app: &Arc<App>, headers: &HeaderMap) -> Result<(String, usize, RetourSiecle), HttpError> {
    let (session, school) = staff(app, headers)?;
    let valides = app.readers.run(|conn| retour_siecle::valides(conn, &session.uai))?;
    let retour = build(&school.etab, &school.forms, &valides, app.today())?;
    Ok((session.uai, valides.len(), retour))
}

/// The file (ISO-8859-15, as SIECLE reads it).
pub async fn file(app: &Arc<App>, headers: &HeaderMap) -> Result<Resp, HttpError> {
    let (uai, valides, retour) = retour(app, headers).await?;
    let Some(xml) = retour.xml else {
        return Err(HttpError::Conflict(match valides {
            0 => "Aucun dossier validé : validez des dossiers avant de produire le fichier de retour SIECLE.".into(),
            n => format!(
                "Aucun des {n} dossiers validés ne peut être exporté vers SIECLE : voyez la liste des dossiers \
                 refusés et leur raison dans l'onglet des exports."
            ),
        }));
    };
    let mut resp = with_body(StatusCode::OK, "application/xml; charset=ISO-8859-15", xml);
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"retour-siecle-{uai}.xml\"")) {
        resp.headers_mut().insert(CONTENT_DISPOSITION, value);
    }
    tracing::info!(uai = %uai, eleves = retour.exportables, refuses = retour.refuses.len(), "retour SIECLE");
    Ok(resp)
}

/// `{valides, exportables, refuses: [{id, eleve, classe, raison}]}`.
pub async fn summary(app: &Arc<App>, headers: &HeaderMap) -> Result<Resp, HttpError> {
    let (_, valides, retour) = retour(app, headers).await?;
    let refuses: Vec<_> = retour
        .refuses
        .iter()
        .map(|r| json!({"id": r.id, "eleve": r.eleve, "classe": r.classe, "raison": r.raison}))
        .collect();
    Ok(json(
        StatusCode::OK,
        &json!({"valides": valides, "exportables": retour.exportables, "refuses": refuses}),
    ))
}
