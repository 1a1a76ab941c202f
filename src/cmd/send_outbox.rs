//! `dossiersco send-outbox` (hidden): delivers the outbox without serving, e.g. after an
//! outage, and what the crash tests kill. Never run it beside `serve` on the same database.

use dossiersco_worker::mail::{
    default_mail_dir, spawn_sender, Backoff, SendTimeRenderer, SenderConfig, TransportConfig,
};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

#[derive(clap::Args)]
pub struct Args {
    /// Base SQLite du worker.
    #[arg(long, env = "DOSSIERSCO_DB", default_value = "var/dossiersco.sqlite")]
    db: PathBuf,
    /// Serveur SMTP (smtp://, smtps://, smtp+starttls://) ; sans lui, fichiers .eml dans --mail-dir.
    #[arg(long, env = "DOSSIERSCO_SMTP_URL")]
    smtp_url: Option<String>,
    /// Dossier des fichiers .eml quand aucun serveur SMTP n'est configuré (défaut : mail/ à côté de la base).
    #[arg(long, env = "DOSSIERSCO_MAIL_DIR")]
    mail_dir: Option<PathBuf>,
    /// Contenu du site (les confirmations se rendent à l'envoi, avec les modèles du thème).
    #[arg(long, env = "DOSSIERSCO_CONTENT", default_value = "content")]
    content: PathBuf,
    /// Thème (modèles des courriels).
    #[arg(long, env = "DOSSIERSCO_THEME", default_value = "themes/default")]
    theme: PathBuf,
    /// S'arrêter quand il ne reste rien à envoyer.
    #[arg(long)]
    jusqua_vide: bool,
    /// Premier délai avant un nouvel essai, en millisecondes.
    #[arg(long, default_value_t = 10_000)]
    backoff_min_ms: u64,
    /// Délai maximal entre deux essais, en millisecondes.
    #[arg(long, default_value_t = 3_600_000)]
    backoff_max_ms: u64,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mail_dir = args.mail_dir.unwrap_or_else(|| default_mail_dir(&args.db));
    let transport = TransportConfig::from_settings(args.smtp_url.as_deref(), mail_dir)?;
    let mut config = SenderConfig::new(transport);
    config.backoff = Backoff {
        min: Duration::from_millis(args.backoff_min_ms.max(1)),
        max: Duration::from_millis(args.backoff_max_ms.max(args.backoff_min_ms).max(1)),
    };
    config.stop_when_empty = args.jusqua_vide;
    // Without them the confirmations wait (each attempt records why); the other emails go.
    match SendTimeRenderer::load(&args.content, &args.theme) {
        Ok(renderer) => config.render = Some(Arc::new(renderer)),
        Err(err) => eprintln!(
            "attention : contenu {} ou thème {} illisible, les confirmations attendront : {err:#}",
            args.content.display(),
            args.theme.display()
        ),
    }
    let runtime = tokio::runtime::Runtime::new()?;
    let stats = runtime.block_on(async {
        drop(dossiersco_store::open(&args.db)?);
        spawn_sender(args.db.clone(), config, dossiersco_worker::shutdown::signal()).await?
    })?;
    println!(
        "courriels : {} envoyés, {} nouveaux essais prévus, {} refusés",
        stats.envoyes, stats.reessais, stats.refuses
    );
    Ok(ExitCode::SUCCESS)
}
