//! A small pool of read-only connections for GET requests and session lookups.
//!
//! Reads are point lookups by key (tens of microseconds), so they run right on the calling
//! task rather than being handed to another thread: in WAL mode a reader never waits for the
//! writer, and a hand-off would cost more than the query.
//!
//! On PostgreSQL the readers are the engine's pool: each run borrows a pooled client.

use crate::conn::Conn;
use crate::postgres::PgDatabase;
use anyhow::{Context, Result};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// Read-only connections to the database.
pub struct Readers {
    conns: Vec<Mutex<Conn>>,
    next: AtomicUsize,
    postgres: Option<PgDatabase>,
}

impl Readers {
    /// Opens `count` read-only connections; the database must exist (opened by the writer first).
    pub fn open(path: &Path, count: usize) -> Result<Readers> {
        if let Some(url) = path.to_str().filter(|p| crate::postgres::is_url(p)) {
            return Ok(Readers {
                conns: Vec::new(),
                next: AtomicUsize::new(0),
                postgres: Some(crate::postgres::database(url)?),
            });
        }
        crate::sqlite_global::configure();
        let conns = (0..count.max(1))
            .map(|_| {
                let conn = Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .with_context(|| format!("ouverture en lecture de {}", path.display()))?;
                conn.busy_timeout(Duration::from_secs(2))?;
                conn.set_prepared_statement_cache_capacity(32);
                Ok(Mutex::new(Conn::Sqlite(conn)))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Readers {
            conns,
            next: AtomicUsize::new(0),
            postgres: None,
        })
    }

    /// Runs `read` on a free connection (or waits for one).
    pub fn run<R>(&self, read: impl FnOnce(&Conn) -> Result<R>) -> Result<R> {
        if let Some(db) = &self.postgres {
            return read(&Conn::Postgres(db.conn()?));
        }
        let n = self.conns.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        for i in 0..n {
            if let Ok(conn) = self.conns[(start + i) % n].try_lock() {
                return read(&conn);
            }
        }
        let conn = self.conns[start % n].lock().unwrap_or_else(PoisonError::into_inner);
        read(&conn)
    }

    /// Like [`Readers::run`], with every read of `read` in one read transaction: one
    /// consistent snapshot, and the database's locks taken once rather than per statement.
    /// (On PostgreSQL each statement reads the latest committed state, as `run` does.)
    pub fn snapshot<R>(&self, read: impl FnOnce(&Conn) -> Result<R>) -> Result<R> {
        if self.postgres.is_some() {
            return self.run(read);
        }
        self.run(|outer| {
            let Conn::Sqlite(conn) = outer else {
                return read(outer);
            };
            if !conn.is_autocommit() {
                // Left open by a failed end below: start afresh.
                conn.execute_batch("ROLLBACK")?;
            }
            conn.prepare_cached("BEGIN")?.execute([])?;
            let result = read(outer);
            // A read-only transaction: ending it cannot lose anything.
            if let Err(err) = conn.prepare_cached("COMMIT").and_then(|mut end| end.execute([])) {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(err.into());
            }
            result
        })
    }
}
