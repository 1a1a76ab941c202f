//! The pupil's history: what staff (or the command line) did to a pupil's file or code, by
//! whom and when. Written in the same transaction as the change it records; shown on the
//! pupil's page. Never holds a code in clear.

use crate::conn::{params, Conn};
use anyhow::{Context, Result};

/// Who acted when no staff member did: the commands run on the server.
pub const LIGNE_DE_COMMANDE: &str = "ligne de commande";

/// What happened (the `action` column). Other modules may add their own strings; these are
/// the ones the campaign's actions write.
pub mod action {
    /// A new access code replaced a lost one; its letter was given to print.
    pub const CODE_REEMIS: &str = "code_reemis";
    /// A letter was printed from the staff area (with a new code).
    pub const COURRIER_IMPRIME: &str = "courrier_imprime";
    /// The pupil arrived with an import, with a code that was handed out (codes file,
    /// letters).
    pub const IMPORTE: &str = "importe";
    /// The pupil arrived with an import whose codes nobody saw (staff area, `--sans-codes`):
    /// its letter has never been printed.
    pub const IMPORTE_SANS_COURRIER: &str = "importe_sans_courrier";
    /// An import updated the pupil's data.
    pub const MIS_A_JOUR: &str = "mis_a_jour";
    /// Validation of the file (written by the staff's validation).
    pub const VALIDE: &str = "valide";
    /// The pupil leaves the school.
    pub const SORTANT: &str = "sortant";
}

/// One line of a pupil's history.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Entry {
    /// UTC timestamp, `YYYY-MM-DDTHH:MM:SSZ`.
    pub quand: String,
    /// The staff address, or [`LIGNE_DE_COMMANDE`].
    pub qui: String,
    /// Stable code of the action (see [`action`]).
    pub action: String,
    /// What happened, in French (never a code).
    pub detail: String,
}

/// Records that `qui` did `action` to pupil `eleve_id` of school `uai`, now (UTC).
pub fn record(conn: &Conn, uai: &str, eleve_id: i64, qui: &str, action: &str, detail: &str) -> Result<()> {
    let quand = dossiersco_model::clock::timestamp(time::OffsetDateTime::now_utc());
    conn.prepare_cached(
        "INSERT INTO historique (uai, eleve_id, quand, qui, action, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![uai, eleve_id, quand, qui, action, detail])
    .with_context(|| format!("historique de l'élève {eleve_id}"))?;
    Ok(())
}

/// The history of pupil `eleve_id` of school `uai`, oldest first (nothing for a pupil of
/// another school).
pub fn for_pupil(conn: &Conn, uai: &str, eleve_id: i64) -> Result<Vec<Entry>> {
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
    Ok(rows.collect::<crate::conn::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{insert_eleve, EleveData};

    fn pupil(conn: &Conn, uai: &str, id_siecle: &str) -> i64 {
        let data = EleveData {
            ine: None,
            nom: "Martin".into(),
            prenom: "Lou".into(),
            date_naissance: "2015-03-14".into(),
            division: Some("6A".into()),
            mef_actuel: None,
            mef_destination: Some("10110001110".into()),
            options_actuelles: "[]".into(),
            prefill: "{}".into(),
            etat: "non_connecte".into(),
        };
        insert_eleve(
            conn,
            uai,
            id_siecle,
            &data,
            &format!("h{id_siecle}"),
            "2027-04-01T08:00:00Z",
        )
        .unwrap()
    }

    #[test]
    fn a_pupil_s_history_is_its_own_and_its_school_s() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::open(&dir.path().join("db.sqlite")).unwrap();
        let lou = pupil(&conn, "0699901M", "1");
        let noa = pupil(&conn, "0339903K", "2");
        record(&conn, "0699901M", lou, "a@example.fr", action::CODE_REEMIS, "").unwrap();
        record(&conn, "0339903K", noa, "b@example.fr", action::VALIDE, "").unwrap();
        record(
            &conn,
            "0699901M",
            lou,
            "a@example.fr",
            action::COURRIER_IMPRIME,
            "classe 6A",
        )
        .unwrap();
        let got = for_pupil(&conn, "0699901M", lou).unwrap();
        let actions: Vec<&str> = got.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, [action::CODE_REEMIS, action::COURRIER_IMPRIME]);
        assert_eq!(got[1].detail, "classe 6A");
        assert!(
            for_pupil(&conn, "0699901M", noa).unwrap().is_empty(),
            "another school's pupil"
        );
    }
}
