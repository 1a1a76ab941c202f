//! The messages of the theme's scripts (`static/*.js`): the same catalogs as the templates,
//! keys `script-…`. A script asks for `t("etape", { n: 2, total: 5 })`; the page carries, in
//! its language, only the messages its scripts ask for, as JSON in
//! `<script type="application/json" id="messages">`, keyed by the name after `script-`.
//!
//! A message is shipped as the browser needs it to choose and fill it: a string with
//! `{name}` where a `{ $name }` goes, or, for a selector (`{ $n -> [one] … *[other] … }`),
//! `["n", {"one": …, "other": …}, "other"]` — the variable, the variants (each a message
//! again), the default. The script picks the variant whose key is the value itself, then
//! the plural category `Intl.PluralRules` gives in the page's language (Arabic's zero, one,
//! two, few, many, other), then the default: Fluent's own order.

use crate::{line_of, Catalogs};
use fluent_syntax::ast::{Expression, InlineExpression, PatternElement, VariantKey};

/// Catalog keys of the scripts start with this.
pub const SCRIPT_PREFIX: &str = "script-";

/// The messages a script asks for, `t("name"` written whole, as catalog keys (`script-name`)
/// with their 1-based line.
pub fn script_keys(js: &str) -> Vec<(String, usize)> {
    let mut keys = Vec::new();
    for (i, _) in js.match_indices("t(\"") {
        let before = js[..i].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$' || c == '.') {
            continue;
        }
        let rest = &js[i + 3..];
        let Some(end) = rest.find('"') else { continue };
        let name = &rest[..end];
        if !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            keys.push((format!("{SCRIPT_PREFIX}{name}"), line_of(js, i)));
        }
    }
    keys
}

/// A JSON string literal of `text`, with `<` escaped: the JSON sits in a `<script>` element,
/// which a `</script>` in a translation must not close.
fn json_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("\\u003c"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// One piece of a flattened pattern: text, or a selector still to choose.
enum Piece<'a> {
    Text(String),
    Select(&'a Expression<&'a str>),
}

impl Catalogs {
    /// The JSON object of the script messages `keys` (catalog keys, `script-…`) in `lang`,
    /// the French message where `lang`'s catalog lacks one; a key French lacks too is left out
    /// (`dossiersco check` names it).
    pub fn script_messages_json<'k>(&self, lang: &str, keys: impl IntoIterator<Item = &'k str>) -> String {
        let mut out = String::from("{");
        for key in keys {
            let Some(catalog) = self.catalog(lang).filter(|c| c.has(key)).or_else(|| {
                let reference = self.reference();
                reference.has(key).then_some(reference)
            }) else {
                continue;
            };
            let Some(pattern) = catalog.bundle.get_message(key).and_then(|m| m.value()) else {
                continue;
            };
            if out.len() > 1 {
                out.push(',');
            }
            json_string(key.strip_prefix(SCRIPT_PREFIX).unwrap_or(key), &mut out);
            out.push(':');
            let pieces = self.flatten(lang, &pattern.elements);
            self.write_pieces(lang, &pieces, &mut out);
        }
        out.push('}');
        out
    }

    /// The pattern's elements as text (variables as `{name}`, literals and plain message
    /// references resolved) and selectors.
    fn flatten<'a>(&self, lang: &str, elements: &'a [PatternElement<&'a str>]) -> Vec<Piece<'a>> {
        let mut pieces: Vec<Piece<'a>> = Vec::new();
        let push_text = |pieces: &mut Vec<Piece<'a>>, text: &str| match pieces.last_mut() {
            Some(Piece::Text(t)) => t.push_str(text),
            _ => pieces.push(Piece::Text(text.to_string())),
        };
        for element in elements {
            match element {
                PatternElement::TextElement { value } => push_text(&mut pieces, value),
                PatternElement::Placeable { expression } => match expression {
                    Expression::Select { .. } => pieces.push(Piece::Select(expression)),
                    Expression::Inline(inline) => {
                        let text = self.inline_text(lang, inline);
                        push_text(&mut pieces, &text);
                    }
                },
            }
        }
        pieces
    }

    /// An inline expression as the script's text: `{name}` for a variable.
    fn inline_text(&self, lang: &str, inline: &InlineExpression<&str>) -> String {
        match inline {
            InlineExpression::VariableReference { id } => format!("{{{}}}", id.name),
            InlineExpression::StringLiteral { value } => unescape_literal(value),
            InlineExpression::NumberLiteral { value } => value.to_string(),
            InlineExpression::MessageReference { id, attribute: None } => {
                self.text_without_arguments(lang, id.name).unwrap_or_default()
            }
            InlineExpression::Placeable { expression } => match expression.as_ref() {
                Expression::Inline(inner) => self.inline_text(lang, inner),
                // A selector inside braces: the default variant's text (rare in a catalog).
                Expression::Select { variants, .. } => variants
                    .iter()
                    .find(|v| v.default)
                    .map(|v| {
                        let mut out = String::new();
                        for piece in self.flatten(lang, &v.value.elements) {
                            if let Piece::Text(t) = piece {
                                out.push_str(&t);
                            }
                        }
                        out
                    })
                    .unwrap_or_default(),
            },
            // Functions and terms: no script message needs them; formatted without arguments.
            _ => String::new(),
        }
    }

    /// Writes pieces as a message: a string, or the first selector with the text around it
    /// carried into each variant.
    fn write_pieces<'a>(&self, lang: &str, pieces: &[Piece<'a>], out: &mut String) {
        let Some(at) = pieces.iter().position(|p| matches!(p, Piece::Select(_))) else {
            let text: String = pieces
                .iter()
                .map(|p| match p {
                    Piece::Text(t) => t.as_str(),
                    Piece::Select(_) => "",
                })
                .collect();
            json_string(&text, out);
            return;
        };
        let Piece::Select(Expression::Select { selector, variants }) = &pieces[at] else {
            return;
        };
        let variable = match selector {
            InlineExpression::VariableReference { id } => id.name,
            _ => "",
        };
        out.push('[');
        json_string(variable, out);
        out.push_str(",{");
        let mut default = "other".to_string();
        for (i, variant) in variants.iter().enumerate() {
            let key = match &variant.key {
                VariantKey::Identifier { name } => name.to_string(),
                VariantKey::NumberLiteral { value } => value.to_string(),
            };
            if variant.default {
                default = key.clone();
            }
            if i > 0 {
                out.push(',');
            }
            json_string(&key, out);
            out.push(':');
            // Before + this variant + after: a selector later in the text stays a selector.
            let mut spliced: Vec<Piece<'a>> = Vec::new();
            let own = self.flatten(lang, &variant.value.elements);
            for piece in pieces[..at].iter().chain(own.iter()).chain(pieces[at + 1..].iter()) {
                match (piece, spliced.last_mut()) {
                    (Piece::Text(t), Some(Piece::Text(last))) => last.push_str(t),
                    (Piece::Text(t), _) => spliced.push(Piece::Text(t.clone())),
                    (Piece::Select(s), _) => spliced.push(Piece::Select(s)),
                }
            }
            self.write_pieces(lang, &spliced, out);
        }
        out.push_str("},");
        json_string(&default, out);
        out.push(']');
    }
}

/// A Fluent string literal's text: `{"\u00A0"}` and `{"\""}` unescaped.
fn unescape_literal(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                out.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
            }
            Some('U') => {
                let hex: String = chars.by_ref().take(6).collect();
                out.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogs(fr: &str, ar: &str) -> (tempfile::TempDir, Catalogs) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("fr.ftl"), fr).unwrap();
        std::fs::write(dir.path().join("ar.ftl"), ar).unwrap();
        let catalogs = Catalogs::load(dir.path(), &["ar".to_string()]).unwrap();
        (dir, catalogs)
    }

    #[test]
    fn a_script_asks_for_its_messages_by_name() {
        let js = "var a = t(\"choisir\");\nx.textContent = t(\"etape\", { n: 1 });\nsplit(\"a\"); at(\"b\"); o.t(\"c\"); t(\"Pas Une Cle\");";
        assert_eq!(
            script_keys(js),
            vec![("script-choisir".to_string(), 1), ("script-etape".to_string(), 2)]
        );
    }

    #[test]
    fn messages_go_to_the_browser_with_their_variables_and_every_plural_variant() {
        let fr = "script-a = Ce champ est obligatoire.\nscript-b = Étape { $n } sur { $total }\u{a0}: « { $titre } »\nscript-c = Le dossier : { $n ->\n    [0] rien\n    [one] { $n } point\n   *[other] { $n } points\n} à corriger.\nscript-d = Erreur :{\" \"}\nscript-e = fr seulement\n";
        let ar = "script-a = هذه الخانة إلزامية.\nscript-c = { $n ->\n    [zero] لا شيء\n    [one] نقطة واحدة\n    [two] نقطتان\n    [few] { $n } نقاط\n    [many] { $n } نقطة\n   *[other] { $n } نقطة\n}\nscript-d = <b>\n";
        let (_dir, catalogs) = catalogs(fr, ar);
        let keys = [
            "script-a",
            "script-b",
            "script-c",
            "script-d",
            "script-e",
            "script-absente",
        ];
        assert_eq!(
            catalogs.script_messages_json("fr", keys),
            "{\"a\":\"Ce champ est obligatoire.\",\"b\":\"Étape {n} sur {total}\u{a0}: « {titre} »\",\
             \"c\":[\"n\",{\"0\":\"Le dossier : rien à corriger.\",\"one\":\"Le dossier : {n} point à corriger.\",\
             \"other\":\"Le dossier : {n} points à corriger.\"},\"other\"],\"d\":\"Erreur : \",\"e\":\"fr seulement\"}"
        );
        let json = catalogs.script_messages_json("ar", keys);
        assert!(json.contains("\"a\":\"هذه الخانة إلزامية.\""), "{json}");
        assert!(
            json.contains("\"c\":[\"n\",{\"zero\":\"لا شيء\",\"one\":\"نقطة واحدة\",\"two\":\"نقطتان\",\"few\":\"{n} نقاط\",\"many\":\"{n} نقطة\",\"other\":\"{n} نقطة\"},\"other\"]"),
            "{json}"
        );
        // Missing in Arabic: the French text. A translation cannot close the page's <script>.
        assert!(json.contains("\"e\":\"fr seulement\""), "{json}");
        assert!(json.contains("\"d\":\"\\u003cb>\""), "{json}");
        assert!(!json.contains("absente"), "{json}");
    }
}
