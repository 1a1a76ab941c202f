//! One file per subcommand: flags, a call into a library, what to print.

pub mod build;
pub mod check;
pub mod demo;
pub mod export;
pub mod import;
pub mod migrate_db;
pub mod preview;
pub mod purge;
pub mod reissue_code;
pub mod send_outbox;
pub mod serve;
pub mod snapshot;

/// Logs go to stderr; `RUST_LOG` filters them (default: info). Never personal data.
pub fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
