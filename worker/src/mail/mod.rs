//! Emails to families: built from the theme's templates, written to the outbox in the same
//! transaction as what caused them, delivered by a sender task.
//!
//! # Delivery guarantees
//! An email is in the outbox once the transaction that enqueued it commits; the sender marks
//! it `envoye` right after the SMTP server accepted it (the 250 reply to DATA). The outbox is
//! only ever changed by short transactions, so a crash or a SIGKILL leaves it consistent.
//!
//! What SMTP cannot give is exactly-once: if the process dies after the server accepted a
//! message but before the `envoye` mark is committed (a window of one SQLite commit), the
//! message is sent again at restart. The same holds for the last marks before a power cut
//! (the sender commits them without an fsync each; a killed process loses none). A message
//! sent again carries the same Message-ID (fixed at enqueue), so mail clients and the staff
//! can recognise the duplicate. Everything else is exactly-once: a message whose acceptance
//! was recorded is never sent again, a message not accepted is retried until the server
//! takes it or refuses it for good (5xx, or 60 temporary failures: about two days).
//!
//! Only one sender may run per database (the server's, or `dossiersco send-outbox`).

mod confirmation;
mod message;
mod personnel;
mod queue;
mod rendu;
mod sender;
mod smtp;
mod templates;
mod transport;

/// The outbox's row types live in the store; the mail module builds and sends them.
pub use crate::store::outbox::{message_id, OutgoingEmail};
pub use confirmation::{confirmation, EmailTemplates};
pub use message::build_message;
pub use personnel::{EleveNom, StaffEmails};
pub use queue::{default_mail_dir, MailQueue, SenderHandle};
pub use rendu::{
    pending_confirmation, ConfirmationFaits, PendingConfirmation, RenderFailure, SendTimeRenderer, RENDER_THREAD,
};
pub use sender::{spawn_sender, Backoff, SenderConfig, SenderState, SenderStats, SenderStatus};
pub use transport::{Delivery, SendError, TransportConfig};
