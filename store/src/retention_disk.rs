//! The files a purge removes beside the database: the documents families attached (the spool
//! folder, `<database folder>/pieces/`) and the `.eml` copies of their emails written when no
//! SMTP server is configured (the mail folder). No SQL here: the names come from the purge's
//! report, read before the rows were deleted.

use super::SchoolPurge;
use anyhow::{Context, Result};
use std::collections::HashSet;
use std::path::Path;

/// How many files of each kind were (or, in a dry run, would be) removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Removed {
    pub pieces: usize,
    pub courriels: usize,
}

/// Removes the purged schools' documents from `spool_dir` and their emails' `.eml` files from
/// `mail_dir` (either folder may not exist). With `apply` false, only counts them.
pub fn remove_files(spool_dir: &Path, mail_dir: &Path, report: &[SchoolPurge], apply: bool) -> Result<Removed> {
    let mut removed = Removed::default();
    for fichier in report.iter().flat_map(|s| &s.fichiers) {
        // Spool names are 32 hex digits: never a path out of the folder.
        if fichier.is_empty() || !fichier.bytes().all(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        let path = spool_dir.join(fichier);
        if path.is_file() {
            if apply {
                std::fs::remove_file(&path).with_context(|| format!("suppression de {}", path.display()))?;
            }
            removed.pieces += 1;
        }
    }

    let ids: HashSet<&str> = report.iter().flat_map(|s| &s.message_ids).map(|id| id.trim()).collect();
    if ids.is_empty() {
        return Ok(removed);
    }
    let entries = match std::fs::read_dir(mail_dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(removed),
        Err(err) => return Err(err).with_context(|| format!("lecture de {}", mail_dir.display())),
    };
    for entry in entries {
        let path = entry?.path();
        // A worker stopped while writing leaves `.<name>.eml.tmp`: it holds the same message.
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if !(name.ends_with(".eml") || name.ends_with(".eml.tmp")) || !path.is_file() {
            continue;
        }
        let bytes = std::fs::read(&path).with_context(|| format!("lecture de {}", path.display()))?;
        if message_id(&bytes).is_some_and(|id| ids.contains(id.as_str())) {
            if apply {
                std::fs::remove_file(&path).with_context(|| format!("suppression de {}", path.display()))?;
            }
            removed.courriels += 1;
        }
    }
    Ok(removed)
}

/// The Message-ID header of an email (`<…>`, as the outbox stores it), folded lines joined.
fn message_id(raw: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(raw);
    let mut lines = text
        .split('\n')
        .map(|l| l.trim_end_matches('\r'))
        .take_while(|l| !l.is_empty())
        .peekable();
    while let Some(line) = lines.next() {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        if name.eq_ignore_ascii_case("message-id") {
            let mut value = value.trim().to_string();
            while let Some(next) = lines.next_if(|l| l.starts_with([' ', '\t'])) {
                value.push_str(next.trim());
            }
            return Some(value);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn school(fichiers: &[&str], ids: &[&str]) -> SchoolPurge {
        SchoolPurge {
            uai: "0699901M".into(),
            cloture: "2027-05-28".into(),
            aggregates: Default::default(),
            deleted: Vec::new(),
            fichiers: fichiers.iter().map(|s| s.to_string()).collect(),
            message_ids: ids.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn only_the_purged_files_and_emails_go_and_a_dry_run_removes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (spool, mail) = (dir.path().join("pieces"), dir.path().join("mail"));
        std::fs::create_dir_all(&spool).unwrap();
        std::fs::create_dir_all(&mail).unwrap();
        for name in ["aaaa1111", "bbbb2222"] {
            std::fs::write(spool.join(name), b"%PDF").unwrap();
        }
        std::fs::write(
            mail.join("000001-x.eml"),
            "From: a@b\r\nMessage-ID:\r\n <1.dossiersco@college.fr>\r\nSubject: s\r\n\r\nMessage-ID: <2.dossiersco@college.fr>",
        )
        .unwrap();
        std::fs::write(
            mail.join("000002-y.eml"),
            "Message-Id: <2.dossiersco@college.fr>\r\n\r\ncorps",
        )
        .unwrap();
        let report = [school(
            &["aaaa1111", "../mail/000002-y.eml", "absent"],
            &["<1.dossiersco@college.fr>"],
        )];
        let counted = remove_files(&spool, &mail, &report, false).unwrap();
        assert_eq!(
            counted,
            Removed {
                pieces: 1,
                courriels: 1
            }
        );
        assert!(spool.join("aaaa1111").exists() && mail.join("000001-x.eml").exists());

        let removed = remove_files(&spool, &mail, &report, true).unwrap();
        assert_eq!(removed, counted);
        assert!(!spool.join("aaaa1111").exists());
        assert!(spool.join("bbbb2222").exists(), "another school's file stays");
        assert!(!mail.join("000001-x.eml").exists(), "folded header read");
        assert!(
            mail.join("000002-y.eml").exists(),
            "a Message-ID in the body is not the header's"
        );
        let missing = remove_files(&dir.path().join("x"), &dir.path().join("y"), &report, true).unwrap();
        assert_eq!(missing, Removed::default());
    }

    #[test]
    fn the_temporary_copy_left_by_a_stopped_worker_goes_too() {
        let dir = tempfile::tempdir().unwrap();
        let mail = dir.path().join("mail");
        std::fs::create_dir_all(&mail).unwrap();
        let half_written = mail.join(".000003-z.eml.tmp");
        std::fs::write(&half_written, "Message-ID: <3.dossiersco@college.fr>\r\nTo: fam").unwrap();
        let other = mail.join("notes.tmp");
        std::fs::write(&other, "Message-ID: <3.dossiersco@college.fr>").unwrap();
        let report = [school(&[], &["<3.dossiersco@college.fr>"])];
        let removed = remove_files(&dir.path().join("pieces"), &mail, &report, true).unwrap();
        assert_eq!(removed.courriels, 1);
        assert!(!half_written.exists());
        assert!(other.exists(), "only the sender's own temporary names");
    }
}
