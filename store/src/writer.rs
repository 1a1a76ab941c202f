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
        if let Conn::Postgres(pg) = &conn {
            return Ok(Writer {
                jobs: None,
                postgres: Some(pg.database().clone()),
            });
        }
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("dossiersco-writer".into())
            .spawn(move || run(conn, queue))?;
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

fn run(conn: Conn, queue: mpsc::Receiver<Job>) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let started = conn.execute_batch("BEGIN IMMEDIATE");
        let mut dones = Vec::with_capacity(batch.len());
        for job in batch {
            // A job that cannot run is dropped: its caller gets an error, nothing is written.
            if started.is_ok() {
                dones.extend(in_savepoint(&conn, job));
            }
        }
        let commit = match started {
            Ok(()) => conn.execute_batch("COMMIT").map_err(|e| e.to_string()),
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

fn in_savepoint(conn: &Conn, job: Job) -> Option<Done> {
    if let Err(err) = conn.execute_batch("SAVEPOINT ecriture") {
        tracing::error!(error = %err, "SAVEPOINT impossible");
        return None;
    }
    let (ok, done) = job(conn);
    let end = if ok {
        "RELEASE ecriture"
    } else {
        "ROLLBACK TO ecriture; RELEASE ecriture"
    };
    if let Err(err) = conn.execute_batch(end) {
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
