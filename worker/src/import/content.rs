//! The school's content, through the generator's loader (the import needs only that school).

use std::path::Path;

use dossiersco_model::Etablissement;

use super::ImportError;

/// Reads and checks `<content>/etablissements/<uai>/etablissement.yml`.
pub fn load_etablissement(content_dir: &Path, uai: &str) -> Result<Etablissement, ImportError> {
    let dir = content_dir.join("etablissements");
    let path = dir.join(uai).join("etablissement.yml");
    if !path.is_file() {
        let mut known: Vec<String> = std::fs::read_dir(&dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .filter(|e| e.path().join("etablissement.yml").is_file())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        known.sort();
        let known = if known.is_empty() {
            "aucun".to_string()
        } else {
            known.join(", ")
        };
        return Err(ImportError::Contenu(format!(
            "l'établissement {uai} n'existe pas dans le contenu : {} est introuvable \
             (établissements présents : {known}). Créez-le, puis relancez l'import.",
            path.display()
        )));
    }
    // The generator's loader: the same rules and messages (file:line:column) as `dossiersco check`.
    let school = dossiersco_generator::load_one_school(content_dir, uai).map_err(|errors| {
        ImportError::Contenu(format!(
            "le contenu de l'établissement {uai} a des erreurs ; corrigez-les avant d'importer :\n{errors}"
        ))
    })?;
    let etab = school.etablissement;
    Ok(etab)
}
