//! Test support, not used by the program. The server stamps the real time (`App::now`;
//! `Config.today` only moves the campaign's dates), so a test that plays a campaign over
//! several days lets families log in and submit through the server, then moves the instants
//! the statistics read onto the days it chose. Pupils are named by their SIECLE id.

use anyhow::{ensure, Result};
use rusqlite::{params, Connection};

fn pupil(conn: &Connection, uai: &str, eleve_id_siecle: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT id FROM eleves WHERE uai = ?1 AND eleve_id_siecle = ?2",
        [uai, eleve_id_siecle],
        |r| r.get(0),
    )?)
}

/// Moves the pupil's first login to `at` (a database timestamp).
pub fn set_first_login(conn: &Connection, uai: &str, eleve_id_siecle: &str, at: &str) -> Result<()> {
    let id = pupil(conn, uai, eleve_id_siecle)?;
    let n = conn.execute(
        "UPDATE eleves SET premiere_connexion = ?2 WHERE id = ?1 AND premiere_connexion IS NOT NULL",
        params![id, at],
    )?;
    ensure!(n == 1, "{eleve_id_siecle} ne s'est jamais connecté");
    Ok(())
}

/// Moves the pupil's first submission to `at`; later ones keep their place after it.
pub fn set_first_submission(conn: &Connection, uai: &str, eleve_id_siecle: &str, at: &str) -> Result<()> {
    let id = pupil(conn, uai, eleve_id_siecle)?;
    let n = conn.execute(
        "UPDATE soumissions SET transmis_le = strftime('%Y-%m-%dT%H:%M:%SZ', ?2,
             (unixepoch(transmis_le) - (SELECT min(unixepoch(transmis_le)) FROM soumissions WHERE eleve_id = ?1))
             || ' seconds')
         WHERE eleve_id = ?1",
        params![id, at],
    )?;
    ensure!(n > 0, "{eleve_id_siecle} n'a rien transmis");
    Ok(())
}

/// Marks the pupil's last submission as made in one click (until the one-click route exists).
pub fn set_last_submission_one_click(conn: &Connection, uai: &str, eleve_id_siecle: &str) -> Result<()> {
    let id = pupil(conn, uai, eleve_id_siecle)?;
    let n = conn.execute(
        "UPDATE soumissions SET mode = 'un_clic' WHERE id = (SELECT max(id) FROM soumissions WHERE eleve_id = ?1)",
        [id],
    )?;
    ensure!(n == 1, "{eleve_id_siecle} n'a rien transmis");
    Ok(())
}

/// The school accepts the pupil's submitted file (until the staff's route does it).
pub fn validate(conn: &Connection, uai: &str, eleve_id_siecle: &str) -> Result<()> {
    let id = pupil(conn, uai, eleve_id_siecle)?;
    let n = conn.execute(
        "UPDATE eleves SET etat = 'valide' WHERE id = ?1 AND etat = 'transmis'",
        [id],
    )?;
    ensure!(n == 1, "{eleve_id_siecle} n'a pas de dossier transmis");
    Ok(())
}
