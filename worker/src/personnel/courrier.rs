//! The access-code letters: a printable HTML file (one A4 page per pupil, grouped by class)
//! rendered from the theme's `templates/courrier.html`. Written where the codes exist in
//! clear: at import time, and when a lost code is replaced.

use anyhow::{Context, Result};
use dossiersco_generator::views::DateView;
use dossiersco_model::content::{Adresse, DocumentAttendu};
use dossiersco_model::{Etablissement, SiteConfig};
use serde::Serialize;
use std::io::Write;
use std::path::Path;

/// Name of the template in the theme's templates folder.
pub const TEMPLATE: &str = "courrier.html";

/// A pupil's letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lettre {
    pub prenom: String,
    pub nom: String,
    pub division: Option<String>,
    /// Grouped for reading: `7KQ2-MX9D-4TPW`.
    pub code: String,
}

#[derive(Serialize)]
struct Classe<'a> {
    division: &'a str,
    eleves: Vec<&'a Lettre>,
}

#[derive(Serialize)]
struct Ecole<'a> {
    uai: &'a str,
    nom: &'a str,
    adresse: &'a Adresse,
    courriel: &'a str,
    telephone: Option<&'a str>,
    ouverture: DateView,
    cloture: DateView,
    documents: &'a [DocumentAttendu],
}

#[derive(Serialize)]
struct Vue<'a> {
    site: &'a SiteConfig,
    etab: Ecole<'a>,
    url_connexion: String,
    classes: Vec<Classe<'a>>,
    total: usize,
    /// The staff area's page to go back to (letters shown by the worker, not a file).
    retour: Option<&'a str>,
}

/// The compiled letter template of a theme, for one school.
pub struct Courriers {
    tera: tera::Tera,
    site: SiteConfig,
    etab: Etablissement,
}

impl Courriers {
    /// Compiles `<theme>/templates/courrier.html` (a standalone page: the file is opened from
    /// disk and printed, so its CSS is inline).
    pub fn load(theme: &Path, site: SiteConfig, etab: Etablissement) -> Result<Courriers> {
        let path = theme.join("templates").join(TEMPLATE);
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html"]);
        dossiersco_generator::register_theme_filters(&mut tera);
        tera.add_template_file(&path, Some(TEMPLATE))
            .with_context(|| format!("gabarit des courriers {}", path.display()))?;
        Ok(Courriers { tera, site, etab })
    }

    /// The letters of `lettres`, grouped by class (then name), one page each.
    pub fn render(&self, lettres: &[Lettre]) -> Result<String> {
        self.render_page(lettres, None)
    }

    /// [`Courriers::render`], shown by the worker to be printed at once, with a link back to
    /// the staff area's page `retour`.
    pub fn render_page(&self, lettres: &[Lettre], retour: Option<&str>) -> Result<String> {
        let mut sorted: Vec<&Lettre> = lettres.iter().collect();
        sorted.sort_by(|a, b| (&a.division, &a.nom, &a.prenom).cmp(&(&b.division, &b.nom, &b.prenom)));
        let mut classes: Vec<Classe> = Vec::new();
        for lettre in sorted {
            let division = lettre.division.as_deref().unwrap_or("");
            match classes.last_mut() {
                Some(c) if c.division == division => c.eleves.push(lettre),
                _ => classes.push(Classe {
                    division,
                    eleves: vec![lettre],
                }),
            }
        }
        let etab = &self.etab;
        let context = Vue {
            site: &self.site,
            etab: Ecole {
                uai: &etab.uai,
                nom: &etab.nom,
                adresse: &etab.adresse,
                courriel: &etab.courriel,
                telephone: etab.telephone.as_deref(),
                ouverture: DateView::new(etab.campagne.ouverture),
                cloture: DateView::new(etab.campagne.cloture),
                documents: &etab.documents,
            },
            url_connexion: format!("{}/{}/connexion/", self.site.url_base, etab.uai),
            classes,
            total: lettres.len(),
            retour,
        };
        let context = tera::Context::from_serialize(&context).context("contexte des courriers")?;
        self.tera
            .render(TEMPLATE, &context)
            .with_context(|| format!("rendu du gabarit {TEMPLATE}"))
    }

    /// Writes the letters to `path`, a new file readable by its owner only (it holds codes).
    pub fn write_new(&self, path: &Path, lettres: &[Lettre]) -> Result<()> {
        let html = self.render(lettres)?;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options
            .open(path)
            .with_context(|| format!("création de {} (il ne doit pas exister)", path.display()))?;
        let written = file.write_all(html.as_bytes()).and_then(|()| file.sync_all());
        if let Err(err) = written {
            drop(file);
            let _ = std::fs::remove_file(path);
            return Err(err).with_context(|| format!("écriture de {}", path.display()));
        }
        Ok(())
    }
}

/// Reads `content/site.yml` (the letters need the site's URL and title) through the
/// generator's loader: the same rules and messages as `dossiersco check`.
pub fn load_site(content: &Path) -> Result<SiteConfig> {
    dossiersco_generator::load_site_config(content).map_err(|errors| anyhow::anyhow!("{errors}"))
}

impl From<&crate::import::NewCode> for Lettre {
    fn from(code: &crate::import::NewCode) -> Lettre {
        Lettre {
            prenom: code.prenom.clone(),
            nom: code.nom.clone(),
            division: code.division.clone(),
            code: code.code.clone(),
        }
    }
}

/// The letters an import writes (`import --letters-out`), from the theme's template, for the
/// school `uai` of the content folder `content`.
pub fn import_letters(
    content: &Path,
    theme: &Path,
    uai: &str,
    path: std::path::PathBuf,
) -> Result<crate::import::LettersOut> {
    let etab = crate::import::load_etablissement(content, uai).map_err(|e| anyhow::anyhow!("{e}"))?;
    let courriers = Courriers::load(theme, load_site(content)?, etab)?;
    Ok(crate::import::LettersOut::new(path, move |codes| {
        courriers.render(&codes.iter().map(Lettre::from).collect::<Vec<_>>())
    }))
}
