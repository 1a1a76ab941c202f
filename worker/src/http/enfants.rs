//! Brothers and sisters in one session: `POST /enfant/ajout` (the code of another child's
//! letter and its birth date add it to the session and open its file, with the login's
//! checks and limits), `POST /enfant` (open the file of a child of the session),
//! `POST /enfant/reprise` (take into the open file's draft the guardians' details typed for
//! another child of the session), and the per-pupil reference every form carries so a post
//! for one child never lands on another.

use super::edge::{parse_form, read_body, require_type, FORM};
use super::error::HttpError;
use super::login::{typed_birth_date, DateTapee};
use super::reply::{see_other, Resp};
use super::session;
use crate::app::App;
use crate::clock::timestamp;
use crate::store::families::WriteOutcome;
use crate::store::fratrie::{self, AjoutOutcome, Enfant};
use crate::store::sessions::{LoginOutcome, SessionEleve};
use dossiersco_model::content::CampagneStatus;
use dossiersco_model::form::names;
use dossiersco_model::message::Texte;
use dossiersco_model::FormValues;
use hyper::body::Incoming;
use hyper::header::{HeaderMap, HeaderValue, LOCATION};
use std::net::SocketAddr;
use std::sync::Arc;

pub use dossiersco_model::form::names::ELEVE_REF;

/// A pupil's reference in pages and forms: a keyed hash of its id, so it says nothing about
/// the pupil and cannot be guessed for another one.
pub fn eleve_ref(app: &App, eleve_id: i64) -> String {
    app.hasher.hash("eleve-ref", &eleve_id.to_string())[..16].to_string()
}

/// The hash of the request's session token (what the store knows of the session).
pub fn token_hash(app: &App, headers: &HeaderMap) -> Option<String> {
    session::token(app, headers).map(|t| app.hasher.hash_token(t))
}

/// The children of the session (only those it has proven).
pub fn enfants(app: &App, headers: &HeaderMap) -> Result<Vec<Enfant>, HttpError> {
    let Some(token_hash) = token_hash(app, headers) else {
        return Ok(Vec::new());
    };
    Ok(app.readers.run(|conn| fratrie::enfants(conn, &token_hash))?)
}

/// 303 to a route of the worker itself (its own origin when it has one).
pub fn to_worker(app: &App, path: &str) -> Resp {
    let mut resp = see_other(app, path);
    let url = format!("{}{path}", app.content.site.url_worker.trim_end_matches('/'));
    if let Ok(value) = HeaderValue::from_str(&url) {
        resp.headers_mut().insert(LOCATION, value);
    }
    resp
}

/// Refuses a post made for another child than the one whose file is open: by the form's
/// pupil reference, or, from a page without it (no JavaScript), by the pupil it names.
pub fn check_same_child(
    app: &App,
    headers: &HeaderMap,
    session: &SessionEleve,
    posted: &FormValues,
) -> Result<(), HttpError> {
    let posted_ref = posted.get(ELEVE_REF).map(|r| r.trim()).unwrap_or("");
    if posted_ref == eleve_ref(app, session.eleve_id) {
        return Ok(());
    }
    let Some(token_hash) = token_hash(app, headers) else {
        return Ok(());
    };
    let children = app.readers.run(|conn| fratrie::identites(conn, &token_hash))?;
    check_same_child_among(app, session, posted, &children)
}

/// [`check_same_child`] once the session's children are read (`fratrie::identites`).
fn check_same_child_among(
    app: &App,
    session: &SessionEleve,
    posted: &FormValues,
    children: &[(i64, String, String)],
) -> Result<(), HttpError> {
    let posted_ref = posted.get(ELEVE_REF).map(|r| r.trim()).unwrap_or("");
    if posted_ref == eleve_ref(app, session.eleve_id) {
        return Ok(());
    }
    let prenom_of = |id: i64| children.iter().find(|c| c.0 == id).map(|c| c.1.clone());
    let other = if posted_ref.is_empty() {
        let typed = |name: &str| posted.get(name).map(|v| v.trim()).unwrap_or("");
        let date = dossiersco_model::content::iso_date::parse_typed(typed(names::ELEVE_DATE_NAISSANCE))
            .map(dossiersco_model::content::iso_date::format);
        let names_child = |c: &&(i64, String, String)| {
            Some(&c.2) == date.as_ref() && c.1.trim().eq_ignore_ascii_case(typed(names::ELEVE_PRENOM))
        };
        let current_named = children.iter().filter(names_child).any(|c| c.0 == session.eleve_id);
        match children.iter().filter(names_child).find(|c| c.0 != session.eleve_id) {
            Some(c) if !current_named => Some(c.1.clone()),
            _ => return Ok(()),
        }
    } else {
        // A reference that is no child of this session: an older session's page.
        children
            .iter()
            .find(|c| eleve_ref(app, c.0) == posted_ref)
            .map(|c| c.1.clone())
    };
    let ouvert = prenom_of(session.eleve_id).unwrap_or_default();
    Err(match other {
        Some(prenom) => HttpError::Conflict(format!(
            "Ce formulaire est celui de {prenom}, mais le dossier ouvert dans ce navigateur est maintenant celui de \
             {ouvert} : rien n'a été enregistré. Revenez au récapitulatif, ouvrez le dossier de {prenom}, puis \
             recommencez."
        ))
        .texte(
            Texte::new("serveur-autre-enfant")
                .texte("prenom", prenom)
                .texte("ouvert", ouvert),
        ),
        None => HttpError::Conflict(
            "Ce formulaire n'est pas celui de l'élève connecté (une autre connexion a eu lieu dans ce \
             navigateur) : rien n'a été enregistré. Reconnectez-vous avec le code de cet élève, puis recommencez."
                .into(),
        ),
    })
}

/// `POST /enfant`: opens the file of a child already in the session (`eleve_ref`).
pub async fn ouvrir(app: &Arc<App>, headers: &HeaderMap, body: Incoming) -> Result<Resp, HttpError> {
    require_type(headers, FORM)?;
    // The session first: a stranger's post is answered before its body is read.
    session::current(app, headers)?.ok_or(HttpError::Unauthorized)?;
    let form = parse_form(&read_body(headers, body).await?)?;
    let (token_hash, enfant) = child_of_form(app, headers, &form, ELEVE_REF)?;
    match enfant {
        Some(e) => {
            app.writer
                .run(move |conn| fratrie::ouvrir(conn, &token_hash, e.id))
                .await?;
            Ok(to_worker(app, "/resume"))
        }
        None => Err(HttpError::Conflict(
            "Cet enfant n'est pas dans votre session : utilisez « Réinscrire un autre enfant » sur la page \
             récapitulative, avec le code d'accès de son courrier et sa date de naissance."
                .into(),
        )),
    }
}

/// `POST /enfant/ajout`: `code` (from the other child's letter) and the birth date (`jour`,
/// `mois`, `annee`, or the older single `date_naissance`). The
/// right pair adds that child to the session and opens its file; anything else (wrong code
/// or date, a code of another school) gets one answer, counted against the typed code and
/// the client's address like a wrong login. No child is named before it is proven.
pub async fn ajouter(app: &Arc<App>, headers: &HeaderMap, body: Incoming, peer: SocketAddr) -> Result<Resp, HttpError> {
    require_type(headers, FORM)?;
    let session = session::current(app, headers)?.ok_or(HttpError::Unauthorized)?;
    let form = parse_form(&read_body(headers, body).await?)?;
    let token_hash = token_hash(app, headers).ok_or(HttpError::Unauthorized)?;
    let back = |alerte: &str| to_worker(app, &format!("/resume?alerte={alerte}#fratrie"));
    // Like a login: outside the campaign no code is checked.
    let open = app
        .content
        .schools
        .get(&session.uai)
        .is_some_and(|s| s.etab.campagne.status(app.today()) == CampagneStatus::Ouverte);
    if !open {
        return Ok(back("fermee"));
    }
    let field = |name: &str| form.get(name).map(|v| v.trim()).unwrap_or("");
    // As at login: a missing or impossible date is not an attempt.
    let code = field("code");
    let date = match typed_birth_date(&form) {
        _ if code.is_empty() => return Ok(back("formulaire")),
        DateTapee::Manquante => return Ok(back("formulaire")),
        DateTapee::Invalide => return Ok(back("date")),
        DateTapee::Valide(date) => date,
    };
    // Built like a login's: a browser that opened this child's file before is known.
    let attempt = super::login::attempt(app, headers, peer, &session.uai, code, date, token_hash);
    let code_hash = attempt.code_hash.clone();
    let outcome = app.writer.run(move |conn| fratrie::ajouter(conn, &attempt)).await?;
    Ok(match outcome {
        AjoutOutcome::Ajoute => {
            let mut resp = to_worker(app, "/resume?alerte=ajoute");
            let mark = super::login::remember_device(app, headers, &code_hash);
            resp.headers_mut().append(hyper::header::SET_COOKIE, mark);
            resp
        }
        AjoutOutcome::Sortant => back("sortant"),
        AjoutOutcome::Refus(LoginOutcome::Verrouille { jusqu_a }) => {
            back(&format!("verrouille&reessayer={}", super::login::retry_at(jusqu_a)))
        }
        AjoutOutcome::Refus(_) => back("identifiants"),
    })
}

/// Name of the field naming the child whose typed details are taken (`POST /enfant/reprise`).
pub const SOURCE: &str = "source";

/// `POST /enfant/reprise`: `eleve_ref` (the open child's file) and `source` (another child of
/// the session). The guardians' details typed for `source` that the open child's summary
/// offers go into the open child's draft; its pre-fill, and every other file, are untouched.
pub async fn reprendre(app: &Arc<App>, headers: &HeaderMap, body: Incoming) -> Result<Resp, HttpError> {
    require_type(headers, FORM)?;
    let session = session::current(app, headers)?.ok_or(HttpError::Unauthorized)?;
    let form = parse_form(&read_body(headers, body).await?)?;
    if form.get(ELEVE_REF).map(|r| r.trim()) != Some(eleve_ref(app, session.eleve_id).as_str()) {
        check_same_child(app, headers, &session, &form)?;
        return Err(HttpError::BadRequest(
            "Ce formulaire ne dit pas pour quel enfant il est : rechargez la page récapitulative et recommencez."
                .into(),
        ));
    }
    let spec = super::dossier::editable_form(app, &session)?.clone();
    let (token_hash, source) = child_of_form(app, headers, &form, SOURCE)?;
    let Some(source) = source.filter(|s| s.id != session.eleve_id) else {
        return Ok(to_worker(app, "/resume"));
    };
    let (eleve_id, now) = (session.eleve_id, timestamp(app.now()));
    let outcome = app
        .writer
        .run(move |conn| fratrie::reprendre(conn, &token_hash, eleve_id, source.id, &spec, &now))
        .await?;
    match outcome {
        Some(WriteOutcome::Enregistre) => Ok(to_worker(app, "/resume?alerte=reprise")),
        // Already taken, or nothing to take any more (the page was old).
        None => Ok(to_worker(app, "/resume")),
        Some(WriteOutcome::Refuse(_)) => Err(HttpError::Conflict(
            "Ce dossier ne peut plus être modifié en ligne : contactez le secrétariat du collège.".into(),
        )),
    }
}

/// The session's token hash and the child of the session that the form's field `name` names.
fn child_of_form(
    app: &App,
    headers: &HeaderMap,
    form: &std::collections::BTreeMap<String, String>,
    name: &str,
) -> Result<(String, Option<Enfant>), HttpError> {
    let token_hash = token_hash(app, headers).ok_or(HttpError::Unauthorized)?;
    let wanted = form.get(name).map(|r| r.trim()).unwrap_or("");
    let enfants = app.readers.run(|conn| fratrie::enfants(conn, &token_hash))?;
    let enfant = enfants.into_iter().find(|e| eleve_ref(app, e.id) == wanted);
    Ok((token_hash, enfant))
}
