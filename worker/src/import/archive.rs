//! SIECLE exports as they come out of SIECLE: a ZIP holding one XML file. An archive is
//! opened before anything is read, and refused — with the others' problems, all at once —
//! when it could be anything but an export: more than a few entries, a name leaving its
//! folder (`../`), an entry that inflates past what any school's export weighs, a truncated
//! or unreadable archive. Its XML entries are written, under their own base name, to a
//! folder the caller owns (removed when the import ends).

use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::ImportError;

/// Most entries in one archive: a SIECLE export holds one XML file.
pub const MAX_ENTRIES: u64 = 16;
/// Largest XML file an entry may inflate to: the pupils' export of a very large school
/// (3,000 pupils) is about 11 MB; a file this size would not be parsed anyway.
pub const MAX_ENTRY_BYTES: u64 = 128 * 1024 * 1024;

/// Whether the file starts like a ZIP archive (local file header, or an empty archive).
pub fn is_zip(path: &Path) -> std::io::Result<bool> {
    let mut head = [0u8; 4];
    let mut file = std::fs::File::open(path)?;
    let n = file.read(&mut head)?;
    Ok(n == 4 && (head == *b"PK\x03\x04" || head == *b"PK\x05\x06"))
}

fn name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The files to read: XML files as given, each ZIP replaced by its XML entries (written under
/// `into`). On any problem, all of them, and nothing read.
pub fn expand(paths: &[PathBuf], into: &Path) -> Result<Vec<PathBuf>, ImportError> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        match is_zip(path) {
            Ok(false) => out.push(path.clone()),
            Ok(true) => match extract(path, &into.join(format!("archive-{i}"))) {
                Ok(files) => out.extend(files),
                Err(problem) => problems.push(format!("{} : {problem} — rien n'a été importé.", name(path))),
            },
            Err(err) => problems.push(format!("{} : lecture impossible ({err}).", name(path))),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(ImportError::Fichiers(problems))
    }
}

/// The entry count the archive's end record declares, read before the archive is opened (a
/// crafted central directory of millions of entries is refused without being indexed).
fn declared_entries(file: &mut std::fs::File) -> Result<u64, String> {
    let len = file.metadata().map_err(|e| e.to_string())?.len();
    let tail_len = len.min(22 + 65_535);
    file.seek(SeekFrom::Start(len - tail_len)).map_err(|e| e.to_string())?;
    let mut tail = vec![0u8; tail_len as usize];
    file.read_exact(&mut tail).map_err(|e| e.to_string())?;
    let at = tail
        .windows(4)
        .rposition(|w| w == b"PK\x05\x06")
        .filter(|at| at + 22 <= tail.len())
        .ok_or(
            "archive ZIP incomplète ou abîmée (fin d'archive introuvable) : téléchargez de nouveau l'export SIECLE",
        )?;
    let total = u16::from_le_bytes([tail[at + 10], tail[at + 11]]);
    // 0xFFFF: the real count is in a ZIP64 record, which no SIECLE export needs.
    Ok(if total == u16::MAX { u64::MAX } else { u64::from(total) })
}

fn extract(path: &Path, dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut file = std::fs::File::open(path).map_err(|e| format!("lecture impossible ({e})"))?;
    let declared = declared_entries(&mut file)?;
    if declared > MAX_ENTRIES {
        return Err(match declared {
            u64::MAX => "archive ZIP de plus de 65 535 fichiers : un export SIECLE n'en contient qu'un".to_string(),
            n => format!(
                "archive ZIP de {n} fichiers : un export SIECLE n'en contient qu'un (au plus {MAX_ENTRIES} acceptés)"
            ),
        });
    }
    file.seek(SeekFrom::Start(0)).map_err(|e| e.to_string())?;
    let mut archive = zip::ZipArchive::new(file)
        .map_err(|e| format!("archive ZIP illisible ou incomplète ({e}) : téléchargez de nouveau l'export SIECLE"))?;
    if archive.len() as u64 > MAX_ENTRIES {
        return Err(format!(
            "archive ZIP de {} fichiers : un export SIECLE n'en contient qu'un",
            archive.len()
        ));
    }
    // Every name checked before anything is written.
    let mut names = Vec::new();
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| format!("archive ZIP illisible ({e})"))?;
        let raw = entry.name().to_string();
        let parent = raw.split(['/', '\\']).any(|part| part == "..");
        let Some(enclosed) = entry
            .enclosed_name()
            .filter(|_| !parent && !raw.starts_with(['/', '\\']))
        else {
            return Err(format!(
                "l'archive contient un nom de fichier qui sort de son dossier (« {} ») : elle n'a pas été ouverte",
                raw.chars().take(80).collect::<String>()
            ));
        };
        if entry.is_dir() {
            continue;
        }
        let base = enclosed
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if base.to_ascii_lowercase().ends_with(".xml") {
            names.push((i, base));
        }
    }
    if names.is_empty() {
        return Err("l'archive ZIP ne contient aucun fichier XML : est-ce bien un export SIECLE ?".into());
    }
    let mut out = Vec::new();
    for (k, (i, base)) in names.into_iter().enumerate() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| format!("« {base} » illisible dans l'archive ({e})"))?;
        let folder = dir.join(k.to_string());
        std::fs::create_dir_all(&folder).map_err(|e| format!("extraction impossible ({e})"))?;
        let target = folder.join(&base);
        let mut written = std::fs::File::create(&target).map_err(|e| format!("extraction impossible ({e})"))?;
        let copied = std::io::copy(&mut (&mut entry).take(MAX_ENTRY_BYTES + 1), &mut written)
            .map_err(|e| format!("« {base} » illisible dans l'archive : archive abîmée ou incomplète ({e})"))?;
        if copied > MAX_ENTRY_BYTES {
            return Err(format!(
                "« {base} » dépasse {} Mo une fois décompressé : ce n'est pas un export SIECLE",
                MAX_ENTRY_BYTES / (1024 * 1024)
            ));
        }
        out.push(target);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(path: &Path, entries: &[(&str, &[u8])]) {
        let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            w.start_file(*name, options).unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap();
    }

    fn problems(err: ImportError) -> String {
        match err {
            ImportError::Fichiers(p) => p.join("\n"),
            other => panic!("{other}"),
        }
    }

    #[test]
    fn an_export_s_xml_comes_out_under_its_own_name() {
        let dir = tempfile::tempdir().unwrap();
        let z = dir.path().join("ElevesAvecAdresses.zip");
        zip_of(
            &z,
            &[("ElevesAvecAdresses.xml", b"<BEE_ELEVES/>"), ("lisezmoi.txt", b"x")],
        );
        let plain = dir.path().join("Nomenclature.xml");
        std::fs::write(&plain, "<BEE_NOMENCLATURES/>").unwrap();
        let out = expand(&[z, plain.clone()], &dir.path().join("x")).unwrap();
        assert_eq!(out.len(), 2);
        assert_eq!(name(&out[0]), "ElevesAvecAdresses.xml");
        assert_eq!(std::fs::read(&out[0]).unwrap(), b"<BEE_ELEVES/>");
        assert_eq!(out[1], plain);
    }

    #[test]
    fn crafted_archives_are_refused_with_a_french_reason() {
        let dir = tempfile::tempdir().unwrap();
        let into = dir.path().join("x");
        let up = dir.path().join("up.zip");
        zip_of(&up, &[("../../evil.xml", b"<BEE_ELEVES/>")]);
        let err = problems(expand(std::slice::from_ref(&up), &into).unwrap_err());
        assert!(err.contains("sort de son dossier"), "{err}");
        assert!(!dir.path().join("evil.xml").exists() && !into.exists());

        let many = dir.path().join("many.zip");
        let names: Vec<String> = (0..100).map(|i| format!("f{i}.xml")).collect();
        zip_of(
            &many,
            &names.iter().map(|n| (n.as_str(), &b"x"[..])).collect::<Vec<_>>(),
        );
        let err = problems(expand(&[many], &into).unwrap_err());
        assert!(err.contains("archive ZIP de 100 fichiers"), "{err}");

        let cut = dir.path().join("cut.zip");
        zip_of(&cut, &[("a.xml", &[b'a'; 5000][..])]);
        let bytes = std::fs::read(&cut).unwrap();
        std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
        let err = problems(expand(&[cut], &into).unwrap_err());
        assert!(err.contains("incomplète"), "{err}");
    }
}
