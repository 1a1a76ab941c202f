//! The public statistics at national scale: the counts of 7,000 schools over 45 days turned
//! into the published figures, complementary suppression included. Reports the time and how
//! many figures were published "< 5" and "secret".
//!
//! `cargo bench -p dossiersco-worker --bench stats [-- --schools 7000 --days 45]`

use dossiersco_worker::store::stats::{finish, testing};
use std::time::Instant;

fn arg(name: &str, default: i64) -> i64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let (schools, days) = (arg("--schools", 7000), arg("--days", 45));
    let (aggregats, campagnes) = testing::synthetic(schools as u64, days, time::OffsetDateTime::now_utc());
    for run in 1..=3 {
        let started = Instant::now();
        let stats = finish(&aggregats, &campagnes).expect("figures");
        let elapsed = started.elapsed();
        let json = serde_json::to_string(&stats).expect("JSON");
        println!(
            "run {run}: {schools} schools × {days} days → figures in {:.2} s; {} « < 5 », {} « secret »",
            elapsed.as_secs_f64(),
            json.matches("\"< 5\"").count(),
            json.matches("\"secret\"").count()
        );
    }
}
