//! YAML with positions: [`tree`] parses into nodes that know their line, [`de`] deserializes
//! the model's types from them, reporting every unknown key and the first other problem.
//!
//! The only way content YAML is read. Its limits — no alias, [`MAX_DEPTH`] levels,
//! [`MAX_YAML_BYTES`] — hold for every caller (`check`, `build`, `serve`, the import, the
//! letters). serde_norway (the workspace's `serde_yaml`) also expands aliases: it is only a
//! dev-dependency (model, worker), for tests on the repository's own files, so no command
//! can hand it content.

pub mod de;
pub mod tree;

pub use de::{from_node, Located};
pub use tree::{locate, parse, Node, ALIAS_REFUSED, MAX_DEPTH};

/// The largest YAML text accepted (a .yml file, or a Markdown file's front matter): 1 MiB.
/// The largest real file, a school's etablissement.yml, is under 3 KB; a national campaign's
/// biggest would stay under 100 KB. Anything near a megabyte is a wrong file, or an attack
/// on whoever runs `check` or `build`: it is refused before it is parsed.
pub const MAX_YAML_BYTES: u64 = 1024 * 1024;

/// « 1 Mo », « 5,3 Mo », « 12 Ko »: a size as staff read it in a message.
pub fn human_size(bytes: u64) -> String {
    let (value, unit) = if bytes >= 1024 * 1024 {
        (bytes as f64 / (1024.0 * 1024.0), "Mo")
    } else {
        (bytes as f64 / 1024.0, "Ko")
    };
    let text = format!("{value:.1}");
    let text = text.strip_suffix(".0").unwrap_or(&text).replace('.', ",");
    format!("{text} {unit}")
}

/// The message for a text of `size` bytes over `limit` (`what`: « fichier YAML »…).
pub fn too_big(what: &str, size: u64, limit: u64) -> String {
    format!(
        "{what} trop gros : {}, la limite est {} (un vrai fichier de contenu fait quelques Ko) ; \
         vérifiez que c'est le bon fichier",
        human_size(size),
        human_size(limit)
    )
}

/// Parses and deserializes `text`: the value with its tree (to locate later issues) when it
/// could be built, and every problem found (unknown keys do not prevent the value). A text
/// over [`MAX_YAML_BYTES`] is refused unparsed.
#[allow(clippy::type_complexity)]
pub fn from_str<T: serde::de::DeserializeOwned>(text: &str) -> (Option<(T, Node)>, Vec<Located>) {
    if text.len() as u64 > MAX_YAML_BYTES {
        let problem = Located {
            line: 1,
            column: 1,
            message: too_big("texte YAML", text.len() as u64, MAX_YAML_BYTES),
        };
        return (None, vec![problem]);
    }
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
