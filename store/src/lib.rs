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
    include_str!("../migrations/sqlite/0016_sessions_sans_rowid.sql"),
    include_str!("../migrations/sqlite/0017_verifications_sans_table_temporaire.sql"),
    include_str!("../migrations/sqlite/0018_outbox_sans_index_par_eleve.sql"),
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

    /// A database at the version before the migration whose text starts with `migration`.
    fn database_before(path: &Path, migration: &str) -> Connection {
        let before = MIGRATIONS.iter().position(|sql| sql.starts_with(migration)).unwrap();
        let mut conn = Connection::open(path).unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        let tx = conn.transaction().unwrap();
        for sql in &MIGRATIONS[..before] {
            tx.execute_batch(sql).unwrap();
        }
        tx.pragma_update(None, "user_version", before).unwrap();
        tx.commit().unwrap();
        conn
    }

    /// Pupil 1, its submission 5 (of 10 April 2027) and the confirmation queued with it, as
    /// the migrations' tests write them into a database of an older version.
    const A_PUPIL_AND_ITS_CONFIRMATION: &str =
        "INSERT INTO eleves (id, uai, eleve_id_siecle, nom, prenom, date_naissance, prefill, code_hash, importe_le, modifie_le)
         VALUES (1, '0699901M', 'A', 'Martin', 'Lou', '2015-03-14', '{}', 'c1', 't', 't');
         INSERT INTO soumissions (id, eleve_id, valeurs, transmis_le) VALUES (5, 1, '{}', '2027-04-10T08:00:00Z');
         INSERT INTO outbox (eleve_id, uai, genre, destinataires, sujet, texte, message_id, prochain_essai, cree_le,
                             soumission_id, a_rendre)
         VALUES (1, '0699901M', 'confirmation', '[]', 'Sujet', 'Texte', '<m1@x>', 't', 't', 5, '{}');";

    #[test]
    fn the_outbox_and_the_documents_keep_their_rows_and_rules_and_check_them_without_a_temporary_table() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        let conn = database_before(&path, "-- Version 17: the checks");
        conn.execute_batch(A_PUPIL_AND_ITS_CONFIRMATION).unwrap();
        conn.execute_batch(
            "INSERT INTO pieces (eleve_id, uai, document, nom_original, fichier, type_mime, taille, sha256, etat,
                                 soumission_id, recu_le)
             VALUES (1, '0699901M', 'assurance', 'a.pdf', 'f1', 'application/pdf', 10, 'ab', 'accepte', 5, 't');",
        )
        .unwrap();
        drop(conn);

        let conn = open_sqlite(&path).unwrap();
        let kept: (String, i64, String) = conn
            .query_row("SELECT message_id, soumission_id, etat FROM outbox", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
        assert_eq!(kept, ("<m1@x>".into(), 5, "a_envoyer".into()));
        let piece: (String, i64) = conn
            .query_row("SELECT fichier, soumission_id FROM pieces", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(piece, ("f1".into(), 5));
        // The rules hold: an unknown state or type is refused, a deleted submission unlinks.
        let refused = conn.execute("UPDATE outbox SET etat = 'perdu'", []).unwrap_err();
        assert!(refused.to_string().contains("CHECK"), "{refused}");
        assert!(conn.execute("UPDATE pieces SET type_mime = 'text/html'", []).is_err());
        assert!(conn.execute("UPDATE pieces SET etat = 'perdu'", []).is_err());
        conn.execute("DELETE FROM soumissions", []).unwrap();
        let unlinked: (Option<i64>, Option<i64>) = conn
            .query_row(
                "SELECT (SELECT soumission_id FROM outbox), (SELECT soumission_id FROM pieces)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(unlinked, (None, None));
        // Why: writing a row no longer opens a temporary B-tree to test its state.
        let opcodes = |sql: &str| -> Vec<String> {
            conn.prepare(&format!("EXPLAIN {sql}"))
                .unwrap()
                .query_map([], |r| r.get(1))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        for insert in [
            "INSERT INTO outbox (uai, genre, destinataires, sujet, texte, message_id, prochain_essai, cree_le)
             VALUES ('u', 'g', '[]', 's', 't', 'm2', 't', 't')",
            "INSERT INTO pieces (eleve_id, uai, document, nom_original, fichier, type_mime, taille, sha256, etat, recu_le)
             VALUES (1, 'u', 'd', 'n', 'f2', 'image/png', 1, 'h', 'accepte', 't')",
        ] {
            let ops = opcodes(insert);
            assert!(!ops.iter().any(|op| op == "OpenEphemeral"), "{insert}: {ops:?}");
        }
    }

    #[test]
    fn the_outbox_loses_its_index_by_pupil_and_keeps_its_rows_and_its_link_to_submissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        let conn = database_before(&path, "-- Version 18: the outbox");
        conn.execute_batch(A_PUPIL_AND_ITS_CONFIRMATION).unwrap();
        drop(conn);

        let conn = open_sqlite(&path).unwrap();
        let kept: (i64, String, i64) = conn
            .query_row("SELECT eleve_id, message_id, soumission_id FROM outbox", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
        assert_eq!(kept, (1, "<m1@x>".into(), 5));
        let column = |sql: &str| -> Vec<String> {
            conn.prepare(sql)
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        let indexes = column("SELECT name FROM pragma_index_list('outbox') WHERE origin = 'c' ORDER BY name");
        assert_eq!(indexes, ["outbox_a_envoyer", "outbox_soumission"]);
        // Only the submission is referenced: deleting a pupil reads no outbox.
        assert_eq!(
            column("SELECT \"table\" FROM pragma_foreign_key_list('outbox')"),
            ["soumissions"]
        );
        // The day's count finds the confirmation through its submission.
        let day = crate::outbox::confirmations_since(&crate::Conn::Sqlite(conn), 1, "2027-04-10T00:00:00Z").unwrap();
        assert_eq!(day, 1);
    }

    #[test]
    fn sessions_move_to_tables_without_rowid_with_their_children_and_cascades() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        // A database of the version before (file 0015) holding a session with two children.
        let mut conn = database_before(&path, "-- Version 16: sessions");
        let tx = conn.transaction().unwrap();
        tx.execute_batch(
            "INSERT INTO eleves (id, uai, eleve_id_siecle, nom, prenom, date_naissance, prefill, code_hash, importe_le, modifie_le)
             VALUES (1, '0699901M', 'A', 'Martin', 'Lou', '2015-03-14', '{}', 'c1', 't', 't'),
                    (2, '0699901M', 'B', 'Martin', 'Noé', '2013-01-02', '{}', 'c2', 't', 't');
             INSERT INTO sessions VALUES ('jeton', 1, '2026-11-30T08:00:00Z', '2026-11-30T09:00:00Z');
             INSERT INTO session_eleves VALUES ('jeton', 1, 1, 't'), ('jeton', 2, 0, 't');",
        )
        .unwrap();
        tx.commit().unwrap();
        drop(conn);

        let conn = open_sqlite(&path).unwrap();
        let without_rowid = |table: &str| -> bool {
            conn.query_row("SELECT sql FROM sqlite_schema WHERE name = ?1", [table], |r| {
                r.get::<_, String>(0)
            })
            .unwrap()
            .contains("WITHOUT ROWID")
        };
        assert!(without_rowid("sessions") && without_rowid("session_eleves"));
        let kept: (String, i64, String) = conn
            .query_row("SELECT token_hash, eleve_id, expire_le FROM sessions", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
        assert_eq!(kept, ("jeton".into(), 1, "2026-11-30T09:00:00Z".into()));
        let children: Vec<(i64, i64)> = conn
            .prepare("SELECT eleve_id, par_code FROM session_eleves WHERE token_hash = 'jeton' ORDER BY eleve_id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(children, [(1, 1), (2, 0)]);
        assert!(conn
            .prepare("PRAGMA foreign_key_check")
            .unwrap()
            .query([])
            .unwrap()
            .next()
            .unwrap()
            .is_none());
        // The cascades still hold: a pupil deleted leaves the session's other child; the
        // session deleted takes its children.
        conn.execute("DELETE FROM eleves WHERE id = 2", []).unwrap();
        let left: i64 = conn
            .query_row("SELECT count(*) FROM session_eleves", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 1);
        conn.execute("DELETE FROM sessions WHERE token_hash = 'jeton'", [])
            .unwrap();
        let left: i64 = conn
            .query_row("SELECT count(*) FROM session_eleves", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0);
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
