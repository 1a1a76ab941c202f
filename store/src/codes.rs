//! Access codes after the import: finding the pupils who get a new one (a lost letter, letters
//! printed from the staff area), replacing the code's hash and ending the sessions the old
//! code opened. Only hashes: the store never sees a code in clear.

use super::historique::action;
use crate::conn::{params, Conn, OptionalExtension};
use anyhow::{Context, Result};

/// A pupil who may get a new code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub id: i64,
    pub prenom: String,
    pub nom: String,
    pub division: Option<String>,
    pub etat: String,
}

fn holder(r: &crate::conn::Row) -> crate::conn::Result<Holder> {
    Ok(Holder {
        id: r.get(0)?,
        prenom: r.get(1)?,
        nom: r.get(2)?,
        division: r.get(3)?,
        etat: r.get(4)?,
    })
}

const COLUMNS: &str = "id, prenom, nom, division, etat";

/// The pupils of `uai` whose INE is `ine` (upper case), by id.
pub fn by_ine(conn: &Conn, uai: &str, ine: &str) -> Result<Vec<Holder>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM eleves WHERE uai = ?1 AND upper(ine) = ?2 ORDER BY id"
    ))?;
    let rows = stmt.query_map(params![uai, ine], holder)?;
    Ok(rows.collect::<crate::conn::Result<_>>()?)
}

/// Pupil `id` of school `uai` (None for another school's).
pub fn by_id(conn: &Conn, uai: &str, id: i64) -> Result<Option<Holder>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM eleves WHERE uai = ?1 AND id = ?2"))?
        .query_row(params![uai, id], holder)
        .optional()?)
}

/// Which pupils' letters to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Those whose letter has never been printed: they arrived with an import whose codes
    /// nobody saw, and nothing gave them a code since.
    JamaisImprimes,
    /// The whole school.
    Tous,
    /// One class (division).
    Classe(String),
}

/// The pupils of `uai` in `selection` who have a code to print (sortants have none), by class
/// and name.
pub fn printable(conn: &Conn, uai: &str, selection: &Selection) -> Result<Vec<Holder>> {
    // The latest code event of each pupil (an import, a reissue, a printed letter).
    let never = format!(
        "(SELECT h.action FROM historique h WHERE h.eleve_id = e.id AND h.action IN ('{}','{}','{}','{}')
          ORDER BY h.id DESC LIMIT 1) = '{}'",
        action::IMPORTE,
        action::IMPORTE_SANS_COURRIER,
        action::CODE_REEMIS,
        action::COURRIER_IMPRIME,
        action::IMPORTE_SANS_COURRIER
    );
    let (filter, classe) = match selection {
        Selection::JamaisImprimes => (never, None),
        Selection::Tous => ("1".to_string(), None),
        Selection::Classe(c) => ("e.division = ?2".to_string(), Some(c.as_str())),
    };
    let sql = format!(
        "SELECT e.id, e.prenom, e.nom, e.division, e.etat FROM eleves e
         WHERE e.uai = ?1 AND e.etat <> 'sortant' AND {filter}
         ORDER BY e.division, e.nom, e.prenom, e.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = match classe {
        Some(c) => stmt
            .query_map(params![uai, c], holder)?
            .collect::<crate::conn::Result<Vec<_>>>(),
        None => stmt
            .query_map(params![uai], holder)?
            .collect::<crate::conn::Result<Vec<_>>>(),
    };
    Ok(rows?)
}

/// Counts for the letters page: (class, pupils with a code, of which never printed).
pub fn printable_counts(conn: &Conn, uai: &str) -> Result<Vec<(Option<String>, i64, i64)>> {
    let all = printable(conn, uai, &Selection::Tous)?;
    let never: std::collections::HashSet<i64> = printable(conn, uai, &Selection::JamaisImprimes)?
        .into_iter()
        .map(|h| h.id)
        .collect();
    let mut out: Vec<(Option<String>, i64, i64)> = Vec::new();
    for h in all {
        let fresh = i64::from(never.contains(&h.id));
        match out.last_mut() {
            Some((d, n, f)) if *d == h.division => {
                *n += 1;
                *f += fresh;
            }
            _ => out.push((h.division, 1, fresh)),
        }
    }
    Ok(out)
}

/// Gives pupil `id` the code whose hash is `code_hash`, and ends every family session the old
/// code opened or that shows this pupil (what the family typed is kept). Returns the sessions
/// ended.
pub fn replace(conn: &Conn, id: i64, code_hash: &str) -> Result<usize> {
    conn.prepare_cached("UPDATE eleves SET code_hash = ?2 WHERE id = ?1")?
        .execute(params![id, code_hash])
        .context("enregistrement du nouveau code")?;
    // Sessions opened with this code (a family's session may hold siblings), then any
    // session showing this pupil.
    let mut ended = conn
        .prepare_cached(
            "DELETE FROM sessions WHERE token_hash IN
                 (SELECT token_hash FROM session_eleves WHERE eleve_id = ?1 AND par_code = 1)",
        )?
        .execute([id])
        .context("fin des sessions ouvertes avec l'ancien code")?;
    conn.prepare_cached("DELETE FROM session_eleves WHERE eleve_id = ?1")?
        .execute([id])?;
    ended += conn
        .prepare_cached("DELETE FROM sessions WHERE eleve_id = ?1")?
        .execute([id])?;
    Ok(ended)
}
