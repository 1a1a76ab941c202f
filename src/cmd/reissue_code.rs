//! `dossiersco reissue-code`: a new access code for a lost one; the old one stops working.

use anyhow::anyhow;
use dossiersco_worker::personnel::courrier::{load_site, Courriers};
use dossiersco_worker::personnel::reissue::reissue_code;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
#[command(after_help = "\
Le nouveau code est affiché une seule fois (et écrit dans le courrier avec --letters-out) : il \
n'est conservé nulle part en clair. L'ancien code cesse aussitôt de fonctionner et les sessions \
ouvertes avec lui sont fermées ; ce que la famille a déjà saisi est gardé.")]
pub struct Args {
    /// UAI de l'établissement.
    #[arg(long)]
    uai: String,
    /// INE de l'élève (identifiant national, 11 caractères).
    #[arg(long)]
    ine: String,
    /// Écrit aussi le courrier à imprimer (HTML), dans un fichier qui ne doit pas exister.
    #[arg(long, value_name = "FICHIER.html")]
    letters_out: Option<PathBuf>,
    /// Base SQLite.
    #[arg(long, env = "DOSSIERSCO_DB", default_value = "var/dossiersco.sqlite")]
    db: PathBuf,
    /// Dossier du contenu.
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// Thème (gabarit du courrier : templates/courrier.html).
    #[arg(long, default_value = "themes/default")]
    theme: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let uai = args.uai.trim().to_ascii_uppercase();
    let etab = dossiersco_worker::import::load_etablissement(&args.content, &uai).map_err(|e| anyhow!("{e}"))?;
    let courriers = match &args.letters_out {
        Some(_) => Some(Courriers::load(&args.theme, load_site(&args.content)?, etab)?),
        None => None,
    };
    if !args.db.is_file() {
        anyhow::bail!("base introuvable : {} (option --db)", args.db.display());
    }
    let mut conn = dossiersco_store::open(&args.db)?;
    let letter = courriers.as_ref().zip(args.letters_out.as_deref());
    match reissue_code(&mut conn, &uai, &args.ine, letter) {
        Ok(done) => {
            let l = &done.lettre;
            println!(
                "Nouveau code d'accès de {} {}{} : {}",
                l.prenom,
                l.nom,
                l.division.as_deref().map(|d| format!(" ({d})")).unwrap_or_default(),
                l.code
            );
            println!(
                "L'ancien code ne fonctionne plus ; sessions fermées : {}.",
                done.sessions_fermees
            );
            if let Some(path) = &args.letters_out {
                println!("Courrier à imprimer : {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            eprintln!("erreur : {err:#} — rien n'a été changé.");
            Ok(ExitCode::from(1))
        }
    }
}
