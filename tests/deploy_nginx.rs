//! The deployment as shipped in deploy/: nginx runs deploy/nginx/dossiersco.conf in front of a
//! real worker (`dossiersco serve`) on 127.0.0.1, and a family goes through it over HTTPS the
//! way a phone would: static pages from nginx, login, summary, pre-fill, a document, the
//! one-click submission, a file too large, the worker stopped. The systemd units pass
//! `systemd-analyze verify`.
//!
//! The site file is used as shipped but for what a test machine cannot have, replaced by
//! [`site_for_test`]: certificate paths (a self-signed certificate made here with openssl),
//! the site folder, ports and listen addresses (127.0.0.1, no IPv6), the worker's port.
//! nginx, openssl and systemd-analyze must be installed (`bash .ci/run` installs them): the
//! tests fail, never skip, without them.

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const UAI: &str = "0699901M";
/// The site's name: url_base of content/site.yml, server_name of the nginx site.
const HOST: &str = "reinscription.example.fr";
/// The worker's setting that makes it read X-Forwarded-For and X-Forwarded-Proto, as set in
/// deploy/systemd/dossiersco.service.
const TRUST_PROXY: (&str, &str) = ("DOSSIERSCO_TRUST_PROXY", "true");
/// Where the family's phone connects from. nginx itself reaches the worker from 127.0.0.1, so
/// the worker can only know this address from the proxy's header.
const FAMILY_ADDRESS: &str = "127.0.0.5";
/// What a client claims in its own X-Forwarded-For: never to be believed.
const SPOOFED_ADDRESS: &str = "203.0.113.66";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// A program the deployment test needs, or a failure saying how to install it.
fn tool(name: &str, package: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/sbin", "/usr/local/sbin"].map(PathBuf::from))
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!("{name} est introuvable : installez-le (apt-get install {package}), comme le fait `bash .ci/run`")
        })
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?} : {e}"));
    assert!(out.status.success(), "{cmd:?} a échoué :\n{}", text(&out));
    out
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn dossiersco() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossiersco"));
    cmd.current_dir(repo())
        .env_remove("DOSSIERSCO_DB")
        .env_remove("DOSSIERSCO_SITE_DIR");
    cmd
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The shipped site file with the test machine's paths and ports. Each replaced string must be
/// found exactly where deploy/nginx/dossiersco.conf marks it « substituted by the test »: if
/// the file changes, this fails instead of testing something else.
fn site_for_test(shipped: &str, cert: &Path, key: &Path, public: &Path, ports: (u16, u16, u16)) -> String {
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
fn self_signed_certificate(dir: &Path) -> (PathBuf, PathBuf) {
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
struct Worker {
    child: Child,
    addr: SocketAddr,
    log: Arc<Mutex<Vec<String>>>,
}

impl Worker {
    fn start(db: &Path) -> Worker {
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
    fn routes(&self) -> Vec<String> {
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
    fn wait_for_route(&self, route: &str) {
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

fn strip_ansi(line: &str) -> String {
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
struct Nginx {
    child: Child,
    error_log: PathBuf,
}

impl Nginx {
    fn start(dir: &Path, site: &str, https: u16) -> Nginx {
        let nginx = tool("nginx", "nginx");
        let mime = Path::new("/etc/nginx/mime.types");
        assert!(mime.is_file(), "{} manque : le paquet nginx l'installe", mime.display());
        for temp in ["body", "proxy", "fastcgi", "uwsgi", "scgi"] {
            std::fs::create_dir_all(dir.join("tmp").join(temp)).unwrap();
        }
        let d = dir.display();
        std::fs::write(dir.join("dossiersco.conf"), site).unwrap();
        // Debian's /etc/nginx/nginx.conf for a test: one process the test can stop (no worker
        // processes left behind, no user switch), every path in the test's folder.
        let main = format!(
            "master_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log info;\n\
             events {{ worker_connections 256; }}\n\
             http {{\n  include {mime};\n  default_type application/octet-stream;\n  access_log {d}/access.log;\n  \
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

/// An answer: status, headers (lowercase names, in order), body.
struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Resp {
    fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
    fn header(&self, name: &str) -> &str {
        self.all(name).first().copied().unwrap_or_default()
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    /// The security headers are there, each once (nginx adds none to the worker's).
    fn assert_security_headers_once(&self, what: &str) {
        for name in [
            "content-security-policy",
            "x-content-type-options",
            "referrer-policy",
            "x-frame-options",
            "strict-transport-security",
            "cache-control",
        ] {
            assert_eq!(self.all(name).len(), 1, "{what}: {name} once, got {:?}", self.headers);
        }
    }
}

fn parse(raw: &[u8]) -> Resp {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("an HTTP answer");
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    if headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
    {
        let (mut out, mut rest) = (Vec::new(), &body[..]);
        while let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") {
            let size = usize::from_str_radix(std::str::from_utf8(&rest[..eol]).unwrap().trim(), 16).unwrap();
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[eol + 2..eol + 2 + size]);
            rest = &rest[eol + 2 + size + 2..];
        }
        body = out;
    }
    Resp { status, headers, body }
}

/// HTTPS to nginx from FAMILY_ADDRESS, trusting only the test's certificate, one request per
/// connection (`Connection: close`).
struct Phone {
    tls: Arc<rustls::ClientConfig>,
    port: u16,
    runtime: tokio::runtime::Runtime,
}

impl Phone {
    fn new(cert: &Path, port: u16) -> Phone {
        let mut roots = rustls::RootCertStore::empty();
        roots.add(CertificateDer::from_pem_file(cert).unwrap()).unwrap();
        let tls = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
            .unwrap();
        Phone {
            tls: Arc::new(tls),
            port,
            runtime,
        }
    }

    fn send(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Resp {
        let tcp = self.runtime.block_on(async {
            let socket = tokio::net::TcpSocket::new_v4().unwrap();
            socket.bind(format!("{FAMILY_ADDRESS}:0").parse().unwrap()).unwrap();
            socket
                .connect(SocketAddr::from(([127, 0, 0, 1], self.port)))
                .await
                .unwrap()
        });
        let tcp = tcp.into_std().unwrap();
        tcp.set_nonblocking(false).unwrap();
        tcp.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let conn = rustls::ClientConnection::new(self.tls.clone(), ServerName::try_from(HOST).unwrap()).unwrap();
        let mut stream = rustls::StreamOwned::new(conn, tcp);
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n");
        for (name, value) in headers {
            head += &format!("{name}: {value}\r\n");
        }
        if method == "POST" || method == "PUT" {
            head += &format!("Content-Length: {}\r\n", body.len());
        }
        head += "\r\n";
        stream.write_all(head.as_bytes()).unwrap();
        // A refused body may be cut short by the server: its answer is what matters.
        let _ = stream.write_all(body).and_then(|_| stream.flush());
        let mut raw = Vec::new();
        if let Err(err) = stream.read_to_end(&mut raw) {
            assert!(!raw.is_empty(), "{method} {path}: no answer ({err})");
        }
        parse(&raw)
    }

    fn get(&self, path: &str, cookie: Option<&str>) -> Resp {
        let cookie = cookie.map(|c| ("Cookie", c));
        self.send("GET", path, cookie.as_slice(), b"")
    }

    /// A form posted from the site's own pages (Origin as a browser sends it).
    fn post_form(&self, path: &str, cookie: Option<&str>, fields: &[(&str, &str)], extra: &[(&str, &str)]) -> Resp {
        let origin = format!("https://{HOST}");
        let mut headers = vec![
            ("Origin", origin.as_str()),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ];
        headers.extend(cookie.map(|c| ("Cookie", c)));
        headers.extend_from_slice(extra);
        self.send("POST", path, &headers, encode_form(fields).as_bytes())
    }
}

fn encode_form(fields: &[(&str, &str)]) -> String {
    let enc = |text: &str| {
        text.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
                b' ' => "+".into(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The fields a browser without JavaScript posts from the form of `page` posting to `action`
/// (inputs only: the one-click page's questions are inputs), with `answers` on top.
fn form_fields(page: &str, action: &str, answers: &[(&str, &str)]) -> Vec<(String, String)> {
    let at = page.find(&format!("action=\"{action}\"")).expect("the one-click form");
    let form = &page[page[..at].rfind("<form").unwrap()..at + page[at..].find("</form>").unwrap()];
    let mut fields = std::collections::BTreeMap::new();
    for tag in form.split("<input").skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let attr = |name: &str| {
            let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
            let value = &tag[start..start + tag[start..].find('"')?];
            Some(
                value
                    .replace("&quot;", "\"")
                    .replace("&#39;", "'")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&"),
            )
        };
        let Some(name) = attr("name") else { continue };
        let checkable = matches!(attr("type").as_deref(), Some("radio" | "checkbox"));
        if !checkable || tag.contains(" checked") {
            fields.insert(name, attr("value").unwrap_or_default());
        }
    }
    for (name, value) in answers {
        fields.insert(name.to_string(), value.to_string());
    }
    fields.into_iter().collect()
}

/// (code, birth date) of a pupil of the import's codes file, by first name.
fn login_of(codes: &Path, prenom: &str) -> (String, String) {
    let csv = std::fs::read_to_string(codes).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(';').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let row: Vec<&str> = csv
        .lines()
        .map(|l| l.split(';').collect::<Vec<_>>())
        .find(|r| r[col("prenom")] == prenom)
        .unwrap_or_else(|| panic!("{prenom} not in {}", codes.display()));
    (row[col("code")].to_string(), row[col("date_naissance")].to_string())
}

/// The address hashes of every login attempt the worker traced, and the worker's hasher.
fn traced_addresses(db: &Path) -> (Vec<String>, dossiersco_worker::auth::SecretHasher) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let hasher = dossiersco_worker::auth::SecretHasher::load_or_create(&conn).unwrap();
    let mut stmt = conn
        .prepare("SELECT adresse_hash FROM tentatives_connexion ORDER BY id")
        .unwrap();
    let hashes = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    (hashes, hasher)
}

#[test]
fn a_family_goes_through_the_shipped_nginx_site_over_https() {
    let dir = tempfile::tempdir().unwrap();
    let (public, db, codes) = (
        dir.path().join("public"),
        dir.path().join("dossiersco.sqlite"),
        dir.path().join("codes.csv"),
    );
    run(dossiersco().arg("build").arg("--out").arg(&public));
    let siecle = repo().join("demo/siecle").join(UAI);
    run(dossiersco()
        .args(["import", "--uai", UAI, "--db"])
        .arg(&db)
        .arg("--codes-out")
        .arg(&codes)
        .args(["nomenclature.xml", "eleves.xml", "responsables.xml"].map(|f| siecle.join(f))));
    let (cert, key) = self_signed_certificate(dir.path());
    let worker = Worker::start(&db);
    let (https, http) = (free_port(), free_port());
    let shipped = std::fs::read_to_string(repo().join("deploy/nginx/dossiersco.conf")).unwrap();
    let site = site_for_test(&shipped, &cert, &key, &public, (https, http, worker.addr.port()));
    let nginx_dir = dir.path().join("nginx");
    let _nginx = Nginx::start(&nginx_dir, &site, https);
    let phone = Phone::new(&cert, https);

    // Plain HTTP only redirects to HTTPS.
    let mut plain = TcpStream::connect(("127.0.0.1", http)).unwrap();
    write!(
        plain,
        "GET /{UAI}/ HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    plain.read_to_end(&mut raw).unwrap();
    let redirect = parse(&raw);
    assert_eq!(
        (redirect.status, redirect.header("location")),
        (301, format!("https://{HOST}/{UAI}/").as_str())
    );

    // The static site, from nginx: pages revalidated, assets cached, the worker's headers.
    let home = phone.get("/", None);
    assert_eq!(home.status, 200, "{}", home.text());
    assert!(home.text().contains("Collège Jean Moulin"), "the list of schools");
    home.assert_security_headers_once("home page");
    assert_eq!(home.header("cache-control"), "no-cache");
    assert!(home.header("content-type").starts_with("text/html"));
    let welcome = phone.get(&format!("/{UAI}/"), None);
    assert_eq!(welcome.status, 200);
    let login_page = phone.get(&format!("/{UAI}/connexion/"), None);
    assert_eq!(login_page.status, 200);
    assert!(
        login_page.text().contains("action=\"/connexion\""),
        "the login form posts to the worker"
    );
    let css = phone.get("/static/style.css?v=1", None);
    assert_eq!(
        (css.status, css.header("cache-control")),
        (200, "public, max-age=31536000")
    );
    assert!(css.header("content-type").starts_with("text/css"));
    let no_slash = phone.get(&format!("/{UAI}"), None);
    assert_eq!(
        (no_slash.status, no_slash.header("location")),
        (301, format!("/{UAI}/").as_str())
    );
    let missing = phone.get("/nulle-part/", None);
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("Page introuvable"), "the site's 404 page");
    assert!(public.join(".dossiersco-build.json").is_file());
    assert_eq!(
        phone.get("/.dossiersco-build.json", None).status,
        404,
        "hidden build files are not published"
    );

    // Login, claiming another address in X-Forwarded-For: a wrong birth date, then the right one.
    let (code, date) = login_of(&codes, "Gaëtan");
    let spoof = [("X-Forwarded-For", SPOOFED_ADDRESS)];
    let refused = phone.post_form(
        "/connexion",
        None,
        &[("uai", UAI), ("code", &code), ("date_naissance", "2001-01-01")],
        &spoof,
    );
    assert_eq!(refused.status, 303, "{}", refused.text());
    assert_eq!(
        refused.header("location"),
        format!("/{UAI}/connexion/#erreur-identifiants")
    );
    assert!(refused.all("set-cookie").is_empty());
    let login = phone.post_form(
        "/connexion",
        None,
        &[("uai", UAI), ("code", &code), ("date_naissance", &date)],
        &spoof,
    );
    assert_eq!(
        (login.status, login.header("location")),
        (303, "/resume"),
        "{}",
        login.text()
    );
    let set_cookie = login.header("set-cookie");
    let attributes: Vec<&str> = set_cookie.split(';').map(str::trim).collect();
    assert!(
        attributes.contains(&"Secure"),
        "the session cookie must be Secure behind HTTPS: {set_cookie}"
    );
    assert!(attributes.contains(&"HttpOnly"), "{set_cookie}");
    let cookie = attributes[0];

    // The worker traced both attempts under the family's address, as nginx saw it: not under
    // nginx's own (127.0.0.1) nor under what the client claimed.
    let (traced, hasher) = traced_addresses(&db);
    assert_eq!(traced.len(), 2, "two login attempts traced");
    for hash in &traced {
        assert_ne!(
            hash,
            &hasher.hash_address(SPOOFED_ADDRESS),
            "the client's own X-Forwarded-For was believed"
        );
        assert_ne!(
            hash,
            &hasher.hash_address("127.0.0.1"),
            "the worker took nginx's address for the family's"
        );
        assert_eq!(
            hash,
            &hasher.hash_address(FAMILY_ADDRESS),
            "the worker did not get the family's address"
        );
    }

    // The summary and the pre-fill, from the worker through nginx: its headers, none twice,
    // and the same Content-Security-Policy as the static pages.
    let summary = phone.get("/resume", Some(cookie));
    assert_eq!(summary.status, 200, "{}", summary.text());
    summary.assert_security_headers_once("/resume");
    assert_eq!(
        summary.header("content-security-policy"),
        home.header("content-security-policy")
    );
    let api = phone.send(
        "GET",
        "/api/dossier",
        &[("Cookie", cookie), ("Accept", "application/json")],
        b"",
    );
    assert_eq!(api.status, 200, "{}", api.text());
    let dossier: serde_json::Value = serde_json::from_slice(&api.body).unwrap();
    assert_eq!(
        (dossier["uai"].as_str(), dossier["eleve"]["prenom"].as_str()),
        (Some(UAI), Some("Gaëtan"))
    );

    // A 2 MB document sent by the form's script passes nginx's limit for that route.
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.resize(2_000_000, b' ');
    let origin = format!("https://{HOST}");
    let upload = phone.send(
        "POST",
        "/api/pieces",
        &[
            ("Origin", &origin),
            ("Cookie", cookie),
            ("Accept", "application/json"),
            ("Content-Type", "application/pdf"),
            ("X-Document", "attestation_assurance"),
            ("X-Nom-Fichier", "attestation.pdf"),
        ],
        &pdf,
    );
    assert_eq!(upload.status, 201, "{}", upload.text());

    // One tap: re-enrolled.
    let answers = [
        ("regime_sortie", "libre"),
        ("consentement.photo_classe", "oui"),
        ("consentement.droit_image", "non"),
        ("signature.nom", "Josiane Lefèvre"),
        ("signature.accord", "oui"),
    ];
    let fields = form_fields(&summary.text(), "/dossier", &answers);
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let sent = phone.post_form("/dossier", Some(cookie), &fields, &[]);
    assert_eq!(
        (sent.status, sent.header("location")),
        (303, format!("/{UAI}/confirmation/").as_str()),
        "{}",
        sent.text()
    );
    assert_eq!(phone.get(&format!("/{UAI}/confirmation/"), Some(cookie)).status, 200);

    // 31 MB of documents in one form: nginx refuses it with the site's French page.
    let boundary = "----dossiersco31";
    let mut big = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"uai\"\r\n\r\n{UAI}\r\n--{boundary}\r\n\
         Content-Disposition: form-data; name=\"piece.attestation_assurance\"; filename=\"scan.pdf\"\r\n\
         Content-Type: application/pdf\r\n\r\n%PDF-1.4\n"
    )
    .into_bytes();
    big.resize(big.len() + 31 * 1024 * 1024, b' ');
    big.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let content_type = format!("multipart/form-data; boundary={boundary}");
    let too_big = phone.send(
        "POST",
        "/dossier",
        &[("Origin", &origin), ("Cookie", cookie), ("Content-Type", &content_type)],
        &big,
    );
    assert_eq!(too_big.status, 413, "{}", too_big.text());
    assert!(too_big.header("content-type").starts_with("text/html"));
    for expected in ["<html lang=\"fr\"", "Envoi trop volumineux", "rien n'a été"] {
        assert!(
            too_big.text().contains(expected),
            "« {expected} » missing from the 413 page:\n{}",
            too_big.text()
        );
    }

    // The worker saw exactly the family's requests to its routes: no static page, and not the
    // refused 31 MB form.
    assert_eq!(phone.get("/healthz", None).text(), "ok");
    worker.wait_for_route("/healthz");
    assert_eq!(
        worker.routes(),
        [
            "/api/dossier",
            "/api/pieces",
            "/connexion",
            "/connexion",
            "/dossier",
            "/healthz",
            "/resume"
        ],
        "requests that reached the worker (\"statique\" would be a static page)"
    );

    // The worker stopped (a restart): the site's page saying so, in French.
    drop(worker);
    let down = phone.get("/resume", Some(cookie));
    assert_eq!(down.status, 502);
    assert!(
        down.text().contains("Service momentanément indisponible"),
        "{}",
        down.text()
    );
    assert_eq!(
        phone.get(&format!("/{UAI}/"), None).status,
        200,
        "the static site still answers"
    );
}

/// `systemd-analyze verify` on the shipped units, the binary's path replaced by the one just
/// built: any complaint about them fails (an unknown key is only a warning to systemd), and a
/// misspelt copy shows the check would see it. Then the hardening's exposure score.
#[test]
fn the_shipped_systemd_units_pass_systemd_analyze_verify() {
    let analyze = tool("systemd-analyze", "systemd");
    let dir = tempfile::tempdir().unwrap();
    let shipped = repo().join("deploy/systemd");
    let mut units = Vec::new();
    for entry in std::fs::read_dir(&shipped).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".service") || name.ends_with(".timer") {
            let unit = std::fs::read_to_string(&path).unwrap();
            assert!(
                unit.contains("/usr/local/bin/dossiersco") || name.ends_with(".timer"),
                "{name}"
            );
            let unit = unit.replace("/usr/local/bin/dossiersco", env!("CARGO_BIN_EXE_dossiersco"));
            std::fs::write(dir.path().join(&name), unit).unwrap();
            units.push(name);
        }
    }
    units.sort();
    assert_eq!(units.len(), 5, "the worker, snapshot and statistics units: {units:?}");

    let verify = |units: &[String]| {
        let out = Command::new(&analyze)
            .arg("verify")
            .args(units)
            .current_dir(dir.path())
            .output()
            .unwrap();
        let complaints: Vec<String> = text(&out)
            .lines()
            .filter(|l| units.iter().any(|u| l.contains(u.as_str())))
            .map(str::to_string)
            .collect();
        (out.status.success(), complaints)
    };
    let (ok, complaints) = verify(&units);
    assert!(
        ok && complaints.is_empty(),
        "systemd-analyze verify:\n{}",
        complaints.join("\n")
    );

    let unit = std::fs::read_to_string(dir.path().join("dossiersco.service")).unwrap();
    std::fs::write(
        dir.path().join("faute.service"),
        unit.replace("ProtectSystem=", "ProtectSytem="),
    )
    .unwrap();
    let (_, complaints) = verify(&["faute.service".to_string()]);
    assert!(
        complaints.iter().any(|l| l.contains("ProtectSytem")),
        "the check sees a misspelt key: {complaints:?}"
    );

    // Exposure score of `systemd-analyze security` (0 = locked down, 10 = none): 1.4 for the
    // worker, about 1 for the nightly jobs when this was written.
    for service in units.iter().filter(|u| u.ends_with(".service")) {
        let out = Command::new(&analyze)
            .args(["security", "--offline=true", "--threshold=20", service])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{service} exposed over 2.0:\n{}", text(&out));
    }
}
