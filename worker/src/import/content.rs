//! The school's content file, read directly (the import needs only etablissement.yml).

use std::path::Path;

use dossiersco_model::Etablissement;

use super::ImportError;

/// Reads and checks `<content>/etablissements/<uai>/etablissement.yml`.
pub fn load_etablissement(content_dir: &Path, uai: &str) -> Result<Etablissement, ImportError> {
    let dir = content_dir.join("etablissements");
    let path = dir.join(uai).join("etablissement.yml");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
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
        Err(err) => {
            return Err(ImportError::Contenu(format!(
                "{} : lecture impossible ({err})",
                path.display()
            )));
        }
    };
    let etab: Etablissement = serde_yaml::from_str(&text).map_err(|err| {
        let ligne = err
            .location()
            .map(|l| format!(", ligne {}", l.line()))
            .unwrap_or_default();
        ImportError::Contenu(format!(
            "{}{ligne} : {err} — corrigez le fichier (dossiersco check le vérifie)",
            path.display()
        ))
    })?;
    let issues = etab.check(uai);
    if !issues.is_empty() {
        let list: Vec<String> = issues.iter().map(|i| format!("  - {}", i.message)).collect();
        return Err(ImportError::Contenu(format!(
            "{} contient des erreurs ; corrigez-les (dossiersco check les situe) avant d'importer :\n{}",
            path.display(),
            list.join("\n")
        )));
    }
    Ok(etab)
}
