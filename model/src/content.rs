//! The content schema: what `content/site.yml` and `content/etablissements/<UAI>/etablissement.yml`
//! may contain. One struct per file kind, unknown keys refused (a typo must never pass
//! silently); the doc comment of each field is the reference README's content section follows.
//!
//! Parsing is the generator's job (it knows files and lines); [`Etablissement::check`] and
//! [`SiteConfig::check`] return the semantic problems as [`ContentIssue`]s that name the key
//! and the offending value, so the loader can point at the line.

use crate::uai::check_uai;
use serde::{Deserialize, Serialize};
use time::Date;

/// `content/site.yml`: the whole site.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Site title, shown in every page header (e.g. "Réinscription au collège").
    pub titre: String,
    /// Public URL of the site, without trailing slash (e.g. https://reinscription.example.fr);
    /// used for sitemap.xml and the links in emails.
    pub url_base: String,
    /// Where the worker answers, without trailing slash. Empty (the default) means the same
    /// site: forms post to /connexion, /dossier… on the host that serves the pages.
    #[serde(default)]
    pub url_worker: String,
    /// Contact email of the service, shown in the footer and the legal pages.
    pub contact: String,
    /// The académie running the service (e.g. "Académie de Paris").
    pub academie: String,
    /// Languages of the family pages, French first (the reference, at the site's root); each
    /// other one under its prefix (/en/…) from the theme's catalog i18n/<code>.ftl.
    #[serde(default = "default_langues")]
    pub langues: Vec<String>,
}

fn default_langues() -> Vec<String> {
    vec!["fr".to_string()]
}

/// `content/etablissements/<UAI>/etablissement.yml`: one school and its campaign.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Etablissement {
    /// The school's UAI: 7 digits and a check letter; must equal the folder name.
    pub uai: String,
    /// Full name as families know it (e.g. "Collège Jean Moulin").
    pub nom: String,
    /// Postal address of the school.
    pub adresse: Adresse,
    /// Email of the school office: reply-to of every email sent to families.
    pub courriel: String,
    /// Phone number of the school office, shown on the welcome page.
    #[serde(default)]
    pub telephone: Option<String>,
    /// Opening and closing dates of the re-enrolment campaign.
    pub campagne: Campagne,
    /// How families log in. Only `code_acces` (access code from the letter + birth date)
    /// exists today.
    #[serde(default)]
    pub connexion: ModeConnexion,
    /// Levels offered next year: the destinations of re-enrolled pupils.
    pub niveaux: Vec<Niveau>,
    /// Options (LV2, latin…) and the levels where each is offered.
    #[serde(default)]
    pub options: Vec<OptionOfferte>,
    /// School meals.
    pub demi_pension: DemiPension,
    /// Exit rules families choose from (at least one).
    pub regimes_sortie: Vec<RegimeSortie>,
    /// Documents (pièces justificatives) the school expects.
    #[serde(default)]
    pub documents: Vec<DocumentAttendu>,
    /// Limits of the files families attach to those documents, and whether they may bring
    /// a document to the school office instead.
    #[serde(default)]
    pub pieces: Pieces,
    /// Consents asked of the family (photo de classe, information médicale…).
    #[serde(default)]
    pub consentements: Vec<Consentement>,
    /// Where pupils of each current level go next year.
    pub passages: Vec<Passage>,
    /// Email addresses of the school staff who may open the staff area (dashboard, validation,
    /// reminders, exports); each logs in with a one-time link sent to that address. Never
    /// published on the site.
    #[serde(default)]
    pub personnels: Vec<String>,
}

/// A postal address.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Adresse {
    /// Street line (e.g. "12 rue de la République").
    pub ligne: String,
    /// Postcode (5 digits in France).
    pub code_postal: String,
    /// Town.
    pub ville: String,
}

/// Campaign dates, inclusive, in the school's local time (YYYY-MM-DD).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Campagne {
    /// First day families can log in.
    #[serde(with = "iso_date")]
    pub ouverture: Date,
    /// Last day families can log in and submit.
    #[serde(with = "iso_date")]
    pub cloture: Date,
}

/// Where a campaign stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampagneStatus {
    /// Not open yet; opens on that date.
    PasOuverte(Date),
    /// Open.
    Ouverte,
    /// Closed since the day after that date.
    Close(Date),
}

impl Campagne {
    /// The status on `today`.
    pub fn status(&self, today: Date) -> CampagneStatus {
        if today < self.ouverture {
            CampagneStatus::PasOuverte(self.ouverture)
        } else if today > self.cloture {
            CampagneStatus::Close(self.cloture)
        } else {
            CampagneStatus::Ouverte
        }
    }
}

/// How families authenticate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModeConnexion {
    /// Access code printed on the letter, plus the pupil's birth date.
    #[default]
    CodeAcces,
}

/// A level offered next year.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Niveau {
    /// MEF code: 11 digits (e.g. 10110001110 for 5e).
    pub mef: String,
    /// Label families read (e.g. "5e").
    pub libelle: String,
}

/// Obligatoire (every pupil of the level takes one of its group) or facultative (chosen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Modalite {
    /// SIECLE modalité O.
    Obligatoire,
    /// SIECLE modalité F.
    Facultative,
}

/// An option offered in some levels.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionOfferte {
    /// Short code, unique in the school (e.g. LATIN, ESP, ALL); the SIECLE matière code works.
    pub code: String,
    /// Label families read (e.g. "Latin (langues et cultures de l'Antiquité)").
    pub libelle: String,
    /// `obligatoire` or `facultative`.
    pub modalite: Modalite,
    /// Mandatory options of the same group are a choice: the family picks exactly one
    /// (e.g. `lv2` for Espagnol / Allemand). A mandatory option without group is taken by all.
    #[serde(default)]
    pub groupe: Option<String>,
    /// MEF codes of the levels (from `niveaux`) where the option is offered.
    pub niveaux: Vec<String>,
    /// Whether a pupil who did not take it this year may start it (true by default).
    #[serde(default = "yes")]
    pub ouverte_inscription: bool,
    /// Whether a pupil who took it may drop it (true by default).
    #[serde(default = "yes")]
    pub abandonnable: bool,
}

fn yes() -> bool {
    true
}

/// School meals.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemiPension {
    /// Whether the school has a canteen; false means every pupil is externe.
    pub proposee: bool,
    /// Price, as text (e.g. "4,20 € le repas, facturé au trimestre").
    #[serde(default)]
    pub tarif: Option<String>,
    /// Link to the canteen rules (a path on the site, `/pages/aide/#demi-pension`, or an
    /// `https://` address).
    #[serde(default)]
    pub reglement: Option<String>,
    /// The words of that link (default « Lire le règlement de la demi-pension »).
    #[serde(default)]
    pub reglement_libelle: Option<String>,
    /// Whether the CAF number is asked: `non_demande`, `facultatif` or `obligatoire`.
    #[serde(default)]
    pub numero_caf: Exigence,
}

impl DemiPension {
    /// The words of the link to the canteen rules.
    pub fn reglement_libelle(&self) -> &str {
        self.reglement_libelle
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .unwrap_or("Lire le règlement de la demi-pension")
    }

    /// A link families can follow, whose words are words: not an address, no bracket that
    /// would break the link's markup.
    fn check_reglement(&self) -> Vec<ContentIssue> {
        let mut issues = Vec::new();
        if let Some(lien) = &self.reglement {
            let lien = lien.trim();
            let site_path = lien.starts_with('/') && !lien.starts_with("//");
            let web = lien.starts_with("https://") || lien.starts_with("http://");
            if !(site_path || web) || lien.chars().any(|c| c.is_whitespace() || c == '(' || c == ')') {
                issues.push(ContentIssue::new(
                    "reglement",
                    Some(lien),
                    "lien du règlement de la demi-pension invalide : attendu une adresse du site \
                     (/pages/aide/#demi-pension) ou une adresse https://…, sans espace ni parenthèse"
                        .into(),
                ));
            }
        }
        if let Some(libelle) = &self.reglement_libelle {
            let l = libelle.trim();
            let looks_like_address = l.starts_with('/') || l.starts_with("http://") || l.starts_with("https://");
            if l.is_empty() || looks_like_address || l.contains(['[', ']']) {
                issues.push(ContentIssue::new(
                    "reglement_libelle",
                    Some(libelle),
                    "texte du lien vers le règlement invalide : écrivez des mots que les familles \
                     comprennent (par exemple « Comment est calculé le tarif ? »), pas une adresse, \
                     sans crochets"
                        .into(),
                ));
            }
            if self.reglement.is_none() {
                issues.push(ContentIssue::new(
                    "reglement_libelle",
                    Some(libelle),
                    "reglement_libelle sans reglement : indiquez aussi l'adresse du règlement (clé reglement)".into(),
                ));
            }
        }
        issues
    }
}

/// How much a piece of information is asked for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Exigence {
    /// Not asked.
    #[default]
    NonDemande,
    /// Asked, may be left empty.
    Facultatif,
    /// Required.
    Obligatoire,
}

/// An exit rule (régime de sortie).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegimeSortie {
    /// Short code (e.g. `libre`, `selon_emploi_du_temps`).
    pub code: String,
    /// Label families read.
    pub libelle: String,
    /// What it means in practice.
    #[serde(default)]
    pub description: Option<String>,
}

/// A document the school expects.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentAttendu {
    /// Short code (e.g. `justificatif_domicile`).
    pub code: String,
    /// Name families read (e.g. "Justificatif de domicile").
    pub nom: String,
    /// What is accepted, and why it is asked.
    #[serde(default)]
    pub explication: Option<String>,
    /// Whether the file cannot be submitted without it.
    #[serde(default)]
    pub obligatoire: bool,
}

/// Files attached to the expected documents (PDF, JPEG or PNG).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Pieces {
    /// Largest file accepted, in megabytes (10 by default).
    pub taille_max_fichier_mo: u32,
    /// Largest total of one pupil's files, in megabytes (30 by default).
    pub taille_max_eleve_mo: u32,
    /// Whether a family may tick « J'apporterai au secrétariat » instead of attaching a
    /// mandatory document (true by default).
    pub apport_secretariat: bool,
}

impl Default for Pieces {
    fn default() -> Self {
        Pieces {
            taille_max_fichier_mo: 10,
            taille_max_eleve_mo: 30,
            apport_secretariat: true,
        }
    }
}

impl Pieces {
    /// Largest file, in bytes (1 Mo = 1,000,000 bytes, as phones and file managers count).
    pub fn max_fichier(&self) -> u64 {
        u64::from(self.taille_max_fichier_mo) * 1_000_000
    }

    /// Largest total of one pupil's files, in bytes.
    pub fn max_eleve(&self) -> u64 {
        u64::from(self.taille_max_eleve_mo) * 1_000_000
    }
}

/// A consent asked of the family (yes or no, both acceptable).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consentement {
    /// Short code (e.g. `photo_classe`).
    pub code: String,
    /// The question (e.g. "J'autorise la photo de classe").
    pub libelle: String,
    /// What it covers.
    #[serde(default)]
    pub explication: Option<String>,
}

/// Where pupils of a current level go next year.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Passage {
    /// Current MEF code (this year's level, as in the SIECLE export).
    pub depuis: String,
    /// Label of the current level (e.g. "6e").
    pub libelle: String,
    /// MEF code of next year's level, one of `niveaux`; absent for pupils leaving the school
    /// (3e): they are marked `sortant` and get no form.
    #[serde(default)]
    pub vers: Option<String>,
}

/// A semantic problem in a content file. `key` and `value` let the loader find the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentIssue {
    /// The YAML key whose value is wrong (e.g. `mef`, `cloture`).
    pub key: String,
    /// The offending value as written, when there is one (helps find the line).
    pub value: Option<String>,
    /// What is wrong and what was expected, in French.
    pub message: String,
}

impl ContentIssue {
    fn new(key: &str, value: Option<&str>, message: String) -> Self {
        ContentIssue {
            key: key.to_string(),
            value: value.map(str::to_string),
            message,
        }
    }
}

/// Whether `code` is 11 digits, the shape of every MEF code.
pub fn is_mef(code: &str) -> bool {
    code.len() == 11 && code.bytes().all(|b| b.is_ascii_digit())
}

impl SiteConfig {
    /// Semantic checks of site.yml.
    pub fn check(&self) -> Vec<ContentIssue> {
        let mut issues = Vec::new();
        if !(self.url_base.starts_with("https://") || self.url_base.starts_with("http://"))
            || self.url_base.ends_with('/')
        {
            issues.push(ContentIssue::new(
                "url_base",
                Some(&self.url_base),
                format!(
                    "url_base « {} » doit commencer par https:// (ou http://) et ne pas finir par /",
                    self.url_base
                ),
            ));
        }
        if !self.url_worker.is_empty() && (!self.url_worker.starts_with("http") || self.url_worker.ends_with('/')) {
            issues.push(ContentIssue::new(
                "url_worker",
                Some(&self.url_worker),
                format!(
                    "url_worker « {} » doit être vide (même site) ou une URL sans / final",
                    self.url_worker
                ),
            ));
        }
        if !crate::rules::matches(crate::rules::EMAIL, &self.contact) {
            issues.push(ContentIssue::new(
                "contact",
                Some(&self.contact),
                format!("contact « {} » n'est pas une adresse électronique", self.contact),
            ));
        }
        if self.langues.first().map(String::as_str) != Some("fr") {
            issues.push(ContentIssue::new(
                "langues",
                None,
                "langues doit commencer par fr : le français est la langue de référence, à la racine du site".into(),
            ));
        }
        for (i, code) in self.langues.iter().enumerate() {
            let valid = code.split('-').enumerate().all(|(j, part)| {
                !part.is_empty()
                    && part.len() <= 8
                    && if j == 0 {
                        part.bytes().all(|b| b.is_ascii_lowercase())
                    } else {
                        part.bytes().all(|b| b.is_ascii_alphanumeric())
                    }
            });
            if !valid {
                issues.push(ContentIssue::new(
                    "langues",
                    Some(code),
                    format!("langue « {code} » : un code de langue en minuscules est attendu (en, ar, pt, pt-BR…)"),
                ));
            } else if self.langues[..i].contains(code) {
                issues.push(ContentIssue::new(
                    "langues",
                    Some(code),
                    format!("langue « {code} » en double"),
                ));
            }
        }
        issues
    }
}

impl Etablissement {
    /// Semantic checks of an etablissement.yml found in the folder named `folder_uai`.
    /// Returns every problem, not just the first.
    pub fn check(&self, folder_uai: &str) -> Vec<ContentIssue> {
        let mut issues = Vec::new();
        if let Err(err) = check_uai(&self.uai) {
            issues.push(ContentIssue::new("uai", Some(&self.uai), err.to_string()));
        } else if self.uai != folder_uai {
            issues.push(ContentIssue::new(
                "uai",
                Some(&self.uai),
                format!(
                    "l'UAI « {} » ne correspond pas au dossier « {folder_uai} » qui le contient",
                    self.uai
                ),
            ));
        }
        if !crate::rules::matches(crate::rules::EMAIL, &self.courriel) {
            issues.push(ContentIssue::new(
                "courriel",
                Some(&self.courriel),
                format!("courriel « {} » n'est pas une adresse électronique", self.courriel),
            ));
        }
        if self.campagne.cloture < self.campagne.ouverture {
            let cloture = self.campagne.cloture.to_string();
            issues.push(ContentIssue::new(
                "cloture",
                Some(&cloture),
                format!(
                    "la clôture ({cloture}) est avant l'ouverture ({}) de la campagne",
                    self.campagne.ouverture
                ),
            ));
        }
        if self.niveaux.is_empty() {
            issues.push(ContentIssue::new(
                "niveaux",
                None,
                "aucun niveau : il faut au moins un niveau proposé l'an prochain".into(),
            ));
        }
        for (i, niveau) in self.niveaux.iter().enumerate() {
            check_mef(&mut issues, "mef", &niveau.mef);
            if self.niveaux[..i].iter().any(|n| n.mef == niveau.mef) {
                issues.push(ContentIssue::new(
                    "mef",
                    Some(&niveau.mef),
                    format!("le niveau {} est déclaré deux fois", niveau.mef),
                ));
            }
        }
        for (i, option) in self.options.iter().enumerate() {
            if self.options[..i].iter().any(|o| o.code == option.code) {
                issues.push(ContentIssue::new(
                    "code",
                    Some(&option.code),
                    format!("le code d'option « {} » est utilisé deux fois", option.code),
                ));
            }
            if option.niveaux.is_empty() {
                issues.push(ContentIssue::new(
                    "code",
                    Some(&option.code),
                    format!(
                        "l'option « {} » n'est proposée dans aucun niveau (clé niveaux vide)",
                        option.code
                    ),
                ));
            }
            for mef in &option.niveaux {
                if check_mef(&mut issues, "niveaux", mef) && self.niveau(mef).is_none() {
                    issues.push(ContentIssue::new(
                        "niveaux",
                        Some(mef),
                        format!(
                            "l'option « {} » renvoie au niveau {mef}, qui n'est pas dans la liste niveaux ({})",
                            option.code,
                            self.mef_list()
                        ),
                    ));
                }
            }
        }
        if self.demi_pension.proposee && self.demi_pension.tarif.is_none() {
            issues.push(ContentIssue::new(
                "proposee",
                None,
                "la demi-pension est proposée : indiquez son tarif (clé tarif)".into(),
            ));
        }
        issues.extend(self.demi_pension.check_reglement());
        if self.regimes_sortie.is_empty() {
            issues.push(ContentIssue::new(
                "regimes_sortie",
                None,
                "aucun régime de sortie : il en faut au moins un".into(),
            ));
        }
        check_unique_codes(
            &mut issues,
            "régime de sortie",
            self.regimes_sortie.iter().map(|r| r.code.as_str()),
        );
        check_unique_codes(&mut issues, "document", self.documents.iter().map(|d| d.code.as_str()));
        check_unique_codes(
            &mut issues,
            "consentement",
            self.consentements.iter().map(|c| c.code.as_str()),
        );
        let pieces = &self.pieces;
        if pieces.taille_max_fichier_mo == 0 || pieces.taille_max_fichier_mo > 100 {
            issues.push(ContentIssue::new(
                "taille_max_fichier_mo",
                Some(&pieces.taille_max_fichier_mo.to_string()),
                "taille_max_fichier_mo doit être entre 1 et 100 (mégaoctets)".into(),
            ));
        }
        if pieces.taille_max_eleve_mo < pieces.taille_max_fichier_mo || pieces.taille_max_eleve_mo > 500 {
            issues.push(ContentIssue::new(
                "taille_max_eleve_mo",
                Some(&pieces.taille_max_eleve_mo.to_string()),
                format!(
                    "taille_max_eleve_mo doit être au moins taille_max_fichier_mo ({}) et au plus 500 (mégaoctets)",
                    pieces.taille_max_fichier_mo
                ),
            ));
        }
        for (i, courriel) in self.personnels.iter().enumerate() {
            if !crate::rules::matches(crate::rules::EMAIL, courriel) {
                issues.push(ContentIssue::new(
                    "personnels",
                    Some(courriel),
                    format!("personnels : « {courriel} » n'est pas une adresse électronique"),
                ));
            } else if self.personnels[..i].iter().any(|c| c.eq_ignore_ascii_case(courriel)) {
                issues.push(ContentIssue::new(
                    "personnels",
                    Some(courriel),
                    format!("personnels : l'adresse « {courriel} » est déclarée deux fois"),
                ));
            }
        }
        for passage in &self.passages {
            check_mef(&mut issues, "depuis", &passage.depuis);
            if let Some(vers) = &passage.vers {
                if check_mef(&mut issues, "vers", vers) && self.niveau(vers).is_none() {
                    issues.push(ContentIssue::new(
                        "vers",
                        Some(vers),
                        format!("le passage depuis {} ({}) va vers le niveau {vers}, qui n'est pas dans la liste niveaux ({})", passage.depuis, passage.libelle, self.mef_list()),
                    ));
                }
            }
        }
        issues
    }

    /// The level offered next year with this MEF code.
    pub fn niveau(&self, mef: &str) -> Option<&Niveau> {
        self.niveaux.iter().find(|n| n.mef == mef)
    }

    /// Where a pupil currently in `current_mef` goes: `Some(Some(level))`, `Some(None)` when
    /// leaving, `None` when the content says nothing about that level.
    pub fn destination(&self, current_mef: &str) -> Option<Option<&Niveau>> {
        let passage = self.passages.iter().find(|p| p.depuis == current_mef)?;
        Some(passage.vers.as_deref().and_then(|mef| self.niveau(mef)))
    }

    /// Options offered in the level `mef`, in content order.
    pub fn options_for<'a>(&'a self, mef: &'a str) -> impl Iterator<Item = &'a OptionOfferte> + 'a {
        self.options.iter().filter(move |o| o.niveaux.iter().any(|m| m == mef))
    }

    fn mef_list(&self) -> String {
        self.niveaux
            .iter()
            .map(|n| format!("{} {}", n.mef, n.libelle))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Pushes an issue when `mef` is not 11 digits; returns whether it is well-formed.
fn check_mef(issues: &mut Vec<ContentIssue>, key: &str, mef: &str) -> bool {
    if is_mef(mef) {
        return true;
    }
    issues.push(ContentIssue::new(
        key,
        Some(mef),
        format!("le code MEF « {mef} » doit faire 11 chiffres (ex. 10110001110 pour la 5e)"),
    ));
    false
}

fn check_unique_codes<'a>(issues: &mut Vec<ContentIssue>, what: &str, codes: impl Iterator<Item = &'a str>) {
    let mut seen = Vec::new();
    for code in codes {
        if seen.contains(&code) {
            issues.push(ContentIssue::new(
                "code",
                Some(code),
                format!("le code de {what} « {code} » est utilisé deux fois"),
            ));
        }
        seen.push(code);
    }
}

/// Dates written YYYY-MM-DD in YAML.
pub mod iso_date {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::{macros::format_description, Date};

    const FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
        format_description!("[year]-[month]-[day]");

    const FRENCH: &[time::format_description::BorrowedFormatItem<'static>] =
        format_description!("[day padding:none]/[month padding:none]/[year]");

    /// Parses YYYY-MM-DD.
    pub fn parse(text: &str) -> Option<Date> {
        Date::parse(text.trim(), FORMAT).ok()
    }

    /// Parses a date as families type it: YYYY-MM-DD (what `<input type=date>` posts) or
    /// jj/mm/aaaa (what they type where the browser has no date picker).
    pub fn parse_typed(text: &str) -> Option<Date> {
        parse(text).or_else(|| Date::parse(text.trim(), FRENCH).ok())
    }

    /// YYYY-MM-DD.
    pub fn format(date: Date) -> String {
        date.format(FORMAT).unwrap_or_default()
    }

    pub fn serialize<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&date.format(FORMAT).map_err(serde::ser::Error::custom)?)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "date « {text} » invalide : attendu AAAA-MM-JJ (ex. 2027-03-15)"
            ))
        })
    }
}
