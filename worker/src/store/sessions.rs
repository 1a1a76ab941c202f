//! Family logins and sessions: attempts (with brute-force limits), session rows.
//! Tokens and codes arrive here already hashed; addresses too.

use anyhow::Result;
use dossiersco_model::DossierState;
use rusqlite::{params, Connection, OptionalExtension};
use time::{Duration, OffsetDateTime};

use crate::clock::{parse_timestamp, timestamp};

/// Failures allowed per access code within [`WINDOW`].
pub const MAX_FAILURES_PER_CODE: i64 = 5;
/// Failures allowed per client address within [`WINDOW`] (several families may share one).
pub const MAX_FAILURES_PER_ADDRESS: i64 = 30;
/// Sliding window of the limits.
pub const WINDOW: Duration = Duration::minutes(15);

/// What a session gives access to: one pupil's file, nothing else.
#[derive(Debug, Clone)]
pub struct SessionEleve {
    pub eleve_id: i64,
    pub uai: String,
    /// Next year's level; None for a pupil leaving the school.
    pub mef_destination: Option<String>,
    pub etat: DossierState,
    /// Option codes held this year (JSON array in the database).
    pub options_actuelles: Vec<String>,
    /// When the session ends if not used.
    pub expire_le: OffsetDateTime,
}

/// The pupil of a live session.
pub fn find(conn: &Connection, token_hash: &str, now: OffsetDateTime) -> Result<Option<SessionEleve>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.expire_le, e.id, e.uai, e.mef_destination, e.etat, e.options_actuelles
         FROM sessions s JOIN eleves e ON e.id = s.eleve_id WHERE s.token_hash = ?1",
    )?;
    let row = stmt
        .query_row([token_hash], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })
        .optional()?;
    let Some((expire, eleve_id, uai, mef_destination, etat, options)) = row else {
        return Ok(None);
    };
    let Some(expire_le) = parse_timestamp(&expire).filter(|t| *t > now) else {
        return Ok(None);
    };
    Ok(Some(SessionEleve {
        eleve_id,
        uai,
        mef_destination,
        etat: DossierState::parse(&etat).unwrap_or(DossierState::Connecte),
        options_actuelles: serde_json::from_str(&options).unwrap_or_default(),
        expire_le,
    }))
}

/// Pushes a session's end further (sliding expiry).
pub fn refresh(conn: &Connection, token_hash: &str, expire_le: OffsetDateTime) -> Result<()> {
    conn.prepare_cached("UPDATE sessions SET expire_le = ?2 WHERE token_hash = ?1")?
        .execute(params![token_hash, timestamp(expire_le)])?;
    Ok(())
}

/// Deletes ended sessions; returns how many.
pub fn purge_expired(conn: &Connection, now: OffsetDateTime) -> Result<usize> {
    Ok(conn.execute("DELETE FROM sessions WHERE expire_le <= ?1", [timestamp(now)])?)
}

/// A login attempt, as the HTTP layer hands it over.
pub struct LoginAttempt {
    pub uai: String,
    pub code_hash: String,
    pub adresse_hash: String,
    /// YYYY-MM-DD as typed (input type=date).
    pub date_naissance: String,
    /// Hash of the token the cookie will carry if the login succeeds.
    pub token_hash: String,
    pub now: OffsetDateTime,
    pub session_ttl: Duration,
}

/// How an attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginOutcome {
    /// Session created for this pupil.
    Connecte {
        eleve_id: i64,
        mef_destination: Option<String>,
    },
    /// Wrong code or wrong date (one answer for both).
    Refuse,
    /// Too many failures: no check was made; may try again at that instant.
    Verrouille { jusqu_a: OffsetDateTime },
}

/// Checks the limits, then the code and date; traces the attempt; opens the session.
/// Runs in the writer's transaction, so counting and recording cannot interleave.
pub fn login(conn: &Connection, attempt: &LoginAttempt) -> Result<LoginOutcome> {
    let outcome = authenticate(conn, attempt)?;
    if let LoginOutcome::Connecte { eleve_id, .. } = outcome {
        let ts = timestamp(attempt.now);
        conn.prepare_cached("INSERT INTO sessions (token_hash, eleve_id, cree_le, expire_le) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![
                attempt.token_hash,
                eleve_id,
                ts,
                timestamp(attempt.now + attempt.session_ttl)
            ])?;
        // Fratrie: the child whose code opened the session; its siblings may join it.
        conn.prepare_cached(
            "INSERT INTO session_eleves (token_hash, eleve_id, par_code, ajoute_le) VALUES (?1, ?2, 1, ?3)",
        )?
        .execute(params![attempt.token_hash, eleve_id, ts])?;
    }
    Ok(outcome)
}

/// The checks of a login without the session: limits, then the pupil of `code_hash` with
/// this birth date in this school; the attempt is traced and a success marks the pupil
/// connected. Also used for a sibling joining a session (its code hash, the date typed).
pub fn authenticate(conn: &Connection, attempt: &LoginAttempt) -> Result<LoginOutcome> {
    let now = attempt.now;
    let since = timestamp(now - WINDOW);
    // A success clears the code's past failures (but not the address's).
    let last_success: i64 = conn
        .prepare_cached("SELECT COALESCE(MAX(id), 0) FROM tentatives_connexion WHERE code_hash = ?1 AND reussie = 1")?
        .query_row([&attempt.code_hash], |r| r.get(0))?;
    let locked_code = locked_until(
        conn,
        "SELECT le FROM tentatives_connexion WHERE code_hash = ?1 AND reussie = 0 AND le > ?2 AND id > ?3
         ORDER BY id DESC LIMIT 1 OFFSET ?4",
        &attempt.code_hash,
        &since,
        last_success,
        MAX_FAILURES_PER_CODE,
    )?;
    let locked_address = locked_until(
        conn,
        "SELECT le FROM tentatives_connexion WHERE adresse_hash = ?1 AND reussie = 0 AND le > ?2 AND id > ?3
         ORDER BY id DESC LIMIT 1 OFFSET ?4",
        &attempt.adresse_hash,
        &since,
        0,
        MAX_FAILURES_PER_ADDRESS,
    )?;
    if let Some(jusqu_a) = locked_code.into_iter().chain(locked_address).max() {
        trace(conn, attempt, None)?;
        return Ok(LoginOutcome::Verrouille { jusqu_a });
    }

    let pupil: Option<(i64, String, String, Option<String>)> = conn
        .prepare_cached("SELECT id, uai, date_naissance, mef_destination FROM eleves WHERE code_hash = ?1")?
        .query_row([&attempt.code_hash], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some((eleve_id, _, _, mef_destination)) =
        pupil.filter(|(_, uai, date, _)| *uai == attempt.uai && *date == attempt.date_naissance.trim())
    else {
        trace(conn, attempt, None)?;
        return Ok(LoginOutcome::Refuse);
    };
    trace(conn, attempt, Some(eleve_id))?;
    let ts = timestamp(now);
    conn.prepare_cached(
        "UPDATE eleves SET
            modifie_le = CASE WHEN etat = 'non_connecte' THEN ?2 ELSE modifie_le END,
            etat = CASE WHEN etat = 'non_connecte' THEN 'connecte' ELSE etat END,
            premiere_connexion = COALESCE(premiere_connexion, ?2),
            derniere_connexion = ?2
         WHERE id = ?1",
    )?
    .execute(params![eleve_id, ts])?;
    Ok(LoginOutcome::Connecte {
        eleve_id,
        mef_destination,
    })
}

/// When `limit` failures already sit in the window: the instant the oldest of the last
/// `limit` leaves it.
fn locked_until(
    conn: &Connection,
    sql: &str,
    key: &str,
    since: &str,
    after_id: i64,
    limit: i64,
) -> Result<Option<OffsetDateTime>> {
    let nth: Option<String> = conn
        .prepare_cached(sql)?
        .query_row(params![key, since, after_id, limit - 1], |r| r.get(0))
        .optional()?;
    Ok(nth.and_then(|le| parse_timestamp(&le)).map(|le| le + WINDOW))
}

fn trace(conn: &Connection, attempt: &LoginAttempt, eleve_id: Option<i64>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO tentatives_connexion (uai, code_hash, adresse_hash, reussie, eleve_id, le)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        attempt.uai,
        attempt.code_hash,
        attempt.adresse_hash,
        eleve_id.is_some(),
        eleve_id,
        timestamp(attempt.now)
    ])?;
    Ok(())
}
