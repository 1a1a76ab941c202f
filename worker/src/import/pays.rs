//! SIECLE country codes (the INSEE code without its 99 prefix: 100 = France) → the names
//! families read. A small table of the countries met most often in French collèges; any
//! other code is kept as is, and the family corrects it in the form.

/// (code, country, nationality) — nationality in the feminine, as in « nationalité française ».
const PAYS: &[(&str, &str, &str)] = &[
    ("100", "France", "Française"),
    ("101", "Danemark", "Danoise"),
    ("103", "Norvège", "Norvégienne"),
    ("104", "Suède", "Suédoise"),
    ("109", "Allemagne", "Allemande"),
    ("110", "Autriche", "Autrichienne"),
    ("111", "Bulgarie", "Bulgare"),
    ("114", "Roumanie", "Roumaine"),
    ("116", "République tchèque", "Tchèque"),
    ("119", "Croatie", "Croate"),
    ("122", "Pologne", "Polonaise"),
    ("123", "Russie", "Russe"),
    ("126", "Grèce", "Grecque"),
    ("127", "Italie", "Italienne"),
    ("131", "Belgique", "Belge"),
    ("132", "Royaume-Uni", "Britannique"),
    ("134", "Espagne", "Espagnole"),
    ("135", "Pays-Bas", "Néerlandaise"),
    ("136", "Irlande", "Irlandaise"),
    ("137", "Luxembourg", "Luxembourgeoise"),
    ("139", "Portugal", "Portugaise"),
    ("140", "Suisse", "Suisse"),
    ("155", "Ukraine", "Ukrainienne"),
    ("205", "Liban", "Libanaise"),
    ("208", "Turquie", "Turque"),
    ("216", "Chine", "Chinoise"),
    ("217", "Japon", "Japonaise"),
    ("223", "Inde", "Indienne"),
    ("301", "Égypte", "Égyptienne"),
    ("322", "Cameroun", "Camerounaise"),
    ("326", "Côte d'Ivoire", "Ivoirienne"),
    ("335", "Mali", "Malienne"),
    ("341", "Sénégal", "Sénégalaise"),
    ("350", "Maroc", "Marocaine"),
    ("351", "Tunisie", "Tunisienne"),
    ("352", "Algérie", "Algérienne"),
    ("401", "Canada", "Canadienne"),
    ("404", "États-Unis", "Américaine"),
];

/// SIECLE writes 3 digits; some tools keep INSEE's 5 (99100).
fn short(code: &str) -> &str {
    let code = code.trim();
    if code.len() == 5 && code.starts_with("99") {
        &code[2..]
    } else {
        code
    }
}

/// The country's name, or the code itself when it is not in the table.
pub fn pays(code: &str) -> String {
    let c = short(code);
    PAYS.iter()
        .find(|(k, _, _)| *k == c)
        .map_or_else(|| code.trim().to_string(), |(_, p, _)| p.to_string())
}

/// The nationality, or the code itself when it is not in the table.
pub fn nationalite(code: &str) -> String {
    let c = short(code);
    PAYS.iter()
        .find(|(k, _, _)| *k == c)
        .map_or_else(|| code.trim().to_string(), |(_, _, n)| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_get_names_and_others_stay_codes() {
        assert_eq!(pays("100"), "France");
        assert_eq!(pays("99100"), "France");
        assert_eq!(nationalite("100"), "Française");
        assert_eq!(pays("140"), "Suisse");
        assert_eq!(nationalite("139"), "Portugaise");
        assert_eq!(pays("999"), "999");
    }
}
