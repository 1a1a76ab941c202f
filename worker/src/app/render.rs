//! The one page the worker renders: the form again, with what was typed and the errors, after
//! a refused post (422). The generator's renderer does it from the theme; until it is wired,
//! a plain page lists the errors and keeps every value.

use super::content::Content;
use dossiersco_model::{FieldError, FieldKind, FormValues};
use std::sync::Arc;

/// Renders the form page of `uai`/`mef` with `values` and `errors`.
pub trait FormPageRenderer: Send + Sync {
    fn render_form_page(
        &self,
        uai: &str,
        mef: &str,
        values: &FormValues,
        errors: &[FieldError],
    ) -> anyhow::Result<String>;
}

/// Stand-in renderer: an error summary and the form's fields, filled in.
pub struct PlainFormPage {
    pub content: Arc<Content>,
}

impl FormPageRenderer for PlainFormPage {
    fn render_form_page(
        &self,
        uai: &str,
        mef: &str,
        values: &FormValues,
        errors: &[FieldError],
    ) -> anyhow::Result<String> {
        let spec = self
            .content
            .form(uai, mef)
            .ok_or_else(|| anyhow::anyhow!("formulaire inconnu"))?;
        let action = format!("{}/dossier", self.content.site.url_worker);
        let mut html = String::from(
            "<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>Erreurs dans le formulaire</title><main>\
             <h1>Le dossier n'a pas été transmis</h1><div role=\"alert\"><p>Corrigez ces points :</p><ul>",
        );
        for e in errors {
            html += &format!(
                "<li><a href=\"#{}\">{} : {}</a></li>",
                esc(&e.field),
                esc(&e.label),
                esc(&e.message)
            );
        }
        html += &format!("</ul></div><form method=\"post\" action=\"{}\">", esc(&action));
        html += &format!(
            "<input type=\"hidden\" name=\"uai\" value=\"{}\"><input type=\"hidden\" name=\"mef\" value=\"{}\">",
            esc(uai),
            esc(mef)
        );
        for field in spec.fields() {
            let value = values.get(&field.name).map(String::as_str).unwrap_or("");
            let message = errors.iter().find(|e| e.field == field.name);
            html += &format!(
                "<p><label for=\"{0}\">{1}</label>{2}<br>",
                esc(&field.name),
                esc(&field.label),
                message
                    .map(|e| format!(" <strong>{}</strong>", esc(&e.message)))
                    .unwrap_or_default()
            );
            html += &match field.kind {
                FieldKind::Textarea => format!(
                    "<textarea id=\"{0}\" name=\"{0}\">{1}</textarea></p>",
                    esc(&field.name),
                    esc(value)
                ),
                _ => format!(
                    "<input id=\"{0}\" name=\"{0}\" value=\"{1}\"></p>",
                    esc(&field.name),
                    esc(value)
                ),
            };
        }
        html += "<p><button type=\"submit\">Transmettre le dossier</button></p></form></main></html>";
        Ok(html)
    }
}

/// HTML escaping of text and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
