//! What the families chose, counted for the principal: options, demi-pension or externe,
//! régime de sortie, per level next year and per class. Only submitted and validated files
//! count (a draft may still change): the groups and the canteen are planned from them.

use crate::store::suivi::EleveSuivi;
use dossiersco_model::form::{chosen_options, names};
use dossiersco_model::{DossierState, Etablissement, FormSpec};
use serde::Serialize;
use std::collections::BTreeMap;

/// A counted choice: its code and label, as columns of the tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Colonne {
    pub code: String,
    pub libelle: String,
}

/// The counts of one level or class.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Ligne {
    /// The level's label or the class's code.
    pub groupe: String,
    /// Files counted (submitted or validated).
    pub dossiers: usize,
    /// Pupils per option code.
    pub options: BTreeMap<String, usize>,
    pub demi_pensionnaires: usize,
    pub externes: usize,
    /// Pupils per régime de sortie code.
    pub regimes: BTreeMap<String, usize>,
}

/// Every count of the dashboard's « choix » tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choix {
    /// What is counted, in French (shown under the tables).
    pub base: &'static str,
    pub options: Vec<Colonne>,
    pub regimes: Vec<Colonne>,
    pub niveaux: Vec<Ligne>,
    pub divisions: Vec<Ligne>,
    pub total: Ligne,
}

/// The states whose answers are counted.
const COUNTED: [DossierState; 2] = [DossierState::Transmis, DossierState::Valide];

/// Counts the choices of `eleves`' last submission (files `transmis` or `valide`).
pub fn count(etab: &Etablissement, forms: &BTreeMap<String, FormSpec>, eleves: &[EleveSuivi]) -> Choix {
    let mut niveaux: BTreeMap<(usize, String), Ligne> = BTreeMap::new();
    let mut divisions: BTreeMap<String, Ligne> = BTreeMap::new();
    let mut total = Ligne {
        groupe: "Total".into(),
        ..Ligne::default()
    };
    for e in eleves.iter().filter(|e| COUNTED.contains(&e.etat)) {
        let (Some((values, _)), Some(mef)) = (&e.soumission, e.mef_destination.as_deref()) else {
            continue;
        };
        let get = |name: &str| values.get(name).map(|v| v.trim()).unwrap_or("");
        let options = forms
            .get(mef)
            .map(|spec| chosen_options(spec, values))
            .unwrap_or_default();
        let regime = get(names::REGIME_SORTIE);
        let dp = get(names::DEMI_PENSION);
        let rank = etab.niveaux.iter().position(|n| n.mef == mef).unwrap_or(usize::MAX);
        let libelle = etab
            .niveau(mef)
            .map(|n| n.libelle.clone())
            .unwrap_or_else(|| mef.to_string());
        let division = e.division.clone().unwrap_or_default();
        let niveau = niveaux.entry((rank, libelle.clone())).or_insert_with(|| Ligne {
            groupe: libelle,
            ..Ligne::default()
        });
        for ligne in [
            niveau,
            divisions.entry(division.clone()).or_insert_with(|| Ligne {
                groupe: division,
                ..Ligne::default()
            }),
            &mut total,
        ] {
            ligne.dossiers += 1;
            for code in &options {
                *ligne.options.entry(code.clone()).or_default() += 1;
            }
            match dp {
                "demi_pensionnaire" => ligne.demi_pensionnaires += 1,
                "externe" => ligne.externes += 1,
                _ => {}
            }
            if !regime.is_empty() {
                *ligne.regimes.entry(regime.to_string()).or_default() += 1;
            }
        }
    }
    Choix {
        base: "Dossiers transmis ou validés (les brouillons ne sont pas comptés : ils peuvent encore changer).",
        options: etab
            .options
            .iter()
            .map(|o| Colonne {
                code: o.code.clone(),
                libelle: o.libelle.clone(),
            })
            .collect(),
        regimes: etab
            .regimes_sortie
            .iter()
            .map(|r| Colonne {
                code: r.code.clone(),
                libelle: r.libelle.clone(),
            })
            .collect(),
        niveaux: niveaux.into_values().collect(),
        divisions: divisions.into_values().collect(),
        total,
    }
}
