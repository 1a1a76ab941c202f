//! Loading a theme's email templates: shared by the families' and the staff's emails.

use anyhow::{Context as _, Result};
use std::path::Path;

/// Compiles `<theme>/emails/<name>` for each `(name, builtin)`; a template the theme does not
/// have comes from the default theme (built in), so a theme only overrides what it changes.
/// `.html` templates are escaped, `.txt` not.
pub(super) fn load(theme: &Path, templates: &[(&str, &str)]) -> Result<tera::Tera> {
    let dir = theme.join("emails");
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html"]);
    dossiersco_generator::register_theme_filters(&mut tera);
    for (name, builtin) in templates {
        let path = dir.join(name);
        if path.is_file() {
            tera.add_template_file(&path, Some(name))
                .with_context(|| format!("modèle de courriel {}", path.display()))?;
        } else {
            tracing::debug!("modèle de courriel {name} : celui du thème par défaut");
            tera.add_raw_template(name, builtin)
                .with_context(|| format!("modèle de courriel intégré {name}"))?;
        }
    }
    Ok(tera)
}
