//! `dossiersco export`: the school's pupils as CSV (French Excel) or XLSX, like the staff
//! area's download.

use anyhow::{anyhow, bail, Context};
use dossiersco_worker::app::content::Content;
use dossiersco_worker::personnel::courrier::load_site;
use dossiersco_worker::personnel::export::{export, Format, Liste};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
#[command(after_help = "\
Une ligne par élève : INE, nom, prénom, date de naissance, classe, niveau l'an prochain, état du \
dossier, options choisies, régime de sortie, demi-pension, responsables 1 et 2 (noms, téléphones, \
courriels, adresses) — ce que la famille a transmis, sinon ce que l'import connaît. CSV : UTF-8 avec \
BOM, séparateur « ; » (Excel en français). XLSX : deux feuilles, les élèves et les changements \
d'adresse. Le fichier contient des données personnelles : ne le gardez pas plus que nécessaire.")]
pub struct Args {
    /// UAI de l'établissement.
    #[arg(long)]
    uai: String,
    /// Format du fichier : csv ou xlsx.
    #[arg(long, value_parser = ["csv", "xlsx"])]
    format: String,
    /// Fichier à écrire (remplacé s'il existe).
    #[arg(long, value_name = "FICHIER")]
    out: PathBuf,
    /// CSV seulement : « eleves » (par défaut) ou « adresses » (les changements d'adresse).
    #[arg(long, default_value = "eleves", value_parser = ["eleves", "adresses"])]
    liste: String,
    /// Base SQLite.
    #[arg(long, env = "DOSSIERSCO_DB", default_value = "var/dossiersco.sqlite")]
    db: PathBuf,
    /// Dossier du contenu.
    #[arg(long, default_value = "content")]
    content: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let uai = args.uai.trim().to_ascii_uppercase();
    let format = Format::parse(&args.format).ok_or_else(|| anyhow!("format inconnu : csv ou xlsx"))?;
    let liste = Liste::parse(&args.liste).ok_or_else(|| anyhow!("liste inconnue : eleves ou adresses"))?;
    let site = load_site(&args.content)?;
    let etab = dossiersco_worker::import::load_etablissement(&args.content, &uai).map_err(|e| anyhow!("{e}"))?;
    if !args.db.is_file() {
        bail!("base introuvable : {} (option --db)", args.db.display());
    }
    let content = Content::from_parts(site, [etab]);
    let school = &content.schools[&uai];
    let conn = dossiersco_store::open(&args.db)?;
    let eleves = dossiersco_store::suivi::list(&conn, &uai)?;
    let bytes = export(&school.etab, &school.forms, &eleves, format, liste)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(&args.out)
        .with_context(|| format!("création de {}", args.out.display()))?;
    file.write_all(&bytes)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("écriture de {}", args.out.display()))?;
    if eleves.is_empty() {
        eprintln!("attention : aucun élève importé pour {uai} dans {}", args.db.display());
    }
    println!(
        "{} élève(s) de {uai} exporté(s) dans {}",
        eleves.len(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
