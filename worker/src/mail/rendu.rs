//! The confirmation rendered when it is sent, not in the submission's request: Tera's work
//! (three templates, twice for a family writing in another language than French) is off the
//! path that acknowledges a submission. The request queues the email's headers and its facts
//! (the submission it confirms, the level, the language); the sender renders it from them
//! with the same templates and content, on a thread of its own at a lower priority, so that
//! under a burst of submissions it takes the CPU the requests leave.
//!
//! What the family receives is what the request would have rendered: the same function
//! ([`super::confirmation::render_parts`]) over the same values (the submission's row, which
//! a later submission does not change) and the same content (the server's content never
//! changes while it runs). A rendering that fails leaves the email waiting with its error,
//! tried again like an SMTP failure; a submission deleted before its email left (a purge, a
//! new campaign) refuses it for good.

use super::confirmation::{render_parts, Parts, SchoolValues};
use super::{build_message, EmailTemplates, OutgoingEmail};
use crate::app::content::Content;
use crate::store::outbox::{ARendre, OutboxRow};
use anyhow::{Context, Result};
use dossiersco_model::{Etablissement, FormValues, SiteConfig};
use lettre::Message;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, PoisonError, RwLock};

/// The facts of a confirmation besides its submission's values (`outbox.a_rendre`, JSON).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ConfirmationFaits {
    /// The level the pupil goes to (its form and its name in the email).
    pub mef: String,
    /// The family's language (a code of the site's languages); French is below any other.
    pub langue: String,
}

/// A confirmation whose headers are known and whose body the sender will render, waiting for
/// the id of the submission it confirms (known in the submission's transaction).
#[derive(Debug, Clone)]
pub struct PendingConfirmation {
    email: OutgoingEmail,
    faits: String,
}

impl PendingConfirmation {
    /// The email to queue for submission `soumission_id`.
    pub fn for_submission(self, soumission_id: i64) -> OutgoingEmail {
        OutgoingEmail {
            a_rendre: Some(ARendre {
                soumission_id,
                faits: self.faits,
            }),
            ..self.email
        }
    }
}

/// The confirmation of a submission of `values` to `etab` for a pupil going to `mef`, to
/// render when sent; None when the file has no address at all.
pub fn pending_confirmation(
    site: &SiteConfig,
    etab: &Etablissement,
    values: &FormValues,
    eleve_id: i64,
    mef: &str,
    langue: &str,
) -> Option<PendingConfirmation> {
    let destinataires = super::confirmation::recipients(values);
    if destinataires.is_empty() {
        return None;
    }
    let faits = ConfirmationFaits {
        mef: mef.to_string(),
        langue: langue.to_string(),
    };
    Some(PendingConfirmation {
        email: OutgoingEmail {
            html: None,
            ..super::confirmation::school_email(
                site,
                etab,
                "confirmation",
                destinataires,
                Some(eleve_id),
                (String::new(), String::new(), String::new()),
            )
        },
        faits: serde_json::to_string(&faits).expect("two strings serialize"),
    })
}

/// Why an email could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderFailure {
    /// Tried again later (the content or the theme may be fixed by then), the error recorded.
    Transient(String),
    /// Never tried again: what it would show is gone.
    Permanent(String),
}

/// Renders the emails queued with their facts: the theme's templates and the server's content.
pub struct SendTimeRenderer {
    templates: EmailTemplates,
    content: Arc<Content>,
    /// Each school's `site` and `etablissement` as template values, converted once.
    school_values: RwLock<HashMap<String, SchoolValues>>,
}

impl std::fmt::Debug for SendTimeRenderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SendTimeRenderer")
            .field("ecoles", &self.content.schools.len())
            .finish_non_exhaustive()
    }
}

impl SendTimeRenderer {
    pub fn new(templates: EmailTemplates, content: Arc<Content>) -> SendTimeRenderer {
        SendTimeRenderer {
            templates,
            content,
            school_values: RwLock::default(),
        }
    }

    /// Loads the content and the theme as the server does (`dossiersco send-outbox`).
    pub fn load(content: &Path, theme: &Path) -> Result<SendTimeRenderer> {
        let site = dossiersco_generator::Site::load(content, theme).context("contenu ou thème invalide")?;
        let templates = EmailTemplates::with_catalogs(theme, site.catalogs().clone())?;
        Ok(SendTimeRenderer::new(templates, Arc::new(Content::from_site(&site))))
    }

    /// Renders the subject and bodies of `row` when it was queued with its facts (a row
    /// already rendered is left as it is).
    pub fn render(&self, row: &mut OutboxRow) -> Result<(), RenderFailure> {
        let Some(faits) = &row.a_rendre else {
            return Ok(());
        };
        let facts: ConfirmationFaits = serde_json::from_str(&faits.faits).map_err(|e| {
            RenderFailure::Transient(format!("faits du courriel illisibles (JSON, colonne {})", e.column()))
        })?;
        let Some(valeurs) = &faits.valeurs else {
            return Err(RenderFailure::Permanent(
                "la soumission que ce courriel confirme a été supprimée avant l'envoi".into(),
            ));
        };
        // Where, never what: serde's message may quote the family's values.
        let values: FormValues = serde_json::from_str(valeurs).map_err(|e| {
            RenderFailure::Transient(format!(
                "valeurs de la soumission illisibles (JSON, ligne {} colonne {})",
                e.line(),
                e.column()
            ))
        })?;
        let (sujet, texte, html) = self
            .parts(&row.uai, &facts, &values)
            .map_err(|e| RenderFailure::Transient(format!("rendu du courriel impossible : {e:#}")))?;
        row.sujet = sujet;
        row.texte = texte;
        row.html = Some(html);
        Ok(())
    }

    fn parts(&self, uai: &str, facts: &ConfirmationFaits, values: &FormValues) -> Result<Parts> {
        let school = self
            .content
            .schools
            .get(uai)
            .with_context(|| format!("le collège {uai} n'est plus dans le contenu"))?;
        let niveau = school
            .etab
            .niveau(&facts.mef)
            .with_context(|| format!("le niveau {} n'est plus proposé par {uai}", facts.mef))?;
        let spec = school
            .forms
            .get(&facts.mef)
            .with_context(|| format!("pas de formulaire pour le niveau {} à {uai}", facts.mef))?;
        let values_of_school = self.school_values(&school.etab);
        render_parts(
            &self.templates,
            Some(values_of_school),
            &self.content.site,
            &school.etab,
            niveau,
            spec,
            values,
            &facts.langue,
        )
    }

    /// `site` and `etab` as template values, converted once per school.
    fn school_values(&self, etab: &Etablissement) -> SchoolValues {
        let known = self
            .school_values
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&etab.uai)
            .cloned();
        known.unwrap_or_else(|| {
            let values = SchoolValues::new(&self.content.site, etab);
            self.school_values
                .write()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(etab.uai.clone(), values.clone());
            values
        })
    }
}

/// What the sender sends (or why it cannot) for one row.
pub(super) type Built = (OutboxRow, Result<Message, RenderFailure>);

/// Renders and builds the messages of a batch on a thread of its own, at a lower priority
/// than the requests' threads (`nice` +10: under a burst it gets about a tenth of a core's
/// share; idle, all it needs). It holds no database lock, so its lower priority never makes
/// a request wait.
pub(super) struct RenderThread {
    jobs: std::sync::mpsc::Sender<(Vec<OutboxRow>, tokio::sync::oneshot::Sender<Vec<Built>>)>,
}

/// Name of the thread (the load benchmark counts its CPU by this prefix).
pub const RENDER_THREAD: &str = "courriels-rendu";

/// Niceness of the render thread (0 is the requests', 19 the lowest).
const NICE: i32 = 10;

impl RenderThread {
    pub(super) fn start(renderer: Option<Arc<SendTimeRenderer>>) -> Result<RenderThread> {
        let (jobs, receive) = std::sync::mpsc::channel::<(Vec<OutboxRow>, tokio::sync::oneshot::Sender<Vec<Built>>)>();
        std::thread::Builder::new()
            .name(RENDER_THREAD.into())
            .spawn(move || {
                lower_priority();
                // Ends when the sender's run ends (the channel's other end dropped).
                while let Ok((rows, answer)) = receive.recv() {
                    let built = rows.into_iter().map(|row| build(renderer.as_deref(), row)).collect();
                    let _ = answer.send(built);
                }
            })
            .context("démarrage du fil de rendu des courriels")?;
        Ok(RenderThread { jobs })
    }

    /// The messages of `rows`, in order.
    pub(super) async fn build(&self, rows: Vec<OutboxRow>) -> Result<Vec<Built>> {
        let (answer, built) = tokio::sync::oneshot::channel();
        self.jobs
            .send((rows, answer))
            .ok()
            .context("le fil de rendu des courriels s'est arrêté")?;
        built.await.context("le fil de rendu des courriels s'est arrêté")
    }
}

fn build(renderer: Option<&SendTimeRenderer>, mut row: OutboxRow) -> Built {
    match (renderer, row.a_rendre.is_some()) {
        (_, false) => {}
        (Some(renderer), true) => {
            if let Err(failure) = renderer.render(&mut row) {
                return (row, Err(failure));
            }
        }
        (None, true) => {
            let failure = RenderFailure::Transient(
                "ce courriel se rend à l'envoi, et cet expéditeur n'a ni contenu ni thème (send-outbox --content, \
                 --theme)"
                    .into(),
            );
            return (row, Err(failure));
        }
    }
    let message = build_message(&row).map_err(RenderFailure::Permanent);
    (row, message)
}

/// This thread at niceness [`NICE`] (Linux: a thread's own priority); elsewhere unchanged.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: gettid and setpriority take plain integers; setpriority on our own thread id
    // changes only this thread's niceness. A refusal leaves the thread as it was.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        let _ = libc::setpriority(libc::PRIO_PROCESS, tid, NICE);
    }
}
