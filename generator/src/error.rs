//! Content errors, printed like a compiler's: `path:line:column: message`.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in one content file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ContentError {
    /// The file (joined to the content folder given to the loader).
    pub path: PathBuf,
    /// 1-based line (1 for a problem about the whole file).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong and what was expected, in French.
    pub message: String,
}

impl ContentError {
    /// A problem about a whole file (missing, unreadable…), pointed at its first line.
    pub fn file(path: &Path, message: impl Into<String>) -> Self {
        ContentError {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: message.into(),
        }
    }

    pub(crate) fn at(path: &Path, (line, column): (usize, usize), message: impl Into<String>) -> Self {
        ContentError {
            path: path.to_path_buf(),
            line,
            column,
            message: message.into(),
        }
    }
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

/// Every problem found in the content, sorted by file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentErrors(pub Vec<ContentError>);

impl ContentErrors {
    /// How many distinct files have problems.
    pub fn file_count(&self) -> usize {
        let mut paths: Vec<&Path> = self.0.iter().map(|e| e.path.as_path()).collect();
        paths.dedup();
        paths.len()
    }
}

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for error in &self.0 {
            writeln!(f, "{error}")?;
        }
        let n = self.0.len();
        write!(
            f,
            "{n} erreur{} dans {} fichier{} de contenu",
            if n > 1 { "s" } else { "" },
            self.file_count(),
            if self.file_count() > 1 { "s" } else { "" }
        )
    }
}

impl std::error::Error for ContentErrors {}
