//! /stats/stats.csv: the figures as a spreadsheet opens them in France (UTF-8 with BOM, `;`
//! between cells, decimal comma). One national row, then one row per school.

use dossiersco_model::stats::{Count, Figures, Stats};
use serde::Serialize;

/// A column of the file and what it holds. The page documents the file from this list, so
/// the file and its description cannot drift apart (hence French text here).
#[derive(Serialize)]
pub struct Column {
    pub nom: &'static str,
    pub description: &'static str,
}

pub const COLUMNS: &[Column] = &[
    col("perimetre", "« national » ou « etablissement »"),
    col("uai", "code UAI du collège (vide pour la ligne nationale)"),
    col("nom", "nom du collège"),
    col("eleves_attendus", "élèves importés, hors élèves quittant le collège"),
    col(
        "familles_connectees",
        "familles qui se sont connectées au moins une fois",
    ),
    col("part_connectees", "familles connectées, en % des élèves attendus"),
    col("dossiers_transmis", "dossiers transmis (y compris ceux déjà validés)"),
    col("part_transmis", "dossiers transmis, en % des élèves attendus"),
    col("dossiers_valides", "dossiers validés par le collège"),
    col("part_valides", "dossiers validés, en % des élèves attendus"),
    col("transmis_un_clic", "dossiers transmis en un clic (« rien n'a changé »)"),
    col("transmis_formulaire", "dossiers transmis par le formulaire complet"),
    col("notes", "nombre de notes de satisfaction"),
    col("note_moyenne", "note de satisfaction moyenne, sur 5"),
    col("notes_1", "nombre de notes 1 sur 5"),
    col("notes_2", "nombre de notes 2 sur 5"),
    col("notes_3", "nombre de notes 3 sur 5"),
    col("notes_4", "nombre de notes 4 sur 5"),
    col("notes_5", "nombre de notes 5 sur 5"),
    col(
        "delai_median_heures",
        "durée médiane entre la première connexion et la première transmission, en heures",
    ),
    col("releve_le", "date et heure de la copie de la base (heure de Paris)"),
];

const fn col(nom: &'static str, description: &'static str) -> Column {
    Column { nom, description }
}

/// The whole file; `names` gives a school's name from its UAI.
pub fn render(stats: &Stats, names: impl Fn(&str) -> String) -> String {
    let mut out = String::from("\u{feff}");
    push_row(&mut out, COLUMNS.iter().map(|c| c.nom.to_string()));
    push_row(&mut out, row("national", "", "", &stats.national, &stats.releve_le));
    for school in &stats.etablissements {
        let name = names(&school.uai);
        push_row(
            &mut out,
            row("etablissement", &school.uai, &name, &school.chiffres, &stats.releve_le),
        );
    }
    out
}

fn row(perimetre: &str, uai: &str, nom: &str, f: &Figures, releve: &str) -> impl Iterator<Item = String> {
    let p = &f.participation;
    let s = &f.satisfaction;
    let share = |x: Option<f64>| x.map(|v| decimal(v, 1)).unwrap_or_default();
    let mut cells = vec![
        perimetre.to_string(),
        uai.to_string(),
        nom.to_string(),
        number(p.eleves_attendus),
        number(p.familles_connectees),
        share(p.part_connectees),
        number(p.dossiers_transmis),
        share(p.part_transmis),
        number(p.dossiers_valides),
        share(p.part_valides),
        number(f.modes.un_clic),
        number(f.modes.formulaire),
        number(s.notes),
        s.moyenne.map(|m| decimal(m, 2)).unwrap_or_default(),
    ];
    cells.extend(s.repartition.iter().map(|c| number(*c)));
    cells.push(
        f.delai_median_secondes
            .map(|d| decimal(d as f64 / 3600.0, 1))
            .unwrap_or_default(),
    );
    cells.push(releve.to_string());
    cells.into_iter()
}

/// `x` with a decimal comma and no thousands separator (spreadsheets read it as a number).
fn decimal(x: f64, decimals: usize) -> String {
    format!("{x:.decimals$}").replace('.', ",")
}

/// Plain digits (no thousands separator: spreadsheets read them as numbers), or "< 5".
fn number(c: Count) -> String {
    c.to_string()
}

fn push_row(out: &mut String, cells: impl Iterator<Item = String>) {
    let cells: Vec<String> = cells.map(|c| quote(&c)).collect();
    out.push_str(&cells.join(";"));
    out.push_str("\r\n");
}

/// Quotes a cell holding the separator, a quote or a line break.
fn quote(cell: &str) -> String {
    if cell.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_with_separators_are_quoted() {
        assert_eq!(quote("Collège « Jean; Moulin »"), "\"Collège « Jean; Moulin »\"");
        assert_eq!(quote("dit \"le grand\""), "\"dit \"\"le grand\"\"\"");
        assert_eq!(quote("simple"), "simple");
    }
}
