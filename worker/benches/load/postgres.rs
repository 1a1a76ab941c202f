//! `--postgres URL`: the same load on PostgreSQL, with one then two worker processes on one
//! database, beside the embedded SQLite in the same run (same clients, same duration, same
//! machine), so the figures compare as ratios.
//!
//! `URL` names a server and a role that may create databases (tests/support/pg_cluster.sh
//! start DIR prints one); each phase gets a new database, filled like SQLite's (the same
//! pupils, copied by `migrate-db`'s code), dropped at the end. With two workers the bench's
//! clients are split between them, as a proxy would spread families.

use super::{client, login_all, prefill, shares, start_child, submission, world};
use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// One configuration's figures.
struct Figures {
    label: String,
    submissions: client::PhaseResult,
    gets: client::PhaseResult,
}

pub fn run(url: &str, clients: usize, seconds: u64, pupils: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let duration = Duration::from_secs(seconds);
    let sqlite = dir.path().join("dossiersco.sqlite");
    let codes = world::create_database(&sqlite, pupils.max(clients))?;
    eprintln!("base : {} élèves ; SQLite dans {}", codes.len(), dir.path().display());

    let mut figures = Vec::new();
    // SQLite first, the embedded default, from a copy so PostgreSQL starts from the same rows.
    let bench_copy = dir.path().join("sqlite-banc.sqlite");
    std::fs::copy(&sqlite, &bench_copy)?;
    let (child, addr) = start_child(&bench_copy)?;
    figures.push(measure(
        "SQLite, 1 worker",
        vec![child],
        &[addr],
        &codes,
        clients,
        duration,
    )?);

    for workers in [1, 2] {
        let db = Database::create(url, &sqlite)?;
        let mut children = Vec::new();
        let mut addrs = Vec::new();
        for _ in 0..workers {
            let mail = dir.path().join(format!("courriels-{}-{}", db.name, addrs.len()));
            let (child, addr) = start_pg_child(&db.url, &mail)?;
            children.push(child);
            addrs.push(addr);
        }
        let label = format!("PostgreSQL, {workers} worker{}", if workers > 1 { "s" } else { "" });
        figures.push(measure(&label, children, &addrs, &codes, clients, duration)?);
    }

    println!(
        "dossiersco — banc de charge SQLite / PostgreSQL (boucle locale, {clients} clients keep-alive, {seconds} s \
         par mesure, même machine, même exécution)"
    );
    let base = (figures[0].submissions.per_second(), figures[0].gets.per_second());
    println!(
        "| configuration | soumissions acquittées /s | p99 soumission | pré-remplissages GET /s | p99 GET | \
         soumissions vs SQLite | GET vs SQLite |"
    );
    println!("|---|---|---|---|---|---|---|");
    for f in &figures {
        println!(
            "| {} | {:.0} | {:.1} ms | {:.0} | {:.1} ms | {:.2}× | {:.2}× |",
            f.label,
            f.submissions.per_second(),
            f.submissions.percentile_ms(0.99),
            f.gets.per_second(),
            f.gets.percentile_ms(0.99),
            f.submissions.per_second() / base.0,
            f.gets.per_second() / base.1
        );
        if f.submissions.errors + f.gets.errors > 0 {
            println!(
                "  ({} : {} erreurs de soumission, {} erreurs de GET)",
                f.label, f.submissions.errors, f.gets.errors
            );
        }
    }
    Ok(())
}

/// Logs every family in (on the first worker: sessions are shared), then the two phases,
/// client i on worker i mod n; stops the workers.
fn measure(
    label: &str,
    mut children: Vec<Child>,
    addrs: &[SocketAddr],
    codes: &[String],
    clients: usize,
    duration: Duration,
) -> anyhow::Result<Figures> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let result = runtime.block_on(async {
        let cookies = login_all(addrs[0], codes).await?;
        let submissions = spread(addrs, clients, duration, 303, |addr, share| {
            shares(&cookies, clients, |c| submission(addr, c))[share].clone()
        })
        .await;
        let gets = spread(addrs, clients, duration, 200, |addr, share| {
            vec![prefill(addr, &cookies[share].cookie)]
        })
        .await;
        anyhow::Ok(Figures {
            label: label.to_string(),
            submissions,
            gets,
        })
    });
    for child in &mut children {
        drop(child.stdin.take());
        child.wait()?;
    }
    result
}

/// One phase with `clients` clients, client i sending to worker i mod n; the workers' results
/// merged as one.
async fn spread(
    addrs: &[SocketAddr],
    clients: usize,
    duration: Duration,
    expected: u16,
    requests: impl Fn(SocketAddr, usize) -> Vec<Vec<u8>>,
) -> client::PhaseResult {
    let phases = addrs.iter().enumerate().map(|(w, &addr)| {
        let mine: Vec<Vec<Vec<u8>>> = (0..clients)
            .filter(|i| i % addrs.len() == w)
            .map(|i| requests(addr, i))
            .collect();
        client::run_phase(addr, mine, expected, duration)
    });
    let results = futures_util::future::join_all(phases).await;
    let mut merged = client::PhaseResult {
        ok: 0,
        errors: 0,
        elapsed: Duration::ZERO,
        latencies: Vec::new(),
    };
    for r in results {
        merged.ok += r.ok;
        merged.errors += r.errors;
        merged.elapsed = merged.elapsed.max(r.elapsed);
        merged.latencies.extend(r.latencies);
    }
    merged.latencies.sort_unstable();
    merged
}

/// A worker child on the PostgreSQL database `url`, writing its emails to `mail`.
fn start_pg_child(url: &str, mail: &Path) -> anyhow::Result<(Child, SocketAddr)> {
    std::fs::create_dir_all(mail)?;
    let mut child = Command::new(std::env::current_exe()?)
        .arg("--serve-child-pg")
        .arg(url)
        .arg(mail)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let mut lines = BufReader::new(child.stdout.take().expect("piped stdout")).lines();
    let port: u16 = lines
        .next()
        .transpose()?
        .and_then(|l| l.strip_prefix("PORT ").and_then(|p| p.parse().ok()))
        .ok_or_else(|| anyhow::anyhow!("le worker PostgreSQL n'a pas démarré"))?;
    Ok((child, SocketAddr::from(([127, 0, 0, 1], port))))
}

/// `--serve-child-pg URL MAIL_DIR`: the worker on PostgreSQL, set as `--serve-child` sets it
/// on SQLite (all cores, campaigns open, no daily limits); stops when stdin closes.
pub fn serve_child(url: &str, mail: &str) -> anyhow::Result<()> {
    let repo = super::repo();
    let mut config = dossiersco_worker::config::Config::new(url, repo.join("content"));
    config.bind = SocketAddr::from(([127, 0, 0, 1], 0));
    config.theme = repo.join("themes/default");
    config.mail_dir = Some(Path::new(mail).to_path_buf());
    config.pieces_dir = Some(Path::new(mail).join("pieces"));
    config.today = time::Date::from_calendar_date(2027, time::Month::April, 20).ok();
    config.max_submissions_per_day = u32::MAX;
    config.max_confirmations_per_day = u32::MAX;
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

/// A database of this run on the server of `url`, holding the pupils of `sqlite`; dropped
/// at the end.
struct Database {
    admin: String,
    name: String,
    url: String,
}

impl Database {
    fn create(admin: &str, sqlite: &Path) -> anyhow::Result<Database> {
        let name = format!("banc_{}_{}", std::process::id(), rand::random::<u32>());
        let url = with_database(admin, &name);
        block_on(async {
            let (client, connection) = tokio_postgres::connect(admin, tokio_postgres::NoTls).await?;
            tokio::spawn(connection);
            client.batch_execute(&format!("CREATE DATABASE {name}")).await?;
            anyhow::Ok(())
        })?;
        dossiersco_store::migrate::copy_file(sqlite, &url)?;
        Ok(Database {
            admin: admin.to_string(),
            name,
            url,
        })
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        let (admin, name) = (self.admin.clone(), self.name.clone());
        let _ = block_on(async move {
            let (client, connection) = tokio_postgres::connect(&admin, tokio_postgres::NoTls).await?;
            tokio::spawn(connection);
            client
                .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await?;
            anyhow::Ok(())
        });
    }
}

fn block_on<T>(future: impl std::future::Future<Output = anyhow::Result<T>>) -> anyhow::Result<T> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(future)
}

/// `url` with its database name replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let slash = base.rfind('/').unwrap_or(base.len());
    let mut out = format!("{}/{name}", &base[..slash]);
    if let Some(q) = query {
        out = format!("{out}?{q}");
    }
    out
}
