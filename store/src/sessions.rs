//! Family logins and sessions: attempts (with a brute-force backoff), session rows.
//! Tokens and codes arrive here already hashed; addresses too.
//!
//! Failures cost time rather than lock: past a few free ones, each failure doubles the wait
//! before the next attempt is even checked, up to a ceiling, and old failures are forgotten.
//! An attempt made while waiting is answered "try again at…" without checking the code and
//! without counting, so hammering a code gains an attacker nothing and cannot keep it shut.
//! A browser that logged in with a code before (the "known device" mark) has its own lane:
//! only failures made with that mark slow it down, never a stranger's.

use crate::conn::{params, Conn, OptionalExtension};
use anyhow::Result;
use dossiersco_model::DossierState;
use time::{Duration, OffsetDateTime};

use dossiersco_model::clock::{parse_timestamp, timestamp};

/// How failures on one key (an access code, a client address) slow down the next attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Failures that cost nothing (typing mistakes).
    pub free: u32,
    /// The longest wait, reached after `free + log2(max_wait in seconds)` failures.
    pub max_wait: Duration,
    /// Failures older than this are forgotten.
    pub memory: Duration,
    /// Each wait lengthened by up to a quarter, drawn from the last failure: an attacker
    /// trying on a fixed schedule (every 5 minutes, a divisor of the ceiling) then does
    /// not land on every reopening, and a family coming back at the time given gets there
    /// first.
    pub spread: bool,
}

impl Backoff {
    /// The wait after `failures` remembered failures: none while free, then 1 s, 2 s, 4 s…
    /// up to `max_wait`.
    pub fn wait(&self, failures: u32) -> Duration {
        if failures < self.free {
            return Duration::ZERO;
        }
        let doublings = (failures - self.free).min(40);
        Duration::seconds(1i64 << doublings).min(self.max_wait)
    }
}

/// Per access code: 3 free failures, then 1 s doubling up to 15 minutes (13 failures in
/// the first 17 minutes, then one every 15 minutes at most: 96 a day), forgotten after 4 hours.
pub const PER_CODE: Backoff = Backoff {
    free: 3,
    max_wait: Duration::minutes(15),
    memory: Duration::hours(4),
    spread: true,
};

/// Per client address (a school or a home behind one NAT address may hold many families):
/// 100 free failures an hour, then 1 s doubling up to 1 minute. Correct logins never count.
pub const PER_ADDRESS: Backoff = Backoff {
    free: 100,
    max_wait: Duration::minutes(1),
    memory: Duration::hours(1),
    spread: false,
};

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
    /// When the family logged in: the session never lives past a fixed time after it.
    pub cree_le: OffsetDateTime,
}

/// The pupil of a live session.
pub fn find(conn: &Conn, token_hash: &str, now: OffsetDateTime) -> Result<Option<SessionEleve>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.expire_le, e.id, e.uai, e.mef_destination, e.etat, e.options_actuelles, s.cree_le
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
                r.get::<_, String>(6)?,
            ))
        })
        .optional()?;
    let Some((expire, eleve_id, uai, mef_destination, etat, options, cree)) = row else {
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
        cree_le: parse_timestamp(&cree).unwrap_or(expire_le),
    }))
}

/// Pushes a session's end further (sliding expiry). The caller keeps it within the
/// session's absolute lifetime (see [`SessionEleve::cree_le`]).
pub fn refresh(conn: &Conn, token_hash: &str, expire_le: OffsetDateTime) -> Result<()> {
    conn.prepare_cached("UPDATE sessions SET expire_le = ?2 WHERE token_hash = ?1")?
        .execute(params![token_hash, timestamp(expire_le)])?;
    Ok(())
}

/// Ends a session now ("Se déconnecter"): the row and its children go; the token is dead.
/// Returns whether there was one.
pub fn end(conn: &Conn, token_hash: &str) -> Result<bool> {
    conn.prepare_cached("DELETE FROM session_eleves WHERE token_hash = ?1")?
        .execute([token_hash])?;
    let n = conn
        .prepare_cached("DELETE FROM sessions WHERE token_hash = ?1")?
        .execute([token_hash])?;
    Ok(n > 0)
}

/// Deletes ended sessions; returns how many.
pub fn purge_expired(conn: &Conn, now: OffsetDateTime) -> Result<usize> {
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
    /// How long the new session lasts (idle time, within its absolute lifetime).
    pub session_ttl: Duration,
    /// The browser carries the "known device" mark of this very code (it logged in with it
    /// before): strangers' failures do not hold it back, only failures made with the mark.
    pub appareil: bool,
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
    /// Too many recent failures: nothing was checked nor counted; may try again at that instant.
    Verrouille { jusqu_a: OffsetDateTime },
}

/// Checks the limits, then the code and date; traces the attempt; opens the session.
/// Runs in the writer's transaction, so counting and recording cannot interleave.
pub fn login(conn: &Conn, attempt: &LoginAttempt) -> Result<LoginOutcome> {
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

/// The checks of a login without the session: the backoff, then the pupil of `code_hash`
/// with this birth date in this school; a checked attempt is traced and a success marks
/// the pupil connected. Also used for a sibling joining a session (its code hash, the date
/// typed). An attempt held by the backoff writes nothing.
pub fn authenticate(conn: &Conn, attempt: &LoginAttempt) -> Result<LoginOutcome> {
    let now = attempt.now;
    if let Some(jusqu_a) = held_until(conn, attempt)? {
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

/// Until when the backoff holds this attempt, if it does now. A known device answers only
/// for the failures made with its mark on this code; anyone else for every failure on the
/// code and every failure from the address.
pub fn held_until(conn: &Conn, attempt: &LoginAttempt) -> Result<Option<OffsetDateTime>> {
    let lanes = if attempt.appareil {
        vec![lane(
            conn,
            "SELECT COUNT(*), MAX(le), MAX(id) FROM tentatives_connexion
             WHERE code_hash = ?1 AND reussie = 0 AND appareil = 1 AND le > ?2",
            &attempt.code_hash,
            attempt.now,
            PER_CODE,
        )?]
    } else {
        vec![
            lane(
                conn,
                "SELECT COUNT(*), MAX(le), MAX(id) FROM tentatives_connexion WHERE code_hash = ?1 AND reussie = 0 AND le > ?2",
                &attempt.code_hash,
                attempt.now,
                PER_CODE,
            )?,
            lane(
                conn,
                "SELECT COUNT(*), MAX(le), MAX(id) FROM tentatives_connexion WHERE adresse_hash = ?1 AND reussie = 0 AND le > ?2",
                &attempt.adresse_hash,
                attempt.now,
                PER_ADDRESS,
            )?,
        ]
    };
    Ok(lanes.into_iter().flatten().max())
}

/// The end of one key's wait, when it is still to come: the last remembered failure plus
/// the wait their number earns (spread by the failure's row number, which an attacker
/// does not know: every login in the country moves it).
fn lane(conn: &Conn, sql: &str, key: &str, now: OffsetDateTime, backoff: Backoff) -> Result<Option<OffsetDateTime>> {
    let (failures, last, last_id): (u32, Option<String>, Option<i64>) = conn
        .prepare_cached(sql)?
        .query_row(params![key, timestamp(now - backoff.memory)], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    let wait = backoff.wait(failures);
    let wait = match last_id {
        Some(id) if backoff.spread => {
            let permille = (id as u64).wrapping_mul(2_654_435_761) % 1000;
            wait + wait * (permille as f64 / 4000.0)
        }
        _ => wait,
    };
    let until = last.as_deref().and_then(parse_timestamp).map(|last| last + wait);
    Ok(until.filter(|until| *until > now))
}

fn trace(conn: &Conn, attempt: &LoginAttempt, eleve_id: Option<i64>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO tentatives_connexion (uai, code_hash, adresse_hash, reussie, eleve_id, le, appareil)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        attempt.uai,
        attempt.code_hash,
        attempt.adresse_hash,
        eleve_id.is_some(),
        eleve_id,
        timestamp(attempt.now),
        attempt.appareil
    ])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_cost_nothing_then_double_up_to_the_ceiling() {
        let waits: Vec<i64> = (0..16).map(|n| PER_CODE.wait(n).whole_seconds()).collect();
        assert_eq!(waits, [0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]);
        assert_eq!(PER_CODE.wait(u32::MAX), Duration::minutes(15));
        assert_eq!(PER_ADDRESS.wait(99), Duration::ZERO);
        assert_eq!(PER_ADDRESS.wait(100), Duration::seconds(1));
        assert_eq!(PER_ADDRESS.wait(106), Duration::minutes(1));
        // The ceiling must be reached within the memory, or a steady attacker would stay
        // below it: 13 failures in 4 hours at one per 15 minutes is 16.
        assert!(PER_CODE.memory.whole_seconds() / PER_CODE.max_wait.whole_seconds() > 13);
    }
}
