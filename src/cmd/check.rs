//! `dossiersco check`: every content error at once, each as `file:line:column: message`.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Dossier du contenu (site.yml, pages/, etablissements/).
    #[arg(long, default_value = "content")]
    content: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match dossiersco_generator::load_content(&args.content) {
        Ok(content) => {
            let forms: usize = content.schools.iter().map(|s| s.etablissement.niveaux.len()).sum();
            println!(
                "Contenu valide : {} établissement(s), {forms} formulaire(s), {} page(s).",
                content.schools.len(),
                content.pages.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => {
            eprintln!("{errors}");
            Ok(ExitCode::FAILURE)
        }
    }
}
