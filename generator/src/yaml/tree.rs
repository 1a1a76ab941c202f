//! A YAML document as a tree whose every node knows its line and column, so that any
//! problem found later (unknown key, wrong type, semantic issue) can point at its line.
//!
//! Content is written by people, read by a program: it never needs YAML's aliases. An alias
//! (`*nom`) is refused where it is written, before anything is copied: nested aliases expand
//! exponentially (« billion laughs » — 8 levels of 9 aliases took 8.3 GB and 27 s), so the
//! tree never expands one. An anchor (`&nom`) alone is only a name on a value, copies
//! nothing and costs nothing: it is tolerated, and the parser's anchor is simply ignored.
//! Nesting is capped too ([`MAX_DEPTH`]): everything that walks the tree afterwards is
//! recursive and would overflow the stack on 100 000 nested `- ` or `[`.

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// How deeply mappings and lists may nest. The deepest real content (a school's options,
/// inside a level, inside the list of levels) nests 4 levels; 64 leaves room for any honest
/// file and keeps every recursive walk of the tree far from the thread's stack limit.
pub const MAX_DEPTH: usize = 64;

/// What staff read on an alias: the one YAML feature refused (see the module's comment).
pub const ALIAS_REFUSED: &str = "les alias YAML (*nom) ne sont pas acceptés : recopiez la valeur";

/// A node and where it starts (1-based line and column).
#[derive(Debug, Clone)]
pub struct Node {
    pub kind: Kind,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone)]
pub enum Kind {
    /// A scalar as written; `plain` when unquoted (only plain scalars can be null, bool or numbers).
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// A syntax error, where the parser stopped.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Node {
    /// Whether this is YAML null (`~`, `null` or nothing).
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { text, plain: true } if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// The scalar's text, if this is a scalar.
    pub fn scalar(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    fn at(kind: Kind, mark: Marker) -> Node {
        Node {
            kind,
            line: mark.line().max(1),
            column: mark.col() + 1,
        }
    }
}

enum Frame {
    Seq(Node),
    Map(Node, Option<Node>),
}

/// Parses one YAML document. An empty document is a null node at 1:1. Aliases and nesting
/// deeper than [`MAX_DEPTH`] are refused at their line.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0;
    let refuse = |mark: Marker, message: String| SyntaxError {
        line: mark.line().max(1),
        column: mark.col() + 1,
        message,
    };
    loop {
        let (event, mark) = parser.next_token().map_err(|err| {
            let message = if err.info().contains("unknown anchor") {
                ALIAS_REFUSED.to_string()
            } else {
                format!("syntaxe YAML invalide : {}", translate(err.info()))
            };
            refuse(*err.marker(), message)
        })?;
        let node = match event {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(refuse(
                        mark,
                        "un seul document YAML est attendu : enlevez cette ligne --- en trop".into(),
                    ));
                }
                continue;
            }
            Event::Scalar(text, style, _, _) => Node::at(
                Kind::Scalar {
                    text,
                    plain: style == TScalarStyle::Plain,
                },
                mark,
            ),
            Event::SequenceStart(..) | Event::MappingStart(..) if stack.len() >= MAX_DEPTH => {
                return Err(refuse(
                    mark,
                    format!(
                        "plus de {MAX_DEPTH} niveaux de listes ou de clés imbriquées : le contenu n'en a jamais besoin, \
                         vérifiez les crochets [ ] et les tirets -"
                    ),
                ));
            }
            Event::SequenceStart(..) => {
                stack.push(Frame::Seq(Node::at(Kind::Seq(Vec::new()), mark)));
                continue;
            }
            Event::MappingStart(..) => {
                stack.push(Frame::Map(Node::at(Kind::Map(Vec::new()), mark), None));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq(node)) | Some(Frame::Map(node, _)) => node,
                None => continue,
            },
            // Refused before anything is copied: expanding nested aliases is the bomb.
            Event::Alias(_) => return Err(refuse(mark, ALIAS_REFUSED.into())),
            Event::StreamStart | Event::DocumentEnd | Event::Nothing => continue,
        };
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Seq(seq)) => {
                if let Kind::Seq(items) = &mut seq.kind {
                    items.push(node);
                }
            }
            Some(Frame::Map(map, pending)) => match pending.take() {
                None => *pending = Some(node),
                Some(key) => {
                    if let Kind::Map(entries) = &mut map.kind {
                        entries.push((key, node));
                    }
                }
            },
        }
    }
    Ok(root.unwrap_or(Node {
        kind: Kind::Scalar {
            text: String::new(),
            plain: true,
        },
        line: 1,
        column: 1,
    }))
}

/// The parser's messages are English; the most frequent ones get a French explanation.
fn translate(info: &str) -> String {
    let hint = if info.contains("mapping values are not allowed") {
        "deux-points inattendu : mettez la valeur entre guillemets si elle contient « : »"
    } else if info.contains("did not find expected key") || info.contains("did not find expected '-'") {
        "indentation incohérente : les clés d'un même niveau doivent être alignées"
    } else if info.contains("found character that cannot start any token") {
        "caractère inattendu (une tabulation ? YAML n'accepte que des espaces pour indenter)"
    } else if info.contains("recursion limit exceeded") {
        "trop de crochets [ ou d'accolades { imbriqués"
    } else if info.contains("did not find expected") || info.contains("unexpected end") {
        "guillemet, crochet ou accolade non fermé"
    } else {
        return info.to_string();
    };
    format!("{hint} ({info})")
}

/// Where to point for a semantic issue on `key` (with `value` when known): the entry whose key
/// is `key` and whose value is `value` (or, for a list, the element equal to `value`); else the
/// first entry with that key; else the top of the file.
pub fn locate(root: &Node, key: &str, value: Option<&str>) -> At {
    if let Some(value) = value {
        if let Some(found) = find(root, &|k, v| {
            if k.scalar() != Some(key) {
                return None;
            }
            match &v.kind {
                Kind::Scalar { text, .. } if text == value => Some((v.line, v.column)),
                Kind::Seq(items) => items
                    .iter()
                    .find(|item| item.scalar() == Some(value))
                    .map(|item| (item.line, item.column)),
                _ => None,
            }
        }) {
            return found;
        }
    }
    find(root, &|k, _| (k.scalar() == Some(key)).then_some((k.line, k.column))).unwrap_or((1, 1))
}

/// A position: 1-based line and column.
type At = (usize, usize);

fn find(node: &Node, test: &dyn Fn(&Node, &Node) -> Option<At>) -> Option<At> {
    match &node.kind {
        Kind::Scalar { .. } => None,
        Kind::Seq(items) => items.iter().find_map(|item| find(item, test)),
        Kind::Map(entries) => entries.iter().find_map(|(k, v)| test(k, v).or_else(|| find(v, test))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_know_their_line_and_column() {
        let doc = parse("# comment\nuai: 0699901M\nniveaux:\n  - mef: \"101\"\n    libelle: 5e\n").unwrap();
        let Kind::Map(entries) = &doc.kind else { panic!() };
        assert_eq!((entries[0].0.line, entries[0].0.column), (2, 1));
        assert_eq!((entries[0].1.line, entries[0].1.column), (2, 6));
        let Kind::Seq(items) = &entries[1].1.kind else { panic!() };
        let Kind::Map(niveau) = &items[0].kind else { panic!() };
        assert_eq!((niveau[1].0.line, niveau[1].0.column), (5, 5));
        assert_eq!(locate(&doc, "libelle", Some("5e")), (5, 14));
        assert_eq!(locate(&doc, "mef", None), (4, 5));
        assert_eq!(locate(&doc, "absent", None), (1, 1));
    }

    #[test]
    fn list_elements_are_located_one_by_one() {
        let doc = parse("options:\n  - niveaux: [\"1\", \"22\"]\n").unwrap();
        assert_eq!(locate(&doc, "niveaux", Some("22")), (2, 20));
    }

    #[test]
    fn syntax_errors_carry_a_french_explanation_and_a_line() {
        let err = parse("a: 1\n b: 2\nc: [1, 2\n").unwrap_err();
        assert!(err.message.starts_with("syntaxe YAML invalide"), "{}", err.message);
        assert!(err.line >= 2, "{err:?}");
        let err = parse("a: 1\n---\nb: 2\n").unwrap_err();
        assert_eq!(err.line, 2);
    }

    #[test]
    fn empty_documents() {
        assert!(parse("").unwrap().is_null());
    }

    #[test]
    fn an_alias_is_refused_where_it_is_written_and_an_anchor_alone_is_harmless() {
        let err = parse("a: &x [1, 2]\nb: *x\n").unwrap_err();
        assert_eq!((err.line, err.column, err.message.as_str()), (2, 4, ALIAS_REFUSED));
        let err = parse("a: 1\nb: *inconnu\n").unwrap_err();
        assert_eq!((err.line, err.message.as_str()), (2, ALIAS_REFUSED));
        let doc = parse("a: &x [1, 2]\nb: 3\n").unwrap();
        let Kind::Map(entries) = &doc.kind else { panic!() };
        assert!(matches!(&entries[0].1.kind, Kind::Seq(items) if items.len() == 2));
    }

    #[test]
    fn nesting_is_capped_before_any_recursion() {
        let deep = "- ".repeat(100_000) + "x\n";
        let err = parse(&deep).unwrap_err();
        assert!(err.message.contains("plus de 64 niveaux"), "{err:?}");
        let flow = "[".repeat(100_000);
        assert!(parse(&flow).is_err());
        let nested = |depth: usize| format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        assert!(parse(&nested(MAX_DEPTH)).is_ok());
        let err = parse(&nested(MAX_DEPTH + 1)).unwrap_err();
        assert_eq!((err.line, err.column), (1, MAX_DEPTH + 1), "{err:?}");
    }
}
