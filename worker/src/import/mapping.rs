//! One SIECLE pupil → what the import stores: destination level, options held (content
//! codes), guardians, and the pre-filled form values (`prefill`, field names of
//! `dossiersco_model::form`). Pure: no SQL.

use dossiersco_model::content::Modalite;
use dossiersco_model::form::{names, option_field, CHECKED};
use dossiersco_model::{Etablissement, FormValues};
use time::Date;

use super::guardians::{GuardianIndex, GuardianLink};
use super::options::OptionMapper;
use super::pays;
use dossiersco_siecle::{EleveSiecle, Nomenclature, Sexe};

/// Where the pupil goes next year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Destination {
    /// MEF of next year's level.
    Niveau(String),
    /// Leaves the school (3e): no form, no code.
    Sortant,
}

/// What the import stores for one pupil.
#[derive(Debug, Clone)]
pub(crate) struct PupilPlan {
    pub eleve_id: String,
    pub ine: Option<String>,
    pub nom: String,
    pub prenom: String,
    pub date_naissance: Date,
    pub division: Option<String>,
    pub mef_actuel: String,
    pub destination: Destination,
    /// Option codes held this year (content codes when the content has them).
    pub options: Vec<String>,
    pub prefill: FormValues,
    /// None when the import has no Responsables file (existing links are then kept).
    pub guardians: Option<Vec<GuardianLink>>,
}

/// A pupil the import leaves out, and why (shown to staff in the summary).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refus {
    /// « NOM Prénom (classe 3A, ELEVE_ID 123) ».
    pub eleve: String,
    pub motif: String,
}

/// Everything the import reads besides the pupil itself.
pub(crate) struct Sources<'a> {
    pub etab: &'a Etablissement,
    pub options: &'a OptionMapper,
    pub nomenclature: Option<&'a Nomenclature>,
    pub guardians: Option<&'a GuardianIndex<'a>>,
}

/// YYYY-MM-DD, as stored and as the form's date fields take it.
pub(crate) fn iso(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
}

/// dd/mm/yyyy, as staff and letters write it.
pub(crate) fn french(date: Date) -> String {
    format!("{:02}/{:02}/{:04}", date.day(), u8::from(date.month()), date.year())
}

pub(crate) fn describe(e: &EleveSiecle) -> String {
    let classe = e
        .division
        .as_deref()
        .map(|d| format!("classe {d}, "))
        .unwrap_or_default();
    format!("{} {} ({classe}ELEVE_ID {})", e.nom, e.prenom, e.eleve_id)
}

pub(crate) fn plan_pupil(src: &Sources<'_>, e: &EleveSiecle) -> Result<PupilPlan, Refus> {
    let refus = |motif: String| Refus {
        eleve: describe(e),
        motif,
    };
    if let Some(sortie) = e.date_sortie {
        return Err(refus(format!(
            "a quitté l'établissement le {} (DATE_SORTIE de l'export) : pas de réinscription",
            french(sortie)
        )));
    }
    let Some(mef) = e.code_mef.clone().filter(|m| !m.is_empty()) else {
        return Err(refus("pas de niveau actuel dans l'export (CODE_MEF absent)".into()));
    };
    let destination = match src.etab.destination(&mef) {
        Some(Some(niveau)) => Destination::Niveau(niveau.mef.clone()),
        Some(None) => Destination::Sortant,
        None => {
            let libelle = src
                .nomenclature
                .and_then(|n| n.mefs.iter().find(|m| m.code == mef))
                .map(|m| format!(" ({})", m.libelle_edition))
                .unwrap_or_default();
            return Err(refus(format!(
                "niveau actuel {mef}{libelle} absent des passages de etablissement.yml : ajoutez un passage \
                 « depuis: \"{mef}\" » (avec ou sans « vers ») puis relancez l'import"
            )));
        }
    };
    let mut options: Vec<String> = Vec::new();
    for o in &e.options {
        let code = src.options.map(&o.code_matiere);
        if !options.contains(&code) {
            options.push(code);
        }
    }
    let mut prefill = eleve_values(e);
    let guardians = src.guardians.map(|g| g.for_pupil(&e.eleve_id, &mut prefill));
    if let Destination::Niveau(next) = &destination {
        next_year_values(src.etab, next, &options, e.code_regime.as_deref(), &mut prefill);
    }
    Ok(PupilPlan {
        eleve_id: e.eleve_id.clone(),
        ine: e.ine.clone().filter(|i| !i.is_empty()),
        nom: e.nom.clone(),
        prenom: e.prenom.clone(),
        date_naissance: e.date_naissance,
        division: e.division.clone(),
        mef_actuel: mef,
        destination,
        options,
        prefill,
        guardians,
    })
}

fn eleve_values(e: &EleveSiecle) -> FormValues {
    let mut v = FormValues::new();
    let mut set = |key: &str, value: Option<String>| {
        if let Some(value) = value.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()) {
            v.insert(key.to_string(), value);
        }
    };
    set(names::ELEVE_NOM, Some(e.nom.clone()));
    set(names::ELEVE_PRENOM, Some(e.prenom.clone()));
    set(names::ELEVE_PRENOM2, e.prenom2.clone());
    set(names::ELEVE_DATE_NAISSANCE, Some(iso(e.date_naissance)));
    set(
        names::ELEVE_SEXE,
        e.sexe.map(|s| match s {
            Sexe::F => "F".to_string(),
            Sexe::M => "M".to_string(),
        }),
    );
    set(names::ELEVE_VILLE_NAISSANCE, e.ville_naissance.clone());
    set(
        names::ELEVE_PAYS_NAISSANCE,
        e.code_pays_naissance.as_deref().map(pays::pays),
    );
    set(
        names::ELEVE_NATIONALITE,
        e.code_pays_nationalite.as_deref().map(pays::nationalite),
    );
    v
}

/// Next year's choices, pre-filled from this year: options still offered that the pupil
/// takes, and the meal plan (CODE_REGIME 2x/3x = demi-pension, 0x/1x = externe).
fn next_year_values(etab: &Etablissement, next: &str, held: &[String], regime: Option<&str>, v: &mut FormValues) {
    for option in etab.options_for(next) {
        if !held.contains(&option.code) {
            continue;
        }
        match (&option.modalite, &option.groupe) {
            (Modalite::Obligatoire, None) => {}
            (Modalite::Obligatoire, Some(_)) => {
                v.insert(option_field(option), option.code.clone());
            }
            (Modalite::Facultative, _) => {
                v.insert(option_field(option), CHECKED.to_string());
            }
        }
    }
    if etab.demi_pension.proposee {
        let choice = match regime.and_then(|r| r.trim().chars().next()) {
            Some('2' | '3') => Some("demi_pensionnaire"),
            Some('0' | '1') => Some("externe"),
            _ => None,
        };
        if let Some(choice) = choice {
            v.insert(names::DEMI_PENSION.to_string(), choice.to_string());
        }
    }
}
