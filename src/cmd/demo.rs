//! `dossiersco demo`: the newcomer's one command. Builds the demo site, imports the demo
//! pupils into a local database, opens the campaigns around today and serves everything on
//! 127.0.0.1. Everything it writes lives under `--var` (default `var/`).

use anyhow::Context;
use dossiersco_generator::{BuildOptions, Site};
use dossiersco_worker::config::Config;
use dossiersco_worker::import::{import_demo, DemoLogin};
use std::fmt::Write as _;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use time::{Date, Duration};

#[derive(clap::Args)]
pub struct Args {
    /// Port d'écoute sur 127.0.0.1 (0 : un port libre).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Repart de zéro : efface la base, le site et les courriels de la démonstration.
    #[arg(long)]
    reset: bool,
    /// Dossier de travail de la démonstration (base, site construit, courriels, codes).
    #[arg(long = "var", default_value = "var")]
    var_dir: PathBuf,
    /// Contenu de la démonstration (les dates de campagne y sont recalées sur aujourd'hui).
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// Thème.
    #[arg(long, default_value = "themes/default")]
    theme: PathBuf,
    /// Exports SIECLE fictifs des élèves de démonstration.
    #[arg(long, default_value = "demo/siecle")]
    siecle: PathBuf,
    /// Serveur SMTP (smtp://127.0.0.1:2525…) ; sans lui, les courriels sont écrits en .eml dans <var>/mail.
    #[arg(long, env = "DOSSIERSCO_SMTP_URL")]
    smtp_url: Option<String>,
    /// Intervalle, en minutes, entre deux mises à jour de la page /stats/.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=1440))]
    stats_minutes: u64,
    /// Intervalle en secondes (tests : voir la page changer sans attendre des minutes).
    #[arg(long, hide = true, value_parser = clap::value_parser!(u64).range(1..))]
    stats_secondes: Option<u64>,
}

/// The demo's files under `--var`.
#[derive(Clone)]
struct DemoPaths {
    db: PathBuf,
    content: PathBuf,
    public: PathBuf,
    mail: PathBuf,
    codes: PathBuf,
    /// The statistics file (`snapshot --statistiques`) /stats/ is built from.
    stats: PathBuf,
}

impl DemoPaths {
    fn new(var: &Path) -> DemoPaths {
        DemoPaths {
            db: var.join("dossiersco.sqlite"),
            content: var.join("demo-content"),
            public: var.join("public"),
            mail: var.join("mail"),
            codes: var.join("demo-codes.csv"),
            stats: var.join("statistiques.sqlite"),
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let paths = DemoPaths::new(&args.var_dir);
    if args.reset {
        reset(&args.var_dir, &paths)?;
    }
    std::fs::create_dir_all(&args.var_dir).with_context(|| format!("création de {}", args.var_dir.display()))?;

    // The content as written is checked first, through the generator's guarded loader: the
    // copy below would turn a link out of content/ into a plain file, and its messages would
    // name the copy instead of the file to fix.
    if let Err(errors) = dossiersco_generator::load_content(&args.content) {
        eprintln!("{errors}");
        return Ok(ExitCode::FAILURE);
    }
    let today = dossiersco_worker::clock::paris_today();
    // The demo's public address is its own loopback one: email links lead back to it, and
    // the worker knows it may use plain-http cookies (no `__Host-`, no Secure) here only.
    let port = match args.port {
        0 => free_port()?,
        port => port,
    };
    let url_base = format!("http://127.0.0.1:{port}");
    copy_content_with_open_campaigns(&args.content, &paths.content, today, &url_base)?;
    let site = Site::load(&paths.content, &args.theme)?;
    let report = site.build(&BuildOptions::new(&paths.public))?;
    eprintln!(
        "site construit : {} pages dans {}",
        report.pages_rendered,
        paths.public.display()
    );

    let logins = demo_logins(&paths, &args)?;
    // /stats/ as in production: a statistics file of the database (plus fictitious activity,
    // see `refresh_stats`), then the stats pages only.
    let site = std::sync::Arc::new(site);
    let figures = refresh_stats(&site, &paths)?;
    eprintln!("/stats/ construite : {figures}");

    let mut config = Config::new(&paths.db, &paths.content);
    config.bind = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    config.site_dir = Some(paths.public.clone());
    config.theme = args.theme.clone();
    config.smtp_url = args.smtp_url.clone();
    config.mail_dir = Some(paths.mail.clone());

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("démarrage du moteur asynchrone")?;
    runtime.block_on(async {
        let server = dossiersco_worker::server::bind(config).await?;
        let every = std::time::Duration::from_secs(args.stats_secondes.unwrap_or(args.stats_minutes * 60));
        tokio::spawn(refresh_stats_every(site, paths.clone(), every));
        println!(
            "{}",
            welcome(
                server.local_addr(),
                &logins,
                &paths,
                args.smtp_url.as_deref(),
                args.stats_minutes
            )
        );
        server.run(dossiersco_worker::shutdown::signal()).await
    })?;
    Ok(ExitCode::SUCCESS)
}

fn reset(var: &Path, paths: &DemoPaths) -> anyhow::Result<()> {
    for file in [&paths.db, &paths.codes, &paths.stats] {
        for suffix in ["", "-wal", "-shm"] {
            let path = PathBuf::from(format!("{}{suffix}", file.display()));
            if path.exists() {
                std::fs::remove_file(&path).with_context(|| format!("suppression de {}", path.display()))?;
            }
        }
    }
    for dir in [&paths.content, &paths.public, &paths.mail] {
        if dir.exists() {
            std::fs::remove_dir_all(dir).with_context(|| format!("suppression de {}", dir.display()))?;
        }
    }
    eprintln!("démonstration remise à zéro dans {}", var.display());
    Ok(())
}

/// A port free on 127.0.0.1 now, for `--port 0` (the site's address must be known before
/// the server starts).
fn free_port() -> anyhow::Result<u16> {
    let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("recherche d'un port libre")?;
    Ok(listener.local_addr()?.port())
}

/// Copies `from` to `to` with every campaign running from a week ago to six weeks ahead, so
/// the demo can log in whatever the day, and `url_base` as the site's address.
fn copy_content_with_open_campaigns(from: &Path, to: &Path, today: Date, url_base: &str) -> anyhow::Result<()> {
    let ouverture = today - Duration::days(7);
    let cloture = today + Duration::days(42);
    if to.exists() {
        std::fs::remove_dir_all(to).with_context(|| format!("suppression de {}", to.display()))?;
    }
    copy_dir(from, to, &|path, text| {
        if path.file_name().is_some_and(|n| n == "etablissement.yml") {
            shift_campaign(text, ouverture, cloture)
        } else if path.file_name().is_some_and(|n| n == "site.yml") && path.parent() == Some(from) {
            set_url_base(text, url_base)
        } else {
            text.to_string()
        }
    })
    .with_context(|| format!("copie du contenu {} vers {}", from.display(), to.display()))
}

fn copy_dir(from: &Path, to: &Path, edit: &dyn Fn(&Path, &str) -> String) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from).with_context(|| format!("lecture de {}", from.display()))? {
        let entry = entry?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type()?.is_dir() {
            copy_dir(&source, &target, edit)?;
        } else {
            let bytes = std::fs::read(&source)?;
            match std::str::from_utf8(&bytes) {
                Ok(text) => std::fs::write(&target, edit(&source, text))?,
                Err(_) => std::fs::write(&target, bytes)?,
            }
        }
    }
    Ok(())
}

/// Replaces the value of the top-level `url_base:` key, keeping everything else.
fn set_url_base(yaml: &str, url_base: &str) -> String {
    let mut out = String::with_capacity(yaml.len());
    for line in yaml.lines() {
        if line.starts_with("url_base:") {
            let _ = writeln!(out, "url_base: {url_base}");
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Replaces the values of the `ouverture:` and `cloture:` keys, keeping everything else.
fn shift_campaign(yaml: &str, ouverture: Date, cloture: Date) -> String {
    let iso = dossiersco_model::content::iso_date::format;
    let mut out = String::with_capacity(yaml.len());
    for line in yaml.lines() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if trimmed.starts_with("ouverture:") {
            let _ = writeln!(out, "{indent}ouverture: {}", iso(ouverture));
        } else if trimmed.starts_with("cloture:") {
            let _ = writeln!(out, "{indent}cloture: {}", iso(cloture));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Imports the demo pupils on the first run and keeps their codes in `demo-codes.csv`;
/// later runs reuse the database and read the codes back.
fn demo_logins(paths: &DemoPaths, args: &Args) -> anyhow::Result<Vec<DemoLogin>> {
    let first_run = !paths.db.exists();
    let mut conn = dossiersco_store::open(&paths.db)?;
    let (new_logins, _reports) = import_demo(&mut conn, &paths.content, &args.siecle)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context("import des élèves de démonstration")?;
    drop(conn);
    if !new_logins.is_empty() {
        write_codes(&paths.codes, &new_logins)?;
        return Ok(new_logins);
    }
    if !first_run && paths.codes.exists() {
        return read_codes(&paths.codes);
    }
    anyhow::bail!(
        "la base {} existe déjà mais {} manque : les codes d'accès ne peuvent pas être retrouvés. \
         Relancez avec --reset pour repartir de zéro.",
        paths.db.display(),
        paths.codes.display()
    )
}

const CODES_HEADER: &str = "uai;prenom;nom;classe;date_naissance;code;remarque";

fn write_codes(path: &Path, logins: &[DemoLogin]) -> anyhow::Result<()> {
    let mut csv = format!("{CODES_HEADER}\n");
    for l in logins {
        let _ = writeln!(
            csv,
            "{};{};{};{};{};{};{}",
            l.uai,
            l.prenom,
            l.nom,
            l.division.as_deref().unwrap_or(""),
            dossiersco_model::content::iso_date::format(l.date_naissance),
            l.code,
            l.note.as_deref().unwrap_or("")
        );
    }
    std::fs::write(path, csv).with_context(|| format!("écriture de {}", path.display()))
}

fn read_codes(path: &Path) -> anyhow::Result<Vec<DemoLogin>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("lecture de {}", path.display()))?;
    let mut logins = Vec::new();
    for (index, line) in text.lines().enumerate().skip(1) {
        // The remark (last column) may itself hold ';'.
        let cols: Vec<&str> = line.splitn(7, ';').collect();
        let bad = || {
            anyhow::anyhow!(
                "{}, ligne {} : ligne illisible (relancez avec --reset)",
                path.display(),
                index + 1
            )
        };
        if cols.len() != 7 {
            return Err(bad());
        }
        logins.push(DemoLogin {
            uai: cols[0].into(),
            eleve_id_siecle: String::new(),
            prenom: cols[1].into(),
            nom: cols[2].into(),
            division: Some(cols[3].into()).filter(|d: &String| !d.is_empty()),
            date_naissance: dossiersco_model::content::iso_date::parse(cols[4]).ok_or_else(bad)?,
            code: cols[5].into(),
            note: Some(cols[6].to_string()).filter(|n| !n.is_empty()),
        });
    }
    Ok(logins)
}

/// Days of fictitious activity before today (the demo's campaigns opened a week ago).
const FICTITIOUS_DAYS: i64 = 7;

/// Adds the fictitious families of the demo's /stats/ to `db`, a working copy of the demo's
/// database (dossiersco_store::demo: pupils « FICTIF » who cannot log in).
fn seed_activity(db: &Path, site: &Site) -> anyhow::Result<u32> {
    let ecoles: Vec<dossiersco_store::demo::Ecole> = site
        .content()
        .schools
        .iter()
        .filter_map(|s| {
            Some(dossiersco_store::demo::Ecole {
                uai: s.etablissement.uai.clone(),
                mef_destination: s.etablissement.niveaux.first()?.mef.clone(),
            })
        })
        .collect();
    let mut conn = dossiersco_store::open(db)?;
    dossiersco_store::demo::seed_activity(&mut conn, &ecoles, time::OffsetDateTime::now_utc(), FICTITIOUS_DAYS)
        .context("activité fictive de la démonstration")
}

/// Writes the statistics file of the demo's database and rebuilds /stats/ from it; says what
/// the page shows. The fictitious families go into a working copy of the database, removed
/// once the (aggregates only) statistics file is written: the demo's staff area and exports
/// show the demo pupils only.
fn refresh_stats(site: &Site, paths: &DemoPaths) -> anyhow::Result<String> {
    use dossiersco_store::{snapshot, stats};
    let work = paths.stats.with_file_name("statistiques-travail.sqlite");
    let remove_work = || {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", work.display()));
        }
    };
    remove_work();
    let written = snapshot::snapshot(&paths.db, &work)
        .and_then(|_| seed_activity(&work, site))
        .and_then(|_| snapshot::snapshot_statistiques(&work, &paths.stats));
    remove_work();
    written?;
    let campagnes: Vec<stats::Campagne> = site
        .content()
        .schools
        .iter()
        .map(|s| stats::Campagne {
            uai: s.etablissement.uai.clone(),
            ouverture: s.etablissement.campagne.ouverture,
            cloture: s.etablissement.campagne.cloture,
        })
        .collect();
    let (figures, _) = stats::read_snapshot(&paths.stats, &campagnes)?;
    site.build_stats(&paths.public, &figures)?;
    Ok(format!("{} établissement(s)", figures.etablissements.len()))
}

/// Rebuilds /stats/ every `every`, off the server's threads; a failure is logged and the
/// previous pages stay.
async fn refresh_stats_every(site: std::sync::Arc<Site>, paths: DemoPaths, every: std::time::Duration) {
    let mut interval = tokio::time::interval(every);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // The first tick is now: the page was just built.
    interval.tick().await;
    loop {
        interval.tick().await;
        let (site, paths) = (site.clone(), paths.clone());
        match tokio::task::spawn_blocking(move || refresh_stats(&site, &paths)).await {
            Ok(Ok(figures)) => tracing::info!("/stats/ mise à jour : {figures}"),
            Ok(Err(err)) => tracing::warn!("/stats/ non mise à jour : {err:#}"),
            Err(err) => tracing::warn!("/stats/ non mise à jour : {err}"),
        }
    }
}

/// What the newcomer reads: where to go, three logins, where the emails land.
fn welcome(
    addr: SocketAddr,
    logins: &[DemoLogin],
    paths: &DemoPaths,
    smtp: Option<&str>,
    stats_minutes: u64,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\ndossiersco — démonstration prête\n");
    let _ = writeln!(out, "  Site : http://{addr}/");
    let _ = writeln!(
        out,
        "\n  Connexions de démonstration (code d'accès + date de naissance) :"
    );
    for l in logins.iter().take(3) {
        let date = l.date_naissance;
        let _ = writeln!(
            out,
            "    {} {} ({}) — http://{addr}/{}/connexion/\n      code {}   né(e) le {:02}/{:02}/{}{}",
            l.prenom,
            l.nom,
            l.uai,
            l.uai,
            l.code,
            date.day(),
            u8::from(date.month()),
            date.year(),
            l.note.as_deref().map(|n| format!("\n      {n}")).unwrap_or_default()
        );
    }
    let _ = writeln!(out, "\n  Tous les codes : {}", paths.codes.display());
    let _ = writeln!(
        out,
        "  Espace personnel : http://{addr}/0699901M/personnel/ — adresse direction.0699901M@example.fr \
         (le lien de connexion arrive avec les courriels)"
    );
    let _ = writeln!(
        out,
        "  Statistiques publiques : http://{addr}/stats/ — reconstruites toutes les {stats_minutes} min \
         depuis la base, avec une activité fictive des {FICTITIOUS_DAYS} derniers jours (élèves « FICTIF », dans les statistiques seulement)"
    );
    match smtp {
        Some(url) => {
            let _ = writeln!(out, "  Courriels : envoyés au serveur SMTP {url}");
        }
        None => {
            let _ = writeln!(out, "  Courriels : écrits en .eml dans {}", paths.mail.display());
        }
    }
    let _ = writeln!(
        out,
        "\n  Ctrl-C pour arrêter. Relancer reprend la même base ; --reset repart de zéro."
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn codes_read_back_with_a_semicolon_in_the_remark() {
        let dir = std::env::temp_dir().join(format!("dossiersco-demo-codes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("demo-codes.csv");
        let login = DemoLogin {
            uai: "0699901M".into(),
            eleve_id_siecle: String::new(),
            prenom: "Léa".into(),
            nom: "MARTIN".into(),
            division: Some("6A".into()),
            date_naissance: date!(2015 - 03 - 14),
            code: "2QCD-6VVA-M6TX".into(),
            note: Some("6e → 5e : demi-pension ; son frère Hugo est en 4e".into()),
        };
        write_codes(&path, std::slice::from_ref(&login)).unwrap();
        let read = read_codes(&path).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].note, login.note);
        assert_eq!(read[0].code, login.code);
    }

    #[test]
    fn campaign_dates_are_replaced_and_the_rest_kept() {
        let yaml = "uai: 0699901M\ncampagne:\n  ouverture: 2027-04-06\n  cloture: 2027-05-28\nnom: X\n";
        let shifted = shift_campaign(yaml, date!(2026 - 11 - 21), date!(2027 - 01 - 09));
        assert_eq!(
            shifted,
            "uai: 0699901M\ncampagne:\n  ouverture: 2026-11-21\n  cloture: 2027-01-09\nnom: X\n"
        );
    }

    #[test]
    fn the_demo_site_is_addressed_on_its_loopback_port() {
        let yaml = "titre: T\nurl_base: https://reinscription.example.fr\n# url_base: commentaire\nurl_worker: \"\"\n";
        assert_eq!(
            set_url_base(yaml, "http://127.0.0.1:8080"),
            "titre: T\nurl_base: http://127.0.0.1:8080\n# url_base: commentaire\nurl_worker: \"\"\n"
        );
    }
}
