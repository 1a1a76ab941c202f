//! Several `dossiersco serve` processes on one PostgreSQL database, for the tests of stateless
//! workers: a fresh database per test on the cluster named by `DOSSIERSCO_TEST_PG` (CI starts
//! one with tests/support/pg_cluster.sh), the demo school imported by the real importer into
//! SQLite then copied by `dossiersco migrate-db`, a real SMTP server, workers as child
//! processes (SIGKILL is a real one), and a small HTTP client.
//!
//! Without `DOSSIERSCO_TEST_PG` the tests say so and stop; with it set but unreachable they
//! fail: CI always sets it.
#![allow(dead_code)]

#[path = "../../worker/tests/mail_support/smtp.rs"]
pub mod smtp;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

pub const UAI: &str = "0699901M";
/// The day the workers take as today: the demo campaign is open.
pub const TODAY: &str = "2027-04-10";

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The test cluster's URL, or None (with a note) when `DOSSIERSCO_TEST_PG` is not set.
/// Set but unreachable: the test fails here, with the reason.
pub fn test_pg() -> Option<String> {
    let url = match std::env::var("DOSSIERSCO_TEST_PG") {
        Ok(url) if !url.trim().is_empty() => url.trim().to_string(),
        _ => {
            eprintln!(
                "DOSSIERSCO_TEST_PG n'est pas défini : test PostgreSQL non lancé (bash .ci/run le définit ; \
                 localement : tests/support/pg_cluster.sh start DIR)"
            );
            return None;
        }
    };
    let out = psql(&url, "SELECT 1");
    assert!(
        out.status.success() && String::from_utf8_lossy(&out.stdout).trim() == "1",
        "DOSSIERSCO_TEST_PG est défini mais PostgreSQL ne répond pas : {}",
        text(&out)
    );
    Some(url)
}

/// `psql` (Debian's wrapper in PATH, or the newest server's own).
fn psql_bin() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    if let Some(found) = std::env::split_paths(&path)
        .map(|dir| dir.join("psql"))
        .find(|p| p.is_file())
    {
        return found;
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path().join("bin/psql")).collect())
        .unwrap_or_default();
    found.retain(|p| p.is_file());
    found.sort();
    found
        .pop()
        .expect("psql introuvable : installez postgresql-client (bash .ci/run installe postgresql)")
}

fn psql(url: &str, sql: &str) -> Output {
    Command::new(psql_bin())
        .args([
            "-X",
            "-q",
            "-t",
            "-A",
            "-v",
            "ON_ERROR_STOP=1",
            "-F",
            "\t",
            "-d",
            url,
            "-c",
            sql,
        ])
        .output()
        .expect("psql démarre")
}

pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A database of its own on the test cluster, dropped at the end.
pub struct Database {
    pub url: String,
    admin: String,
    name: String,
}

static NEXT: AtomicU32 = AtomicU32::new(0);

impl Database {
    /// A new, empty database; None without `DOSSIERSCO_TEST_PG`.
    pub fn fresh() -> Option<Database> {
        let admin = test_pg()?;
        let name = format!(
            "essai_{}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .subsec_nanos()
        );
        let out = psql(&admin, &format!("CREATE DATABASE {name}"));
        assert!(out.status.success(), "CREATE DATABASE {name} : {}", text(&out));
        let url = with_database(&admin, &name);
        Some(Database { url, admin, name })
    }

    /// The rows of `sql`, each a list of text columns.
    pub fn rows(&self, sql: &str) -> Vec<Vec<String>> {
        let out = psql(&self.url, sql);
        assert!(out.status.success(), "{sql} : {}", text(&out));
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter(|l| !l.is_empty())
            .map(|l| l.split('\t').map(str::to_string).collect())
            .collect()
    }

    /// The one number `sql` answers.
    pub fn count(&self, sql: &str) -> i64 {
        let rows = self.rows(sql);
        assert_eq!(rows.len(), 1, "{sql}");
        rows[0][0].parse().unwrap()
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        let _ = psql(
            &self.admin,
            &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
        );
    }
}

/// `url` with its database name replaced by `name` (query string kept).
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let slash = base.rfind('/').expect("URL postgres://…/base");
    let mut out = format!("{}/{name}", &base[..slash]);
    if let Some(q) = query {
        out += "?";
        out += q;
    }
    out
}

pub fn dossiersco() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossiersco"));
    cmd.current_dir(repo())
        .env_remove("DOSSIERSCO_DB")
        .env_remove("DOSSIERSCO_PIECES_DIR")
        .env_remove("DOSSIERSCO_MAIL_DIR");
    cmd
}

/// A family of the import: its access code and the birth date as the login form takes it.
#[derive(Debug, Clone)]
pub struct Family {
    pub prenom: String,
    pub code: String,
    pub date: String,
}

/// The demo school imported from its SIECLE files into a SQLite file by `dossiersco import`;
/// returns the families of the codes file.
pub fn import_demo(sqlite: &Path) -> Vec<Family> {
    let codes = sqlite.with_extension("codes.csv");
    let siecle = repo().join("demo/siecle").join(UAI);
    let mut cmd = dossiersco();
    cmd.args(["import", "--uai", UAI, "--db"])
        .arg(sqlite)
        .arg("--codes-out")
        .arg(&codes);
    for f in ["nomenclature.xml", "eleves.xml", "responsables.xml"] {
        cmd.arg(siecle.join(f));
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "import : {}", text(&out));
    let csv = std::fs::read_to_string(&codes).unwrap();
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(';').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (prenom, date, code) = (col("prenom"), col("date_naissance"), col("code"));
    lines
        .map(|l| {
            let cells: Vec<&str> = l.split(';').collect();
            let (d, m, y) = {
                let mut parts = cells[date].split('/');
                (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap())
            };
            Family {
                prenom: cells[prenom].to_string(),
                code: cells[code].to_string(),
                date: format!("{y}-{m}-{d}"),
            }
        })
        .collect()
}

/// `dossiersco migrate-db --from sqlite --to url`; its output.
pub fn migrate_db(sqlite: &Path, url: &str) -> Output {
    dossiersco()
        .args(["migrate-db", "--from"])
        .arg(sqlite)
        .args(["--to", url])
        .output()
        .unwrap()
}

/// Everything two workers share: the database, the documents' folder, the SMTP server.
pub struct World {
    pub db: Database,
    pub dir: tempfile::TempDir,
    pub pieces: PathBuf,
    pub inbox: PathBuf,
    pub smtp: smtp::SmtpServer,
    pub families: Vec<Family>,
}

impl World {
    /// The demo school in a fresh PostgreSQL database; None without `DOSSIERSCO_TEST_PG`.
    pub fn new(smtp_args: &[&str]) -> Option<World> {
        let db = Database::fresh()?;
        let dir = tempfile::tempdir().unwrap();
        let sqlite = dir.path().join("import.sqlite");
        let families = import_demo(&sqlite);
        let out = migrate_db(&sqlite, &db.url);
        assert!(out.status.success(), "migrate-db : {}", text(&out));
        let pieces = dir.path().join("pieces-partagees");
        let inbox = dir.path().join("recus");
        let smtp = smtp::SmtpServer::start(&inbox, 0, smtp_args);
        Some(World {
            db,
            pieces,
            inbox,
            smtp,
            families,
            dir,
        })
    }

    /// A worker on the shared database, folder and SMTP server.
    pub fn worker(&self, extra: &[&str]) -> Worker {
        let mut args = vec![
            "--pieces-dir".to_string(),
            self.pieces.to_string_lossy().into_owned(),
            "--smtp-url".to_string(),
            self.smtp.url(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        Worker::start(&self.db.url, &args)
    }
}

/// `dossiersco serve` as a child process on a free port of 127.0.0.1; killed on drop.
pub struct Worker {
    child: std::sync::Mutex<Child>,
    /// `127.0.0.1:PORT`, read from the line the worker prints when it listens.
    pub addr: String,
}

impl Worker {
    pub fn start(db: &str, extra: &[String]) -> Worker {
        let mut child = dossiersco()
            .args(["serve", "--bind", "127.0.0.1:0", "--today", TODAY, "--db", db])
            .args(extra)
            .env("RUST_LOG", "warn")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        let mut seen = String::new();
        let addr = loop {
            line.clear();
            assert!(
                stderr.read_line(&mut line).unwrap() > 0,
                "le worker s'est arrêté avant d'écouter : {seen}"
            );
            seen += &line;
            if let Some(at) = line.find("http://") {
                break line[at + 7..].trim().to_string();
            }
        };
        // Keep reading its logs so it never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::stderr()));
        Worker {
            child: std::sync::Mutex::new(child),
            addr,
        }
    }

    /// SIGKILL: no shutdown, no flush, requests in flight cut.
    pub fn kill(&self) {
        let mut child = self.child.lock().unwrap();
        child.kill().unwrap();
        child.wait().unwrap();
    }

    /// One request: (status, head, body). None when the connection failed or was cut.
    pub fn try_send(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Option<Resp> {
        let mut stream = TcpStream::connect(&self.addr).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(60))).ok()?;
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {0}\r\nConnection: close\r\nOrigin: http://{0}\r\nContent-Length: {1}\r\n",
            self.addr,
            body.len()
        );
        for (name, value) in headers {
            head += &format!("{name}: {value}\r\n");
        }
        head += "\r\n";
        stream.write_all(head.as_bytes()).ok()?;
        stream.write_all(body).ok()?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).ok()?;
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let status = head.split(' ').nth(1)?.parse().ok()?;
        Some(Resp {
            status,
            head,
            body: raw[split + 4..].to_vec(),
        })
    }

    pub fn send(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Resp {
        self.try_send(method, path, headers, body)
            .unwrap_or_else(|| panic!("{method} {path} sur {} : pas de réponse", self.addr))
    }

    pub fn get(&self, path: &str, cookie: &str) -> Resp {
        self.send("GET", path, &[("Cookie", cookie)], b"")
    }

    /// An urlencoded form, as JSON answers.
    pub fn try_form(&self, path: &str, cookie: Option<&str>, fields: &[(String, String)]) -> Option<Resp> {
        let mut headers = vec![
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Accept", "application/json"),
        ];
        if let Some(cookie) = cookie {
            headers.push(("Cookie", cookie));
        }
        self.try_send("POST", path, &headers, encode_form(fields).as_bytes())
    }

    pub fn form(&self, path: &str, cookie: Option<&str>, fields: &[(String, String)]) -> Resp {
        self.try_form(path, cookie, fields)
            .unwrap_or_else(|| panic!("POST {path} sur {} : pas de réponse", self.addr))
    }

    /// A family's login as the connexion page posts it: where it was sent, and the session
    /// cookie when it succeeded.
    pub fn login(&self, code: &str, date: &str) -> (String, Option<String>) {
        let fields = pairs(&[("uai", UAI), ("code", code), ("date_naissance", date)]);
        let resp = self.send(
            "POST",
            "/connexion",
            &[("Content-Type", "application/x-www-form-urlencoded")],
            encode_form(&fields).as_bytes(),
        );
        assert_eq!(resp.status, 303, "connexion : {}", resp.text());
        (
            resp.header("location").unwrap_or_default(),
            resp.cookie("dossiersco_session"),
        )
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let child = self.child.get_mut().unwrap();
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// An HTTP answer.
pub struct Resp {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e} : {}", self.text()))
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }

    /// `name=value` of the first Set-Cookie whose name contains `name` and holds a value.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.head
            .lines()
            .filter_map(|l| {
                let (n, v) = l.split_once(':')?;
                n.trim()
                    .eq_ignore_ascii_case("set-cookie")
                    .then(|| v.trim().to_string())
            })
            .map(|v| v.split(';').next().unwrap().trim().to_string())
            .find(|pair| pair.split('=').next().unwrap().contains(name) && !pair.ends_with('='))
    }
}

pub fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub fn encode_form(fields: &[(String, String)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The family's complete file, as a family fills it: what the school knew, then what the
/// required fields still ask for; the first guardian's address is `email`.
pub fn complete_file(worker: &Worker, cookie: &str, email: &str) -> BTreeMap<String, String> {
    let resp = worker.get("/api/dossier", cookie);
    assert_eq!(resp.status, 200, "{}", resp.text());
    let dossier = resp.json();
    let (uai, mef) = (dossier["uai"].as_str().unwrap(), dossier["mef"].as_str().unwrap());
    let site = dossiersco_generator::Site::load(&repo().join("content"), &repo().join("themes/default")).unwrap();
    let spec = site.form_spec(uai, mef).expect("a form for the pupil's level");
    let fields: Vec<_> = spec.sections.iter().flat_map(|s| &s.champs).collect();
    let mut values = BTreeMap::new();
    values.insert("uai".to_string(), uai.to_string());
    values.insert("mef".to_string(), mef.to_string());
    for field in &fields {
        let known = dossier["valeurs"][&field.name]
            .as_str()
            .filter(|v| !v.trim().is_empty());
        if let Some(v) = known {
            values.insert(field.name.clone(), v.to_string());
        } else if field.required {
            if let Some(v) = typical(field) {
                values.insert(field.name.clone(), v);
            }
        }
        // A document the secretariat receives on paper: ticked, so none is needed online.
        if let Some(b) = field.fichier.as_ref().and_then(|r| r.secretariat.clone()) {
            values.insert(b, "oui".into());
        }
    }
    // A guardian on file needs one phone number at least.
    for field in &fields {
        if let Some(group) = field.name.strip_suffix(".tel_portable") {
            let named = values
                .get(&format!("{group}.nom"))
                .is_some_and(|v| !v.trim().is_empty());
            let phoned = values
                .iter()
                .any(|(k, v)| k.starts_with(&format!("{group}.tel")) && !v.trim().is_empty());
            if named && !phoned {
                values.insert(field.name.clone(), "06 12 34 56 78".into());
            }
        }
    }
    values.insert("resp1.email".into(), email.into());
    values
}

/// What a family typically types in a field of this kind.
fn typical(field: &dossiersco_model::form::Field) -> Option<String> {
    use dossiersco_model::form::FieldKind;
    match field.kind {
        FieldKind::Radio | FieldKind::Select => field.choices.first().map(|c| c.value.clone()),
        FieldKind::Checkbox => Some("oui".into()),
        FieldKind::Email => Some("famille@example.fr".into()),
        FieldKind::Tel => Some("06 12 34 56 78".into()),
        FieldKind::Date => Some("2015-01-01".into()),
        FieldKind::Text | FieldKind::Textarea => {
            let fits = |v: &&str| {
                field
                    .pattern
                    .as_deref()
                    .is_none_or(|p| dossiersco_model::rules::matches(p, v))
            };
            ["Dupont", "1234567", "69003"].into_iter().find(fits).map(String::from)
        }
        FieldKind::File => None,
    }
}

/// Posts `values` to /dossier as JSON answers: 303 is an acknowledged submission; None when
/// no answer came (the connection was cut).
pub fn submit(worker: &Worker, cookie: &str, values: &BTreeMap<String, String>) -> Option<Resp> {
    let pairs: Vec<(String, String)> = values.clone().into_iter().collect();
    worker.try_form("/dossier", Some(cookie), &pairs)
}

/// A number written with letters only (a name field takes it): 0 → « a », 27 → « bb ».
pub fn letters(mut n: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'a' + (n % 26) as u8);
        n /= 26;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

/// The staff login link's token from the message sent to `courriel` (quoted-printable soft
/// breaks undone), once it has arrived.
pub fn staff_link(inbox: &Path, courriel: &str) -> String {
    let mut token = None;
    smtp::wait_until("le lien de connexion du personnel", || {
        token = smtp::stored(inbox)
            .into_iter()
            .filter(|m| m.rcpt_tos.iter().any(|r| r == courriel))
            .find_map(|m| {
                let raw = String::from_utf8_lossy(&m.raw).replace("=\r\n", "").replace("=3D", "=");
                let start = raw.find("jeton=")? + "jeton=".len();
                raw.get(start..start + 64).map(str::to_string)
            });
        token.is_some()
    });
    token.unwrap()
}
