//! YAML with positions: [`tree`] parses into nodes that know their line, [`de`] deserializes
//! the model's types from them, reporting every unknown key and the first other problem.

pub mod de;
pub mod tree;

pub use de::{from_node, Located};
pub use tree::{locate, parse, Node};

/// Parses and deserializes `text`: the value with its tree (to locate later issues) when it
/// could be built, and every problem found (unknown keys do not prevent the value).
#[allow(clippy::type_complexity)]
pub fn from_str<T: serde::de::DeserializeOwned>(text: &str) -> (Option<(T, Node)>, Vec<Located>) {
    let root = match parse(text) {
        Ok(root) => root,
        Err(err) => {
            let problem = Located {
                line: err.line,
                column: err.column,
                message: err.message,
            };
            return (None, vec![problem]);
        }
    };
    let (value, problems) = from_node(&root);
    (value.map(|v| (v, root)), problems)
}
