//! SIECLE matière codes → the option codes of the school's content.
//!
//! Content may name an option by its SIECLE matière code (then nothing to map), by the
//! matière's CODE_GESTION (e.g. LCALA), or by a readable code (LATIN, ESP…). A matière maps
//! to a content option when, in this order: the codes are equal; the content code equals the
//! CODE_GESTION; the content code is one of the usual names of that matière (table below);
//! the content code is a whole word of the matière's short label (LATIN in « LCA LATIN »).
//! A matière mapping to nothing in the content keeps its SIECLE code.

use std::collections::HashMap;

use dossiersco_model::Etablissement;

use dossiersco_siecle::{MatiereSiecle, Nomenclature};

/// Usual content codes for well-known matières, keyed by CODE_GESTION or CODE_MATIERE.
const ALIASES: &[(&str, &[&str])] = &[
    ("020300", &["LATIN", "LCA_LATIN"]),
    ("LCALA", &["LATIN", "LCA_LATIN"]),
    ("LCAGR", &["GREC", "LCA_GREC"]),
    ("030201", &["ANG_LV1", "ANGLAIS", "ANG"]),
    ("AGL1", &["ANG_LV1", "ANGLAIS", "ANG"]),
    ("030602", &["ESP", "ESP_LV2", "ESPAGNOL"]),
    ("ESP2", &["ESP", "ESP_LV2", "ESPAGNOL"]),
    ("ALL2", &["ALL", "ALL_LV2", "ALLEMAND"]),
    ("ITA2", &["ITA", "ITA_LV2", "ITALIEN"]),
    ("CHI2", &["CHINOIS", "CHI", "CHI_LV2"]),
    ("CHIN2", &["CHINOIS", "CHI", "CHI_LV2"]),
];

/// Maps the matière codes of one import.
pub(crate) struct OptionMapper {
    map: HashMap<String, String>,
    content_codes: Vec<String>,
}

impl OptionMapper {
    pub(crate) fn new(etab: &Etablissement, nomenclature: Option<&Nomenclature>) -> OptionMapper {
        let content_codes: Vec<String> = etab.options.iter().map(|o| o.code.clone()).collect();
        let mut map = HashMap::new();
        for matiere in nomenclature.map(|n| n.matieres.as_slice()).unwrap_or_default() {
            if let Some(code) = find_for_matiere(&content_codes, matiere) {
                map.insert(matiere.code.clone(), code);
            }
        }
        OptionMapper { map, content_codes }
    }

    /// The content's option code for this matière, else the matière code.
    pub(crate) fn map(&self, code_matiere: &str) -> String {
        if self.content_codes.iter().any(|c| c == code_matiere) {
            return code_matiere.to_string();
        }
        if let Some(code) = self.map.get(code_matiere) {
            return code.clone();
        }
        alias_in(&self.content_codes, code_matiere).unwrap_or_else(|| code_matiere.to_string())
    }
}

fn find_for_matiere(content_codes: &[String], m: &MatiereSiecle) -> Option<String> {
    if let Some(c) = content_codes.iter().find(|c| **c == m.code) {
        return Some(c.clone());
    }
    if !m.code_gestion.is_empty() {
        if let Some(c) = content_codes.iter().find(|c| c.eq_ignore_ascii_case(&m.code_gestion)) {
            return Some(c.clone());
        }
    }
    if let Some(c) = alias_in(content_codes, &m.code_gestion).or_else(|| alias_in(content_codes, &m.code)) {
        return Some(c);
    }
    let words: Vec<String> = m.libelle_court.split_whitespace().map(fold).collect();
    content_codes.iter().find(|c| words.contains(&fold(c))).cloned()
}

/// The first usual name of `key` that the content uses.
fn alias_in(content_codes: &[String], key: &str) -> Option<String> {
    let (_, names) = ALIASES.iter().find(|(k, _)| k.eq_ignore_ascii_case(key.trim()))?;
    names
        .iter()
        .find_map(|n| content_codes.iter().find(|c| c.eq_ignore_ascii_case(n)).cloned())
}

/// Uppercase without accents, for comparing a code with a label's word.
fn fold(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'À' | 'Â' | 'Ä' => 'A',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'E',
            'î' | 'ï' | 'Î' | 'Ï' => 'I',
            'ô' | 'ö' | 'Ô' | 'Ö' => 'O',
            'ù' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' => 'U',
            'ç' | 'Ç' => 'C',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn etab(codes: &[&str]) -> Etablissement {
        let options: Vec<String> = codes
            .iter()
            .map(|c| format!("  - {{code: {c}, libelle: {c}, modalite: facultative, niveaux: [\"10110001110\"]}}\n"))
            .collect();
        let yaml = format!(
            "uai: 0699901M\nnom: C\nadresse: {{ligne: l, code_postal: \"69002\", ville: Lyon}}\ncourriel: a@b.fr\n\
             campagne: {{ouverture: 2027-04-06, cloture: 2027-05-28}}\n\
             niveaux: [{{mef: \"10110001110\", libelle: 5e}}]\noptions:\n{}\
             demi_pension: {{proposee: false}}\nregimes_sortie: [{{code: libre, libelle: Libre}}]\npassages: []\n",
            options.concat()
        );
        serde_yaml::from_str(&yaml).unwrap()
    }

    fn matiere(code: &str, gestion: &str, court: &str) -> MatiereSiecle {
        MatiereSiecle {
            code: code.into(),
            code_gestion: gestion.into(),
            libelle_court: court.into(),
            libelle_edition: court.into(),
        }
    }

    #[test]
    fn matieres_map_to_content_codes_or_stay_siecle_codes() {
        let nomenclature = Nomenclature {
            matieres: vec![
                matiere("020300", "LCALA", "LCA LATIN"),
                matiere("030902", "ITA2", "ITALIEN LV2"),
                matiere("030102", "ALL2", "ALLEMAND LV2"),
                matiere("099999", "GRECM", "GREC MODERNE"),
                matiere("061300", "MATHS", "MATHEMATIQUES"),
            ],
            ..Nomenclature::default()
        };
        let e = etab(&["LATIN", "ITA", "ALLEMAND", "GREC", "030201"]);
        let m = OptionMapper::new(&e, Some(&nomenclature));
        assert_eq!(m.map("020300"), "LATIN");
        assert_eq!(m.map("030902"), "ITA");
        assert_eq!(m.map("030102"), "ALLEMAND");
        assert_eq!(m.map("099999"), "GREC", "a whole word of the label");
        assert_eq!(m.map("061300"), "061300");
        assert_eq!(m.map("030201"), "030201", "the content uses the SIECLE code");
        // Without a nomenclature, only the codes known by heart map.
        let bare = OptionMapper::new(&e, None);
        assert_eq!(bare.map("020300"), "LATIN");
        assert_eq!(bare.map("030902"), "030902");
    }
}
