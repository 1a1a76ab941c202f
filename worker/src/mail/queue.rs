//! What the server holds to queue emails and run the sender.

use super::{spawn_sender, EmailTemplates, OutgoingEmail, SenderConfig, SenderStats, SenderStatus, TransportConfig};
use crate::config::Config;
use anyhow::Result;
use dossiersco_model::{Etablissement, FormSpec, FormValues, Niveau, SiteConfig};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::{oneshot, Notify};
use tokio::task::JoinHandle;

/// The email templates and the sender's wake-up, shared by the request handlers.
pub struct MailQueue {
    templates: EmailTemplates,
    /// Each school's `site` and `etablissement` as the confirmation's template values, by
    /// UAI, converted at its first submission: the server's content never changes while it
    /// runs (a content change is a restart), so they cannot go stale.
    school_values: std::sync::RwLock<std::collections::HashMap<String, super::confirmation::SchoolValues>>,
    /// The staff area's emails (login links, validations, reminders).
    pub personnel: super::StaffEmails,
    /// Notified after each committed enqueue.
    pub wake: Arc<Notify>,
    /// How the server's sender is doing (`/healthz`).
    pub status: Arc<SenderStatus>,
}

impl MailQueue {
    /// Compiles the theme's email templates.
    pub fn load(theme: &Path) -> Result<MailQueue> {
        Self::with_catalogs(theme, super::templates::french_catalogs(theme)?)
    }

    /// [`load`](Self::load) with the site's catalogs (the families' emails in their language).
    pub fn with_catalogs(theme: &Path, catalogs: Arc<dossiersco_i18n::Catalogs>) -> Result<MailQueue> {
        Ok(MailQueue {
            templates: EmailTemplates::with_catalogs(theme, catalogs.clone())?,
            school_values: Default::default(),
            personnel: super::StaffEmails::with_catalogs(theme, catalogs)?,
            wake: Arc::new(Notify::new()),
            status: Arc::new(SenderStatus::default()),
        })
    }

    /// The confirmation of a submission in the family's `langue` (with the French below), to enqueue in the submission's transaction. A
    /// template error is logged and reported, never a reason to refuse the family's file.
    #[allow(clippy::too_many_arguments)]
    pub fn confirmation(
        &self,
        site: &SiteConfig,
        etab: &Etablissement,
        niveau: &Niveau,
        spec: &FormSpec,
        values: &FormValues,
        eleve_id: i64,
        langue: &str,
    ) -> Option<OutgoingEmail> {
        let school = self.school_values(site, etab);
        let email = super::confirmation::confirmation_with(
            &self.templates,
            Some(school),
            site,
            etab,
            niveau,
            spec,
            values,
            Some(eleve_id),
            langue,
        );
        match email {
            Ok(email) => email,
            Err(err) => {
                tracing::error!(eleve = eleve_id, "courriel de confirmation impossible : {err:#}");
                crate::monitoring::report_error("confirmation", err.as_ref());
                None
            }
        }
    }

    /// `site` and `etab` as template values, converted once per school.
    fn school_values(&self, site: &SiteConfig, etab: &Etablissement) -> super::confirmation::SchoolValues {
        use std::sync::PoisonError;
        let known = self
            .school_values
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&etab.uai)
            .cloned();
        known.unwrap_or_else(|| {
            let values = super::confirmation::SchoolValues::new(site, etab);
            self.school_values
                .write()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(etab.uai.clone(), values.clone());
            values
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
