//! Writing direction of a language.

/// Languages written right to left (their subtags: `ar-MA` is Arabic too).
const RTL: &[&str] = &["ar", "he", "fa", "ur", "ps", "yi", "dv", "ckb"];

/// Whether `lang` (`ar`, `ar-MA`, `fa`…) is written right to left.
pub fn is_rtl(lang: &str) -> bool {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang);
    RTL.iter().any(|l| l.eq_ignore_ascii_case(primary))
}

/// The `dir` attribute of a page in `lang`: `"rtl"` or `"ltr"`.
pub fn dir(lang: &str) -> &'static str {
    if is_rtl(lang) {
        "rtl"
    } else {
        "ltr"
    }
}

#[cfg(test)]
mod tests {
    use super::dir;

    #[test]
    fn arabic_hebrew_persian_urdu_are_right_to_left() {
        for lang in ["ar", "ar-MA", "he", "fa", "ur"] {
            assert_eq!(dir(lang), "rtl", "{lang}");
        }
        for lang in ["fr", "en", "pt-BR", "tr", "ta"] {
            assert_eq!(dir(lang), "ltr", "{lang}");
        }
    }
}
