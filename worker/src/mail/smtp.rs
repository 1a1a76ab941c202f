//! One SMTP connection kept open by the sender, on a TCP socket with TCP_NODELAY.
//!
//! Why not lettre's pooled transport for plain and STARTTLS connections: it writes a message's
//! body and its final "." in two writes on a socket with Nagle's algorithm on, so each message
//! waits for the server's delayed ACK (40 ms on Linux): 20 messages per second at most. With
//! TCP_NODELAY the same loop is bounded by the server. Implicit TLS (smtps) still goes through
//! lettre's own transport (see `transport.rs`).

use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::Error;
use lettre::Message;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio::sync::Mutex;

/// A connection unused for longer than this is checked (NOOP) before use: servers close idle ones.
const IDLE_CHECK: Duration = Duration::from_secs(5);
/// Longest wait for connecting or for one message's exchange.
const TIMEOUT: Duration = Duration::from_secs(60);

pub struct SmtpClient {
    host: String,
    port: u16,
    /// Some: STARTTLS required with these parameters (never a fallback to plain text).
    starttls: Option<TlsParameters>,
    credentials: Option<Credentials>,
    conn: Mutex<Option<(AsyncSmtpConnection, Instant)>>,
}

/// Why a message was not sent.
pub enum Failure {
    /// The server answered the message's commands with an error (4xx or 5xx).
    Smtp(Error),
    /// No usable session: connection refused, timeout, TLS, greeting or login refused. Always
    /// temporary: a login refused (535) is a setting to fix, not a reason to drop the emails.
    Connection(String),
}

fn setup(err: Error) -> Failure {
    Failure::Connection(err.to_string())
}

impl SmtpClient {
    pub fn new(
        host: String,
        port: u16,
        starttls: Option<TlsParameters>,
        credentials: Option<Credentials>,
    ) -> SmtpClient {
        SmtpClient {
            host,
            port,
            starttls,
            credentials,
            conn: Mutex::new(None),
        }
    }

    /// Sends `message`; returns once the server accepted it.
    pub async fn send(&self, message: &Message) -> Result<(), Failure> {
        let mut slot = self.conn.lock().await;
        if let Some((conn, last_used)) = slot.as_mut() {
            if conn.has_broken() || (last_used.elapsed() > IDLE_CHECK && !conn.test_connected().await) {
                *slot = None;
            }
        }
        if slot.is_none() {
            let conn = tokio::time::timeout(TIMEOUT, self.connect())
                .await
                .map_err(|_| Failure::Connection("délai de connexion dépassé".into()))??;
            *slot = Some((conn, Instant::now()));
        }
        let (conn, last_used) = slot.as_mut().expect("connected above");
        let bytes = message.formatted();
        let result = tokio::time::timeout(TIMEOUT, conn.send(message.envelope(), &bytes)).await;
        *last_used = Instant::now();
        match result {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(err)) => {
                if conn.has_broken() {
                    *slot = None;
                }
                Err(Failure::Smtp(err))
            }
            Err(_) => {
                *slot = None;
                Err(Failure::Connection("le serveur n'a pas répondu à temps".into()))
            }
        }
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, Failure> {
        let tcp = TcpStream::connect((self.host.as_str(), self.port))
            .await
            .map_err(|e| Failure::Connection(e.to_string()))?;
        let _ = tcp.set_nodelay(true);
        let hello = ClientId::default();
        let mut conn = AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &hello)
            .await
            .map_err(setup)?;
        if let Some(tls) = &self.starttls {
            conn.starttls(tls.clone(), &hello).await.map_err(setup)?;
            if !conn.is_encrypted() {
                return Err(Failure::Connection("STARTTLS n'a pas chiffré la connexion".into()));
            }
        }
        if let Some(credentials) = &self.credentials {
            conn.auth(&[Mechanism::Plain, Mechanism::Login], credentials)
                .await
                .map_err(setup)?;
        }
        Ok(conn)
    }
}
