//! `dossiersco purge --oui` through the binary, after a family went through the real worker
//! (login, a document, a submission with its confirmation email, a rating). The old fault:
//! the purge only ran DELETEs — the family's name, address and comment stayed readable in the
//! database file's free pages and in its WAL, and the purge never touched the documents'
//! files nor the `.eml` copies of the emails. Now nothing of the family is left in the bytes
//! of the database, its WAL, the documents' folder or the mail folder; the other school keeps
//! everything.

mod worker_process;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use worker_process::WorkerProcess;

const UAI: &str = "0699901M";
const OTHER: &str = "0339903K";
/// What the family types: found nowhere else.
const EMAIL: &str = "zoe.effacee@example.fr";
const COMMENT: &str = "Commentaire-a-effacer-7Q3";
const PIECE: &[u8] = b"%PDF-1.4\nPIECE-A-EFFACER-Z81\n";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn dossiersco(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossiersco"))
        .args(args)
        .current_dir(repo())
        .env_remove("DOSSIERSCO_DB")
        .env_remove("DOSSIERSCO_MAIL_DIR")
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

fn ok(args: &[&str]) -> String {
    let out = dossiersco(args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "dossiersco {args:?}: {text}");
    text
}

/// The worker as a child process (worker_process), with this test's requests.
struct Worker(WorkerProcess);

impl Worker {
    fn start(db: &Path) -> Worker {
        Worker(WorkerProcess::start(db, &repo()))
    }

    /// One request: (status, headers, body).
    fn send(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, String, Vec<u8>) {
        let mut stream = TcpStream::connect(&self.0.addr).unwrap();
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {0}\r\nConnection: close\r\nOrigin: http://{0}\r\nContent-Length: {1}\r\n",
            self.0.addr,
            body.len()
        );
        for (name, value) in headers {
            head += &format!("{name}: {value}\r\n");
        }
        head += "\r\n";
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, head, raw[split + 4..].to_vec())
    }

    fn form(&self, path: &str, cookie: &str, fields: &[(String, String)]) -> (u16, String, Vec<u8>) {
        let body: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        self.send(
            "POST",
            path,
            &[
                ("Cookie", cookie),
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Accept", "application/json"),
            ],
            body.join("&").as_bytes(),
        )
    }
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn json(body: &[u8]) -> serde_json::Value {
    serde_json::from_slice(body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(body)))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every file under `dir` whose bytes hold `needle`.
fn files_holding(dir: &Path, needle: &[u8]) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_holding(&path, needle));
        } else if contains(&std::fs::read(&path).unwrap(), needle) {
            found.push(path);
        }
    }
    found
}

/// The family's file, completed the way a family would: what the school knew, the required
/// fields, then whatever the server's answer still asks for; the guardian's address is ours.
fn submit(worker: &Worker, cookie: &str) {
    let (status, _, body) = worker.send("GET", "/api/dossier", &[("Cookie", cookie)], b"");
    assert_eq!(status, 200);
    let dossier = json(&body);
    let (uai, mef) = (dossier["uai"].as_str().unwrap(), dossier["mef"].as_str().unwrap());
    let site = dossiersco_generator::Site::load(&repo().join("content"), &repo().join("themes/default")).unwrap();
    let spec = site.form_spec(uai, mef).expect("a form for the pupil's level");
    let fields: Vec<_> = spec.sections.iter().flat_map(|s| &s.champs).collect();
    let mut values: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    values.insert("uai".into(), uai.into());
    values.insert("mef".into(), mef.into());
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
    }
    values.insert("resp1.email".into(), EMAIL.into());
    for _ in 0..4 {
        let pairs: Vec<(String, String)> = values.clone().into_iter().collect();
        let (status, _, body) = worker.form("/dossier", cookie, &pairs);
        if status == 303 {
            return;
        }
        assert_eq!(status, 422, "{}", String::from_utf8_lossy(&body));
        for error in json(&body)["erreurs"].as_array().unwrap() {
            let name = error["field"].as_str().unwrap();
            let field = fields.iter().find(|f| f.name == name);
            let bring = field
                .and_then(|f| f.fichier.as_ref())
                .and_then(|r| r.secretariat.clone());
            match (bring, field.and_then(|f| typical(f))) {
                (Some(box_name), _) => values.insert(box_name, "oui".into()),
                (None, Some(value)) => values.insert(name.to_string(), value),
                (None, None) => panic!("{name}: {error}"),
            };
        }
    }
    panic!("the submission is still refused");
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

#[test]
fn after_a_purge_nothing_of_the_family_is_left_in_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("var/dossiersco.sqlite");
    let wal = dir.path().join("var/dossiersco.sqlite-wal");
    let (spool, mail) = (dir.path().join("var/pieces"), dir.path().join("var/mail"));
    let codes = dir.path().join("codes.csv");
    for uai in [UAI, OTHER] {
        let mut args = vec!["import", "--uai", uai, "--db", db.to_str().unwrap()];
        if uai == UAI {
            args.extend(["--codes-out", codes.to_str().unwrap()]);
        } else {
            args.push("--sans-codes");
        }
        let exports: Vec<String> = ["nomenclature.xml", "eleves.xml", "responsables.xml"]
            .iter()
            .map(|f| format!("demo/siecle/{uai}/{f}"))
            .collect();
        args.extend(exports.iter().map(String::as_str));
        ok(&args);
    }
    let csv = std::fs::read_to_string(&codes).unwrap();
    let rows: Vec<Vec<&str>> = csv
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(';').collect())
        .collect();
    let col = |name: &str| rows[0].iter().position(|h| *h == name).unwrap();
    let family = &rows[1];
    let (nom, date, code) = (
        family[col("nom")],
        family[col("date_naissance")],
        *family.last().unwrap(),
    );
    // The pupil's name is this school's only: finding it later means it was not purged.
    let other_exports: Vec<u8> = ["eleves.xml", "responsables.xml"]
        .iter()
        .flat_map(|f| std::fs::read(repo().join(format!("demo/siecle/{OTHER}/{f}"))).unwrap())
        .collect();
    assert!(!contains(&other_exports, nom.as_bytes()), "{nom} is also in {OTHER}");

    // The family: login, a document, the submission (its email is written as .eml), a rating.
    let worker = Worker::start(&db);
    let login = format!("uai={UAI}&code={code}&date_naissance={date}");
    let (status, head, _) = worker.send(
        "POST",
        "/connexion",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        login.as_bytes(),
    );
    assert_eq!(status, 303, "{head}");
    let cookie = head
        .lines()
        .filter(|l| l.to_ascii_lowercase().starts_with("set-cookie:"))
        .filter_map(|l| l.split_once(':'))
        .map(|(_, v)| v.split(';').next().unwrap().trim().to_string())
        .find(|c| {
            c.split('=')
                .next()
                .is_some_and(|name| name.ends_with("dossiersco_session"))
        })
        .expect("a session cookie");
    let (status, _, body) = worker.send(
        "POST",
        "/api/pieces",
        &[
            ("Cookie", &cookie),
            ("X-Document", "attestation_assurance"),
            ("X-Nom-Fichier", "assurance.pdf"),
        ],
        PIECE,
    );
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
    submit(&worker, &cookie);
    let rating = [
        ("note".to_string(), "4".to_string()),
        ("commentaire".to_string(), COMMENT.to_string()),
    ];
    assert_eq!(worker.form("/satisfaction", &cookie, &rating).0, 303);
    // The sender writes `.<name>.eml.tmp` then renames it: wait for the `.eml` itself, or the
    // worker may be stopped between the two and leave only the temporary file.
    let emails_holding = |needle: &[u8]| -> Vec<PathBuf> {
        files_holding(&mail, needle)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect()
    };
    for _ in 0..200 {
        if !emails_holding(EMAIL.as_bytes()).is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    drop(worker);

    let in_database = |needle: &[u8]| {
        [&db, &wal]
            .iter()
            .any(|f| contains(&std::fs::read(f).unwrap_or_default(), needle))
    };
    let needles: [&[u8]; 3] = [nom.as_bytes(), EMAIL.as_bytes(), COMMENT.as_bytes()];
    for needle in needles {
        assert!(
            in_database(needle),
            "before: {} is in the database",
            String::from_utf8_lossy(needle)
        );
    }
    assert_eq!(
        files_holding(&spool, b"PIECE-A-EFFACER").len(),
        1,
        "the document is on disk"
    );
    assert_eq!(emails_holding(EMAIL.as_bytes()).len(), 1, "the confirmation as .eml");

    let out = ok(&[
        "purge",
        "--avant",
        "2027-06-01",
        "--uai",
        UAI,
        "--db",
        db.to_str().unwrap(),
        "--oui",
    ]);
    assert!(out.contains("1 pièce(s) jointe(s)"), "{out}");
    assert!(out.contains("1 courriel(s) .eml"), "{out}");
    assert!(out.contains("VACUUM"), "{out}");
    assert!(!out.contains("attention"), "{out}");

    for needle in needles {
        assert!(
            !in_database(needle),
            "after the purge, {} is still in the bytes of the database or its WAL",
            String::from_utf8_lossy(needle)
        );
    }
    assert_eq!(files_holding(&spool, b"PIECE-A-EFFACER"), Vec::<PathBuf>::new());
    assert_eq!(files_holding(&mail, EMAIL.as_bytes()), Vec::<PathBuf>::new());
    assert_eq!(files_holding(&mail, nom.as_bytes()), Vec::<PathBuf>::new());

    // The other school keeps its pupils.
    let export = dir.path().join("autre.csv");
    ok(&[
        "export",
        "--uai",
        OTHER,
        "--format",
        "csv",
        "--out",
        export.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    let lines = std::fs::read_to_string(&export).unwrap().lines().count();
    assert!(lines > 5, "{OTHER} still has its pupils: {lines} lines");
}
