//! Fictitious activity for `dossiersco demo` only, so its /stats/ page has something to draw:
//! pupils who do not exist (class « FICTIF », name « FICTIF », SIECLE ids `FICTIF-…`), who
//! logged in, submitted and rated the service over the days before today. They cannot log
//! in (their code hash is no hash of any code) and hold no guardian, hence no address to
//! write to. Nothing else ever calls this: a real database never holds them.

use crate::conn::{params, Conn};
use anyhow::Result;
use time::{Duration, OffsetDateTime};

/// SIECLE id prefix of the fictitious pupils.
pub const FICTIF: &str = "FICTIF-";

/// Fictitious pupils per school.
const PAR_ETABLISSEMENT: u32 = 48;

/// One school where the fictitious families go: its UAI and a level of its form.
#[derive(Debug, Clone)]
pub struct Ecole {
    pub uai: String,
    pub mef_destination: String,
}

/// Adds, once per database, the fictitious pupils of each school, their logins spread over
/// the `days` days before `now`, two thirds of them submitted (half in one click) and most
/// of those rated. Returns how many pupils were added (0 when already there).
pub fn seed_activity(conn: &mut Conn, ecoles: &[Ecole], now: OffsetDateTime, days: i64) -> Result<u32> {
    let already: i64 = conn.query_row(
        "SELECT count(*) FROM eleves WHERE eleve_id_siecle LIKE 'FICTIF-%'",
        [],
        |r| r.get(0),
    )?;
    if already > 0 {
        return Ok(0);
    }
    let ts = dossiersco_model::clock::timestamp;
    let tx = conn.transaction()?;
    let mut added = 0;
    for (s, ecole) in ecoles.iter().enumerate() {
        for i in 0..PAR_ETABLISSEMENT {
            // A fixed scatter (no randomness: the same demo every time): more logins in the
            // first days, as after the letters are handed out.
            let k = i64::from(i) * 37 + s as i64 * 11;
            let day = (k % (days * days)) as f64;
            let days_ago = days - (day.sqrt() as i64).min(days - 1);
            let hour = 7 + k % 14;
            let login = now - Duration::days(days_ago) + Duration::hours(hour - now.hour() as i64);
            let login = login.min(now - Duration::minutes(30));
            let submitted = i % 3 != 0;
            let etat = if submitted { "transmis" } else { "connecte" };
            let id: i64 = tx.query_row(
                "INSERT INTO eleves (uai, eleve_id_siecle, nom, prenom, date_naissance, division,
                     mef_destination, prefill, etat, code_hash, importe_le, modifie_le, premiere_connexion,
                     derniere_connexion)
                 VALUES (?1, ?2, 'FICTIF', ?3, '2014-01-01', 'FICTIF', ?4, '{}', ?5, ?6, ?7, ?8, ?8, ?8)
                 RETURNING id",
                params![
                    ecole.uai,
                    format!("{FICTIF}{i}"),
                    format!("Élève fictif {}", i + 1),
                    ecole.mef_destination,
                    etat,
                    format!("fictif-{}-{i}", ecole.uai),
                    ts(now - Duration::days(days + 1)),
                    ts(login),
                ],
                |r| r.get(0),
            )?;
            added += 1;
            if !submitted {
                continue;
            }
            let sent = (login + Duration::minutes(4 + k % 50)).min(now - Duration::minutes(1));
            let mode = if i % 2 == 0 { "un_clic" } else { "formulaire" };
            tx.execute(
                "INSERT INTO soumissions (eleve_id, valeurs, mode, transmis_le) VALUES (?1, '{}', ?2, ?3)",
                params![id, mode, ts(sent)],
            )?;
            tx.execute("UPDATE eleves SET modifie_le = ?2 WHERE id = ?1", params![id, ts(sent)])?;
            if i % 5 != 4 {
                let note = [5, 4, 5, 3, 4, 5, 2][(k % 7) as usize];
                tx.execute(
                    "INSERT INTO satisfaction (eleve_id, uai, note, le) VALUES (?1, ?2, ?3, ?4)",
                    params![id, ecole.uai, note, ts(sent)],
                )?;
            }
        }
    }
    tx.commit()?;
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fictitious_families_come_once_spread_over_the_past_days() {
        let dir = std::env::temp_dir().join(format!("dossiersco-demo-seed-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("demo.sqlite");
        let mut conn = crate::open(&path).unwrap();
        let ecoles = [Ecole {
            uai: "0699901M".into(),
            mef_destination: "10110001110".into(),
        }];
        let now = OffsetDateTime::now_utc();
        assert_eq!(seed_activity(&mut conn, &ecoles, now, 7).unwrap(), PAR_ETABLISSEMENT);
        assert_eq!(
            seed_activity(&mut conn, &ecoles, now, 7).unwrap(),
            0,
            "once per database"
        );
        let (transmis, jours, notes): (i64, i64, i64) = conn
            .query_row(
                "SELECT (SELECT count(*) FROM soumissions),
                        (SELECT count(DISTINCT substr(premiere_connexion, 1, 10)) FROM eleves),
                        (SELECT count(*) FROM satisfaction)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(transmis, 32);
        assert!(jours >= 5, "logins spread over the days: {jours}");
        assert!(notes > 20);
        let future: i64 = conn
            .query_row(
                "SELECT count(*) FROM soumissions WHERE transmis_le > ?1",
                [dossiersco_model::clock::timestamp(now)],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(future, 0, "nothing in the future");
        drop(conn);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
