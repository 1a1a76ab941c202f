//! `dossiersco snapshot`: a consistent copy of the live database (backups), or with
//! `--statistiques` only the counts the public statistics need (the input of
//! `dossiersco build --stats-db`: no personal data, no key).

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Base SQLite du worker (ou une copie complète).
    #[arg(long, env = "DOSSIERSCO_DB", default_value = "var/dossiersco.sqlite")]
    db: PathBuf,
    /// Fichier de la copie (remplacé d'un coup : jamais à moitié écrit).
    #[arg(long)]
    out: PathBuf,
    /// N'écrire que les comptes des statistiques publiques (aucun nom, aucun code, pas la clé) :
    /// le fichier à donner à « dossiersco build --stats-db ».
    #[arg(long)]
    statistiques: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    use dossiersco_store::snapshot;
    let url = args.db.to_str().filter(|db| dossiersco_store::postgres::is_url(db));
    if let (Some(url), false) = (url, args.statistiques) {
        return full_copy_of_postgres(url, &args.out);
    }
    let (info, what) = if args.statistiques {
        (
            snapshot::snapshot_statistiques(&args.db, &args.out)?,
            "statistiques (comptes seulement)",
        )
    } else {
        (snapshot::snapshot(&args.db, &args.out)?, "copie complète")
    };
    println!(
        "{what} de {} écrite dans {} : {:.1} Kio ({} pages) en {} ms",
        args.db.display(),
        args.out.display(),
        info.bytes as f64 / 1024.0,
        info.pages,
        info.duration.as_millis()
    );
    if !args.statistiques {
        println!(
            "Cette copie contient toutes les données des familles et la clé des codes : gardez-la comme une \
             sauvegarde. Pour la page /stats/, utilisez « dossiersco snapshot --statistiques »."
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// PostgreSQL's full copy: a SQLite file holding every table, read in one transaction.
fn full_copy_of_postgres(url: &str, out: &std::path::Path) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let counts = dossiersco_store::migrate::postgres_to_sqlite_file(url, out)?;
    let rows: i64 = counts.iter().map(|c| c.target).sum();
    let bytes = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    println!(
        "copie complète de {} écrite dans {} (fichier SQLite) : {rows} lignes de {} tables, {:.1} Kio en {} ms",
        dossiersco_store::postgres::redact(url),
        out.display(),
        counts.len(),
        bytes as f64 / 1024.0,
        started.elapsed().as_millis()
    );
    println!(
        "Cette copie contient toutes les données des familles et la clé des codes : gardez-la comme une \
         sauvegarde (elle se recharge avec « dossiersco migrate-db »). Pour la page /stats/, utilisez \
         « dossiersco snapshot --statistiques »."
    );
    Ok(ExitCode::SUCCESS)
}
