//! Siblings in one session: the children a family re-enrols together, the brothers and
//! sisters it may add (by birth date, with the login's limits), the child whose file is
//! open, and the guardians' details carried from one child's file to the others'.

use anyhow::Result;
use dossiersco_model::form::{names::RESP_KEYS, resp};
use dossiersco_model::FormValues;
use rusqlite::{params, Connection, OptionalExtension};

use super::import::siblings;
use super::sessions::{authenticate, LoginAttempt, LoginOutcome};
use crate::clock::timestamp;

/// A child of the session, or a sibling the family may add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enfant {
    /// eleves.id
    pub id: i64,
    pub prenom: String,
    /// In the session (its birth date was given, or its code opened the session).
    pub ajoute: bool,
    /// The child whose file is open.
    pub courant: bool,
}

/// Every child of the session, then the siblings it may add: the pupils sharing a guardian
/// (rank 1 or 2) with the child whose code opened the session — never a sibling of a
/// sibling. Only first names: nothing more is known of a sibling before its birth date.
pub fn enfants(conn: &Connection, token_hash: &str) -> Result<Vec<Enfant>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.prenom, se.par_code, e.id = s.eleve_id
         FROM session_eleves se JOIN sessions s ON s.token_hash = se.token_hash JOIN eleves e ON e.id = se.eleve_id
         WHERE se.token_hash = ?1 ORDER BY se.par_code DESC, se.ajoute_le, e.id",
    )?;
    let rows = stmt.query_map([token_hash], |r| {
        Ok((
            Enfant {
                id: r.get(0)?,
                prenom: r.get(1)?,
                ajoute: true,
                courant: r.get(3)?,
            },
            r.get::<_, bool>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    let mut login_child = None;
    for row in rows {
        let (enfant, par_code) = row?;
        if par_code {
            login_child = Some(enfant.id);
        }
        out.push(enfant);
    }
    if let Some(id) = login_child {
        for sibling in siblings(conn, id)? {
            if !out.iter().any(|e| e.id == sibling.id) {
                out.push(Enfant {
                    id: sibling.id,
                    prenom: sibling.prenom,
                    ajoute: false,
                    courant: false,
                });
            }
        }
    }
    Ok(out)
}

/// (id, first name, birth date) of every child of the session: a post without the form's
/// pupil reference (no JavaScript) is matched on the pupil it names.
pub fn identites(conn: &Connection, token_hash: &str) -> Result<Vec<(i64, String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.prenom, e.date_naissance FROM session_eleves se JOIN eleves e ON e.id = se.eleve_id
         WHERE se.token_hash = ?1",
    )?;
    let rows = stmt.query_map([token_hash], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How adding a sibling ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AjoutOutcome {
    /// In the session, and its file is now the open one.
    Ajoute,
    /// Not a sibling this session may add (or already added: then simply opened).
    Inconnu,
    /// The login's answers, counted against the sibling's code and the client's address.
    Refus(LoginOutcome),
}

/// Adds sibling `eleve_id` to the session if `attempt.date_naissance` is its birth date.
/// `attempt.code_hash` is ignored: the sibling's own code hash is used, so wrong dates count
/// against the same limits as logins with its letter.
pub fn ajouter(conn: &Connection, token_hash: &str, eleve_id: i64, attempt: &LoginAttempt) -> Result<AjoutOutcome> {
    let Some(enfant) = enfants(conn, token_hash)?.into_iter().find(|e| e.id == eleve_id) else {
        return Ok(AjoutOutcome::Inconnu);
    };
    if enfant.ajoute {
        ouvrir(conn, token_hash, eleve_id)?;
        return Ok(AjoutOutcome::Ajoute);
    }
    let code_hash: Option<String> = conn
        .prepare_cached("SELECT code_hash FROM eleves WHERE id = ?1")?
        .query_row([eleve_id], |r| r.get(0))
        .optional()?;
    let Some(code_hash) = code_hash else {
        return Ok(AjoutOutcome::Inconnu);
    };
    let attempt = LoginAttempt {
        code_hash,
        uai: attempt.uai.clone(),
        adresse_hash: attempt.adresse_hash.clone(),
        date_naissance: attempt.date_naissance.clone(),
        token_hash: token_hash.to_string(),
        now: attempt.now,
        session_ttl: attempt.session_ttl,
        appareil: attempt.appareil,
    };
    match authenticate(conn, &attempt)? {
        LoginOutcome::Connecte { eleve_id: found, .. } if found == eleve_id => {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO session_eleves (token_hash, eleve_id, par_code, ajoute_le) VALUES (?1, ?2, 0, ?3)",
            )?
            .execute(params![token_hash, eleve_id, timestamp(attempt.now)])?;
            ouvrir(conn, token_hash, eleve_id)?;
            Ok(AjoutOutcome::Ajoute)
        }
        LoginOutcome::Connecte { .. } => Ok(AjoutOutcome::Inconnu),
        refus => Ok(AjoutOutcome::Refus(refus)),
    }
}

/// Opens the file of a child of the session; false when it is not one.
pub fn ouvrir(conn: &Connection, token_hash: &str, eleve_id: i64) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE sessions SET eleve_id = ?2 WHERE token_hash = ?1
             AND EXISTS (SELECT 1 FROM session_eleves WHERE token_hash = ?1 AND eleve_id = ?2)",
        )?
        .execute(params![token_hash, eleve_id])?;
    Ok(n == 1)
}

/// Guardian fields that describe the person, the same for each of its children. The link
/// (mother, tutor…) and who pays are each child's own.
fn shared_keys() -> impl Iterator<Item = &'static str> {
    RESP_KEYS.into_iter().filter(|k| *k != "lien" && *k != "paie_frais")
}

/// After `eleve_id`'s file was submitted with `values`: the siblings not yet submitted get
/// the same details for the guardians they share (matched by person, whatever the rank in
/// each file), in their draft if they have one, else in their pre-fill. A guardian left out
/// of `values` (no name) is not carried. Returns how many files changed.
pub fn propagate_guardians(conn: &Connection, eleve_id: i64, values: &FormValues, now: &str) -> Result<usize> {
    let mut links = conn.prepare_cached(
        "SELECT r1.rang, r2.rang FROM eleve_responsables r1
         JOIN eleve_responsables r2 ON r2.responsable_id = r1.responsable_id
         WHERE r1.eleve_id = ?1 AND r2.eleve_id = ?2 AND r1.rang <= 2 AND r2.rang <= 2",
    )?;
    let mut changed = 0;
    for sibling in siblings(conn, eleve_id)? {
        if !matches!(sibling.etat.as_str(), "non_connecte" | "connecte" | "brouillon") {
            continue;
        }
        let pairs: Vec<(i64, i64)> = links
            .query_map(params![eleve_id, sibling.id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let pairs: Vec<(u8, u8)> = pairs
            .into_iter()
            .filter(|(from, _)| {
                values
                    .get(&resp(*from as u8, "nom"))
                    .is_some_and(|v| !v.trim().is_empty())
            })
            .map(|(from, to)| (from as u8, to as u8))
            .collect();
        if pairs.is_empty() {
            continue;
        }
        let draft: Option<String> = conn
            .prepare_cached("SELECT valeurs FROM brouillons WHERE eleve_id = ?1")?
            .query_row([sibling.id], |r| r.get(0))
            .optional()?;
        let stored = match &draft {
            Some(json) => json.clone(),
            None => conn
                .prepare_cached("SELECT prefill FROM eleves WHERE id = ?1")?
                .query_row([sibling.id], |r| r.get(0))?,
        };
        let mut target: FormValues = serde_json::from_str(&stored).unwrap_or_default();
        let before = target.clone();
        for (from, to) in pairs {
            for key in shared_keys() {
                match values.get(&resp(from, key)).filter(|v| !v.is_empty()) {
                    Some(v) => target.insert(resp(to, key), v.clone()),
                    None => target.remove(&resp(to, key)),
                };
            }
        }
        if target == before {
            continue;
        }
        let json = serde_json::to_string(&target)?;
        if draft.is_some() {
            conn.prepare_cached("UPDATE brouillons SET valeurs = ?2, enregistre_le = ?3 WHERE eleve_id = ?1")?
                .execute(params![sibling.id, json, now])?;
        } else {
            conn.prepare_cached("UPDATE eleves SET prefill = ?2, modifie_le = ?3 WHERE id = ?1")?
                .execute(params![sibling.id, json, now])?;
        }
        changed += 1;
    }
    Ok(changed)
}

#[cfg(test)]
#[path = "fratrie_tests.rs"]
mod tests;
