//! The public statistics, counted from a database snapshot opened read-only: preferably the
//! statistics file of `dossiersco snapshot --statistiques` (counts only, [`fichier`]), or a
//! full copy of the database. Only counts leave this module, as [`dossiersco_model::stats`]
//! types, which suppress the small ones; [`secret`] then hides what would let a "< 5" be
//! worked out from the other figures. The queries read states, timestamps and ratings,
//! never a name.

mod aggregats;
mod archives;
pub mod fichier;
mod secret;
mod series;
#[doc(hidden)]
pub mod testing;

pub use aggregats::Aggregats;

use crate::conn::Conn;
use aggregats::Comptes;
use anyhow::{Context, Result};
use dossiersco_model::clock::{parse_timestamp, timestamp, to_paris};
use dossiersco_model::stats::{Figures, RawFigures, SchoolFigures, Stats, SEUIL};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::collections::BTreeMap;
use std::path::Path;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};

/// The `meta` key where `dossiersco snapshot` records when the copy was made.
pub const SNAPSHOT_KEY: &str = "snapshot_le";

/// One school's campaign, from its content: the days its series covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Campagne {
    pub uai: String,
    pub ouverture: Date,
    pub cloture: Date,
}

/// What `--stats-db` was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The statistics file of `dossiersco snapshot --statistiques`: counts only.
    Statistiques,
    /// A full copy of the database: every family's data and the key of the access codes.
    BaseComplete,
}

/// Opens the file at `path` read-only and counts: a statistics file, or a dossiersco
/// database (a full snapshot). Anything else, or a file written by a newer version, is
/// refused with a French message.
pub fn from_snapshot(path: &Path, campagnes: &[Campagne]) -> Result<Stats> {
    Ok(read_snapshot(path, campagnes)?.0)
}

/// [`from_snapshot`], saying which kind of file it was.
pub fn read_snapshot(path: &Path, campagnes: &[Campagne]) -> Result<(Stats, Source)> {
    let (aggregats, source) = aggregates_of(path, None)?;
    let stats = finish(&aggregats, campagnes).with_context(|| format!("statistiques de {}", path.display()))?;
    Ok((stats, source))
}

/// The counts of the file at `path` (a statistics file or a database), read in one transaction.
/// A database copy records when it was made; for one that does not (the live database, a copy
/// made with `cp`), the counts are dated `undated`, or by the file's modification time.
pub fn aggregates_of(path: &Path, undated: Option<OffsetDateTime>) -> Result<(Aggregats, Source)> {
    let meta = std::fs::metadata(path).map_err(|err| match err.kind() {
        std::io::ErrorKind::NotFound => anyhow::anyhow!("la copie de base {} n'existe pas", path.display()),
        _ => anyhow::anyhow!("la copie de base {} est illisible : {err}", path.display()),
    })?;
    anyhow::ensure!(meta.is_file(), "{} n'est pas un fichier", path.display());
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .with_context(|| format!("ouverture de {}", path.display()))?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    let db = Conn::Sqlite(conn);
    let conn = db.sqlite().expect("a SQLite file");
    check_schema(conn).map_err(|err| anyhow::anyhow!("{} : {err}", path.display()))?;
    // One read transaction: every count sees the same state even if the file is a live base.
    conn.execute_batch("BEGIN")?;
    let result = if fichier::is_statistics_file(conn)? {
        fichier::read(conn)
            .map(|a| (a, Source::Statistiques))
            .map_err(|err| anyhow::anyhow!("{} : {err:#}", path.display()))
    } else {
        let recorded: Option<String> = conn
            .query_row("SELECT valeur FROM meta WHERE cle = ?1", [SNAPSHOT_KEY], |r| r.get(0))
            .optional()?;
        let releve = match (recorded.as_deref().and_then(parse_timestamp), undated) {
            (Some(at), _) | (None, Some(at)) => at,
            // A copy made otherwise (cp, sqlite3 .backup): its modification time.
            (None, None) => OffsetDateTime::from(meta.modified().context("date de la copie")?),
        };
        aggregats::from_database(&db, releve)
            .map(|a| (a, Source::BaseComplete))
            .with_context(|| format!("statistiques de {}", path.display()))
    };
    conn.execute_batch("COMMIT")?;
    result
}

/// The counts of the live database `conn` (SQLite or PostgreSQL) as of `releve`, read in one
/// transaction (REPEATABLE READ on PostgreSQL: every count sees the same state).
pub fn aggregates_of_database(conn: &Conn, releve: OffsetDateTime) -> Result<Aggregats> {
    let tx = conn.transaction()?;
    if conn.engine() == crate::Engine::Postgres {
        tx.execute_batch("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")?;
    }
    let a = aggregats::from_database(&tx, releve)?;
    tx.rollback()?;
    Ok(a)
}

/// The schema version, or why this is not a database we can count from.
fn check_schema(conn: &Connection) -> Result<()> {
    let not_ours =
        "ce n'est pas une base dossiersco : donnez le fichier écrit par « dossiersco snapshot --statistiques »";
    let version: usize = match conn.pragma_query_value(None, "user_version", |r| r.get(0)) {
        Ok(v) => v,
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::NotADatabase => {
            anyhow::bail!("{not_ours} (ce n'est pas un fichier SQLite)")
        }
        Err(err) => return Err(err).context("lecture de la version du schéma"),
    };
    let known = super::MIGRATIONS.len();
    if version > known {
        anyhow::bail!(
            "la copie est en version {version}, plus récente que ce programme (version {known}) : mettez dossiersco à jour"
        );
    }
    if fichier::is_statistics_file(conn)? {
        return Ok(());
    }
    let has_pupils: bool = conn.query_row(
        "SELECT count(*) = 2 FROM sqlite_master WHERE type = 'table' AND name IN ('eleves', 'meta')",
        [],
        |r| r.get(0),
    )?;
    anyhow::ensure!(version > 0 && has_pupils, "{not_ours}");
    Ok(())
}

/// Counts everything in the database `conn` as of `releve` (the snapshot's instant).
pub fn compute(conn: &Conn, campagnes: &[Campagne], releve: OffsetDateTime) -> Result<Stats> {
    finish(&aggregats::from_database(conn, releve)?, campagnes)
}

/// The published figures of `a`: series over each campaign's days (from the content's dates),
/// small counts suppressed by the model, then the complementary suppression.
pub fn finish(a: &Aggregats, campagnes: &[Campagne]) -> Result<Stats> {
    let releve_paris = to_paris(a.releve);
    let today = releve_paris.date();
    let by_uai: BTreeMap<&str, &Campagne> = campagnes.iter().map(|c| (c.uai.as_str(), c)).collect();

    let mut national = Comptes::default();
    let mut national_span: Option<(Date, Date)> = None;
    let mut exact = Vec::new();
    for (uai, comptes) in &a.etablissements {
        national.add(comptes);
        let span = series::span(by_uai.get(uai.as_str()).copied(), comptes.first_day(), today);
        if let Some((start, end)) = span {
            national_span = Some(match national_span {
                None => (start, end),
                Some((s, e)) => (s.min(start), e.max(end)),
            });
        }
        exact.push(secret::Exact {
            raw: raw(comptes, span),
            debut: span.map(|(start, _)| start),
        });
    }
    national.delai = a.delai_national;
    let national_exact = secret::Exact {
        raw: raw(&national, national_span),
        debut: national_span.map(|(start, _)| start),
    };
    let figures = |e: &secret::Exact, delai: aggregats::Delai| Figures {
        // The medians were taken when counting (the file keeps no family's own delay).
        delai_median_secondes: delai.mediane.filter(|_| delai.n >= SEUIL),
        ..Figures::from_raw(e.raw.clone())
    };
    let etablissements: Vec<SchoolFigures> = a
        .etablissements
        .iter()
        .zip(&exact)
        .map(|((uai, comptes), e)| SchoolFigures {
            uai: uai.clone(),
            chiffres: figures(e, comptes.delai),
        })
        .collect();
    let years = archives::years(&a.archives)?;
    let mut stats = Stats {
        releve_le: releve_paris.format(&Rfc3339).unwrap_or_else(|_| timestamp(a.releve)),
        seuil: SEUIL,
        national: figures(&national_exact, national.delai),
        etablissements,
        archives: archives::published(&years),
    };
    secret::protect(&mut stats, &exact, &national_exact, &years);
    tracing::debug!(
        etablissements = stats.etablissements.len(),
        eleves = national.participation.attendus,
        "statistiques calculées"
    );
    Ok(stats)
}

/// The exact figures of `c`, its series over `span`.
fn raw(c: &Comptes, span: Option<(Date, Date)>) -> RawFigures {
    let mut raw = RawFigures {
        participation: c.participation,
        un_clic: c.un_clic,
        formulaire: c.formulaire,
        notes: c.notes,
        ..Default::default()
    };
    if let Some((start, end)) = span {
        let pick = |f: fn(&(u64, u64)) -> u64| c.jours.iter().map(|(d, n)| (*d, f(n))).collect::<BTreeMap<_, _>>();
        raw.debut = Some(start.to_string());
        raw.connexions = series::cumulative(&pick(|n| n.0), start, end);
        raw.transmissions = series::cumulative(&pick(|n| n.1), start, end);
    }
    raw
}
