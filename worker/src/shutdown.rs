//! Graceful shutdown: the future `serve` (and `send-outbox`) wait on to stop accepting work.

/// Completes on SIGTERM (what systemd, docker and kill send) or SIGINT (Ctrl-C).
pub async fn signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut stream) => {
                stream.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => tracing::info!("SIGINT reçu : arrêt en cours"),
        _ = terminate => tracing::info!("SIGTERM reçu : arrêt en cours"),
    }
}
