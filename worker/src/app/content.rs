//! The content the worker needs: site.yml (origins, worker URL) and each school's campaign,
//! with its forms built once per destination level. Loading is the generator's job.

use dossiersco_generator::Site;
use dossiersco_model::{Etablissement, FormSpec, SiteConfig};
use std::collections::BTreeMap;

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
    /// The content the generator's [`Site`] loaded (checked: every error at once, with file:line).
    pub fn from_site(site: &Site) -> Content {
        let loaded = site.content();
        Content::from_parts(
            loaded.site.clone(),
            loaded.schools.iter().map(|s| s.etablissement.clone()),
        )
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
