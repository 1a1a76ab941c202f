//! French typography the templates need more than once.

/// « de » before a name, elided before a vowel: « de Léa », « d'Adam », « d'Émile ».
/// Names starting with h are left alone (« de Hugo » and « d'Hugo » are both written).
pub fn de(name: &str) -> String {
    let elides = name
        .chars()
        .next()
        .is_some_and(|c| "aeiouyàâäéèêëîïôöùûüœæ".contains(c.to_lowercase().next().unwrap_or(c)));
    if elides {
        format!("d'{name}")
    } else {
        format!("de {name}")
    }
}

#[cfg(test)]
mod tests {
    use super::de;

    #[test]
    fn de_is_elided_before_a_vowel() {
        assert_eq!(de("Adam"), "d'Adam");
        assert_eq!(de("Émile"), "d'Émile");
        assert_eq!(de("ÉLODIE"), "d'ÉLODIE");
        assert_eq!(de("Léa"), "de Léa");
        assert_eq!(de("Hugo"), "de Hugo");
        assert_eq!(de(""), "de ");
    }
}
