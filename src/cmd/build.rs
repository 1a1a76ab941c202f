//! `dossiersco build`: content/ + theme → public/, every content error at once on failure;
//! with `--stats-db`, /stats/ from the statistics file of `dossiersco snapshot --statistiques`
//! (counts only; a full copy of the database is still read, with a warning).

use dossiersco_generator::{load_content, BuildOptions, Site};
use dossiersco_store::stats::{self, Campagne, Source};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// Dossier du contenu (site.yml, pages/, etablissements/).
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// Dossier du thème (templates/, static/).
    #[arg(long, default_value = "themes/default")]
    theme: PathBuf,
    /// Dossier de sortie, remplacé en entier à la fin d'une construction réussie.
    #[arg(long, default_value = "public")]
    out: PathBuf,
    /// Fichier des statistiques (dossiersco snapshot --statistiques) d'où tirer la page /stats/.
    #[arg(long)]
    stats_db: Option<PathBuf>,
    /// Tout reconstruire, sans reprendre les pages des établissements inchangés.
    #[arg(long)]
    full: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let start = Instant::now();
    let content = match load_content(&args.content) {
        Ok(content) => content,
        Err(errors) => {
            eprintln!("{errors}");
            eprintln!("Rien n'a été écrit : {} est inchangé.", args.out.display());
            return Ok(ExitCode::FAILURE);
        }
    };
    // The figures first: a snapshot we cannot read stops the build before anything is written.
    let stats = match &args.stats_db {
        None => None,
        Some(db) => {
            let campagnes: Vec<Campagne> = content
                .schools
                .iter()
                .map(|s| Campagne {
                    uai: s.etablissement.uai.clone(),
                    ouverture: s.etablissement.campagne.ouverture,
                    cloture: s.etablissement.campagne.cloture,
                })
                .collect();
            match stats::read_snapshot(db, &campagnes) {
                Ok((stats, source)) => {
                    if source == Source::BaseComplete {
                        eprintln!(
                            "attention : --stats-db {} est une copie complète de la base (toutes les données des \
                             familles et la clé des codes). Donnez plutôt à la construction le fichier de \
                             « dossiersco snapshot --statistiques », qui ne contient que des comptes.",
                            db.display()
                        );
                    }
                    Some(stats)
                }
                Err(err) => {
                    eprintln!("--stats-db : {err:#}");
                    eprintln!("Rien n'a été écrit : {} est inchangé.", args.out.display());
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
    };
    let with_stats = stats.as_ref().map(|s| s.etablissements.len());
    let site = Site::new(content, &args.theme)?;
    let options = BuildOptions {
        incremental: !args.full,
        stats,
        ..BuildOptions::new(&args.out)
    };
    let report = site.build(&options)?;
    println!(
        "{} pages rendues ({} établissement(s) rendu(s), {} repris tels quels) dans {} en {:.2} s.",
        report.pages_rendered,
        report.schools_rendered,
        report.schools_reused,
        args.out.display(),
        start.elapsed().as_secs_f64()
    );
    if let Some(schools) = with_stats {
        println!("/stats/ : chiffres de {schools} établissement(s), publiés aussi en stats.json et stats.csv.");
    }
    Ok(ExitCode::SUCCESS)
}
