//! Knowing, cheaply and for certain, that nothing a cache holds has changed in the SQLite file.
//!
//! A cache of answers read from the database (the worker's pre-fill) is valid while its
//! *generation* is the current one. The generation moves on after every commit that may have
//! changed what the cache holds:
//! - a commit of this process's watched writing connections (the writer thread, the mail
//!   sender) that changed a table outside [`IGNORED`] — told by SQLite's update hook on that
//!   connection, and by its change counter (a change the hook did not report counts too);
//! - any commit of any other connection, in this process or another one (the CLI's `import`,
//!   `purge`, staff commands, the `sqlite3` shell): told by `PRAGMA data_version` on a
//!   connection of the watch's own, which changes whenever another connection commits.
//!
//! A watched connection's own commits also change the watch's `data_version`. They are told
//! apart from the others' by that connection's own `data_version` (which changes only with
//! *other* connections' commits): read after its commit, unchanged since its previous commit
//! means nobody else committed meanwhile. While a watched connection is committing, a change
//! seen by a reader is not yet explained: the reader gets no generation (it reads the database
//! and caches nothing) until the committer has said whether the change was its own.
//!
//! On PostgreSQL, several workers write: there is no watch, and so no cache.

use crate::conn::Conn;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

/// Tables that no cached answer reads: changing them does not move the generation. Any other
/// table, including one added later, does.
pub const IGNORED: &[&str] = &[
    "outbox",
    "tentatives_connexion",
    "satisfaction",
    "historique",
    "personnel_actions",
    "personnel_sessions",
    "personnel_liens",
    "personnel_demandes",
    "relances",
    "statistiques_archivees",
    "pieces",
    "pieces_recues",
];

/// The watch over one SQLite file (see the module's documentation).
pub struct ChangeWatch {
    state: Mutex<State>,
}

struct State {
    /// A read-only connection used only for `PRAGMA data_version`.
    conn: Connection,
    /// Its `data_version` when last explained (by a reader's bump or a committer).
    last_seen: i64,
    generation: u64,
    /// Watched connections between the start of their commit and its explanation.
    committing: usize,
}

impl std::fmt::Debug for ChangeWatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChangeWatch").finish_non_exhaustive()
    }
}

impl ChangeWatch {
    /// A watch over the SQLite file `db`; None for PostgreSQL (no cache there).
    pub fn open(db: &Path) -> anyhow::Result<Option<Arc<ChangeWatch>>> {
        if crate::is_postgres(db) {
            return Ok(None);
        }
        let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|e| {
                anyhow::anyhow!(
                    "ouverture de {} pour la surveillance des changements : {e}",
                    db.display()
                )
            })?;
        conn.busy_timeout(std::time::Duration::from_secs(2))?;
        let last_seen = data_version(&conn)?;
        Ok(Some(Arc::new(ChangeWatch {
            state: Mutex::new(State {
                conn,
                last_seen,
                generation: 0,
                committing: 0,
            }),
        })))
    }

    /// The current generation, after noticing any commit not yet accounted for; None while a
    /// change is not yet explained (or cannot be checked): then read the database and cache
    /// nothing. Take it *before* reading what will be cached under it.
    pub fn generation(&self) -> Option<u64> {
        let mut state = self.lock();
        let seen = match data_version(&state.conn) {
            Ok(seen) => seen,
            Err(err) => {
                tracing::warn!(error = %format!("{err:#}"), "surveillance des changements : lecture impossible");
                state.generation += 1;
                return None;
            }
        };
        if seen != state.last_seen {
            if state.committing > 0 {
                // Maybe a watched commit of no interest, maybe not: its committer will say.
                return None;
            }
            state.last_seen = seen;
            state.generation += 1;
        }
        Some(state.generation)
    }

    /// Watches the writes of `conn` (a connection of this process that writes): its commits
    /// must then go through [`WatchedWrites::commit`]. Nothing to watch on PostgreSQL.
    pub fn watch_writes(self: &Arc<Self>, conn: &Conn) -> anyhow::Result<Option<WatchedWrites>> {
        let Conn::Sqlite(sqlite) = conn else {
            return Ok(None);
        };
        let hooked = Arc::new(Hooked::default());
        let seen = hooked.clone();
        sqlite.update_hook(Some(move |_, db: &str, table: &str, _| {
            if db == "main" && IGNORED.contains(&table) {
                seen.ignored.fetch_add(1, Ordering::Relaxed);
            } else {
                seen.relevant.store(true, Ordering::Relaxed);
            }
        }));
        // Its own version first, then the watch's: a commit of another connection in between
        // is seen by the first commit's check.
        let own_version = data_version(sqlite)?;
        {
            let mut state = self.lock();
            let seen = data_version(&state.conn)?;
            if seen != state.last_seen {
                state.last_seen = seen;
                state.generation += 1;
            }
        }
        Ok(Some(WatchedWrites {
            watch: self.clone(),
            hooked,
            changes_mark: sqlite.total_changes(),
            own_version,
        }))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// What the update hook saw since the last commit.
#[derive(Default)]
struct Hooked {
    /// Rows changed in [`IGNORED`] tables.
    ignored: AtomicU64,
    /// A row changed elsewhere.
    relevant: AtomicBool,
}

/// The writes of one watched connection (see [`ChangeWatch::watch_writes`]).
pub struct WatchedWrites {
    watch: Arc<ChangeWatch>,
    hooked: Arc<Hooked>,
    /// `total_changes` after the last commit.
    changes_mark: u64,
    /// The connection's own `data_version` after the last commit.
    own_version: i64,
}

impl WatchedWrites {
    /// Runs `commit` (what makes the connection's writes visible: a COMMIT, or statements in
    /// autocommit), then tells the watch whether the generation must move on.
    pub fn commit<R>(&mut self, conn: &Conn, commit: impl FnOnce() -> R) -> R {
        self.watch.lock().committing += 1;
        let result = commit();
        let Conn::Sqlite(sqlite) = conn else {
            self.watch.lock().committing -= 1;
            return result;
        };
        let total = sqlite.total_changes();
        let ignored = self.hooked.ignored.swap(0, Ordering::Relaxed);
        let relevant = self.hooked.relevant.swap(false, Ordering::Relaxed)
            // Changes the hook did not report (none expected): counted as relevant.
            || total.saturating_sub(self.changes_mark) > ignored;
        self.changes_mark = total;
        let mut state = self.watch.lock();
        state.committing -= 1;
        // The watch's version, then our own: another connection's commit after the first read
        // is seen by the second (and by the watch's next read).
        let seen = data_version(&state.conn);
        let own = data_version(sqlite);
        let others = match (&seen, &own) {
            (Ok(_), Ok(own)) => *own != self.own_version,
            _ => true,
        };
        if let Ok(own) = own {
            self.own_version = own;
        }
        if let Ok(seen) = seen {
            state.last_seen = seen;
        }
        if relevant || others {
            state.generation += 1;
        }
        result
    }
}

/// `PRAGMA data_version`: changes whenever *another* connection commits to the file.
fn data_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.prepare_cached("PRAGMA data_version")?.query_row([], |r| r.get(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (tempfile::TempDir, std::path::PathBuf, Arc<ChangeWatch>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        drop(crate::open(&path).unwrap());
        let watch = ChangeWatch::open(&path).unwrap().unwrap();
        (dir, path, watch)
    }

    #[test]
    fn another_connections_commit_moves_the_generation() {
        let (_dir, path, watch) = setup();
        let g = watch.generation().unwrap();
        assert_eq!(watch.generation(), Some(g), "nothing committed: same generation");
        let other = crate::open(&path).unwrap();
        other
            .execute("INSERT INTO meta (cle, valeur) VALUES ('k', 'v')", [])
            .unwrap();
        let after = watch.generation().unwrap();
        assert!(
            after > g,
            "a commit from another connection, even to an ignored table, is seen"
        );
    }

    #[test]
    fn a_watched_commit_moves_it_only_when_it_touches_a_table_the_cache_reads() {
        let (_dir, path, watch) = setup();
        let conn = crate::open(&path).unwrap();
        let mut writes = watch.watch_writes(&conn).unwrap().unwrap();
        let g = watch.generation().unwrap();
        let _ = writes.commit(&conn, || {
            conn.execute(
                "INSERT INTO tentatives_connexion (uai, code_hash, adresse_hash, reussie, le) VALUES ('a', 'c', 'a', 0, 't')",
                [],
            )
        });
        assert_eq!(watch.generation(), Some(g), "an ignored table: the cache stays");
        writes
            .commit(&conn, || {
                conn.execute("INSERT INTO meta (cle, valeur) VALUES ('k', 'v')", [])
            })
            .unwrap();
        let g2 = watch.generation().unwrap();
        assert!(g2 > g, "meta is not ignored: the generation moves");
        // Another connection commits between two watched commits of no interest.
        let other = crate::open(&path).unwrap();
        other
            .execute("UPDATE meta SET valeur = 'w' WHERE cle = 'k'", [])
            .unwrap();
        let _ = writes.commit(&conn, || {
            conn.execute(
                "INSERT INTO tentatives_connexion (uai, code_hash, adresse_hash, reussie, le) VALUES ('b', 'c', 'a', 0, 't')",
                [],
            )
        });
        assert!(
            watch.generation().unwrap() > g2,
            "the other connection's commit is not taken for ours"
        );
    }

    #[test]
    fn while_a_watched_commit_is_unexplained_readers_get_no_generation() {
        let (_dir, path, watch) = setup();
        let conn = crate::open(&path).unwrap();
        let mut writes = watch.watch_writes(&conn).unwrap().unwrap();
        let g = watch.generation().unwrap();
        let during = writes.commit(&conn, || {
            conn.execute("INSERT INTO meta (cle, valeur) VALUES ('k', 'v')", [])
                .unwrap();
            watch.generation()
        });
        assert_eq!(during, None, "committed, not yet explained: no cache");
        assert!(watch.generation().unwrap() > g);
    }
}
