//! Load benchmark of the worker, loopback only.
//!
//! `cargo bench -p dossiersco-worker --bench load [-- --clients 64 --seconds 5 --pupils 2000]`
//! `cargo bench -p dossiersco-worker --bench load -- --hostile [--families 20 --hostiles 200 --seconds 20 --pupils 2000]`
//!
//! Starts the worker as a child process (so its memory is its own) on 127.0.0.1:0 over a fresh
//! database in a temporary folder, logs every pupil's family in and shares the pupils among the
//! clients (each submits for its pupils in turn), then measures in turn:
//! acknowledged submissions (303 after commit) per second with p50/p99 latency, pre-fill
//! GETs per second, the worker's peak RSS, and the disk's raw rate of durable commits.
//!
//! Then, with `wrk` (the low-CPU client; Debian: `apt-get install wrk`), a plain hyper
//! hello-world (`baseline.rs`, its own child process) and the worker's pre-fill, same
//! threads, connections and duration, in the same run: the pre-fill's share of the
//! hello-world is the figure (`--wrk-threads 1 --wrk-connections 64`). Every phase reports
//! the worker's peak RSS over that phase (VmHWM, reset through /proc/PID/clear_refs).
//! `--postgres URL`: the same submissions and pre-fills on SQLite, then PostgreSQL with one
//! and with two worker processes, in one run (`postgres.rs`).
//!
//! `--hostile`: logged-in families submit, first alone, then while hostile clients without a
//! session hold connections open, send headers or 30 MB bodies slowly, or send 30 MB bodies
//! at full speed (`hostile.rs`); reports the families' p50/p99 in both phases and the
//! worker's peak RSS.
//!
//! `--capacity [--levels 64,128,192,256]`: one submissions phase per number of clients, and
//! the best rate whose p99 stays under 50 ms (`capacity.rs`).
//!
//! `--submissions-only`: the submissions phase alone, then the outbox's drain: the request path's
//! CPU and the mail sender's are reported apart (`drain.rs`); `--no-drain` stops after the phase.

mod baseline;
mod capacity;
mod client;
mod drain;
mod hostile;
mod memory;
mod postgres;
mod world;
mod wrk;

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

// The `dossiersco` binary's allocator and its settings, so the worker measured is the deployed one.
#[path = "../../../src/allocator.rs"]
mod allocator;

struct Options {
    clients: usize,
    seconds: u64,
    pupils: usize,
    wrk: wrk::WrkSettings,
    /// `--submissions-only`: no pre-fill or wrk phase; the outbox's drain measured instead.
    submissions_only: bool,
    /// `--no-drain` (with `--submissions-only`): stop after the phase, for quick A/B runs.
    no_drain: bool,
    /// `--wrk-submissions` (with `--submissions-only`): wrk posts the submissions instead of
    /// the bench's own client, which costs the shared cores more CPU per request.
    wrk_submissions: bool,
    /// `--multipart` (with `--submissions-only`): the posts as a browser without JavaScript
    /// sends them from a form that asks for documents (multipart), rather than urlencoded (the
    /// page's script, which sends the documents on their own).
    multipart: bool,
}

fn main() -> anyhow::Result<()> {
    allocator::configure();
    dossiersco_store::sqlite_global::configure();
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--serve-child") {
        return serve_child(&args[2]);
    }
    if args.get(1).map(String::as_str) == Some("--hello-child") {
        return baseline::serve_child();
    }
    if args.get(1).map(String::as_str) == Some("--serve-child-pg") {
        return postgres::serve_child(&args[2], &args[3]);
    }
    let value = |name: &str, default: u64| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    if args.iter().any(|a| a == "--hostile") {
        return run_hostile(
            value("--families", 20) as usize,
            value("--hostiles", 200) as usize,
            value("--pupils", 2000) as usize,
            Duration::from_secs(value("--seconds", 20)),
        );
    }
    if let Some(url) = args
        .iter()
        .position(|a| a == "--postgres")
        .and_then(|i| args.get(i + 1))
    {
        return postgres::run(
            url,
            value("--clients", 64) as usize,
            value("--seconds", 5),
            value("--pupils", 2000) as usize,
        );
    }
    let options = Options {
        clients: value("--clients", 64) as usize,
        seconds: value("--seconds", 5),
        pupils: value("--pupils", 2000) as usize,
        wrk: wrk::WrkSettings {
            threads: value("--wrk-threads", 1).max(1) as usize,
            connections: value("--wrk-connections", 64).max(1) as usize,
            duration: Duration::from_secs(value("--seconds", 5)),
        },
        submissions_only: args.iter().any(|a| a == "--submissions-only"),
        no_drain: args.iter().any(|a| a == "--no-drain"),
        wrk_submissions: args.iter().any(|a| a == "--wrk-submissions"),
        multipart: args.iter().any(|a| a == "--multipart"),
    };
    if args.iter().any(|a| a == "--capacity") {
        let levels: Vec<usize> = args
            .iter()
            .position(|a| a == "--levels")
            .and_then(|i| args.get(i + 1))
            .map_or("64,128,192,256", String::as_str)
            .split(',')
            .filter_map(|n| n.trim().parse().ok())
            .collect();
        return capacity::run(&options, &levels);
    }
    if options.submissions_only {
        return drain::run(options);
    }
    run(options)
}

/// One count in the benchmark's database (the worker may still be writing it).
fn count(db: &Path, sql: &str) -> anyhow::Result<i64> {
    let conn = rusqlite::Connection::open(db)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(conn.query_row(sql, [], |r| r.get(0))?)
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The worker, as `dossiersco serve` would run it (multi-threaded runtime, all cores).
fn serve_child(db: &str) -> anyhow::Result<()> {
    let mut config = dossiersco_worker::config::Config::new(db, repo().join("content"));
    config.bind = SocketAddr::from(([127, 0, 0, 1], 0));
    config.theme = repo().join("themes/default");
    config.mail_dir = Some(Path::new(db).with_file_name("courriels"));
    // Every demo campaign is open on that day.
    config.today = time::Date::from_calendar_date(2027, time::Month::April, 20).ok();
    // Each pupil's file is submitted several times a second over the run: the daily limits
    // would refuse most. Their counts are still taken in every submission's transaction.
    config.max_submissions_per_day = u32::MAX;
    config.max_confirmations_per_day = u32::MAX;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let server = dossiersco_worker::server::bind(config).await?;
        println!("PORT {}", server.local_addr().port());
        // Stops when the parent closes our stdin.
        let stdin_closed = async {
            let _ = tokio::task::spawn_blocking(|| std::io::stdin().read_to_end(&mut Vec::new())).await;
        };
        server.run(stdin_closed).await
    })
}

fn run(options: Options) -> anyhow::Result<()> {
    // /tmp is on the same disk as the repository here; the raw commit rate below says what it does.
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("dossiersco.sqlite");
    eprintln!("base : {} élèves dans {}", options.pupils, dir.path().display());
    let codes = world::create_database(&db, options.pupils.max(options.clients))?;

    let (mut child, addr) = start_child(&db)?;
    let pid = child.id();

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let duration = Duration::from_secs(options.seconds);
    let idle_rss_kb = memory::current_rss_kb(pid);
    let (cookies, (submissions, rss_submissions, cpu_submissions), (gets, rss_gets, cpu_gets)) =
        runtime.block_on(async {
            let cookies = login_all(addr, &codes).await?;
            // Each client submits for its share of the pupils in turn: a few submissions per pupil,
            // as in a real day, rather than thousands for the same one.
            let submit = shares(&cookies, options.clients, |c| submission(addr, c));
            memory::reset_peak(pid);
            let cpu = (cpu_seconds(pid), cpu_seconds(std::process::id()));
            let submissions = client::run_phase(addr, submit, 303, duration).await;
            let cpu_submissions = (cpu_seconds(pid) - cpu.0, cpu_seconds(std::process::id()) - cpu.1);
            let rss_submissions = memory::peak_rss_kb(pid);
            let prefill = cookies[..options.clients]
                .iter()
                .map(|f| vec![prefill(addr, &f.cookie)])
                .collect();
            memory::reset_peak(pid);
            let cpu = cpu_seconds(pid);
            let gets = client::run_phase(addr, prefill, 200, duration).await;
            let cpu_gets = cpu_seconds(pid) - cpu;
            let rss_gets = memory::peak_rss_kb(pid);
            anyhow::Ok((
                cookies,
                (submissions, rss_submissions, cpu_submissions),
                (gets, rss_gets, cpu_gets),
            ))
        })?;
    let wrk_phases = if wrk::available() {
        Some(wrk_phases(addr, pid, &cookies, dir.path(), options.wrk)?)
    } else {
        eprintln!("wrk absent : comparaison au hello-world sautée (Debian : apt-get install wrk)");
        None
    };
    let peak_rss_kb = memory::peak_rss_kb(pid).max(rss_submissions).max(rss_gets);
    drop(child.stdin.take());
    child.wait()?;
    let stored = count(&db, "SELECT COUNT(*) FROM soumissions")?;
    // The confirmation email is queued in the submission's own transaction.
    let emails = count(&db, "SELECT COUNT(*) FROM outbox")?;
    let raw = world::raw_commit_rate(&dir.path().join("brut.sqlite"), Duration::from_secs(2))?;

    println!(
        "dossiersco — banc de charge (boucle locale, {} clients keep-alive, {} s par mesure)",
        options.clients, options.seconds
    );
    print_submissions(&submissions, stored, emails);
    println!(
        "pré-remplissages (GET) : {:>8.0} /s   p50 {:>6.2} ms   p99 {:>6.2} ms   ({} erreurs)",
        gets.per_second(),
        gets.percentile_ms(0.50),
        gets.percentile_ms(0.99),
        gets.errors
    );
    let mo = |kb: u64| kb as f64 / 1024.0;
    // CPU per request: what the worker spends, whatever else the machine runs meanwhile.
    println!(
        "CPU du worker par requête : {:.0} µs par soumission, {:.0} µs par pré-remplissage",
        per_request_us(cpu_submissions.0, submissions.ok as u64),
        per_request_us(cpu_gets, gets.ok as u64)
    );
    // The client shares the cores: with the worker's, what one submission costs the machine.
    println!(
        "CPU du banc (client) par soumission : {:.0} µs ; charge moyenne (1 min) : {}",
        per_request_us(cpu_submissions.1, submissions.ok as u64),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .next()
            .unwrap_or("?")
    );
    println!(
        "mémoire du worker (pic RSS) : {:.1} Mo au repos, {:.1} Mo pendant les soumissions, \
         {:.1} Mo pendant les pré-remplissages",
        mo(idle_rss_kb),
        mo(rss_submissions),
        mo(rss_gets)
    );
    if let Some(phases) = &wrk_phases {
        phases.print(&options.wrk);
    }
    println!(
        "mémoire du worker (pic RSS sur tout le banc) : {:.1} Mo",
        mo(peak_rss_kb)
    );
    println!("validations SQLite durables, une par une (WAL, synchronous=FULL) : {raw:.0} /s");
    println!(
        "=> regroupement des validations : {:.1}× la limite d'une validation par soumission",
        submissions.per_second() / raw
    );
    Ok(())
}

/// The worker as a child process over `db`, and its address.
fn start_child(db: &Path) -> anyhow::Result<(std::process::Child, SocketAddr)> {
    start_process(&["--serve-child".as_ref(), db.as_os_str()])
}

/// This benchmark run as a child process with `args`; it prints `PORT n` once listening.
fn start_process(args: &[&std::ffi::OsStr]) -> anyhow::Result<(std::process::Child, SocketAddr)> {
    let mut child = Command::new(std::env::current_exe()?)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let mut lines = BufReader::new(child.stdout.take().expect("piped stdout")).lines();
    let port: u16 = lines
        .next()
        .transpose()?
        .and_then(|l| l.strip_prefix("PORT ").and_then(|p| p.parse().ok()))
        .ok_or_else(|| anyhow::anyhow!("le worker n'a pas démarré"))?;
    Ok((child, SocketAddr::from(([127, 0, 0, 1], port))))
}

/// Families submitting alone, then amid `hostiles` hostile connections.
fn run_hostile(families: usize, hostiles: usize, pupils: usize, duration: Duration) -> anyhow::Result<()> {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("dossiersco.sqlite");
    let codes = world::create_database(&db, pupils.max(families))?;
    let (mut child, addr) = start_child(&db)?;
    let pid = child.id();
    // Two threads: 200 hostile clients and 20 families must not queue behind one another
    // in the bench itself.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let counters = Arc::new(hostile::Counters::default());
    let (alone, peak_alone, amid, peak_amid, cpu) = runtime.block_on(async {
        let cookies = login_all(addr, &codes).await?;
        let submit = || shares(&cookies, families, |c| submission(addr, c));
        let cpu_start = (cpu_seconds(pid), cpu_seconds(std::process::id()));
        let alone = client::run_phase(addr, submit(), 303, duration).await;
        let peak_alone = memory::peak_rss_kb(pid);
        let cpu_alone = (cpu_seconds(pid), cpu_seconds(std::process::id()));
        let stop = Arc::new(AtomicBool::new(false));
        let tasks = hostile::spawn(addr, hostiles, stop.clone(), counters.clone());
        // Let the hostile connections settle in before measuring.
        tokio::time::sleep(Duration::from_secs(3)).await;
        let cpu_before = (cpu_seconds(pid), cpu_seconds(std::process::id()));
        let amid = client::run_phase(addr, submit(), 303, duration).await;
        let peak_amid = memory::peak_rss_kb(pid);
        let cpu_amid = (cpu_seconds(pid), cpu_seconds(std::process::id()));
        let cpu = [
            (cpu_alone.0 - cpu_start.0, cpu_alone.1 - cpu_start.1),
            (cpu_amid.0 - cpu_before.0, cpu_amid.1 - cpu_before.1),
        ];
        stop.store(true, Ordering::Relaxed);
        for task in tasks {
            let _ = tokio::time::timeout(Duration::from_secs(40), task).await;
        }
        anyhow::Ok((alone, peak_alone, amid, peak_amid, cpu))
    })?;
    drop(child.stdin.take());
    child.wait()?;
    let load = |o: &std::sync::atomic::AtomicU64| o.load(Ordering::Relaxed);
    let big_posts = load(&counters.big_posts);
    println!(
        "dossiersco — banc hostile (boucle locale, {families} familles connectées, {hostiles} connexions hostiles \
         sans session, {} s par mesure)",
        duration.as_secs()
    );
    for ((label, phase), (worker_cpu, bench_cpu)) in [("familles seules", &alone), ("familles + hostiles", &amid)]
        .into_iter()
        .zip(cpu)
    {
        println!(
            "{label:<20} : {:>7.0} soumissions/s   p50 {:>7.2} ms   p99 {:>7.2} ms   ({} acquittées, {} erreurs) \
             — CPU : worker {worker_cpu:.1} s, banc {bench_cpu:.1} s",
            phase.per_second(),
            phase.percentile_ms(0.50),
            phase.percentile_ms(0.99),
            phase.ok,
            phase.errors
        );
    }
    println!(
        "hostiles : {} connexions ouvertes, {} réponses reçues, {} envois de 30 Mo à pleine vitesse \
         (en moyenne {:.1} Mo pris avant la fermeture)",
        load(&counters.connections),
        load(&counters.answers),
        big_posts,
        load(&counters.big_bytes) as f64 / big_posts.max(1) as f64 / 1e6
    );
    println!(
        "mémoire du worker (pic RSS) : {:.1} Mo après les familles seules, {:.1} Mo après la phase hostile",
        peak_alone as f64 / 1024.0,
        peak_amid as f64 / 1024.0
    );
    Ok(())
}

/// A logged-in family: its session cookie (`name=value`) and the reference of its pupil that
/// the pages post (`eleve_ref`, read from the pre-fill as the page's script does).
#[derive(Clone)]
pub struct Family {
    pub cookie: String,
    pub eleve_ref: String,
}

async fn login_all(addr: SocketAddr, codes: &[String]) -> anyhow::Result<Vec<Family>> {
    let mut families = Vec::with_capacity(codes.len());
    let mut conn = client::Conn::open(addr).await?;
    for code in codes {
        let body = format!("uai={}&code={code}&date_naissance={}", world::UAI, world::BIRTH_DATE);
        let request = format!(
            "POST /connexion HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let answer = conn.exchange(request.as_bytes()).await?;
        let cookie = answer
            .set_cookie
            .filter(|_| answer.status == 303)
            .ok_or_else(|| anyhow::anyhow!("connexion refusée (statut {})", answer.status))?;
        let (answer, body) = conn.exchange_with_body(&prefill(addr, &cookie)).await?;
        let prefill: serde_json::Value = serde_json::from_slice(&body)
            .map_err(|e| anyhow::anyhow!("pré-remplissage illisible (statut {}) : {e}", answer.status))?;
        let eleve_ref = prefill["eleve"]["ref"]
            .as_str()
            .ok_or_else(|| anyhow::anyhow!("pré-remplissage sans référence de l'élève"))?
            .to_string();
        families.push(Family { cookie, eleve_ref });
    }
    Ok(families)
}

/// The requests of `clients` clients: client i takes pupils i, i + clients, i + 2 × clients…
fn shares(families: &[Family], clients: usize, request: impl Fn(&Family) -> Vec<u8>) -> Vec<Vec<Vec<u8>>> {
    (0..clients)
        .map(|i| families.iter().skip(i).step_by(clients).map(&request).collect())
        .collect()
}

/// A complete, valid file for a pupil going to 5e at Jean Moulin, urlencoded; the page adds
/// its pupil's reference ([`submission_body`]).
const SUBMISSION_FIELDS: &str =
    "uai=0699901M&mef=10110001110&eleve.nom=Martin&eleve.prenom=Lou&eleve.date_naissance=2015-03-14\
        &eleve.sexe=F&eleve.ville_naissance=Lyon&eleve.pays_naissance=France&eleve.nationalite=Fran%C3%A7aise\
        &resp1.lien=10&resp1.civilite=Mme&resp1.nom=Martin&resp1.prenom=Claire&resp1.adresse=4+rue+des+Lilas\
        &resp1.code_postal=69003&resp1.commune=Lyon&resp1.pays=France&resp1.tel_portable=06+12+34+56+78\
        &resp1.email=claire.martin%40example.fr&urgence.nom=Jeanne+Martin&urgence.lien=Grand-m%C3%A8re\
        &urgence.telephone=04+78+12+34+56&option.lv2=ESP&demi_pension=demi_pensionnaire&regime_sortie=libre\
        &consentement.photo_classe=oui&consentement.droit_image=non&signature.nom=Claire+Martin&signature.accord=oui";

/// What the form's page posts for `family`: the fields and the pupil it is for.
fn submission_body(family: &Family) -> String {
    format!("{SUBMISSION_FIELDS}&eleve_ref={}", family.eleve_ref)
}

/// `POST /dossier` of [`submission_body`] with the family's session cookie.
fn submission(addr: SocketAddr, family: &Family) -> Vec<u8> {
    let body = submission_body(family);
    format!(
        "POST /dossier HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nCookie: {}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        family.cookie,
        body.len()
    )
    .into_bytes()
}

/// The same post as a browser without JavaScript sends it from a form that asks for documents
/// (`enctype="multipart/form-data"`): one part per field, and the document's file input left
/// empty.
fn submission_multipart(addr: SocketAddr, family: &Family) -> Vec<u8> {
    const BOUNDARY: &str = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
    let mut body = String::new();
    let fields = dossiersco_worker::http::edge::parse_form(submission_body(family).as_bytes())
        .unwrap_or_else(|_| panic!("the bench's own form is well formed"));
    for (name, value) in fields {
        body.push_str(&format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"document.attestation_assurance\"; filename=\"\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n\r\n--{BOUNDARY}--\r\n"
    ));
    format!(
        "POST /dossier HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nCookie: {}\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {}\r\n\r\n{body}",
        family.cookie,
        body.len()
    )
    .into_bytes()
}

fn prefill(addr: SocketAddr, cookie: &str) -> Vec<u8> {
    format!("GET /api/dossier HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nAccept: application/json\r\n\r\n")
        .into_bytes()
}

/// CPU time (user + system) a process has used, in seconds.
/// The submissions phase's line: rate, latencies, and acknowledged against stored and queued.
fn print_submissions(submissions: &client::PhaseResult, stored: i64, emails: i64) {
    println!(
        "soumissions acquittées : {:>8.0} /s   p50 {:>6.2} ms   p99 {:>6.2} ms   ({} acquittées, {} en base, \
         {} courriels en file, {} erreurs)",
        submissions.per_second(),
        submissions.percentile_ms(0.50),
        submissions.percentile_ms(0.99),
        submissions.ok,
        stored,
        emails,
        submissions.errors
    );
}

fn cpu_seconds(pid: u32) -> f64 {
    drain::stat_cpu_seconds(Path::new(&format!("/proc/{pid}/stat")))
}

/// CPU seconds over `requests`, in microseconds each.
fn per_request_us(cpu: f64, requests: u64) -> f64 {
    cpu * 1e6 / requests.max(1) as f64
}

/// The wrk phases: the hello-world baseline, then the worker's pre-fill, with the CPU
/// their server used.
struct WrkPhases {
    hello: wrk::WrkResult,
    hello_rss_kb: u64,
    hello_cpu: f64,
    prefill: wrk::WrkResult,
    prefill_rss_kb: u64,
    prefill_cpu: f64,
}

fn wrk_phases(
    addr: SocketAddr,
    worker: u32,
    families: &[Family],
    dir: &Path,
    settings: wrk::WrkSettings,
) -> anyhow::Result<WrkPhases> {
    let (mut hello_child, hello_addr) = start_process(&["--hello-child".as_ref()])?;
    let cpu = cpu_seconds(hello_child.id());
    let hello = wrk::hello(hello_addr, settings);
    let hello_cpu = cpu_seconds(hello_child.id()) - cpu;
    let hello_rss_kb = memory::peak_rss_kb(hello_child.id());
    drop(hello_child.stdin.take());
    hello_child.wait()?;
    memory::reset_peak(worker);
    let cpu = cpu_seconds(worker);
    let prefill = wrk::prefill(addr, families, dir, settings)?;
    let prefill_cpu = cpu_seconds(worker) - cpu;
    Ok(WrkPhases {
        hello: hello?,
        hello_rss_kb,
        hello_cpu,
        prefill,
        prefill_rss_kb: memory::peak_rss_kb(worker),
        prefill_cpu,
    })
}

impl WrkPhases {
    fn print(&self, settings: &wrk::WrkSettings) {
        println!(
            "avec wrk ({} fil(s), {} connexions keep-alive, {} s par mesure) :",
            settings.threads,
            settings.connections,
            settings.duration.as_secs()
        );
        for (label, result, rss, cpu) in [
            ("hello-world hyper", &self.hello, self.hello_rss_kb, self.hello_cpu),
            (
                "pré-remplissages (GET)",
                &self.prefill,
                self.prefill_rss_kb,
                self.prefill_cpu,
            ),
        ] {
            println!(
                "  {label:<22} : {:>8.0} /s   p50 {:>6.2} ms   p99 {:>6.2} ms   ({} requêtes, {} erreurs)   \
                 pic RSS {:.1} Mo   CPU du serveur {:.1} µs par requête",
                result.per_second,
                result.p50_ms,
                result.p99_ms,
                result.requests,
                result.errors,
                rss as f64 / 1024.0,
                per_request_us(cpu, result.requests)
            );
        }
        println!(
            "=> le pré-remplissage atteint {:.0} % du hello-world (objectif : ≥ 50 %) ; \
             en CPU du serveur par requête, {:.0} %",
            100.0 * self.prefill.per_second / self.hello.per_second,
            100.0 * per_request_us(self.hello_cpu, self.hello.requests)
                / per_request_us(self.prefill_cpu, self.prefill.requests)
        );
    }
}
