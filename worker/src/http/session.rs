//! The family's session cookie: a 256-bit random token; the database knows only its hash.

use super::error::HttpError;
use crate::app::App;
use crate::store::sessions::{self, SessionEleve};
use hyper::header::{HeaderMap, HeaderValue, COOKIE};
use std::sync::Arc;
use time::Duration;

/// Name of the cookie (TEAM contract).
pub const COOKIE_NAME: &str = "dossiersco_session";
/// A session's end is pushed back at most this often (a write), not on every request.
const REFRESH_EVERY: Duration = Duration::minutes(5);

/// The token the browser sent, if it has the shape of one.
pub fn token(headers: &HeaderMap) -> Option<&str> {
    token_named(headers, COOKIE_NAME)
}

/// The session token in cookie `name` (families' or staff's), if it has the shape of one:
/// 64 hex digits, anything else is not worth a database lookup.
pub fn token_named<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(cookie, _)| *cookie == name)
        .map(|(_, value)| value.trim())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `Set-Cookie` for a new session. No Max-Age: the browser forgets it when closed, and the
/// server ends it after the idle time anyway.
pub fn set_cookie(token: &str, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Lax{secure}"
    ))
    .expect("hex token is a valid header value")
}

/// The pupil of the request's session, if it is live. Slides its expiry now and then.
pub fn current(app: &Arc<App>, headers: &HeaderMap) -> Result<Option<SessionEleve>, HttpError> {
    let Some(token) = token(headers) else {
        return Ok(None);
    };
    let token_hash = app.hasher.hash_token(token);
    let now = app.now();
    let found = app.readers.run(|conn| sessions::find(conn, &token_hash, now))?;
    if let Some(session) = &found {
        let ttl = Duration::try_from(app.config.session_ttl).unwrap_or(Duration::hours(2));
        if session.expire_le - now < ttl - REFRESH_EVERY {
            let app = app.clone();
            let new_end = now + ttl;
            tokio::spawn(async move {
                let refreshed = app
                    .writer
                    .run(move |conn| sessions::refresh(conn, &token_hash, new_end))
                    .await;
                if let Err(err) = refreshed {
                    tracing::warn!(error = %format!("{err:#}"), "prolongation de session impossible");
                }
            });
        }
    }
    Ok(found)
}
