//! A serde Deserializer over [`Node`]: errors carry the node's line, messages are French, and
//! unknown keys of a struct are all collected (with their line) instead of stopping at the first.
//!
//! The model's structs refuse unknown fields (`deny_unknown_fields`), which stops at the first
//! typo. Here `deserialize_struct` knows the struct's field names, so unknown keys are set
//! aside and reported together, and the struct never sees them.

use super::tree::{Kind, Node};
use serde::de::{self, DeserializeSeed, Expected, IntoDeserializer, Unexpected, Visitor};
use std::cell::RefCell;
use std::fmt;

/// A problem and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The error the model's Deserialize impls see; located by the innermost node it crosses.
#[derive(Debug)]
pub struct DeError {
    message: String,
    at: Option<(usize, usize, String)>,
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError {
            message: msg.to_string(),
            at: None,
        }
    }
    fn invalid_type(unexp: Unexpected, exp: &dyn Expected) -> Self {
        Self::custom(format!(
            "attendu {}, trouvé {}",
            expected_fr(exp),
            unexpected_fr(&unexp)
        ))
    }
    fn invalid_value(unexp: Unexpected, exp: &dyn Expected) -> Self {
        Self::custom(format!(
            "valeur {} invalide : attendu {}",
            unexpected_fr(&unexp),
            expected_fr(exp)
        ))
    }
    fn invalid_length(len: usize, exp: &dyn Expected) -> Self {
        Self::custom(format!("{len} éléments : attendu {}", expected_fr(exp)))
    }
    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Self::custom(format!(
            "valeur « {variant} » inconnue : valeurs possibles : {}{}",
            expected.join(", "),
            suggestion(variant, expected)
        ))
    }
    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Self::custom(format!(
            "clé inconnue « {field} » : clés possibles : {}",
            expected.join(", ")
        ))
    }
    fn missing_field(field: &'static str) -> Self {
        Self::custom(format!("clé « {field} » manquante"))
    }
    fn duplicate_field(field: &'static str) -> Self {
        Self::custom(format!("clé « {field} » écrite deux fois"))
    }
}

/// Deserializes `T` from `root`. Returns the value when only unknown keys were found (so the
/// semantic checks can still run), and every problem: all unknown keys and the first other one,
/// in line order.
pub fn from_node<T: de::DeserializeOwned>(root: &Node) -> (Option<T>, Vec<Located>) {
    let unknown = RefCell::new(Vec::new());
    let result = T::deserialize(NodeDe {
        node: root,
        path: String::new(),
        unknown: &unknown,
    });
    let mut problems = unknown.into_inner();
    let value = match result {
        Ok(value) => Some(value),
        Err(err) => {
            let (line, column, path) = err.at.unwrap_or((root.line, root.column, String::new()));
            let message = if path.is_empty() {
                err.message
            } else {
                format!("{path} : {}", err.message)
            };
            problems.push(Located { line, column, message });
            None
        }
    };
    problems.sort_by_key(|p| (p.line, p.column));
    (value, problems)
}

struct NodeDe<'a> {
    node: &'a Node,
    path: String,
    unknown: &'a RefCell<Vec<Located>>,
}

impl<'a> NodeDe<'a> {
    /// The deserializer of a key's value (`Some(key)`) or of a list element (`None`, `index`).
    fn child(&self, node: &'a Node, key: Option<&str>, index: usize) -> NodeDe<'a> {
        let path = match key {
            Some(key) if self.path.is_empty() => key.to_string(),
            Some(key) => format!("{}.{key}", self.path),
            None => format!("{}[{index}]", self.path),
        };
        NodeDe {
            node,
            path,
            unknown: self.unknown,
        }
    }

    /// Locates an error raised by this node's visitor, unless a deeper node already did.
    fn locate<T>(&self, result: Result<T, DeError>) -> Result<T, DeError> {
        result.map_err(|mut err| {
            if err.at.is_none() {
                err.at = Some((self.node.line, self.node.column, self.path.clone()));
            }
            err
        })
    }

    fn unexpected(&self) -> Unexpected<'a> {
        match &self.node.kind {
            Kind::Seq(_) => Unexpected::Seq,
            Kind::Map(_) => Unexpected::Map,
            Kind::Scalar { .. } if self.node.is_null() => Unexpected::Unit,
            Kind::Scalar { text, .. } => Unexpected::Str(text),
        }
    }
}

impl<'de, 'a> de::Deserializer<'de> for NodeDe<'a> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let result = match &self.node.kind {
            Kind::Seq(items) => visitor.visit_seq(SeqDe {
                items: items.iter(),
                index: 0,
                parent: &self,
            }),
            Kind::Map(entries) => visitor.visit_map(MapDe::new(&self, entries, None)),
            Kind::Scalar { .. } if self.node.is_null() => visitor.visit_unit(),
            Kind::Scalar { text, plain: true } => match text.as_str() {
                "true" | "True" | "TRUE" => visitor.visit_bool(true),
                "false" | "False" | "FALSE" => visitor.visit_bool(false),
                t => {
                    if let Ok(n) = t.parse::<u64>() {
                        visitor.visit_u64(n)
                    } else if let Ok(n) = t.parse::<i64>() {
                        visitor.visit_i64(n)
                    } else if let Ok(n) = t.parse::<f64>() {
                        visitor.visit_f64(n)
                    } else {
                        visitor.visit_str(t)
                    }
                }
            },
            Kind::Scalar { text, .. } => visitor.visit_str(text),
        };
        self.locate(result)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let result = match &self.node.kind {
            Kind::Scalar { text, plain: true } if matches!(text.as_str(), "true" | "True" | "TRUE") => {
                visitor.visit_bool(true)
            }
            Kind::Scalar { text, plain: true } if matches!(text.as_str(), "false" | "False" | "FALSE") => {
                visitor.visit_bool(false)
            }
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        };
        self.locate(result)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        // Like serde_norway: an unquoted number is fine where text is expected (code_postal: 33100).
        let result = match &self.node.kind {
            Kind::Scalar { text, .. } if !self.node.is_null() => visitor.visit_str(text),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        };
        self.locate(result)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.node.is_null() {
            return self.locate(visitor.visit_none());
        }
        let (line, column, path) = (self.node.line, self.node.column, self.path.clone());
        visitor.visit_some(self).map_err(|mut err| {
            err.at.get_or_insert((line, column, path));
            err
        })
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let result = if self.node.is_null() {
            visitor.visit_unit()
        } else {
            Err(de::Error::invalid_type(self.unexpected(), &visitor))
        };
        self.locate(result)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let result = match &self.node.kind {
            Kind::Seq(items) => visitor.visit_seq(SeqDe {
                items: items.iter(),
                index: 0,
                parent: &self,
            }),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        };
        self.locate(result)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let result = match &self.node.kind {
            Kind::Map(entries) => visitor.visit_map(MapDe::new(&self, entries, None)),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        };
        self.locate(result)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let result = match &self.node.kind {
            Kind::Map(entries) => visitor.visit_map(MapDe::new(&self, entries, Some(fields))),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        };
        self.locate(result)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let result = match &self.node.kind {
            Kind::Scalar { text, .. } if !self.node.is_null() => {
                visitor.visit_enum(IntoDeserializer::<DeError>::into_deserializer(text.as_str()))
            }
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        };
        self.locate(result)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit_struct tuple tuple_struct
    }
}

struct SeqDe<'a, 'p> {
    items: std::slice::Iter<'a, Node>,
    index: usize,
    parent: &'p NodeDe<'a>,
}

impl<'de, 'a, 'p> de::SeqAccess<'de> for SeqDe<'a, 'p> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, DeError> {
        let Some(item) = self.items.next() else { return Ok(None) };
        let child = self.parent.child(item, None, self.index);
        self.index += 1;
        seed.deserialize(child).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapDe<'a, 'p> {
    entries: std::slice::Iter<'a, (Node, Node)>,
    value: Option<&'a (Node, Node)>,
    fields: Option<&'static [&'static str]>,
    parent: &'p NodeDe<'a>,
}

impl<'a, 'p> MapDe<'a, 'p> {
    fn new(parent: &'p NodeDe<'a>, entries: &'a [(Node, Node)], fields: Option<&'static [&'static str]>) -> Self {
        MapDe {
            entries: entries.iter(),
            value: None,
            fields,
            parent,
        }
    }

    fn set_aside(&self, key: &Node, fields: &[&str]) {
        let name = key.scalar().unwrap_or("?");
        let place = if self.parent.path.is_empty() {
            String::new()
        } else {
            format!(" dans {}", self.parent.path)
        };
        self.parent.unknown.borrow_mut().push(Located {
            line: key.line,
            column: key.column,
            message: format!(
                "clé inconnue « {name} »{place}{} ; clés possibles : {}",
                suggestion(name, fields),
                fields.join(", ")
            ),
        });
    }
}

impl<'de, 'a, 'p> de::MapAccess<'de> for MapDe<'a, 'p> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, DeError> {
        while let Some(entry) = self.entries.next() {
            if let Some(fields) = self.fields {
                if !entry.0.scalar().is_some_and(|k| fields.contains(&k)) {
                    self.set_aside(&entry.0, fields);
                    continue;
                }
            }
            self.value = Some(entry);
            let key = NodeDe {
                node: &entry.0,
                path: self.parent.path.clone(),
                unknown: self.parent.unknown,
            };
            return seed.deserialize(key).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let (key, value) = self.value.take().expect("next_value after next_key");
        let child = self.parent.child(value, Some(key.scalar().unwrap_or("?")), 0);
        seed.deserialize(child)
    }
}

/// " : vouliez-vous dire « tarif » ?" when a known name is one or two typos away.
fn suggestion(typed: &str, known: &[&str]) -> String {
    known
        .iter()
        .map(|k| (distance(typed, k), *k))
        .filter(|(d, k)| *d <= 2 && *d < k.chars().count())
        .min()
        .map(|(_, k)| format!(" (vouliez-vous dire « {k} » ?)"))
        .unwrap_or_default()
}

/// Levenshtein distance, on characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb)).min(row[j] + 1).min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

fn expected_fr(exp: &dyn Expected) -> String {
    let text = exp.to_string();
    match text.as_str() {
        "a string" => "du texte".into(),
        "a boolean" => "true ou false".into(),
        "a sequence" => "une liste (lignes commençant par « - » ou [a, b])".into(),
        "a map" => "des clés".into(),
        t if t.starts_with("struct ") => "des clés (clé: valeur), une par ligne".into(),
        t if t.starts_with("enum ") => "une des valeurs prévues".into(),
        _ => text,
    }
}

fn unexpected_fr(unexp: &Unexpected) -> String {
    match unexp {
        Unexpected::Str(s) => format!("« {s} »"),
        Unexpected::Bool(b) => format!("« {b} »"),
        Unexpected::Unsigned(n) => format!("le nombre {n}"),
        Unexpected::Signed(n) => format!("le nombre {n}"),
        Unexpected::Float(n) => format!("le nombre {n}"),
        Unexpected::Unit => "une valeur vide".into(),
        Unexpected::Seq => "une liste".into(),
        Unexpected::Map => "des clés".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::tree::parse;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        tarif: String,
        #[serde(default)]
        proposee: bool,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Outer {
        nom: String,
        inner: Inner,
        #[serde(default)]
        liste: Vec<String>,
    }

    fn errors(text: &str) -> Vec<Located> {
        from_node::<Outer>(&parse(text).unwrap()).1
    }

    #[test]
    fn a_valid_document_deserializes() {
        let doc = parse("nom: 33100\ninner:\n  tarif: '4 €'\nliste: [a, b]\n").unwrap();
        let (outer, problems) = from_node::<Outer>(&doc);
        assert!(problems.is_empty());
        let outer = outer.unwrap();
        assert_eq!((outer.nom.as_str(), outer.inner.tarif.as_str()), ("33100", "4 €"));
        assert!(!outer.inner.proposee);
        assert_eq!(outer.liste, ["a", "b"]);
    }

    #[test]
    fn every_unknown_key_is_reported_with_its_line() {
        let errs = errors("nom: a\nnon: b\ninner:\n  tarifs: x\n  tarif: y\n");
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert_eq!((errs[0].line, errs[0].column), (2, 1));
        assert!(
            errs[0].message.contains("« non »") && errs[0].message.contains("« nom »"),
            "{errs:?}"
        );
        assert_eq!(errs[1].line, 4);
        assert!(errs[1].message.contains("dans inner"), "{errs:?}");
    }

    #[test]
    fn wrong_types_and_missing_keys_say_where_and_what() {
        let errs = errors("nom: a\ninner:\n  tarif: y\n  proposee: oui\n");
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, 4);
        assert_eq!(
            errs[0].message,
            "inner.proposee : attendu true ou false, trouvé « oui »"
        );
        let errs = errors("nom: a\ninner:\n  proposee: true\n");
        assert_eq!(errs[0].line, 3);
        assert_eq!(errs[0].message, "inner : clé « tarif » manquante");
        let errs = errors("nom: a\ninner: {tarif: x}\nliste: x\n");
        assert!(errs[0].message.starts_with("liste : attendu une liste"), "{errs:?}");
    }

    #[test]
    fn typos_get_a_suggestion() {
        assert_eq!(
            suggestion("tarifs", &["tarif", "proposee"]),
            " (vouliez-vous dire « tarif » ?)"
        );
        assert_eq!(suggestion("zzz", &["tarif"]), "");
    }
}
