//! The exports' one row model: a [`Table`] of cells, written as CSV (French Excel) or XLSX by
//! the same code path. One table of pupils, one of address changes.

use super::dossier::{address_changed, ADDRESS_KEYS};
use crate::store::suivi::EleveSuivi;
use dossiersco_model::content::{DocumentAttendu, Modalite, OptionOfferte};
use dossiersco_model::form::{chosen_options, consent_field, names, resp, CHECKED, LIENS_PARENTE};
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

/// A guardian's columns (`Responsable <n> : <column>`) and the field keys they hold.
const GUARDIAN_COLUMNS: [(&str, &str); 14] = [
    ("lien", "lien"),
    ("civilité", "civilite"),
    ("nom", "nom"),
    ("prénom", "prenom"),
    ("tél. portable", "tel_portable"),
    ("tél. domicile", "tel_domicile"),
    ("tél. travail", "tel_travail"),
    ("courriel", "email"),
    ("adresse", "adresse"),
    ("complément", "adresse2"),
    ("code postal", "code_postal"),
    ("commune", "commune"),
    ("pays", "pays"),
    ("paie les frais", "paie_frais"),
];

/// The pupil's own columns after the identity ones, and their fields.
const ELEVE_COLUMNS: [(&str, &str); 5] = [
    ("Autres prénoms", names::ELEVE_PRENOM2),
    ("Sexe", names::ELEVE_SEXE),
    ("Commune de naissance", names::ELEVE_VILLE_NAISSANCE),
    ("Pays de naissance", names::ELEVE_PAYS_NAISSANCE),
    ("Nationalité", names::ELEVE_NATIONALITE),
];

const URGENCE_COLUMNS: [(&str, &str); 3] = [
    ("Urgence : nom", names::URGENCE_NOM),
    ("Urgence : lien", names::URGENCE_LIEN),
    ("Urgence : téléphone", names::URGENCE_TELEPHONE),
];

/// A column of the school's own choices (options, consents, documents).
enum Choice<'a> {
    /// `Option <groupe>`: the option chosen in a group of mandatory options.
    Groupe(&'a str),
    /// `Option <CODE>`: a facultative option taken (Oui) or not (Non).
    Facultative(&'a OptionOfferte),
    /// `Consentement <code>`: Oui / Non.
    Consentement(&'a str),
    /// `Pièce <code>`: where the document stands.
    Piece(&'a DocumentAttendu),
}

/// The school's choice columns, in form order: option groups and facultative options (every
/// level's), consents, documents. Their names are built from the content's codes, which do
/// not change with the wording.
fn choice_columns(etab: &Etablissement) -> Vec<(String, Choice<'_>)> {
    let mut out: Vec<(String, Choice)> = Vec::new();
    for option in &etab.options {
        match (&option.modalite, &option.groupe) {
            (Modalite::Obligatoire, Some(groupe)) => {
                let name = format!("Option {groupe}");
                if !out.iter().any(|(n, _)| *n == name) {
                    out.push((name, Choice::Groupe(groupe)));
                }
            }
            (Modalite::Facultative, _) => out.push((format!("Option {}", option.code), Choice::Facultative(option))),
            // Taken by every pupil of the level: « Options choisies » lists it.
            (Modalite::Obligatoire, None) => {}
        }
    }
    for c in &etab.consentements {
        out.push((format!("Consentement {}", c.code), Choice::Consentement(&c.code)));
    }
    for d in &etab.documents {
        out.push((format!("Pièce {}", d.code), Choice::Piece(d)));
    }
    out
}

fn yes_no(value: &str) -> &'static str {
    if value == CHECKED {
        "Oui"
    } else {
        "Non"
    }
}

/// One row per pupil, one column per form field (identity, guardians 1 and 2, emergency
/// contact, each option group or facultative option, canteen and CAF number, exit, each
/// consent, each document's status, the signer), then state and dates. Values are the
/// family's (submission, else draft), else the import's; the choices are empty until the
/// family answered. Column names are stable (README, « Exports »).
pub fn pupils(etab: &Etablissement, forms: &BTreeMap<String, FormSpec>, eleves: &[EleveSuivi]) -> Table {
    let choices = choice_columns(etab);
    let mut entetes: Vec<String> = ["INE", "Nom", "Prénom", "Date de naissance"]
        .iter()
        .map(|h| h.to_string())
        .collect();
    entetes.extend(ELEVE_COLUMNS.iter().map(|(h, _)| h.to_string()));
    entetes.extend(
        ["Classe", "Niveau l'an prochain", "État du dossier"]
            .iter()
            .map(|h| h.to_string()),
    );
    for n in [1, 2] {
        entetes.extend(GUARDIAN_COLUMNS.iter().map(|(c, _)| format!("Responsable {n} : {c}")));
    }
    entetes.extend(URGENCE_COLUMNS.iter().map(|(h, _)| h.to_string()));
    entetes.push("Options choisies".into());
    entetes.extend(
        choices
            .iter()
            .filter(|(_, c)| matches!(c, Choice::Groupe(_) | Choice::Facultative(_)))
            .map(|(n, _)| n.clone()),
    );
    entetes.extend(
        ["Demi-pension", "Numéro CAF", "Régime de sortie"]
            .iter()
            .map(|h| h.to_string()),
    );
    entetes.extend(
        choices
            .iter()
            .filter(|(_, c)| matches!(c, Choice::Consentement(_) | Choice::Piece(_)))
            .map(|(n, _)| n.clone()),
    );
    entetes.extend(
        ["Signataire", "Transmis le", "Dernière modification"]
            .iter()
            .map(|h| h.to_string()),
    );
    let lignes = eleves
        .iter()
        .map(|e| {
            let family = e.valeurs_famille();
            let values = family.unwrap_or(&e.prefill);
            let value = |name: &str| values.get(name).map(|v| v.trim()).unwrap_or("").to_string();
            // A next year's choice: only once the family answered.
            let answer = |name: &str| {
                family
                    .map(|v| v.get(name).map(|v| v.trim()).unwrap_or(""))
                    .unwrap_or("")
            };
            let spec = e.mef_destination.as_deref().and_then(|mef| forms.get(mef));
            let chosen = match (family, spec) {
                (Some(v), Some(spec)) => chosen_options(spec, v),
                _ => Vec::new(),
            };
            let options = spec
                .map(|spec| {
                    spec.options
                        .iter()
                        .filter(|o| chosen.contains(&o.code))
                        .map(|o| o.libelle.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            let offered = |code: &str| spec.is_some_and(|s| s.options.iter().any(|o| o.code == code));
            let regime = answer(names::REGIME_SORTIE);
            let regime = etab
                .regimes_sortie
                .iter()
                .find(|r| r.code == regime)
                .map(|r| r.libelle.clone())
                .unwrap_or_else(|| regime.to_string());
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
            let documents = super::dossier::documents(etab, e);
            let mut row = vec![
                Cell::text(e.ine.clone().unwrap_or_default()),
                Cell::text(&e.nom),
                Cell::text(&e.prenom),
                date_cell(&e.date_naissance),
            ];
            for (_, name) in ELEVE_COLUMNS {
                let v = value(name);
                row.push(Cell::text(match (name, v.as_str()) {
                    (names::ELEVE_SEXE, "F") => "Fille".to_string(),
                    (names::ELEVE_SEXE, "M") => "Garçon".to_string(),
                    _ => v,
                }));
            }
            row.extend([
                Cell::text(e.division.clone().unwrap_or_default()),
                Cell::text(niveau),
                Cell::text(e.etat.libelle()),
            ]);
            for n in [1, 2] {
                for (_, key) in GUARDIAN_COLUMNS {
                    let v = value(&resp(n, key));
                    let v = match key {
                        "lien" => LIENS_PARENTE
                            .iter()
                            .find(|(code, _)| *code == v)
                            .map(|(_, label)| label.to_string())
                            .unwrap_or(v),
                        "paie_frais" if family.is_some() || !v.is_empty() => yes_no(&v).to_string(),
                        _ => v,
                    };
                    row.push(Cell::text(v));
                }
            }
            for (_, name) in URGENCE_COLUMNS {
                row.push(Cell::text(value(name)));
            }
            row.push(Cell::text(options));
            for (_, choice) in &choices {
                let text = match choice {
                    Choice::Groupe(groupe) => spec
                        .and_then(|s| {
                            s.options
                                .iter()
                                .find(|o| o.groupe.as_deref() == Some(groupe) && chosen.contains(&o.code))
                        })
                        .map(|o| o.libelle.clone())
                        .unwrap_or_default(),
                    Choice::Facultative(o) if family.is_some() && offered(&o.code) => {
                        (if chosen.contains(&o.code) { "Oui" } else { "Non" }).to_string()
                    }
                    Choice::Facultative(_) => String::new(),
                    _ => continue,
                };
                row.push(Cell::text(text));
            }
            row.extend([
                Cell::text(demi_pension),
                Cell::text(value(names::NUMERO_CAF)),
                Cell::text(regime),
            ]);
            for (_, choice) in &choices {
                let text = match choice {
                    Choice::Consentement(code) if family.is_some() => yes_no(answer(&consent_field(code))).to_string(),
                    Choice::Consentement(_) => String::new(),
                    Choice::Piece(d) => documents
                        .iter()
                        .find(|s| s.code == d.code)
                        .filter(|_| family.is_some())
                        .map(|s| {
                            if s.fourni {
                                "jointe"
                            } else if s.recu_secretariat.is_some() {
                                "reçue au secrétariat"
                            } else if s.secretariat {
                                "à apporter au secrétariat"
                            } else if s.obligatoire {
                                "manquante"
                            } else {
                                "non fournie"
                            }
                        })
                        .unwrap_or("")
                        .to_string(),
                    _ => continue,
                };
                row.push(Cell::text(text));
            }
            row.push(Cell::text(answer(names::SIGNATURE_NOM)));
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
