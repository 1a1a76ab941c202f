//! The emails of the staff area: the one-time login link sent to a staff member, the
//! "request accepted" sent to a family when its file is validated, and the reminders.
//! Wording lives in the theme (`emails/{lien_personnel,validation,relance}.*`); the families'
//! emails take their texts from the catalogs (`courriel-…` keys) and go out in the language
//! the family last chose on the site, the French text below (as the confirmation).

use super::confirmation::{family_then_french, school_email, Parts};
use super::OutgoingEmail;
use anyhow::{Context, Result};
use dossiersco_i18n::Catalogs;
use dossiersco_model::{Etablissement, Niveau, SiteConfig};
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;

macro_rules! builtin {
    ($name:literal) => {
        ($name, include_str!(concat!("../../../themes/default/emails/", $name)))
    };
}

/// Template names, with the default theme's version built in.
const TEMPLATES: [(&str, &str); 9] = [
    builtin!("lien_personnel.sujet.txt"),
    builtin!("lien_personnel.txt"),
    builtin!("lien_personnel.html"),
    builtin!("validation.sujet.txt"),
    builtin!("validation.txt"),
    builtin!("validation.html"),
    builtin!("relance.sujet.txt"),
    builtin!("relance.txt"),
    builtin!("relance.html"),
];

/// The staff area's email templates, compiled once (a theme overrides what it has).
pub struct StaffEmails {
    tera: tera::Tera,
    catalogs: Arc<Catalogs>,
}

/// A pupil as the family emails name it.
#[derive(Serialize)]
pub struct EleveNom<'a> {
    pub prenom: &'a str,
    pub nom: &'a str,
}

#[derive(Serialize)]
struct LienContext<'a> {
    site: &'a SiteConfig,
    etablissement: &'a Etablissement,
    lien: &'a str,
    page_connexion: String,
    minutes: i64,
}

#[derive(Serialize)]
struct FamilleContext<'a> {
    site: &'a SiteConfig,
    etablissement: &'a Etablissement,
    eleve: EleveNom<'a>,
    niveau: Option<&'a Niveau>,
    /// State the reminder targets (`non_connecte`, `brouillon`); empty for a validation.
    etat: &'a str,
    /// Last day of the campaign, in words in the email's language.
    cloture: String,
    /// The school's login page.
    lien: String,
    /// Names of the mandatory documents the school still expects (validation email).
    pieces_attendues: &'a [String],
}

impl StaffEmails {
    /// Compiles `<theme>/emails/…`, the default theme's version for what the theme lacks.
    pub fn load(theme: &Path) -> Result<StaffEmails> {
        Self::with_catalogs(theme, super::templates::french_catalogs(theme)?)
    }

    /// [`load`](Self::load) with the site's catalogs: the families' emails in their language.
    pub fn with_catalogs(theme: &Path, catalogs: Arc<Catalogs>) -> Result<StaffEmails> {
        Ok(StaffEmails {
            tera: super::templates::load_translated(theme, &TEMPLATES, Some(catalogs.clone()))?,
            catalogs,
        })
    }

    fn email(
        &self,
        kind: &str,
        context: &tera::Context,
        site: &SiteConfig,
        etab: &Etablissement,
        destinataires: Vec<String>,
        eleve_id: Option<i64>,
    ) -> Result<OutgoingEmail> {
        let parts = self.render_all(kind, context)?;
        Ok(school_email(site, etab, kind, destinataires, eleve_id, parts))
    }

    /// Subject (one line), text and HTML of email `kind`.
    fn render_all(&self, kind: &str, context: &tera::Context) -> Result<Parts> {
        let render = |suffix: &str| {
            let name = format!("{kind}.{suffix}");
            self.tera
                .render(&name, context)
                .with_context(|| format!("rendu du modèle de courriel {name}"))
        };
        let sujet = render("sujet.txt")?;
        Ok((
            sujet.split_whitespace().collect::<Vec<_>>().join(" "),
            render("txt")?,
            render("html")?,
        ))
    }

    /// Email `kind` to a family in `langue` (the language it last chose; None or French: the
    /// French alone), the French text below the family's, both subjects, the family's first.
    #[allow(clippy::too_many_arguments)]
    fn family_email(
        &self,
        kind: &str,
        context: &mut tera::Context,
        langue: Option<&str>,
        etab: &Etablissement,
        site: &SiteConfig,
        destinataires: Vec<String>,
        eleve_id: i64,
    ) -> Result<OutgoingEmail> {
        let french = self.render_in(kind, context, etab, dossiersco_i18n::REFERENCE)?;
        // A language the site no longer has (removed from site.yml since): French.
        let langue = langue.filter(|l| *l != dossiersco_i18n::REFERENCE && self.catalogs.has_langue(l));
        let parts = match langue {
            None => french,
            Some(langue) => {
                let label = self.catalogs.text(langue, "courriel-version-francaise", None);
                family_then_french(self.render_in(kind, context, etab, langue)?, french, &label)
            }
        };
        Ok(school_email(site, etab, kind, destinataires, Some(eleve_id), parts))
    }

    /// Email `kind` rendered in `lang`: its `langue`, `dir` and closing date in words.
    fn render_in(&self, kind: &str, context: &mut tera::Context, etab: &Etablissement, lang: &str) -> Result<Parts> {
        context.insert("langue", lang);
        context.insert("dir", dossiersco_i18n::dir(lang));
        context.insert("cloture", &self.catalogs.date_longue(lang, etab.campagne.cloture));
        self.render_all(kind, context)
    }

    /// The login link for `courriel`, staff of `etab`, valid `minutes`.
    pub fn login_link(
        &self,
        site: &SiteConfig,
        etab: &Etablissement,
        courriel: &str,
        lien: &str,
        minutes: i64,
    ) -> Result<OutgoingEmail> {
        let context = tera::Context::from_serialize(&LienContext {
            site,
            etablissement: etab,
            lien,
            page_connexion: format!("{}/{}/personnel/", site.url_base, etab.uai),
            minutes,
        })?;
        self.email("lien_personnel", &context, site, etab, vec![courriel.to_string()], None)
    }

    /// "Request accepted, subject to the class council", to the family's addresses, with the
    /// mandatory documents still expected (`pieces_attendues`, names; empty: none), in the
    /// family's `langue` with the French below (None: French only).
    #[allow(clippy::too_many_arguments)]
    pub fn validation(
        &self,
        site: &SiteConfig,
        etab: &Etablissement,
        eleve: EleveNom,
        niveau: Option<&Niveau>,
        pieces_attendues: &[String],
        destinataires: Vec<String>,
        eleve_id: i64,
        langue: Option<&str>,
    ) -> Result<OutgoingEmail> {
        let mut context = self.family_context(site, etab, eleve, niveau, "", pieces_attendues)?;
        self.family_email("validation", &mut context, langue, etab, site, destinataires, eleve_id)
    }

    /// A reminder to a family whose file is in state `etat`, in the family's `langue` with the
    /// French below (None: French only).
    #[allow(clippy::too_many_arguments)]
    pub fn reminder(
        &self,
        site: &SiteConfig,
        etab: &Etablissement,
        eleve: EleveNom,
        etat: &str,
        destinataires: Vec<String>,
        eleve_id: i64,
        langue: Option<&str>,
    ) -> Result<OutgoingEmail> {
        let mut context = self.family_context(site, etab, eleve, None, etat, &[])?;
        self.family_email("relance", &mut context, langue, etab, site, destinataires, eleve_id)
    }

    fn family_context(
        &self,
        site: &SiteConfig,
        etab: &Etablissement,
        eleve: EleveNom,
        niveau: Option<&Niveau>,
        etat: &str,
        pieces_attendues: &[String],
    ) -> Result<tera::Context> {
        Ok(tera::Context::from_serialize(&FamilleContext {
            site,
            etablissement: etab,
            eleve,
            niveau,
            etat,
            cloture: self
                .catalogs
                .date_longue(dossiersco_i18n::REFERENCE, etab.campagne.cloture),
            lien: format!("{}/{}/connexion/", site.url_base, etab.uai),
            pieces_attendues,
        })?)
    }
}
