//! The family's session cookie: a 256-bit random token; the database knows only its hash.
//! Also what every cookie of the site shares: a `__Host-` name, `Secure`, `Path=/` and no
//! Domain (neither a sibling domain nor plain http can set or overwrite it), except in the
//! local demo on plain http, where browsers would drop a Secure cookie.

use super::error::HttpError;
use crate::app::App;
use crate::store::sessions::{self, SessionEleve};
use hyper::header::{HeaderMap, HeaderValue, COOKIE};
use std::sync::Arc;
use time::Duration;

/// One cookie of the site: its name in production and in the loopback demo.
#[derive(Debug, Clone, Copy)]
pub struct SiteCookie {
    /// `__Host-…`: only a secure page of this very host may set it.
    pub secure_name: &'static str,
    /// The demo's name (plain http on 127.0.0.1).
    pub plain_name: &'static str,
}

impl SiteCookie {
    /// The name this site uses, decided by its configured public address.
    pub fn name(&self, app: &App) -> &'static str {
        if app.plain_cookies {
            self.plain_name
        } else {
            self.secure_name
        }
    }

    /// The value the browser sent under this site's name (never under the other one: a
    /// plain cookie planted by a sibling domain or over http is not read in production).
    pub fn value<'h>(&self, app: &App, headers: &'h HeaderMap) -> Option<&'h str> {
        cookie_value(headers, self.name(app))
    }

    /// `Set-Cookie` for `value`: HttpOnly, SameSite=Lax, Path=/, Secure unless in the demo;
    /// `max_age` in seconds, None for a cookie the browser forgets when closed.
    pub fn set(&self, app: &App, value: &str, max_age: Option<i64>) -> HeaderValue {
        let secure = if app.plain_cookies { "" } else { "; Secure" };
        let max_age = max_age.map(|s| format!("; Max-Age={s}")).unwrap_or_default();
        HeaderValue::from_str(&format!(
            "{}={value}; Path=/; HttpOnly; SameSite=Lax{secure}{max_age}",
            self.name(app)
        ))
        .expect("cookie values are hex and dots")
    }

    /// `Set-Cookie` that removes it.
    pub fn clear(&self, app: &App) -> HeaderValue {
        self.set(app, "", Some(0))
    }
}

/// The family session cookie.
pub const SESSION: SiteCookie = SiteCookie {
    secure_name: "__Host-dossiersco_session",
    plain_name: "dossiersco_session",
};
/// A session's end is pushed back at most this often (a write), not on every request.
const REFRESH_EVERY: Duration = Duration::minutes(5);

/// The token the browser sent, if it has the shape of one.
pub fn token<'h>(app: &App, headers: &'h HeaderMap) -> Option<&'h str> {
    SESSION.value(app, headers).filter(|v| is_token(v))
}

/// The session token in cookie `name` (families' or staff's), if it has the shape of one:
/// 64 hex digits, anything else is not worth a database lookup.
pub fn token_named<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    cookie_value(headers, name).filter(|v| is_token(v))
}

fn is_token(value: &str) -> bool {
    value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The value of cookie `name` in the request, trimmed.
pub fn cookie_value<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(cookie, _)| *cookie == name)
        .map(|(_, value)| value.trim())
}

/// `Set-Cookie` for a new session. No Max-Age: the browser forgets it when closed, and the
/// server ends it after the idle time, or its absolute lifetime, anyway.
pub fn set_cookie(app: &App, token: &str) -> HeaderValue {
    SESSION.set(app, token, None)
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie(app: &App) -> HeaderValue {
    SESSION.clear(app)
}

/// Idle time of a family session.
pub fn idle_ttl(app: &App) -> Duration {
    Duration::try_from(app.config.session_ttl).unwrap_or(Duration::hours(2))
}

/// Longest life of a family session, from login, however active.
pub fn max_lifetime(app: &App) -> Duration {
    Duration::try_from(app.config.session_max_lifetime).unwrap_or(Duration::hours(12))
}

/// The pupil of the request's session, if it is live. Slides its expiry now and then,
/// never past its absolute lifetime.
pub fn current(app: &Arc<App>, headers: &HeaderMap) -> Result<Option<SessionEleve>, HttpError> {
    let Some(token) = token(app, headers) else {
        return Ok(None);
    };
    let token_hash = app.hasher.hash_token(token);
    let now = app.now();
    let found = app.readers.run(|conn| sessions::find(conn, &token_hash, now))?;
    if let Some(session) = &found {
        slide(app, session, token_hash, now);
    }
    Ok(found)
}

/// Pushes back the end of `session` (found at `now` under `token_hash`) when it is due:
/// at most every few minutes a write, off the request's path; never past its lifetime.
/// For handlers that read the session with the rest of their data (one read transaction).
pub fn slide(app: &Arc<App>, session: &SessionEleve, token_hash: String, now: time::OffsetDateTime) {
    slide_with(app, session, now, || token_hash);
}

/// [`slide`], the token hashed only when the end is due to move (a pre-fill answered from
/// memory hashes nothing).
pub fn slide_with(
    app: &Arc<App>,
    session: &SessionEleve,
    now: time::OffsetDateTime,
    token_hash: impl FnOnce() -> String,
) {
    let new_end = (now + idle_ttl(app)).min(session.cree_le + max_lifetime(app));
    if new_end - session.expire_le >= REFRESH_EVERY {
        let token_hash = token_hash();
        let app = app.clone();
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
