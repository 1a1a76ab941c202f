//! Access codes printed on the letters: 12 characters from an alphabet without look-alikes
//! (no 0/O, 1/I/L), grouped by 4 for reading: `7KQ2-MX9D-4TPW`.
//! 12 × log2(31) ≈ 59 bits of randomness.

use rand::Rng;

/// 31 characters: digits 2–9 and capital letters without I, L, O.
pub const ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Characters in a code, separators aside.
pub const LENGTH: usize = 12;

/// A new random code, grouped for reading.
pub fn generate() -> String {
    let mut rng = rand::rng();
    let raw: String = (0..LENGTH)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    format_grouped(&raw)
}

/// `7KQ2MX9D4TPW` → `7KQ2-MX9D-4TPW`.
pub fn format_grouped(raw: &str) -> String {
    raw.as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("-")
}

/// What a family typed → the canonical code, or None if it cannot be a code.
/// Case, spaces and dashes do not matter; look-alikes typed by mistake are mapped to
/// the character the letter shows (o→0 does not exist, so O is refused, etc.).
pub fn normalize(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '\u{a0}'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == LENGTH && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_are_grouped_and_normalize_back() {
        for _ in 0..1000 {
            let code = generate();
            assert_eq!(code.len(), 14);
            assert_eq!(code.matches('-').count(), 2);
            assert_eq!(normalize(&code).unwrap(), code.replace('-', ""));
        }
    }

    #[test]
    fn families_may_type_codes_loosely() {
        assert_eq!(
            normalize(" 7kq2 mx9d-4tpw ").as_deref(),
            Some("7KQ24MX9D4TPW").map(|_| "7KQ2MX9D4TPW")
        );
        assert_eq!(normalize("7KQ2-MX9D-4TP"), None, "too short");
        assert_eq!(normalize("7KQ2-MX9D-4TP0"), None, "0 is not in the alphabet");
        assert_eq!(normalize("7KQ2-MX9D-4TPÉ"), None);
    }

    #[test]
    fn codes_carry_at_least_50_bits() {
        let bits = LENGTH as f64 * (ALPHABET.len() as f64).log2();
        assert!(bits >= 50.0, "{bits}");
    }
}
