//! The single source of truth shared by the generator and the worker.
//!
//! - [`content`]: what maintainers and school staff write in `content/` (site.yml,
//!   etablissement.yml), with the semantic checks `dossiersco check` runs.
//! - [`form`]: the re-enrolment form derived from a school and a destination level.
//!   The generator renders it to HTML constraints; the worker validates posts with it.
//! - [`validate`]: the server-side rules applied to a posted form.
//! - [`message`]: the key and arguments of a message with parts that vary, for its translations.
//! - [`dossier`]: a family's file (field values) and its states.
//! - [`stats`]: the public statistics, small counts suppressed.
//! - [`clock`]: Paris time and the database's timestamp format.
//!
//! Pure: no HTTP, no SQL, no file system.

pub mod clock;
pub mod content;
pub mod dossier;
pub mod form;
pub mod message;
pub mod rules;
pub mod stats;
pub mod text;
pub mod uai;
pub mod validate;

pub use content::{Etablissement, Niveau, SiteConfig};
pub use dossier::{DossierState, FormValues};
pub use form::{Field, FieldKind, FormInputs, FormSpec, Section};
pub use validate::{validate_submission, validate_submission_with, FieldError};
