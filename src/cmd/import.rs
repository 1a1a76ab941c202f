//! `dossiersco import`.

use std::path::PathBuf;
use std::process::ExitCode;

use dossiersco_worker::import::{self, CodesOutput};

#[derive(clap::Args)]
#[command(after_help = "\
Les fichiers (ElevesAvecAdresses obligatoire ; ResponsablesAvecAdresses et Nomenclature \
conseillés) sont donnés dans n'importe quel ordre, en ISO-8859-15 ou UTF-8. Tous sont lus \
avant d'écrire quoi que ce soit : un fichier refusé (mal formé, tronqué, d'un autre \
établissement, en double) et rien n'est importé.

Ré-import : un élève déjà présent (même ELEVE_ID) est mis à jour tant que sa famille ne \
s'est pas connectée ; sinon il est laissé tel quel. Son code ne change jamais.

Codes d'accès : chaque nouvel élève reçoit un code, dont seule une empreinte est gardée en \
base. Les codes en clair sont écrits une seule fois dans --codes-out (CSV UTF-8, séparateur \
« ; » : uai;division;nom;prenom;date_naissance;code), fichier qui ne doit pas exister. \
Sans --codes-out, l'import est refusé s'il crée des codes (sauf --sans-codes, qui les \
abandonne : ces familles ne pourront pas se connecter).")]
pub struct Args {
    /// UAI de l'établissement (ex. 0699901M) ; chaque fichier doit porter cet UAJ.
    #[arg(long)]
    uai: String,
    /// Dossier du contenu (doit contenir etablissements/<UAI>/etablissement.yml).
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// Base SQLite.
    #[arg(long, env = "DOSSIERSCO_DB", default_value = "var/dossiersco.sqlite")]
    db: PathBuf,
    /// Fichier CSV où écrire les nouveaux codes d'accès (pour les courriers) ; jamais écrasé.
    #[arg(long, value_name = "FICHIER.csv", conflicts_with = "sans_codes")]
    codes_out: Option<PathBuf>,
    /// Écrit aussi les courriers à imprimer (HTML : une page A4 par élève, classés par classe,
    /// avec le code, l'adresse du site, les dates et les documents à préparer) ; jamais écrasé.
    #[arg(long, value_name = "FICHIER.html", conflicts_with = "sans_codes")]
    letters_out: Option<PathBuf>,
    /// Thème (gabarit des courriers : templates/courrier.html).
    #[arg(long, default_value = "themes/default")]
    theme: PathBuf,
    /// Autorise l'import sans --codes-out : les codes des nouveaux élèves sont perdus.
    #[arg(long)]
    sans_codes: bool,
    /// Exports SIECLE (XML).
    #[arg(required = true, value_name = "FICHIER")]
    files: Vec<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut output = match (args.codes_out, args.sans_codes) {
        (Some(path), _) => CodesOutput::File(path),
        (None, true) => CodesOutput::Discard,
        (None, false) => CodesOutput::Forbidden,
    };
    let result = (|| {
        if let Some(path) = args.letters_out.clone() {
            // The letters are written with the codes, before the import commits.
            let codes = match &output {
                CodesOutput::File(p) => Some(p.clone()),
                _ => None,
            };
            let letters =
                dossiersco_worker::personnel::courrier::import_letters(&args.content, &args.theme, &args.uai, path)
                    .map_err(|e| import::ImportError::Contenu(format!("{e:#}")))?;
            output = CodesOutput::Letters { codes, letters };
        }
        import::precheck(&args.uai, &output)?;
        let etab = import::load_etablissement(&args.content, &args.uai)?;
        let files = import::read_files(&args.uai, &args.files)?;
        // Opened only now: a refused import does not even create the database.
        let mut conn = dossiersco_store::open(&args.db).map_err(import::ImportError::Base)?;
        import::import_files(&mut conn, &etab, files, output.clone(), &import::terminal_progress())
    })();
    match result {
        Ok(report) => {
            print!("{report}");
            if report.nouveaux_codes > 0 && output == CodesOutput::Discard {
                eprintln!(
                    "attention : {} code(s) créé(s) sans être écrits (--sans-codes) : ces familles ne pourront pas \
                     se connecter.",
                    report.nouveaux_codes
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            eprintln!("erreur : {err}");
            Ok(ExitCode::from(1))
        }
    }
}
