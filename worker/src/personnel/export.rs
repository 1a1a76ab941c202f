//! The exports' one row model: a [`Table`] of cells, written as CSV (French Excel) or XLSX by
//! the same code path. One table of pupils, one of address changes.

use super::dossier::{address_changed, ADDRESS_KEYS};
use crate::store::suivi::EleveSuivi;
use dossiersco_model::form::{chosen_options, names, resp, LIENS_PARENTE};
use dossiersco_model::{Etablissement, FormSpec, FormValues};
use std::collections::BTreeMap;
use time::Date;

/// A cell: text, or a date (a real date cell in XLSX, jj/mm/aaaa in CSV).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Date(Date),
}

impl Cell {
    fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }
}

/// A sheet: its name, its headers, its rows.
#[derive(Debug, Clone)]
pub struct Table {
    pub nom: &'static str,
    pub entetes: Vec<String>,
    pub lignes: Vec<Vec<Cell>>,
}

/// Which list to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Liste {
    /// One row per pupil.
    Eleves,
    /// One row per guardian whose address the family changed.
    Adresses,
}

impl Liste {
    pub fn parse(text: &str) -> Option<Liste> {
        match text {
            "eleves" | "" => Some(Liste::Eleves),
            "adresses" => Some(Liste::Adresses),
            _ => None,
        }
    }
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    pub fn parse(text: &str) -> Option<Format> {
        match text.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

/// The export of `list` for school `etab` (CSV: that list; XLSX: both lists, one sheet each).
pub fn export(
    etab: &Etablissement,
    forms: &BTreeMap<String, FormSpec>,
    eleves: &[EleveSuivi],
    format: Format,
    list: Liste,
) -> anyhow::Result<Vec<u8>> {
    match format {
        Format::Csv => Ok(super::export_csv::csv(&match list {
            Liste::Eleves => pupils(etab, forms, eleves),
            Liste::Adresses => address_changes(eleves),
        })),
        Format::Xlsx => super::export_xlsx::xlsx(&[pupils(etab, forms, eleves), address_changes(eleves)]),
    }
}

const GUARDIAN_COLUMNS: [&str; 12] = [
    "lien",
    "nom",
    "prénom",
    "tél. portable",
    "tél. domicile",
    "tél. travail",
    "courriel",
    "adresse",
    "complément",
    "code postal",
    "commune",
    "pays",
];
const GUARDIAN_KEYS: [&str; 12] = [
    "lien",
    "nom",
    "prenom",
    "tel_portable",
    "tel_domicile",
    "tel_travail",
    "email",
    "adresse",
    "adresse2",
    "code_postal",
    "commune",
    "pays",
];

/// One row per pupil: identity, class, next year's level, state, choices, guardians 1 and 2.
/// Values are the family's (submission, else draft), else the import's.
pub fn pupils(etab: &Etablissement, forms: &BTreeMap<String, FormSpec>, eleves: &[EleveSuivi]) -> Table {
    let mut entetes: Vec<String> = [
        "INE",
        "Nom",
        "Prénom",
        "Date de naissance",
        "Classe",
        "Niveau l'an prochain",
        "État du dossier",
        "Options choisies",
        "Régime de sortie",
        "Demi-pension",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect();
    for n in [1, 2] {
        entetes.extend(GUARDIAN_COLUMNS.iter().map(|c| format!("Responsable {n} : {c}")));
    }
    entetes.extend(["Transmis le".to_string(), "Dernière modification".to_string()]);
    let lignes = eleves
        .iter()
        .map(|e| {
            let family = e.valeurs_famille();
            let values = family.unwrap_or(&e.prefill);
            let value = |name: &str| values.get(name).map(|v| v.trim()).unwrap_or("").to_string();
            let spec = e.mef_destination.as_deref().and_then(|mef| forms.get(mef));
            let options = match (family, spec) {
                (Some(v), Some(spec)) => {
                    let chosen = chosen_options(spec, v);
                    spec.options
                        .iter()
                        .filter(|o| chosen.contains(&o.code))
                        .map(|o| o.libelle.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                }
                _ => String::new(),
            };
            let regime = value(names::REGIME_SORTIE);
            let regime = etab
                .regimes_sortie
                .iter()
                .find(|r| r.code == regime)
                .map(|r| r.libelle.clone())
                .unwrap_or(regime);
            let demi_pension = match value(names::DEMI_PENSION).as_str() {
                "demi_pensionnaire" => "Demi-pensionnaire".to_string(),
                "externe" => "Externe".to_string(),
                other => other.to_string(),
            };
            let niveau = e
                .mef_destination
                .as_deref()
                .map(|mef| {
                    etab.niveau(mef)
                        .map(|n| n.libelle.clone())
                        .unwrap_or_else(|| mef.to_string())
                })
                .unwrap_or_default();
            let mut row = vec![
                Cell::text(e.ine.clone().unwrap_or_default()),
                Cell::text(&e.nom),
                Cell::text(&e.prenom),
                date_cell(&e.date_naissance),
                Cell::text(e.division.clone().unwrap_or_default()),
                Cell::text(niveau),
                Cell::text(e.etat.libelle()),
                Cell::text(options),
                Cell::text(regime),
                Cell::text(demi_pension),
            ];
            for n in [1, 2] {
                for key in GUARDIAN_KEYS {
                    let v = value(&resp(n, key));
                    let v = if key == "lien" {
                        LIENS_PARENTE
                            .iter()
                            .find(|(code, _)| *code == v)
                            .map(|(_, label)| label.to_string())
                            .unwrap_or(v)
                    } else {
                        v
                    };
                    row.push(Cell::text(v));
                }
            }
            row.push(Cell::text(
                e.soumission
                    .as_ref()
                    .map(|(_, le)| french_timestamp(le))
                    .unwrap_or_default(),
            ));
            row.push(Cell::text(french_timestamp(&e.modifie_le)));
            row
        })
        .collect();
    Table {
        nom: "Élèves",
        entetes,
        lignes,
    }
}

/// One row per guardian whose address the family changed (or added) compared with the import.
pub fn address_changes(eleves: &[EleveSuivi]) -> Table {
    let entetes = [
        "INE",
        "Nom",
        "Prénom",
        "Classe",
        "Responsable",
        "Nom du responsable",
        "Adresse connue (import)",
        "Nouvelle adresse",
        "Transmis le",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect();
    let mut lignes = Vec::new();
    for e in eleves {
        let Some(values) = e.valeurs_famille() else {
            continue;
        };
        for n in [1u8, 2] {
            if !address_changed(&e.prefill, values, n) {
                continue;
            }
            let address = |v: &FormValues| {
                ADDRESS_KEYS
                    .iter()
                    .map(|k| v.get(&resp(n, k)).map(|s| s.trim()).unwrap_or(""))
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let get = |k: &str| values.get(&resp(n, k)).map(|s| s.trim()).unwrap_or("").to_string();
            lignes.push(vec![
                Cell::text(e.ine.clone().unwrap_or_default()),
                Cell::text(&e.nom),
                Cell::text(&e.prenom),
                Cell::text(e.division.clone().unwrap_or_default()),
                Cell::text(n.to_string()),
                Cell::text(format!("{} {}", get("prenom"), get("nom")).trim().to_string()),
                Cell::text(address(&e.prefill)),
                Cell::text(address(values)),
                Cell::text(
                    e.soumission
                        .as_ref()
                        .map(|(_, le)| french_timestamp(le))
                        .unwrap_or_default(),
                ),
            ]);
        }
    }
    Table {
        nom: "Changements d'adresse",
        entetes,
        lignes,
    }
}

fn date_cell(iso: &str) -> Cell {
    match dossiersco_model::content::iso_date::parse(iso) {
        Some(date) => Cell::Date(date),
        None => Cell::text(iso),
    }
}

/// `2027-04-10T08:05:00Z` → `10/04/2027 10:05` (Paris time).
fn french_timestamp(ts: &str) -> String {
    match crate::clock::parse_timestamp(ts) {
        Some(t) => {
            let t = crate::clock::to_paris(t);
            format!(
                "{:02}/{:02}/{} {:02}:{:02}",
                t.day(),
                t.month() as u8,
                t.year(),
                t.hour(),
                t.minute()
            )
        }
        None => ts.to_string(),
    }
}

/// `jj/mm/aaaa`.
pub fn french_date(date: Date) -> String {
    format!("{:02}/{:02}/{}", date.day(), date.month() as u8, date.year())
}
