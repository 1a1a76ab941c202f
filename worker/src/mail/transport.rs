//! Where messages go: an SMTP server given by URL, or a folder of .eml files.

use super::smtp::{Failure, SmtpClient};
use anyhow::{bail, Context, Result};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

/// Where to deliver. Built from `DOSSIERSCO_SMTP_URL` (and the login from the environment),
/// or a mail folder when no SMTP server is configured.
#[derive(Clone)]
pub enum TransportConfig {
    Smtp {
        host: String,
        port: u16,
        security: Security,
        /// Login and password, from `DOSSIERSCO_SMTP_USER` / `DOSSIERSCO_SMTP_PASSWORD`.
        credentials: Option<(String, String)>,
        /// Extra trusted root (PEM), from `DOSSIERSCO_SMTP_CA`: a relay with a private CA.
        ca: Option<PathBuf>,
    },
    /// Each message written as `<outbox id>-<random>.eml` in this folder.
    Folder(PathBuf),
}

/// How the SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// No TLS: only for a server on the same machine (tests, a local relay).
    Plain,
    /// STARTTLS, required: never falls back to plain text.
    StartTls,
    /// TLS from the first byte (smtps, port 465).
    Tls,
}

impl std::fmt::Debug for TransportConfig {
    // Never the password, not even in debug output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.describe())
    }
}

impl TransportConfig {
    /// `smtp://host:port` (plain), `smtp://host:port?tls=starttls` or `smtp+starttls://host:port`
    /// (STARTTLS required), `smtps://host:port` (implicit TLS); no URL: the mail folder
    /// `mail_dir`. The login comes from the environment, never from the URL.
    pub fn from_settings(url: Option<&str>, mail_dir: PathBuf) -> Result<TransportConfig> {
        let user = std::env::var("DOSSIERSCO_SMTP_USER").ok().filter(|u| !u.is_empty());
        let password = std::env::var("DOSSIERSCO_SMTP_PASSWORD").unwrap_or_default();
        match url.map(str::trim).filter(|u| !u.is_empty()) {
            None => Ok(TransportConfig::Folder(mail_dir)),
            Some(url) => {
                let config = TransportConfig::parse_url(url, user.map(|u| (u, password)))?;
                Ok(match std::env::var_os("DOSSIERSCO_SMTP_CA").filter(|c| !c.is_empty()) {
                    Some(ca) => config.with_ca(PathBuf::from(ca)),
                    None => config,
                })
            }
        }
    }

    /// Also trusts the root certificate(s) of this PEM file for TLS.
    pub fn with_ca(mut self, path: PathBuf) -> TransportConfig {
        if let TransportConfig::Smtp { ca, .. } = &mut self {
            *ca = Some(path);
        }
        self
    }

    /// Parses an SMTP URL (see [`TransportConfig::from_settings`]).
    pub fn parse_url(url: &str, credentials: Option<(String, String)>) -> Result<TransportConfig> {
        let (scheme, rest) = url.split_once("://").with_context(|| {
            "URL SMTP invalide : attendu smtp://hôte:port, smtps://hôte:port ou smtp+starttls://hôte:port"
        })?;
        let (authority, query) = rest.split_once('?').unwrap_or((rest, ""));
        let authority = authority.trim_end_matches('/');
        if authority.contains('@') {
            bail!("URL SMTP : ne mettez pas l'identifiant ni le mot de passe dans l'URL, mais dans DOSSIERSCO_SMTP_USER et DOSSIERSCO_SMTP_PASSWORD");
        }
        let mut security = match scheme.to_ascii_lowercase().as_str() {
            "smtp" => Security::Plain,
            "smtp+starttls" => Security::StartTls,
            "smtps" => Security::Tls,
            other => bail!("URL SMTP : schéma « {other} » inconnu (attendu smtp, smtps ou smtp+starttls)"),
        };
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some(("tls", "starttls")) if security != Security::Tls => security = Security::StartTls,
                Some(("tls", "none")) if security == Security::Plain => {}
                _ => bail!("URL SMTP : paramètre « {pair} » inconnu (seul tls=starttls est accepté)"),
            }
        }
        let (host, port) = split_host_port(authority)?;
        if host.is_empty() {
            bail!("URL SMTP : nom d'hôte manquant");
        }
        let port = port.unwrap_or(match security {
            Security::Plain => 25,
            Security::StartTls => 587,
            Security::Tls => 465,
        });
        Ok(TransportConfig::Smtp {
            host,
            port,
            security,
            credentials,
            ca: None,
        })
    }

    /// For logs: no password, no login.
    pub fn describe(&self) -> String {
        match self {
            TransportConfig::Smtp {
                host, port, security, ..
            } => format!("SMTP {host}:{port} ({security:?})"),
            TransportConfig::Folder(dir) => format!("dossier {}", dir.display()),
        }
    }

    /// Opens the transport (connections are made when sending).
    pub fn connect(&self) -> Result<Delivery> {
        match self {
            TransportConfig::Folder(dir) => {
                std::fs::create_dir_all(dir).with_context(|| format!("création du dossier {}", dir.display()))?;
                Ok(Delivery::Folder(dir.clone()))
            }
            TransportConfig::Smtp {
                host,
                port,
                security,
                credentials,
                ca,
            } => {
                let tls = || -> Result<TlsParameters> {
                    let mut builder = TlsParameters::builder(host.clone());
                    if let Some(ca) = ca {
                        let pem = std::fs::read(ca).with_context(|| format!("lecture de {}", ca.display()))?;
                        let cert = Certificate::from_pem(&pem)
                            .with_context(|| format!("certificat illisible dans {}", ca.display()))?;
                        builder = builder.add_root_certificate(cert);
                    }
                    builder.build().context("paramètres TLS")
                };
                let credentials = credentials
                    .as_ref()
                    .map(|(user, password)| Credentials::new(user.clone(), password.clone()));
                if *security != Security::Tls {
                    let starttls = match security {
                        Security::StartTls => Some(tls()?),
                        _ => None,
                    };
                    return Ok(Delivery::Direct(Box::new(SmtpClient::new(
                        host.clone(),
                        *port,
                        starttls,
                        credentials,
                    ))));
                }
                let tls = tls()?;
                let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host.as_str())
                    .port(*port)
                    .timeout(Some(Duration::from_secs(60)))
                    .tls(Tls::Wrapper(tls));
                if let Some(credentials) = credentials {
                    builder = builder.credentials(credentials);
                }
                Ok(Delivery::Smtp(Box::new(builder.build())))
            }
        }
    }
}

fn split_host_port(authority: &str) -> Result<(String, Option<u16>)> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest.split_once(']').context("URL SMTP : adresse IPv6 sans ]")?;
        (host, after.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    let port = port
        .map(|p| {
            p.parse::<u16>()
                .with_context(|| format!("URL SMTP : port « {p} » invalide"))
        })
        .transpose()?;
    Ok((host.to_string(), port))
}

/// Why a message was not delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Try again later: server unreachable, 4xx, timeout. `connection` when no SMTP exchange
    /// happened at all (the next messages would fail the same way).
    Transient { erreur: String, connection: bool },
    /// 5xx or a message that cannot be built: never retried.
    Permanent { erreur: String },
}

/// An open transport.
pub enum Delivery {
    /// Plain or STARTTLS: our own connection, with TCP_NODELAY.
    Direct(Box<SmtpClient>),
    /// Implicit TLS: lettre's pooled transport.
    Smtp(Box<AsyncSmtpTransport<Tokio1Executor>>),
    Folder(PathBuf),
}

impl Delivery {
    /// Delivers `message`, queued as outbox row `id`. Returns once the server accepted it
    /// (or the file is on disk).
    pub async fn send(&self, id: i64, message: &Message) -> Result<(), SendError> {
        match self {
            Delivery::Direct(client) => client.send(message).await.map_err(|failure| match failure {
                Failure::Smtp(err) => classify(err),
                Failure::Connection(erreur) => SendError::Transient {
                    erreur: format!("serveur SMTP injoignable : {}", mask_addresses(&erreur)),
                    connection: true,
                },
            }),
            Delivery::Smtp(transport) => transport.send(message.clone()).await.map(drop).map_err(classify),
            Delivery::Folder(dir) => {
                let dir = dir.clone();
                let bytes = message.formatted();
                let name = eml_name(id, message);
                tokio::task::spawn_blocking(move || write_atomically(&dir, &name, &bytes))
                    .await
                    .map_err(|e| e.to_string())
                    .and_then(|r| r.map_err(|e| e.to_string()))
                    .map_err(|erreur| SendError::Transient {
                        erreur: format!("écriture du courriel : {erreur}"),
                        connection: true,
                    })
            }
        }
    }
}

/// `000042-<hash of the Message-ID>.eml`: the same message always gets the same name, so
/// writing it again replaces it rather than duplicating it.
fn eml_name(id: i64, message: &Message) -> String {
    use sha2::{Digest, Sha256};
    let message_id = message
        .headers()
        .get_raw("Message-ID")
        .map(str::to_string)
        .unwrap_or_default();
    let digest = Sha256::digest(message_id.as_bytes());
    format!("{id:06}-{}.eml", &hex::encode(digest)[..12])
}

fn write_atomically(dir: &std::path::Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = dir.join(format!(".{name}.tmp"));
    let mut file = std::fs::File::create(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&tmp, dir.join(name))?;
    // The rename itself must survive a crash before the outbox row is marked sent.
    std::fs::File::open(dir)?.sync_all()
}

fn classify(err: lettre::transport::smtp::Error) -> SendError {
    let erreur = mask_addresses(&err.to_string());
    match err.status() {
        // Authentication required or refused: a setting to fix; the emails must wait for it.
        Some(code) if ["530", "535"].contains(&code.to_string().as_str()) => SendError::Transient {
            erreur: format!(
                "connexion SMTP refusée ({code}) : le serveur exige une identification \
                 (DOSSIERSCO_SMTP_USER, DOSSIERSCO_SMTP_PASSWORD) ou le chiffrement (smtp+starttls://) : {erreur}"
            ),
            connection: true,
        },
        Some(code) if err.is_permanent() => SendError::Permanent {
            erreur: format!("refus définitif du serveur ({code}) : {erreur}"),
        },
        Some(code) => SendError::Transient {
            erreur: format!("refus temporaire du serveur ({code}) : {erreur}"),
            connection: false,
        },
        None => SendError::Transient {
            erreur: format!("serveur SMTP injoignable : {erreur}"),
            connection: true,
        },
    }
}

/// Server replies often quote the recipient: keep the reason, drop the address.
pub(crate) fn mask_addresses(text: &str) -> String {
    let masked: Vec<String> = text
        .split(' ')
        .map(|word| {
            if word.contains('@') {
                "[adresse]".to_string()
            } else {
                word.to_string()
            }
        })
        .collect();
    let joined = masked.join(" ");
    joined.chars().filter(|c| !c.is_control()).take(500).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(url: &str) -> Result<TransportConfig> {
        TransportConfig::parse_url(url, None)
    }

    #[test]
    fn smtp_urls_give_host_port_and_security() {
        let cases = [
            ("smtp://127.0.0.1:2525", "127.0.0.1", 2525, Security::Plain),
            (
                "smtp://mail.example.fr?tls=starttls",
                "mail.example.fr",
                587,
                Security::StartTls,
            ),
            (
                "smtp+starttls://mail.example.fr:2587",
                "mail.example.fr",
                2587,
                Security::StartTls,
            ),
            ("smtps://mail.example.fr", "mail.example.fr", 465, Security::Tls),
            ("smtp://[::1]:25/", "::1", 25, Security::Plain),
        ];
        for (url, h, p, s) in cases {
            match parse(url).unwrap() {
                TransportConfig::Smtp {
                    host, port, security, ..
                } => assert_eq!((host.as_str(), port, security), (h, p, s), "{url}"),
                other => panic!("{url}: {other:?}"),
            }
        }
    }

    #[test]
    fn bad_urls_are_refused_with_a_french_message() {
        for (url, expected) in [
            ("http://x", "schéma « http » inconnu"),
            ("smtp://moi:secret@mail.example.fr", "DOSSIERSCO_SMTP_USER"),
            ("smtp://mail.example.fr:port", "port « port » invalide"),
            ("smtp://mail.example.fr?tls=oui", "paramètre « tls=oui » inconnu"),
            ("mail.example.fr", "URL SMTP invalide"),
        ] {
            let err = parse(url).unwrap_err().to_string();
            assert!(err.contains(expected), "{url}: {err}");
        }
    }

    #[test]
    fn the_password_never_shows_in_debug_output() {
        let config = TransportConfig::parse_url("smtps://mail.example.fr", Some(("moi".into(), "s3cr3t".into())));
        let shown = format!("{:?}", config.unwrap());
        assert!(!shown.contains("s3cr3t") && !shown.contains("moi"), "{shown}");
    }

    #[test]
    fn addresses_are_masked_in_recorded_errors() {
        let masked = mask_addresses("550 5.1.1 <lou.martin@example.fr>: Recipient address rejected");
        assert_eq!(masked, "550 5.1.1 [adresse] Recipient address rejected");
    }
}
