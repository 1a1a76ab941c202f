//! The staff's commands, run as the real binary: an import writes the printable letters with
//! the codes (a code found in a letter logs in through POST /connexion), `export` writes CSV
//! and XLSX, `reissue-code` replaces a lost code (the old one and its sessions stop working).

mod worker_process;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use worker_process::WorkerProcess;

const UAI: &str = "0699901M";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn dossiersco(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossiersco"))
        .args(args)
        .current_dir(repo())
        .env_remove("DOSSIERSCO_DB")
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The worker as a child process (worker_process), with this test's requests.
struct Worker(WorkerProcess);

impl Worker {
    fn start(db: &Path) -> Worker {
        Worker(WorkerProcess::start(db, &repo()))
    }

    /// One request; returns the status line and headers, and the body.
    fn request(&self, method: &str, path: &str, cookie: Option<&str>, form: Option<&str>) -> (String, String) {
        let mut stream = TcpStream::connect(&self.0.addr).unwrap();
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.0.addr
        );
        if let Some(cookie) = cookie {
            req += &format!("Cookie: {cookie}\r\n");
        }
        let body = form.unwrap_or("");
        if form.is_some() {
            req += &format!(
                "Origin: http://{}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
                self.0.addr,
                body.len()
            );
        }
        req += "\r\n";
        req += body;
        stream.write_all(req.as_bytes()).unwrap();
        let mut raw = String::new();
        stream.read_to_string(&mut raw).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        (head.to_string(), body.to_string())
    }

    fn login(&self, code: &str, date: &str) -> (String, Option<String>) {
        let form = format!("uai={UAI}&code={code}&date_naissance={date}");
        let (head, _) = self.request("POST", "/connexion", None, Some(&form));
        let header = |name: &str| {
            head.lines()
                .find(|l| l.to_ascii_lowercase().starts_with(name))
                .map(|l| l.split_once(':').unwrap().1.trim().to_string())
        };
        // The session's cookie (login also sets others: the browser's mark for this code).
        let cookie = head
            .lines()
            .filter(|l| l.to_ascii_lowercase().starts_with("set-cookie:"))
            .map(|l| {
                l.split_once(':')
                    .unwrap()
                    .1
                    .trim()
                    .split(';')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .find(|c| {
                c.split('=')
                    .next()
                    .is_some_and(|name| name.ends_with("dossiersco_session"))
            });
        (header("location:").unwrap_or_default(), cookie)
    }
}

/// Every `data-code="…"` of the letters, with the class of its page.
fn letters(html: &str) -> Vec<(String, String)> {
    html.split("<section class=\"lettre\" data-classe=\"")
        .skip(1)
        .map(|page| {
            let classe = page.split('"').next().unwrap().to_string();
            let code = page
                .split("data-code=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_string();
            (classe, code)
        })
        .collect()
}

/// `;`-separated lines of a CSV written by dossiersco (no quoted `;` in these columns).
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    std::fs::read_to_string(path)
        .unwrap()
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(';').map(str::to_string).collect())
        .collect()
}

#[test]
fn letters_exports_and_a_replaced_code() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    let codes = dir.path().join("codes.csv");
    let courriers = dir.path().join("courriers.html");
    let siecle = repo().join("demo/siecle").join(UAI);
    let files: Vec<String> = ["nomenclature.xml", "eleves.xml", "responsables.xml"]
        .iter()
        .map(|f| siecle.join(f).to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["import", "--uai", UAI, "--db", db.to_str().unwrap()];
    args.extend([
        "--codes-out",
        codes.to_str().unwrap(),
        "--letters-out",
        courriers.to_str().unwrap(),
    ]);
    args.extend(files.iter().map(String::as_str));
    let out = dossiersco(&args);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("courriers à imprimer"), "{}", text(&out));

    // One letter per new code, grouped by class, with the school, the URL, the dates, the documents.
    let html = std::fs::read_to_string(&courriers).unwrap();
    let codes_csv = csv_rows(&codes);
    let found = letters(&html);
    assert_eq!(found.len(), codes_csv.len() - 1, "one page per code");
    assert!(found.windows(2).all(|w| w[0].0 <= w[1].0), "grouped by class");
    assert!(html.contains("Collège Jean Moulin"));
    assert!(html.contains("https://reinscription.example.fr/0699901M/connexion/"));
    assert!(
        html.contains("avril 2027") && html.contains("mai 2027"),
        "campaign dates"
    );
    assert!(html.contains("assurance scolaire"), "documents to prepare");
    assert!(
        html.contains("page-break-after: always") && html.contains("size: A4"),
        "print CSS"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&courriers).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // A second import never overwrites the letters.
    let again = dossiersco(&args);
    assert!(!again.status.success());
    assert!(text(&again).contains("existe déjà"), "{}", text(&again));

    // The export, read back: one row per pupil, INE included.
    let export = dir.path().join("export.csv");
    let out = dossiersco(&[
        "export",
        "--uai",
        UAI,
        "--format",
        "csv",
        "--out",
        export.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let rows = csv_rows(&export);
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    assert!(
        rows.len() > codes_csv.len(),
        "sortants have no code but are exported: {}",
        rows.len()
    );
    let xlsx = dir.path().join("export.xlsx");
    let out = dossiersco(&[
        "export",
        "--uai",
        UAI,
        "--format",
        "xlsx",
        "--out",
        xlsx.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"), "an XLSX is a zip");
    let out = dossiersco(&[
        "export",
        "--uai",
        "0000000A",
        "--format",
        "csv",
        "--out",
        "x.csv",
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(!out.status.success());

    // A code read from a letter logs in (with the birth date the school knows).
    let (_, code) = &found[0];
    let header = &codes_csv[0];
    let row = codes_csv
        .iter()
        .find(|r| r.last() == Some(code))
        .expect("the letter's code is in the codes file");
    let (nom, prenom) = (
        &row[header.iter().position(|h| h == "nom").unwrap()],
        &row[header.iter().position(|h| h == "prenom").unwrap()],
    );
    let date = &row[header.iter().position(|h| h == "date_naissance").unwrap()];
    let worker = Worker::start(&db);
    let (location, session) = worker.login(code, date);
    // Logged in: a session, and no error marker (where it lands is the login's business).
    assert!(
        !location.contains("#erreur"),
        "login with the letter's code: {location}"
    );
    let session = session.expect("a session");
    // Its pre-fill, asked twice: the worker keeps it in memory (the reissue below, another
    // process, must still end it at once).
    for _ in 0..2 {
        let (head, body) = worker.request("GET", "/api/dossier", Some(&session), None);
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(body.contains(prenom.as_str()), "{body}");
    }

    // That pupil's code is lost: a new one; the old code and its session stop working.
    let pupil = rows
        .iter()
        .find(|r| &r[col("Nom")] == nom && &r[col("Prénom")] == prenom)
        .expect("the pupil is exported");
    let ine = &pupil[col("INE")];
    assert_eq!(ine.len(), 11, "INE {ine}");
    let nouveau = dir.path().join("nouveau.html");
    let out = dossiersco(&[
        "reissue-code",
        "--uai",
        UAI,
        "--ine",
        ine,
        "--db",
        db.to_str().unwrap(),
        "--letters-out",
        nouveau.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let new_letters = letters(&std::fs::read_to_string(&nouveau).unwrap());
    assert_eq!(new_letters.len(), 1);
    let new_code = &new_letters[0].1;
    assert!(stdout.contains(new_code.as_str()), "printed once: {stdout}");
    assert_ne!(new_code, code);
    // At once, before any other request: the pre-fill kept in memory is not served.
    let (head, _) = worker.request("GET", "/api/dossier", Some(&session), None);
    assert!(head.starts_with("HTTP/1.1 401"), "the old session is closed: {head}");
    let (location, _) = worker.login(code, date);
    assert_eq!(
        location, "/0699901M/connexion/#erreur-identifiants",
        "the old code is refused"
    );
    let (head, _) = worker.request("GET", "/api/dossier", Some(&session), None);
    assert!(head.starts_with("HTTP/1.1 401"), "the old session is closed: {head}");
    let (location, session) = worker.login(new_code, date);
    assert!(
        !location.contains("#erreur") && session.is_some(),
        "the new code works: {location}"
    );

    // An unknown INE changes nothing, with a clear message.
    let out = dossiersco(&[
        "reissue-code",
        "--uai",
        UAI,
        "--ine",
        "00000000000",
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(text(&out).contains("aucun élève"), "{}", text(&out));
}
