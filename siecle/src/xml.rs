//! Decoded text → a small element tree, refusing anything not well-formed. SIECLE
//! exports are a few megabytes at most, so a tree keeps the extraction code simple.

use quick_xml::errors::{Error as XmlError, IllFormedError, SyntaxError};
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::attributes::AttrError;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Decoder, Reader};

use super::error::SiecleError;
use super::ExportKind;

/// Deep enough for any SIECLE export; bounds recursion (drop, lookups) on hostile input.
const MAX_DEPTH: usize = 64;

#[derive(Debug, Default)]
pub(crate) struct Node {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    /// All character data directly inside the element (untrimmed).
    pub text: String,
    pub children: Vec<Node>,
    /// 1-based line of the start tag.
    pub line: usize,
}

impl Node {
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// Trimmed attribute value; `None` when absent or blank.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// Trimmed text of a direct child; `None` when absent or blank.
    pub fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.trim()).filter(|t| !t.is_empty())
    }
}

/// Incremental byte offset → line, since offsets mostly grow.
struct Lines<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: usize,
}

impl Lines<'_> {
    fn at(&mut self, pos: u64) -> usize {
        let pos = usize::try_from(pos).unwrap_or(usize::MAX).min(self.bytes.len());
        if pos < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        self.line += self.bytes[self.pos..pos].iter().filter(|&&b| b == b'\n').count();
        self.pos = pos;
        self.line
    }
}

pub(crate) fn parse_tree(fichier: &str, text: &str) -> Result<Node, SiecleError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut lines = Lines {
        bytes: text.as_bytes(),
        pos: 0,
        line: 1,
    };
    let mal_forme = |ligne: usize, detail: String| SiecleError::MalForme {
        fichier: fichier.to_owned(),
        ligne,
        detail,
    };
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;

    loop {
        let start = reader.buffer_position();
        let event = match reader.read_event() {
            Ok(ev) => ev,
            Err(err) => {
                let ligne = lines.at(reader.error_position());
                return Err(xml_error(fichier, ligne, err, &stack, &mut lines));
            }
        };
        match event {
            Event::Start(e) | Event::Empty(e) if root.is_some() => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let racine = root.as_ref().map(|r| r.name.as_str()).unwrap_or_default();
                return Err(mal_forme(
                    lines.at(start),
                    format!("élément <{name}> après la fin de l'élément racine <{racine}>"),
                ));
            }
            Event::Start(e) => {
                let ligne = lines.at(start);
                if stack.is_empty() {
                    check_root(fichier, ligne, &e)?;
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(mal_forme(ligne, "éléments imbriqués trop profondément".into()));
                }
                stack.push(element(&e, ligne, reader.decoder()).map_err(|d| mal_forme(ligne, d))?);
            }
            Event::Empty(e) => {
                let ligne = lines.at(start);
                if stack.is_empty() {
                    check_root(fichier, ligne, &e)?;
                }
                let node = element(&e, ligne, reader.decoder()).map_err(|d| mal_forme(ligne, d))?;
                attach(&mut stack, &mut root, node);
            }
            Event::End(_) => {
                // check_end_names guarantees it closes the top of the stack.
                if let Some(node) = stack.pop() {
                    attach(&mut stack, &mut root, node);
                }
            }
            Event::Text(t) => {
                let s = t.decode().unwrap_or_default();
                push_text(&mut stack, &s).map_err(|d| {
                    // Point at the stray text itself, not at the newline before it.
                    let skip = (s.len() - s.trim_start().len()) as u64;
                    mal_forme(lines.at(start + skip), d)
                })?;
            }
            Event::CData(t) => {
                let s = t.decode().unwrap_or_default();
                push_text(&mut stack, &s).map_err(|d| mal_forme(lines.at(start), d))?;
            }
            Event::GeneralRef(r) => {
                let ligne = lines.at(start);
                let name = String::from_utf8_lossy(&r).into_owned();
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => resolve_predefined_entity(&name)
                        .ok_or_else(|| mal_forme(ligne, format!("entité inconnue &{name};")))?
                        .to_owned(),
                    Err(_) => return Err(mal_forme(ligne, format!("référence de caractère invalide &{name};"))),
                };
                push_text(&mut stack, &resolved).map_err(|d| mal_forme(ligne, d))?;
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
            Event::Eof => break,
        }
    }

    if let Some(open) = stack.last() {
        let fin = lines.at(u64::MAX);
        return Err(SiecleError::Tronque {
            fichier: fichier.to_owned(),
            ligne: fin,
            detail: format!("<{}> (ouvert ligne {}) n'est jamais fermé", open.name, open.line),
        });
    }
    root.ok_or_else(|| SiecleError::Vide {
        fichier: fichier.to_owned(),
    })
}

/// Refuses another kind of file at its root tag, before any of its own XML faults
/// (the IMPORT_ELEVES sample is itself not well-formed, for one).
fn check_root(fichier: &str, ligne: usize, e: &BytesStart<'_>) -> Result<(), SiecleError> {
    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
    match ExportKind::from_element_racine(&name) {
        Some(_) => Ok(()),
        None => Err(SiecleError::RacineInattendue {
            fichier: fichier.to_owned(),
            ligne,
            racine: name,
        }),
    }
}

fn element(e: &BytesStart<'_>, line: usize, decoder: Decoder) -> Result<Node, String> {
    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
    let mut attrs = Vec::new();
    for attr in e.attributes() {
        let attr = attr.map_err(|err| attr_error(&name, &err))?;
        let key = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
        let value = attr
            .decode_and_unescape_value(decoder)
            .map_err(|_| format!("valeur illisible pour l'attribut {key} de <{name}>"))?
            .into_owned();
        attrs.push((key, value));
    }
    Ok(Node {
        name,
        attrs,
        line,
        ..Node::default()
    })
}

fn attach(stack: &mut [Node], root: &mut Option<Node>, node: Node) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(node),
        None => *root = Some(node),
    }
}

fn push_text(stack: &mut [Node], s: &str) -> Result<(), String> {
    match stack.last_mut() {
        Some(node) => {
            node.text.push_str(s);
            Ok(())
        }
        None if s.trim().is_empty() => Ok(()),
        None => Err("texte en dehors de l'élément racine".into()),
    }
}

fn attr_error(name: &str, err: &AttrError) -> String {
    let what = match err {
        AttrError::ExpectedEq(_) => "« = » attendu après le nom d'un attribut",
        AttrError::ExpectedValue(_) => "valeur d'attribut manquante après « = »",
        AttrError::UnquotedValue(_) => "valeur d'attribut sans guillemets",
        AttrError::ExpectedQuote(..) => "guillemet fermant manquant dans une valeur d'attribut",
        AttrError::Duplicated(..) => "attribut répété",
    };
    format!("balise <{name}> : {what}")
}

fn xml_error(fichier: &str, ligne: usize, err: XmlError, stack: &[Node], lines: &mut Lines<'_>) -> SiecleError {
    let tronque = |detail: String| SiecleError::Tronque {
        fichier: fichier.to_owned(),
        ligne,
        detail,
    };
    let detail = match err {
        XmlError::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => {
            let ouvert = stack.last().map(|n| n.line).unwrap_or(ligne);
            format!("balise fermante </{found}> alors que <{expected}> est ouverte (ligne {ouvert})")
        }
        XmlError::IllFormed(IllFormedError::UnmatchedEndTag(name)) => {
            format!("balise fermante </{name}> sans balise ouvrante correspondante")
        }
        XmlError::IllFormed(IllFormedError::MissingEndTag(name)) => {
            return tronque(format!("<{name}> n'est jamais fermé"))
        }
        XmlError::IllFormed(IllFormedError::UnclosedReference) => {
            "« & » isolé : écrivez &amp; ou terminez la référence par « ; »".into()
        }
        XmlError::IllFormed(IllFormedError::MissingDeclVersion(_)) => {
            "la déclaration <?xml … ?> n'a pas d'attribut version".into()
        }
        XmlError::IllFormed(other) => format!("XML incorrect ({other})"),
        XmlError::Syntax(SyntaxError::InvalidBangMarkup) if ligne < lines.at(u64::MAX) => {
            "balise « <! » non reconnue".into()
        }
        XmlError::Syntax(s) => {
            let what = match s {
                SyntaxError::UnclosedTag => "la dernière balise n'est pas terminée (« > » manquant)",
                SyntaxError::UnclosedComment => "un commentaire n'est pas terminé",
                SyntaxError::UnclosedCData => "une section CDATA n'est pas terminée",
                SyntaxError::UnclosedPIOrXmlDecl => "une instruction <? … ?> n'est pas terminée",
                SyntaxError::UnclosedDoctype => "le DOCTYPE n'est pas terminé",
                SyntaxError::InvalidBangMarkup => "une balise « <! » n'est pas terminée",
            };
            return tronque(what.into());
        }
        XmlError::InvalidAttr(e) => attr_error("?", &e),
        XmlError::Escape(_) => "référence d'entité ou de caractère invalide".into(),
        other => format!("XML illisible ({other})"),
    };
    SiecleError::MalForme {
        fichier: fichier.to_owned(),
        ligne,
        detail,
    }
}
