//! UAI (Unité Administrative Immatriculée): 7 digits and a check letter.

/// The 23 letters used as check letter (I, O and Q are left out: they look like 1 and 0).
const CHECK_LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPRSTUVWXYZ";

/// Why a string is not a valid UAI, in French for the staff who typed it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UaiError {
    #[error("l'UAI « {0} » doit faire 8 caractères : 7 chiffres puis une lettre (ex. 0750654D)")]
    Shape(String),
    #[error("l'UAI « {uai} » a une lettre de contrôle fausse : attendu {expected}, trouvé {found}")]
    CheckLetter { uai: String, expected: char, found: char },
}

/// The check letter of the 7-digit number: the number modulo 23, as a letter.
pub fn check_letter(digits: u32) -> char {
    CHECK_LETTERS[(digits % 23) as usize] as char
}

/// Checks the shape and the check letter. Lowercase letters are refused: SIECLE writes them
/// uppercase, and URLs use the UAI as written.
pub fn check_uai(uai: &str) -> Result<(), UaiError> {
    let bytes = uai.as_bytes();
    if bytes.len() != 8 || !bytes[..7].iter().all(u8::is_ascii_digit) || !bytes[7].is_ascii_uppercase() {
        return Err(UaiError::Shape(uai.to_string()));
    }
    let digits: u32 = uai[..7].parse().expect("7 ASCII digits");
    let expected = check_letter(digits);
    let found = bytes[7] as char;
    if expected != found {
        return Err(UaiError::CheckLetter {
            uai: uai.to_string(),
            expected,
            found,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_uais_from_siecle_exports_are_valid() {
        for uai in ["0660864F", "0752387M", "0140070A", "0750654D", "0750680G"] {
            assert_eq!(check_uai(uai), Ok(()), "{uai}");
        }
    }

    #[test]
    fn a_wrong_check_letter_names_the_right_one() {
        let err = check_uai("0750654E").unwrap_err();
        assert_eq!(
            err,
            UaiError::CheckLetter {
                uai: "0750654E".into(),
                expected: 'D',
                found: 'E'
            }
        );
        assert!(err.to_string().contains("attendu D"));
    }

    #[test]
    fn bad_shapes_are_refused() {
        for uai in [
            "",
            "075065D",
            "07506544D",
            "0750654d",
            "A750654D",
            "0750654",
            "075065ÀD",
        ] {
            assert!(matches!(check_uai(uai), Err(UaiError::Shape(_))), "{uai}");
        }
    }
}
