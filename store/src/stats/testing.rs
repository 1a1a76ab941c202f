//! Test support, not used by the program. The server stamps the real time (`App::now`;
//! `Config.today` only moves the campaign's dates), so a test that plays a campaign over
//! several days lets families log in and submit through the server, then moves the instants
//! the statistics read onto the days it chose. Pupils are named by their SIECLE id.

use crate::conn::{params, Conn};
use anyhow::{ensure, Result};

fn pupil(conn: &Conn, uai: &str, eleve_id_siecle: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT id FROM eleves WHERE uai = ?1 AND eleve_id_siecle = ?2",
        [uai, eleve_id_siecle],
        |r| r.get(0),
    )?)
}

/// Moves the pupil's first login to `at` (a database timestamp).
pub fn set_first_login(conn: &Conn, uai: &str, eleve_id_siecle: &str, at: &str) -> Result<()> {
    let id = pupil(conn, uai, eleve_id_siecle)?;
    let n = conn.execute(
        "UPDATE eleves SET premiere_connexion = ?2 WHERE id = ?1 AND premiere_connexion IS NOT NULL",
        params![id, at],
    )?;
    ensure!(n == 1, "{eleve_id_siecle} ne s'est jamais connecté");
    Ok(())
}

/// Moves the pupil's first submission to `at`; later ones keep their place after it.
pub fn set_first_submission(conn: &Conn, uai: &str, eleve_id_siecle: &str, at: &str) -> Result<()> {
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
pub fn set_last_submission_one_click(conn: &Conn, uai: &str, eleve_id_siecle: &str) -> Result<()> {
    let id = pupil(conn, uai, eleve_id_siecle)?;
    let n = conn.execute(
        "UPDATE soumissions SET mode = 'un_clic' WHERE id = (SELECT max(id) FROM soumissions WHERE eleve_id = ?1)",
        [id],
    )?;
    ensure!(n == 1, "{eleve_id_siecle} n'a rien transmis");
    Ok(())
}

/// The school accepts the pupil's submitted file (until the staff's route does it).
pub fn validate(conn: &Conn, uai: &str, eleve_id_siecle: &str) -> Result<()> {
    let id = pupil(conn, uai, eleve_id_siecle)?;
    let n = conn.execute(
        "UPDATE eleves SET etat = 'valide' WHERE id = ?1 AND etat = 'transmis'",
        [id],
    )?;
    ensure!(n == 1, "{eleve_id_siecle} n'a pas de dossier transmis");
    Ok(())
}

/// A synthetic national campaign for the benchmark (`benches/stats.rs`): `schools` schools
/// (one in 20 with fewer than 5 pupils, the others 20 to 620), `days` days of first logins
/// and submissions drawn from a fixed seed, every campaign opened `days - 1` days before
/// `releve`. Returns the counts and the campaigns' dates.
pub fn synthetic(schools: u64, days: i64, releve: time::OffsetDateTime) -> (super::Aggregats, Vec<super::Campagne>) {
    use super::aggregats::Comptes;
    let mut seed: u64 = 42;
    let mut draw = |n: u64| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) % n.max(1)
    };
    let start = dossiersco_model::clock::to_paris(releve).date() - time::Duration::days(days - 1);
    let mut a = super::Aggregats {
        releve,
        etablissements: Default::default(),
        delai_national: Default::default(),
        archives: Vec::new(),
    };
    let mut campagnes = Vec::new();
    for i in 0..schools {
        let uai = format!("{i:07}A");
        let attendus = if draw(20) == 0 { draw(5) } else { 20 + draw(600) };
        let mut c = Comptes::default();
        let (mut logged, mut sent) = (0, 0);
        for d in 0..days {
            let new_logins = draw((attendus - logged) / 10 + 1).min(attendus - logged);
            logged += new_logins;
            let new_files = draw((logged - sent) / 5 + 1).min(logged - sent);
            sent += new_files;
            c.jours.insert(start + time::Duration::days(d), (new_logins, new_files));
        }
        c.participation.attendus = attendus;
        c.participation.connectees = logged;
        c.participation.transmis = sent;
        c.participation.valides = draw(sent + 1) / 3;
        c.un_clic = draw(sent + 1);
        c.formulaire = sent - c.un_clic;
        for n in c.notes.iter_mut() {
            *n = draw(sent / 3 + 1);
        }
        a.etablissements.insert(uai.clone(), c);
        campagnes.push(super::Campagne {
            uai,
            ouverture: start,
            cloture: start + time::Duration::days(days + 15),
        });
    }
    (a, campagnes)
}
