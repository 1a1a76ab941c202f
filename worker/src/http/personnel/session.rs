//! The staff session cookie: its own name (a family's and a staff member's sessions never mix),
//! a 256-bit random token whose hash only the database knows.

use super::super::error::HttpError;
use super::super::session::SiteCookie;
use crate::app::App;
use crate::store::personnel::{self, StaffSession};
use hyper::header::{HeaderMap, HeaderValue};
use std::sync::Arc;
use time::Duration;

/// The staff cookie (`__Host-` and Secure but in the loopback demo, like the families').
pub const COOKIE: SiteCookie = SiteCookie {
    secure_name: "__Host-dossiersco_personnel",
    plain_name: "dossiersco_personnel",
};
/// A session's end is pushed back at most this often.
const REFRESH_EVERY: Duration = Duration::minutes(5);

/// The token the browser sent, if it has the shape of one.
pub fn token<'h>(app: &App, headers: &'h HeaderMap) -> Option<&'h str> {
    super::super::session::token_named(headers, COOKIE.name(app))
}

/// Hash of a staff session token (its own domain: never equal to a family token's hash).
pub fn hash(app: &App, token: &str) -> String {
    app.hasher.hash("session_personnel", token)
}

/// `Set-Cookie` of a new staff session. SameSite=Lax: it is set by the answer to the link
/// opened from an email (a top-level GET), and sent on the redirect that follows.
pub fn set_cookie(app: &App, token: &str) -> HeaderValue {
    COOKIE.set(app, token, None)
}

/// `Set-Cookie` that removes the staff cookie.
pub fn clear_cookie(app: &App) -> HeaderValue {
    COOKIE.clear(app)
}

/// How long a staff session lasts without activity (the families' setting).
pub fn ttl(app: &App) -> Duration {
    Duration::try_from(app.config.session_ttl).unwrap_or(Duration::hours(2))
}

/// The staff session of the request: live, and its address still one of its school's staff
/// (removing someone from the content ends their access at the next restart).
pub fn current(app: &Arc<App>, headers: &HeaderMap) -> Result<Option<StaffSession>, HttpError> {
    let Some(token) = token(app, headers) else {
        return Ok(None);
    };
    let token_hash = hash(app, token);
    let now = app.now();
    let found = app
        .readers
        .run(|conn| personnel::find_session(conn, &token_hash, now))?
        .filter(|s| is_staff(app, &s.uai, &s.courriel));
    if let Some(session) = &found {
        let ttl = ttl(app);
        if session.expire_le - now < ttl - REFRESH_EVERY {
            let app = app.clone();
            tokio::spawn(async move {
                let refreshed = app
                    .writer
                    .run(move |conn| personnel::refresh_session(conn, &token_hash, now + ttl))
                    .await;
                if let Err(err) = refreshed {
                    tracing::warn!(error = %format!("{err:#}"), "prolongation de session personnel impossible");
                }
            });
        }
    }
    Ok(found)
}

/// The staff session, or 401.
pub fn require(app: &Arc<App>, headers: &HeaderMap) -> Result<StaffSession, HttpError> {
    current(app, headers)?.ok_or(HttpError::Unauthorized)
}

/// Whether `courriel` is declared staff of school `uai` in the content.
pub fn is_staff(app: &App, uai: &str, courriel: &str) -> bool {
    app.content
        .schools
        .get(uai)
        .is_some_and(|s| s.etab.personnels.iter().any(|p| p.eq_ignore_ascii_case(courriel)))
}
