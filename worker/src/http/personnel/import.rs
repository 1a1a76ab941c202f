//! `POST /personnel/import`: the SIECLE exports uploaded from the staff area (multipart, any
//! order, XML or ZIP), imported by the CLI's code (`crate::import`) for the staff member's
//! school only. The files stream to a folder under the database's (never whole in memory,
//! capped in size, count and time), which is removed when the import ends; parsing and the
//! transaction run off the async threads. The answer is the CLI's all-or-nothing report: JSON
//! for the page's script, the import page rendered with it otherwise.
//!
//! The import's new codes are thrown away (nobody sees them): their letters are printed from
//! the letters page (« jamais imprimés »), which gives each pupil a code at the moment its
//! letter exists.

use super::super::error::HttpError;
use super::super::reply::{html, json, Resp};
use super::api::staff;
use crate::app::App;
use crate::import::{self, CodesOutput, ImportError, ImportReport};
use crate::uploads::form::{body_stream, deadline_for, declared_length, next};
use crate::uploads::megabytes;
use hyper::body::Incoming;
use hyper::header::{HeaderMap, CONTENT_TYPE};
use hyper::StatusCode;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::Arc;

/// Most bytes one upload may carry: the three exports of a 3,000-pupil school as XML are
/// about 35 MB (a ZIP, a tenth of it).
pub const MAX_IMPORT_BYTES: u64 = 100 * 1000 * 1000;
/// Most files in one upload: the three exports, and room for a mistake.
pub const MAX_FILES: usize = 6;
/// The upload budget's key for a school's imports (pupils' uploads use their id, always
/// positive): one import per school at a time.
fn budget_key(uai: &str) -> i64 {
    let digits: String = uai.chars().filter(char::is_ascii_digit).collect();
    -1 - digits.parse::<i64>().unwrap_or(0)
}

fn too_large() -> HttpError {
    HttpError::TooLargeWith(format!(
        "L'envoi dépasse {} : rien n'a été importé. Envoyez seulement les exports SIECLE ElevesAvecAdresses, \
         ResponsablesAvecAdresses et Nomenclature (de préférence en ZIP, tels que SIECLE les donne).",
        megabytes(MAX_IMPORT_BYTES)
    ))
}

fn malformed() -> HttpError {
    HttpError::BadRequest(
        "Les fichiers envoyés sont arrivés incomplets ou mal formés : rechargez la page et recommencez. Rien n'a \
         été importé."
            .into(),
    )
}

/// The folder of uploads being imported: `<database folder>/imports/`.
fn imports_dir(app: &App) -> PathBuf {
    let db = &app.config.db;
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."))
        .join("imports")
}

/// Answers the upload: the report, or every reason nothing was imported.
pub async fn post(app: &Arc<App>, headers: &HeaderMap, body: Incoming, json_wanted: bool) -> Result<Resp, HttpError> {
    let (session, school) = staff(app, headers)?;
    let content_type = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let boundary =
        multer::parse_boundary(content_type).map_err(|_| HttpError::UnsupportedType("multipart/form-data"))?;
    let declared = declared_length(headers);
    if declared.is_some_and(|n| n > MAX_IMPORT_BYTES) {
        return Err(too_large());
    }
    let expected = declared.unwrap_or(MAX_IMPORT_BYTES);
    let _room = app
        .uploads
        .reserve(budget_key(&session.uai), expected, MAX_IMPORT_BYTES)
        .await
        .map_err(|err| match err {
            HttpError::TooLargeWith(_) => HttpError::Conflict(
                "Un autre import de l'établissement est en cours d'envoi : attendez qu'il soit terminé, puis \
                 recommencez. Rien n'a été importé."
                    .into(),
            ),
            other => other,
        })?;
    let dir = imports_dir(app);
    std::fs::create_dir_all(&dir).map_err(|e| anyhow::Error::new(e).context("dossier des imports"))?;
    let folder = tempfile::Builder::new()
        .prefix("import-")
        .tempdir_in(&dir)
        .map_err(|e| anyhow::Error::new(e).context("dossier d'un import"))?;
    let constraints = multer::Constraints::new().size_limit(multer::SizeLimit::new().whole_stream(MAX_IMPORT_BYTES));
    let mut form = multer::Multipart::with_constraints(body_stream(body), boundary, constraints);
    let deadline = deadline_for(expected);
    let paths = receive(&mut form, folder.path(), deadline).await?;
    drop(form);
    if paths.is_empty() {
        return Err(HttpError::Unprocessable(
            "Aucun fichier reçu : choisissez les exports SIECLE (ElevesAvecAdresses au moins) puis recommencez.".into(),
        ));
    }
    let etab = school.etab.clone();
    let (db, qui) = (app.config.db.clone(), session.courriel.clone());
    let started = std::time::Instant::now();
    let outcome = tokio::task::spawn_blocking(move || {
        let unzipped = folder.path().join("decompresses");
        let result = import::archive::expand(&paths, &unzipped)
            .and_then(|paths| import::read_files(&etab.uai, &paths))
            .and_then(|files| {
                let mut conn = crate::store::open(&db).map_err(ImportError::Base)?;
                let hidden = indicatif::ProgressBar::hidden();
                import::import_files_by(&mut conn, &etab, files, CodesOutput::Discard, &hidden, &qui)
            });
        drop(folder); // the uploaded files go at once
        result
    })
    .await
    .map_err(|e| anyhow::anyhow!("import interrompu : {e}"))?;
    tracing::info!(uai = %session.uai, ms = started.elapsed().as_millis() as u64, ok = outcome.is_ok(), "import SIECLE depuis l'espace personnel");
    let (status, value) = match outcome {
        Ok(report) => (StatusCode::OK, report_json(&report)),
        Err(ImportError::Base(err)) => return Err(HttpError::Internal(err)),
        Err(ImportError::Fichiers(problemes)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({ "erreur": "Import refusé : rien n'a été importé.", "problemes": problemes }),
        ),
        Err(other) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({ "erreur": "Import refusé : rien n'a été importé.", "problemes": [other.to_string()] }),
        ),
    };
    if json_wanted {
        return Ok(json(status, &value));
    }
    let page = app.renderer.render_page(
        "personnel/import.html",
        &session.uai,
        &json!({ "page": "import", "resultat": value }),
    )?;
    Ok(html(status, page))
}

/// Streams every file part to `folder`, each under its sent name (checked) in its own
/// sub-folder, so the report and the errors name the files as the staff member knows them.
async fn receive(
    form: &mut multer::Multipart<'static>,
    folder: &std::path::Path,
    deadline: tokio::time::Instant,
) -> Result<Vec<PathBuf>, HttpError> {
    use tokio::io::AsyncWriteExt;
    let mut paths = Vec::new();
    let mut parts = 0;
    while let Some(mut field) = next(form.next_field(), deadline).await.map_err(map_err)? {
        parts += 1;
        if parts > MAX_FILES + 4 {
            return Err(HttpError::BadRequest(format!(
                "Trop de fichiers envoyés à la fois (au plus {MAX_FILES}) : rien n'a été importé."
            )));
        }
        let Some(sent) = field.file_name().map(str::to_string) else {
            // A text field (none expected): read and ignored, bounded by the whole stream's cap.
            while next(field.chunk(), deadline).await.map_err(map_err)?.is_some() {}
            continue;
        };
        if sent.is_empty() {
            while next(field.chunk(), deadline).await.map_err(map_err)?.is_some() {}
            continue; // the file input left empty
        }
        if paths.len() == MAX_FILES {
            return Err(HttpError::BadRequest(format!(
                "Trop de fichiers envoyés à la fois (au plus {MAX_FILES}) : rien n'a été importé."
            )));
        }
        let nom = crate::uploads::sniff::sanitize_name(&sent).map_err(|e| {
            HttpError::BadRequest(format!(
                "« {} » : {} Rien n'a été importé.",
                sent.chars().take(80).collect::<String>(),
                e.message()
            ))
        })?;
        let sub = folder.join(paths.len().to_string());
        tokio::fs::create_dir_all(&sub)
            .await
            .map_err(|e| anyhow::Error::new(e).context("dossier d'un import"))?;
        let path = sub.join(&nom);
        let mut file = tokio::fs::File::create(&path)
            .await
            .map_err(|e| anyhow::Error::new(e).context("fichier d'un import"))?;
        while let Some(chunk) = next(field.chunk(), deadline).await.map_err(map_err)? {
            file.write_all(&chunk)
                .await
                .map_err(|e| anyhow::Error::new(e).context("fichier d'un import"))?;
        }
        file.flush()
            .await
            .map_err(|e| anyhow::Error::new(e).context("fichier d'un import"))?;
        paths.push(path);
    }
    Ok(paths)
}

/// The multipart reader's refusals, in the import's words.
fn map_err(err: HttpError) -> HttpError {
    match err {
        HttpError::TooLarge => too_large(),
        HttpError::BadRequest(_) => malformed(),
        other => other,
    }
}

/// The report as the page's script reads it (the CLI's summary, field by field).
pub fn report_json(r: &ImportReport) -> Value {
    json!({
        "uai": r.uai,
        "fichiers": r.fichiers.iter().map(|(kind, nom)| json!({ "sorte": kind.libelle(), "nom": nom })).collect::<Vec<_>>(),
        "importes": r.importes,
        "mis_a_jour": r.mis_a_jour,
        "inchanges": r.inchanges,
        "laisses": r.laisses,
        "sortants": r.sortants,
        "nouveaux_codes": r.nouveaux_codes,
        "absents": r.absents,
        "liens_ignores": r.liens_ignores,
        "refuses": r.refuses.iter().map(|x| json!({ "eleve": x.eleve, "motif": x.motif })).collect::<Vec<_>>(),
        "avertissements": r.avertissements,
    })
}
