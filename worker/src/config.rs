//! Settings of the worker (`dossiersco serve`): the binary fills this struct from flags or
//! `DOSSIERSCO_*` variables; tests and `demo` build it directly.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use time::Date;

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    /// SQLite database file (created and migrated at start).
    pub db: PathBuf,
    /// Address to listen on; port 0 picks a free port (tests).
    pub bind: SocketAddr,
    /// Built site (public/) to serve too; None serves only the worker's routes.
    pub site_dir: Option<PathBuf>,
    /// content/ folder: site.yml and the schools' campaigns.
    pub content: PathBuf,
    /// Theme folder (templates of the pages the worker renders).
    pub theme: PathBuf,
    /// SMTP server for confirmation emails (smtp://…, smtps://…); wired by the mailer.
    pub smtp_url: Option<String>,
    /// Folder where emails are written when no SMTP server is configured.
    pub mail_dir: Option<PathBuf>,
    /// Reverse proxies in front of the worker that append to X-Forwarded-For: the client
    /// address is the N-th entry from the right (1: the one the proxy appended). 0 ignores
    /// the header (no proxy). Entries further left are whatever the client claimed.
    pub trusted_proxy_hops: usize,
    /// Pretend today is this date (Paris) for campaign dates: demos and tests.
    pub today: Option<Date>,
    /// How long a family session lasts without activity.
    pub session_ttl: Duration,
    /// How long a family session lasts at most after login, however active (a phone left
    /// logged in on a shared computer ends that day).
    pub session_max_lifetime: Duration,
    /// Where "now" comes from: the system clock, or in tests one they move forward.
    pub clock: crate::clock::Clock,
    /// Read-only SQLite connections kept for GET requests.
    pub read_connections: usize,
    /// Documents families attach: antivirus command and background timings.
    pub pieces: crate::uploads::Settings,
    /// Folder of the documents families attach; None: `pieces/` beside the SQLite database.
    /// Several workers (PostgreSQL) must all name the same shared folder.
    pub pieces_dir: Option<PathBuf>,
    // Abuse limits (connections, uploads in flight, daily submissions and emails, mail health).
    /// Most connections served at once; past it, new ones wait in the system's accept queue
    /// until one ends (every connection's idle, header and body times are bounded).
    pub max_connections: usize,
    /// Most bytes of uploads being received at once, all families together (multipart forms
    /// and files, counted by their declared length); past it an upload waits a few seconds for
    /// room, then gets 503 « réessayez dans un instant ».
    pub max_upload_bytes_in_flight: u64,
    /// Most submissions of one pupil's file per day (Paris time); the next one is refused
    /// (429) and nothing is stored.
    pub max_submissions_per_day: u32,
    /// Most confirmation emails about one pupil per day; later submissions are stored without
    /// an email, and the confirmation page says so.
    pub max_confirmations_per_day: u32,
    /// `/healthz` turns unhealthy (503) when the oldest email waiting to be sent is older.
    pub outbox_stuck_after: Duration,
}

/// Largest request body accepted (forms and drafts).
pub const MAX_BODY: usize = 64 * 1024;

impl Config {
    /// Defaults of `dossiersco serve`, run from the repository's root.
    pub fn new(db: impl Into<PathBuf>, content: impl Into<PathBuf>) -> Config {
        Config {
            db: db.into(),
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            site_dir: None,
            content: content.into(),
            theme: PathBuf::from("themes/default"),
            smtp_url: None,
            mail_dir: None,
            trusted_proxy_hops: 0,
            today: None,
            session_ttl: Duration::from_secs(2 * 3600),
            session_max_lifetime: Duration::from_secs(12 * 3600),
            clock: crate::clock::Clock::system(),
            read_connections: 4,
            pieces: crate::uploads::Settings::default(),
            pieces_dir: None,
            max_connections: 1024,
            max_upload_bytes_in_flight: 512 * 1_000_000,
            max_submissions_per_day: 10,
            max_confirmations_per_day: 3,
            outbox_stuck_after: Duration::from_secs(30 * 60),
        }
    }
}
