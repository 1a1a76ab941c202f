//! `--capacity`: the submissions a second the worker sustains with its p99 under 50 ms, and at
//! how many clients. One submissions phase per number of keep-alive clients (`--levels
//! 64,128,192,256`), each on a fresh worker and database, each client posting for its share
//! of the pupils in turn. More clients means more posts waiting for each commit: larger
//! groups, fewer fsyncs and fewer WAL pages per submission, and longer waits. The figure is the best rate whose p99 stays
//! under the bound; every level is printed.

use std::time::Duration;

/// The latency bound of the figure (issue #17).
const P99_BOUND_MS: f64 = 50.0;

/// One level's phase.
struct Level {
    clients: usize,
    phase: super::client::PhaseResult,
    /// Worker's CPU per acknowledged submission, µs.
    worker_us: f64,
    /// The bench's own CPU per acknowledged submission, µs.
    bench_us: f64,
}

pub fn run(options: &super::Options, levels: &[usize]) -> anyhow::Result<()> {
    let mut measured = Vec::new();
    let (mut acknowledged, mut stored, mut emails) = (0, 0, 0);
    for &clients in levels {
        let (level, counts) = one_level(options, clients)?;
        acknowledged += level.phase.ok as i64;
        stored += counts.0;
        emails += counts.1;
        measured.push(level);
    }
    println!(
        "dossiersco — capacité des soumissions (boucle locale, {} s par niveau, p99 < {P99_BOUND_MS} ms)",
        options.seconds
    );
    for level in &measured {
        println!(
            "{:>4} clients : {:>8.0} /s   p50 {:>6.2} ms   p99 {:>6.2} ms   worker {:.0} µs, banc {:.0} µs par soumission   ({} erreurs)",
            level.clients,
            level.phase.per_second(),
            level.phase.percentile_ms(0.50),
            level.phase.percentile_ms(0.99),
            level.worker_us,
            level.bench_us,
            level.phase.errors
        );
    }
    let every_one_kept = stored == acknowledged && emails == acknowledged;
    println!(
        "{acknowledged} acquittées en tout, {stored} en base, {emails} courriels en file{}",
        if every_one_kept { "" } else { " — ÉCART" }
    );
    let best = measured
        .iter()
        .filter(|l| l.phase.errors == 0 && l.phase.percentile_ms(0.99) < P99_BOUND_MS)
        .max_by(|a, b| a.phase.per_second().total_cmp(&b.phase.per_second()));
    match best {
        Some(level) => println!(
            "=> capacité : {:.0} soumissions acquittées /s avec un p99 de {:.1} ms ({} clients)",
            level.phase.per_second(),
            level.phase.percentile_ms(0.99),
            level.clients
        ),
        None => println!("=> aucun niveau sous p99 < {P99_BOUND_MS} ms"),
    }
    if !every_one_kept {
        anyhow::bail!("soumissions acquittées et soumissions en base diffèrent");
    }
    Ok(())
}

/// One level on a fresh worker and database (a level's figure does not depend on the rows
/// the levels before it left): its phase, and the submissions and emails then in the database.
fn one_level(options: &super::Options, clients: usize) -> anyhow::Result<(Level, (i64, i64))> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("dossiersco.sqlite");
    let codes = super::world::create_database(&db, options.pupils.max(clients))?;
    let (mut child, addr) = super::start_child(&db)?;
    let pid = child.id();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let duration = Duration::from_secs(options.seconds);
    let level = runtime.block_on(async {
        let families = super::login_all(addr, &codes).await?;
        let submit = super::shares(&families, clients, |f| super::submission(addr, f));
        let before = (super::cpu_seconds(pid), super::cpu_seconds(std::process::id()));
        let phase = super::client::run_phase(addr, submit, 303, duration).await;
        let us = |cpu: f64| super::per_request_us(cpu, phase.ok as u64);
        anyhow::Ok(Level {
            clients,
            worker_us: us(super::cpu_seconds(pid) - before.0),
            bench_us: us(super::cpu_seconds(std::process::id()) - before.1),
            phase,
        })
    })?;
    drop(child.stdin.take());
    child.wait()?;
    let stored = super::count(&db, "SELECT COUNT(*) FROM soumissions")?;
    let emails = super::count(&db, "SELECT COUNT(*) FROM outbox")?;
    Ok((level, (stored, emails)))
}
