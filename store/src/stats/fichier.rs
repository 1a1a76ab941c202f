//! The statistics file (`dossiersco snapshot --statistiques`): a small SQLite file holding only
//! the counts of [`Aggregats`] — per school and per day, the archived campaigns, the medians
//! already taken — and when they were taken. No pupil, no guardian, no code, no key: it is what
//! `dossiersco build --stats-db` is given, so the machine that builds the public site never
//! holds personal data.

use super::aggregats::{Aggregats, Comptes, Delai};
use super::archives::ArchivedRow;
use anyhow::{Context, Result};
use dossiersco_model::clock::{parse_timestamp, timestamp};
use dossiersco_model::stats::RawParticipation;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeMap;
use std::path::Path;
use time::Date;

/// Which file this is (`a_propos.format`) and its layout's version.
const FORMAT: &str = "dossiersco-statistiques";
const VERSION: u32 = 1;

const SCHEMA: &str = "
CREATE TABLE a_propos (cle TEXT PRIMARY KEY, valeur TEXT NOT NULL) STRICT;
-- One row per school of a running campaign: exact counts (the build suppresses small ones).
CREATE TABLE etablissements (
    uai TEXT PRIMARY KEY,
    attendus INTEGER NOT NULL, connectees INTEGER NOT NULL, transmis INTEGER NOT NULL, valides INTEGER NOT NULL,
    un_clic INTEGER NOT NULL, formulaire INTEGER NOT NULL,
    notes TEXT NOT NULL,                 -- JSON [n1, n2, n3, n4, n5]
    delais INTEGER NOT NULL,             -- how many families the median is drawn from
    delai_median INTEGER                 -- seconds; NULL when too few to publish
) STRICT;
-- Per school and day (Paris): first logins, first submissions.
CREATE TABLE jours (
    uai TEXT NOT NULL, jour TEXT NOT NULL, connexions INTEGER NOT NULL, transmissions INTEGER NOT NULL,
    PRIMARY KEY (uai, jour)
) STRICT;
CREATE TABLE national (delais INTEGER NOT NULL, delai_median INTEGER) STRICT;
CREATE TABLE archives (
    uai TEXT NOT NULL, cloture TEXT NOT NULL,
    attendus INTEGER NOT NULL, connectees INTEGER NOT NULL, transmis INTEGER NOT NULL, valides INTEGER NOT NULL,
    notes TEXT NOT NULL
) STRICT;
";

/// Whether `conn` is a statistics file (rather than a dossiersco database).
pub fn is_statistics_file(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'a_propos'",
        [],
        |r| r.get(0),
    )?)
}

/// Writes `a` to a new file at `tmp` (which must not exist).
pub fn write(a: &Aggregats, tmp: &Path) -> Result<()> {
    let mut conn = Connection::open(tmp).with_context(|| format!("création de {}", tmp.display()))?;
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    let tx = conn.transaction()?;
    tx.execute_batch(SCHEMA)?;
    for (cle, valeur) in [
        ("format", FORMAT.to_string()),
        ("version", VERSION.to_string()),
        ("releve_le", timestamp(a.releve)),
    ] {
        tx.execute("INSERT INTO a_propos (cle, valeur) VALUES (?1, ?2)", [cle, &valeur])?;
    }
    for (uai, c) in &a.etablissements {
        let p = &c.participation;
        tx.execute(
            "INSERT INTO etablissements (uai, attendus, connectees, transmis, valides, un_clic, formulaire, notes,
                                         delais, delai_median)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                uai,
                p.attendus as i64,
                p.connectees as i64,
                p.transmis as i64,
                p.valides as i64,
                c.un_clic as i64,
                c.formulaire as i64,
                serde_json::to_string(&c.notes)?,
                c.delai.n as i64,
                c.delai.mediane.map(|m| m as i64),
            ],
        )?;
        for (jour, (connexions, transmissions)) in &c.jours {
            tx.execute(
                "INSERT INTO jours (uai, jour, connexions, transmissions) VALUES (?1, ?2, ?3, ?4)",
                params![uai, jour.to_string(), *connexions as i64, *transmissions as i64],
            )?;
        }
    }
    tx.execute(
        "INSERT INTO national (delais, delai_median) VALUES (?1, ?2)",
        params![a.delai_national.n as i64, a.delai_national.mediane.map(|m| m as i64)],
    )?;
    for row in &a.archives {
        let p = &row.participation;
        tx.execute(
            "INSERT INTO archives (uai, cloture, attendus, connectees, transmis, valides, notes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                row.uai,
                row.cloture,
                p.attendus as i64,
                p.connectees as i64,
                p.transmis as i64,
                p.valides as i64,
                serde_json::to_string(&row.notes)?,
            ],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// Reads a statistics file back; a newer layout is refused with a French message.
pub fn read(conn: &Connection) -> Result<Aggregats> {
    let about = |cle: &str| -> Result<Option<String>> {
        Ok(conn
            .query_row("SELECT valeur FROM a_propos WHERE cle = ?1", [cle], |r| r.get(0))
            .optional()?)
    };
    anyhow::ensure!(
        about("format")?.as_deref() == Some(FORMAT),
        "ce n'est pas un fichier de statistiques dossiersco : donnez le fichier écrit par « dossiersco snapshot --statistiques »"
    );
    let version: u32 = about("version")?.and_then(|v| v.parse().ok()).unwrap_or(0);
    anyhow::ensure!(
        version <= VERSION,
        "le fichier de statistiques est en version {version}, plus récente que ce programme (version {VERSION}) : \
         mettez dossiersco à jour"
    );
    let releve = about("releve_le")?
        .as_deref()
        .and_then(parse_timestamp)
        .context("date du relevé illisible")?;
    let count = |row: &rusqlite::Row, i: usize| row.get::<_, i64>(i).map(|n| n.max(0) as u64);
    let notes =
        |text: String| -> Result<[u64; 5]> { serde_json::from_str(&text).context("histogramme des notes illisible") };

    let mut etablissements = BTreeMap::new();
    let mut stmt = conn.prepare(
        "SELECT uai, attendus, connectees, transmis, valides, un_clic, formulaire, notes, delais, delai_median
         FROM etablissements",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let uai: String = row.get(0)?;
        let comptes = Comptes {
            participation: RawParticipation {
                attendus: count(row, 1)?,
                connectees: count(row, 2)?,
                transmis: count(row, 3)?,
                valides: count(row, 4)?,
            },
            un_clic: count(row, 5)?,
            formulaire: count(row, 6)?,
            notes: notes(row.get(7)?).with_context(|| format!("établissement {uai}"))?,
            delai: Delai {
                n: count(row, 8)?,
                mediane: row.get::<_, Option<i64>>(9)?.map(|m| m.max(0) as u64),
            },
            jours: BTreeMap::new(),
        };
        etablissements.insert(uai, comptes);
    }
    let mut stmt = conn.prepare("SELECT uai, jour, connexions, transmissions FROM jours")?;
    let mut rows = stmt.query([])?;
    let day_format = time::macros::format_description!("[year]-[month]-[day]");
    while let Some(row) = rows.next()? {
        let uai: String = row.get(0)?;
        let text: String = row.get(1)?;
        let jour = Date::parse(&text, &day_format).with_context(|| format!("jour illisible : {text}"))?;
        let entry = etablissements.entry(uai).or_insert_with(Comptes::default);
        entry.jours.insert(jour, (count(row, 2)?, count(row, 3)?));
    }
    let delai_national = conn
        .query_row("SELECT delais, delai_median FROM national", [], |r| {
            Ok(Delai {
                n: count(r, 0)?,
                mediane: r.get::<_, Option<i64>>(1)?.map(|m| m.max(0) as u64),
            })
        })
        .optional()?
        .unwrap_or_default();
    let mut archives = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT uai, cloture, attendus, connectees, transmis, valides, notes FROM archives
         ORDER BY cloture DESC, uai",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let uai: String = row.get(0)?;
        archives.push(ArchivedRow {
            cloture: row.get(1)?,
            participation: RawParticipation {
                attendus: count(row, 2)?,
                connectees: count(row, 3)?,
                transmis: count(row, 4)?,
                valides: count(row, 5)?,
            },
            notes: notes(row.get(6)?).with_context(|| format!("campagne archivée de {uai}"))?,
            uai,
        });
    }
    Ok(Aggregats {
        releve,
        etablissements,
        delai_national,
        archives,
    })
}
