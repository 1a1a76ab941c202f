//! Brothers and sisters in one session. A child joins a family's session only with its own
//! access code and birth date, through the login's own checks and limits: before that,
//! nothing names it. Guardians' details the family changed in one child's file, in this
//! session, are offered to the other children of the session who share that person —
//! copied into their draft only when the family accepts. Nothing here ever writes a file
//! the session has not proven, nor the import's pre-fill.

use crate::conn::{params, Conn};
use anyhow::Result;
use dossiersco_model::form::{names::RESP_KEYS, resp};
use dossiersco_model::validate::sanitize_draft;
use dossiersco_model::{FormSpec, FormValues};

use super::families::{self, Dossier, WriteOutcome};
use super::sessions::{authenticate, LoginAttempt, LoginOutcome};
use dossiersco_model::clock::timestamp;

/// A child of the session (its code opened the session, or was typed since).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enfant {
    /// eleves.id
    pub id: i64,
    pub prenom: String,
    /// In the session: always true, since a child is only ever listed once proven. Kept for
    /// the shape of `/api/dossier`'s `fratrie[].ajoute`.
    pub ajoute: bool,
    /// The child whose file is open.
    pub courant: bool,
}

/// Every child of the session, the one whose code opened it first, then in the order they
/// joined. Never a child the session has not proven.
pub fn enfants(conn: &Conn, token_hash: &str) -> Result<Vec<Enfant>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.prenom, e.id = s.eleve_id
         FROM session_eleves se JOIN sessions s ON s.token_hash = se.token_hash JOIN eleves e ON e.id = se.eleve_id
         WHERE se.token_hash = ?1 ORDER BY se.par_code DESC, se.ajoute_le, e.id",
    )?;
    let rows = stmt.query_map([token_hash], |r| {
        Ok(Enfant {
            id: r.get(0)?,
            prenom: r.get(1)?,
            ajoute: true,
            courant: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<crate::conn::Result<_>>()?)
}

/// (id, first name, birth date) of every child of the session: a post without the form's
/// pupil reference (no JavaScript) is matched on the pupil it names.
pub fn identites(conn: &Conn, token_hash: &str) -> Result<Vec<(i64, String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.prenom, e.date_naissance FROM session_eleves se JOIN eleves e ON e.id = se.eleve_id
         WHERE se.token_hash = ?1",
    )?;
    let rows = stmt.query_map([token_hash], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<crate::conn::Result<_>>()?)
}

/// How « Réinscrire un autre enfant » ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AjoutOutcome {
    /// The child of that code is in the session, and its file is now the open one.
    Ajoute,
    /// Right code and date, but the pupil leaves the school: no file to open, not added.
    Sortant,
    /// The login's answers (wrong code or date, or too many failures): nothing added.
    Refus(LoginOutcome),
}

/// Adds the pupil of `attempt.code_hash` (its own letter's code) to the session
/// `attempt.token_hash` when `attempt.date_naissance` is its birth date in `attempt.uai`,
/// and opens its file. The checks, limits and trace are the login's ([`authenticate`]):
/// a wrong code or date counts against that code and the client's address like a login.
pub fn ajouter(conn: &Conn, attempt: &LoginAttempt) -> Result<AjoutOutcome> {
    match authenticate(conn, attempt)? {
        LoginOutcome::Connecte {
            mef_destination: None, ..
        } => Ok(AjoutOutcome::Sortant),
        LoginOutcome::Connecte { eleve_id, .. } => {
            conn.prepare_cached(
                "INSERT INTO session_eleves (token_hash, eleve_id, par_code, ajoute_le)
                 SELECT token_hash, ?2, 0, ?3 FROM sessions WHERE token_hash = ?1
                 ON CONFLICT DO NOTHING",
            )?
            .execute(params![attempt.token_hash, eleve_id, timestamp(attempt.now)])?;
            Ok(if ouvrir(conn, &attempt.token_hash, eleve_id)? {
                AjoutOutcome::Ajoute
            } else {
                // The session ended meanwhile: the pupil stays out of it.
                AjoutOutcome::Refus(LoginOutcome::Refuse)
            })
        }
        refus => Ok(AjoutOutcome::Refus(refus)),
    }
}

/// Opens the file of a child of the session; false when it is not one.
pub fn ouvrir(conn: &Conn, token_hash: &str, eleve_id: i64) -> Result<bool> {
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
pub fn shared_keys() -> impl Iterator<Item = &'static str> {
    RESP_KEYS.into_iter().filter(|k| *k != "lien" && *k != "paie_frais")
}

/// Details of guardians the family changed in another child's file of the session, offered
/// to the open child's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offre {
    /// The child whose file holds the details (eleves.id, a child of the session).
    pub source_id: i64,
    pub source_prenom: String,
    pub personnes: Vec<PersonneOfferte>,
}

/// One guardian shared by both files, and what would change in the open child's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonneOfferte {
    /// The guardian's rank in the open child's file (`resp1`, `resp2`).
    pub rang: u8,
    /// First name and name as typed in the other child's file.
    pub nom: String,
    /// The fields to copy (`adresse`, `tel_portable`…) and their new value; empty: erased.
    pub champs: Vec<(&'static str, String)>,
}

/// The offers for the session's open child `eleve_id`: for each other child of the session
/// whose draft or submission was saved in this session, the guardians both files share
/// (the same person in eleve_responsables, rank 1 or 2 in each) whose details the family
/// changed there (compared with that file's import), when they differ from the open file's.
/// Nothing is offered once the open file was sent after those details were typed (the family
/// has seen the offer and sent without it).
pub fn offres(conn: &Conn, token_hash: &str, eleve_id: i64) -> Result<Vec<Offre>> {
    let children: Vec<(i64, String)> = conn
        .prepare_cached(
            "SELECT se.eleve_id, se.ajoute_le FROM session_eleves se JOIN sessions s ON s.token_hash = se.token_hash
             WHERE se.token_hash = ?1 AND s.eleve_id = ?2 ORDER BY se.par_code DESC, se.ajoute_le, se.eleve_id",
        )?
        .query_map(params![token_hash, eleve_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<crate::conn::Result<_>>()?;
    if !children.iter().any(|(id, _)| *id == eleve_id) {
        return Ok(Vec::new());
    }
    let Some(target) = families::load(conn, eleve_id)? else {
        return Ok(Vec::new());
    };
    let target_values = current_values(&target);
    let target_sent = target.soumission.as_ref().map(|(_, le)| le.as_str());
    let mut links = conn.prepare_cached(
        "SELECT r1.rang, r2.rang FROM eleve_responsables r1
         JOIN eleve_responsables r2 ON r2.responsable_id = r1.responsable_id
         WHERE r1.eleve_id = ?1 AND r2.eleve_id = ?2 AND r1.rang BETWEEN 1 AND 2 AND r2.rang BETWEEN 1 AND 2
         ORDER BY r2.rang",
    )?;
    let mut out = Vec::new();
    for (source_id, joined) in children.into_iter().filter(|(id, _)| *id != eleve_id) {
        let Some(source) = families::load(conn, source_id)? else {
            continue;
        };
        // What the family typed for that child, and when: its draft, else its last submission.
        let Some((typed, saved)) = source.brouillon.as_ref().or(source.soumission.as_ref()) else {
            continue;
        };
        if saved.as_str() < joined.as_str() || target_sent.is_some_and(|sent| sent >= saved.as_str()) {
            continue;
        }
        let pairs: Vec<(i64, i64)> = links
            .query_map(params![source_id, eleve_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<crate::conn::Result<_>>()?;
        let mut personnes = Vec::new();
        for (from, to) in pairs {
            let (from, to) = (from as u8, to as u8);
            let value = |values: &FormValues, n: u8, key: &str| {
                values
                    .get(&resp(n, key))
                    .map(|v| v.trim().to_string())
                    .unwrap_or_default()
            };
            // The same person as the import's, not someone the family put in that place.
            let same_person = ["nom", "prenom"]
                .iter()
                .all(|k| same_name(&value(typed, from, k), &value(&source.prefill, from, k)));
            if !same_person || value(typed, from, "nom").is_empty() {
                continue;
            }
            let champs: Vec<(&'static str, String)> = shared_keys()
                .filter(|k| value(typed, from, k) != value(&source.prefill, from, k))
                .filter(|k| value(typed, from, k) != value(&target_values, to, k))
                .map(|k| (k, value(typed, from, k)))
                .collect();
            if !champs.is_empty() {
                personnes.push(PersonneOfferte {
                    rang: to,
                    nom: format!("{} {}", value(typed, from, "prenom"), value(typed, from, "nom"))
                        .trim()
                        .to_string(),
                    champs,
                });
            }
        }
        if !personnes.is_empty() {
            out.push(Offre {
                source_id,
                source_prenom: source.prenom.clone(),
                personnes,
            });
        }
    }
    Ok(out)
}

/// The family accepted the offer of `source_id`'s details for the open child `eleve_id`:
/// they are written into that child's draft (made from what the file shows when it has
/// none), never into its pre-fill. None when there is nothing (any more) to take.
pub fn reprendre(
    conn: &Conn,
    token_hash: &str,
    eleve_id: i64,
    source_id: i64,
    spec: &FormSpec,
    now: &str,
) -> Result<Option<WriteOutcome>> {
    let Some(offre) = offres(conn, token_hash, eleve_id)?
        .into_iter()
        .find(|o| o.source_id == source_id)
    else {
        return Ok(None);
    };
    let Some(target) = families::load(conn, eleve_id)? else {
        return Ok(None);
    };
    let mut values = current_values(&target);
    for personne in &offre.personnes {
        for (key, value) in &personne.champs {
            let name = resp(personne.rang, key);
            if value.is_empty() {
                values.remove(&name);
            } else {
                values.insert(name, value.clone());
            }
        }
    }
    let values = sanitize_draft(spec, &values);
    Ok(Some(families::save_draft(conn, eleve_id, &values, now)?))
}

/// What a file shows the family: its draft, else its last submission (unsigned: each
/// submission is signed anew), else the import.
fn current_values(dossier: &Dossier) -> FormValues {
    let mut values = match (&dossier.brouillon, &dossier.soumission) {
        (Some((values, _)), _) | (None, Some((values, _))) => values.clone(),
        (None, None) => dossier.prefill.clone(),
    };
    values.retain(|name, _| !name.starts_with("signature."));
    values
}

/// Names compared as people write them: case and spacing aside.
fn same_name(a: &str, b: &str) -> bool {
    let words = |s: &str| s.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>();
    words(a) == words(b)
}

#[cfg(test)]
#[path = "fratrie_tests.rs"]
mod tests;
