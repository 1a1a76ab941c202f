//! `--submissions-only`: the submissions phase alone, then the outbox's drain, so the request
//! path's CPU and the mail sender's are reported apart (issue #17, third pass).

use std::path::Path;
use std::time::{Duration, Instant};

/// CPU seconds (user + system) of the threads of process `pid` whose name starts with
/// `prefix` (`/proc/PID/task/*/comm`), those alive now.
pub fn threads_cpu_seconds(pid: u32, prefix: &str) -> f64 {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return 0.0;
    };
    tasks
        .filter_map(Result::ok)
        .filter(|task| {
            std::fs::read_to_string(task.path().join("comm")).is_ok_and(|name| name.trim_end().starts_with(prefix))
        })
        .map(|task| stat_cpu_seconds(&task.path().join("stat")))
        .sum()
}

/// utime + stime of a `/proc/…/stat` file, in seconds.
pub fn stat_cpu_seconds(stat: &Path) -> f64 {
    stat_seconds(stat, 11)
}

/// Two clock-tick fields of a `/proc/…/stat` file, the `first`-th after the command name and
/// the next one, added, in seconds: 11 utime + stime, 13 cutime + cstime (the children that
/// ended and were waited for).
fn stat_seconds(stat: &Path, first: usize) -> f64 {
    let stat = std::fs::read_to_string(stat).unwrap_or_default();
    // The command name is in parentheses and may hold spaces; ticks are 1/100 s on Linux.
    let after = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(first) + ticks(first + 1)) / 100.0
}

/// Emails still waiting in the outbox of `db`.
fn waiting(db: &Path) -> anyhow::Result<i64> {
    super::count(db, "SELECT count(*) FROM outbox WHERE etat = 'a_envoyer'")
}

/// What the sender did after the submissions stopped.
pub struct Drain {
    /// Emails waiting when the phase ended.
    pub waiting_at_end: i64,
    /// Seconds until none was left (or the wait gave up).
    pub seconds: f64,
    /// The worker's CPU meanwhile (nothing else runs in it then).
    pub cpu: f64,
}

/// Waits (at most `limit`) until the outbox of `db` has nothing left to send, measuring the
/// worker's CPU meanwhile.
pub fn wait_empty(db: &Path, worker: u32, limit: Duration) -> anyhow::Result<Drain> {
    let start = Instant::now();
    let cpu = super::cpu_seconds(worker);
    let waiting_at_end = waiting(db)?;
    while waiting(db)? > 0 && start.elapsed() < limit {
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(Drain {
        waiting_at_end,
        seconds: start.elapsed().as_secs_f64(),
        cpu: super::cpu_seconds(worker) - cpu,
    })
}

/// Name prefix of the worker's threads that render emails at send time.
const RENDER_THREADS: &str = "courriels";

/// The submissions phase, then the drain of the outbox.
pub fn run(options: super::Options) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("dossiersco.sqlite");
    let codes = super::world::create_database(&db, options.pupils.max(options.clients))?;
    let (mut child, addr) = super::start_child(&db)?;
    let pid = child.id();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let duration = Duration::from_secs(options.seconds);
    if options.wrk_submissions {
        let cookies = runtime.block_on(super::login_all(addr, &codes))?;
        return run_with_wrk(&options, dir.path(), child, addr, &cookies);
    }
    let (submissions, cpu, render_cpu) = runtime.block_on(async {
        let cookies = super::login_all(addr, &codes).await?;
        let post = if options.multipart {
            super::submission_multipart
        } else {
            super::submission
        };
        let submit = super::shares(&cookies, options.clients, |f| post(addr, f));
        let before = (
            super::cpu_seconds(pid),
            super::cpu_seconds(std::process::id()),
            threads_cpu_seconds(pid, RENDER_THREADS),
        );
        let submissions = super::client::run_phase(addr, submit, 303, duration).await;
        let cpu = (
            super::cpu_seconds(pid) - before.0,
            super::cpu_seconds(std::process::id()) - before.1,
        );
        let render_cpu = threads_cpu_seconds(pid, RENDER_THREADS) - before.2;
        anyhow::Ok((submissions, cpu, render_cpu))
    })?;
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let limit = if options.no_drain {
        Duration::ZERO
    } else {
        Duration::from_secs(300)
    };
    let drain = wait_empty(&db, pid, limit)?;
    let render_total = threads_cpu_seconds(pid, RENDER_THREADS);
    drop(child.stdin.take());
    child.wait()?;
    let count = |sql: &str| super::count(&db, sql);
    let stored = count("SELECT COUNT(*) FROM soumissions")?;
    let emails = count("SELECT COUNT(*) FROM outbox")?;
    let sent = count("SELECT COUNT(*) FROM outbox WHERE etat = 'envoye'")?;
    let us = super::per_request_us;
    super::print_submissions(&submissions, stored, emails);
    println!(
        "CPU pendant la phase : worker {:.0} µs par soumission (dont fils « {RENDER_THREADS}* » {:.0} µs), \
         banc {:.0} µs ; charge moyenne (1 min) : {}",
        us(cpu.0, submissions.ok as u64),
        us(render_cpu, submissions.ok as u64),
        us(cpu.1, submissions.ok as u64),
        load.split_whitespace().next().unwrap_or("?")
    );
    if options.no_drain {
        return Ok(());
    }
    println!(
        "courriels : {} en attente à la fin de la phase, envoyés en {:.1} s, {:.0} µs de CPU du worker par \
         courriel envoyé après la phase ; fils « {RENDER_THREADS}* » en tout : {:.0} µs par courriel ({} envoyés)",
        drain.waiting_at_end,
        drain.seconds,
        us(drain.cpu, drain.waiting_at_end.max(0) as u64),
        us(render_total, sent.max(0) as u64),
        sent
    );
    Ok(())
}

/// `--wrk-submissions`: the same phase, posted by wrk (a client in C that costs the shared
/// cores less CPU per request than the bench's own). Posts still in flight when wrk stops
/// are stored without wrk counting their answer: the database may hold up to one more per
/// connection than wrk acknowledged, never fewer.
fn run_with_wrk(
    options: &super::Options,
    dir: &Path,
    mut child: std::process::Child,
    addr: std::net::SocketAddr,
    families: &[super::Family],
) -> anyhow::Result<()> {
    let db = dir.join("dossiersco.sqlite");
    let pid = child.id();
    let before = (super::cpu_seconds(pid), children_cpu_seconds());
    let result = super::wrk::submissions(addr, families, dir, options.wrk)?;
    let cpu = (super::cpu_seconds(pid) - before.0, children_cpu_seconds() - before.1);
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    // The last answers, which wrk no longer waits for.
    std::thread::sleep(Duration::from_millis(500));
    drop(child.stdin.take());
    child.wait()?;
    let stored = super::count(&db, "SELECT COUNT(*) FROM soumissions")?;
    let emails = super::count(&db, "SELECT COUNT(*) FROM outbox")?;
    let acknowledged = result.requests.saturating_sub(result.errors);
    let in_flight = stored - acknowledged as i64;
    let us = super::per_request_us;
    println!(
        "soumissions acquittées (wrk, {} fil(s), {} connexions) : {:>8.0} /s   p50 {:>6.2} ms   p99 {:>6.2} ms   \
         ({acknowledged} acquittées, {stored} en base, {emails} courriels en file, {} erreurs ; {in_flight} en vol \
         à l'arrêt de wrk{})",
        options.wrk.threads,
        options.wrk.connections,
        result.per_second * acknowledged as f64 / result.requests.max(1) as f64,
        result.p50_ms,
        result.p99_ms,
        result.errors,
        if (0..=options.wrk.connections as i64).contains(&in_flight) && stored == emails {
            ""
        } else {
            " : ÉCART"
        }
    );
    println!(
        "CPU pendant la phase : worker {:.0} µs par soumission, wrk {:.0} µs ; charge moyenne (1 min) : {}",
        us(cpu.0, acknowledged),
        us(cpu.1, acknowledged),
        load.split_whitespace().next().unwrap_or("?")
    );
    Ok(())
}

/// CPU seconds of this process's children that ended and were waited for (wrk).
fn children_cpu_seconds() -> f64 {
    stat_seconds(Path::new("/proc/self/stat"), 13)
}
