//! `dossiersco snapshot`: a consistent copy of the live database (backups, stats page).

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Base SQLite du worker.
    #[arg(long, env = "DOSSIERSCO_DB", default_value = "var/dossiersco.sqlite")]
    db: PathBuf,
    /// Fichier de la copie (remplacé d'un coup : jamais à moitié écrit).
    #[arg(long)]
    out: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let info = dossiersco_worker::store::snapshot::snapshot(&args.db, &args.out)?;
    println!(
        "copie de {} écrite dans {} : {:.1} Kio ({} pages) en {} ms",
        args.db.display(),
        args.out.display(),
        info.bytes as f64 / 1024.0,
        info.pages,
        info.duration.as_millis()
    );
    Ok(ExitCode::SUCCESS)
}
