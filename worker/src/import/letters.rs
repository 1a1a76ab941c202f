//! The printable letters written by an import alongside (or instead of) the codes file: like
//! it, created once before the commit and removed if the commit fails.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::report::NewCode;
use super::ImportError;

type Render = dyn Fn(&[NewCode]) -> anyhow::Result<String> + Send + Sync;

/// Where the letters go, and how they are rendered (the theme's template, see
/// `crate::personnel::courrier`).
#[derive(Clone)]
pub struct LettersOut {
    pub path: PathBuf,
    render: Arc<Render>,
}

impl LettersOut {
    pub fn new(path: PathBuf, render: impl Fn(&[NewCode]) -> anyhow::Result<String> + Send + Sync + 'static) -> Self {
        LettersOut {
            path,
            render: Arc::new(render),
        }
    }

    /// Renders the letters of `codes` and writes them to a new file (owner-only), synced.
    pub(crate) fn write(&self, codes: &[NewCode]) -> Result<(), ImportError> {
        let html = (self.render)(codes)
            .map_err(|err| ImportError::EcritureCourriers(self.path.clone(), format!("{err:#}")))?;
        write_new(&self.path, html.as_bytes()).map_err(|err| match err.kind() {
            std::io::ErrorKind::AlreadyExists => ImportError::CourriersExistent(self.path.clone()),
            _ => ImportError::EcritureCourriers(self.path.clone(), err.to_string()),
        })
    }
}

/// Creates `path` (never overwriting), readable by its owner only, and syncs it.
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    if let Err(err) = file.write_all(bytes).and_then(|()| file.sync_all()) {
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(err);
    }
    Ok(())
}

impl PartialEq for LettersOut {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path
    }
}

impl Eq for LettersOut {}

impl fmt::Debug for LettersOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LettersOut").field("path", &self.path).finish()
    }
}
