//! The worker: SIECLE import, the database, the HTTP server and the mailer.
pub mod siecle;
pub mod store;
pub mod auth;
pub mod import;
pub mod clock;
pub mod config;
pub mod mail;
pub mod monitoring;
pub mod shutdown;
pub mod app;
pub mod http;
pub mod server;
