//! The exact counts the statistics are made of, per school: what a database gives (counted
//! here) and what the statistics file of `dossiersco snapshot --statistiques` holds
//! ([`super::fichier`]). Counts only: no name, no code, no single family's figure (a median
//! is kept only when it is drawn from enough families to be published).

use super::archives::ArchivedRow;
use crate::conn::Conn;
use anyhow::Result;
use dossiersco_model::clock::{parse_timestamp, to_paris};
use dossiersco_model::stats::{Figures, RawFigures, RawParticipation};
use std::collections::BTreeMap;
use time::{Date, OffsetDateTime};

/// A median delay, and how many families it is drawn from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delai {
    pub n: u64,
    /// Seconds; `None` when drawn from too few families to be published.
    pub mediane: Option<u64>,
}

impl Delai {
    /// From every family's delay (first login → first submission, seconds). The model says
    /// when a median may be published and how it is taken; only that result is kept.
    pub fn of(delais: Vec<u64>) -> Delai {
        let n = delais.len() as u64;
        let figures = Figures::from_raw(RawFigures {
            delais_secondes: delais,
            ..Default::default()
        });
        Delai {
            n,
            mediane: figures.delai_median_secondes,
        }
    }
}

/// Exact counts of one school's running campaign (or of all).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comptes {
    pub participation: RawParticipation,
    pub un_clic: u64,
    pub formulaire: u64,
    /// Ratings of 1 to 5.
    pub notes: [u64; 5],
    pub delai: Delai,
    /// Per day (Paris): families logging in for the first time, files submitted for the first time.
    pub jours: BTreeMap<Date, (u64, u64)>,
}

impl Comptes {
    /// Adds `other`'s counts (not its median, which does not add up).
    pub fn add(&mut self, other: &Comptes) {
        let (p, o) = (&mut self.participation, &other.participation);
        p.attendus += o.attendus;
        p.connectees += o.connectees;
        p.transmis += o.transmis;
        p.valides += o.valides;
        self.un_clic += other.un_clic;
        self.formulaire += other.formulaire;
        for (n, m) in self.notes.iter_mut().zip(other.notes) {
            *n += m;
        }
        for (day, (c, t)) in &other.jours {
            let entry = self.jours.entry(*day).or_default();
            entry.0 += c;
            entry.1 += t;
        }
    }

    /// The first day something happened.
    pub fn first_day(&self) -> Option<Date> {
        self.jours.iter().find(|(_, (c, t))| c + t > 0).map(|(d, _)| *d)
    }
}

/// Everything the statistics need, as of `releve`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aggregats {
    /// When the counts were taken.
    pub releve: OffsetDateTime,
    /// Running campaigns, by UAI.
    pub etablissements: BTreeMap<String, Comptes>,
    /// The national median: it needs every family's delay, so it is taken when counting.
    pub delai_national: Delai,
    /// Purged campaigns (`statistiques_archivees`).
    pub archives: Vec<ArchivedRow>,
}

/// Counts from a dossiersco database (the live one, or a full snapshot) in one read.
pub fn from_database(conn: &Conn, releve: OffsetDateTime) -> Result<Aggregats> {
    let mut etablissements: BTreeMap<String, Comptes> = BTreeMap::new();
    let mut delais: BTreeMap<String, Vec<u64>> = BTreeMap::new();
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
        let etat: String = row.get(1)?;
        let connexion = row.get::<_, Option<String>>(2)?.as_deref().and_then(parse_timestamp);
        let transmission = row.get::<_, Option<String>>(3)?.as_deref().and_then(parse_timestamp);
        let mode: Option<String> = row.get(4)?;
        let c = etablissements.entry(uai.clone()).or_default();
        c.participation.attendus += 1;
        if let Some(at) = connexion {
            c.participation.connectees += 1;
            c.jours.entry(to_paris(at).date()).or_default().0 += 1;
        }
        if matches!(etat.as_str(), "transmis" | "valide") {
            c.participation.transmis += 1;
            match mode.as_deref() {
                Some("un_clic") => c.un_clic += 1,
                _ => c.formulaire += 1,
            }
        }
        if etat == "valide" {
            c.participation.valides += 1;
        }
        if let Some(at) = transmission {
            c.jours.entry(to_paris(at).date()).or_default().1 += 1;
            if let Some(login) = connexion {
                let delai = (at - login).whole_seconds().max(0) as u64;
                delais.entry(uai).or_default().push(delai);
            }
        }
    }

    let mut stmt = conn.prepare("SELECT uai, note, count(*) FROM satisfaction GROUP BY uai, note")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let (uai, note, n): (String, i64, u64) = (row.get(0)?, row.get(1)?, row.get(2)?);
        if let Some(slot) = usize::try_from(note - 1).ok().filter(|i| *i < 5) {
            etablissements.entry(uai).or_default().notes[slot] += n;
        }
    }

    let national: Vec<u64> = delais.values().flatten().copied().collect();
    for (uai, list) in delais {
        if let Some(c) = etablissements.get_mut(&uai) {
            c.delai = Delai::of(list);
        }
    }
    Ok(Aggregats {
        releve,
        etablissements,
        delai_national: Delai::of(national),
        archives: super::archives::rows(conn)?,
    })
}
