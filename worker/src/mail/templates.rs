//! Loading a theme's email templates: shared by the families' and the staff's emails.

use anyhow::{Context as _, Result};
use dossiersco_i18n::{Catalogs, FluentArgs, FluentValue};
use std::path::Path;
use std::sync::Arc;

/// Compiles `<theme>/emails/<name>` for each `(name, builtin)`; a template the theme does not
/// have comes from the default theme (built in), so a theme only overrides what it changes.
/// `.html` templates are escaped, `.txt` not. With `catalogs`, the `t` function reads them
/// (the families' emails).
pub(super) fn load_translated(
    theme: &Path,
    templates: &[(&str, &str)],
    catalogs: Option<Arc<Catalogs>>,
) -> Result<tera::Tera> {
    let dir = theme.join("emails");
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html"]);
    dossiersco_generator::register_theme_filters(&mut tera);
    if let Some(catalogs) = catalogs {
        tera.register_function("t", Translate(catalogs));
    }
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

/// `{{ t(key="courriel-bonjour", prenom=eleve.prenom) }}`: the message of the theme's catalog in
/// the email's language (`langue` in the context, French when absent), as on the site's pages.
/// Arguments are escaped like any value of the template; the message itself is not escaped
/// again (a catalog may hold markup).
pub(super) struct Translate(pub Arc<Catalogs>);

impl tera::Function<tera::TeraResult<tera::Value>> for Translate {
    fn call(&self, kwargs: tera::Kwargs, state: &tera::State) -> tera::TeraResult<tera::Value> {
        let key = kwargs.must_get::<&str>("key")?.to_string();
        let lang = state
            .get::<String>("langue")?
            .unwrap_or_else(|| dossiersco_i18n::REFERENCE.to_string());
        let mut args = FluentArgs::new();
        let mut any = false;
        for (name, value) in kwargs.iter() {
            let name = name.to_string();
            if name == "key" {
                continue;
            }
            any = true;
            let value = if let Some(n) = value.as_i64() {
                FluentValue::from(n)
            } else {
                FluentValue::from(state.escape_if_needed(value)?)
            };
            args.set(name, value);
        }
        Ok(tera::Value::safe_string(&self.0.text(
            &lang,
            &key,
            any.then_some(&args),
        )))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// The catalogs of a theme with only French (the reference), for callers that name no language.
pub(super) fn french_catalogs(theme: &Path) -> Result<Arc<Catalogs>> {
    let catalogs = Catalogs::load(&theme.join("i18n"), &[])
        .map_err(|err| anyhow::anyhow!("catalogues de traduction du thème :\n{err}"))?;
    Ok(Arc::new(catalogs))
}
