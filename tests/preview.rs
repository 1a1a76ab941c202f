//! `dossiersco preview` as a content editor uses it, through the real binary, real files and
//! HTTP on 127.0.0.1: an edited file changes the page served; broken YAML is reported (in the
//! event stream and the state endpoint, with file:line) while the last good page stays
//! served; fixed, the error clears. The reload script is in the answers, never in the files.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The preview as a child process; killed on drop.
struct Preview {
    child: Child,
    addr: String,
}

impl Preview {
    fn start(content: &Path, var: &Path) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossiersco"))
            .args(["preview", "--port", "0", "--intervalle-ms", "100", "--content"])
            .arg(content)
            .arg("--var")
            .arg(var)
            .current_dir(root())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut welcome = String::new();
        loop {
            let mut line = String::new();
            assert!(
                stdout.read_line(&mut line).unwrap() > 0,
                "the preview stopped: {welcome}"
            );
            welcome.push_str(&line);
            if line.contains("Ctrl-C") {
                break;
            }
        }
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let at = welcome.find("Site : http://").expect("the site's address") + 14;
        let addr = welcome[at..].split('/').next().unwrap().to_string();
        Preview { child, addr }
    }

    /// GET `path`: (status, body).
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw).to_string();
        let status = text[9..12].parse().unwrap();
        let body = text
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }

    /// Waits (up to a minute: a loaded machine) until `check` holds for the body of `path`.
    fn wait_for(&self, path: &str, what: &str, check: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let (status, body) = self.get(path);
            if status == 200 && check(&body) {
                return body;
            }
            assert!(Instant::now() < deadline, "{what}: still not seen at {path}:\n{body}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Reads the event stream until an event holds `needle`; returns what was read.
    fn event_with(&self, needle: &str) -> String {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        write!(
            stream,
            "GET /_preview/evenements HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut seen = String::new();
        let mut buf = [0u8; 4096];
        while !seen.contains(needle) {
            let n = stream.read(&mut buf).expect("the event stream stays open");
            assert!(n > 0, "the event stream closed: {seen}");
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
        seen
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn an_edit_shows_an_error_is_reported_and_the_last_good_page_stays() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(&root().join("content"), &content);
    let var = dir.path().join("var");
    let preview = Preview::start(&content, &var);

    let (status, page) = preview.get("/0699901M/");
    assert_eq!(status, 200);
    assert!(
        page.contains("src=\"/_preview/recharger.js\""),
        "the reload script is served"
    );
    let (status, script) = preview.get("/_preview/recharger.js");
    assert_eq!(status, 200);
    assert!(script.contains("EventSource(\"/_preview/evenements\")"));
    let published = std::fs::read_to_string(var.join("public/0699901M/index.html")).unwrap();
    assert!(
        !published.contains("_preview"),
        "the built file holds no preview script"
    );

    // An edit: the page served changes.
    let accueil = content.join("etablissements/0699901M/accueil.md");
    let text = std::fs::read_to_string(&accueil).unwrap();
    std::fs::write(
        &accueil,
        text.replacen("La réinscription", "Cette année, la réinscription", 1),
    )
    .unwrap();
    preview.wait_for("/0699901M/", "the edited welcome", |page| {
        page.contains("Cette année, la réinscription")
    });

    // Broken YAML: reported with its file and line, the last good page still served.
    let yml = content.join("etablissements/0699901M/etablissement.yml");
    let good = std::fs::read_to_string(&yml).unwrap();
    assert!(good.lines().nth(2).unwrap().starts_with("nom:"));
    std::fs::write(&yml, good.replacen("nom:", "nom_du_college:", 1)).unwrap();
    let location = format!("{}:3:", yml.display());
    let state = preview.wait_for("/_preview/etat", "the error", |state| state.contains(&location));
    assert!(state.contains("nom_du_college"), "{state}");
    let events = preview.event_with(&location);
    assert!(events.contains("data: {"), "{events}");
    let (status, page) = preview.get("/0699901M/");
    assert_eq!(status, 200, "the last good build is still served");
    assert!(page.contains("Cette année, la réinscription"));

    // A link to a file outside the content is refused by name, never served.
    std::fs::write(&yml, &good).unwrap();
    preview.wait_for("/_preview/etat", "the error cleared", |state| {
        state.contains("\"erreur\":null")
    });
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "MOT-DE-PASSE-SECRET").unwrap();
    let link = content.join("pages/fuite.md");
    std::os::unix::fs::symlink(&secret, &link).unwrap();
    let state = preview.wait_for("/_preview/etat", "the link refused", |state| {
        state.contains("lien symbolique")
    });
    assert!(state.contains("fuite.md"), "{state}");
    let (_, page) = preview.get("/pages/fuite/");
    assert!(!page.contains("MOT-DE-PASSE-SECRET"));
    assert!(
        !var.join("demo-content/pages/fuite.md").exists(),
        "the target was copied"
    );
    std::fs::remove_file(&link).unwrap();
    std::fs::write(&yml, good.replacen("nom:", "nom_du_college:", 1)).unwrap();
    preview.wait_for("/_preview/etat", "the error again", |state| state.contains(&location));

    // Fixed: the error clears, and the next edit shows again.
    std::fs::write(&yml, good.replacen("Collège Jean Moulin", "Collège Jean-Moulin", 1)).unwrap();
    preview.wait_for("/_preview/etat", "the error cleared", |state| {
        state.contains("\"erreur\":null")
    });
    preview.wait_for("/0699901M/", "the fixed name", |page| {
        page.contains("Collège Jean-Moulin")
    });
}
