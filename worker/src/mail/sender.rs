//! The sender task: delivers due outbox rows one at a time, records each outcome at once.
//!
//! It is supervised: when it stops on an error (the database refused a statement, the TLS
//! settings cannot be loaded, a bug made it panic), the error goes to the log and to Sentry,
//! `/healthz` says the sender is down, and it starts again after 1 s, 2 s, 4 s… (at most
//! 5 min). Nothing is lost meanwhile: the emails wait in the outbox.

use super::{SendError, TransportConfig};
use crate::clock::{parse_timestamp, timestamp};
use crate::store::Conn;
use crate::store::{self, outbox};
use anyhow::{Context, Result};
use rand::Rng;
use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use time::OffsetDateTime;
use tokio::sync::{watch, Notify};
use tokio::task::JoinHandle;

/// Waits between attempts: doubles from `min` up to `max`, with jitter so that a server
/// coming back is not hit by every message at the same second.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub min: Duration,
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            min: Duration::from_secs(10),
            max: Duration::from_secs(3600),
        }
    }
}

impl Backoff {
    /// Wait after the `attempt`-th failure (1-based): between 80 % and 120 % of
    /// `min × 2^(attempt-1)`, never above `max`.
    pub fn delay(&self, attempt: i64) -> Duration {
        let exponent = attempt.clamp(1, 32) as u32 - 1;
        let base = self.min.saturating_mul(2u32.saturating_pow(exponent)).min(self.max);
        let factor: f64 = rand::rng().random_range(0.8..=1.2);
        base.mul_f64(factor).min(self.max)
    }
}

/// Settings of the sender.
#[derive(Debug, Clone)]
pub struct SenderConfig {
    pub transport: TransportConfig,
    pub backoff: Backoff,
    /// Periodic look at the outbox, in case a wake-up was missed (another process enqueued).
    pub tick: Duration,
    /// After this many temporary failures an email is given up (`refuse`), so nothing is
    /// retried forever: about two days with the default backoff.
    pub max_tentatives: i64,
    /// Call `notify_one()` after committing an enqueue: the sender sends at once.
    pub wake: Arc<Notify>,
    /// Stop when nothing is left to send (`dossiersco send-outbox --jusqua-vide`); an error
    /// then ends the sender instead of restarting it.
    pub stop_when_empty: bool,
    /// Told of every commit of the sender's connection (the worker's pre-fill cache).
    pub watch: Option<Arc<crate::store::watch::ChangeWatch>>,
    /// Waits before starting again after an error: 1 s doubling up to 5 min.
    pub restart: Backoff,
    /// Where the supervisor says how the sender is doing (`/healthz`).
    pub status: Arc<SenderStatus>,
    /// Renders the emails queued with their facts (the confirmations); without it they wait,
    /// each attempt recording why.
    pub render: Option<Arc<super::SendTimeRenderer>>,
}

impl SenderConfig {
    pub fn new(transport: TransportConfig) -> SenderConfig {
        SenderConfig {
            transport,
            backoff: Backoff::default(),
            tick: Duration::from_secs(30),
            max_tentatives: 60,
            wake: Arc::new(Notify::new()),
            stop_when_empty: false,
            watch: None,
            restart: Backoff {
                min: Duration::from_secs(1),
                max: Duration::from_secs(300),
            },
            status: Arc::new(SenderStatus::default()),
            render: None,
        }
    }
}

/// What the sender did, returned when it stops.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SenderStats {
    pub envoyes: u64,
    pub reessais: u64,
    pub refuses: u64,
}

/// How the sender is doing, as its supervisor sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SenderState {
    /// Not started yet.
    #[default]
    Demarrage,
    /// Connected to the database and the transport built: sending what is due.
    Actif,
    /// Stopped by an error since `depuis`; starts again after a wait.
    EnPanne { depuis: Instant },
    /// Stopped on purpose (shutdown).
    Arrete,
}

/// The sender's state and how many times it was restarted, shared with `/healthz`.
#[derive(Debug, Default)]
pub struct SenderStatus {
    inner: Mutex<(SenderState, u32)>,
}

impl SenderStatus {
    /// The current state and the number of restarts since the server started.
    pub fn get(&self) -> (SenderState, u32) {
        self.inner.lock().map(|g| *g).unwrap_or((SenderState::Demarrage, 0))
    }

    fn set(&self, state: SenderState) {
        if let Ok(mut g) = self.inner.lock() {
            g.0 = state;
        }
    }

    fn restarted(&self) {
        if let Ok(mut g) = self.inner.lock() {
            g.1 += 1;
        }
    }
}

/// Starts the sender on the current tokio runtime, supervised (see the module's doc). It
/// opens its own connection to `db_path`, and stops after the message in flight once
/// `shutdown` completes.
pub fn spawn_sender(
    db_path: PathBuf,
    config: SenderConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> JoinHandle<Result<SenderStats>> {
    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::spawn(async move {
        shutdown.await;
        let _ = stop_tx.send(true);
    });
    tokio::spawn(supervise(db_path, config, stop_rx))
}

/// Runs the sender; after an error, reports it and starts it again with backoff.
async fn supervise(db_path: PathBuf, config: SenderConfig, stop: watch::Receiver<bool>) -> Result<SenderStats> {
    let stats = Arc::new(Mutex::new(SenderStats::default()));
    let total = |stats: &Mutex<SenderStats>| stats.lock().map(|s| *s).unwrap_or_default();
    let mut failures: i64 = 0;
    let mut down_since = None;
    loop {
        let started = Instant::now();
        // Its own task: a panic ends that task, not the supervision.
        let attempt = tokio::spawn(run(db_path.clone(), config.clone(), stop.clone(), stats.clone())).await;
        let error = match attempt {
            Ok(Ok(())) => {
                config.status.set(SenderState::Arrete);
                return Ok(total(&stats));
            }
            Ok(Err(err)) => err,
            Err(join) => anyhow::anyhow!("la tâche d'envoi s'est interrompue : {join}"),
        };
        if config.stop_when_empty || *stop.borrow() {
            // `send-outbox --jusqua-vide` says it and exits; a server stopping just stops.
            tracing::error!("envoi des courriels arrêté : {error:#}");
            config.status.set(SenderState::Arrete);
            return Err(error);
        }
        // A run that lasted longer than the longest wait was a recovery: start counting again.
        if started.elapsed() > config.restart.max {
            failures = 0;
            down_since = None;
        }
        failures += 1;
        let wait = config.restart.delay(failures);
        let depuis = *down_since.get_or_insert_with(Instant::now);
        config.status.set(SenderState::EnPanne { depuis });
        // The chain names statements, files and settings, never an address or a name.
        tracing::error!(
            echecs = failures,
            nouvel_essai_dans_s = wait.as_secs_f64(),
            "envoi des courriels arrêté par une erreur, redémarrage prévu : {error:#}"
        );
        crate::monitoring::report_error("envoi des courriels", error.as_ref());
        let mut stop = stop.clone();
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = stop.wait_for(|stopped| *stopped) => {
                config.status.set(SenderState::Arrete);
                return Ok(total(&stats));
            }
        }
        config.status.restarted();
        tracing::info!(echecs = failures, "envoi des courriels : redémarrage");
    }
}

/// The connection lives on blocking threads: SQLite calls (fsync on commit) must not stall
/// the runtime.
/// Its commits are told to the pre-fill cache's watch, when there is one.
struct Db(Option<Conn>, Option<crate::store::watch::WatchedWrites>);

impl Db {
    async fn with<R, F>(&mut self, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&Conn) -> crate::store::conn::Result<R> + Send + 'static,
    {
        let conn = self.0.take().context("connexion à la base perdue")?;
        let mut watched = self.1.take();
        let (conn, watched, result) = tokio::task::spawn_blocking(move || {
            let result = match &mut watched {
                Some(watched) => watched.commit(&conn, || f(&conn)),
                None => f(&conn),
            };
            (conn, watched, result)
        })
        .await
        .context("tâche de base de données interrompue")?;
        self.0 = Some(conn);
        self.1 = watched;
        Ok(result?)
    }
}

async fn run(
    db_path: PathBuf,
    config: SenderConfig,
    mut stop: watch::Receiver<bool>,
    total: Arc<Mutex<SenderStats>>,
) -> Result<()> {
    let watch = config.watch.clone();
    let (conn, watched) = tokio::task::spawn_blocking(move || -> Result<_> {
        let conn = store::open(&db_path)?;
        // Marks survive a crash of the process in WAL mode without an fsync each; only a power
        // cut could lose the last ones, and then those emails are sent again (same Message-ID),
        // never lost. The enqueue side keeps synchronous=FULL.
        outbox::sender_durability(&conn)?;
        let watched = match &watch {
            Some(watch) => watch.watch_writes(&conn)?,
            None => None,
        };
        Ok((conn, watched))
    })
    .await??;
    let mut db = Db(Some(conn), watched);
    let delivery = config.transport.connect()?;
    // Rendering and building the messages: off the runtime's threads, at a lower priority.
    let builder = super::rendu::RenderThread::start(config.render.clone())?;
    tracing::info!("envoi des courriels vers {}", config.transport.describe());
    config.status.set(SenderState::Actif);
    // Counted in the supervisor's total as they happen: a run that fails keeps its counts.
    let mut stats = Counted(total);
    let mut connection_failures: i64 = 0;
    const BATCH: usize = 32;
    loop {
        if *stop.borrow() {
            break;
        }
        let now = OffsetDateTime::now_utc();
        let batch = db
            .with(move |c| outbox::claim(c, now, outbox::CLAIM_LEASE, BATCH))
            .await?;
        let full = batch.len() == BATCH;
        let mut pause = None;
        let built = if batch.is_empty() {
            Vec::new()
        } else {
            builder.build(batch).await?
        };
        for (row, message) in built {
            if *stop.borrow() {
                break;
            }
            let outcome = match message {
                Ok(message) => delivery.send(row.id, &message).await,
                Err(super::RenderFailure::Permanent(erreur)) => Err(SendError::Permanent { erreur }),
                // Not the server's fault: the next message may go through at once. A theme or
                // content that cannot render is the operator's to fix: logged and reported.
                Err(super::RenderFailure::Transient(erreur)) => {
                    tracing::error!(outbox = row.id, "courriel impossible à rendre : {erreur}");
                    let report = anyhow::anyhow!("courriel impossible à rendre : {erreur}");
                    crate::monitoring::report_error("rendu des courriels", report.as_ref());
                    Err(SendError::Transient {
                        erreur,
                        connection: false,
                    })
                }
            };
            let id = row.id;
            let attempt = row.tentatives + 1;
            match outcome {
                Ok(()) => {
                    let now = timestamp(OffsetDateTime::now_utc());
                    // Only a staff login link is scrubbed once sent (its token was only to be sent).
                    let link = row.genre == "lien_personnel";
                    db.with(move |c| {
                        outbox::mark_sent(c, id, &now)?;
                        if link {
                            outbox::scrub_sent_link(c, id)?;
                        }
                        Ok(())
                    })
                    .await?;
                    stats.add(|s| s.envoyes += 1);
                    connection_failures = 0;
                    tracing::debug!(outbox = id, "courriel envoyé");
                }
                Err(SendError::Permanent { erreur }) => {
                    tracing::warn!(outbox = id, "courriel refusé définitivement");
                    db.with(move |c| outbox::mark_refused(c, id, &erreur)).await?;
                    stats.add(|s| s.refuses += 1);
                }
                Err(SendError::Transient { erreur, connection }) => {
                    if attempt >= config.max_tentatives {
                        tracing::warn!(outbox = id, attempt, "courriel abandonné");
                        let erreur = format!("abandon après {attempt} tentatives ; dernière erreur : {erreur}");
                        db.with(move |c| outbox::mark_refused(c, id, &erreur)).await?;
                        stats.add(|s| s.refuses += 1);
                    } else {
                        let next = retry_at(config.backoff.delay(attempt));
                        tracing::info!(outbox = id, attempt, "échec temporaire, nouvel essai à {next}");
                        db.with(move |c| outbox::mark_retry(c, id, &next, &erreur)).await?;
                        stats.add(|s| s.reessais += 1);
                    }
                    if connection {
                        // The next messages would fail the same way: wait before trying them.
                        connection_failures += 1;
                        pause = Some(config.backoff.delay(connection_failures));
                        break;
                    }
                }
            }
        }
        if *stop.borrow() {
            break;
        }
        if full && pause.is_none() {
            continue;
        }
        let wait = match pause {
            Some(pause) => pause,
            None => {
                let next = db.with(outbox::next_attempt).await?;
                match next.as_deref().and_then(parse_timestamp) {
                    Some(at) => duration_until(at).clamp(Duration::from_millis(20), config.tick),
                    None if config.stop_when_empty => break,
                    None => config.tick,
                }
            }
        };
        tokio::select! {
            _ = config.wake.notified(), if pause.is_none() => {}
            _ = tokio::time::sleep(wait) => {}
            _ = stop.changed() => {}
        }
    }
    let stats = stats.get();
    tracing::info!(
        envoyes = stats.envoyes,
        reessais = stats.reessais,
        refuses = stats.refuses,
        "envoi des courriels arrêté proprement"
    );
    Ok(())
}

/// The supervisor's counts, updated by the run.
struct Counted(Arc<Mutex<SenderStats>>);

impl Counted {
    fn add(&mut self, f: impl FnOnce(&mut SenderStats)) {
        if let Ok(mut s) = self.0.lock() {
            f(&mut s);
        }
    }

    fn get(&self) -> SenderStats {
        self.0.lock().map(|s| *s).unwrap_or_default()
    }
}

/// The retry time, rounded up to the second (timestamps have one-second precision).
fn retry_at(delay: Duration) -> String {
    let at = OffsetDateTime::now_utc() + delay + Duration::from_millis(999);
    timestamp(at.replace_nanosecond(0).unwrap_or(at))
}

fn duration_until(at: OffsetDateTime) -> Duration {
    let left = at - OffsetDateTime::now_utc();
    Duration::try_from(left).unwrap_or(Duration::ZERO)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let backoff = Backoff::default();
        for _ in 0..50 {
            let first = backoff.delay(1);
            assert!(
                first >= Duration::from_secs(8) && first <= Duration::from_secs(12),
                "{first:?}"
            );
            let third = backoff.delay(3);
            assert!(
                third >= Duration::from_secs(32) && third <= Duration::from_secs(48),
                "{third:?}"
            );
            assert!(backoff.delay(40) <= Duration::from_secs(3600));
            assert!(backoff.delay(40) >= Duration::from_secs(2880));
        }
    }
}
