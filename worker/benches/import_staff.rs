//! Import benchmark of the staff area, loopback only: a 1,000-pupil school's SIECLE exports
//! uploaded to `POST /personnel/import`, as a secretary does.
//!
//! `cargo bench -p dossiersco-worker --bench import_staff [-- --copies 72]`
//!
//! Builds the exports from the demo school 0699901M's (`demo/siecle/`): its 14 pupils, their
//! guardians and addresses copied `copies` times under new ids (72: 1,008 pupils). Starts the
//! worker as a child process (its memory is its own) over a fresh database with one staff
//! session, then uploads: the three XML files (first import), the same again (re-import:
//! nothing changes), and the pupils' file as the ZIP SIECLE gives. Reports each upload's
//! time (upload + parsing + transaction, answer received) and the worker's peak resident
//! memory (VmHWM) after each, from its idle RSS.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const UAI: &str = "0699901M";
const STAFF: &str = "direction.0699901M@example.fr";
const BOUNDARY: &str = "----banc-import";

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--serve-child") {
        return serve_child(&args[2]);
    }
    let copies = args
        .iter()
        .position(|a| a == "--copies")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(72);
    run(copies)
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn serve_child(db: &str) -> anyhow::Result<()> {
    let mut config = dossiersco_worker::config::Config::new(db, repo().join("content"));
    config.bind = SocketAddr::from(([127, 0, 0, 1], 0));
    config.theme = repo().join("themes/default");
    config.mail_dir = Some(Path::new(db).with_file_name("courriels"));
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let server = dossiersco_worker::server::bind(config).await?;
        println!("PORT {}", server.local_addr().port());
        let stdin_closed = async {
            let _ = tokio::task::spawn_blocking(|| std::io::stdin().read_to_end(&mut Vec::new())).await;
        };
        server.run(stdin_closed).await
    })
}

fn status_kb(pid: u32, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// The inner text of `<tag>…</tag>` in `xml`, with where it starts and ends.
fn inner(xml: &str, tag: &str) -> Option<(usize, usize)> {
    let open = format!("<{tag}>");
    let start = xml.find(&open)? + open.len();
    let end = start + xml[start..].find(&format!("</{tag}>"))?;
    Some((start, end))
}

/// Every value of `NAME="…"` in `xml`.
fn ids(xml: &str, name: &str) -> Vec<String> {
    let key = format!("{name}=\"");
    xml.match_indices(&key)
        .map(|(at, _)| {
            let rest = &xml[at + key.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

/// The demo export `file` with the content of each of `containers` copied `copies` times, its
/// ids (of `id_names`) suffixed with the copy's number. ISO-8859-15 in, ISO-8859-15 out
/// (worked on as Latin-1 characters: exact for the ids).
fn scaled(file: &str, containers: &[&str], copies: usize) -> Vec<u8> {
    let bytes = std::fs::read(repo().join("demo/siecle").join(UAI).join(file)).unwrap();
    let xml: String = bytes.iter().map(|&b| b as char).collect();
    let mut all_ids: Vec<String> = Vec::new();
    for name in ["ELEVE_ID", "PERSONNE_ID", "ADRESSE_ID"] {
        all_ids.extend(ids(&xml, name));
    }
    all_ids.sort();
    all_ids.dedup();
    let mut out = xml.clone();
    for tag in containers {
        let (start, end) = inner(&out, tag).unwrap_or_else(|| panic!("<{tag}> in {file}"));
        let one = out[start..end].to_string();
        let mut many = String::with_capacity(one.len() * copies);
        for k in 0..copies {
            let mut copy = one.clone();
            for id in &all_ids {
                copy = copy
                    .replace(&format!("\"{id}\""), &format!("\"{id}{k:03}\""))
                    .replace(&format!(">{id}<"), &format!(">{id}{k:03}<"));
            }
            many.push_str(&copy);
        }
        out.replace_range(start..end, &many);
    }
    out.chars().map(|c| c as u32 as u8).collect()
}

fn zip_of(name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    w.start_file(name, options).unwrap();
    w.write_all(bytes).unwrap();
    w.finish().unwrap().into_inner()
}

/// A staff session for the school's demo staff member, written as the login link's would be.
fn staff_session(db: &Path) -> anyhow::Result<String> {
    let conn = dossiersco_worker::store::open(db)?;
    let hasher = dossiersco_worker::auth::SecretHasher::load_or_create(&conn)?;
    // The shape of a real token: 64 hexadecimal digits.
    let token = "0123456789abcdef".repeat(4);
    let token = token.as_str();
    let now = time::OffsetDateTime::now_utc();
    conn.execute(
        "INSERT INTO personnel_sessions (token_hash, uai, courriel, cree_le, expire_le) VALUES (?1, ?2, ?3, ?4, ?5)",
        dossiersco_worker::store::params![
            hasher.hash("session_personnel", token),
            UAI,
            STAFF,
            dossiersco_worker::clock::timestamp(now),
            dossiersco_worker::clock::timestamp(now + time::Duration::days(1)),
        ],
    )?;
    Ok(format!(
        "__Host-dossiersco_personnel={token}; dossiersco_personnel={token}"
    ))
}

fn run(copies: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("dossiersco.sqlite");
    let cookie = staff_session(&db)?;
    let eleves = scaled("eleves.xml", &["ELEVES", "OPTIONS", "STRUCTURES"], copies);
    let responsables = scaled("responsables.xml", &["PERSONNES", "RESPONSABLES", "ADRESSES"], copies);
    let nomenclature = std::fs::read(repo().join("demo/siecle").join(UAI).join("nomenclature.xml"))?;
    let eleves_zip = zip_of("ElevesAvecAdresses.xml", &eleves);

    let mut child = Command::new(std::env::current_exe()?)
        .arg("--serve-child")
        .arg(&db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let mut lines = BufReader::new(child.stdout.take().expect("piped stdout")).lines();
    let port: u16 = lines
        .next()
        .transpose()?
        .and_then(|l| l.strip_prefix("PORT ").and_then(|p| p.parse().ok()))
        .ok_or_else(|| anyhow::anyhow!("le worker n'a pas démarré"))?;
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let pid = child.id();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    println!(
        "dossiersco — banc de l'import SIECLE par l'espace personnel (boucle locale, {} copies de l'établissement de démonstration)",
        copies
    );
    println!(
        "fichiers : élèves {:.1} Mo (ZIP {:.2} Mo), responsables {:.1} Mo, nomenclature {:.0} Ko",
        eleves.len() as f64 / 1e6,
        eleves_zip.len() as f64 / 1e6,
        responsables.len() as f64 / 1e6,
        nomenclature.len() as f64 / 1e3
    );
    println!(
        "mémoire du worker au repos (RSS) : {:.1} Mo",
        status_kb(pid, "VmRSS:") as f64 / 1024.0
    );
    let xml = [
        ("ElevesAvecAdresses.xml", &eleves),
        ("ResponsablesAvecAdresses.xml", &responsables),
        ("Nomenclature.xml", &nomenclature),
    ];
    let zipped = [
        ("ElevesAvecAdresses.zip", &eleves_zip),
        ("ResponsablesAvecAdresses.xml", &responsables),
        ("Nomenclature.xml", &nomenclature),
    ];
    let mut never_printed = 0;
    for (label, files) in [
        ("premier import (XML)", &xml),
        ("réimport (XML, rien ne change)", &xml),
        ("réimport, élèves en ZIP", &zipped),
    ] {
        let body = multipart(files);
        let started = Instant::now();
        let (status, text) = runtime.block_on(post(addr, &cookie, &body))?;
        let elapsed = started.elapsed().as_secs_f64();
        let report: serde_json::Value =
            serde_json::from_str(text.split("\r\n\r\n").nth(1).unwrap_or("{}")).unwrap_or_default();
        println!(
            "{label} : statut {status} en {elapsed:.2} s — importés {}, mis à jour {}, inchangés {}, refusés {} ; pic RSS du worker {:.1} Mo",
            report["importes"],
            report["mis_a_jour"],
            report["inchanges"],
            report["refuses"].as_array().map_or(0, Vec::len),
            status_kb(pid, "VmHWM:") as f64 / 1024.0
        );
        anyhow::ensure!(status == 200, "import refusé : {text}");
        never_printed += report["nouveaux_codes"].as_u64().unwrap_or(0);
    }
    // Then the letters of every new pupil, at once: a new code each, one A4 page each.
    let form = format!("portee=jamais&nombre={never_printed}");
    let started = Instant::now();
    let (status, text) = runtime.block_on(post_form(addr, &cookie, form.as_bytes()))?;
    let elapsed = started.elapsed().as_secs_f64();
    anyhow::ensure!(status == 200, "courriers refusés : {text}");
    println!(
        "courriers jamais imprimés : {} pages ({:.1} Mo de HTML) en {elapsed:.2} s ; pic RSS du worker {:.1} Mo",
        text.matches("<section class=\"lettre\"").count(),
        text.len() as f64 / 1e6,
        status_kb(pid, "VmHWM:") as f64 / 1024.0
    );
    drop(child.stdin.take());
    child.wait()?;
    Ok(())
}

fn multipart(files: &[(&str, &Vec<u8>)]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"fichiers\"; filename=\"{name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn post_form(addr: SocketAddr, cookie: &str, body: &[u8]) -> anyhow::Result<(u16, String)> {
    let head = format!(
        "POST /personnel/courriers HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nConnection: close\r\n\
         Cookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    exchange(addr, head, body).await
}

async fn post(addr: SocketAddr, cookie: &str, body: &[u8]) -> anyhow::Result<(u16, String)> {
    let head = format!(
        "POST /personnel/import HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nConnection: close\r\n\
         Cookie: {cookie}\r\nAccept: application/json\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    );
    exchange(addr, head, body).await
}

async fn exchange(addr: SocketAddr, head: String, body: &[u8]) -> anyhow::Result<(u16, String)> {
    let mut stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    stream.write_all(head.as_bytes()).await?;
    for chunk in body.chunks(64 * 1024) {
        // A refusal comes before the body is read: read it rather than fail on the write.
        if stream.write_all(chunk).await.is_err() {
            break;
        }
    }
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Ok((status, text))
}
