//! Which files under a folder may be read. What the generator reads from content/ and from
//! the theme ends up in public/, so a symbolic link is followed only when it leads to a place
//! inside its folder: a link to /etc/passwd, to a database or to the worker's spool is refused
//! with the link's name, for `check` as for `build`, instead of being published.
//!
//! A link that stays inside (two schools sharing one accueil.md, a theme's fonts folder) is
//! followed: it publishes nothing the folder does not already hold.

use anyhow::bail;
use std::path::{Component, Path, PathBuf};
use walkdir::WalkDir;

/// A path that leads out of its folder: the link (or path) to name, and why, in French.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outside {
    pub link: PathBuf,
    pub message: String,
}

/// Checks that `path` (`root` joined to a relative path) stays inside `root`: every symbolic
/// link on the way must resolve inside `root`, and `..` is refused. A missing path passes:
/// reading it will say it is missing.
pub(crate) fn check_inside(root: &Path, path: &Path) -> Result<(), Outside> {
    let Ok(real_root) = root.canonicalize() else {
        return Ok(());
    };
    let outside = |link: &Path, message: String| Outside {
        link: link.to_path_buf(),
        message,
    };
    let Ok(relative) = path.strip_prefix(root) else {
        return Err(outside(path, format!("chemin hors de {}", root.display())));
    };
    let mut current = root.to_path_buf();
    for component in relative.components() {
        match component {
            Component::Normal(name) => current.push(name),
            Component::CurDir => continue,
            _ => {
                return Err(outside(
                    path,
                    format!("chemin hors de {} (« .. » refusé)", root.display()),
                ))
            }
        }
        let Ok(meta) = current.symlink_metadata() else {
            return Ok(());
        };
        if !meta.file_type().is_symlink() {
            continue;
        }
        match current.canonicalize() {
            Err(_) => {
                let target = std::fs::read_link(&current).unwrap_or_default();
                return Err(outside(
                    &current,
                    format!(
                        "lien symbolique cassé (vers {}) : remplacez-le par le fichier lui-même",
                        target.display()
                    ),
                ));
            }
            Ok(target) if !target.starts_with(&real_root) => {
                return Err(outside(
                    &current,
                    format!(
                        "lien symbolique vers {}, hors de {} : refusé, rien n'est lu ni publié hors de ce dossier ; \
                         copiez le fichier dans le dossier plutôt que d'y faire un lien",
                        target.display(),
                        root.display()
                    ),
                ));
            }
            Ok(_) => {}
        }
    }
    Ok(())
}

/// Every regular file under `root`, sorted by path: links that stay inside `root` are
/// followed, a link out of it stops with its name (nothing has been read from it). None when
/// `root` does not exist.
pub(crate) fn files_under(root: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    if !root.is_dir() {
        return Ok(files);
    }
    for entry in WalkDir::new(root).follow_links(true).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                // A broken link or a loop: say which, through the same check when it is a link.
                if let Some(path) = err.path() {
                    if let Err(outside) = check_inside(root, path) {
                        bail!("{} : {}", outside.link.display(), outside.message);
                    }
                }
                bail!("lecture de {} : {err}", root.display());
            }
        };
        if entry.path_is_symlink() {
            // Checked before walking into it: a link to / is not explored.
            if let Err(outside) = check_inside(root, entry.path()) {
                bail!("{} : {}", outside.link.display(), outside.message);
            }
        }
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_inside_are_followed_links_outside_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("static");
        std::fs::create_dir_all(root.join("css")).unwrap();
        std::fs::write(root.join("css/site.css"), "a{}").unwrap();
        std::fs::write(dir.path().join("secret"), "mot de passe").unwrap();
        symlink(root.join("css/site.css"), root.join("copie.css")).unwrap();
        symlink("css", root.join("styles")).unwrap();
        assert!(check_inside(&root, &root.join("copie.css")).is_ok());
        assert!(check_inside(&root, &root.join("styles/site.css")).is_ok());
        assert!(check_inside(&root, &root.join("absent.css")).is_ok());
        let names: Vec<_> = files_under(&root)
            .unwrap()
            .into_iter()
            .map(|p| p.strip_prefix(&root).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            names,
            [
                Path::new("copie.css"),
                Path::new("css/site.css"),
                Path::new("styles/site.css")
            ]
        );

        symlink(dir.path().join("secret"), root.join("css/fuite.css")).unwrap();
        let refused = check_inside(&root, &root.join("styles/fuite.css")).unwrap_err();
        assert_eq!(refused.link, root.join("styles/fuite.css"));
        assert!(refused.message.starts_with("lien symbolique vers "), "{refused:?}");
        let err = files_under(&root).unwrap_err().to_string();
        assert!(err.contains("fuite.css") && err.contains("hors de"), "{err}");

        symlink(dir.path(), root.join("parent")).unwrap();
        let refused = check_inside(&root, &root.join("parent/secret")).unwrap_err();
        assert_eq!(refused.link, root.join("parent"));
        assert!(check_inside(&root, &root.join("css/../../secret")).is_err());
    }

    #[test]
    fn a_broken_link_is_named() {
        let dir = tempfile::tempdir().unwrap();
        symlink(dir.path().join("absent"), dir.path().join("lien")).unwrap();
        let refused = check_inside(dir.path(), &dir.path().join("lien")).unwrap_err();
        assert!(refused.message.contains("lien symbolique cassé"), "{refused:?}");
        let err = files_under(dir.path()).unwrap_err().to_string();
        assert!(err.contains("lien symbolique cassé"), "{err}");
    }
}
