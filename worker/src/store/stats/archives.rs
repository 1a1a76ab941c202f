//! Campaigns already purged: `statistiques_archivees` (migration 2) keeps their counts.

use anyhow::{Context, Result};
use dossiersco_model::stats::{ArchivedCampaign, ArchivedFigures, ArchivedSchool, RawParticipation};
use rusqlite::Connection;
use std::collections::BTreeMap;

/// Archived campaigns grouped by the year they closed, newest first; none in a database
/// older than the table.
pub(super) fn read(conn: &Connection) -> Result<Vec<ArchivedCampaign>> {
    let exists: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'statistiques_archivees'",
        [],
        |r| r.get(0),
    )?;
    if !exists {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare(
        "SELECT uai, cloture, eleves - sortant, connecte + brouillon + transmis + valide, transmis + valide, valide,
                notes
         FROM statistiques_archivees ORDER BY cloture DESC, uai",
    )?;
    let mut rows = stmt.query([])?;
    let mut years: BTreeMap<i32, (RawParticipation, [u64; 5], Vec<ArchivedSchool>)> = BTreeMap::new();
    while let Some(row) = rows.next()? {
        let uai: String = row.get(0)?;
        let cloture: String = row.get(1)?;
        let count = |i| row.get::<_, i64>(i).map(|n| n.max(0) as u64);
        let p = RawParticipation {
            attendus: count(2)?,
            connectees: count(3)?,
            transmis: count(4)?,
            valides: count(5)?,
        };
        let notes: [u64; 5] = serde_json::from_str(&row.get::<_, String>(6)?)
            .with_context(|| format!("histogramme des notes archivé de {uai} illisible"))?;
        let year: i32 = cloture
            .get(..4)
            .and_then(|y| y.parse().ok())
            .with_context(|| format!("date de clôture archivée de {uai} illisible : {cloture}"))?;
        let (total, total_notes, schools) = years.entry(year).or_default();
        total.attendus += p.attendus;
        total.connectees += p.connectees;
        total.transmis += p.transmis;
        total.valides += p.valides;
        for (t, n) in total_notes.iter_mut().zip(notes) {
            *t += n;
        }
        schools.push(ArchivedSchool {
            uai,
            cloture,
            chiffres: ArchivedFigures::from_raw(p, notes),
        });
    }
    Ok(years
        .into_iter()
        .rev()
        .map(|(campagne, (total, notes, etablissements))| ArchivedCampaign {
            campagne,
            national: ArchivedFigures::from_raw(total, notes),
            etablissements,
        })
        .collect())
}
