//! The worker: SIECLE import, the database, the HTTP server and the mailer.
pub mod app;
pub mod auth;
pub mod clock;
pub mod config;
pub mod http;
pub mod import;
pub mod mail;
pub mod monitoring;
pub mod oneclick;
pub mod personnel;
pub mod server;
pub mod shutdown;
pub mod store;
pub mod uploads;
