//! Upload benchmark of the worker, loopback only: memory while many families send big files.
//!
//! `cargo bench -p dossiersco-worker --bench uploads [-- --clients 20 --mo 10]`
//!
//! Starts the worker as a child process (its memory is its own) over a fresh database, logs
//! `clients` families in, then has them all send a `mo`-megabyte PDF at once, first each
//! file alone (`POST /api/pieces`, the JavaScript path), then with the form
//! (`POST /dossier` multipart, the path without JavaScript). Reports the worker's resident
//! memory before, its peak (VmHWM) after each round, the volume and the time taken.

#[allow(dead_code)]
#[path = "load/world.rs"]
mod world;

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--serve-child") {
        return serve_child(&args[2]);
    }
    let value = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    run(value("--clients", 20), value("--mo", 10))
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn serve_child(db: &str) -> anyhow::Result<()> {
    let mut config = dossiersco_worker::config::Config::new(db, repo().join("content"));
    config.bind = SocketAddr::from(([127, 0, 0, 1], 0));
    config.theme = repo().join("themes/default");
    config.mail_dir = Some(Path::new(db).with_file_name("courriels"));
    config.today = time::Date::from_calendar_date(2027, time::Month::April, 20).ok();
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

fn run(clients: usize, mo: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("dossiersco.sqlite");
    let codes = world::create_database(&db, clients)?;
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
    let size = mo * 1_000_000;
    let mut file = b"%PDF-1.4\n".to_vec();
    file.resize(size, b'x');
    let file = std::sync::Arc::new(file);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let mut cookies = Vec::new();
        for code in &codes {
            cookies.push(login(addr, code).await?);
        }
        let idle = status_kb(pid, "VmRSS:");
        println!("dossiersco — banc des pièces jointes (boucle locale, {clients} clients, fichiers de {mo} Mo)");
        println!("mémoire du worker au repos (RSS) : {:.1} Mo", idle as f64 / 1024.0);
        for (label, multipart) in [("un fichier par requête (POST /api/pieces)", false), ("avec le formulaire (POST /dossier multipart)", true)] {
            let started = Instant::now();
            let tasks: Vec<_> = cookies
                .iter()
                .map(|cookie| {
                    let (cookie, file) = (cookie.clone(), file.clone());
                    tokio::spawn(async move { upload(addr, &cookie, &file, multipart).await })
                })
                .collect();
            let mut statuses = Vec::new();
            for task in tasks {
                statuses.push(task.await??);
            }
            let elapsed = started.elapsed().as_secs_f64();
            let ok = statuses.iter().filter(|s| **s == 201 || **s == 422).count();
            println!(
                "{label} : {ok}/{clients} reçus en {elapsed:.2} s ({:.0} Mo/s), pic RSS du worker {:.1} Mo (statuts {:?})",
                (clients * mo) as f64 / elapsed,
                status_kb(pid, "VmHWM:") as f64 / 1024.0,
                {
                    let mut s = statuses.clone();
                    s.dedup();
                    s
                }
            );
        }
        anyhow::Ok(())
    })?;
    let stored: i64 = rusqlite::Connection::open(&db)?.query_row("SELECT COUNT(*) FROM pieces", [], |r| r.get(0))?;
    let on_disk = std::fs::read_dir(dir.path().join("pieces"))?.count();
    println!(
        "pièces en base : {stored}, fichiers dans le dossier des pièces : {on_disk}, volume envoyé : {} Mo",
        2 * clients * mo
    );
    drop(child.stdin.take());
    child.wait()?;
    Ok(())
}

async fn exchange(addr: SocketAddr, head: String, body: &[u8]) -> anyhow::Result<(u16, String)> {
    let mut stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    stream.write_all(head.as_bytes()).await?;
    for chunk in body.chunks(64 * 1024) {
        stream.write_all(chunk).await?;
    }
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Ok((status, text))
}

async fn login(addr: SocketAddr, code: &str) -> anyhow::Result<String> {
    let body = format!("uai={}&code={code}&date_naissance={}", world::UAI, world::BIRTH_DATE);
    let head = format!(
        "POST /connexion HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let (status, text) = exchange(addr, head, body.as_bytes()).await?;
    text.lines()
        .find_map(|l| {
            l.strip_prefix("set-cookie: ")
                .or_else(|| l.strip_prefix("Set-Cookie: "))
        })
        .and_then(|v| v.split(';').next())
        .map(str::to_string)
        .filter(|_| status == 303)
        .ok_or_else(|| anyhow::anyhow!("connexion refusée ({status})"))
}

async fn upload(addr: SocketAddr, cookie: &str, file: &[u8], multipart: bool) -> anyhow::Result<u16> {
    if !multipart {
        let head = format!(
            "POST /api/pieces HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nConnection: close\r\n\
             Cookie: {cookie}\r\nAccept: application/json\r\nX-Document: attestation_assurance\r\n\
             X-Nom-Fichier: assurance.pdf\r\nContent-Length: {}\r\n\r\n",
            file.len()
        );
        return Ok(exchange(addr, head, file).await?.0);
    }
    let boundary = "----banc7MA4YWxkTrZu0gW";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"uai\"\r\n\r\n{}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"document.attestation_assurance\"; \
         filename=\"scan.pdf\"\r\nContent-Type: application/pdf\r\n\r\n",
        world::UAI
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let head = format!(
        "POST /dossier HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nConnection: close\r\nCookie: {cookie}\r\n\
         Accept: application/json\r\nContent-Type: multipart/form-data; boundary={boundary}\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    );
    Ok(exchange(addr, head, &body).await?.0)
}
