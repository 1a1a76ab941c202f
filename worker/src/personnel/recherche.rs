//! Finding a pupil by name as the office types it: without accents nor capitals, « lefevre »
//! finds LEFÈVRE, « oel » finds Joël, « coeur » finds Cœur. The list sends each pupil's
//! [`cle`]; `personnel.js` folds what is typed the same way (NFD, marks removed, the same
//! ligatures), and `GET /api/personnel/eleves?q=` filters with [`correspond`].

/// `text` folded for searching: lowercase, accents removed, ligatures spelt out (œ → oe,
/// æ → ae, ß → ss), apostrophes and hyphens as spaces, spaces collapsed.
pub fn cle(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match fold(c) {
            Some(s) => out.push_str(s),
            None if c.is_alphanumeric() => out.push(c),
            // Combining marks (a name typed decomposed) disappear; the rest separates words.
            None if ('\u{300}'..='\u{36f}').contains(&c) => {}
            None => out.push(' '),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether every word of `query` is found in the pupil's surname and first names.
pub fn correspond(query: &str, nom: &str, prenom: &str) -> bool {
    let haystack = cle(&format!("{nom} {prenom}"));
    cle(query)
        .split(' ')
        .filter(|w| !w.is_empty())
        .all(|w| haystack.contains(w))
}

fn fold(c: char) -> Option<&'static str> {
    const TABLE: [(&str, &str); 26] = [
        ("àáâãäåāăą", "a"),
        ("çćĉċč", "c"),
        ("ďđð", "d"),
        ("èéêëēĕėęě", "e"),
        ("ĝğġģ", "g"),
        ("ĥħ", "h"),
        ("ìíîïĩīĭįı", "i"),
        ("ĵ", "j"),
        ("ķ", "k"),
        ("ĺļľŀł", "l"),
        ("ñńņňŉ", "n"),
        ("òóôõöøōŏő", "o"),
        ("ŕŗř", "r"),
        ("śŝşšș", "s"),
        ("ţťŧț", "t"),
        ("ùúûüũūŭůűų", "u"),
        ("ŵ", "w"),
        ("ýÿŷ", "y"),
        ("źżž", "z"),
        ("œ", "oe"),
        ("æ", "ae"),
        ("ß", "ss"),
        ("þ", "th"),
        ("'’‘`´", " "),
        ("-‐‑–—", " "),
        ("ĳ", "ij"),
    ];
    if c.is_ascii() {
        return None;
    }
    TABLE.iter().find(|(from, _)| from.contains(c)).map(|(_, to)| *to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_capitals_and_ligatures_do_not_matter() {
        assert_eq!(cle("LEFÈVRE"), "lefevre");
        assert_eq!(cle("Cœur-Joël  d’Ambrières"), "coeur joel d ambrieres");
        assert_eq!(cle("Ævar Straße ÇELİK"), "aevar strasse celik");
        // Decomposed (e + combining acute), as some keyboards and imports write it.
        assert_eq!(cle("Le\u{301}a"), "lea");
    }

    #[test]
    fn lefevre_finds_lefevre_with_its_accent_and_nothing_else() {
        assert!(correspond("lefevre", "LEFÈVRE", "Zoé"));
        assert!(correspond("Lefèvre", "LEFEVRE", "Zoé"));
        assert!(correspond("zoe lef", "LEFÈVRE", "Zoé"));
        assert!(correspond("  ", "LEFÈVRE", "Zoé"), "an empty search keeps everyone");
        assert!(!correspond("lefevres", "LEFÈVRE", "Zoé"));
        assert!(!correspond("zoe martin", "LEFÈVRE", "Zoé"), "every word must be found");
        assert!(correspond("coeur", "DU CŒUR", "Anne"));
        assert!(correspond("saint etienne", "SAINT-ÉTIENNE", "Paul"));
    }
}
