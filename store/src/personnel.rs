//! Staff logins: one-time links (rate-limited requests), staff sessions. Tokens and
//! addresses arrive hashed; the school of a session is the only school its queries see.

use crate::conn::{params, Conn, OptionalExtension};
use anyhow::Result;
use time::{Duration, OffsetDateTime};

use dossiersco_model::clock::{parse_timestamp, timestamp};

/// How long a login link works.
pub const LINK_TTL: Duration = Duration::minutes(15);
/// Link requests allowed per staff address within [`REQUEST_WINDOW`] (known address or not).
pub const MAX_REQUESTS_PER_EMAIL: i64 = 3;
/// Link requests allowed per client address within [`REQUEST_WINDOW`].
pub const MAX_REQUESTS_PER_CLIENT: i64 = 10;
/// Sliding window of the request limits.
pub const REQUEST_WINDOW: Duration = Duration::minutes(15);

/// A link request as the HTTP layer hands it over.
pub struct LinkRequest {
    pub uai: String,
    pub courriel_hash: String,
    pub adresse_hash: String,
    /// The staff address when it is one of the school's, else None (nothing is sent).
    pub courriel: Option<String>,
    /// Hash of the link's token.
    pub token_hash: String,
    pub now: OffsetDateTime,
}

/// What became of a link request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkRequestOutcome {
    /// A link was recorded for a known address: send it.
    Envoyer,
    /// Unknown address, or too many requests for this address: nothing to send (the answer
    /// stays the same, so nobody learns which addresses are staff).
    Rien,
    /// Too many requests from this client.
    TropDeDemandes,
}

/// Traces the request, applies the limits and records the link when one is to be sent.
pub fn request_link(conn: &Conn, req: &LinkRequest) -> Result<LinkRequestOutcome> {
    let since = timestamp(req.now - REQUEST_WINDOW);
    let count = |column: &str, value: &str| -> Result<i64> {
        Ok(conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM personnel_demandes WHERE {column} = ?1 AND le > ?2"
            ))?
            .query_row(params![value, since], |r| r.get(0))?)
    };
    if count("adresse_hash", &req.adresse_hash)? >= MAX_REQUESTS_PER_CLIENT {
        return Ok(LinkRequestOutcome::TropDeDemandes);
    }
    let per_email = count("courriel_hash", &req.courriel_hash)?;
    let now = timestamp(req.now);
    conn.prepare_cached(
        "INSERT INTO personnel_demandes (uai, courriel_hash, adresse_hash, le) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![req.uai, req.courriel_hash, req.adresse_hash, now])?;
    let Some(courriel) = req.courriel.as_deref().filter(|_| per_email < MAX_REQUESTS_PER_EMAIL) else {
        return Ok(LinkRequestOutcome::Rien);
    };
    conn.prepare_cached(
        "INSERT INTO personnel_liens (token_hash, uai, courriel, cree_le, expire_le) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        req.token_hash,
        req.uai,
        courriel,
        now,
        timestamp(req.now + LINK_TTL)
    ])?;
    Ok(LinkRequestOutcome::Envoyer)
}

/// Why a link did not open a session, or the session it opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkOutcome {
    Connecte {
        uai: String,
        courriel: String,
    },
    /// Live and unused ([`peek_link`]): its page offers the button that uses it.
    Ouvrable {
        uai: String,
    },
    /// No such link (mistyped, or from another database).
    Inconnu,
    /// Already used once.
    DejaUtilise {
        uai: String,
    },
    /// Its 15 minutes are over.
    Expire {
        uai: String,
    },
    /// The address is no longer one of the school's staff.
    Retire {
        uai: String,
    },
}

/// What the link `link_hash` would do now, without using it: `GET /personnel/lien` (which
/// mail scanners open before the staff member does) only reads.
pub fn peek_link(
    conn: &Conn,
    link_hash: &str,
    now: OffsetDateTime,
    still_staff: impl Fn(&str, &str) -> bool,
) -> Result<LinkOutcome> {
    Ok(match live_link(conn, link_hash, now, still_staff)? {
        Ok((uai, _)) => LinkOutcome::Ouvrable { uai },
        Err(problem) => problem,
    })
}

/// Uses the link `link_hash`: when it is live and `still_staff(uai, courriel)`, marks it used
/// and opens a session `session_hash` lasting `session_ttl`. One transaction (the writer's),
/// so a link opens at most one session.
pub fn use_link(
    conn: &Conn,
    link_hash: &str,
    session_hash: &str,
    now: OffsetDateTime,
    session_ttl: Duration,
    still_staff: impl Fn(&str, &str) -> bool,
) -> Result<LinkOutcome> {
    let (uai, courriel) = match live_link(conn, link_hash, now, still_staff)? {
        Ok(link) => link,
        Err(problem) => return Ok(problem),
    };
    let ts = timestamp(now);
    conn.prepare_cached("UPDATE personnel_liens SET utilise_le = ?2 WHERE token_hash = ?1")?
        .execute(params![link_hash, ts])?;
    conn.prepare_cached(
        "INSERT INTO personnel_sessions (token_hash, uai, courriel, cree_le, expire_le) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![session_hash, uai, courriel, ts, timestamp(now + session_ttl)])?;
    Ok(LinkOutcome::Connecte { uai, courriel })
}

/// (school, address) of a link that may open a session at `now`, or why it may not.
fn live_link(
    conn: &Conn,
    link_hash: &str,
    now: OffsetDateTime,
    still_staff: impl Fn(&str, &str) -> bool,
) -> Result<std::result::Result<(String, String), LinkOutcome>> {
    let link: Option<(String, String, String, Option<String>)> = conn
        .prepare_cached("SELECT uai, courriel, expire_le, utilise_le FROM personnel_liens WHERE token_hash = ?1")?
        .query_row([link_hash], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    let Some((uai, courriel, expire_le, utilise_le)) = link else {
        return Ok(Err(LinkOutcome::Inconnu));
    };
    if utilise_le.is_some() {
        return Ok(Err(LinkOutcome::DejaUtilise { uai }));
    }
    if parse_timestamp(&expire_le).is_none_or(|end| end <= now) {
        return Ok(Err(LinkOutcome::Expire { uai }));
    }
    if !still_staff(&uai, &courriel) {
        return Ok(Err(LinkOutcome::Retire { uai }));
    }
    Ok(Ok((uai, courriel)))
}

/// A live staff session: the school it is for, and who.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffSession {
    pub uai: String,
    pub courriel: String,
    pub expire_le: OffsetDateTime,
}

/// The staff session of `token_hash`, if live at `now`.
pub fn find_session(conn: &Conn, token_hash: &str, now: OffsetDateTime) -> Result<Option<StaffSession>> {
    let row: Option<(String, String, String)> = conn
        .prepare_cached("SELECT uai, courriel, expire_le FROM personnel_sessions WHERE token_hash = ?1")?
        .query_row([token_hash], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    Ok(row.and_then(|(uai, courriel, expire)| {
        let expire_le = parse_timestamp(&expire).filter(|end| *end > now)?;
        Some(StaffSession {
            uai,
            courriel,
            expire_le,
        })
    }))
}

/// Pushes a staff session's end further (sliding expiry).
pub fn refresh_session(conn: &Conn, token_hash: &str, expire_le: OffsetDateTime) -> Result<()> {
    conn.prepare_cached("UPDATE personnel_sessions SET expire_le = ?2 WHERE token_hash = ?1")?
        .execute(params![token_hash, timestamp(expire_le)])?;
    Ok(())
}

/// Ends a staff session (logout).
pub fn end_session(conn: &Conn, token_hash: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM personnel_sessions WHERE token_hash = ?1")?
        .execute([token_hash])?;
    Ok(())
}

/// Deletes ended sessions, used or expired links, and request traces past their window.
pub fn purge_expired(conn: &Conn, now: OffsetDateTime) -> Result<usize> {
    let now_ts = timestamp(now);
    let mut n = conn.execute("DELETE FROM personnel_sessions WHERE expire_le <= ?1", [&now_ts])?;
    n += conn.execute("DELETE FROM personnel_liens WHERE expire_le <= ?1", [&now_ts])?;
    n += conn.execute(
        "DELETE FROM personnel_demandes WHERE le <= ?1",
        [timestamp(now - REQUEST_WINDOW)],
    )?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn request(courriel: Option<&str>, client: &str, token: &str, now: OffsetDateTime) -> LinkRequest {
        LinkRequest {
            uai: "0699901M".into(),
            courriel_hash: format!("h:{}", courriel.unwrap_or("inconnu")),
            adresse_hash: client.into(),
            courriel: courriel.map(Into::into),
            token_hash: token.into(),
            now,
        }
    }

    fn db() -> (tempfile::TempDir, Conn) {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::open(&dir.path().join("db.sqlite")).unwrap();
        (dir, conn)
    }

    #[test]
    fn a_link_opens_one_session_within_its_15_minutes() {
        let (_dir, conn) = db();
        let t0 = datetime!(2027-04-10 08:00 UTC);
        let staff = |_: &str, c: &str| c == "direction@example.fr";
        let req = request(Some("direction@example.fr"), "ip1", "lien1", t0);
        assert_eq!(request_link(&conn, &req).unwrap(), LinkRequestOutcome::Envoyer);
        let later = t0 + Duration::minutes(14);
        // Looking at it (a mail scanner's GET) uses nothing, however often.
        for _ in 0..3 {
            let peeked = peek_link(&conn, "lien1", later, staff).unwrap();
            assert_eq!(peeked, LinkOutcome::Ouvrable { uai: "0699901M".into() });
        }
        let outcome = use_link(&conn, "lien1", "s1", later, Duration::hours(2), staff).unwrap();
        assert!(matches!(outcome, LinkOutcome::Connecte { .. }), "{outcome:?}");
        assert!(find_session(&conn, "s1", later).unwrap().is_some());
        assert!(find_session(&conn, "s1", later + Duration::hours(2)).unwrap().is_none());
        // Used once: the same link again opens nothing.
        let again = use_link(&conn, "lien1", "s2", later, Duration::hours(2), staff).unwrap();
        assert!(matches!(again, LinkOutcome::DejaUtilise { .. }), "{again:?}");
        let peeked = peek_link(&conn, "lien1", later, staff).unwrap();
        assert!(matches!(peeked, LinkOutcome::DejaUtilise { .. }), "{peeked:?}");
        assert!(find_session(&conn, "s2", later).unwrap().is_none());

        // Clock injection: the same link 15 minutes after it was sent has expired.
        let req = request(Some("direction@example.fr"), "ip1", "lien2", t0);
        assert_eq!(request_link(&conn, &req).unwrap(), LinkRequestOutcome::Envoyer);
        let late = use_link(&conn, "lien2", "s3", t0 + LINK_TTL, Duration::hours(2), staff).unwrap();
        assert!(matches!(late, LinkOutcome::Expire { .. }), "{late:?}");
        let unknown = use_link(&conn, "nope", "s4", t0, Duration::hours(2), staff).unwrap();
        assert_eq!(unknown, LinkOutcome::Inconnu);
        // Removed from the content since: no session.
        let req = request(Some("direction@example.fr"), "ip1", "lien3", t0);
        request_link(&conn, &req).unwrap();
        let removed = use_link(&conn, "lien3", "s5", t0, Duration::hours(2), |_, _| false).unwrap();
        assert!(matches!(removed, LinkOutcome::Retire { .. }), "{removed:?}");
    }

    #[test]
    fn requests_are_limited_per_address_and_per_client_known_or_not() {
        let (_dir, conn) = db();
        let t0 = datetime!(2027-04-10 08:00 UTC);
        for i in 0..MAX_REQUESTS_PER_EMAIL {
            let req = request(Some("a@example.fr"), &format!("ip{i}"), &format!("t{i}"), t0);
            assert_eq!(request_link(&conn, &req).unwrap(), LinkRequestOutcome::Envoyer);
        }
        let req = request(Some("a@example.fr"), "ipx", "tx", t0);
        assert_eq!(request_link(&conn, &req).unwrap(), LinkRequestOutcome::Rien);
        // After the window, links are sent again.
        let req = request(Some("a@example.fr"), "ipx", "ty", t0 + REQUEST_WINDOW);
        assert_eq!(request_link(&conn, &req).unwrap(), LinkRequestOutcome::Envoyer);

        for i in 0..MAX_REQUESTS_PER_CLIENT {
            let req = request(None, "bavard", &format!("u{i}"), t0);
            assert_eq!(request_link(&conn, &req).unwrap(), LinkRequestOutcome::Rien);
        }
        let req = request(Some("b@example.fr"), "bavard", "ub", t0);
        assert_eq!(request_link(&conn, &req).unwrap(), LinkRequestOutcome::TropDeDemandes);
    }
}
