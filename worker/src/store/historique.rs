//! A pupil's history: what staff did to the file (validated, marked as leaving, undone, a
//! document received at the office…), by whom and when, shown on the staff's pupil view.
//! Written in the same transaction as the change it describes.

use anyhow::Result;
use rusqlite::{params, Connection};
use serde::Serialize;

/// One line of a pupil's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// UTC timestamp, `YYYY-MM-DDTHH:MM:SSZ`.
    pub quand: String,
    /// The staff address (or `famille`, `import`…) that did it.
    pub qui: String,
    /// Stable code of the action (`valide`, `validation_annulee`, `sortant`…).
    pub action: String,
    /// What happened, in French, as shown to staff.
    pub detail: String,
}

/// Records `action` on pupil `eleve_id` of school `uai`, done by `qui`, now (UTC).
pub fn record(conn: &Connection, uai: &str, eleve_id: i64, qui: &str, action: &str, detail: &str) -> Result<()> {
    let quand = crate::clock::timestamp(time::OffsetDateTime::now_utc());
    conn.prepare_cached(
        "INSERT INTO historique (uai, eleve_id, quand, qui, action, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![uai, eleve_id, quand, qui, action, detail])?;
    Ok(())
}

/// Pupil `eleve_id`'s history in school `uai`, oldest first (another school's pupil: empty).
pub fn for_pupil(conn: &Connection, uai: &str, eleve_id: i64) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT quand, qui, action, detail FROM historique WHERE uai = ?1 AND eleve_id = ?2 ORDER BY quand, id",
    )?;
    let rows = stmt.query_map(params![uai, eleve_id], |r| {
        Ok(Entry {
            quand: r.get(0)?,
            qui: r.get(1)?,
            action: r.get(2)?,
            detail: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pupils_history_is_its_own_schools_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::store::open(&dir.path().join("db.sqlite")).unwrap();
        record(&conn, "0699901M", 1, "a@example.fr", "valide", "Dossier validé").unwrap();
        record(
            &conn,
            "0699901M",
            1,
            "b@example.fr",
            "validation_annulee",
            "Validation annulée",
        )
        .unwrap();
        record(&conn, "0699901M", 2, "a@example.fr", "sortant", "").unwrap();
        record(&conn, "0389902G", 1, "c@example.fr", "valide", "").unwrap();
        let h = for_pupil(&conn, "0699901M", 1).unwrap();
        let seen: Vec<(&str, &str)> = h.iter().map(|e| (e.qui.as_str(), e.action.as_str())).collect();
        assert_eq!(
            seen,
            [("a@example.fr", "valide"), ("b@example.fr", "validation_annulee")]
        );
        assert!(crate::clock::parse_timestamp(&h[0].quand).is_some(), "{}", h[0].quand);
        assert!(for_pupil(&conn, "0000000A", 1).unwrap().is_empty());
    }
}
