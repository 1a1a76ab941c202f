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

/// SIECLE's code of a country the family typed (« France », « italie »…): `known` (the
/// imported code) when the name is still its name, else the table's, else a code typed as
/// such (3 digits, or 5 with INSEE's 99). `None`: a name SIECLE's table here does not hold.
pub fn code_pays(name: &str, known: Option<&str>) -> Option<String> {
    code_of(name, known, pays, |(_, p, _)| p)
}

/// Same as [`code_pays`] for a nationality (« Française »).
pub fn code_nationalite(name: &str, known: Option<&str>) -> Option<String> {
    code_of(name, known, nationalite, |(_, _, n)| n)
}

fn code_of(
    name: &str,
    known: Option<&str>,
    name_of: fn(&str) -> String,
    column: fn(&(&'static str, &'static str, &'static str)) -> &'static str,
) -> Option<String> {
    let wanted = fold(name);
    if wanted.is_empty() {
        return None;
    }
    if let Some(code) = known.filter(|k| fold(&name_of(k)) == wanted) {
        return Some(short(code).to_string());
    }
    if let Some((code, _, _)) = PAYS.iter().find(|row| fold(column(row)) == wanted) {
        return Some(code.to_string());
    }
    let c = short(name);
    (c.len() == 3 && c.chars().all(|ch| ch.is_ascii_digit())).then(|| c.to_string())
}

/// Lowercase, no accents, no spaces nor dashes: « Royaume Uni » = « royaume-uni ».
pub(crate) fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\'' | '’'))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_typed_by_families_find_their_code() {
        assert_eq!(code_pays("France", None).as_deref(), Some("100"));
        assert_eq!(code_pays(" royaume uni ", None).as_deref(), Some("132"));
        assert_eq!(code_nationalite("FRANÇAISE", None).as_deref(), Some("100"));
        assert_eq!(code_pays("99139", None).as_deref(), Some("139"));
        // A code outside the table, kept by the import as its own name.
        assert_eq!(code_pays("254", Some("254")).as_deref(), Some("254"));
        assert_eq!(code_pays("Groenland", None), None);
        assert_eq!(code_pays("", Some("100")), None);
    }

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
