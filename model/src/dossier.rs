//! A family's file: the values of the form's fields, and where the file stands.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Field name → value, as posted by the form (names are those of [`crate::form`]).
/// Pre-fill, drafts and submissions all use this one shape.
pub type FormValues = BTreeMap<String, String>;

/// States of a file, in the order a file normally goes through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DossierState {
    /// Imported; the family has not logged in.
    NonConnecte,
    /// The family logged in at least once.
    Connecte,
    /// A draft was saved.
    Brouillon,
    /// The family signed and submitted.
    Transmis,
    /// The school accepted the file.
    Valide,
    /// The pupil leaves the school: no form.
    Sortant,
}

impl DossierState {
    /// Every state, in order.
    pub const ALL: [DossierState; 6] = [
        DossierState::NonConnecte,
        DossierState::Connecte,
        DossierState::Brouillon,
        DossierState::Transmis,
        DossierState::Valide,
        DossierState::Sortant,
    ];

    /// The identifier stored in the database and used in URLs and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            DossierState::NonConnecte => "non_connecte",
            DossierState::Connecte => "connecte",
            DossierState::Brouillon => "brouillon",
            DossierState::Transmis => "transmis",
            DossierState::Valide => "valide",
            DossierState::Sortant => "sortant",
        }
    }

    /// Parses [`DossierState::as_str`].
    pub fn parse(text: &str) -> Option<DossierState> {
        DossierState::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// What staff and families read.
    pub fn libelle(self) -> &'static str {
        match self {
            DossierState::NonConnecte => "Non connecté",
            DossierState::Connecte => "Connecté",
            DossierState::Brouillon => "Brouillon",
            DossierState::Transmis => "Transmis",
            DossierState::Valide => "Validé",
            DossierState::Sortant => "Sortant",
        }
    }

    /// Whether the family may still (re)submit: until the school validates.
    pub fn family_can_submit(self) -> bool {
        matches!(
            self,
            DossierState::NonConnecte | DossierState::Connecte | DossierState::Brouillon | DossierState::Transmis
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_round_trip_and_stay_ordered() {
        for state in DossierState::ALL {
            assert_eq!(DossierState::parse(state.as_str()), Some(state));
            assert_eq!(
                serde_json::to_string(&state).unwrap(),
                format!("\"{}\"", state.as_str())
            );
        }
        assert!(DossierState::Brouillon < DossierState::Transmis);
        assert!(!DossierState::Valide.family_can_submit());
        assert!(DossierState::Transmis.family_can_submit());
    }
}
