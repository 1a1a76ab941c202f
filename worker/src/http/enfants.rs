//! Siblings in one session: `POST /enfant/ajout` (a sibling's birth date adds it and opens
//! its file), `POST /enfant` (open the file of a child of the session), and the per-pupil
//! reference every form carries so a post for one child never lands on another.

use super::edge::{client_address, parse_form, read_body, require_type, FORM};
use super::error::HttpError;
use super::login::birth_date;
use super::reply::{see_other, Resp};
use super::session;
use crate::app::App;
use crate::clock::paris_hhmm;
use crate::store::fratrie::{self, AjoutOutcome, Enfant};
use crate::store::sessions::SessionEleve;
use crate::store::sessions::{LoginAttempt, LoginOutcome};
use dossiersco_model::form::names;
use dossiersco_model::FormValues;
use hyper::body::Incoming;
use hyper::header::{HeaderMap, HeaderValue, LOCATION};
use std::net::SocketAddr;
use std::sync::Arc;
use time::Duration;

/// Name of the hidden field holding the pupil a form is for.
pub const ELEVE_REF: &str = "eleve_ref";

/// A pupil's reference in pages and forms: a keyed hash of its id, so it says nothing about
/// the pupil and cannot be guessed for another one.
pub fn eleve_ref(app: &App, eleve_id: i64) -> String {
    app.hasher.hash("eleve-ref", &eleve_id.to_string())[..16].to_string()
}

/// The hash of the request's session token (what the store knows of the session).
pub fn token_hash(app: &App, headers: &HeaderMap) -> Option<String> {
    session::token(app, headers).map(|t| app.hasher.hash_token(t))
}

/// The children of the session and the siblings it may add.
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
    let current = eleve_ref(app, session.eleve_id);
    if posted_ref == current {
        return Ok(());
    }
    let Some(token_hash) = token_hash(app, headers) else {
        return Ok(());
    };
    let children = app.readers.run(|conn| fratrie::identites(conn, &token_hash))?;
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
    Err(HttpError::Conflict(match other {
        Some(prenom) => format!(
            "Ce formulaire est celui de {prenom}, mais le dossier ouvert dans ce navigateur est maintenant celui de \
             {ouvert} : rien n'a été enregistré. Revenez au récapitulatif, ouvrez le dossier de {prenom}, puis \
             recommencez."
        ),
        None => "Ce formulaire n'est pas celui de l'élève connecté (une autre connexion a eu lieu dans ce \
                 navigateur) : rien n'a été enregistré. Reconnectez-vous avec le code de cet élève, puis recommencez."
            .into(),
    }))
}

/// `POST /enfant`: opens the file of a child already in the session (`eleve_ref`).
pub async fn ouvrir(app: &Arc<App>, headers: &HeaderMap, body: Incoming) -> Result<Resp, HttpError> {
    require_type(headers, FORM)?;
    let form = parse_form(&read_body(headers, body).await?)?;
    session::current(app, headers)?.ok_or(HttpError::Unauthorized)?;
    let (token_hash, enfant) = child_of_form(app, headers, &form)?;
    match enfant.filter(|e| e.ajoute) {
        Some(e) => {
            app.writer
                .run(move |conn| fratrie::ouvrir(conn, &token_hash, e.id))
                .await?;
            Ok(to_worker(app, "/resume"))
        }
        None => Err(HttpError::Conflict(
            "Cet enfant n'est pas dans votre session : indiquez d'abord sa date de naissance sur la page \
             récapitulative."
                .into(),
        )),
    }
}

/// `POST /enfant/ajout`: `eleve_ref` and `date_naissance` of a sibling. The right date adds
/// it to the session and opens its file; a wrong one says only that, and counts against the
/// sibling's code and the client's address like a wrong login.
pub async fn ajouter(app: &Arc<App>, headers: &HeaderMap, body: Incoming, peer: SocketAddr) -> Result<Resp, HttpError> {
    require_type(headers, FORM)?;
    let form = parse_form(&read_body(headers, body).await?)?;
    let session = session::current(app, headers)?.ok_or(HttpError::Unauthorized)?;
    let (token_hash, enfant) = child_of_form(app, headers, &form)?;
    let Some(enfant) = enfant else {
        return Ok(to_worker(app, "/resume"));
    };
    let back = |alerte: &str| {
        to_worker(
            app,
            &format!("/resume?alerte={alerte}&enfant={}#fratrie", eleve_ref(app, enfant.id)),
        )
    };
    let Some(date) = form.get("date_naissance").and_then(|d| birth_date(d.trim())) else {
        return Ok(back("formulaire"));
    };
    let attempt = LoginAttempt {
        uai: session.uai.clone(),
        code_hash: String::new(),
        adresse_hash: app.hasher.hash_address(&client_address(app, headers, peer)),
        date_naissance: date,
        token_hash: token_hash.clone(),
        now: app.now(),
        session_ttl: Duration::try_from(app.config.session_ttl).unwrap_or(Duration::hours(2)),
        appareil: false,
    };
    let id = enfant.id;
    let outcome = app
        .writer
        .run(move |conn| fratrie::ajouter(conn, &token_hash, id, &attempt))
        .await?;
    Ok(match outcome {
        AjoutOutcome::Ajoute => to_worker(app, "/resume?alerte=ajoute"),
        AjoutOutcome::Inconnu => to_worker(app, "/resume"),
        AjoutOutcome::Refus(LoginOutcome::Verrouille { jusqu_a }) => {
            back(&format!("verrouille&reessayer={}", paris_hhmm(jusqu_a)))
        }
        AjoutOutcome::Refus(_) => back("date"),
    })
}

/// The session's token hash and the child or sibling the form's `eleve_ref` names.
fn child_of_form(
    app: &App,
    headers: &HeaderMap,
    form: &std::collections::BTreeMap<String, String>,
) -> Result<(String, Option<Enfant>), HttpError> {
    let token_hash = token_hash(app, headers).ok_or(HttpError::Unauthorized)?;
    let wanted = form.get(ELEVE_REF).map(|r| r.trim()).unwrap_or("");
    let enfants = app.readers.run(|conn| fratrie::enfants(conn, &token_hash))?;
    let enfant = enfants.into_iter().find(|e| eleve_ref(app, e.id) == wanted);
    Ok((token_hash, enfant))
}
