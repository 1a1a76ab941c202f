//! The confirmation sent when a family submits its file: wording and layout live in the
//! theme (`emails/confirmation.{sujet.txt,txt,html}`); this module only gathers the facts.

use super::OutgoingEmail;
use anyhow::{Context, Result};
use dossiersco_i18n::Catalogs;
use dossiersco_model::content::Modalite;
use dossiersco_model::form::{chosen_options, consent_field, names, resp, secretariat_field, CHECKED};
use dossiersco_model::{Etablissement, FormSpec, FormValues, Niveau, SiteConfig};
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;

/// Template names, with the default theme's version built in.
const TEMPLATES: [(&str, &str); 3] = [
    (
        "confirmation.sujet.txt",
        include_str!("../../../themes/default/emails/confirmation.sujet.txt"),
    ),
    (
        "confirmation.txt",
        include_str!("../../../themes/default/emails/confirmation.txt"),
    ),
    (
        "confirmation.html",
        include_str!("../../../themes/default/emails/confirmation.html"),
    ),
];

/// The email templates of a theme, compiled once. `.html` templates are escaped, `.txt` not.
pub struct EmailTemplates {
    tera: tera::Tera,
    catalogs: Arc<Catalogs>,
}

impl EmailTemplates {
    /// Compiles `<theme>/emails/*`; a template the theme does not have comes from the default
    /// theme (built in), so a theme only overrides what it changes.
    pub fn load(theme: &Path) -> Result<EmailTemplates> {
        Self::with_catalogs(theme, super::templates::french_catalogs(theme)?)
    }

    /// [`load`](Self::load) with the site's catalogs: the families' emails in their language.
    pub fn with_catalogs(theme: &Path, catalogs: Arc<Catalogs>) -> Result<EmailTemplates> {
        Ok(EmailTemplates {
            tera: super::templates::load_translated(theme, &TEMPLATES, Some(catalogs.clone()))?,
            catalogs,
        })
    }

    /// A message of the catalogs the templates read.
    fn catalogs_text(&self, lang: &str, key: &str) -> String {
        self.catalogs.text(lang, key, None)
    }

    fn render(&self, name: &str, context: &tera::Context) -> Result<String> {
        self.tera
            .render(name, context)
            .with_context(|| format!("rendu du modèle de courriel {name}"))
    }
}

/// The context's `site` and `etablissement`, as template values: they are most of the
/// context, the same for every submission to a school.
#[derive(Clone)]
pub struct SchoolValues {
    site: tera::Value,
    etablissement: tera::Value,
}

impl SchoolValues {
    /// Converts them (what a cache of them spares each submission).
    pub fn new(site: &SiteConfig, etab: &Etablissement) -> SchoolValues {
        SchoolValues {
            site: tera::Value::from_serializable(site),
            etablissement: tera::Value::from_serializable(etab),
        }
    }
}

/// The context but `site` and `etablissement` (see [`SchoolValues`]).
#[derive(Serialize)]
struct Recap<'a> {
    niveau: &'a Niveau,
    eleve: Eleve<'a>,
    options: Vec<&'a str>,
    /// `demi_pensionnaire`, `externe`, or None when the school has no canteen.
    demi_pension: Option<&'a str>,
    regime_sortie: Option<Libelle<'a>>,
    consentements: Vec<Consent<'a>>,
    documents: Vec<Document<'a>>,
    signataire: &'a str,
    lien: String,
}

#[derive(Serialize)]
struct Eleve<'a> {
    prenom: &'a str,
    nom: &'a str,
}

#[derive(Serialize)]
struct Libelle<'a> {
    libelle: &'a str,
    description: Option<&'a str>,
}

#[derive(Serialize)]
struct Consent<'a> {
    libelle: &'a str,
    accord: bool,
}

#[derive(Serialize)]
struct Document<'a> {
    nom: &'a str,
    explication: Option<&'a str>,
    obligatoire: bool,
}

/// The confirmation of a submission, to the guardians' addresses as the family confirmed them
/// (resp1.email, resp2.email, each once), reply-to the school office. None when the file has
/// no address at all. In `langue` (the family's, a code of the site's languages) with the
/// French text below it, under « Version française »: the school office reads what the
/// family received; the subject in both, the family's first.
#[allow(clippy::too_many_arguments)]
pub fn confirmation(
    templates: &EmailTemplates,
    site: &SiteConfig,
    etab: &Etablissement,
    niveau: &Niveau,
    spec: &FormSpec,
    values: &FormValues,
    eleve_id: Option<i64>,
    langue: &str,
) -> Result<Option<OutgoingEmail>> {
    let destinataires = recipients(values);
    if destinataires.is_empty() {
        return Ok(None);
    }
    let parts = render_parts(templates, None, site, etab, niveau, spec, values, langue)?;
    Ok(Some(school_email(
        site,
        etab,
        "confirmation",
        destinataires,
        eleve_id,
        parts,
    )))
}

/// The guardians' addresses as the family confirmed them (resp1.email, resp2.email), each once.
pub(super) fn recipients(values: &FormValues) -> Vec<String> {
    let mut destinataires: Vec<String> = Vec::new();
    for n in [1, 2] {
        let email = values.get(&resp(n, "email")).map(|v| v.trim()).unwrap_or("");
        if !email.is_empty() && !destinataires.iter().any(|d| d.eq_ignore_ascii_case(email)) {
            destinataires.push(email.to_string());
        }
    }
    destinataires
}

/// The confirmation's subject, text and HTML (see [`confirmation`]): what the sender renders
/// when it sends an email queued with its facts.
#[allow(clippy::too_many_arguments)]
pub(super) fn render_parts(
    templates: &EmailTemplates,
    school: Option<SchoolValues>,
    site: &SiteConfig,
    etab: &Etablissement,
    niveau: &Niveau,
    spec: &FormSpec,
    values: &FormValues,
    langue: &str,
) -> Result<Parts> {
    let value = |name: &str| values.get(name).map(|v| v.trim()).unwrap_or("");
    let chosen = chosen_options(spec, values);
    let options = spec
        .options
        .iter()
        .filter(|o| chosen.contains(&o.code))
        // Options every pupil takes are not a choice; the recap lists what the family chose.
        .filter(|o| !(o.modalite == Modalite::Obligatoire && o.groupe.is_none()))
        .map(|o| o.libelle.as_str())
        .collect();
    let demi_pension = etab
        .demi_pension
        .proposee
        .then(|| value(names::DEMI_PENSION))
        .filter(|v| !v.is_empty());
    let regime = value(names::REGIME_SORTIE);
    let recap = Recap {
        niveau,
        eleve: Eleve {
            prenom: value(names::ELEVE_PRENOM),
            nom: value(names::ELEVE_NOM),
        },
        options,
        demi_pension,
        regime_sortie: etab.regimes_sortie.iter().find(|r| r.code == regime).map(|r| Libelle {
            libelle: &r.libelle,
            description: r.description.as_deref(),
        }),
        consentements: etab
            .consentements
            .iter()
            .map(|c| Consent {
                libelle: &c.libelle,
                accord: value(&consent_field(&c.code)) == "oui",
            })
            .collect(),
        documents: etab
            .documents
            .iter()
            .filter(|d| d.obligatoire || value(&secretariat_field(&d.code)) == CHECKED)
            .map(|d| Document {
                nom: &d.nom,
                explication: d.explication.as_deref(),
                obligatoire: d.obligatoire,
            })
            .collect(),
        signataire: value(names::SIGNATURE_NOM),
        lien: format!("{}/{}/", site.url_base, etab.uai),
    };
    let mut context = tera::Context::from_serialize(&recap).context("contexte du courriel")?;
    let school = school.unwrap_or_else(|| SchoolValues::new(site, etab));
    context.insert_value("site", school.site);
    context.insert_value("etablissement", school.etablissement);
    let mut render = |lang: &str| -> Result<Parts> {
        context.insert("langue", lang);
        context.insert("dir", dossiersco_i18n::dir(lang));
        let sujet = templates.render("confirmation.sujet.txt", &context)?;
        Ok((
            // A subject is one line, whatever the template's trailing newline.
            sujet.split_whitespace().collect::<Vec<_>>().join(" "),
            templates.render("confirmation.txt", &context)?,
            templates.render("confirmation.html", &context)?,
        ))
    };
    let french = render(dossiersco_i18n::REFERENCE)?;
    Ok(if langue == dossiersco_i18n::REFERENCE {
        french
    } else {
        let label = templates.catalogs_text(langue, "courriel-version-francaise");
        family_then_french(render(langue)?, french, &label)
    })
}

/// An email's rendered subject (one line), text and HTML.
pub(super) type Parts = (String, String, String);

/// The family's version with the French one below it under « <label> — Version française »
/// (`label`: those words in the family's language); subjects joined, the family's first.
pub(super) fn family_then_french(family: Parts, french: Parts, label: &str) -> Parts {
    let heading = format!("{label} — Version française");
    (
        format!("{} / {}", family.0, french.0),
        with_french_text(&family.1, &french.1, &heading),
        with_french_html(&family.2, &french.2, &heading),
    )
}

/// An email `genre` from the school (the site's name and sender, replies to the school).
pub(super) fn school_email(
    site: &SiteConfig,
    etab: &Etablissement,
    genre: &str,
    destinataires: Vec<String>,
    eleve_id: Option<i64>,
    (sujet, texte, html): Parts,
) -> OutgoingEmail {
    OutgoingEmail {
        uai: etab.uai.clone(),
        eleve_id,
        genre: genre.to_string(),
        expediteur: format!("{} <{}>", quote_display_name(&site.titre), site.contact),
        destinataires,
        repondre_a: Some(etab.courriel.clone()),
        sujet,
        texte,
        html: Some(html),
        a_rendre: None,
    }
}

/// The family's text, then the French one under a heading anyone can spot.
fn with_french_text(family: &str, french: &str, heading: &str) -> String {
    let rule = "=".repeat(60);
    format!("{}\n\n{rule}\n{heading}\n{rule}\n\n{french}", family.trim_end())
}

/// The family's HTML document with the French one's body appended in its own block (`lang="fr"`,
/// left to right even under an Arabic text), after a rule and the heading.
fn with_french_html(family: &str, french: &str, heading: &str) -> String {
    let body = |doc: &str| -> String {
        let start = doc
            .find("<body")
            .and_then(|b| doc[b..].find('>').map(|e| b + e + 1))
            .unwrap_or(0);
        let end = doc.rfind("</body>").filter(|e| *e >= start).unwrap_or(doc.len());
        doc[start..end].to_string()
    };
    let block = format!(
        "<div lang=\"fr\" dir=\"ltr\" style=\"text-align:left\">\n\
         <hr style=\"border:0;border-top:3px double #999;margin:32px auto;max-width:600px\">\n\
         <h2 style=\"max-width:600px;margin:0 auto;padding:0 24px;font-size:1.15em\">{}</h2>\n{}</div>\n",
        crate::app::render::esc(heading),
        body(french)
    );
    match family.rfind("</body>") {
        Some(at) => format!("{}{block}{}", &family[..at], &family[at..]),
        None => format!("{family}{block}"),
    }
}

/// A display name as RFC 5322 wants it when it has special characters.
pub(super) fn quote_display_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !c.is_control() && *c != '"' && *c != '\\')
        .collect();
    if clean.chars().all(|c| c.is_alphanumeric() || c == ' ' || c == '-') {
        clean
    } else {
        format!("\"{clean}\"")
    }
}
