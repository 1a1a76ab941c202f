//! What the server holds to queue emails and run the sender.

use super::{spawn_sender, EmailTemplates, SendTimeRenderer, SenderConfig, SenderStats, SenderStatus, TransportConfig};
use crate::app::content::Content;
use crate::config::Config;
use anyhow::Result;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::{oneshot, Notify};
use tokio::task::JoinHandle;

/// The confirmation's renderer and the sender's wake-up, shared by the request handlers.
pub struct MailQueue {
    /// Renders the confirmations when the sender sends them (never in a request).
    pub renderer: Arc<SendTimeRenderer>,
    /// The staff area's emails (login links, validations, reminders).
    pub personnel: super::StaffEmails,
    /// Notified after each committed enqueue.
    pub wake: Arc<Notify>,
    /// How the server's sender is doing (`/healthz`).
    pub status: Arc<SenderStatus>,
}

impl MailQueue {
    /// Compiles the theme's email templates, with the site's catalogs (the families' emails in
    /// their language); `content` is the server's (the confirmations are rendered from it).
    pub fn with_catalogs(
        theme: &Path,
        catalogs: Arc<dossiersco_i18n::Catalogs>,
        content: Arc<Content>,
    ) -> Result<MailQueue> {
        Ok(MailQueue {
            renderer: Arc::new(SendTimeRenderer::new(
                EmailTemplates::with_catalogs(theme, catalogs.clone())?,
                content,
            )),
            personnel: super::StaffEmails::with_catalogs(theme, catalogs)?,
            wake: Arc::new(Notify::new()),
            status: Arc::new(SenderStatus::default()),
        })
    }

    /// Tells the sender there is something new (call after the commit).
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// The running sender of a server.
pub struct SenderHandle {
    stop: oneshot::Sender<()>,
    task: JoinHandle<Result<SenderStats>>,
}

impl SenderHandle {
    /// Starts the sender for `config` (SMTP URL, or the mail folder: `mail_dir`, by default
    /// `mail/` next to the database), woken by `queue` and reporting to its status. A URL
    /// that cannot be read stops the start; anything else is retried by the supervisor.
    pub fn start(config: &Config, queue: &MailQueue) -> Result<SenderHandle> {
        SenderHandle::start_watched(config, queue, None)
    }

    /// Like [`SenderHandle::start`], the sender's commits told to `watch` (the pre-fill
    /// cache's: marking emails sent then does not empty it).
    pub fn start_watched(
        config: &Config,
        queue: &MailQueue,
        watch: Option<std::sync::Arc<crate::store::watch::ChangeWatch>>,
    ) -> Result<SenderHandle> {
        let mail_dir = config.mail_dir.clone().unwrap_or_else(|| default_mail_dir(&config.db));
        let transport = TransportConfig::from_settings(config.smtp_url.as_deref(), mail_dir)?;
        let mut sender = SenderConfig::new(transport);
        sender.wake = queue.wake.clone();
        sender.status = queue.status.clone();
        sender.watch = watch;
        sender.render = Some(queue.renderer.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = spawn_sender(config.db.clone(), sender, async move {
            let _ = stopped.await;
        });
        Ok(SenderHandle { stop, task })
    }

    /// Stops after the message in flight and waits for it.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        match self.task.await {
            Ok(Ok(_)) => {}
            Ok(Err(err)) => tracing::error!("envoi des courriels : {err:#}"),
            Err(err) => tracing::error!("envoi des courriels interrompu : {err}"),
        }
    }
}

/// `var/dossiersco.sqlite` → `var/mail`.
pub fn default_mail_dir(db: &Path) -> PathBuf {
    db.parent().unwrap_or(Path::new(".")).join("mail")
}
