//! `dossiersco`: one CLI over the model, generator and worker libraries.
//! Each subcommand lives in `cmd/` and only parses flags, calls a library and prints.

mod cmd;

mod allocator;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "dossiersco",
    version,
    about = "Réinscription au collège en ligne : site statique + worker de soumission"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Construit le site statique (public/) à partir de content/ et du thème.
    Build(cmd::build::Args),
    /// Vérifie content/ et affiche toutes les erreurs à la fois, avec fichier et ligne.
    Check(cmd::check::Args),
    /// Importe les exports SIECLE (XML) d'un établissement dans la base.
    Import(cmd::import::Args),
    /// Lance le worker : connexion des familles, brouillons, soumissions, courriels.
    Serve(cmd::serve::Args),
    /// Copie cohérente de la base, sûre pendant que le worker tourne.
    Snapshot(cmd::snapshot::Args),
    /// Démonstration locale : construit, importe les élèves fictifs et sert sur 127.0.0.1:8080.
    Demo(cmd::demo::Args),
    /// Prévisualisation pour les rédacteurs : construit, sert, surveille content/ et le thème, recharge la page.
    Preview(cmd::preview::Args),
    /// Exporte les élèves d'un établissement (CSV pour Excel, ou XLSX) : choix, responsables, état.
    Export(cmd::export::Args),
    /// Remplace un code d'accès perdu (l'ancien ne fonctionne plus) et écrit son courrier.
    ReissueCode(cmd::reissue_code::Args),
    /// Copie une base SQLite dans une base PostgreSQL vide (une école qui passe à plusieurs workers).
    MigrateDb(cmd::migrate_db::Args),
    /// Purge RGPD : supprime les données des campagnes closes avant une date, garde les statistiques.
    Purge(cmd::purge::Args),
    /// Envoie les courriels en attente sans servir le site (dépannage, tests de reprise).
    #[command(hide = true)]
    SendOutbox(cmd::send_outbox::Args),
}

fn main() -> ExitCode {
    allocator::configure();
    dossiersco_store::sqlite_global::configure();
    let cli = Cli::parse();
    cmd::init_tracing();
    let result = match cli.command {
        Command::Build(args) => cmd::build::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Import(args) => cmd::import::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Snapshot(args) => cmd::snapshot::run(args),
        Command::Demo(args) => cmd::demo::run(args),
        Command::Preview(args) => cmd::preview::run(args),
        Command::Purge(args) => cmd::purge::run(args),
        Command::MigrateDb(args) => cmd::migrate_db::run(args),
        Command::Export(args) => cmd::export::run(args),
        Command::ReissueCode(args) => cmd::reissue_code::run(args),
        Command::SendOutbox(args) => cmd::send_outbox::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("erreur : {err:#}");
            ExitCode::FAILURE
        }
    }
}
