//! `dossiersco purge`: RGPD retention. Deletes what families entered and everything about them
//! for the campaigns closed before a date, keeping only counts: the rows (with
//! `secure_delete`), then the documents and `.eml` files on disk, then the database is
//! rebuilt (VACUUM) and its WAL emptied, so no copy of a deleted row is left in the files.
//! Dry run unless `--oui`.

use anyhow::{anyhow, bail, Context};
use dossiersco_model::content::iso_date;
use dossiersco_store::retention;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Purger les campagnes closes avant ce jour (AAAA-MM-JJ), d'après campagne.cloture du contenu.
    #[arg(long)]
    avant: String,
    /// Seulement cet établissement.
    #[arg(long)]
    uai: Option<String>,
    /// Base SQLite du worker.
    #[arg(long, env = "DOSSIERSCO_DB", default_value = "var/dossiersco.sqlite")]
    db: PathBuf,
    /// Dossier du contenu (dates des campagnes).
    #[arg(long, env = "DOSSIERSCO_CONTENT", default_value = "content")]
    content: PathBuf,
    /// Dossier des courriels .eml écrits sans serveur SMTP (par défaut : mail/ à côté de la base).
    #[arg(long, env = "DOSSIERSCO_MAIL_DIR")]
    mail_dir: Option<PathBuf>,
    /// Dossier des pièces jointes, celui du worker (par défaut : pieces/ à côté de la base).
    #[arg(long, env = "DOSSIERSCO_PIECES_DIR")]
    pieces_dir: Option<PathBuf>,
    /// Supprimer vraiment ; sans ce drapeau, affiche seulement ce qui serait supprimé.
    #[arg(long)]
    oui: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let avant = iso_date::parse(&args.avant).ok_or_else(|| {
        anyhow!(
            "--avant « {} » invalide : attendu AAAA-MM-JJ (ex. 2027-09-01)",
            args.avant
        )
    })?;
    let content = dossiersco_generator::load_content(&args.content)
        .map_err(|errors| anyhow!("contenu invalide (lancez « dossiersco check ») :\n{errors}"))?;
    let uai = args.uai.as_deref().map(|u| u.trim().to_ascii_uppercase());
    if let Some(uai) = &uai {
        if content.school(uai).is_none() {
            bail!(
                "l'établissement {uai} n'est pas dans le contenu ({})",
                args.content.display()
            );
        }
    }
    let mut campagnes = Vec::new();
    for school in &content.schools {
        let etab = &school.etablissement;
        if uai.as_ref().is_some_and(|u| *u != etab.uai) {
            continue;
        }
        let cloture = etab.campagne.cloture;
        if cloture < avant {
            campagnes.push((etab.uai.clone(), cloture.to_string()));
        } else {
            println!(
                "{} : campagne close le {cloture}, pas avant le {avant} : rien à purger",
                etab.uai
            );
        }
    }
    if campagnes.is_empty() {
        println!("aucune campagne close avant le {avant}");
        return Ok(ExitCode::SUCCESS);
    }
    let mut conn = dossiersco_store::open(&args.db)?;
    let report = retention::purge(&mut conn, &campagnes, args.oui).context("purge des données")?;
    let verb = if args.oui { "supprimée(s)" } else { "à supprimer" };
    for school in &report {
        let a = &school.aggregates;
        println!(
            "{} (campagne close le {}) : {} élèves, {} soumissions, notes {:?}, {} courriels envoyés, {} refusés",
            school.uai, school.cloture, a.eleves, a.soumissions, a.notes, a.courriels_envoyes, a.courriels_refuses
        );
        for (table, n) in &school.deleted {
            println!("  {table} : {n} ligne(s) {verb}");
        }
    }
    for table in retention::unpurged_tables(&conn)? {
        eprintln!("attention : la table {table} n'est pas couverte par la purge ; signalez-le aux mainteneurs");
    }
    // The files beside the database: documents, and emails written as .eml without SMTP.
    let spool = match &args.pieces_dir {
        Some(dir) => dossiersco_worker::uploads::spool::Spool { dir: dir.clone() },
        None => dossiersco_worker::uploads::spool::Spool::for_db(&args.db),
    };
    let mail_dir = args
        .mail_dir
        .clone()
        .unwrap_or_else(|| dossiersco_worker::mail::default_mail_dir(&args.db));
    let removed = retention::disk::remove_files(&spool.dir, &mail_dir, &report, args.oui)
        .context("suppression des fichiers des familles")?;
    println!(
        "fichiers : {} pièce(s) jointe(s) dans {} et {} courriel(s) .eml dans {} {verb}",
        removed.pieces,
        spool.dir.display(),
        removed.courriels,
        mail_dir.display()
    );
    if args.oui {
        let compacted = retention::compact(&conn, &args.db).context("compactage de la base après la purge")?;
        println!(
            "base réécrite sans les lignes supprimées (VACUUM) : {:.1} Kio → {:.1} Kio",
            compacted.avant as f64 / 1024.0,
            compacted.apres as f64 / 1024.0
        );
        if !compacted.wal_vide {
            eprintln!(
                "attention : le journal WAL n'a pas pu être vidé (le worker lisait la base) ; il peut encore \
                 contenir des lignes supprimées. Relancez la même commande une fois le worker arrêté."
            );
        }
        println!("purge faite ; statistiques agrégées conservées dans statistiques_archivees");
    } else {
        println!("simulation : rien n'a été supprimé. Relancez avec --oui pour supprimer.");
    }
    Ok(ExitCode::SUCCESS)
}
