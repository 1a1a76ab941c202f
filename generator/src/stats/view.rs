//! The statistics as templates read them: numbers written the French way, "< 5" kept as
//! the model suppressed it, `None` for what was not computed (the template says why).

use dossiersco_model::stats::{Count, Participation, Satisfaction};
use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// A count and its share of the expected pupils.
#[derive(Serialize)]
pub struct ShareView {
    pub nombre: String,
    /// "42,9 %"; `None` when not computed (fewer than 5).
    pub part: Option<String>,
}

/// Participation, ready to print.
#[derive(Serialize)]
pub struct ParticipationView {
    pub attendus: String,
    pub connectees: ShareView,
    pub transmis: ShareView,
    pub valides: ShareView,
}

/// Satisfaction, ready to print.
#[derive(Serialize)]
pub struct SatisfactionView {
    pub notes: String,
    /// "4,2"; `None` with fewer than 5 ratings.
    pub moyenne: Option<String>,
    pub repartition: Vec<NoteCount>,
}

#[derive(Serialize)]
pub struct NoteCount {
    pub note: u8,
    pub nombre: String,
}

impl ParticipationView {
    pub fn new(p: &Participation) -> Self {
        let share = |n: Count, part: Option<f64>| ShareView {
            nombre: count(n),
            part: part.map(|p| format!("{} %", decimal(p, 1))),
        };
        ParticipationView {
            attendus: count(p.eleves_attendus),
            connectees: share(p.familles_connectees, p.part_connectees),
            transmis: share(p.dossiers_transmis, p.part_transmis),
            valides: share(p.dossiers_valides, p.part_valides),
        }
    }
}

impl SatisfactionView {
    pub fn new(s: &Satisfaction) -> Self {
        SatisfactionView {
            notes: count(s.notes),
            moyenne: s.moyenne.map(|m| decimal(m, 1)),
            repartition: (1..=5)
                .zip(s.repartition)
                .map(|(note, n)| NoteCount { note, nombre: count(n) })
                .collect(),
        }
    }
}

/// "1 234" (narrow no-break space between thousands), or "< 5".
pub fn count(n: Count) -> String {
    match n.value() {
        Some(v) => integer(v),
        None => n.to_string(),
    }
}

/// Thousands separated by a narrow no-break space, as French typography wants.
pub fn integer(n: u64) -> String {
    let digits = n.to_string();
    let head = match digits.len() % 3 {
        0 => 3,
        r => r,
    };
    let (first, rest) = digits.split_at(head.min(digits.len()));
    let mut out = first.to_string();
    for group in rest.as_bytes().chunks(3) {
        out.push('\u{202f}');
        out.push_str(std::str::from_utf8(group).unwrap_or_default());
    }
    out
}

/// `x` with `decimals` digits after a comma ("4,2"), thousands separated.
pub fn decimal(x: f64, decimals: usize) -> String {
    let text = format!("{x:.decimals$}");
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let int = int.parse::<u64>().map(integer).unwrap_or_else(|_| int.to_string());
    if frac.is_empty() {
        int
    } else {
        format!("{int},{frac}")
    }
}

/// A duration in French words: "moins d'une minute", "25 min", "3 h 20 min", "2 jours et 5 h".
pub fn duration(seconds: u64) -> String {
    let minutes = seconds / 60;
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (days, hours, mins) {
        (0, 0, 0) => "moins d'une minute".into(),
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m:02} min"),
        (d, h, _) => {
            let jours = if d == 1 {
                "1 jour".to_string()
            } else {
                format!("{d} jours")
            };
            if h == 0 {
                jours
            } else {
                format!("{jours} et {h} h")
            }
        }
    }
}

/// When the snapshot was taken: ISO for `<time datetime>` and "12 mai 2027 à 14 h 05".
#[derive(Serialize)]
pub struct InstantView {
    pub iso: String,
    pub texte: String,
}

impl InstantView {
    pub fn new(rfc3339: &str) -> Self {
        let texte = match OffsetDateTime::parse(rfc3339, &Rfc3339) {
            Ok(t) => format!(
                "{} {} {} à {} h {:02}",
                t.day(),
                dossiersco_model::text::mois(t.month()),
                t.year(),
                t.hour(),
                t.minute()
            ),
            Err(_) => rfc3339.to_string(),
        };
        InstantView {
            iso: rfc3339.to_string(),
            texte,
        }
    }
}

pub const MOIS_COURTS: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_durations_read_the_french_way() {
        assert_eq!(integer(1234567), "1\u{202f}234\u{202f}567");
        assert_eq!(integer(999), "999");
        assert_eq!(decimal(42.857, 1), "42,9");
        assert_eq!(decimal(1234.5, 1), "1\u{202f}234,5");
        assert_eq!(decimal(100.0, 1), "100,0");
        assert_eq!(count(Count::new(3)), "< 5");
        assert_eq!(count(Count::Secret), "secret");
        assert_eq!(duration(30), "moins d'une minute");
        assert_eq!(duration(25 * 60 + 10), "25 min");
        assert_eq!(duration(3 * 3600), "3 h");
        assert_eq!(duration(3 * 3600 + 5 * 60), "3 h 05 min");
        assert_eq!(duration(86400 + 5 * 3600), "1 jour et 5 h");
        assert_eq!(duration(3 * 86400 + 59), "3 jours");
        assert_eq!(
            InstantView::new("2027-05-12T14:05:00+02:00").texte,
            "12 mai 2027 à 14 h 05"
        );
    }
}
