//! Bytes → UTF-8 text, using the encoding the XML prolog declares (SIECLE writes
//! ISO-8859-15). The XML parser then only ever sees a Rust `String`.

use std::borrow::Cow;

use encoding_rs::{Encoding, REPLACEMENT, UTF_8};

use super::error::{line_of, SiecleError};

/// Decodes a whole file. `fichier` is the file name used in messages.
pub(crate) fn decode(fichier: &str, bytes: &[u8]) -> Result<String, SiecleError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(SiecleError::Vide {
            fichier: fichier.to_owned(),
        });
    }
    // A byte-order mark wins over the prolog (XML spec, appendix F).
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        if enc == UTF_8 {
            return utf8(fichier, body, true);
        }
        let (text, _) = enc.decode_without_bom_handling(body);
        return Ok(text.into_owned());
    }

    let Some(label) = declared_encoding(bytes) else {
        return utf8(fichier, bytes, false);
    };
    let enc = Encoding::for_label(label.trim().as_bytes())
        .filter(|e| e.is_ascii_compatible() && *e != REPLACEMENT)
        .ok_or_else(|| SiecleError::Encodage {
            fichier: fichier.to_owned(),
            ligne: 1,
            detail: format!(
                "encodage « {} » non pris en charge (attendu ISO-8859-15, ISO-8859-1 ou UTF-8)",
                String::from_utf8_lossy(label.as_bytes())
            ),
        })?;
    if enc == UTF_8 {
        return utf8(fichier, bytes, true);
    }
    // A Latin-9 file re-saved as UTF-8 by an editor keeps its old prolog. Latin-9 names
    // are practically never valid multi-byte UTF-8, so such content is read as UTF-8
    // rather than turned into "Ã©" mojibake.
    if !bytes.is_ascii() {
        if let Ok(text) = std::str::from_utf8(bytes) {
            return Ok(text.to_owned());
        }
    }
    let (text, _) = enc.decode_without_bom_handling(bytes);
    Ok(match text {
        Cow::Borrowed(s) => s.to_owned(),
        Cow::Owned(s) => s,
    })
}

fn utf8(fichier: &str, body: &[u8], declared: bool) -> Result<String, SiecleError> {
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text.to_owned()),
        // The file stops inside a multi-byte character: a truncation, not a wrong encoding.
        Err(e) if e.error_len().is_none() => Err(SiecleError::Tronque {
            fichier: fichier.to_owned(),
            ligne: line_of(body, body.len()),
            detail: "le fichier s'arrête au milieu d'un caractère".into(),
        }),
        Err(e) => {
            let pos = e.valid_up_to();
            let octet = body.get(pos).copied().unwrap_or(0);
            let ligne = line_of(body, pos);
            let declaration = if declared {
                "le fichier déclare UTF-8"
            } else {
                "le fichier ne déclare pas d'encodage (donc UTF-8)"
            };
            Err(SiecleError::Encodage {
                fichier: fichier.to_owned(),
                ligne,
                detail: format!(
                    "encodage invalide : {declaration} mais l'octet 0x{octet:02X} ligne {ligne} \
                     n'est pas de l'UTF-8 (essayez de l'exporter à nouveau depuis SIECLE)"
                ),
            })
        }
    }
}

/// The `encoding="…"` of a leading `<?xml … ?>`, if any. Only ASCII is looked at, which
/// every encoding accepted here shares.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = &bytes[start..];
    if !rest.starts_with(b"<?xml") {
        return None;
    }
    let end = rest.windows(2).take(512).position(|w| w == b"?>")?;
    let decl = &rest[..end];
    let at = decl.windows(8).position(|w| w == b"encoding")?;
    let after = &decl[at + 8..];
    let after = trim_start(after).strip_prefix(b"=")?;
    let after = trim_start(after);
    let quote = *after.first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let value = &after[1..];
    let close = value.iter().position(|&b| b == quote)?;
    Some(String::from_utf8_lossy(&value[..close]).into_owned())
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}
