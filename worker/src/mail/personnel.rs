//! The emails of the staff area: the one-time login link sent to a staff member, the
//! "request accepted" sent to a family when its file is validated, and the reminders.
//! Wording lives in the theme (`emails/{lien_personnel,validation,relance}.*`).

use super::OutgoingEmail;
use anyhow::{Context, Result};
use dossiersco_model::{Etablissement, Niveau, SiteConfig};
use serde::Serialize;
use std::path::Path;

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
    /// Last day of the campaign, in words.
    cloture: String,
    /// The school's login page.
    lien: String,
    /// Names of the mandatory documents the school still expects (validation email).
    pieces_attendues: &'a [String],
}

impl StaffEmails {
    /// Compiles `<theme>/emails/…`, the default theme's version for what the theme lacks.
    pub fn load(theme: &Path) -> Result<StaffEmails> {
        Ok(StaffEmails {
            tera: super::templates::load(theme, &TEMPLATES)?,
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
        let render = |suffix: &str| {
            let name = format!("{kind}.{suffix}");
            self.tera
                .render(&name, context)
                .with_context(|| format!("rendu du modèle de courriel {name}"))
        };
        let sujet = render("sujet.txt")?;
        Ok(OutgoingEmail {
            uai: etab.uai.clone(),
            eleve_id,
            genre: kind.to_string(),
            expediteur: format!(
                "{} <{}>",
                super::confirmation::quote_display_name(&site.titre),
                site.contact
            ),
            destinataires,
            repondre_a: Some(etab.courriel.clone()),
            sujet: sujet.split_whitespace().collect::<Vec<_>>().join(" "),
            texte: render("txt")?,
            html: Some(render("html")?),
        })
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
    /// mandatory documents still expected (`pieces_attendues`, names; empty: none).
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
    ) -> Result<OutgoingEmail> {
        let context = self.family_context(site, etab, eleve, niveau, "", pieces_attendues)?;
        self.email("validation", &context, site, etab, destinataires, Some(eleve_id))
    }

    /// A reminder to a family whose file is in state `etat`.
    pub fn reminder(
        &self,
        site: &SiteConfig,
        etab: &Etablissement,
        eleve: EleveNom,
        etat: &str,
        destinataires: Vec<String>,
        eleve_id: i64,
    ) -> Result<OutgoingEmail> {
        let context = self.family_context(site, etab, eleve, None, etat, &[])?;
        self.email("relance", &context, site, etab, destinataires, Some(eleve_id))
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
            cloture: dossiersco_generator::views::DateView::new(etab.campagne.cloture).texte,
            lien: format!("{}/{}/connexion/", site.url_base, etab.uai),
            pieces_attendues,
        })?)
    }
}
