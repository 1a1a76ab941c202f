//! The family's file: `GET /api/dossier` (pre-fill), `PUT /api/dossier/brouillon` (draft),
//! `POST /dossier` (submission). The pupil always comes from the session.

use super::edge::{parse_form, read_body, require_type, wants_json, FORM, JSON};
use super::enfants::ELEVE_REF;
use super::error::HttpError;
use super::reply::{html, json, see_other, Resp};
use super::session;
use crate::app::App;
use crate::clock::timestamp;
use crate::store::families::{self, Mode, WriteOutcome};
use crate::store::sessions::SessionEleve;
use dossiersco_model::content::CampagneStatus;
use dossiersco_model::message::Texte;
use dossiersco_model::validate::sanitize_draft;
use dossiersco_model::{validate_submission_with, DossierState, FormSpec, FormValues};
use hyper::body::Incoming;
use hyper::header::{HeaderMap, CONNECTION, REFERER};
use hyper::StatusCode;
use serde_json::json;
use std::sync::Arc;

/// `GET /api/dossier`: the file of the session's pupil, to fill the static form. The
/// session, the file and the session's other children are read in one read transaction
/// (one snapshot, the database's locks taken once), the token hashed once, and the answer
/// serialized straight from borrowed values.
///
/// Answers are kept in memory by session (`prefill_cache`) for as long as no commit may have
/// changed them; the session's end is checked on every answer.
pub async fn get(app: &Arc<App>, headers: &HeaderMap) -> Result<Resp, HttpError> {
    let token = session::token(app, headers).ok_or(HttpError::Unauthorized)?;
    let now = app.now();
    // Taken before reading: a commit during the read makes this answer stale at once.
    let generation = app.prefill_cache.as_ref().and_then(|cache| cache.generation());
    if let (Some(cache), Some(generation)) = (&app.prefill_cache, generation) {
        if let Some(hit) = cache.get(generation, token) {
            if hit.session.expire_le > now {
                session::slide_with(app, &hit.session, now, || app.hasher.hash_token(token));
                return Ok(prefill_answer(hit.body.clone()));
            }
        }
    }
    let token_hash = app.hasher.hash_token(token);
    let (session, dossier, enfants) = app
        .readers
        .snapshot(|conn| {
            let Some(session) = crate::store::sessions::find(conn, &token_hash, now)? else {
                return Ok(None);
            };
            let Some(dossier) = families::load(conn, session.eleve_id)? else {
                return Ok(None);
            };
            let enfants = crate::store::fratrie::enfants(conn, &token_hash)?;
            Ok(Some((session, dossier, enfants)))
        })?
        .ok_or(HttpError::Unauthorized)?;
    session::slide(app, &session, token_hash, now);
    let niveau = dossier
        .mef_destination
        .as_deref()
        .and_then(|mef| app.content.schools.get(&dossier.uai)?.etab.niveau(mef));
    // The session's other children, each proven by its own code and birth date: first names
    // only. No other pupil is ever listed (`ajoute` is always true, kept for the scripts).
    let fratrie: Vec<_> = enfants
        .iter()
        .filter(|e| !e.courant)
        .map(|e| Frere {
            ajoute: e.ajoute,
            prenom: &e.prenom,
            r#ref: super::enfants::eleve_ref(app, e.id),
        })
        .collect();
    let (valeurs, source) = match (&dossier.brouillon, &dossier.soumission) {
        (Some((values, _)), _) => (values, "brouillon"),
        (None, Some((values, _))) => (values, "soumission"),
        (None, None) => (&dossier.prefill, "import"),
    };
    let answer = Prefill {
        brouillon_le: dossier.brouillon.as_ref().map(|(_, le)| le.as_str()),
        eleve: Eleve {
            division: dossier.division.as_deref(),
            nom: &dossier.nom,
            prenom: &dossier.prenom,
            r#ref: super::enfants::eleve_ref(app, session.eleve_id),
        },
        etat: dossier.etat.as_str(),
        fratrie,
        mef: dossier.mef_destination.as_deref(),
        niveau: niveau.map(|n| NiveauJson {
            libelle: &n.libelle,
            mef: &n.mef,
        }),
        options_actuelles: &dossier.options_actuelles,
        source,
        transmis_le: dossier.soumission.as_ref().map(|(_, le)| le.as_str()),
        uai: &dossier.uai,
        valeurs,
    };
    let body = hyper::body::Bytes::from(serde_json::to_vec(&answer).map_err(|err| HttpError::Internal(err.into()))?);
    if let (Some(cache), Some(generation)) = (&app.prefill_cache, generation) {
        let cached = crate::http::prefill_cache::Cached {
            body: body.clone(),
            session,
        };
        cache.put(generation, token, cached);
    }
    Ok(prefill_answer(body))
}

fn prefill_answer(body: hyper::body::Bytes) -> Resp {
    super::reply::with_body(StatusCode::OK, "application/json; charset=utf-8", body)
}

/// `GET /api/dossier`'s answer (fields in alphabetical order, as the JSON objects of the
/// other answers are written).
#[derive(serde::Serialize)]
struct Prefill<'a> {
    brouillon_le: Option<&'a str>,
    eleve: Eleve<'a>,
    etat: &'a str,
    fratrie: Vec<Frere<'a>>,
    mef: Option<&'a str>,
    niveau: Option<NiveauJson<'a>>,
    options_actuelles: &'a [String],
    source: &'a str,
    transmis_le: Option<&'a str>,
    uai: &'a str,
    valeurs: &'a FormValues,
}

#[derive(serde::Serialize)]
struct Eleve<'a> {
    division: Option<&'a str>,
    nom: &'a str,
    prenom: &'a str,
    r#ref: String,
}

#[derive(serde::Serialize)]
struct Frere<'a> {
    ajoute: bool,
    prenom: &'a str,
    r#ref: String,
}

#[derive(serde::Serialize)]
struct NiveauJson<'a> {
    libelle: &'a str,
    mef: &'a str,
}

/// `GET /dossier`: the full form already filled with what is known (draft, last submission or
/// import), rendered by the worker from the theme's form template. The static form fills
/// itself with JavaScript; this page is how a family without JavaScript changes things
/// without typing everything again.
pub async fn get_form(app: &Arc<App>, headers: &HeaderMap, query: Option<&str>) -> Result<Resp, HttpError> {
    let Some(session) = session::current(app, headers)? else {
        return Ok(see_other(app, &login_page(app, None)));
    };
    let Some(mef) = session.mef_destination.clone() else {
        return Ok(see_other(app, &format!("/{}/dossier/", session.uai)));
    };
    let dossier = app
        .readers
        .run(|conn| families::load(conn, session.eleve_id))?
        .ok_or(HttpError::Unauthorized)?;
    // The draft, else the last submission, else the import.
    let values = (dossier.brouillon.or(dossier.soumission))
        .map(|(values, _)| values)
        .unwrap_or(dossier.prefill);
    let lang = super::langue::of_request(app, headers, query);
    let page = form_page(app, &lang, &session, &mef, values, &[])?;
    Ok(html(StatusCode::OK, page))
}

/// The form the worker renders (no JavaScript, or given back with errors), filled with
/// `values` and naming the session's pupil, as the script does on the static page.
fn form_page(
    app: &App,
    lang: &str,
    session: &SessionEleve,
    mef: &str,
    mut values: FormValues,
    errors: &[dossiersco_model::FieldError],
) -> Result<String, HttpError> {
    values.insert(ELEVE_REF.into(), super::enfants::eleve_ref(app, session.eleve_id));
    Ok(app
        .renderer
        .render_form_page_in(lang, &session.uai, mef, &values, errors)?)
}

#[derive(serde::Deserialize)]
struct DraftBody {
    valeurs: FormValues,
    /// The pupil the page is for (a draft from a tab left open on another child is refused).
    #[serde(default)]
    eleve_ref: String,
}

pub async fn put_draft(app: &Arc<App>, headers: &HeaderMap, body: Incoming) -> Result<Resp, HttpError> {
    require_type(headers, JSON)?;
    let bytes = read_body(headers, body).await?;
    let session = session::current(app, headers)?.ok_or(HttpError::Unauthorized)?;
    let draft: DraftBody = serde_json::from_slice(&bytes).map_err(|_| {
        HttpError::BadRequest(
            "Brouillon illisible : attendu un objet JSON {\"valeurs\": {\"champ\": \"texte\", …}}.".into(),
        )
    })?;
    let mut named = draft.valeurs.clone();
    named.insert(ELEVE_REF.into(), draft.eleve_ref.clone());
    super::enfants::check_same_child(app, headers, &session, &named)?;
    let spec = editable_form(app, &session)?;
    let values = sanitize_draft(spec, &draft.valeurs);
    let now = timestamp(app.now());
    let saved_at = now.clone();
    let eleve_id = session.eleve_id;
    let outcome = app
        .writer
        .run(move |conn| families::save_draft(conn, eleve_id, &values, &now))
        .await?;
    refused_if_locked(outcome)?;
    Ok(json(StatusCode::OK, &json!({ "enregistre_le": saved_at })))
}

pub async fn post(app: &Arc<App>, headers: &HeaderMap, body: Incoming) -> Result<Resp, HttpError> {
    // Nothing of the body is read before the session, the file's state, the declared length
    // and the day's limit are checked: a stranger's post costs its headers, however large.
    // The session and the pupil's documents in one read transaction: one snapshot, the
    // database's locks taken once.
    let Some(PostContext { session, pieces }) = session_for_post(app, headers)? else {
        return Ok(not_logged_in(app, headers, body).await);
    };
    let day = super::limits::day_start(app.now());
    let checked = editable_form(app, &session).and_then(|spec| {
        crate::uploads::form::check_declared(app, headers, &session)?;
        super::limits::check_submissions(app, session.eleve_id, &day)?;
        Ok(spec)
    });
    let spec = match checked {
        Ok(spec) => spec,
        Err(err) => {
            // Refused before the form is read: the language is the cookie's (or a link's).
            let lang = super::langue::of_request(app, headers, None);
            return Ok(close_after(
                err.into_response_in(wants_json(headers), Some((&app.langues, &lang))),
            ));
        }
    };
    // Documents: urlencoded, or multipart with the files (streamed to disk as they arrive).
    let (posted, attached) = crate::uploads::form::read(app, headers, body, &session, spec, &pieces).await?;
    // A page names its pupil: the session's children are read only for a page that names
    // another one, or none (a page of before).
    super::enfants::check_same_child(app, headers, &session, &posted)?;
    let mef = session.mef_destination.clone().unwrap_or_default();
    let same_form =
        |name: &str, expected: &str| posted.get(name).is_none_or(|v| v.trim().eq_ignore_ascii_case(expected));
    if !same_form("uai", &session.uai) || !same_form("mef", &mef) {
        return Err(HttpError::Conflict(
            "Ce formulaire n'est pas celui de l'élève connecté (une autre connexion a eu lieu dans ce navigateur). \
             Reconnectez-vous avec le code de cet élève, puis recommencez."
                .into(),
        ));
    }
    // Documents: the files of this post are kept as the pupil's (linked at submission).
    let stored = attached.store(app, &session, pieces).await?;
    if posted.get("mode").is_some_and(|m| m == "un_clic") {
        return super::resume::post(app, headers, &session, spec, &posted, &stored.documents_fournis).await;
    }
    let lang = super::langue::of_form(app, headers, &posted);
    let values = match validate_submission_with(spec, &posted, &session.options_actuelles, &stored.documents_fournis) {
        Ok(values) => values,
        Err(errors) => {
            // The model's messages are French: each one in the family's language.
            let errors: Vec<_> = errors
                .into_iter()
                .map(|e| dossiersco_model::FieldError {
                    message: app.langues.message(&lang, &e.message, e.texte.as_ref()),
                    ..e
                })
                .collect();
            if wants_json(headers) {
                return Ok(json(StatusCode::UNPROCESSABLE_ENTITY, &json!({ "erreurs": errors })));
            }
            let page = form_page(app, &lang, &session, &mef, stored.shown(&posted), &errors)?;
            return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page));
        }
    };
    let choisie = super::langue::chosen_in_form(app, headers, &posted);
    submit(app, &session, values, Mode::Formulaire, &lang, choisie, day).await
}

/// What a post needs to know before its body is read, read in one read transaction.
struct PostContext {
    session: SessionEleve,
    /// The pupil's documents received so far.
    pieces: Vec<crate::store::pieces::Piece>,
}

/// The live session of the request and what else [`PostContext`] holds, read in one read
/// transaction; slides the session's end when due, as [`session::current`] does. None
/// without a live session.
fn session_for_post(app: &Arc<App>, headers: &HeaderMap) -> Result<Option<PostContext>, HttpError> {
    let Some(token) = session::token(app, headers) else {
        return Ok(None);
    };
    let token_hash = app.hasher.hash_token(token);
    let now = app.now();
    let found = app.readers.snapshot(|conn| {
        let Some(session) = crate::store::sessions::find(conn, &token_hash, now)? else {
            return Ok(None);
        };
        Ok(Some(PostContext {
            pieces: crate::store::pieces::list_for_eleve(conn, session.eleve_id)?,
            session,
        }))
    })?;
    if let Some(context) = &found {
        session::slide(app, &context.session, token_hash, now);
    }
    Ok(found)
}

/// Stores validated values (full form or one click): the submission and its confirmation
/// email, in one transaction. Only this pupil's file: its brothers and sisters are offered
/// the guardians' details on their own summary (store::fratrie::offres), never rewritten.
/// `day`: the start of the day the caller checked the post against
/// ([`super::limits::day_start`]); the day's limits are counted from it.
pub(super) async fn submit(
    app: &Arc<App>,
    session: &SessionEleve,
    values: FormValues,
    mode: Mode,
    langue: &str,
    // The language the family chose (field or cookie), remembered for the staff's emails.
    choisie: Option<String>,
    day: String,
) -> Result<Resp, HttpError> {
    let now = timestamp(app.now());
    let eleve_id = session.eleve_id;
    let email = confirmation_email(app, session, &values, langue);
    // The transaction takes `day`; `today` stays to remember a pupil past the limit.
    let today = day.clone();
    let (max_submissions, max_emails) = (app.config.max_submissions_per_day, app.config.max_confirmations_per_day);
    // Serialized here: the writer thread's time is the serial part of every submission.
    let values = families::SerializedValues::of(&values)?;
    let (outcome, courriel) = app
        .writer
        .run(move |conn| {
            // The day's limits, counted in this transaction: two posts at once cannot both pass.
            let transmis = families::submissions_since(conn, eleve_id, &day)?;
            if transmis >= max_submissions {
                return Ok((None, Courriel::Aucun));
            }
            let (outcome, soumission) = families::submit_serialized_id(conn, eleve_id, &values, &now, mode)?;
            if let (WriteOutcome::Enregistre, Some(choisie)) = (&outcome, &choisie) {
                families::set_langue(conn, eleve_id, choisie)?;
            }
            // Mailer: the confirmation is queued in the submission's own transaction, with the
            // facts the sender renders it from.
            let mut courriel = Courriel::Aucun;
            if let (WriteOutcome::Enregistre, Some(email), Some(soumission)) = (&outcome, email, soumission) {
                // One confirmation per submission at most: fewer submissions today than the
                // emails' limit leave room without counting the emails.
                let recus = if transmis < max_emails {
                    transmis
                } else {
                    crate::store::outbox::confirmations_since(conn, eleve_id, &day)?
                };
                courriel = if recus < max_emails {
                    crate::store::outbox::enqueue(conn, &email.for_submission(soumission))?;
                    Courriel::Envoye
                } else {
                    Courriel::Retenu(recus)
                };
            }
            if let Some(soumission) = soumission {
                // Documents: the files sent so far join the file with this submission.
                crate::store::pieces::link_pending(conn, eleve_id, soumission)?;
            }
            Ok((Some(outcome), courriel))
        })
        .await?;
    let Some(outcome) = outcome else {
        app.spent_today.remember(eleve_id, &today);
        return Err(super::limits::too_many_submissions(max_submissions, app.now()));
    };
    refused_if_locked(outcome)?;
    match courriel {
        Courriel::Envoye => app.mail.wake(),
        Courriel::Retenu(recus) => {
            tracing::info!(
                eleve = eleve_id,
                recus,
                "courriel de confirmation retenu : limite du jour atteinte"
            );
            return confirmation_without_email(app, session, recus, langue);
        }
        Courriel::Aucun => {}
    }
    Ok(see_other(app, &format!("/{}/confirmation/", session.uai)))
}

/// What became of a submission's confirmation email.
enum Courriel {
    /// Queued with the submission.
    Envoye,
    /// Not queued: this many confirmations about the pupil were already queued today.
    Retenu(u32),
    /// No address to write to (or a template error, already reported).
    Aucun,
}

/// The confirmation page, saying that no email was sent this time (the day's limit): the
/// worker renders the theme's page itself, since the static one announces an email.
fn confirmation_without_email(app: &App, session: &SessionEleve, recus: u32, lang: &str) -> Result<Resp, HttpError> {
    let nom = app
        .content
        .schools
        .get(&session.uai)
        .map(|s| s.etab.nom.clone())
        .unwrap_or_default();
    let context = json!({
        "description": format!("Réinscription en ligne au {nom}"),
        "sans_courriel": { "recus": recus },
    });
    let chemin = format!("/{}/confirmation/", session.uai);
    let page = app
        .renderer
        .render_page_in(lang, "confirmation.html", &session.uai, &chemin, &context)?;
    Ok(html(StatusCode::OK, page))
}

/// `POST /dossier` without a live session: back to the school's login page (JSON: 401). The
/// body is not read, save a small urlencoded form's `uai` (the school to go back to) when the
/// Referer does not say it; the connection is closed after the answer.
async fn not_logged_in(app: &App, headers: &HeaderMap, body: Incoming) -> Resp {
    if wants_json(headers) {
        return close_after(HttpError::Unauthorized.into_response(true));
    }
    let uai = match referer_school(app, headers) {
        Some(uai) => Some(uai),
        None => small_form_uai(headers, body).await,
    };
    close_after(see_other(app, &login_page(app, uai.as_ref())))
}

/// Longest wait for the small form of a family whose session ended.
const NOT_LOGGED_IN_READ: std::time::Duration = std::time::Duration::from_secs(5);

/// The `uai` field of an urlencoded body declared at most 64 Kio, read within 5 s.
async fn small_form_uai(headers: &HeaderMap, body: Incoming) -> Option<String> {
    let small = crate::uploads::form::declared_length(headers).is_some_and(|n| n <= crate::config::MAX_BODY as u64);
    if !small || require_type(headers, FORM).is_err() {
        return None;
    }
    let bytes = tokio::time::timeout(NOT_LOGGED_IN_READ, read_body(headers, body))
        .await
        .ok()?
        .ok()?;
    parse_form(&bytes).ok()?.remove("uai")
}

/// The school whose page the post came from (`Referer: …/<uai>/…`), if it is one of ours.
fn referer_school(app: &App, headers: &HeaderMap) -> Option<String> {
    let referer = headers.get(REFERER)?.to_str().ok()?;
    let path = referer
        .split_once("://")
        .map_or(referer, |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
    let first = path
        .trim_start_matches('/')
        .split(['/', '?', '#'])
        .next()?
        .to_ascii_uppercase();
    app.content.schools.contains_key(&first).then_some(first)
}

/// Asks hyper to close the connection after this answer: a refused post's body, maybe still
/// coming, is not read.
fn close_after(mut resp: Resp) -> Resp {
    resp.headers_mut()
        .insert(CONNECTION, hyper::header::HeaderValue::from_static("close"));
    resp
}

/// Mailer: the confirmation email of this submission, rendered by the sender when it sends it
/// (None: no address).
fn confirmation_email(
    app: &App,
    session: &SessionEleve,
    values: &FormValues,
    langue: &str,
) -> Option<crate::mail::PendingConfirmation> {
    let etab = &app.content.schools.get(&session.uai)?.etab;
    let mef = session.mef_destination.as_deref()?;
    etab.niveau(mef)?;
    crate::mail::pending_confirmation(&app.content.site, etab, values, session.eleve_id, mef, langue)
}

/// The login page to go back to (the school's when the form says which, else the list).
pub fn login_page(app: &App, uai: Option<&String>) -> String {
    match uai.map(|u| u.trim().to_ascii_uppercase()) {
        Some(uai) if app.content.schools.contains_key(&uai) => format!("/{uai}/connexion/#erreur-session"),
        _ => "/".into(),
    }
}

/// The pupil's form, if the family may still change the file today.
pub(super) fn editable_form<'a>(app: &'a App, session: &SessionEleve) -> Result<&'a FormSpec, HttpError> {
    let Some(school) = app.content.schools.get(&session.uai) else {
        return Err(HttpError::Conflict(
            "Ce collège ne propose plus la réinscription en ligne : contactez son secrétariat.".into(),
        ));
    };
    if let CampagneStatus::Close(cloture) = school.etab.campagne.status(app.today()) {
        // The date in words in every language (« close depuis le lundi 1er juin 2027 »): the
        // French is the catalog's too.
        let texte = Texte::new("serveur-campagne-close").date("date", cloture + time::Duration::days(1));
        let french = app.langues.texte(dossiersco_i18n::REFERENCE, &texte);
        return Err(HttpError::Forbidden(french).texte(texte));
    }
    if !session.etat.family_can_submit() {
        return Err(refusal(Some(session.etat)));
    }
    session
        .mef_destination
        .as_deref()
        .and_then(|mef| school.forms.get(mef))
        .ok_or_else(|| refusal(Some(DossierState::Sortant)))
}

fn refused_if_locked(outcome: WriteOutcome) -> Result<(), HttpError> {
    match outcome {
        WriteOutcome::Enregistre => Ok(()),
        WriteOutcome::Refuse(state) => Err(refusal(state)),
    }
}

fn refusal(state: Option<DossierState>) -> HttpError {
    HttpError::Conflict(match state {
        Some(DossierState::Valide) => "Le collège a déjà validé ce dossier : il ne peut plus être modifié en ligne. \
             Pour un changement, contactez le secrétariat."
            .into(),
        Some(DossierState::Sortant) => {
            "Votre enfant quitte le collège à la fin de l'année : il n'y a pas de dossier de réinscription \
             à remplir. Pour toute question, contactez le secrétariat."
                .into()
        }
        _ => "Ce dossier ne peut pas être modifié : contactez le secrétariat du collège.".into(),
    })
}
