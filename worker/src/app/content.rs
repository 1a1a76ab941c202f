//! The content the worker needs: site.yml (origins, worker URL) and each school's campaign,
//! with its forms built once per destination level.
//!
//! Loading is the generator's job; until its loader is available the worker reads the two
//! file kinds itself here, refusing content that `dossiersco check` would refuse.

use anyhow::{bail, Context, Result};
use dossiersco_model::{Etablissement, FormSpec, SiteConfig};
use std::collections::BTreeMap;
use std::path::Path;

/// One school and its forms.
pub struct School {
    pub etab: Etablissement,
    /// Form per destination level (MEF).
    pub forms: BTreeMap<String, FormSpec>,
}

/// The loaded content.
pub struct Content {
    pub site: SiteConfig,
    /// Schools by UAI.
    pub schools: BTreeMap<String, School>,
}

impl Content {
    /// Reads `dir/site.yml` and `dir/etablissements/<UAI>/etablissement.yml`.
    pub fn load(dir: &Path) -> Result<Content> {
        let site_path = dir.join("site.yml");
        let site: SiteConfig = read_yaml(&site_path)?;
        let mut problems: Vec<String> = site
            .check()
            .into_iter()
            .map(|i| format!("{} : {}", site_path.display(), i.message))
            .collect();
        let mut etabs = Vec::new();
        let schools_dir = dir.join("etablissements");
        let entries =
            std::fs::read_dir(&schools_dir).with_context(|| format!("lecture de {}", schools_dir.display()))?;
        for entry in entries {
            let folder = entry?.path();
            let path = folder.join("etablissement.yml");
            if !path.is_file() {
                continue;
            }
            let etab: Etablissement = read_yaml(&path)?;
            let folder_uai = folder.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            problems.extend(
                etab.check(folder_uai)
                    .into_iter()
                    .map(|i| format!("{} : {}", path.display(), i.message)),
            );
            etabs.push(etab);
        }
        if !problems.is_empty() {
            bail!(
                "contenu invalide (lancez « dossiersco check ») :\n{}",
                problems.join("\n")
            );
        }
        Ok(Content::from_parts(site, etabs))
    }

    /// Builds the forms of already-checked content.
    pub fn from_parts(site: SiteConfig, etabs: impl IntoIterator<Item = Etablissement>) -> Content {
        let schools = etabs
            .into_iter()
            .map(|etab| {
                let forms = etab
                    .niveaux
                    .iter()
                    .map(|niveau| (niveau.mef.clone(), FormSpec::build(&etab, niveau)))
                    .collect();
                (etab.uai.clone(), School { etab, forms })
            })
            .collect();
        Content { site, schools }
    }

    /// The form of school `uai` for pupils going to `mef`.
    pub fn form(&self, uai: &str, mef: &str) -> Option<&FormSpec> {
        self.schools.get(uai)?.forms.get(mef)
    }
}

fn read_yaml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let text = std::fs::read_to_string(path).with_context(|| format!("lecture de {}", path.display()))?;
    serde_yaml::from_str(&text).with_context(|| format!("{} invalide", path.display()))
}
