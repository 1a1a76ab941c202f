//! `GET /personnel/export.csv[?liste=adresses]` and `GET /personnel/export.xlsx`: the school's
//! pupils (and address changes) for the office's spreadsheet.

use super::super::error::HttpError;
use super::super::reply::{with_body, Resp};
use super::api::staff;
use crate::app::App;
use crate::personnel::export::{export, Format, Liste};
use crate::store::suivi;
use hyper::header::{HeaderMap, HeaderValue, CONTENT_DISPOSITION};
use hyper::StatusCode;
use std::sync::Arc;

pub async fn get(app: &Arc<App>, headers: &HeaderMap, format: Format, query: Option<&str>) -> Result<Resp, HttpError> {
    let (session, school) = staff(app, headers)?;
    let liste = query
        .unwrap_or("")
        .split('&')
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| *k == "liste")
        .map(|(_, v)| v)
        .unwrap_or("");
    let liste = Liste::parse(liste)
        .ok_or_else(|| HttpError::BadRequest("Liste inconnue : ?liste=eleves ou ?liste=adresses.".into()))?;
    let eleves = app.readers.run(|conn| suivi::list(conn, &session.uai))?;
    let bytes = export(&school.etab, &school.forms, &eleves, format, liste)?;
    let (content_type, ext) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "csv"),
        Format::Xlsx => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
    };
    let name = match (format, liste) {
        (Format::Csv, Liste::Adresses) => format!("changements-adresse-{}.{ext}", session.uai),
        _ => format!("reinscriptions-{}.{ext}", session.uai),
    };
    let mut resp = with_body(StatusCode::OK, content_type, bytes);
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        resp.headers_mut().insert(CONTENT_DISPOSITION, value);
    }
    tracing::info!(uai = %session.uai, lignes = eleves.len(), format = ext, "export");
    Ok(resp)
}
