//! The build manifest: a hash of what every page depends on (generator, theme, site.yml,
//! content pages) and one hash per school (its etablissement.yml and accueil.md as loaded).
//! A school whose hash and the global hash are unchanged keeps its previous pages.

use crate::render::Site;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    /// Hash of what every page depends on.
    pub global: String,
    /// UAI → hash of the school's content.
    pub schools: BTreeMap<String, String>,
}

impl Manifest {
    pub fn of(site: &Site) -> Manifest {
        let content = site.content();
        let mut global = Sha256::new();
        global.update(env!("CARGO_PKG_VERSION"));
        global.update(executable_identity());
        global.update(site.theme_hash());
        global.update(serde_json::to_vec(&content.site).unwrap_or_default());
        for page in &content.pages {
            for part in [&page.slug, &page.titre, page.lien.as_deref().unwrap_or("")] {
                global.update(part.as_bytes());
                global.update([0]);
            }
            // Translated titles are in every page's footer.
            for (langue, translation) in &page.traductions {
                for part in [langue, &translation.titre, translation.lien.as_deref().unwrap_or("")] {
                    global.update(part.as_bytes());
                    global.update([0]);
                }
            }
        }
        let schools = content
            .schools
            .par_iter()
            .map(|school| {
                let mut hasher = Sha256::new();
                hasher.update(serde_json::to_vec(&school.etablissement).unwrap_or_default());
                hasher.update([0]);
                hasher.update(school.accueil.titre.as_bytes());
                hasher.update([0]);
                hasher.update(school.accueil.markdown.as_bytes());
                for (langue, translation) in &school.accueil.traductions {
                    for part in [langue, &translation.titre, &translation.markdown] {
                        hasher.update([0]);
                        hasher.update(part.as_bytes());
                    }
                }
                hasher.update([0]);
                hasher.update(serde_json::to_vec(&school.traductions).unwrap_or_default());
                (school.etablissement.uai.clone(), hex::encode(hasher.finalize()))
            })
            .collect();
        Manifest {
            global: hex::encode(global.finalize()),
            schools,
        }
    }

    /// The manifest of a previous build, if there is a readable one.
    pub fn read(path: &Path) -> Option<Manifest> {
        serde_json::from_slice(&std::fs::read(path).ok()?).ok()
    }

    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        std::fs::write(path, serde_json::to_vec(self)?)?;
        Ok(())
    }
}

/// Size and modification time of the running program: a rebuilt generator (whose rendering
/// may have changed) renders everything again.
fn executable_identity() -> String {
    std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| format!("{}:{:?}", m.len(), m.modified().ok()))
        .unwrap_or_default()
}
