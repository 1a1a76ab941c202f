//! `dossiersco check`: every content error at once, each as `file:line:column: message`; then
//! the theme's catalogs: keys missing in a language, keys no template uses, keys a template
//! uses that the French catalog lacks, each as `file:line: message`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Dossier du contenu (site.yml, pages/, etablissements/).
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// Dossier du thème (templates/, i18n/ : ses catalogues de traduction).
    #[arg(long, default_value = "themes/default")]
    theme: PathBuf,
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
            let problems = check_catalogs(&args.theme, &args.content, &content.site.langues)?;
            if problems.is_empty() {
                println!(
                    "Catalogues de traduction complets : {}.",
                    content.site.langues.join(", ")
                );
                Ok(ExitCode::SUCCESS)
            } else {
                for problem in &problems {
                    eprintln!("{problem}");
                }
                eprintln!("{} problème(s) dans les catalogues de traduction", problems.len());
                Ok(ExitCode::FAILURE)
            }
        }
        Err(errors) => {
            eprintln!("{errors}");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// Every catalog problem of the site's languages, as `file:line: message` lines.
fn check_catalogs(theme: &Path, content: &Path, langues: &[String]) -> anyhow::Result<Vec<String>> {
    let catalogs = match dossiersco_i18n::Catalogs::load(&theme.join("i18n"), langues) {
        Ok(catalogs) => catalogs,
        Err(errors) => return Ok(errors.0.iter().map(|e| e.to_string()).collect()),
    };
    // Keys of the theme's templates, emails and scripts, and of the site's own templates.
    let mut used = dossiersco_i18n::keys_used_in(&theme.join("templates"))?;
    for dir in [theme.join("emails"), theme.join("static"), content.join("templates")] {
        for (key, places) in dossiersco_i18n::keys_used_in(&dir)? {
            used.entry(key).or_default().extend(places);
        }
    }
    let names: BTreeSet<String> = used.keys().cloned().collect();
    let mut problems: Vec<String> = Vec::new();
    problems.extend(catalogs.unknown_keys(&used).iter().map(|i| i.to_string()));
    problems.extend(catalogs.missing_keys().iter().map(|i| i.to_string()));
    problems.extend(catalogs.unused_keys(&names).iter().map(|i| i.to_string()));
    Ok(problems)
}
