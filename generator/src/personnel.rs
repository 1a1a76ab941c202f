//! The staff area's pages of a school: static like the family pages (nothing personal in
//! them), filled after login by `static/personnel.js` from the worker's JSON API. They are
//! not listed in the sitemap: they are for the school's staff, not for search engines.

use crate::render::Site;
use anyhow::Context as _;
use tera::Context;

/// (page name given to the template, URL path under `/<UAI>/`, template).
pub const STAFF_PAGES: [(&str, &str, &str); 6] = [
    ("connexion", "personnel/", "personnel/connexion.html"),
    ("tableau", "personnel/tableau/", "personnel/tableau.html"),
    ("eleves", "personnel/eleves/", "personnel/eleves.html"),
    ("eleve", "personnel/eleve/", "personnel/eleve.html"),
    ("import", "personnel/import/", "personnel/import.html"),
    ("courriers", "personnel/courriers/", "personnel/courriers.html"),
];

impl Site {
    /// Renders the staff pages of school `uai` (each into `buffer`); `ctx` holds the school
    /// (`etab`).
    pub(crate) fn staff_pages(
        &self,
        uai: &str,
        ctx: &Context,
        buffer: &mut Vec<u8>,
        emit: &mut impl FnMut(String, &[u8]) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        for (page, path, template) in STAFF_PAGES {
            let mut ctx = ctx.clone();
            ctx.insert("page", page);
            self.render_into(dossiersco_i18n::REFERENCE, template, &ctx, buffer)
                .with_context(|| format!("établissement {uai}, espace personnel"))?;
            emit(format!("{uai}/{path}index.html"), buffer)?;
        }
        Ok(())
    }
}
