//! What the return file to SIECLE needs and the form does not carry: SIECLE's own codes of
//! a pupil, as the last import read them (stored as JSON in `eleves.codes_siecle`).

use std::collections::BTreeMap;

use dossiersco_siecle::{EleveSiecle, Nomenclature};
use serde::{Deserialize, Serialize};

use super::guardians::{GuardianIndex, GuardianLink};
use super::options::OptionMapper;

/// SIECLE's codes of one pupil.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CodesSiecle {
    /// CODE_COMMUNE_INSEE_NAISS: SIECLE knows French birthplaces by this code only.
    pub commune_insee_naissance: Option<String>,
    /// VILLE_NAISS as imported: the code above still holds while the family keeps it.
    pub ville_naissance: Option<String>,
    /// CODE_PAYS (country of birth) and CODE_PAYS_NAT, SIECLE's country codes.
    pub pays_naissance: Option<String>,
    pub pays_nationalite: Option<String>,
    /// CODE_REGIME (0 externe, 2x demi-pension…): kept when the family's choice agrees.
    pub regime: Option<String>,
    /// CODE_PROVENANCE.
    pub provenance: Option<String>,
    /// Option code of the content → CODE_MATIERE, from the Nomenclature and the pupil's options.
    pub matieres: BTreeMap<String, String>,
    /// PERSONNE_ID of a guardian → CODE_PROFESSION (empty after an import without the
    /// Responsables file: the return file then writes 99, « non renseignée »).
    pub professions: BTreeMap<String, String>,
}

/// Content option code → CODE_MATIERE for every matière of the Nomenclature.
pub(crate) fn matieres(mapper: &OptionMapper, nomenclature: Option<&Nomenclature>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for m in nomenclature.map(|n| n.matieres.as_slice()).unwrap_or_default() {
        out.entry(mapper.map(&m.code)).or_insert_with(|| m.code.clone());
    }
    out
}

pub(crate) fn codes(
    e: &EleveSiecle,
    mapper: &OptionMapper,
    matieres: &BTreeMap<String, String>,
    links: Option<(&[GuardianLink], &GuardianIndex<'_>)>,
) -> CodesSiecle {
    let keep = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let mut out = CodesSiecle {
        commune_insee_naissance: keep(&e.code_commune_insee_naissance),
        ville_naissance: keep(&e.ville_naissance),
        pays_naissance: keep(&e.code_pays_naissance),
        pays_nationalite: keep(&e.code_pays_nationalite),
        regime: keep(&e.code_regime),
        provenance: keep(&e.code_provenance),
        matieres: matieres.clone(),
        professions: BTreeMap::new(),
    };
    for o in &e.options {
        out.matieres.insert(mapper.map(&o.code_matiere), o.code_matiere.clone());
    }
    if let Some((links, index)) = links {
        for link in links {
            if let Some(code) = index.personne(&link.personne_id).and_then(|p| keep(&p.code_profession)) {
                out.professions.insert(link.personne_id.clone(), code);
            }
        }
    }
    out
}
