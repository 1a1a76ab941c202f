//! `dossiersco serve`: the worker. Flags, or the `DOSSIERSCO_*` variables named beside them.

use anyhow::Context;
use dossiersco_worker::config::Config;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Base SQLite (créée et mise à jour au démarrage).
    #[arg(long, env = "DOSSIERSCO_DB", default_value = "var/dossiersco.sqlite")]
    db: PathBuf,
    /// Adresse d'écoute.
    #[arg(long, env = "DOSSIERSCO_BIND", default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Sert aussi le site construit (public/) depuis ce dossier.
    #[arg(long, env = "DOSSIERSCO_SITE_DIR")]
    site_dir: Option<PathBuf>,
    /// Dossier de contenu (site.yml, établissements).
    #[arg(long, env = "DOSSIERSCO_CONTENT", default_value = "content")]
    content: PathBuf,
    /// Dossier du thème (gabarits des pages et des courriels).
    #[arg(long, env = "DOSSIERSCO_THEME", default_value = "themes/default")]
    theme: PathBuf,
    /// Serveur SMTP des courriels de confirmation (smtp://… ou smtps://…).
    #[arg(long, env = "DOSSIERSCO_SMTP_URL")]
    smtp_url: Option<String>,
    /// Sans SMTP : dossier où écrire les courriels (.eml).
    #[arg(long, env = "DOSSIERSCO_MAIL_DIR")]
    mail_dir: Option<PathBuf>,
    /// Nombre de proxys inverses de confiance devant le worker qui ajoutent à
    /// X-Forwarded-For : l'adresse du client est la N-ième entrée en partant de la droite
    /// (1 : celle ajoutée par votre proxy). 0 : l'en-tête est ignoré (pas de proxy).
    #[arg(long, env = "DOSSIERSCO_TRUSTED_PROXY_HOPS")]
    trusted_proxy_hops: Option<usize>,
    /// Ancienne forme de --trusted-proxy-hops 1 (un seul proxy devant le worker).
    #[arg(long, env = "DOSSIERSCO_TRUST_PROXY")]
    trust_proxy: bool,
    /// Durée maximale d'une session de famille après la connexion, en heures, même active.
    #[arg(long, env = "DOSSIERSCO_SESSION_MAX_HOURS", default_value_t = 12)]
    session_max_hours: u64,
    /// Date du jour (AAAA-MM-JJ) pour les dates de campagne : démonstrations et essais.
    #[arg(long, env = "DOSSIERSCO_TODAY", value_parser = parse_date)]
    today: Option<String>,
    /// Antivirus lancé sur chaque pièce jointe, le fichier sur l'entrée standard (ex.
    /// « clamdscan --no-summary - ») ou à la place de {} ; code 0 : sain, 1 : refusé ; sans
    /// réponse, la pièce attend en quarantaine et l'analyse est refaite.
    #[arg(long, env = "DOSSIERSCO_SCAN_COMMAND")]
    scan_command: Option<String>,
    /// Dossier des pièces jointes (par défaut : pieces/ à côté de la base SQLite). Plusieurs
    /// workers sur PostgreSQL : le même dossier partagé (NFS…) pour tous.
    #[arg(long, env = "DOSSIERSCO_PIECES_DIR")]
    pieces_dir: Option<PathBuf>,
    /// Attente maximale de l'antivirus pour une pièce, en secondes.
    #[arg(long, env = "DOSSIERSCO_SCAN_TIMEOUT", default_value_t = 60)]
    scan_timeout: u64,
    // Limites contre les abus : connexions, envois en cours, soumissions et courriels par jour.
    /// Connexions servies à la fois ; au-delà, les nouvelles attendent leur tour.
    #[arg(long, env = "DOSSIERSCO_MAX_CONNECTIONS", default_value_t = 1024)]
    max_connections: usize,
    /// Mégaoctets de fichiers en cours de réception à la fois, toutes familles confondues ;
    /// au-delà, un envoi attend quelques secondes puis reçoit « réessayez dans un instant ».
    #[arg(long, env = "DOSSIERSCO_MAX_UPLOAD_IN_FLIGHT_MB", default_value_t = 512)]
    max_upload_in_flight_mb: u64,
    /// Soumissions d'un même dossier par jour ; la suivante est refusée jusqu'au lendemain.
    #[arg(long, env = "DOSSIERSCO_MAX_SUBMISSIONS_PER_DAY", default_value_t = 10)]
    max_submissions_per_day: u32,
    /// Courriels de confirmation pour un même élève par jour ; au-delà, la soumission est
    /// enregistrée sans courriel.
    #[arg(long, env = "DOSSIERSCO_MAX_CONFIRMATIONS_PER_DAY", default_value_t = 3)]
    max_confirmations_per_day: u32,
    /// /healthz signale une panne quand le plus ancien courriel en attente a plus de tant de
    /// secondes.
    #[arg(long, env = "DOSSIERSCO_OUTBOX_STUCK_AFTER", default_value_t = 1800)]
    outbox_stuck_after: u64,
}

fn parse_date(text: &str) -> Result<String, String> {
    dossiersco_model::content::iso_date::parse(text)
        .map(|_| text.trim().to_string())
        .ok_or_else(|| format!("date « {text} » invalide : attendu AAAA-MM-JJ"))
}

impl Args {
    /// The worker's settings.
    pub fn config(self) -> Config {
        let mut config = Config::new(self.db, self.content);
        config.bind = self.bind;
        config.site_dir = self.site_dir;
        config.theme = self.theme;
        config.smtp_url = self.smtp_url;
        config.mail_dir = self.mail_dir;
        config.trusted_proxy_hops = self.trusted_proxy_hops.unwrap_or(if self.trust_proxy { 1 } else { 0 });
        config.session_max_lifetime = std::time::Duration::from_secs(self.session_max_hours.max(1) * 3600);
        config.pieces.scan_command = self.scan_command.filter(|c| !c.trim().is_empty());
        config.pieces_dir = self.pieces_dir;
        config.pieces.scan_timeout = std::time::Duration::from_secs(self.scan_timeout.max(1));
        config.max_connections = self.max_connections.max(1);
        config.max_upload_bytes_in_flight = self.max_upload_in_flight_mb.max(1).saturating_mul(1_000_000);
        config.max_submissions_per_day = self.max_submissions_per_day.max(1);
        config.max_confirmations_per_day = self.max_confirmations_per_day;
        config.outbox_stuck_after = std::time::Duration::from_secs(self.outbox_stuck_after.max(1));
        config.today = self
            .today
            .as_deref()
            .and_then(dossiersco_model::content::iso_date::parse);
        config
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    check_postgres_folders(&args)?;
    // Sentry only when SENTRY_DSN is set; the guard flushes pending reports at exit.
    let _sentry = dossiersco_worker::monitoring::init();
    let config = args.config();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("démarrage du moteur asynchrone")?;
    runtime.block_on(async {
        let server = dossiersco_worker::server::bind(config).await?;
        eprintln!("dossiersco : worker à l'écoute sur http://{}", server.local_addr());
        server.run(dossiersco_worker::shutdown::signal()).await
    })?;
    Ok(ExitCode::SUCCESS)
}

/// On SQLite the documents and the emails written without SMTP go beside the database file;
/// a PostgreSQL URL has no folder: both must be named (the same shared folder for documents
/// on every worker), never derived from the URL (which holds the password).
fn check_postgres_folders(args: &Args) -> anyhow::Result<()> {
    let db = args.db.to_string_lossy();
    if !(db.starts_with("postgres://") || db.starts_with("postgresql://")) {
        return Ok(());
    }
    if args.pieces_dir.is_none() {
        anyhow::bail!(
            "avec une base PostgreSQL, indiquez le dossier des pièces jointes (--pieces-dir ou \
             DOSSIERSCO_PIECES_DIR) : le même dossier partagé pour tous les workers"
        );
    }
    if args.smtp_url.is_none() && args.mail_dir.is_none() {
        anyhow::bail!(
            "avec une base PostgreSQL et sans serveur SMTP (--smtp-url), indiquez où écrire les courriels \
             (--mail-dir ou DOSSIERSCO_MAIL_DIR)"
        );
    }
    Ok(())
}
