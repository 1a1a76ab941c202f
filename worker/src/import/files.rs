//! Reading the SIECLE files of one import: every file is parsed before anything is
//! written, and every problem of every file is reported at once.

use std::path::{Path, PathBuf};

use dossiersco_siecle::{
    self as siecle, EleveSiecle, ExportContent, ExportKind, Nomenclature, ParsedFile, Responsables,
};

use super::ImportError;

/// The files of one import, checked: one per kind, all for the same school, pupils present.
#[derive(Debug, Clone)]
pub struct ImportFiles {
    pub eleves: Vec<EleveSiecle>,
    pub responsables: Option<Responsables>,
    pub nomenclature: Option<Nomenclature>,
    /// (kind, file name) in the order given, for the summary.
    pub fichiers: Vec<(ExportKind, String)>,
    /// Things worth telling staff that do not stop the import.
    pub avertissements: Vec<String>,
}

fn name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Parses every file and checks them together. On any problem, returns all of them.
pub fn read_files(uai: &str, paths: &[PathBuf]) -> Result<ImportFiles, ImportError> {
    if paths.is_empty() {
        return Err(ImportError::Fichiers(vec![
            "aucun fichier donné : indiquez au moins l'export ElevesAvecAdresses".into(),
        ]));
    }
    let mut problems = Vec::new();
    let mut parsed: Vec<ParsedFile> = Vec::new();
    for path in paths {
        match siecle::parse_file(path) {
            Ok(file) => parsed.push(file),
            Err(err) => problems.push(err.to_string()),
        }
    }
    for file in &parsed {
        if file.uaj != uai {
            problems.push(format!(
                "{} : ce fichier est l'export de l'établissement {} (PARAMETRES/UAJ), pas de {uai} — \
                 rien n'a été importé.",
                name(&file.path),
                file.uaj
            ));
        }
    }
    for kind in [ExportKind::Eleves, ExportKind::Responsables, ExportKind::Nomenclature] {
        let same: Vec<String> = parsed
            .iter()
            .filter(|f| f.kind() == kind)
            .map(|f| name(&f.path))
            .collect();
        if same.len() > 1 {
            problems.push(format!(
                "{} sont tous des exports {} : donnez un seul fichier de chaque sorte — rien n'a été importé.",
                same.join(" et "),
                kind.libelle()
            ));
        }
    }
    let has_eleves = parsed.iter().any(|f| f.kind() == ExportKind::Eleves);
    if !has_eleves && problems.is_empty() {
        problems.push(
            "aucun export élèves (ElevesAvecAdresses, élément BEE_ELEVES) parmi les fichiers : \
             il est indispensable — rien n'a été importé."
                .into(),
        );
    }
    if !problems.is_empty() {
        return Err(ImportError::Fichiers(problems));
    }

    let mut avertissements = Vec::new();
    let annees: Vec<(&str, String)> = parsed
        .iter()
        .filter_map(|f| f.annee_scolaire.as_deref().map(|a| (a, name(&f.path))))
        .collect();
    if annees.windows(2).any(|w| w[0].0 != w[1].0) {
        let list: Vec<String> = annees.iter().map(|(a, f)| format!("{f} : {a}")).collect();
        avertissements.push(format!(
            "les fichiers ne sont pas de la même année scolaire ({}) : vérifiez qu'ils viennent du même export",
            list.join(", ")
        ));
    }
    let mut files = ImportFiles {
        eleves: Vec::new(),
        responsables: None,
        nomenclature: None,
        fichiers: parsed.iter().map(|f| (f.kind(), name(&f.path))).collect(),
        avertissements,
    };
    for file in parsed {
        match file.content {
            ExportContent::Eleves(e) => files.eleves = e,
            ExportContent::Responsables(r) => files.responsables = Some(r),
            ExportContent::Nomenclature(n) => files.nomenclature = Some(n),
        }
    }
    Ok(files)
}
