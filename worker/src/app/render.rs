//! The pages the worker renders: the form again, with what was typed and the errors, after
//! a refused post (422), and the one-click summary. The generator's [`Site`] renders them
//! from the theme, exactly as it renders the static pages.

use dossiersco_generator::Site;
use dossiersco_model::{FieldError, FormValues};

/// Renders the form page of `uai`/`mef` with `values` and `errors`.
pub trait FormPageRenderer: Send + Sync {
    fn render_form_page(
        &self,
        uai: &str,
        mef: &str,
        values: &FormValues,
        errors: &[FieldError],
    ) -> anyhow::Result<String>;

    /// A page of school `uai` filled with one family's data (the one-click summary, see
    /// [`Site::render_page`]).
    fn render_page(&self, template: &str, uai: &str, extra: &serde_json::Value) -> anyhow::Result<String>;

    /// [`FormPageRenderer::render_form_page`] in the family's language `lang`.
    fn render_form_page_in(
        &self,
        lang: &str,
        uai: &str,
        mef: &str,
        values: &FormValues,
        errors: &[FieldError],
    ) -> anyhow::Result<String>;

    /// [`FormPageRenderer::render_page`] in `lang`; `chemin`: the page's path on the French
    /// site (the language switch).
    fn render_page_in(
        &self,
        lang: &str,
        template: &str,
        uai: &str,
        chemin: &str,
        extra: &serde_json::Value,
    ) -> anyhow::Result<String>;
}

impl FormPageRenderer for Site {
    fn render_form_page(
        &self,
        uai: &str,
        mef: &str,
        values: &FormValues,
        errors: &[FieldError],
    ) -> anyhow::Result<String> {
        Site::render_form_page(self, uai, mef, values, errors)
    }

    fn render_page(&self, template: &str, uai: &str, extra: &serde_json::Value) -> anyhow::Result<String> {
        Site::render_page(self, template, uai, extra)
    }

    fn render_form_page_in(
        &self,
        lang: &str,
        uai: &str,
        mef: &str,
        values: &FormValues,
        errors: &[FieldError],
    ) -> anyhow::Result<String> {
        Site::render_form_page_in(self, lang, uai, mef, values, errors)
    }

    fn render_page_in(
        &self,
        lang: &str,
        template: &str,
        uai: &str,
        chemin: &str,
        extra: &serde_json::Value,
    ) -> anyhow::Result<String> {
        Site::render_page_in(self, lang, template, uai, chemin, extra)
    }
}

/// HTML escaping of text and attribute values (the worker's own small error pages): the
/// generator's, so both escape alike.
pub use dossiersco_generator::views::escape as esc;
