//! Staff login: `POST /personnel/connexion` (an address → a one-time link by email, always
//! the same answer), `GET /personnel/lien?jeton=…` (the link → a page with a button, nothing
//! used), `POST /personnel/lien` (the button → the link used, a session),
//! `POST /personnel/deconnexion`.

use super::super::edge::{client_address, parse_form, read_body, require_type, FORM};
use super::super::error::HttpError;
use super::super::reply::{html, see_other, Resp};
use super::session;
use crate::app::render::esc;
use crate::app::App;
use crate::auth::new_session_token;
use crate::store::personnel::{self, LinkOutcome, LinkRequest, LinkRequestOutcome, LINK_TTL};
use hyper::body::Incoming;
use hyper::header::{HeaderMap, SET_COOKIE};
use hyper::StatusCode;
use serde_json::json;
use std::net::SocketAddr;
use std::sync::Arc;

pub async fn request_link(
    app: &Arc<App>,
    headers: &HeaderMap,
    body: Incoming,
    peer: SocketAddr,
) -> Result<Resp, HttpError> {
    require_type(headers, FORM)?;
    let form = parse_form(&read_body(headers, body).await?)?;
    let field = |name: &str| form.get(name).map(|v| v.trim()).unwrap_or("");
    let uai = field("uai").to_ascii_uppercase();
    let Some(school) = app.content.schools.get(&uai) else {
        return Ok(see_other(app, "/"));
    };
    let back = |marker: &str| see_other(app, &format!("/{uai}/personnel/{marker}"));
    let courriel = field("courriel").to_lowercase();
    if courriel.is_empty() || courriel.len() > 254 {
        return Ok(back("#erreur-formulaire"));
    }
    let known = school
        .etab
        .personnels
        .iter()
        .find(|p| p.eq_ignore_ascii_case(&courriel))
        .cloned();
    let token = new_session_token();
    let request = LinkRequest {
        uai: uai.clone(),
        courriel_hash: app.hasher.hash("courriel_personnel", &courriel),
        adresse_hash: app.hasher.hash_address(&client_address(app, headers, peer)),
        courriel: known.clone(),
        token_hash: link_hash(app, &token),
        now: app.now(),
    };
    // The email is rendered before the write so that it is queued in the link's transaction.
    let email = match &known {
        Some(address) => Some(app.mail.personnel.login_link(
            &app.content.site,
            &school.etab,
            address,
            &format!("{}/personnel/lien?jeton={token}", worker_base(app)),
            LINK_TTL.whole_minutes(),
        )?),
        None => None,
    };
    let outcome = app
        .writer
        .run(move |conn| {
            let outcome = personnel::request_link(conn, &request)?;
            if let (LinkRequestOutcome::Envoyer, Some(email)) = (outcome, &email) {
                crate::store::outbox::enqueue(conn, email)?;
            }
            Ok(outcome)
        })
        .await?;
    tracing::info!(uai = %uai, envoye = outcome == LinkRequestOutcome::Envoyer, "demande de lien personnel");
    Ok(match outcome {
        LinkRequestOutcome::TropDeDemandes => back("#trop-de-demandes"),
        LinkRequestOutcome::Envoyer => {
            app.mail.wake();
            back("#lien-envoye")
        }
        LinkRequestOutcome::Rien => back("#lien-envoye"),
    })
}

/// `GET /personnel/lien?jeton=…`: the page the emailed link opens, with a button. Nothing is
/// used here: mail scanners open every link of a message before the staff member does, and
/// a link used by a GET would be spent before it is clicked.
pub async fn open_link(app: &Arc<App>, query: Option<&str>) -> Result<Resp, HttpError> {
    let token = query
        .unwrap_or("")
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| *name == "jeton")
        .and_then(|(_, value)| well_formed(value));
    let Some(token) = token else {
        return Ok(link_page(app, StatusCode::BAD_REQUEST, None, LinkProblem::Inconnu));
    };
    let link = link_hash(app, &token);
    let now = app.now();
    let content = app.content.clone();
    let outcome = app.readers.run(move |conn| {
        personnel::peek_link(conn, &link, now, |uai, courriel| still_staff(&content, uai, courriel))
    })?;
    match outcome {
        LinkOutcome::Ouvrable { uai } => {
            let page = app.renderer.render_page(
                "personnel/lien.html",
                &uai,
                &json!({ "page": "lien", "jeton": token, "minutes": LINK_TTL.whole_minutes() }),
            )?;
            let mut resp = html(StatusCode::OK, page);
            // The token is in this page's address: its requests (stylesheet, scripts, the
            // button's POST) carry only the site's origin as Referer, so the token reaches no
            // log. Not « no-referrer » (the page's former meta tag): browsers then send
            // « Origin: null » with the button's POST, which the same-origin check refuses —
            // no real browser could log in — and the meta came after the stylesheet anyway.
            resp.headers_mut().insert(
                hyper::header::REFERRER_POLICY,
                hyper::header::HeaderValue::from_static("strict-origin"),
            );
            Ok(resp)
        }
        other => Ok(problem(app, other)),
    }
}

/// `POST /personnel/lien` (`jeton=…`), the button of [`open_link`]'s page: uses the link
/// once and opens the staff session. The origin is checked by the router, as for every
/// staff post.
pub async fn use_link(app: &Arc<App>, headers: &HeaderMap, body: Incoming) -> Result<Resp, HttpError> {
    require_type(headers, FORM)?;
    let form = parse_form(&read_body(headers, body).await?)?;
    let Some(token) = form.get("jeton").and_then(|v| well_formed(v)) else {
        return Ok(link_page(app, StatusCode::BAD_REQUEST, None, LinkProblem::Inconnu));
    };
    let link = link_hash(app, &token);
    let session_token = new_session_token();
    let session_hash = session::hash(app, &session_token);
    let (now, ttl) = (app.now(), session::ttl(app));
    let content = app.content.clone();
    let outcome = app
        .writer
        .run(move |conn| {
            personnel::use_link(conn, &link, &session_hash, now, ttl, |uai, courriel| {
                still_staff(&content, uai, courriel)
            })
        })
        .await?;
    Ok(match outcome {
        LinkOutcome::Connecte { uai, .. } => {
            tracing::info!(uai = %uai, "connexion personnel");
            let mut resp = see_other(app, &format!("/{uai}/personnel/tableau/"));
            resp.headers_mut()
                .insert(SET_COOKIE, session::set_cookie(app, &session_token));
            resp
        }
        other => problem(app, other),
    })
}

/// A token as the link carries it (64 hex digits), lowercased; None otherwise.
fn well_formed(value: &str) -> Option<String> {
    let value = value.trim();
    (value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit())).then(|| value.to_ascii_lowercase())
}

/// Whether `courriel` is still one of school `uai`'s staff in the content.
fn still_staff(content: &crate::app::content::Content, uai: &str, courriel: &str) -> bool {
    content
        .schools
        .get(uai)
        .is_some_and(|s| s.etab.personnels.iter().any(|p| p.eq_ignore_ascii_case(courriel)))
}

/// The page of a link that opens nothing.
fn problem(app: &App, outcome: LinkOutcome) -> Resp {
    match outcome {
        LinkOutcome::DejaUtilise { uai } => link_page(app, StatusCode::GONE, Some(&uai), LinkProblem::DejaUtilise),
        LinkOutcome::Expire { uai } => link_page(app, StatusCode::GONE, Some(&uai), LinkProblem::Expire),
        LinkOutcome::Retire { uai } => link_page(app, StatusCode::FORBIDDEN, Some(&uai), LinkProblem::Retire),
        LinkOutcome::Inconnu | LinkOutcome::Connecte { .. } | LinkOutcome::Ouvrable { .. } => {
            link_page(app, StatusCode::BAD_REQUEST, None, LinkProblem::Inconnu)
        }
    }
}

pub async fn logout(app: &Arc<App>, headers: &HeaderMap) -> Result<Resp, HttpError> {
    let current = session::current(app, headers)?;
    if let Some(token) = session::token(app, headers) {
        let token_hash = session::hash(app, token);
        app.writer
            .run(move |conn| personnel::end_session(conn, &token_hash))
            .await?;
    }
    let target = match current {
        Some(s) => format!("/{}/personnel/#deconnecte", s.uai),
        None => "/".into(),
    };
    let mut resp = see_other(app, &target);
    resp.headers_mut().insert(SET_COOKIE, session::clear_cookie(app));
    Ok(resp)
}

/// Hash of a login link's token.
fn link_hash(app: &App, token: &str) -> String {
    app.hasher.hash("lien_personnel", token)
}

/// Where the worker answers, as an absolute URL (the link is opened from an email).
fn worker_base(app: &App) -> String {
    let site = &app.content.site;
    let base = if site.url_worker.is_empty() {
        &site.url_base
    } else {
        &site.url_worker
    };
    base.trim_end_matches('/').to_string()
}

enum LinkProblem {
    Inconnu,
    DejaUtilise,
    Expire,
    Retire,
}

/// A clear French page for a link that cannot open a session; no session is created.
fn link_page(app: &App, status: StatusCode, uai: Option<&str>, problem: LinkProblem) -> Resp {
    let (title, message) = match problem {
        LinkProblem::Inconnu => (
            "Lien de connexion invalide",
            "Ce lien de connexion n'est pas valide : il a peut-être été mal copié. Copiez l'adresse complète \
             depuis le courriel, ou demandez un nouveau lien.",
        ),
        LinkProblem::DejaUtilise => (
            "Lien déjà utilisé",
            "Ce lien de connexion a déjà servi : par sécurité, un lien ne fonctionne qu'une fois. Demandez-en un \
             nouveau pour vous connecter.",
        ),
        LinkProblem::Expire => (
            "Lien expiré",
            "Ce lien de connexion a expiré : il n'est valable que 15 minutes. Demandez-en un nouveau pour vous \
             connecter.",
        ),
        LinkProblem::Retire => (
            "Accès retiré",
            "Cette adresse ne fait plus partie des personnels de l'établissement : contactez la direction du \
             collège.",
        ),
    };
    let again = match uai {
        Some(uai) => format!(
            "<p><a href=\"{}/{}/personnel/\">Demander un nouveau lien de connexion</a></p>",
            esc(&app.pages_base),
            esc(uai)
        ),
        None => format!("<p><a href=\"{}/\">Retour à l'accueil</a></p>", esc(&app.pages_base)),
    };
    html(
        status,
        format!(
            "<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{t}</title><main><h1>{t}</h1><p>{m}</p>{again}</main></html>",
            t = esc(title),
            m = esc(message),
        ),
    )
}
