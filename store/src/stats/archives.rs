//! Campaigns already purged: `statistiques_archivees` (migration 2) keeps their counts.

use crate::conn::Conn;
use anyhow::{Context, Result};
use dossiersco_model::stats::{ArchivedCampaign, ArchivedFigures, ArchivedSchool, RawParticipation};
use std::collections::BTreeMap;

/// The exact counts kept for one school's purged campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchivedRow {
    pub uai: String,
    /// Last day of the campaign (YYYY-MM-DD).
    pub cloture: String,
    pub participation: RawParticipation,
    pub notes: [u64; 5],
}

/// The archived rows, newest campaign first; none in a database older than the table.
pub(super) fn rows(conn: &Conn) -> Result<Vec<ArchivedRow>> {
    let exists = conn.has_table("statistiques_archivees")?;
    if !exists {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare(
        "SELECT uai, cloture, eleves - sortant, connecte + brouillon + transmis + valide, transmis + valide, valide,
                notes
         FROM statistiques_archivees ORDER BY cloture DESC, uai",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let uai: String = row.get(0)?;
        let count = |i| row.get::<_, i64>(i).map(|n| n.max(0) as u64);
        let participation = RawParticipation {
            attendus: count(2)?,
            connectees: count(3)?,
            transmis: count(4)?,
            valides: count(5)?,
        };
        let notes: [u64; 5] = serde_json::from_str(&row.get::<_, String>(6)?)
            .with_context(|| format!("histogramme des notes archivé de {uai} illisible"))?;
        out.push(ArchivedRow {
            cloture: row.get(1)?,
            uai,
            participation,
            notes,
        });
    }
    Ok(out)
}

/// One purged year's exact counts: the total, then each school in `rows` order.
pub(super) struct ArchivedYear<'a> {
    pub campagne: i32,
    pub total: (RawParticipation, [u64; 5]),
    pub schools: Vec<&'a ArchivedRow>,
}

/// The rows grouped by the year their campaign closed, newest first.
pub(super) fn years(rows: &[ArchivedRow]) -> Result<Vec<ArchivedYear<'_>>> {
    let mut years: BTreeMap<i32, ArchivedYear> = BTreeMap::new();
    for row in rows {
        let year: i32 = row
            .cloture
            .get(..4)
            .and_then(|y| y.parse().ok())
            .with_context(|| format!("date de clôture archivée de {} illisible : {}", row.uai, row.cloture))?;
        let entry = years.entry(year).or_insert_with(|| ArchivedYear {
            campagne: year,
            total: Default::default(),
            schools: Vec::new(),
        });
        let (total, notes) = &mut entry.total;
        let p = &row.participation;
        total.attendus += p.attendus;
        total.connectees += p.connectees;
        total.transmis += p.transmis;
        total.valides += p.valides;
        for (t, n) in notes.iter_mut().zip(row.notes) {
            *t += n;
        }
        entry.schools.push(row);
    }
    Ok(years.into_values().rev().collect())
}

/// What the page publishes of the purged campaigns (small counts suppressed by the model).
pub(super) fn published(years: &[ArchivedYear]) -> Vec<ArchivedCampaign> {
    years
        .iter()
        .map(|y| ArchivedCampaign {
            campagne: y.campagne,
            national: ArchivedFigures::from_raw(y.total.0, y.total.1),
            etablissements: y
                .schools
                .iter()
                .map(|row| ArchivedSchool {
                    uai: row.uai.clone(),
                    cloture: row.cloture.clone(),
                    chiffres: ArchivedFigures::from_raw(row.participation, row.notes),
                })
                .collect(),
        })
        .collect()
}
