//! Staff downloads of the files families submitted: one file, or a class's files as a ZIP
//! (`<classe>/<NOM Prénom>/<document>-<n>.<ext>`). Each handler takes the UAI of the
//! authenticated staff member and never serves another school's file. A file still waiting
//! for the antivirus is never served.

use super::body::{send_file, streamed};
use super::sniff::extension;
use crate::app::App;
use crate::http::error::HttpError;
use crate::http::reply::Resp;
use crate::store::pieces::{self, Etat, StaffPiece};
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

/// Whether `path` is one of the staff download routes.
pub fn handles(path: &str) -> bool {
    path == "/personnel/pieces.zip" || path.starts_with("/personnel/pieces/")
}

/// Answers a staff download for the school `uai` (the staff member's, from their session):
/// `GET /personnel/pieces/<id>` or `GET /personnel/pieces.zip?classe=6A`.
pub async fn route(
    app: &Arc<App>,
    path: &str,
    query: Option<&str>,
    uai: &str,
) -> (&'static str, Result<Resp, HttpError>) {
    if path == "/personnel/pieces.zip" {
        let classe = query
            .and_then(|q| crate::http::edge::parse_form(q.as_bytes()).ok())
            .and_then(|q| q.get("classe").cloned())
            .unwrap_or_default();
        return ("/personnel/pieces.zip", class_zip(app, uai, classe.trim()).await);
    }
    let id = path.trim_start_matches("/personnel/pieces/").parse::<i64>();
    match id {
        Ok(id) => ("/personnel/pieces/<id>", one(app, uai, id).await),
        Err(_) => ("/personnel/pieces/<id>", Err(HttpError::NotFound)),
    }
}

/// One submitted file of school `uai`.
pub async fn one(app: &Arc<App>, uai: &str, id: i64) -> Result<Resp, HttpError> {
    let found = app.readers.run(|conn| pieces::staff_get(conn, uai, id))?;
    let Some(found) = found else {
        return Err(HttpError::NotFound);
    };
    servable(&found)?;
    let p = &found.piece;
    let type_mime = media_type(&p.type_mime);
    let (resp, tx) = streamed(type_mime, Some(p.taille), &p.nom);
    send_file(&super::spool(app).path(&p.fichier), tx, false);
    tracing::info!(piece = id, "pièce téléchargée par le collège");
    Ok(resp)
}

fn servable(p: &StaffPiece) -> Result<(), HttpError> {
    match p.piece.etat {
        e if e == Etat::Accepte.as_str() => Ok(()),
        e if e == Etat::AnalyseEnAttente.as_str() => Err(HttpError::Conflict(
            "Cette pièce attend l'analyse antivirus : elle sera téléchargeable dès qu'elle aura été analysée.".into(),
        )),
        _ => Err(HttpError::Conflict(
            "Cette pièce a été refusée par l'analyse antivirus : demandez-en une autre copie à la famille.".into(),
        )),
    }
}

fn media_type(stored: &str) -> &'static str {
    match stored {
        "application/pdf" => "application/pdf",
        "image/jpeg" => "image/jpeg",
        _ => "image/png",
    }
}

/// The submitted files of a class of school `uai`, as one ZIP. Built in a temporary file
/// (the zip crate needs to seek; memory stays flat), then streamed and deleted.
pub async fn class_zip(app: &Arc<App>, uai: &str, classe: &str) -> Result<Resp, HttpError> {
    if classe.is_empty() || classe.len() > 40 {
        return Err(HttpError::BadRequest(
            "Indiquez la classe dont vous voulez les pièces (par exemple ?classe=6A).".into(),
        ));
    }
    let all = app.readers.run(|conn| pieces::staff_class(conn, uai, classe))?;
    let (ready, waiting): (Vec<_>, Vec<_>) = all.into_iter().partition(|p| p.piece.etat == Etat::Accepte.as_str());
    if ready.is_empty() {
        return Err(HttpError::Unprocessable(format!(
            "Aucune pièce téléchargeable pour la classe « {classe} »{}.",
            if waiting.is_empty() {
                ""
            } else {
                " (des pièces attendent l'analyse antivirus)"
            }
        )));
    }
    let spool = super::spool(app);
    let zip_path = spool
        .dir
        .join(format!("zip-{}.tmp", hex::encode(rand::random::<[u8; 16]>())));
    let entries: Vec<(String, PathBuf)> = entry_names(classe, &ready)
        .into_iter()
        .zip(&ready)
        .map(|(name, p)| (name, spool.path(&p.piece.fichier)))
        .collect();
    let target = zip_path.clone();
    let built = tokio::task::spawn_blocking(move || write_zip(&target, &entries))
        .await
        .map_err(|e| anyhow::anyhow!("construction du ZIP interrompue : {e}"));
    let length = match built.and_then(|r| r) {
        Ok(length) => length,
        Err(err) => {
            let _ = std::fs::remove_file(&zip_path);
            return Err(HttpError::Internal(err));
        }
    };
    let (resp, tx) = streamed(
        "application/zip",
        Some(length),
        &format!("pieces_{}.zip", component(classe)),
    );
    send_file(&zip_path, tx, true);
    tracing::info!(
        pieces = ready.len(),
        en_attente = waiting.len(),
        "pièces d'une classe téléchargées"
    );
    Ok(resp)
}

/// `6A/MARTIN Lou/justificatif_domicile-1.pdf`; two pupils with the same name get their own
/// folders.
fn entry_names(classe: &str, list: &[StaffPiece]) -> Vec<String> {
    let mut folders: HashMap<i64, String> = HashMap::new();
    let mut taken: HashMap<String, usize> = HashMap::new();
    let mut counts: HashMap<(i64, String), usize> = HashMap::new();
    let classe = component(classe);
    list.iter()
        .map(|p| {
            let folder = folders
                .entry(p.eleve_id)
                .or_insert_with(|| {
                    let base = component(&format!("{} {}", p.nom.to_uppercase(), p.prenom));
                    let n = taken.entry(base.clone()).or_insert(0);
                    *n += 1;
                    if *n == 1 {
                        base
                    } else {
                        format!("{base} ({n})")
                    }
                })
                .clone();
            let n = counts.entry((p.eleve_id, p.piece.document.clone())).or_insert(0);
            *n += 1;
            format!(
                "{classe}/{folder}/{}-{n}.{}",
                component(&p.piece.document),
                extension(&p.piece.type_mime)
            )
        })
        .collect()
}

/// A path component that stays one: no separator, no control character, no dot-only name.
fn component(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim().trim_matches('.').to_string();
    if clean.is_empty() {
        "_".into()
    } else {
        clean
    }
}

fn write_zip(path: &std::path::Path, entries: &[(String, PathBuf)]) -> anyhow::Result<u64> {
    let file = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    // Stored: PDF, JPEG and PNG are compressed already.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .unix_permissions(0o644);
    for (name, source) in entries {
        zip.start_file(name.as_str(), options)?;
        let mut input = std::fs::File::open(source)?;
        std::io::copy(&mut input, &mut zip)?;
    }
    let mut out = zip.finish()?;
    out.flush()?;
    Ok(out.get_ref().metadata()?.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(eleve_id: i64, nom: &str, document: &str, type_mime: &str) -> StaffPiece {
        StaffPiece {
            piece: pieces::Piece {
                id: 0,
                document: document.into(),
                nom: "x".into(),
                type_mime: type_mime.into(),
                taille: 1,
                sha256: String::new(),
                etat: "accepte",
                transmis: true,
                recu_le: String::new(),
                fichier: String::new(),
            },
            eleve_id,
            nom: nom.into(),
            prenom: "Lou".into(),
            division: Some("6A".into()),
        }
    }

    #[test]
    fn entries_are_named_by_class_pupil_and_document() {
        let list = [
            piece(1, "Martin", "assurance", "application/pdf"),
            piece(1, "Martin", "assurance", "image/jpeg"),
            piece(2, "Martin", "assurance", "image/png"),
            piece(3, "../../etc", "a/b", "image/png"),
        ];
        assert_eq!(
            entry_names("6/A", &list),
            [
                "6_A/MARTIN Lou/assurance-1.pdf",
                "6_A/MARTIN Lou/assurance-2.jpg",
                "6_A/MARTIN Lou (2)/assurance-1.png",
                "6_A/_.._ETC Lou/a_b-1.png",
            ]
        );
    }
}
