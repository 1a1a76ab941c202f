//! What `dossiersco check` reports about catalogs: keys missing in a language, keys nothing
//! uses. Each as `file:line: message`.

use crate::{line_of, Catalogs, KEYS_USED_BY_CODE, KEY_PREFIXES_USED_BY_CODE};
use fluent_bundle::FluentResource;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// A catalog key to fix: missing in a language, or used by nothing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct KeyIssue {
    /// The file to edit.
    pub path: PathBuf,
    /// 1-based line in it.
    pub line: usize,
    /// The message id.
    pub key: String,
    /// What is wrong and what to do, in French.
    pub message: String,
}

impl fmt::Display for KeyIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

/// Message ids (not terms) of a resource with their 1-based line, in file order: lines that
/// start, at column 0, with an identifier followed by `=`.
pub(crate) fn message_keys(resource: &FluentResource) -> Vec<(String, usize)> {
    let source = resource.source();
    let mut keys = Vec::new();
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        if let Some(key) = message_id(line) {
            keys.push((key.to_string(), line_of(source, offset)));
        }
        offset += line.len();
    }
    keys
}

fn message_id(line: &str) -> Option<&str> {
    let first = line.chars().next()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(line.len());
    line[end..].trim_start().starts_with('=').then_some(&line[..end])
}

/// Keys referenced from inside messages (`{ other-key }`): used as soon as the message is.
fn referenced_in(source: &str) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for (i, _) in source.match_indices('{') {
        let rest = source[i + 1..].trim_start();
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        let id = &rest[..end];
        if id.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && rest[end..].trim_start().starts_with('}') {
            keys.insert(id.to_string());
        }
    }
    keys
}

/// Keys the templates under `dir` use, with where: every `key="…"` (or `key='…'`) in
/// `.html` and `.txt` files, as in `{{ t(key="connexion-titre") }}`, and every `t("name"` of
/// a `.js` file (the key `script-name`). A key must be written whole for `check` to see it.
pub fn keys_used_in(dir: &Path) -> std::io::Result<BTreeMap<String, Vec<(PathBuf, usize)>>> {
    let mut used: BTreeMap<String, Vec<(PathBuf, usize)>> = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => continue,
            Err(err) => return Err(err),
        };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_some_and(|e| e == "js") {
                // A script's `t("name")`: the catalog key `script-name`.
                let text = std::fs::read_to_string(&path)?;
                for (key, line) in crate::script_keys(&text) {
                    used.entry(key).or_default().push((path.clone(), line));
                }
                continue;
            }
            if !path.extension().is_some_and(|e| e == "html" || e == "txt") {
                continue;
            }
            let text = std::fs::read_to_string(&path)?;
            for quote in ['"', '\''] {
                let pattern = format!("key={quote}");
                for (i, _) in text.match_indices(&pattern) {
                    let start = i + pattern.len();
                    if let Some(len) = text[start..].find(quote) {
                        used.entry(text[start..start + len].to_string())
                            .or_default()
                            .push((path.clone(), line_of(&text, i)));
                    }
                }
            }
        }
    }
    Ok(used)
}

impl Catalogs {
    /// Keys of the French catalog missing in another one (the page shows the French text
    /// there), pointed at the end of that catalog, with the French line to translate.
    pub fn missing_keys(&self) -> Vec<KeyIssue> {
        let reference = self.reference();
        let mut issues = Vec::new();
        for catalog in &self.catalogs[1..] {
            let last = catalog.keys.last().map_or(1, |(_, line)| *line);
            for (key, line) in &reference.keys {
                if !catalog.has(key) {
                    issues.push(KeyIssue {
                        path: catalog.path.clone(),
                        line: last,
                        key: key.clone(),
                        message: format!(
                            "clé « {key} » absente (à traduire depuis {}:{line}) : la page montre le texte français",
                            reference.path.display()
                        ),
                    });
                }
            }
        }
        issues
    }

    /// Keys no template uses (`used`, from [`keys_used_in`]), the code's own aside, and keys of
    /// a translation the French catalog does not have.
    pub fn unused_keys(&self, used: &BTreeSet<String>) -> Vec<KeyIssue> {
        let reference = self.reference();
        let mut referenced = BTreeSet::new();
        for catalog in &self.catalogs {
            referenced.extend(referenced_in(catalog.bundle_source()));
        }
        let mut issues = Vec::new();
        for catalog in &self.catalogs {
            for (key, line) in &catalog.keys {
                let message = if catalog.code != reference.code && !reference.has(key) {
                    format!(
                        "clé « {key} » inconnue du catalogue de référence {} : supprimez-la ou ajoutez-la en français",
                        reference.path.display()
                    )
                } else if !used.contains(key)
                    && !referenced.contains(key)
                    && !KEYS_USED_BY_CODE.contains(&key.as_str())
                    && !KEY_PREFIXES_USED_BY_CODE.iter().any(|p| key.starts_with(p))
                {
                    format!("clé « {key} » utilisée par aucun gabarit : supprimez-la")
                } else {
                    continue;
                };
                issues.push(KeyIssue {
                    path: catalog.path.clone(),
                    line: *line,
                    key: key.clone(),
                    message,
                });
            }
        }
        issues
    }

    /// Keys used by a template but missing in the French catalog: the page would show the key.
    pub fn unknown_keys(&self, used: &BTreeMap<String, Vec<(PathBuf, usize)>>) -> Vec<KeyIssue> {
        let reference = self.reference();
        let mut issues = Vec::new();
        for (key, places) in used {
            if reference.has(key) {
                continue;
            }
            for (path, line) in places {
                issues.push(KeyIssue {
                    path: path.clone(),
                    line: *line,
                    key: key.clone(),
                    message: format!("clé « {key} » absente de {}", reference.path.display()),
                });
            }
        }
        issues
    }
}

#[cfg(test)]
mod tests {
    use super::{message_id, referenced_in};

    #[test]
    fn message_ids_are_read_at_column_zero() {
        assert_eq!(message_id("connexion-titre = Se connecter\n"), Some("connexion-titre"));
        assert_eq!(message_id("a=b"), Some("a"));
        assert_eq!(message_id("    [one] pièce\n"), None);
        assert_eq!(message_id("-terme = x\n"), None);
        assert_eq!(message_id("# commentaire = x\n"), None);
    }

    #[test]
    fn references_inside_messages_are_found() {
        let refs = referenced_in("a = { b } et { $n } et {c}\nd = { $n -> [one] x *[other] y }");
        assert!(refs.contains("b") && refs.contains("c"));
        assert_eq!(refs.len(), 2);
    }
}
