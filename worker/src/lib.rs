//! The worker: SIECLE import, the database, the HTTP server and the mailer.
pub mod app;
pub mod auth;
/// Time helpers live in the model (the store writes timestamps too).
pub use dossiersco_model::clock;
pub mod config;
pub mod http;
pub mod import;
pub mod mail;
pub mod monitoring;
pub mod oneclick;
pub mod personnel;
pub mod server;
pub mod shutdown;
/// The database (its own crate: the only place with SQL).
pub use dossiersco_store as store;
pub mod uploads;
