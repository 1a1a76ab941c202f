//! `dossiersco preview`: what a content editor keeps open while writing. Builds the site from
//! a copy of the content with the campaigns open (as `demo` does), serves it with the worker
//! on the demo pupils, watches `--content` and `--theme`, rebuilds what changed through the
//! incremental build and reloads the open page.
//!
//! The reload lives in preview only: a small front server on the announced port passes every
//! request to the worker and adds one `<script src="/_preview/recharger.js">` to the HTML it
//! returns; the script listens to `/_preview/evenements` (server-sent events) and reloads the
//! page after a build, or shows the content error (file:line) over the page while the last
//! good build stays served. Nothing of it is in the built files.
//!
//! Files are watched by polling their size and times (every 300 ms): no new dependency, and it
//! sees changes on every file system, shared folders and container mounts included, where
//! change notifications (inotify) are often missing. A few schools cost nothing to scan.

use super::demo::{demo_logins, free_port, set_url_base, shift_campaign, DemoPaths};
use anyhow::Context as _;
use dossiersco_generator::{build_site, BuildOptions, ContentErrors};
use dossiersco_worker::config::Config;
use http_body_util::{combinators::BoxBody, BodyExt, Full};
use hyper::body::{Bytes, Frame, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::collections::hash_map::DefaultHasher;
use std::convert::Infallible;
use std::hash::{Hash, Hasher};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::ExitCode;
use std::sync::{Arc, Mutex, RwLock};
use std::task::{Context, Poll};
use std::time::Duration;
use time::Date;
use tokio::sync::{mpsc, oneshot, watch};

#[derive(clap::Args)]
pub struct Args {
    /// Port d'écoute sur 127.0.0.1 (0 : un port libre).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Dossier de travail de la prévisualisation (copie du contenu, site construit, base, courriels).
    #[arg(long = "var", default_value = "var/preview")]
    var_dir: PathBuf,
    /// Contenu à prévisualiser, surveillé : chaque enregistrement reconstruit le site.
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// Thème, surveillé lui aussi.
    #[arg(long, default_value = "themes/default")]
    theme: PathBuf,
    /// Exports SIECLE fictifs des élèves de démonstration.
    #[arg(long, default_value = "demo/siecle")]
    siecle: PathBuf,
    /// Intervalle de surveillance des fichiers, en millisecondes.
    #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u64).range(20..=10_000))]
    intervalle_ms: u64,
}

/// What the open pages are told: the build they should show, and the content error if the
/// last attempt failed (the previous build is still served).
#[derive(Clone, Debug, Default)]
struct State {
    version: u64,
    erreur: Option<String>,
}

impl State {
    fn json(&self) -> String {
        serde_json::json!({ "version": self.version, "erreur": self.erreur }).to_string()
    }
}

/// Shared by the front server and the watcher.
struct Shared {
    /// The worker the requests go to (it is restarted on the new content after a build).
    worker: RwLock<SocketAddr>,
    state: watch::Sender<State>,
}

/// Where the edited content is copied to: campaigns open around today, the site's address
/// the preview's own.
struct Copy {
    from: PathBuf,
    to: PathBuf,
    ouverture: Date,
    cloture: Date,
    url_base: String,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let paths = DemoPaths::new(&args.var_dir);
    std::fs::create_dir_all(&args.var_dir).with_context(|| format!("création de {}", args.var_dir.display()))?;
    // The content as written is checked first, its errors naming its own files.
    if let Err(errors) = dossiersco_generator::load_content(&args.content) {
        eprintln!("{errors}");
        return Ok(ExitCode::FAILURE);
    }
    let port = match args.port {
        0 => free_port()?,
        port => port,
    };
    let today = dossiersco_worker::clock::paris_today();
    let copy = Copy {
        from: args.content.clone(),
        to: paths.content.clone(),
        ouverture: today - time::Duration::days(7),
        cloture: today + time::Duration::days(42),
        url_base: format!("http://127.0.0.1:{port}"),
    };
    copy.sync()?;
    let report = build_site(&paths.content, &args.theme, &BuildOptions::new(&paths.public))?;
    eprintln!(
        "site construit : {} pages dans {}",
        report.pages_rendered,
        paths.public.display()
    );
    let logins = demo_logins(&paths, &args.siecle)?;

    let mut config = Config::new(&paths.db, &paths.content);
    config.bind = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    config.site_dir = Some(paths.public.clone());
    config.theme = args.theme.clone();
    config.mail_dir = Some(paths.mail.clone());

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("démarrage du moteur asynchrone")?;
    runtime.block_on(async {
        let (state, _) = watch::channel(State {
            version: 1,
            erreur: None,
        });
        let (worker_addr, worker_stop) = start_worker(config.clone()).await?;
        let shared = Arc::new(Shared {
            worker: RwLock::new(worker_addr),
            state,
        });
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, port))
            .await
            .with_context(|| format!("écoute sur 127.0.0.1:{port}"))?;
        let addr = listener.local_addr()?;

        let watcher = Watcher {
            copy,
            theme: args.theme.clone(),
            public: paths.public.clone(),
            config,
            shared: shared.clone(),
            worker_stop: Mutex::new(Some(worker_stop)),
            runtime: tokio::runtime::Handle::current(),
            every: Duration::from_millis(args.intervalle_ms),
        };
        std::thread::Builder::new()
            .name("surveillance".into())
            .spawn(move || watcher.run())
            .context("démarrage de la surveillance des fichiers")?;

        println!("\ndossiersco — prévisualisation prête\n");
        println!("  Site : http://{addr}/");
        println!(
            "  Surveillés : {} et {} ; chaque enregistrement reconstruit ce qui a changé et recharge la page ouverte.",
            args.content.display(),
            args.theme.display()
        );
        if let Some(l) = logins.first() {
            println!(
                "  Connexion d'essai : {} {} — http://{addr}/{}/connexion/ — code {}, né(e) le {}",
                l.prenom,
                l.nom,
                l.uai,
                l.code,
                dossiersco_model::content::iso_date::format(l.date_naissance)
            );
        }
        println!("  Tous les codes : {}", paths.codes.display());
        println!("\n  Ctrl-C pour arrêter.");
        serve_front(listener, shared).await;
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Starts a worker on a free loopback port; returns its address and what stops it.
async fn start_worker(config: Config) -> anyhow::Result<(SocketAddr, oneshot::Sender<()>)> {
    let server = dossiersco_worker::server::bind(config).await?;
    let addr = server.local_addr();
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(async move {
        if let Err(err) = server
            .run(async {
                let _ = stopped.await;
            })
            .await
        {
            tracing::warn!("worker de prévisualisation arrêté : {err:#}");
        }
    });
    Ok((addr, stop))
}

/// Accepts connections until Ctrl-C.
async fn serve_front(listener: tokio::net::TcpListener, shared: Arc<Shared>) {
    let shutdown = dossiersco_worker::shutdown::signal();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let shared = shared.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |req| handle(req, shared.clone()));
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
            () = &mut shutdown => break,
        }
    }
}

type Body = BoxBody<Bytes, std::io::Error>;

fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into()).map_err(|never| match never {}).boxed()
}

fn reply(status: StatusCode, content_type: &'static str, body: impl Into<Bytes>) -> Response<Body> {
    let mut resp = Response::new(full(body));
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

async fn handle(req: Request<Incoming>, shared: Arc<Shared>) -> Result<Response<Body>, Infallible> {
    Ok(match req.uri().path() {
        "/_preview/evenements" => events(&shared),
        "/_preview/etat" => reply(
            StatusCode::OK,
            "application/json; charset=utf-8",
            shared.state.borrow().json(),
        ),
        "/_preview/recharger.js" => reply(StatusCode::OK, "text/javascript; charset=utf-8", RELOAD_JS),
        _ => match forward(req, &shared).await {
            Ok(resp) => resp,
            Err(err) => reply(
                StatusCode::BAD_GATEWAY,
                "text/plain; charset=utf-8",
                format!("prévisualisation : le worker ne répond pas ({err:#})"),
            ),
        },
    })
}

/// Passes the request to the worker; adds the reload script to the HTML it answers.
async fn forward(mut req: Request<Incoming>, shared: &Shared) -> anyhow::Result<Response<Body>> {
    // Always the page as built now: a cached copy would carry an older build's number.
    for name in [header::IF_NONE_MATCH, header::IF_MODIFIED_SINCE] {
        req.headers_mut().remove(name);
    }
    let addr = *shared.worker.read().unwrap();
    let stream = tokio::net::TcpStream::connect(addr).await?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    let resp = sender.send_request(req).await?;
    let html = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !html {
        return Ok(resp.map(|body| body.map_err(std::io::Error::other).boxed()));
    }
    let (mut parts, body) = resp.into_parts();
    let page = body.collect().await?.to_bytes();
    let version = shared.state.borrow().version;
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::ETAG);
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(Response::from_parts(parts, full(with_reload_script(&page, version))))
}

/// The page with the reload script before `</body>` (at the end without one).
fn with_reload_script(page: &[u8], version: u64) -> Vec<u8> {
    let tag = format!("<script src=\"/_preview/recharger.js\" data-version=\"{version}\" defer></script>");
    let at = page
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + tag.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

/// The stream of states, one event per change (and a comment every 15 s, which also tells
/// a closed connection).
fn events(shared: &Shared) -> Response<Body> {
    let (tx, rx) = mpsc::channel::<Bytes>(4);
    let mut state = shared.state.subscribe();
    tokio::spawn(async move {
        loop {
            let message = format!("data: {}\n\n", state.borrow_and_update().json());
            if tx.send(Bytes::from(message)).await.is_err() {
                return;
            }
            loop {
                tokio::select! {
                    changed = state.changed() => {
                        if changed.is_err() {
                            return;
                        }
                        break;
                    }
                    () = tokio::time::sleep(Duration::from_secs(15)) => {
                        if tx.send(Bytes::from_static(b": ...\n\n")).await.is_err() {
                            return;
                        }
                    }
                }
            }
        }
    });
    let mut resp = Response::new(EventStream(rx).boxed());
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

struct EventStream(mpsc::Receiver<Bytes>);

impl hyper::body::Body for EventStream {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        self.0
            .poll_recv(cx)
            .map(|next| next.map(|bytes| Ok(Frame::data(bytes))))
    }
}

/// Watches the content and the theme, rebuilds, tells the pages.
struct Watcher {
    copy: Copy,
    theme: PathBuf,
    public: PathBuf,
    config: Config,
    shared: Arc<Shared>,
    worker_stop: Mutex<Option<oneshot::Sender<()>>>,
    runtime: tokio::runtime::Handle,
    every: Duration,
}

impl Watcher {
    fn run(self) {
        let mut seen = (fingerprint(&self.copy.from), fingerprint(&self.theme));
        loop {
            std::thread::sleep(self.every);
            let now = (fingerprint(&self.copy.from), fingerprint(&self.theme));
            if now == seen {
                continue;
            }
            // An editor may save several files at once: wait until nothing moves.
            std::thread::sleep(self.every.min(Duration::from_millis(100)));
            let settled = (fingerprint(&self.copy.from), fingerprint(&self.theme));
            if settled != now {
                continue;
            }
            seen = settled;
            self.rebuild();
        }
    }

    fn rebuild(&self) {
        let started = std::time::Instant::now();
        let built = self
            .copy
            .sync()
            .and_then(|()| build_site(&self.copy.to, &self.theme, &BuildOptions::new(&self.public)));
        match built {
            Ok(report) => {
                eprintln!(
                    "reconstruit en {:.2} s : {} fichier(s) remplacé(s), {} supprimé(s)",
                    started.elapsed().as_secs_f64(),
                    report.files_written,
                    report.files_removed
                );
                // The worker reads the content and the theme when it starts (forms, campaign
                // dates, emails, the form's error page).
                if let Err(err) = self.runtime.block_on(self.restart_worker()) {
                    eprintln!("worker non redémarré (il garde le contenu précédent) : {err:#}");
                }
                self.shared.state.send_modify(|state| {
                    if report.files_written > 0 || report.files_removed > 0 {
                        state.version += 1;
                    }
                    state.erreur = None;
                });
            }
            Err(err) => {
                let message = self.describe(&err);
                eprintln!("{message}\nLa dernière version correcte reste servie.");
                self.shared.state.send_modify(|state| state.erreur = Some(message));
            }
        }
    }

    async fn restart_worker(&self) -> anyhow::Result<()> {
        let (addr, stop) = start_worker(self.config.clone()).await?;
        *self.shared.worker.write().unwrap() = addr;
        if let Some(old) = self.worker_stop.lock().unwrap().replace(stop) {
            let _ = old.send(());
        }
        Ok(())
    }

    /// The error as the editor reads it: content errors name the edited files, not the copy.
    fn describe(&self, err: &anyhow::Error) -> String {
        match err.downcast_ref::<ContentErrors>() {
            Some(errors) => {
                let mut errors = errors.clone();
                for error in &mut errors.0 {
                    if let Ok(relative) = error.path.strip_prefix(&self.copy.to) {
                        error.path = self.copy.from.join(relative);
                    }
                }
                errors.to_string()
            }
            None => format!("{err:#}"),
        }
    }
}

/// A hash of every file's path, size and times under `dir`: changes when a file is saved,
/// added, removed or renamed.
fn fingerprint(dir: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    let mut hasher = DefaultHasher::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        entry.path().hash(&mut hasher);
        if let Ok(meta) = entry.metadata() {
            (meta.len(), meta.mtime(), meta.mtime_nsec(), meta.ino()).hash(&mut hasher);
        }
    }
    hasher.finish()
}

impl Copy {
    /// Makes `to` the copy of `from` (dates and address adjusted), writing only the files
    /// whose copy differs and deleting those gone: an unchanged school keeps its files' times
    /// and the incremental build does not read it again. Line numbers stay those of the
    /// originals (one line replaced by one line), so errors point at the right line.
    fn sync(&self) -> anyhow::Result<()> {
        std::fs::create_dir_all(&self.to).with_context(|| format!("création de {}", self.to.display()))?;
        let mut kept = std::collections::HashSet::new();
        let root = self
            .from
            .canonicalize()
            .with_context(|| format!("lecture de {}", self.from.display()))?;
        for entry in walkdir::WalkDir::new(&self.from).follow_links(true).min_depth(1) {
            let entry = entry.with_context(|| format!("lecture de {}", self.from.display()))?;
            // The copy holds plain files: a link leading out of the content would be copied
            // as one and published; it is refused here as the build refuses it.
            if entry.path_is_symlink() && !entry.path().canonicalize().is_ok_and(|real| real.starts_with(&root)) {
                anyhow::bail!(
                    "{} : lien symbolique hors du dossier de contenu : refusé, rien n'est lu ni publié hors de ce dossier ; \
                     copiez le fichier dans le dossier plutôt que d'y faire un lien",
                    entry.path().display()
                );
            }
            let relative = entry.path().strip_prefix(&self.from)?.to_path_buf();
            let target = self.to.join(&relative);
            kept.insert(relative);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target)?;
                continue;
            }
            let bytes =
                std::fs::read(entry.path()).with_context(|| format!("lecture de {}", entry.path().display()))?;
            let bytes = match std::str::from_utf8(&bytes) {
                Ok(text) => self.edit(entry.path(), text).into_bytes(),
                Err(_) => bytes,
            };
            if std::fs::read(&target).ok().as_deref() != Some(&bytes[..]) {
                std::fs::write(&target, &bytes).with_context(|| format!("écriture de {}", target.display()))?;
            }
        }
        let gone: Vec<PathBuf> = walkdir::WalkDir::new(&self.to)
            .min_depth(1)
            .contents_first(true)
            .into_iter()
            .flatten()
            .filter(|e| e.path().strip_prefix(&self.to).is_ok_and(|r| !kept.contains(r)))
            .map(|e| e.into_path())
            .collect();
        for path in gone {
            if path.is_dir() {
                let _ = std::fs::remove_dir_all(&path);
            } else {
                let _ = std::fs::remove_file(&path);
            }
        }
        Ok(())
    }

    fn edit(&self, path: &Path, text: &str) -> String {
        if path.file_name().is_some_and(|n| n == "etablissement.yml") {
            shift_campaign(text, self.ouverture, self.cloture)
        } else if path.file_name().is_some_and(|n| n == "site.yml") && path.parent() == Some(self.from.as_path()) {
            set_url_base(text, &self.url_base)
        } else {
            text.to_string()
        }
    }
}

/// Served at /_preview/recharger.js, only by the preview. Listens to the builds; reloads the
/// page after one; shows a content error over the page (its text and file:line) until fixed.
const RELOAD_JS: &str = r##"(function () {
  var script = document.currentScript;
  var shown = Number(script && script.dataset.version) || 0;
  var box = null;
  function overlay(text) {
    if (!text) {
      if (box) { box.remove(); box = null; }
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "previsualisation-erreur";
      box.setAttribute("role", "alert");
      var s = box.style;
      s.position = "fixed"; s.left = "0"; s.right = "0"; s.top = "0"; s.zIndex = "2147483647";
      s.maxHeight = "60vh"; s.overflow = "auto"; s.margin = "0"; s.padding = "1rem";
      s.background = "#fff4f4"; s.color = "#7a0000"; s.borderBottom = "4px solid #c00";
      s.fontFamily = "monospace"; s.whiteSpace = "pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "Erreur dans le contenu : la dernière version correcte reste affichée.\n\n" + text;
  }
  var events = new EventSource("/_preview/evenements");
  events.onmessage = function (event) {
    var state = JSON.parse(event.data);
    overlay(state.erreur);
    if (!state.erreur && state.version > shown) { location.reload(); }
  };
})();
"##;
