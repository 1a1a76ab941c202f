//! Format rules shared by the HTML constraints and the server-side checks.
//!
//! Each pattern is written once, in the common subset of Rust's `regex` and the JavaScript
//! `v`-flag syntax browsers use for the `pattern` attribute (so `-` is escaped inside
//! classes). Browsers anchor `pattern` implicitly; [`matches`] anchors it the same way.

use regex::Regex;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

/// A French number (10 digits starting with 0, spaces, dots or dashes allowed between pairs)
/// or an international one starting with +.
pub const PHONE: &str = r"(?:0[1-9](?:[ .\-]?[0-9]{2}){4}|\+[1-9][0-9 .\-]{6,18})";
/// French postcode: 5 digits.
pub const CODE_POSTAL_FR: &str = r"[0-9]{5}";
/// A CAF allocataire number.
pub const NUMERO_CAF: &str = r"[0-9]{5,10}";
/// Deliberately loose: the only real check of an address is a message reaching it.
pub const EMAIL: &str = r"[^@\s]+@[^@\s]+\.[^@\s]+";

/// Maximum length of a name, a town, an address line.
pub const MAX_NAME: u32 = 100;
/// Maximum length of an email address (RFC 5321 path limit).
pub const MAX_EMAIL: u32 = 254;
/// Maximum length of a phone number as typed.
pub const MAX_PHONE: u32 = 25;
/// Maximum length of a free-text comment.
pub const MAX_COMMENT: u32 = 2000;

static COMPILED: LazyLock<Mutex<HashMap<String, Regex>>> = LazyLock::new(Default::default);

/// Whether the whole `value` matches `pattern`, anchored like the HTML `pattern` attribute.
pub fn matches(pattern: &str, value: &str) -> bool {
    let mut cache = COMPILED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    // Looked up by `&str` first: a key is allocated only the first time a pattern is seen.
    if let Some(regex) = cache.get(pattern) {
        return regex.is_match(value);
    }
    let regex = Regex::new(&format!("^(?:{pattern})$")).expect("patterns in the model are valid");
    let found = regex.is_match(value);
    cache.insert(pattern.to_string(), regex);
    found
}

/// True when the country field means France (empty counts as France: it is the default).
pub fn is_france(pays: &str) -> bool {
    let p = pays.trim().to_lowercase();
    p.is_empty() || p == "france" || p == "fr"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_as_families_type_them() {
        for ok in [
            "0612345678",
            "06 12 34 56 78",
            "06.12.34.56.78",
            "06-12-34-56-78",
            "+33 6 12 34 56 78",
            "+41 22 123 45 67",
        ] {
            assert!(matches(PHONE, ok), "{ok}");
        }
        for bad in [
            "",
            "061234567",
            "00612345678",
            "6 12 34 56 78",
            "06 12 34 56 7x",
            "+0 123",
        ] {
            assert!(!matches(PHONE, bad), "{bad}");
        }
    }

    #[test]
    fn postcodes_and_emails() {
        assert!(matches(CODE_POSTAL_FR, "75017"));
        assert!(!matches(CODE_POSTAL_FR, "7501"));
        assert!(!matches(CODE_POSTAL_FR, "75017 "));
        assert!(matches(EMAIL, "lou.martin@example.fr"));
        assert!(!matches(EMAIL, "lou.martin@example"));
        assert!(!matches(EMAIL, "lou martin@example.fr"));
    }

    #[test]
    fn france_is_the_default_country() {
        assert!(is_france(""));
        assert!(is_france(" France "));
        assert!(!is_france("Belgique"));
    }
}
