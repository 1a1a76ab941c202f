//! Data retention (RGPD): once a campaign is over, delete everything about its families and
//! keep only counts, in `statistiques_archivees`. Deleted rows must not survive elsewhere:
//! the deletions run with `secure_delete` (freed space overwritten), then [`compact`] rebuilds
//! the file (VACUUM) and empties the WAL, where older versions of every page still lie; the
//! families' documents and the `.eml` copies of their emails are removed from disk
//! ([`disk`]).

use crate::conn::{params, Conn, OptionalExtension, Transaction};
use anyhow::{Context, Result};

/// Tables holding personal data, in deletion order, with the rows of one school.
/// `?1` is the UAI. Keep in step with the schema: a test fails when a table with a `uai` or
/// `eleve_id` column is missing here.
const PURGED: &[(&str, &str)] = &[
    (
        "session_eleves",
        "DELETE FROM session_eleves WHERE eleve_id IN (SELECT id FROM eleves WHERE uai = ?1)",
    ),
    (
        "sessions",
        "DELETE FROM sessions WHERE eleve_id IN (SELECT id FROM eleves WHERE uai = ?1)",
    ),
    (
        "brouillons",
        "DELETE FROM brouillons WHERE eleve_id IN (SELECT id FROM eleves WHERE uai = ?1)",
    ),
    // Documents (migration 0004): the rows; their files on disk are removed by `disk`.
    ("pieces", "DELETE FROM pieces WHERE uai = ?1"),
    (
        "soumissions",
        "DELETE FROM soumissions WHERE eleve_id IN (SELECT id FROM eleves WHERE uai = ?1)",
    ),
    (
        "tentatives_connexion",
        "DELETE FROM tentatives_connexion WHERE uai = ?1",
    ),
    ("satisfaction", "DELETE FROM satisfaction WHERE uai = ?1"),
    ("outbox", "DELETE FROM outbox WHERE uai = ?1"),
    // Staff area (migration 0003): links, sessions, request traces, reminders, audit trail.
    ("personnel_liens", "DELETE FROM personnel_liens WHERE uai = ?1"),
    ("personnel_sessions", "DELETE FROM personnel_sessions WHERE uai = ?1"),
    ("personnel_demandes", "DELETE FROM personnel_demandes WHERE uai = ?1"),
    ("relances", "DELETE FROM relances WHERE uai = ?1"),
    ("personnel_actions", "DELETE FROM personnel_actions WHERE uai = ?1"),
    // Pupils' history and documents received at the office (migration 0009).
    ("historique", "DELETE FROM historique WHERE uai = ?1"),
    ("pieces_recues", "DELETE FROM pieces_recues WHERE uai = ?1"),
    (
        "eleve_responsables",
        "DELETE FROM eleve_responsables WHERE eleve_id IN (SELECT id FROM eleves WHERE uai = ?1)",
    ),
    ("eleves", "DELETE FROM eleves WHERE uai = ?1"),
    ("responsables", "DELETE FROM responsables WHERE uai = ?1"),
];

/// Tables that may keep rows with a `uai` after a purge: they hold no personal data.
const KEPT: &[&str] = &["statistiques_archivees"];

/// The counts kept for one school's campaign.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aggregates {
    pub eleves: i64,
    /// Per state, in `DossierState::ALL` order.
    pub etats: [i64; 6],
    pub soumissions: i64,
    /// Ratings 1 to 5.
    pub notes: [i64; 5],
    pub commentaires: i64,
    pub courriels_envoyes: i64,
    pub courriels_refuses: i64,
}

/// What was (or, in a dry run, would be) deleted for one school.
#[derive(Debug, Clone)]
pub struct SchoolPurge {
    pub uai: String,
    pub cloture: String,
    pub aggregates: Aggregates,
    /// Rows deleted per table, in [`PURGED`] order.
    pub deleted: Vec<(&'static str, usize)>,
    /// Spool names of its documents' files (to remove from disk, see [`disk`]).
    pub fichiers: Vec<String>,
    /// Message-IDs of its emails (their `.eml` copies are removed, see [`disk`]).
    pub message_ids: Vec<String>,
}

/// Purges the schools `campagnes` (UAI, closing day YYYY-MM-DD) in one transaction: stores
/// their aggregates then deletes their rows. With `apply` false nothing changes (dry run),
/// but the counts are the same.
pub fn purge(conn: &mut Conn, campagnes: &[(String, String)], apply: bool) -> Result<Vec<SchoolPurge>> {
    let archive_le = dossiersco_model::clock::timestamp(time::OffsetDateTime::now_utc());
    let archive_le = archive_le.as_str();
    // Deleted content is overwritten with zeros in the pages, not merely marked free.
    if let Some(c) = conn.sqlite() {
        c.pragma_update(None, "secure_delete", "ON")?;
    }
    let tx = conn.transaction()?;
    let mut report = Vec::new();
    for (uai, cloture) in campagnes {
        let aggregates = aggregates(&tx, uai).with_context(|| format!("statistiques de {uai}"))?;
        let column = |sql: &str| -> Result<Vec<String>> {
            let mut stmt = tx.prepare(sql)?;
            let rows = stmt.query_map([uai], |r| r.get(0))?;
            Ok(rows.collect::<crate::conn::Result<_>>()?)
        };
        let fichiers = column("SELECT fichier FROM pieces WHERE uai = ?1")?;
        let message_ids = column("SELECT message_id FROM outbox WHERE uai = ?1")?;
        if apply && aggregates != Aggregates::default() {
            archive(&tx, uai, cloture, archive_le, &aggregates)?;
        }
        let mut deleted = Vec::new();
        for (table, sql) in PURGED {
            let n = tx
                .execute(sql, [uai])
                .with_context(|| format!("suppression dans {table}"))?;
            deleted.push((*table, n));
        }
        report.push(SchoolPurge {
            uai: uai.clone(),
            cloture: cloture.clone(),
            aggregates,
            deleted,
            fichiers,
            message_ids,
        });
    }
    if apply {
        tx.commit()?;
    } else {
        tx.rollback()?;
    }
    Ok(report)
}

/// What [`compact`] did to the database file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compaction {
    /// Size of the file (plus its WAL) before and after, in bytes.
    pub avant: u64,
    pub apres: u64,
    /// Whether the WAL could be emptied; `false` when another process (a running worker) was
    /// reading at that moment: its old pages may still hold deleted rows until the next
    /// checkpoint, so run `purge` again with the worker stopped.
    pub wal_vide: bool,
}

/// After a purge: rebuilds the database file without its free pages (VACUUM, which also drops
/// whatever deleted content the pages still held) and empties the WAL, whose older frames hold
/// the pages as they were before the deletions. `path` is the database's file.
pub fn compact(conn: &Conn, path: &std::path::Path) -> Result<Compaction> {
    let size = || {
        let wal = path.with_file_name(format!(
            "{}-wal",
            path.file_name().unwrap_or_default().to_string_lossy()
        ));
        std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) + std::fs::metadata(wal).map(|m| m.len()).unwrap_or(0)
    };
    if conn.engine() == crate::Engine::Postgres {
        // The server's files: VACUUM FULL rewrites the tables without the deleted rows.
        let size = || -> Result<u64> {
            Ok(conn.query_row("SELECT pg_database_size(current_database())", [], |r| {
                r.get::<_, i64>(0)
            })? as u64)
        };
        let avant = size()?;
        conn.execute_batch("VACUUM FULL").context("VACUUM FULL de la base")?;
        return Ok(Compaction {
            avant,
            apres: size()?,
            wal_vide: true,
        });
    }
    let avant = size();
    conn.execute_batch("VACUUM").context("VACUUM de la base")?;
    let busy: i64 = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))
        .context("vidage du journal WAL")?;
    Ok(Compaction {
        avant,
        apres: size(),
        wal_vide: busy == 0,
    })
}

/// Tables with a `uai` or `eleve_id` column that [`purge`] does not clear.
pub fn unpurged_tables(conn: &Conn) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(match conn.engine() {
        crate::Engine::Sqlite => {
            "SELECT DISTINCT m.name FROM sqlite_master m, pragma_table_info(m.name) c
             WHERE m.type = 'table' AND c.name IN ('uai', 'eleve_id') ORDER BY m.name"
        }
        crate::Engine::Postgres => {
            "SELECT DISTINCT table_name::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND column_name IN ('uai', 'eleve_id') ORDER BY 1"
        }
    })?;
    let tables: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<crate::conn::Result<_>>()?;
    Ok(tables
        .into_iter()
        .filter(|t| !PURGED.iter().any(|(p, _)| p == t) && !KEPT.contains(&t.as_str()))
        .collect())
}

fn aggregates(tx: &Transaction, uai: &str) -> crate::conn::Result<Aggregates> {
    let mut a = Aggregates::default();
    let mut stmt = tx.prepare("SELECT etat, count(*) FROM eleves WHERE uai = ?1 GROUP BY etat")?;
    let rows = stmt.query_map([uai], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    for row in rows {
        let (etat, n) = row?;
        if let Some(i) = dossiersco_model::DossierState::ALL
            .iter()
            .position(|s| s.as_str() == etat)
        {
            a.etats[i] = n;
        }
        a.eleves += n;
    }
    a.soumissions = tx.query_row(
        "SELECT count(*) FROM soumissions WHERE eleve_id IN (SELECT id FROM eleves WHERE uai = ?1)",
        [uai],
        |r| r.get(0),
    )?;
    let mut stmt = tx.prepare("SELECT note, count(*) FROM satisfaction WHERE uai = ?1 GROUP BY note")?;
    let rows = stmt.query_map([uai], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
    for row in rows {
        let (note, n) = row?;
        if (1..=5).contains(&note) {
            a.notes[note as usize - 1] = n;
        }
    }
    a.commentaires = tx.query_row(
        "SELECT count(*) FROM satisfaction WHERE uai = ?1 AND trim(commentaire) <> ''",
        [uai],
        |r| r.get(0),
    )?;
    (a.courriels_envoyes, a.courriels_refuses) = tx.query_row(
        "SELECT count(*) FILTER (WHERE etat = 'envoye'), count(*) FILTER (WHERE etat = 'refuse') FROM outbox WHERE uai = ?1",
        [uai],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(a)
}

/// Adds `a` to the archived row of (uai, cloture): a second purge (after a late import) sums.
fn archive(tx: &Transaction, uai: &str, cloture: &str, archive_le: &str, a: &Aggregates) -> Result<()> {
    let mut total = a.clone();
    if let Some(old) = archived(tx, uai, cloture)? {
        total.eleves += old.eleves;
        for i in 0..6 {
            total.etats[i] += old.etats[i];
        }
        for i in 0..5 {
            total.notes[i] += old.notes[i];
        }
        total.soumissions += old.soumissions;
        total.commentaires += old.commentaires;
        total.courriels_envoyes += old.courriels_envoyes;
        total.courriels_refuses += old.courriels_refuses;
    }
    let e = &total.etats;
    tx.execute(
        "INSERT INTO statistiques_archivees (uai, cloture, archive_le, eleves, non_connecte, connecte, brouillon,
             transmis, valide, sortant, soumissions, notes, commentaires, courriels_envoyes, courriels_refuses)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
         ON CONFLICT (uai, cloture) DO UPDATE SET archive_le = excluded.archive_le, eleves = excluded.eleves,
             non_connecte = excluded.non_connecte, connecte = excluded.connecte, brouillon = excluded.brouillon,
             transmis = excluded.transmis, valide = excluded.valide, sortant = excluded.sortant,
             soumissions = excluded.soumissions, notes = excluded.notes, commentaires = excluded.commentaires,
             courriels_envoyes = excluded.courriels_envoyes, courriels_refuses = excluded.courriels_refuses",
        params![
            uai,
            cloture,
            archive_le,
            total.eleves,
            e[0],
            e[1],
            e[2],
            e[3],
            e[4],
            e[5],
            total.soumissions,
            serde_json::to_string(&total.notes)?,
            total.commentaires,
            total.courriels_envoyes,
            total.courriels_refuses,
        ],
    )?;
    Ok(())
}

/// The archived counts of one school's campaign.
pub fn archived(conn: &Conn, uai: &str, cloture: &str) -> Result<Option<Aggregates>> {
    let row = conn
        .query_row(
            "SELECT eleves, non_connecte, connecte, brouillon, transmis, valide, sortant, soumissions, notes,
                    commentaires, courriels_envoyes, courriels_refuses
             FROM statistiques_archivees WHERE uai = ?1 AND cloture = ?2",
            [uai, cloture],
            |r| {
                Ok((
                    Aggregates {
                        eleves: r.get(0)?,
                        etats: [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?],
                        soumissions: r.get(7)?,
                        notes: [0; 5],
                        commentaires: r.get(9)?,
                        courriels_envoyes: r.get(10)?,
                        courriels_refuses: r.get(11)?,
                    },
                    r.get::<_, String>(8)?,
                ))
            },
        )
        .optional()?;
    match row {
        None => Ok(None),
        Some((mut a, notes)) => {
            a.notes = serde_json::from_str(&notes).context("histogramme des notes illisible")?;
            Ok(Some(a))
        }
    }
}

#[path = "retention_disk.rs"]
pub mod disk;

#[cfg(test)]
#[path = "retention_tests.rs"]
mod tests;
