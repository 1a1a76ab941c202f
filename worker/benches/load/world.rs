//! The benchmark's world: a database of pupils imported for one school, their codes, and
//! the disk's raw rate of durable commits.

use dossiersco_worker::auth::{codes, SecretHasher};
use dossiersco_worker::store::import::{insert_eleve, EleveData};
use std::path::Path;
use std::time::{Duration, Instant};

pub const UAI: &str = "0699901M";
pub const MEF_6E: &str = "10010012110";
pub const MEF_5E: &str = "10110001110";
pub const BIRTH_DATE: &str = "2015-03-14";

/// Creates the database with `count` pupils going to 5e; returns their access codes.
pub fn create_database(db: &Path, count: usize) -> anyhow::Result<Vec<String>> {
    let conn = dossiersco_worker::store::open(db)?;
    let hasher = SecretHasher::load_or_create(&conn)?;
    let tx = conn.transaction()?;
    let mut codes_out = Vec::with_capacity(count);
    for i in 0..count {
        let code = codes::generate();
        let data = EleveData {
            ine: None,
            nom: format!("Nom{i}"),
            prenom: format!("Prénom{i}"),
            date_naissance: BIRTH_DATE.into(),
            division: Some("6A".into()),
            mef_actuel: Some(MEF_6E.into()),
            mef_destination: Some(MEF_5E.into()),
            options_actuelles: "[]".into(),
            prefill: serde_json::json!({ "eleve.nom": format!("Nom{i}"), "eleve.prenom": format!("Prénom{i}") })
                .to_string(),
            etat: "non_connecte".into(),
        };
        let hash = hasher.hash_code(&codes::normalize(&code).expect("generated codes are valid"));
        insert_eleve(
            &tx,
            UAI,
            &format!("{}", 100_000 + i),
            &data,
            &hash,
            "2027-01-01T00:00:00Z",
        )?;
        codes_out.push(code);
    }
    tx.commit()?;
    Ok(codes_out)
}

/// Durable commits per second on this disk: one INSERT + COMMIT at a time, WAL and
/// synchronous=FULL like the worker — the ceiling of one commit per submission.
pub fn raw_commit_rate(db: &Path, duration: Duration) -> anyhow::Result<f64> {
    let conn = rusqlite::Connection::open(db)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.execute_batch("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")?;
    let payload = "x".repeat(1500);
    let started = Instant::now();
    let mut commits = 0u64;
    while started.elapsed() < duration {
        conn.execute_batch("BEGIN")?;
        conn.execute("INSERT INTO t (v) VALUES (?1)", [&payload])?;
        conn.execute_batch("COMMIT")?;
        commits += 1;
    }
    Ok(commits as f64 / started.elapsed().as_secs_f64())
}
