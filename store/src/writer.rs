//! The one writing connection, on its own thread, with group commit.
//!
//! Each request's write is a closure run inside a SAVEPOINT of a shared transaction: while one
//! batch is being made durable (one fsync with synchronous=FULL), the requests arriving meanwhile
//! queue up and go into the next transaction together. A request is answered only after the
//! transaction holding its write has committed, so an acknowledged submission is on disk, and
//! a failing write is rolled back alone without spoiling its batch.
//!
//! Checkpoints (copying the WAL's pages into the database file, then its fsync) run on a
//! thread of their own with their own connection, not in the writer's serial path; the writer
//! only copies the few pages left when the WAL has passed its bound, so that its next
//! transaction starts the WAL over: under steady load the WAL stays bounded.
//!
//! On PostgreSQL, where several workers write at once, each write is its own transaction on a
//! pooled client (on a blocking thread), answered after its COMMIT.

use crate::conn::Conn;
use crate::postgres::PgDatabase;
use anyhow::{anyhow, Result};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;
use tokio::sync::oneshot;

/// Upper bound of writes per transaction (keeps one commit's latency bounded).
const MAX_BATCH: usize = 512;

/// When the checkpoint thread runs, and the WAL's bound.
#[derive(Clone, Copy)]
struct Checkpointing {
    /// Shortest time between two checkpoints of the checkpoint thread (each ends with an
    /// fsync of the database file, on the disk that holds the WAL).
    interval: Duration,
    /// WAL frames (pages) past which the writer finishes the checkpoint itself between two
    /// transactions, so that the next one writes the WAL from its start again.
    bound_frames: i64,
}

/// The WAL starts over once past ~8 MiB (4 KiB pages), twice SQLite's automatic checkpoint
/// (measured at 12–31 MiB at most under the load bench: readers on an older snapshot delay
/// the start over); with 32 MiB, every read (more of the WAL's index to search) cost more than
/// the fewer checkpoints saved.
const CHECKPOINTING: Checkpointing = Checkpointing {
    interval: Duration::from_millis(100),
    bound_frames: 2_000,
};

/// What the writer and the checkpoint thread share.
struct Checkpoints {
    /// Held during any checkpoint: the writer's waits until the thread's has ended.
    running: Mutex<()>,
    /// Set by the thread when the WAL has passed its bound.
    restart_wanted: AtomicBool,
}

type Done = Box<dyn FnOnce(Result<(), String>) + Send>;
type Job = Box<dyn FnOnce(&Conn) -> (bool, Done) + Send>;

/// Handle to the writer thread. Dropping every handle stops the thread.
pub struct Writer {
    jobs: Option<mpsc::Sender<Job>>,
    postgres: Option<PgDatabase>,
}

impl Writer {
    /// Moves `conn` to a new thread that runs the writes.
    pub fn start(conn: Conn) -> Result<Writer> {
        Writer::start_watched(conn, None)
    }

    /// Like [`Writer::start`], each commit told to `watch` (the worker's pre-fill cache).
    pub fn start_watched(conn: Conn, watch: Option<Arc<crate::watch::ChangeWatch>>) -> Result<Writer> {
        Self::start_with(conn, CHECKPOINTING, watch)
    }

    fn start_with(
        conn: Conn,
        checkpointing: Checkpointing,
        watch: Option<Arc<crate::watch::ChangeWatch>>,
    ) -> Result<Writer> {
        if let Conn::Postgres(pg) = &conn {
            return Ok(Writer {
                jobs: None,
                postgres: Some(pg.database().clone()),
            });
        }
        if let Conn::Sqlite(sqlite) = &conn {
            // Each write's savepoint keeps the pages it changes in a sub-journal: in memory,
            // not in a temporary file once a batch passes 64 KiB.
            sqlite.pragma_update(None, "temp_store", "MEMORY")?;
            // SQLite's default page cache (2 MiB), not a larger one: a B-tree split renumbers
            // a page past the locking page for a moment, and after such a transaction its
            // COMMIT scans the whole cache's hash table (pcache1TruncateUnsafe), at every
            // commit under submissions. With 32 MiB that scan took 1.6 % of the worker's CPU
            // (0.55 % with 2 MiB), more than the 0.3 % of reads the larger cache saved.
            // Every write's statements stay prepared (rusqlite keeps 16 by default).
            sqlite.set_prepared_statement_cache_capacity(128);
        }
        let watched = match &watch {
            Some(watch) => watch.watch_writes(&conn)?,
            None => None,
        };
        let checkpoints = match &conn {
            Conn::Sqlite(sqlite) => start_checkpoints(sqlite, checkpointing)?,
            Conn::Postgres(_) => None,
        };
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("dossiersco-writer".into())
            .spawn(move || run(conn, queue, watched, checkpoints))?;
        Ok(Writer {
            jobs: Some(jobs),
            postgres: None,
        })
    }

    /// Runs `write` in the next transaction and returns its result once that transaction is
    /// committed. An `Err` from `write` rolls back only its own changes.
    pub async fn run<R, F>(&self, write: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&Conn) -> Result<R> + Send + 'static,
    {
        if let Some(db) = &self.postgres {
            let db = db.clone();
            return tokio::task::spawn_blocking(move || in_transaction(&db, write))
                .await
                .map_err(|_| anyhow!("écriture abandonnée par la base"))?;
        }
        let (reply, answer) = oneshot::channel::<Result<R>>();
        let job: Job = Box::new(move |conn| {
            let outcome = catch_unwind(AssertUnwindSafe(|| write(conn)))
                .unwrap_or_else(|_| Err(anyhow!("panique pendant une écriture")));
            match outcome {
                Ok(value) => (
                    true,
                    Box::new(move |commit: Result<(), String>| {
                        let _ = reply.send(commit.map(|()| value).map_err(|e| anyhow!(e)));
                    }),
                ),
                Err(err) => (
                    false,
                    Box::new(move |_| {
                        let _ = reply.send(Err(err));
                    }),
                ),
            }
        });
        self.jobs
            .as_ref()
            .ok_or_else(|| anyhow!("le fil d'écriture de la base est arrêté"))?
            .send(job)
            .map_err(|_| anyhow!("le fil d'écriture de la base est arrêté"))?;
        answer.await.map_err(|_| anyhow!("écriture abandonnée par la base"))?
    }
}

/// One PostgreSQL write: its own transaction, committed before the caller is answered.
fn in_transaction<R>(db: &PgDatabase, write: impl FnOnce(&Conn) -> Result<R>) -> Result<R> {
    let conn = Conn::Postgres(db.conn()?);
    let tx = conn.transaction()?;
    let value = catch_unwind(AssertUnwindSafe(|| write(&tx)))
        .unwrap_or_else(|_| Err(anyhow!("panique pendant une écriture")))?;
    tx.commit()?;
    Ok(value)
}

/// The checkpoint thread of the database file `writer` has open (none for a database in
/// memory or a temporary one, which keep SQLite's automatic checkpoint), and what the writer
/// needs to wake it.
fn start_checkpoints(
    writer: &rusqlite::Connection,
    checkpointing: Checkpointing,
) -> Result<Option<(mpsc::SyncSender<()>, Arc<Checkpoints>)>> {
    let Some(path) = writer.path().filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    let conn = rusqlite::Connection::open(path)?;
    let shared = Arc::new(Checkpoints {
        running: Mutex::new(()),
        restart_wanted: AtomicBool::new(false),
    });
    // One pending wake-up is enough: the commits meanwhile go into the same checkpoint.
    let (wake, woken) = mpsc::sync_channel::<()>(1);
    let thread_shared = shared.clone();
    std::thread::Builder::new()
        .name("dossiersco-checkpoint".into())
        .spawn(move || checkpoint_thread(conn, woken, thread_shared, checkpointing))?;
    // Checkpoints are now the thread's: none after the writer's commits.
    writer.pragma_update(None, "wal_autocheckpoint", 0)?;
    Ok(Some((wake, shared)))
}

/// Copies the WAL into the database after commits, at most every `interval`. Ends when the
/// writer does.
fn checkpoint_thread(
    conn: rusqlite::Connection,
    woken: mpsc::Receiver<()>,
    shared: Arc<Checkpoints>,
    checkpointing: Checkpointing,
) {
    while woken.recv().is_ok() {
        let frames = {
            let _running = shared.running.lock().unwrap_or_else(|e| e.into_inner());
            passive_checkpoint(&conn)
        };
        match frames {
            Ok(frames) if frames >= checkpointing.bound_frames => {
                shared.restart_wanted.store(true, Ordering::Release);
            }
            Ok(_) => {}
            Err(err) => tracing::warn!(error = %err, "point de contrôle du journal WAL impossible"),
        }
        std::thread::sleep(checkpointing.interval);
    }
}

/// `PRAGMA wal_checkpoint(PASSIVE)`: copies what no reader still needs, waits for nobody;
/// returns the WAL's size in frames.
fn passive_checkpoint(conn: &rusqlite::Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get(1))
}

fn run(
    conn: Conn,
    queue: mpsc::Receiver<Job>,
    mut watched: Option<crate::watch::WatchedWrites>,
    checkpoints: Option<(mpsc::SyncSender<()>, Arc<Checkpoints>)>,
) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let started = run_cached(&conn, "BEGIN IMMEDIATE");
        let mut dones = Vec::with_capacity(batch.len());
        for job in batch {
            // A job that cannot run is dropped: its caller gets an error, nothing is written.
            if started.is_ok() {
                dones.extend(in_savepoint(&conn, job));
            }
        }
        let commit = match started {
            Ok(()) => match &mut watched {
                // Told before anyone is answered: a family reads its own write afterwards.
                Some(watched) => watched.commit(&conn, || run_cached(&conn, "COMMIT")),
                None => run_cached(&conn, "COMMIT"),
            }
            .map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        if let Err(err) = &commit {
            tracing::error!(error = %err, "échec de la validation d'un lot d'écritures");
            let _ = conn.execute_batch("ROLLBACK");
        }
        for done in dones {
            done(commit.clone());
        }
        if let (Some((wake, shared)), Conn::Sqlite(sqlite)) = (&checkpoints, &conn) {
            if shared.restart_wanted.load(Ordering::Acquire) {
                // The WAL passed its bound: the thread has copied nearly all of it; the rest
                // is copied here, between two transactions, so the next one starts the WAL
                // over (unless a reader still reads an old snapshot: then at a later try).
                // Not while the thread's checkpoint runs (its fsync would hold the batch
                // back): after the next batch.
                let running = match shared.running.try_lock() {
                    Ok(guard) => Some(guard),
                    Err(std::sync::TryLockError::Poisoned(e)) => Some(e.into_inner()),
                    Err(std::sync::TryLockError::WouldBlock) => None,
                };
                if let Some(_running) = running {
                    shared.restart_wanted.store(false, Ordering::Release);
                    if let Err(err) = passive_checkpoint(sqlite) {
                        tracing::warn!(error = %err, "point de contrôle du journal WAL impossible");
                    }
                }
            }
            let _ = wake.try_send(());
        }
    }
}

/// Runs one statement kept prepared (these run once or twice per write: parsing them
/// again each time showed in profiles).
fn run_cached(conn: &Conn, sql: &str) -> crate::conn::Result<()> {
    match conn {
        Conn::Sqlite(sqlite) => Ok(sqlite.prepare_cached(sql)?.execute([]).map(|_| ())?),
        other => other.execute_batch(sql),
    }
}

fn in_savepoint(conn: &Conn, job: Job) -> Option<Done> {
    if let Err(err) = run_cached(conn, "SAVEPOINT ecriture") {
        tracing::error!(error = %err, "SAVEPOINT impossible");
        return None;
    }
    let (ok, done) = job(conn);
    let end = if ok {
        run_cached(conn, "RELEASE ecriture")
    } else {
        conn.execute_batch("ROLLBACK TO ecriture; RELEASE ecriture")
    };
    if let Err(err) = end {
        tracing::error!(error = %err, "fin de SAVEPOINT impossible");
    }
    Some(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_writes_are_committed_and_a_failing_one_alone_is_rolled_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        let writer = std::sync::Arc::new(Writer::start(crate::open(&path).unwrap()).unwrap());
        let mut tasks = Vec::new();
        for i in 0..200 {
            let writer = writer.clone();
            tasks.push(tokio::spawn(async move {
                writer
                    .run(move |conn| {
                        conn.execute("INSERT INTO meta (cle, valeur) VALUES (?1, 'v')", [format!("k{i}")])?;
                        if i % 10 == 0 {
                            anyhow::bail!("refusé");
                        }
                        Ok(i)
                    })
                    .await
            }));
        }
        let mut ok = 0;
        for task in tasks {
            if task.await.unwrap().is_ok() {
                ok += 1;
            }
        }
        assert_eq!(ok, 180);
        let conn = crate::open(&path).unwrap();
        let rows: i64 = conn
            .query_row("SELECT COUNT(*) FROM meta WHERE cle LIKE 'k%'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 180, "the refused writes left nothing behind");
    }

    /// Writes of 4 KiB from 32 tasks at once, without a pause: the writer always has a next
    /// batch, so the checkpoint thread alone could never catch up with the WAL's end.
    async fn steady_load(writer: std::sync::Arc<Writer>, writes: usize) {
        let mut tasks = Vec::new();
        for t in 0..32 {
            let writer = writer.clone();
            tasks.push(tokio::spawn(async move {
                for i in (t..writes).step_by(32) {
                    writer
                        .run(move |conn| {
                            conn.execute(
                                "INSERT INTO meta (cle, valeur) VALUES (?1, ?2)",
                                (format!("w{i}"), "x".repeat(4096)),
                            )?;
                            Ok(())
                        })
                        .await
                        .unwrap();
                }
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn under_steady_load_the_wal_stays_bounded_and_every_write_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        let bound_frames = 200;
        let writer = std::sync::Arc::new(
            Writer::start_with(
                crate::open(&path).unwrap(),
                Checkpointing {
                    interval: Duration::from_millis(1),
                    bound_frames,
                },
                None,
            )
            .unwrap(),
        );
        // ~2 pages a write: about 6,000 frames in all, 30 times the bound.
        let writes = 3_000;
        steady_load(writer.clone(), writes).await;
        let wal = std::fs::metadata(dir.path().join("db.sqlite-wal")).unwrap().len();
        // The WAL file keeps its largest size: the bound, plus what was committed while the
        // checkpoint thread and then the writer caught up.
        assert!(
            wal < 4 * bound_frames as u64 * 4096,
            "WAL of {wal} bytes for a bound of {bound_frames} frames"
        );
        let conn = crate::open(&path).unwrap();
        let rows: i64 = conn
            .query_row("SELECT COUNT(*) FROM meta WHERE cle LIKE 'w%'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, writes as i64);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_checkpoint_thread_copies_the_wal_into_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        let writer = std::sync::Arc::new(Writer::start(crate::open(&path).unwrap()).unwrap());
        steady_load(writer.clone(), 300).await;
        // The writer runs no checkpoint of its own below the bound: the pages reach the
        // database file through the thread (within its interval).
        let size = || std::fs::metadata(&path).unwrap().len();
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while size() < 300 * 4096 && std::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(size() >= 300 * 4096, "database file of {} bytes", size());
    }
}
