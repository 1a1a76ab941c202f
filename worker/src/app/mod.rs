//! The server's shared state (`Arc<App>`): settings, content and forms, database access.

pub mod content;
pub mod langues;
pub mod render;
pub mod spent_today;

use crate::auth::SecretHasher;
use crate::config::Config;
use crate::store::{readers::Readers, writer::Writer};
use anyhow::{Context, Result};
use content::Content;
use dossiersco_generator::Site;
use render::FormPageRenderer;
use std::path::PathBuf;
use std::sync::Arc;
use time::{Date, OffsetDateTime};

/// Everything a request handler may use.
pub struct App {
    pub config: Config,
    pub content: Arc<Content>,
    pub hasher: SecretHasher,
    pub writer: Writer,
    pub readers: Readers,
    pub renderer: Box<dyn FormPageRenderer>,
    /// Canonical path of the served site, when there is one.
    pub site_root: Option<PathBuf>,
    /// Origins allowed to post (CSRF check), besides the loopback host being served.
    pub origins: Vec<String>,
    /// The Content-Security-Policy header of every response (built once at start-up).
    pub csp: hyper::header::HeaderValue,
    /// Cookies without `Secure` and the `__Host-` prefix: only the local demo
    /// (see `http::edge::plain_http_loopback`), decided once at start-up.
    pub plain_cookies: bool,
    /// Prefix of the static pages' URLs in redirects: empty when the worker answers on the
    /// site itself, else url_base (the worker is elsewhere, a relative URL would point at it).
    pub pages_base: String,
    /// The static site's origin when the worker has its own (url_worker): its scripts call the
    /// API cross-origin, so API answers to it carry CORS headers.
    pub cors_origin: Option<String>,
    /// Email templates and the sender's wake-up (mailer).
    pub mail: crate::mail::MailQueue,
    /// Bytes of uploads being received (limit: `max_upload_bytes_in_flight`).
    pub uploads: Arc<crate::uploads::budget::UploadBudget>,
    /// The site's languages and the theme's catalogs: the family's pages and emails.
    pub langues: langues::Langues,
    /// The pre-fill's answers in memory (SQLite only: see `http::prefill_cache`).
    pub prefill_cache: Option<crate::http::prefill_cache::PrefillCache>,
    /// Pupils with no submission left today: their posts are refused unread.
    pub spent_today: spent_today::SpentToday,
}

impl App {
    /// Loads the content and the theme, opens the database (migrating it) and starts the
    /// writer thread.
    pub fn open(config: Config) -> Result<App> {
        let site = Site::load(&config.content, &config.theme).context("contenu ou thème invalide")?;
        let content = Arc::new(Content::from_site(&site));
        let conn = crate::store::open(&config.db)?;
        let hasher = SecretHasher::load_or_create(&conn).context("clé de hachage de la base")?;
        // Pre-fill cache: told of every commit of the writer, and of other processes'.
        let watch = crate::store::watch::ChangeWatch::open(&config.db)?;
        let writer = Writer::start_watched(conn, watch.clone())?;
        let readers = Readers::open(&config.db, config.read_connections)?;
        let site_root = match &config.site_dir {
            Some(dir) => Some(
                dir.canonicalize()
                    .with_context(|| format!("dossier du site {}", dir.display()))?,
            ),
            None => None,
        };
        let worker_origin = origin_of(&content.site.url_worker);
        let origins = origin_of(&content.site.url_base)
            .into_iter()
            .chain(worker_origin.clone())
            .collect();
        let separate_worker = worker_origin.is_some() && worker_origin != origin_of(&content.site.url_base);
        let pages_base = if separate_worker {
            content.site.url_base.trim_end_matches('/').to_string()
        } else {
            String::new()
        };
        let cors_origin = origin_of(&content.site.url_base).filter(|_| separate_worker);
        let extra = worker_origin.map(|o| format!(" {o}")).unwrap_or_default();
        let csp = hyper::header::HeaderValue::from_str(&format!(
            "default-src 'self'; connect-src 'self'{extra}; form-action 'self'{extra}; \
             frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
        ))
        .context("adresse du worker (url_worker) impropre à un en-tête HTTP")?;
        let plain_cookies = crate::http::edge::plain_http_loopback(&content.site);
        let langues = site_langues(&site, &config)?;
        let mail = crate::mail::MailQueue::with_catalogs(&config.theme, langues.catalogs.clone(), content.clone())?;
        let renderer = Box::new(site);
        let uploads = crate::uploads::budget::UploadBudget::new(config.max_upload_bytes_in_flight);
        Ok(App {
            config,
            content,
            hasher,
            writer,
            readers,
            renderer,
            site_root,
            origins,
            csp,
            plain_cookies,
            pages_base,
            cors_origin,
            mail,
            uploads,
            langues,
            prefill_cache: watch.map(crate::http::prefill_cache::PrefillCache::new),
            spent_today: Default::default(),
        })
    }

    /// Now, in UTC (from the configured clock).
    pub fn now(&self) -> OffsetDateTime {
        self.config.clock.now()
    }

    /// Today in Paris (or the configured date), for campaign dates.
    pub fn today(&self) -> Date {
        self.config.today.unwrap_or_else(crate::clock::paris_today)
    }
}

/// The site's languages and the theme's catalogs.
fn site_langues(site: &Site, _config: &Config) -> Result<langues::Langues> {
    let codes = site.langue_codes().map(str::to_string).collect();
    Ok(langues::Langues::new(site.catalogs().clone(), codes))
}

/// `https://host:port/path` → `https://host:port` (lowercase); None when not an http(s) URL.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    (!authority.is_empty()).then(|| format!("{scheme}://{}", authority.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::origin_of;

    #[test]
    fn origins_keep_scheme_host_and_port() {
        assert_eq!(
            origin_of("https://Reinscription.example.fr").as_deref(),
            Some("https://reinscription.example.fr")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:8080/x/y").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(origin_of(""), None);
        assert_eq!(origin_of("ftp://a"), None);
    }
}
