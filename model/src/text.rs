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

/// Month name, lowercase as French writes it: « mars ».
pub fn mois(month: time::Month) -> &'static str {
    const MOIS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    MOIS[u8::from(month) as usize - 1]
}

/// Day of the week, lowercase: « lundi ».
pub fn jour(weekday: time::Weekday) -> &'static str {
    const JOURS: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
    JOURS[weekday.number_days_from_monday() as usize]
}

#[cfg(test)]
mod tests {
    use super::{de, jour, mois};

    #[test]
    fn french_month_and_day_names() {
        assert_eq!(mois(time::Month::January), "janvier");
        assert_eq!(mois(time::Month::August), "août");
        assert_eq!(jour(time::Weekday::Monday), "lundi");
        assert_eq!(jour(time::Weekday::Sunday), "dimanche");
    }

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
