//! The deployment test's world: the shipped files of deploy/ with the test machine's paths,
//! a self-signed certificate, `dossiersco serve` and nginx as child processes, every file in a
//! temporary folder. nginx, openssl and systemd-analyze must be installed (`bash .ci/run`
//! installs them): the tests fail, never skip, without them.

pub mod phone;

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The site's name: url_base of content/site.yml, server_name of the nginx site.
pub const HOST: &str = "reinscription.example.fr";
/// The worker's setting that makes it read X-Forwarded-For and X-Forwarded-Proto, as set in
/// deploy/systemd/dossiersco.service.
pub const TRUST_PROXY: (&str, &str) = ("DOSSIERSCO_TRUSTED_PROXY_HOPS", "1");
/// Where the family's phone connects from. nginx itself reaches the worker from 127.0.0.1, so
/// the worker can only know this address from the proxy's header.
pub const FAMILY_ADDRESS: &str = "127.0.0.5";
/// What a client claims in its own X-Forwarded-For: never to be believed.
pub const SPOOFED_ADDRESS: &str = "203.0.113.66";

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// A program the deployment test needs, or a failure saying how to install it.
pub fn tool(name: &str, package: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/sbin", "/usr/local/sbin"].map(PathBuf::from))
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!("{name} est introuvable : installez-le (apt-get install {package}), comme le fait `bash .ci/run`")
        })
}

pub fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?} : {e}"));
    assert!(out.status.success(), "{cmd:?} a échoué :\n{}", text(&out));
    out
}

pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

pub fn dossiersco() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossiersco"));
    cmd.current_dir(repo())
        .env_remove("DOSSIERSCO_DB")
        .env_remove("DOSSIERSCO_SITE_DIR");
    cmd
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The shipped site file with the test machine's paths and ports. Each replaced string must be
/// found exactly where deploy/nginx/dossiersco.conf marks it « substituted by the test »: if
/// the file changes, this fails instead of testing something else.
pub fn site_for_test(shipped: &str, cert: &Path, key: &Path, public: &Path, ports: (u16, u16, u16)) -> String {
    let (https, http, worker) = ports;
    let without_ipv6: String = shipped
        .lines()
        .filter(|l| !l.trim_start().starts_with("listen [::]:"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        shipped.lines().count() - without_ipv6.lines().count(),
        2,
        "two IPv6 listen lines"
    );
    let mut site = without_ipv6;
    for (from, to) in [
        (
            "server 127.0.0.1:8080;".to_string(),
            format!("server 127.0.0.1:{worker};"),
        ),
        ("listen 80;".into(), format!("listen 127.0.0.1:{http};")),
        (
            "listen 443 ssl http2;".into(),
            format!("listen 127.0.0.1:{https} ssl http2;"),
        ),
        (
            format!("/etc/letsencrypt/live/{HOST}/fullchain.pem"),
            cert.display().to_string(),
        ),
        (
            format!("/etc/letsencrypt/live/{HOST}/privkey.pem"),
            key.display().to_string(),
        ),
        (
            "root /var/www/dossiersco/public;".into(),
            format!("root {};", public.display()),
        ),
    ] {
        assert_eq!(
            site.matches(&from).count(),
            1,
            "« {from} » once in the shipped site file"
        );
        site = site.replace(&from, &to);
    }
    site
}

/// A self-signed certificate for HOST: (certificate, key).
pub fn self_signed_certificate(dir: &Path) -> (PathBuf, PathBuf) {
    let (cert, key, config) = (dir.join("cert.pem"), dir.join("key.pem"), dir.join("openssl.cnf"));
    std::fs::write(
        &config,
        format!(
            "[req]\ndistinguished_name = dn\nx509_extensions = ext\nprompt = no\n[dn]\nCN = {HOST}\n\
             [ext]\nsubjectAltName = DNS:{HOST}\nbasicConstraints = critical,CA:FALSE\n\
             keyUsage = critical,digitalSignature\nextendedKeyUsage = serverAuth\n"
        ),
    )
    .unwrap();
    run(Command::new(tool("openssl", "openssl"))
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
        ])
        .args(["-days", "2", "-config"])
        .arg(&config)
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert));
    (cert, key)
}

/// `dossiersco serve` as a child process, behind the proxy; its request log is kept.
pub struct Worker {
    child: Child,
    pub addr: SocketAddr,
    log: Arc<Mutex<Vec<String>>>,
}

impl Worker {
    pub fn start(db: &Path) -> Worker {
        let mut child = dossiersco()
            .args(["serve", "--bind", "127.0.0.1:0", "--today", "2027-04-10", "--db"])
            .arg(db)
            .env(TRUST_PROXY.0, TRUST_PROXY.1)
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut said = String::new();
        let addr = loop {
            let before = said.len();
            assert!(
                stderr.read_line(&mut said).unwrap() > 0,
                "the worker stopped before listening:\n{said}"
            );
            if let Some(at) = said[before..].find("http://") {
                break said[before + at + 7..].trim().parse().unwrap();
            }
        };
        let log = Arc::new(Mutex::new(Vec::new()));
        let kept = log.clone();
        std::thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                kept.lock().unwrap().push(strip_ansi(&line));
            }
        });
        Worker { child, addr, log }
    }

    /// The route of every request the worker answered (its log holds route templates only).
    pub fn routes(&self) -> Vec<String> {
        let log = self.log.lock().unwrap();
        let mut routes: Vec<String> = log
            .iter()
            .filter(|l| l.contains("requête"))
            .filter_map(|l| l.split("route=").nth(1))
            .map(|r| {
                r.trim_start_matches('"')
                    .split(['"', ' '])
                    .next()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect();
        routes.sort();
        routes
    }

    /// Waits until the worker logged `route` (the log line follows the answer closely).
    pub fn wait_for_route(&self, route: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !self.routes().iter().any(|r| r == route) {
            assert!(
                Instant::now() < deadline,
                "the worker never logged {route}: {:?}",
                self.log.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            chars.by_ref().find(|c| c.is_ascii_alphabetic());
        } else {
            out.push(c);
        }
    }
    out
}

/// nginx in the foreground, one process, every file in `dir`.
pub struct Nginx {
    child: Child,
    error_log: PathBuf,
}

impl Nginx {
    pub fn start(dir: &Path, site: &str, https: u16) -> Nginx {
        let nginx = tool("nginx", "nginx");
        let mime = Path::new("/etc/nginx/mime.types");
        assert!(mime.is_file(), "{} manque : le paquet nginx l'installe", mime.display());
        for temp in ["body", "proxy", "fastcgi", "uwsgi", "scgi"] {
            std::fs::create_dir_all(dir.join("tmp").join(temp)).unwrap();
        }
        let d = dir.display();
        std::fs::write(dir.join("dossiersco.conf"), site).unwrap();
        // Debian's /etc/nginx/nginx.conf for a test: its http-wide settings (gzip on for every
        // site, among others), one process the test can stop (no worker processes left
        // behind, no user switch), every path in the test's folder.
        let main = format!(
            "master_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log info;\n\
             events {{ worker_connections 256; }}\n\
             http {{\n  include {mime};\n  default_type application/octet-stream;\n  access_log {d}/access.log;\n  \
             sendfile on;\n  tcp_nopush on;\n  gzip on;\n  \
             client_body_temp_path {d}/tmp/body;\n  proxy_temp_path {d}/tmp/proxy;\n  \
             fastcgi_temp_path {d}/tmp/fastcgi;\n  uwsgi_temp_path {d}/tmp/uwsgi;\n  scgi_temp_path {d}/tmp/scgi;\n  \
             include {d}/dossiersco.conf;\n}}\n",
            mime = mime.display()
        );
        std::fs::write(dir.join("nginx.conf"), main).unwrap();
        let error_log = dir.join("error.log");
        let args = |cmd: &mut Command| {
            cmd.arg("-p")
                .arg(dir)
                .arg("-c")
                .arg(dir.join("nginx.conf"))
                .arg("-e")
                .arg(&error_log);
        };
        let mut check = Command::new(&nginx);
        args(check.arg("-t"));
        run(&mut check);
        let mut cmd = Command::new(&nginx);
        args(&mut cmd);
        let mut child = cmd
            .args(["-g", "daemon off;"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", https)).is_err() {
            let log = std::fs::read_to_string(&error_log).unwrap_or_default();
            assert!(child.try_wait().unwrap().is_none(), "nginx stopped:\n{log}");
            assert!(Instant::now() < deadline, "nginx never listened on {https}:\n{log}");
            std::thread::sleep(Duration::from_millis(20));
        }
        Nginx { child, error_log }
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!(
                "nginx error log:\n{}",
                std::fs::read_to_string(&self.error_log).unwrap_or_default()
            );
        }
    }
}

/// The whole deployment in a temporary folder: the demo site built, one school's pupils
/// imported, the worker behind nginx (the shipped site file), and the family's phone.
pub struct Deployment {
    pub public: PathBuf,
    pub db: PathBuf,
    /// The import's codes file (uai;division;nom;prenom;date_naissance;code).
    pub codes: PathBuf,
    pub http_port: u16,
    pub phone: phone::Phone,
    // Dropped in this order: the phone, nginx, the worker, then the folder.
    _nginx: Nginx,
    pub worker: Worker,
    _dir: tempfile::TempDir,
}

impl Deployment {
    pub fn start(uai: &str) -> Deployment {
        let dir = tempfile::tempdir().unwrap();
        let (public, db, codes) = (
            dir.path().join("public"),
            dir.path().join("dossiersco.sqlite"),
            dir.path().join("codes.csv"),
        );
        run(dossiersco().arg("build").arg("--out").arg(&public));
        let siecle = repo().join("demo/siecle").join(uai);
        run(dossiersco()
            .args(["import", "--uai", uai, "--db"])
            .arg(&db)
            .arg("--codes-out")
            .arg(&codes)
            .args(["nomenclature.xml", "eleves.xml", "responsables.xml"].map(|f| siecle.join(f))));
        let (cert, key) = self_signed_certificate(dir.path());
        let worker = Worker::start(&db);
        let (https, http_port) = (free_port(), free_port());
        let shipped = std::fs::read_to_string(repo().join("deploy/nginx/dossiersco.conf")).unwrap();
        let site = site_for_test(&shipped, &cert, &key, &public, (https, http_port, worker.addr.port()));
        let nginx = Nginx::start(&dir.path().join("nginx"), &site, https);
        let phone = phone::Phone::new(&cert, https);
        Deployment {
            public,
            db,
            codes,
            http_port,
            phone,
            _nginx: nginx,
            worker,
            _dir: dir,
        }
    }
}
