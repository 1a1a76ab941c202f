//! `dossiersco migrate-db --from FILE --to URL`: a school that outgrows the embedded SQLite
//! moves to PostgreSQL. The copy itself (schema, tables, sequences, counts) is the store's.

use anyhow::{bail, Context};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Base SQLite à copier (arrêtez d'abord le worker qui l'utilise).
    #[arg(long)]
    from: PathBuf,
    /// Base PostgreSQL de destination, vide : postgres://utilisateur:mot-de-passe@hôte/base
    /// (?sslmode=require pour exiger TLS).
    #[arg(long)]
    to: String,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if !args.from.is_file() {
        bail!(
            "la base SQLite {} n'existe pas : indiquez le fichier du worker (DOSSIERSCO_DB, par défaut \
             var/dossiersco.sqlite)",
            args.from.display()
        );
    }
    if !(args.to.starts_with("postgres://") || args.to.starts_with("postgresql://")) {
        bail!(
            "--to « {} » n'est pas une adresse PostgreSQL : attendu postgres://utilisateur@hôte/base",
            dossiersco_store::postgres::redact(&args.to)
        );
    }
    let counts = dossiersco_store::migrate::copy_file(&args.from, &args.to).with_context(|| {
        format!(
            "copie de {} vers {}",
            args.from.display(),
            dossiersco_store::postgres::redact(&args.to)
        )
    })?;
    println!("{:<28} {:>10} {:>12}", "table", "SQLite", "PostgreSQL");
    for c in &counts {
        println!("{:<28} {:>10} {:>12}", c.table, c.source, c.target);
    }
    let rows: i64 = counts.iter().map(|c| c.target).sum();
    println!(
        "{rows} lignes copiées dans {} tables vers {}, en une transaction ; compteurs identiques des deux côtés, \
         séquences remises après les identifiants copiés.",
        counts.len(),
        dossiersco_store::postgres::redact(&args.to)
    );
    println!(
        "Démarrez maintenant les workers avec DOSSIERSCO_DB=<cette adresse> ; gardez {} comme sauvegarde.",
        args.from.display()
    );
    Ok(ExitCode::SUCCESS)
}
