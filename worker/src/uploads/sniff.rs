//! What a file is, from its first bytes (never from its name), and a name safe to keep.

/// Bytes needed to recognise every accepted type.
pub const HEAD_LEN: usize = 8;

/// The media type of a file starting with `head`, when it is one families may send:
/// PDF (`%PDF-`), JPEG (`FF D8 FF`) or PNG (the 8-byte signature).
pub fn media_type(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else {
        None
    }
}

/// Usual extension of an accepted media type (names in ZIP files).
pub fn extension(media_type: &str) -> &'static str {
    match media_type {
        "application/pdf" => "pdf",
        "image/jpeg" => "jpg",
        _ => "png",
    }
}

/// Longest name accepted as sent (a browser sends the file's own name, at most 255 bytes on
/// every common file system).
pub const MAX_SENT_NAME: usize = 255;
/// Longest name kept.
pub const MAX_KEPT_NAME: usize = 120;

/// Why a sent file name is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadName {
    TooLong,
    ControlCharacter,
    ParentPath,
}

impl BadName {
    /// What the family reads.
    pub fn message(&self) -> &'static str {
        match self {
            BadName::TooLong => {
                "Le nom du fichier est trop long (255 caractères au plus) : renommez-le puis recommencez."
            }
            BadName::ControlCharacter => {
                "Le nom du fichier contient des caractères invalides : renommez-le puis recommencez."
            }
            BadName::ParentPath => {
                "Le nom du fichier n'est pas valide (il contient « .. ») : renommez-le puis recommencez."
            }
        }
    }
}

/// The name to keep for a sent file name: its last path component (old browsers send
/// `C:\…\scan.pdf`), cut to [`MAX_KEPT_NAME`] characters keeping the extension. Names with a
/// control character (NUL…), a `..` component or over [`MAX_SENT_NAME`] bytes are refused:
/// no browser sends them. An empty name becomes `fichier`.
pub fn sanitize_name(sent: &str) -> Result<String, BadName> {
    if sent.len() > MAX_SENT_NAME {
        return Err(BadName::TooLong);
    }
    if sent.chars().any(char::is_control) {
        return Err(BadName::ControlCharacter);
    }
    if sent.split(['/', '\\']).any(|part| part.trim() == "..") {
        return Err(BadName::ParentPath);
    }
    let base = sent.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    let base = base.trim_start_matches('.');
    if base.is_empty() {
        return Ok("fichier".into());
    }
    if base.chars().count() <= MAX_KEPT_NAME {
        return Ok(base.to_string());
    }
    let (stem, ext) = match base.rsplit_once('.') {
        Some((stem, ext)) if ext.chars().count() <= 8 => (stem, format!(".{ext}")),
        _ => (base, String::new()),
    };
    let keep = MAX_KEPT_NAME - ext.chars().count();
    Ok(stem.chars().take(keep).collect::<String>() + &ext)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_content() {
        assert_eq!(media_type(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(media_type(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), Some("image/jpeg"));
        assert_eq!(
            media_type(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]),
            Some("image/png")
        );
        assert_eq!(media_type(b"MZ\x90\x00\x03"), None, "a Windows executable");
        assert_eq!(media_type(b"\x7fELF"), None);
        assert_eq!(media_type(b"%PD"), None);
        assert_eq!(media_type(&[0x89, b'P', b'N', b'G']), None, "truncated signature");
    }

    #[test]
    fn names_are_kept_short_and_harmless() {
        assert_eq!(sanitize_name("facture EDF.pdf").unwrap(), "facture EDF.pdf");
        assert_eq!(sanitize_name("C:\\Users\\moi\\scan.jpg").unwrap(), "scan.jpg");
        assert_eq!(sanitize_name("dossier/photo.png").unwrap(), "photo.png");
        assert_eq!(sanitize_name("").unwrap(), "fichier");
        assert_eq!(sanitize_name(".htaccess").unwrap(), "htaccess");
        assert_eq!(sanitize_name("../../etc/passwd"), Err(BadName::ParentPath));
        assert_eq!(sanitize_name("a\\..\\b.pdf"), Err(BadName::ParentPath));
        assert_eq!(sanitize_name("a\0.pdf"), Err(BadName::ControlCharacter));
        assert_eq!(sanitize_name(&"a".repeat(2000)), Err(BadName::TooLong));
        let long = format!("{}.pdf", "é".repeat(60) + &"e".repeat(100));
        let kept = sanitize_name(&long).unwrap();
        assert_eq!(kept.chars().count(), MAX_KEPT_NAME);
        assert!(kept.ends_with(".pdf"));
    }
}
