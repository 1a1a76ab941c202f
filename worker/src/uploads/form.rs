//! `POST /dossier` without JavaScript: the form comes as multipart/form-data with its files
//! (urlencoded still works). Parsed as it streams (multer): text fields are bounded like an
//! urlencoded form (64 Kio in all), each file goes to the spool as it arrives, within the
//! school's limits; any refusal drops every file of the post (nothing stored).
//!
//! Only for a logged-in family whose file may change: the handler checks the session, the
//! declared length ([`check_declared`]) and the day's limit before a byte of the body is read.
//! A multipart post then reserves its length among the uploads in flight (`budget`) and must
//! arrive at [`MIN_RATE`] or faster.

use super::api::IDLE;
use super::spool::Received;
use super::{check, expects, limits, refusal, sniff};
use crate::app::App;
use crate::clock::timestamp;
use crate::config::MAX_BODY;
use crate::http::edge::{parse_form, read_body, FORM};
use crate::http::error::HttpError;
use crate::store::pieces::{self, Etat, NewPiece, Piece};
use crate::store::sessions::SessionEleve;
use dossiersco_model::form::{document_field, document_of_field};
use dossiersco_model::message::Texte;
use dossiersco_model::{FormSpec, FormValues};
use futures_util::stream::Stream;
use http_body_util::BodyExt;
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderMap, CONTENT_LENGTH, CONTENT_TYPE};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Most parts in one post: the form has fewer than 60 fields, most of them text.
pub const MAX_PARTS: usize = 80;
/// Most bytes read and thrown away after a refusal, so the browser gets to read the answer.
const DRAIN_MAX: u64 = 64 * 1024 * 1024;

/// Files that came with the form, received and checked, not yet recorded.
#[derive(Default)]
pub struct Attached {
    files: Vec<AttachedFile>,
}

struct AttachedFile {
    document: String,
    nom: String,
    received: Received,
    etat: Etat,
}

/// The pupil's documents once the post's files are recorded.
pub struct Stored {
    /// Codes of the documents that have a file.
    pub documents_fournis: BTreeSet<String>,
    /// Names of the files received per document, to show on the page after a refused post.
    recus: BTreeMap<String, Vec<String>>,
}

/// Reads the posted form of a logged-in family whose file may change (`spec`: its form):
/// urlencoded, or multipart with files. Call [`check_declared`] first. `before`: the pupil's
/// documents, read with the session (what room its files have left).
pub async fn read(
    app: &Arc<App>,
    headers: &HeaderMap,
    body: Incoming,
    session: &SessionEleve,
    spec: &FormSpec,
    before: &[Piece],
) -> Result<(FormValues, Attached), HttpError> {
    match essence(headers).as_str() {
        FORM => Ok((parse_form(&read_body(headers, body).await?)?, Attached::default())),
        "multipart/form-data" => {
            let used = pieces::used_bytes_of(before);
            multipart(app, headers, body, session, spec, used).await
        }
        _ => Err(HttpError::UnsupportedType(FORM)),
    }
}

/// The media type of the body, lowercase, without parameters.
fn essence(headers: &HeaderMap) -> String {
    let content_type = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// The length the client declared, if any.
pub fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
}

/// The most a post to `/dossier` may carry for a pupil of school `uai`: files up to the
/// pupil's limit, text at most 64 Kio, and room for the parts' headers.
pub fn max_post(app: &App, uai: &str) -> u64 {
    limits(app, uai).max_eleve() + MAX_BODY as u64 + 64 * 1024
}

/// Refuses a post whose declared length is over what it may carry, before a byte of its body
/// is read (urlencoded: 64 Kio; multipart: [`max_post`]).
pub fn check_declared(app: &App, headers: &HeaderMap, session: &SessionEleve) -> Result<(), HttpError> {
    let Some(declared) = declared_length(headers) else {
        return Ok(()); // chunked: the limits apply as it streams
    };
    if essence(headers) == "multipart/form-data" {
        let per_pupil = limits(app, &session.uai).max_eleve();
        if declared > max_post(app, &session.uai) {
            return Err(too_large(per_pupil));
        }
    } else if declared > MAX_BODY as u64 {
        return Err(HttpError::TooLarge);
    }
    Ok(())
}

fn too_large(per_pupil: u64) -> HttpError {
    HttpError::TooLargeWith(format!(
        "L'envoi dépasse {} : il n'a pas été enregistré. Envoyez moins de fichiers à la fois, ou des fichiers plus \
         petits.",
        super::megabytes(per_pupil)
    ))
    .texte(Texte::new("serveur-envoi-trop-gros").octets("max", per_pupil))
}

/// The slowest a multipart post may arrive, on average, after [`GRACE`]: a phone on a poor
/// mobile connection sends faster; a client trickling bytes to hold the connection does not.
pub const MIN_RATE: u64 = 16 * 1024;
/// Time every post is given on top of its bytes at [`MIN_RATE`].
pub const GRACE: std::time::Duration = std::time::Duration::from_secs(30);

/// When a post of `bytes` must have arrived.
pub fn deadline_for(bytes: u64) -> tokio::time::Instant {
    tokio::time::Instant::now() + GRACE + std::time::Duration::from_secs(bytes / MIN_RATE)
}

fn malformed() -> HttpError {
    HttpError::BadRequest(
        "Les données du formulaire sont mal formées ou incomplètes : rechargez la page et recommencez.".into(),
    )
}

async fn multipart(
    app: &Arc<App>,
    headers: &HeaderMap,
    body: Incoming,
    session: &SessionEleve,
    spec: &FormSpec,
    used: u64,
) -> Result<(FormValues, Attached), HttpError> {
    let content_type = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let boundary = multer::parse_boundary(content_type).map_err(|_| malformed())?;
    let limites = limits(app, &session.uai);
    let (per_file, per_pupil) = (limites.max_fichier(), limites.max_eleve());
    let whole = max_post(app, &session.uai);
    let declared = declared_length(headers);
    if declared.is_some_and(|n| n > whole) {
        return Err(too_large(per_pupil));
    }
    // Room among the uploads in flight, for what the post says it carries (or its most).
    let expected = declared.unwrap_or(whole);
    let _room = app.uploads.reserve(session.eleve_id, expected, whole).await?;
    let constraints = multer::Constraints::new().size_limit(multer::SizeLimit::new().whole_stream(whole));
    let mut form = multer::Multipart::with_constraints(body_stream(body), boundary, constraints);
    let mut state = Reading {
        values: FormValues::new(),
        attached: Attached::default(),
        text_bytes: 0,
        remaining: per_pupil.saturating_sub(used),
        deadline: deadline_for(expected),
    };
    let result = read_parts(app, &mut form, &mut state, spec, (per_file, per_pupil)).await;
    match result {
        Ok(()) => Ok((state.values, state.attached)),
        Err(err) => {
            let deadline = state.deadline;
            drop(state); // every file of this post is deleted
            drain(&mut form, deadline).await;
            Err(err)
        }
    }
}

struct Reading {
    values: FormValues,
    attached: Attached,
    text_bytes: usize,
    remaining: u64,
    /// The whole post must have arrived by then ([`deadline_for`]).
    deadline: tokio::time::Instant,
}

/// `fut`, the next piece of a body, within [`IDLE`] of the previous one and before
/// `deadline`, else `Err(Elapsed)`. Most pieces are already in the buffers: they are taken
/// without a timer (one per piece showed in profiles); only a piece still to come waits
/// under one.
pub(crate) async fn paced<F: std::future::Future>(
    fut: F,
    deadline: tokio::time::Instant,
) -> Result<F::Output, tokio::time::error::Elapsed> {
    let mut fut = std::pin::pin!(fut);
    let at_once = std::future::poll_fn(|cx| std::task::Poll::Ready(fut.as_mut().poll(cx))).await;
    match at_once {
        std::task::Poll::Ready(outcome) => Ok(outcome),
        std::task::Poll::Pending => {
            let until = deadline.min(tokio::time::Instant::now() + IDLE);
            tokio::time::timeout_at(until, fut).await
        }
    }
}

/// The next part of a multipart post, [`paced`].
pub(crate) async fn next<T>(
    fut: impl std::future::Future<Output = Result<T, multer::Error>>,
    deadline: tokio::time::Instant,
) -> Result<T, HttpError> {
    match paced(fut, deadline).await {
        Err(_) => Err(HttpError::Timeout),
        Ok(Ok(v)) => Ok(v),
        Ok(Err(multer::Error::StreamSizeExceeded { .. })) => Err(HttpError::TooLarge),
        Ok(Err(_)) => Err(malformed()),
    }
}

async fn read_parts(
    app: &Arc<App>,
    form: &mut multer::Multipart<'static>,
    state: &mut Reading,
    spec: &FormSpec,
    (per_file, per_pupil): (u64, u64),
) -> Result<(), HttpError> {
    let mut parts = 0;
    let deadline = state.deadline;
    while let Some(mut field) = next(form.next_field(), deadline).await? {
        parts += 1;
        if parts > MAX_PARTS {
            return Err(HttpError::BadRequest(format!(
                "Le formulaire envoyé a trop de parties (plus de {MAX_PARTS}) : rechargez la page et recommencez."
            ))
            .texte(Texte::new("serveur-trop-de-parties").nombre("max", MAX_PARTS as i64)));
        }
        let name = field.name().unwrap_or("").to_string();
        if name.is_empty() || name.len() > 200 {
            return Err(malformed());
        }
        let Some(sent_name) = field.file_name().map(str::to_string) else {
            // A text field, bounded like the urlencoded form.
            let mut bytes = Vec::new();
            while let Some(chunk) = next(field.chunk(), deadline).await? {
                state.text_bytes += chunk.len();
                if state.text_bytes > MAX_BODY {
                    return Err(HttpError::TooLarge);
                }
                bytes.extend_from_slice(&chunk);
            }
            let text = String::from_utf8(bytes).map_err(|_| malformed())?;
            state.values.insert(name, text);
            continue;
        };
        let nom = sniff::sanitize_name(&sent_name).map_err(|e| HttpError::BadRequest(e.message().into()))?;
        let Some(code) = document_of_field(&name)
            .filter(|c| expects(spec, c))
            .map(str::to_string)
        else {
            return Err(HttpError::Unprocessable(
                "Un fichier envoyé ne correspond à aucun document demandé : rechargez la page et recommencez.".into(),
            ));
        };
        let limit = per_file.min(state.remaining);
        let refuse = |err| refusal(err, &nom, per_file, state.remaining, per_pupil);
        // The spool file is made at the first byte: a browser sends every file input of the
        // form, most of them empty (no file picked), and those touch no disk.
        let mut incoming = None;
        while let Some(chunk) = next(field.chunk(), deadline).await? {
            if chunk.is_empty() {
                continue;
            }
            let spooled = match &mut incoming {
                Some(spooled) => spooled,
                None => incoming.insert(super::spool(app).start(limit).await.map_err(refuse)?),
            };
            spooled.push(&chunk).await.map_err(refuse)?;
        }
        let Some(incoming) = incoming else {
            if sent_name.is_empty() {
                continue; // an empty file input: no file picked
            }
            return Err(refuse(super::spool::ReceiveError::Empty));
        };
        let received = incoming.finish().await.map_err(refuse)?;
        let etat = check(app, &received, &nom).await?;
        state.remaining = state.remaining.saturating_sub(received.taille);
        state.attached.files.push(AttachedFile {
            document: code,
            nom,
            received,
            etat,
        });
    }
    Ok(())
}

/// Reads and throws away what is left of a refused post (bounded), so the browser, still
/// sending, gets to read the answer instead of a reset connection.
async fn drain(form: &mut multer::Multipart<'static>, deadline: tokio::time::Instant) {
    let deadline = deadline.min(tokio::time::Instant::now() + IDLE);
    let mut read = 0u64;
    let drained = async {
        while let Ok(Some(mut field)) = form.next_field().await {
            while let Ok(Some(chunk)) = field.chunk().await {
                read += chunk.len() as u64;
                if read > DRAIN_MAX {
                    return;
                }
            }
        }
    };
    let _ = tokio::time::timeout_at(deadline, drained).await;
}

/// The request body as the stream of byte chunks multer reads.
pub(crate) fn body_stream(body: Incoming) -> impl Stream<Item = Result<Bytes, hyper::Error>> + Send + 'static {
    futures_util::stream::unfold(body, |mut body| async move {
        loop {
            match body.frame().await? {
                Ok(frame) => match frame.into_data() {
                    Ok(data) => return Some((Ok(data), body)),
                    Err(_) => continue, // trailers
                },
                Err(err) => return Some((Err(err), body)),
            }
        }
    })
}

impl Attached {
    /// Records the post's files as the pupil's, not yet linked to a submission (the submission
    /// links them in its own transaction; a refused post keeps them for the next try), and
    /// returns the pupil's documents (`before`: its documents read with the session).
    pub async fn store(self, app: &Arc<App>, session: &SessionEleve, before: Vec<Piece>) -> Result<Stored, HttpError> {
        let eleve_id = session.eleve_id;
        let stored_files = !self.files.is_empty();
        if stored_files {
            let per_pupil = limits(app, &session.uai).max_eleve();
            let now = timestamp(app.now());
            let uai = session.uai.clone();
            let mut files = self.files;
            let all_in = app
                .writer
                .run(move |conn| {
                    for f in &files {
                        let new = NewPiece {
                            eleve_id,
                            uai: uai.clone(),
                            document: f.document.clone(),
                            nom_original: f.nom.clone(),
                            fichier: f.received.fichier.clone(),
                            type_mime: f.received.type_mime,
                            taille: f.received.taille,
                            sha256: f.received.sha256.clone(),
                            etat: f.etat,
                        };
                        if pieces::insert(conn, &new, per_pupil, &now)?.is_none() {
                            anyhow::bail!("place dépassée");
                        }
                    }
                    files.iter_mut().for_each(|f| f.received.keep());
                    tracing::info!(pieces = files.len(), "pièces reçues avec le formulaire");
                    Ok(())
                })
                .await;
            if all_in.is_err() {
                // Another upload took the room meanwhile: nothing of this post is kept.
                return Err(HttpError::TooLargeWith(format!(
                    "Les fichiers envoyés dépassent la place prévue pour les pièces de cet élève ({}) : ils n'ont \
                     pas été enregistrés.",
                    super::megabytes(per_pupil)
                ))
                .texte(Texte::new("serveur-fichiers-place").octets("max", per_pupil)));
            }
        }
        // New files: the list again, with them; otherwise the one read with the session (a
        // file sent from another page while this body arrived counts at the next post).
        let list = if stored_files {
            app.readers.run(|conn| pieces::list_for_eleve(conn, eleve_id))?
        } else {
            before
        };
        let mut stored = Stored {
            documents_fournis: BTreeSet::new(),
            recus: BTreeMap::new(),
        };
        for p in list.into_iter().filter(|p| p.etat != Etat::Refuse.as_str()) {
            stored.documents_fournis.insert(p.document.clone());
            stored.recus.entry(p.document).or_default().push(p.nom);
        }
        Ok(stored)
    }
}

impl Stored {
    /// The posted values plus, under each document's field, the names of the files received:
    /// the page after a refused post shows them ("Déjà reçu : …").
    pub fn shown(&self, posted: &FormValues) -> FormValues {
        let mut values = posted.clone();
        for (code, noms) in &self.recus {
            values.insert(document_field(code), noms.join(", "));
        }
        values
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use tokio::time::Instant;

    fn never() -> impl std::future::Future<Output = Result<u8, multer::Error>> {
        std::future::pending()
    }

    #[tokio::test(start_paused = true)]
    async fn a_part_already_received_is_taken_at_once_and_one_that_never_comes_times_out() {
        let start = Instant::now();
        let far = start + Duration::from_secs(3600);
        let ready = next(async { Ok::<_, multer::Error>(7) }, far).await;
        assert_eq!(ready.ok(), Some(7));
        assert_eq!(start.elapsed(), Duration::ZERO);

        // A part that does not come: refused after IDLE…
        assert!(matches!(next(never(), far).await, Err(HttpError::Timeout)));
        assert_eq!(start.elapsed(), IDLE);
        // …or at the post's deadline when that comes first.
        let begun = Instant::now();
        let soon = begun + Duration::from_secs(5);
        assert!(matches!(next(never(), soon).await, Err(HttpError::Timeout)));
        assert_eq!(begun.elapsed(), Duration::from_secs(5));
    }
}
