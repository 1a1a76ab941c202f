//! The database, the only place with SQL: an embedded SQLite file in WAL mode (the default),
//! or a PostgreSQL server shared by several workers. This crate owns the schema (embedded
//! migrations for each engine, one numbered sequence, applied at open) and every SQL
//! statement; the worker and the CLI call its functions with typed values on a [`Conn`].
//!
//! `DOSSIERSCO_DB` (the `db` path) picks the engine: a file path is SQLite, a
//! `postgres://` or `postgresql://` URL is PostgreSQL (see [`postgres`]).

pub mod conn;
pub mod migrate;
pub mod postgres;

pub use conn::{Conn, Engine, Error, OptionalExtension, Row, Transaction};

pub mod demo;
pub mod import;

pub mod codes;
pub mod families;
pub mod fratrie;
pub mod historique;
pub mod readers;
pub mod sessions;
pub mod watch;
pub mod writer;

pub mod outbox;
pub mod personnel;
pub mod pieces;
pub mod retention;
pub mod retour_siecle;
pub mod snapshot;
pub mod sqlite_global;
pub mod stats;
pub mod suivi;

use anyhow::{Context, Result};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// Migrations, applied in order; `PRAGMA user_version` records how many ran.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/sqlite/0001_initial.sql"),
    include_str!("../migrations/sqlite/0002_outbox_expediteur_statistiques.sql"),
    include_str!("../migrations/sqlite/0003_personnel.sql"),
    include_str!("../migrations/sqlite/0004_pieces.sql"),
    include_str!("../migrations/sqlite/0005_session_eleves.sql"),
    include_str!("../migrations/sqlite/0006_tentatives_appareil.sql"),
    include_str!("../migrations/sqlite/0007_limites_jour.sql"),
    include_str!("../migrations/sqlite/0008_historique.sql"),
    include_str!("../migrations/sqlite/0009_historique.sql"),
    include_str!("../migrations/sqlite/0012_codes_siecle.sql"),
    include_str!("../migrations/sqlite/0013_langue_famille.sql"),
    include_str!("../migrations/sqlite/0014_courriel_rendu_a_l_envoi.sql"),
    include_str!("../migrations/sqlite/0015_index_soumissions.sql"),
];

/// Opens (creating if needed) the database at `path` and brings its schema up to date.
///
/// `synchronous=FULL`: a submission acknowledged to a family survives a power cut.
/// `secure_delete=FAST`: what is deleted or overwritten (a scrubbed login link, an expired
/// session) is zeroed in the pages being written anyway, at no extra I/O.
pub fn open(path: &Path) -> Result<Conn> {
    if let Some(url) = path.to_str().filter(|p| postgres::is_url(p)) {
        return Ok(Conn::Postgres(postgres::database(url)?.conn()?));
    }
    open_sqlite(path).map(Conn::Sqlite)
}

/// Whether `db` (the `db` setting) names a PostgreSQL server.
pub fn is_postgres(db: &Path) -> bool {
    db.to_str().is_some_and(postgres::is_url)
}

/// `db` for messages: a URL without its password.
pub fn describe(db: &Path) -> String {
    match db.to_str().filter(|p| postgres::is_url(p)) {
        Some(url) => postgres::redact(url),
        None => db.display().to_string(),
    }
}

/// Opens (creating if needed) the SQLite database at `path`, as [`open`] does.
pub fn open_sqlite(path: &Path) -> Result<Connection> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| format!("création du dossier {}", parent.display()))?;
    }
    sqlite_global::configure();
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("ouverture de la base {}", path.display()))?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    set_wal(&conn).with_context(|| format!("passage en WAL de {}", path.display()))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "secure_delete", "FAST")?;
    migrate(&mut conn).with_context(|| format!("mise à jour du schéma de {}", path.display()))?;
    Ok(conn)
}

/// `journal_mode=WAL`. Switching a new database is not covered by the busy handler: when
/// several processes open it at once (the worker and its sender, a test and the server),
/// the losers get SQLITE_BUSY at once, so they wait their turn here.
fn set_wal(conn: &Connection) -> rusqlite::Result<()> {
    let mut tries = 0;
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if tries < 500
                    && matches!(
                        e.code,
                        rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                    ) =>
            {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

fn migrate(conn: &mut Connection) -> Result<()> {
    // One IMMEDIATE transaction for the whole check-and-apply: two processes opening a new
    // database at once (the worker and its sender, a test and the server) then take turns
    // instead of both creating the tables.
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let version: usize = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if version > MIGRATIONS.len() {
        anyhow::bail!(
            "la base est en version {version}, plus récente que ce programme (version {}) : mettez dossiersco à jour",
            MIGRATIONS.len()
        );
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(version) {
        tx.execute_batch(sql)
            .with_context(|| format!("migration {}", index + 1))?;
        tx.pragma_update(None, "user_version", index + 1)?;
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_twice_applies_migrations_once_in_wal_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/dossiersco.sqlite");
        drop(open(&path).unwrap());
        let conn = open_sqlite(&path).unwrap();
        let version: usize = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(version, MIGRATIONS.len());
        let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let sync: i64 = conn.pragma_query_value(None, "synchronous", |r| r.get(0)).unwrap();
        assert_eq!(sync, 2, "synchronous=FULL");
    }

    #[test]
    fn connections_opening_a_new_database_at_once_agree() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        let threads: Vec<_> = (0..6)
            .map(|_| {
                let path = path.clone();
                std::thread::spawn(move || open(&path).map(|_| ()).map_err(|e| format!("{e:#}")))
            })
            .collect();
        for t in threads {
            t.join().unwrap().unwrap();
        }
    }

    #[test]
    fn a_newer_database_is_refused_with_a_message() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        let err = format!("{:#}", open(&path).unwrap_err());
        assert!(err.contains("plus récente"), "{err}");
    }
}
