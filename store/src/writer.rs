//! The one writing connection, on its own thread, with group commit.
//!
//! Each request's write is a closure run inside a SAVEPOINT of a shared transaction: while one
//! batch is being made durable (one fsync with synchronous=FULL), the requests arriving meanwhile
//! queue up and go into the next transaction together. A request is answered only after the
//! transaction holding its write has committed, so an acknowledged submission is on disk, and
//! a failing write is rolled back alone without spoiling its batch.
//!
//! On PostgreSQL, where several workers write at once, each write is its own transaction on a
//! pooled client (on a blocking thread), answered after its COMMIT.

use crate::conn::Conn;
use crate::postgres::PgDatabase;
use anyhow::{anyhow, Result};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use tokio::sync::oneshot;

/// Upper bound of writes per transaction (keeps one commit's latency bounded).
const MAX_BATCH: usize = 512;

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
    pub fn start_watched(conn: Conn, watch: Option<std::sync::Arc<crate::watch::ChangeWatch>>) -> Result<Writer> {
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
            // Every write's statements stay prepared (rusqlite keeps 16 by default).
            sqlite.set_prepared_statement_cache_capacity(128);
        }
        let watched = match &watch {
            Some(watch) => watch.watch_writes(&conn)?,
            None => None,
        };
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("dossiersco-writer".into())
            .spawn(move || run(conn, queue, watched))?;
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

fn run(conn: Conn, queue: mpsc::Receiver<Job>, mut watched: Option<crate::watch::WatchedWrites>) {
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
}
