//! `dossiersco demo` shows the whole service: its /stats/ page is built at start from a
//! statistics file of its own database (with the fictitious activity of the past days, so
//! the charts are not empty), then rebuilt on a timer — through the real binary and HTTP.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The demo as a child process; killed on drop.
struct Demo {
    child: Child,
    /// `127.0.0.1:PORT`.
    addr: String,
    /// What it printed before « Ctrl-C ».
    welcome: String,
}

impl Demo {
    fn start(var: &Path) -> Demo {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossiersco"))
            .args(["demo", "--port", "0", "--stats-secondes", "2", "--var"])
            .arg(var)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("DOSSIERSCO_SMTP_URL")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut welcome = String::new();
        loop {
            let mut line = String::new();
            assert!(stdout.read_line(&mut line).unwrap() > 0, "the demo stopped: {welcome}");
            welcome.push_str(&line);
            if line.contains("Ctrl-C") {
                break;
            }
        }
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let at = welcome.find("Site : http://").expect("the site's address") + 14;
        let addr = welcome[at..].split('/').next().unwrap().to_string();
        Demo { child, addr, welcome }
    }

    /// GET `path`: (status, body).
    fn get(&self, path: &str) -> (u16, String) {
        let (status, text) = self.send(&format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        ));
        let body = text
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }

    /// The login form posted with `code` and a birth date: the answer's Location.
    fn login(&self, code: &str, (jour, mois, annee): (&str, &str, &str)) -> String {
        let body = format!("uai=0699901M&code={code}&jour={jour}&mois={mois}&annee={annee}");
        let (_, text) = self.send(&format!(
            "POST /connexion HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len(),
            addr = self.addr,
        ));
        let head = text.split("\r\n\r\n").next().unwrap_or("");
        head.lines()
            .find_map(|l| l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case("location")))
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    }

    /// One request: (status, the whole answer).
    fn send(&self, request: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw).to_string();
        (text[9..12].parse().unwrap(), text)
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_demo_publishes_a_stats_page_with_figures_and_keeps_it_fresh() {
    let var = tempfile::tempdir().unwrap();
    let demo = Demo::start(var.path());
    assert!(
        demo.welcome
            .contains(&format!("Statistiques publiques : http://{}/stats/", demo.addr)),
        "the demo says where /stats/ is: {}",
        demo.welcome
    );
    assert!(demo.welcome.contains("activité fictive"), "{}", demo.welcome);

    let (status, page) = demo.get("/stats/");
    assert_eq!(status, 200);
    assert!(
        !page.contains("seront publiées dès l'ouverture"),
        "still the placeholder"
    );
    assert!(
        page.contains("<h2>Jour après jour</h2>") && page.contains("data-graphique=\"suivi\""),
        "no chart"
    );
    let (status, json) = demo.get("/stats/stats.json");
    assert_eq!(status, 200);
    let stats: serde_json::Value = serde_json::from_str(&json).unwrap();
    let participation = &stats["national"]["participation"];
    for figure in ["familles_connectees", "dossiers_transmis"] {
        let n = participation[figure].as_u64();
        assert!(n.is_some_and(|n| n >= 5), "{figure}: {participation}");
    }
    let days = stats["national"]["serie"]["connexions"]
        .as_array()
        .map(Vec::len)
        .unwrap_or(0);
    assert!(days >= 7, "a week of history: {}", stats["national"]);
    // Each school has its page.
    assert_eq!(demo.get("/stats/0699901M/").0, 200);

    // The fictitious families are in the statistics only: not in the demo's database (its
    // staff area and exports show the demo pupils), and their working copy is gone.
    let db = rusqlite::Connection::open(var.path().join("dossiersco.sqlite")).unwrap();
    let fictifs: i64 = db
        .query_row(
            "SELECT count(*) FROM eleves WHERE division = 'FICTIF' OR nom = 'FICTIF'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(fictifs, 0, "fictitious pupils in the demo's database");
    let leftovers: Vec<String> = std::fs::read_dir(var.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("travail"))
        .collect();
    assert!(leftovers.is_empty(), "working copies left: {leftovers:?}");
    drop(db);
    // A stranger who read the README tries their ids and stored marks as codes: no session.
    for code in ["FICTIF-0", "fictif-0699901M-0", "FICTIF0699901M0"] {
        let location = demo.login(code, ("1", "1", "2014"));
        assert!(location.ends_with("#erreur-identifiants"), "{code}: {location}");
    }
    // The check can fail: a real demo family does get in.
    let codes = std::fs::read_to_string(var.path().join("demo-codes.csv")).unwrap();
    let lea: Vec<&str> = codes
        .lines()
        .find(|l| l.contains(";Léa;"))
        .unwrap()
        .split(';')
        .collect();
    let (annee, mois, jour) = (&lea[4][..4], &lea[4][5..7], &lea[4][8..10]);
    assert!(
        demo.login(lea[5], (jour, mois, annee)).ends_with("/resume"),
        "Léa's login"
    );

    // Rebuilt on the timer: the instant of the figures moves on.
    let first = stats["releve_le"].as_str().unwrap().to_string();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (_, json) = demo.get("/stats/stats.json");
        let now: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
        if now["releve_le"].as_str().is_some_and(|r| r != first) {
            break;
        }
        assert!(Instant::now() < deadline, "/stats/ not rebuilt in 30 s");
        std::thread::sleep(Duration::from_millis(500));
    }
}
