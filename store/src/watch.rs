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
//! Readers check on every request, so the check costs no system call: the watch reads the
//! WAL-index header (the first 96 bytes of the `-shm` file, which SQLite keeps mapped in every
//! process using the database, and which every commit rewrites: its frame count, checksums
//! and salts; format documented at <https://www.sqlite.org/walformat.html>) through a read-only
//! mapping of its own, as SQLite's readers do (both copies equal, else a commit is being
//! written). Without that file (not in WAL mode), `PRAGMA data_version` on the watch's own
//! connection does the same with a read transaction's file locks.
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
    /// A read-only connection: `PRAGMA data_version` when there is no header to read; open,
    /// it also keeps the `-shm` file in place.
    conn: Connection,
    /// The WAL-index header, mapped.
    header: Option<WalIndexHeader>,
    /// The version when last explained (by a reader's bump or a committer).
    last_seen: Version,
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
        // A first read maps the WAL index (the writer, opened first, created it).
        data_version(&conn)?;
        let header = WalIndexHeader::map(&shm_path(db));
        let mut state = State {
            conn,
            header,
            last_seen: Version::Unknown,
            generation: 0,
            committing: 0,
        };
        state.last_seen = state.version()?;
        Ok(Some(Arc::new(ChangeWatch {
            state: Mutex::new(state),
        })))
    }

    /// The current generation, after noticing any commit not yet accounted for; None while a
    /// change is not yet explained (or cannot be checked): then read the database and cache
    /// nothing. Take it *before* reading what will be cached under it.
    pub fn generation(&self) -> Option<u64> {
        let mut state = self.lock();
        let seen = match state.version() {
            Ok(Version::Unknown) => return None,
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
            let seen = state.version()?;
            if seen != state.last_seen || seen == Version::Unknown {
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
        // A commit that panics leaves its changes unexplained: the next reader moves the
        // generation on (rather than the cache staying off for good).
        let unwinding = Unwinding(&self.watch);
        let result = commit();
        std::mem::forget(unwinding);
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
        let seen = state.version();
        let own = data_version(sqlite);
        let others = match (&seen, &own) {
            (Ok(Version::Unknown), _) => true,
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

/// Ends a watched commit that unwinds (forgotten when the commit returns).
struct Unwinding<'a>(&'a ChangeWatch);

impl Drop for Unwinding<'_> {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.committing -= 1;
        state.generation += 1;
        state.last_seen = Version::Unknown;
    }
}

/// What tells one state of the database from the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    /// The WAL-index header's 48 bytes.
    Header([u32; 12]),
    /// `PRAGMA data_version` of the watch's connection.
    Pragma(i64),
    /// A commit is being written (the header's two copies differ).
    Unknown,
}

impl State {
    fn version(&self) -> rusqlite::Result<Version> {
        Ok(match &self.header {
            Some(header) => header.read(),
            None => Version::Pragma(data_version(&self.conn)?),
        })
    }
}

fn shm_path(db: &Path) -> std::path::PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-shm");
    name.into()
}

/// The first page of the `-shm` file, mapped read-only and shared: SQLite's WAL-index
/// header, written by every commit of every process (two copies of 48 bytes: the second
/// written first, then the first).
struct WalIndexHeader {
    words: std::ptr::NonNull<std::sync::atomic::AtomicU32>,
    _file: std::fs::File,
}

// The mapping is read through atomics only, and unmapped once, on drop.
unsafe impl Send for WalIndexHeader {}
unsafe impl Sync for WalIndexHeader {}

/// Bytes mapped: one page, holding both copies of the header and the checkpoint information.
const MAPPED: usize = 4096;

impl WalIndexHeader {
    /// None when there is no `-shm` file to read (not in WAL mode, or too short yet).
    fn map(path: &Path) -> Option<WalIndexHeader> {
        let file = std::fs::File::open(path).ok()?;
        // The header and its copy; SQLite never shrinks the file while a connection (ours)
        // has it open.
        if file.metadata().ok()?.len() < 136 {
            return None;
        }
        use std::os::fd::AsRawFd;
        // SAFETY: a fresh read-only shared mapping of an open file, kept until drop.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                MAPPED,
                libc::PROT_READ,
                libc::MAP_SHARED,
                file.as_raw_fd(),
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            return None;
        }
        Some(WalIndexHeader {
            words: std::ptr::NonNull::new(ptr.cast())?,
            _file: file,
        })
    }

    /// Both copies, the first one first (the reverse of the writer's order): equal, they are
    /// one commit's header; different, a commit is being written.
    fn read(&self) -> Version {
        use std::sync::atomic::{fence, Ordering};
        let word = |i: usize| {
            // SAFETY: i < 24, within the mapped page; u32-aligned (page-aligned base).
            unsafe { (*self.words.as_ptr().add(i)).load(Ordering::Acquire) }
        };
        let mut first = [0u32; 12];
        for (i, w) in first.iter_mut().enumerate() {
            *w = word(i);
        }
        fence(Ordering::SeqCst);
        let second_matches = (0..12).all(|i| word(12 + i) == first[i]);
        // isInit (byte 12): an uninitialised index says nothing.
        let initialised = first[3].to_ne_bytes()[0] != 0;
        if second_matches && initialised {
            Version::Header(first)
        } else {
            Version::Unknown
        }
    }
}

impl Drop for WalIndexHeader {
    fn drop(&mut self) {
        // SAFETY: mapped in `map` with this length, not used after.
        unsafe {
            libc::munmap(self.words.as_ptr().cast(), MAPPED);
        }
    }
}

/// `PRAGMA data_version`: changes whenever *another* connection commits to the file.
fn data_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.prepare_cached("PRAGMA data_version")?.query_row([], |r| r.get(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database with a connection open (the worker's writer), and its watch.
    fn setup() -> (tempfile::TempDir, std::path::PathBuf, Arc<ChangeWatch>, Conn) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        let first = crate::open(&path).unwrap();
        let watch = ChangeWatch::open(&path).unwrap().unwrap();
        assert!(
            watch.lock().header.is_some(),
            "the WAL index is read from memory, not through file locks"
        );
        (dir, path, watch, first)
    }

    #[test]
    fn another_connections_commit_moves_the_generation() {
        let (_dir, path, watch, _first) = setup();
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
        let (_dir, path, watch, _first) = setup();
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
        let (_dir, path, watch, _first) = setup();
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

    #[test]
    fn a_commit_that_panics_does_not_leave_the_cache_off_for_good() {
        let (_dir, path, watch, _first) = setup();
        let conn = crate::open(&path).unwrap();
        let mut writes = watch.watch_writes(&conn).unwrap().unwrap();
        let g = watch.generation().unwrap();
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            writes.commit(&conn, || {
                conn.execute("INSERT INTO meta (cle, valeur) VALUES ('k', 'v')", [])
                    .unwrap();
                panic!("en pleine validation");
            })
        }));
        assert!(panicked.is_err());
        let after = watch.generation().expect("answers are kept again");
        assert!(after > g, "the panicked commit's change is not taken as explained");
    }
}
