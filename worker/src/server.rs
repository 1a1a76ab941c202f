//! The worker's server: binds, accepts connections, serves them with hyper until the
//! shutdown signal, then lets the requests in flight finish.

use crate::app::App;
use crate::config::Config;
use crate::store::sessions;
use anyhow::{Context, Result};
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// Longest wait for requests in flight after the shutdown signal.
const DRAIN: Duration = Duration::from_secs(10);
/// Longest wait for a request's headers, from the connection's start or the previous answer.
const HEADER_TIMEOUT: Duration = Duration::from_secs(20);
/// How often ended sessions are deleted.
const PURGE_EVERY: Duration = Duration::from_secs(600);

/// A bound server, not yet serving.
pub struct Server {
    listener: TcpListener,
    app: Arc<App>,
}

/// Loads the content, opens the database and binds `config.bind` (port 0: any free port).
pub async fn bind(config: Config) -> Result<Server> {
    let bind = config.bind;
    let app = tokio::task::spawn_blocking(move || App::open(config))
        .await
        .context("démarrage interrompu")??;
    let listener = TcpListener::bind(bind)
        .await
        .with_context(|| format!("écoute sur {bind}"))?;
    Ok(Server {
        listener,
        app: Arc::new(app),
    })
}

/// `bind` then `run`: serves until `shutdown` completes.
pub async fn serve(config: Config, shutdown: impl Future<Output = ()>) -> Result<()> {
    bind(config).await?.run(shutdown).await
}

impl Server {
    /// The address really bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    /// The shared state (tests look at it).
    pub fn app(&self) -> Arc<App> {
        self.app.clone()
    }

    /// Serves until `shutdown` completes, then waits (up to 10 s) for requests in flight.
    pub async fn run(self, shutdown: impl Future<Output = ()>) -> Result<()> {
        let Server { listener, app } = self;
        tracing::info!(adresse = %listener.local_addr()?, "worker prêt");
        let graceful = GracefulShutdown::new();
        let purge = tokio::spawn(purge_sessions(app.clone()));
        // Documents: antivirus retries and the sweep of files never submitted.
        let pieces = tokio::spawn(crate::uploads::background::run(app.clone()));
        // Mailer: delivers the outbox until after the requests in flight are done.
        let mail_sender = crate::mail::SenderHandle::start_watched(
            &app.config,
            &app.mail,
            app.prefill_cache.as_ref().map(|cache| cache.watch()),
        )?;
        tokio::pin!(shutdown);
        // At most `max_connections` served at once. Past it the server stops accepting: new
        // connections wait in the kernel's accept queue, costing no descriptor, task or
        // memory, and are served as soon as a slot frees (idle, header and body times are
        // all bounded, so slots do free). A quick 503 instead would still cost an accept and
        // a write per connection, and would turn a short peak into errors for families.
        let slots = Arc::new(Semaphore::new(app.config.max_connections.max(1)));
        loop {
            let slot = tokio::select! {
                slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
                () = &mut shutdown => break,
            };
            tokio::select! {
                accepted = listener.accept() => {
                    let (stream, peer) = match accepted {
                        Ok(accepted) => accepted,
                        Err(err) => {
                            // Out of file descriptors, usually: breathe, then go on.
                            tracing::warn!(error = %err, "connexion refusée");
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            continue;
                        }
                    };
                    let _ = stream.set_nodelay(true);
                    let app = app.clone();
                    let service = service_fn(move |req| {
                        let app = app.clone();
                        // Documents: a file or a ZIP is streamed rather than held in memory.
                        async move {
                            Ok::<_, Infallible>(crate::uploads::body::stream_out(crate::http::handle(app, req, peer).await))
                        }
                    });
                    // The header timeout also closes a connection that sends nothing at all, or
                    // stays idle between two requests.
                    let conn = hyper::server::conn::http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(HEADER_TIMEOUT)
                        .max_buf_size(64 * 1024)
                        .serve_connection(TokioIo::new(stream), service);
                    let conn = graceful.watch(conn);
                    tokio::spawn(async move {
                        let _ = conn.await;
                        drop(slot);
                    });
                }
                () = &mut shutdown => break,
            }
        }
        drop(listener);
        purge.abort();
        pieces.abort();
        tracing::info!(connexions = graceful.count(), "arrêt : fin des requêtes en cours");
        if tokio::time::timeout(DRAIN, graceful.shutdown()).await.is_err() {
            tracing::warn!("arrêt : des connexions n'ont pas fini à temps");
        }
        mail_sender.stop().await;
        Ok(())
    }
}

async fn purge_sessions(app: Arc<App>) {
    let mut tick = tokio::time::interval(PURGE_EVERY);
    loop {
        tick.tick().await;
        let now = app.now();
        // Staff links, sessions and request traces past their time go with the families' sessions.
        let purged = app.writer.run(move |conn| {
            Ok(sessions::purge_expired(conn, now)? + crate::store::personnel::purge_expired(conn, now)?)
        });
        match purged.await {
            Ok(n) if n > 0 => tracing::info!(sessions = n, "sessions expirées supprimées"),
            Ok(_) => {}
            Err(err) => tracing::warn!(error = %format!("{err:#}"), "purge des sessions impossible"),
        }
    }
}
