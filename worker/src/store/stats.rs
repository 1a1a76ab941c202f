//! The public statistics, counted from a database snapshot (`dossiersco snapshot`) opened
//! read-only. Only counts leave this module, as [`dossiersco_model::stats`] types, which
//! suppress the small ones; the queries read states, timestamps and ratings, never a name.

mod archives;
mod series;
#[doc(hidden)]
pub mod testing;

use crate::clock::{parse_timestamp, timestamp, to_paris};
use anyhow::{Context, Result};
use dossiersco_model::stats::{Figures, RawFigures, SchoolFigures, Stats, SEUIL};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use series::Events;
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

/// Opens the snapshot at `path` read-only and counts. A file that is not a dossiersco
/// database, or one written by a newer version, is refused with a French message.
pub fn from_snapshot(path: &Path, campagnes: &[Campagne]) -> Result<Stats> {
    let meta = std::fs::metadata(path).map_err(|err| match err.kind() {
        std::io::ErrorKind::NotFound => anyhow::anyhow!("la copie de base {} n'existe pas", path.display()),
        _ => anyhow::anyhow!("la copie de base {} est illisible : {err}", path.display()),
    })?;
    anyhow::ensure!(meta.is_file(), "{} n'est pas un fichier", path.display());
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .with_context(|| format!("ouverture de {}", path.display()))?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    check_schema(&conn).map_err(|err| anyhow::anyhow!("{} : {err}", path.display()))?;
    // One read transaction: every count sees the same state even if the file is a live base.
    conn.execute_batch("BEGIN")?;
    let recorded: Option<String> = conn
        .query_row("SELECT valeur FROM meta WHERE cle = ?1", [SNAPSHOT_KEY], |r| r.get(0))
        .optional()?;
    let releve = match recorded.as_deref().and_then(parse_timestamp) {
        Some(at) => at,
        // A copy made otherwise (cp, sqlite3 .backup): its modification time.
        None => OffsetDateTime::from(meta.modified().context("date de la copie")?),
    };
    let stats = compute(&conn, campagnes, releve).with_context(|| format!("statistiques de {}", path.display()))?;
    conn.execute_batch("COMMIT")?;
    Ok(stats)
}

/// The schema version, or why this is not a database we can count from.
fn check_schema(conn: &Connection) -> Result<()> {
    let not_ours = "ce n'est pas une base dossiersco : donnez une copie faite par « dossiersco snapshot »";
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
    let has_pupils: bool = conn.query_row(
        "SELECT count(*) = 2 FROM sqlite_master WHERE type = 'table' AND name IN ('eleves', 'meta')",
        [],
        |r| r.get(0),
    )?;
    anyhow::ensure!(version > 0 && has_pupils, "{not_ours}");
    Ok(())
}

/// Counts everything in `conn` as of `releve` (the snapshot's instant).
pub fn compute(conn: &Connection, campagnes: &[Campagne], releve: OffsetDateTime) -> Result<Stats> {
    let releve_paris = to_paris(releve);
    let today = releve_paris.date();
    let mut schools: BTreeMap<String, Tally> = BTreeMap::new();
    let mut national = Tally::default();

    let mut stmt = conn.prepare(
        "SELECT e.uai, e.etat, e.premiere_connexion, s.premiere, d.mode
         FROM eleves e
         LEFT JOIN (SELECT eleve_id, min(transmis_le) AS premiere, max(id) AS derniere
                    FROM soumissions GROUP BY eleve_id) s ON s.eleve_id = e.id
         LEFT JOIN soumissions d ON d.id = s.derniere
         WHERE e.etat <> 'sortant'",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let uai: String = row.get(0)?;
        let pupil = Pupil {
            etat: row.get(1)?,
            connexion: row.get::<_, Option<String>>(2)?.as_deref().and_then(parse_timestamp),
            transmission: row.get::<_, Option<String>>(3)?.as_deref().and_then(parse_timestamp),
            mode: row.get(4)?,
        };
        schools.entry(uai).or_default().add(&pupil);
        national.add(&pupil);
    }

    let mut stmt = conn.prepare("SELECT uai, note, count(*) FROM satisfaction GROUP BY uai, note")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let (uai, note, n): (String, i64, u64) = (row.get(0)?, row.get(1)?, row.get(2)?);
        if let Some(slot) = usize::try_from(note - 1).ok().filter(|i| *i < 5) {
            schools.entry(uai).or_default().raw.notes[slot] += n;
            national.raw.notes[slot] += n;
        }
    }

    let by_uai: BTreeMap<&str, &Campagne> = campagnes.iter().map(|c| (c.uai.as_str(), c)).collect();
    let mut national_span: Option<(Date, Date)> = None;
    let etablissements: Vec<SchoolFigures> = schools
        .into_iter()
        .map(|(uai, tally)| {
            let span = series::span(by_uai.get(uai.as_str()).copied(), &tally.events, today);
            if let Some((start, end)) = span {
                national_span = Some(match national_span {
                    None => (start, end),
                    Some((s, e)) => (s.min(start), e.max(end)),
                });
            }
            SchoolFigures {
                chiffres: tally.finish(span),
                uai,
            }
        })
        .collect();
    let eleves = national.raw.participation.attendus;
    let national = national.finish(national_span);
    tracing::debug!(etablissements = etablissements.len(), eleves, "statistiques calculées");
    Ok(Stats {
        releve_le: releve_paris.format(&Rfc3339).unwrap_or_else(|_| timestamp(releve)),
        seuil: SEUIL,
        national,
        etablissements,
        archives: archives::read(conn)?,
    })
}

/// What one row of `eleves` brings.
struct Pupil {
    etat: String,
    connexion: Option<OffsetDateTime>,
    transmission: Option<OffsetDateTime>,
    mode: Option<String>,
}

/// Running counts of a school (or of all).
#[derive(Default)]
struct Tally {
    raw: RawFigures,
    events: Events,
}

impl Tally {
    fn add(&mut self, pupil: &Pupil) {
        let p = &mut self.raw.participation;
        p.attendus += 1;
        let submitted = matches!(pupil.etat.as_str(), "transmis" | "valide");
        if let Some(at) = pupil.connexion {
            p.connectees += 1;
            self.events.connexions.push(to_paris(at).date());
        }
        if submitted {
            p.transmis += 1;
            match pupil.mode.as_deref() {
                Some("un_clic") => self.raw.un_clic += 1,
                _ => self.raw.formulaire += 1,
            }
        }
        if pupil.etat == "valide" {
            p.valides += 1;
        }
        if let Some(at) = pupil.transmission {
            self.events.transmissions.push(to_paris(at).date());
            if let Some(login) = pupil.connexion {
                self.raw
                    .delais_secondes
                    .push((at - login).whole_seconds().max(0) as u64);
            }
        }
    }

    fn finish(mut self, span: Option<(Date, Date)>) -> Figures {
        if let Some((start, end)) = span {
            self.raw.debut = Some(start.to_string());
            self.raw.connexions = series::cumulative(&mut self.events.connexions, start, end);
            self.raw.transmissions = series::cumulative(&mut self.events.transmissions, start, end);
        }
        Figures::from_raw(self.raw)
    }
}
