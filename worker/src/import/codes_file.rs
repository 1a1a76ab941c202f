//! The codes file for the letters: CSV, UTF-8 with BOM (spreadsheets then read accents
//! right), `;`-separated. Written once: it is the only place the codes exist in clear.

use std::fs::OpenOptions;
use std::io::{ErrorKind, Write};
use std::path::Path;

use super::report::{NewCode, CSV_HEADER};
use super::ImportError;

/// Creates `path` (never overwriting it), writes the codes and syncs them to disk.
/// The file is readable by its owner only.
pub(crate) fn write_codes_file(path: &Path, codes: &[NewCode]) -> Result<(), ImportError> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|err| match err.kind() {
        ErrorKind::AlreadyExists => ImportError::CodesExistent(path.to_path_buf()),
        _ => ImportError::EcritureCodes(path.to_path_buf(), err),
    })?;
    let mut text = String::with_capacity(64 * (codes.len() + 1));
    text.push('\u{feff}');
    text.push_str(CSV_HEADER);
    text.push_str("\r\n");
    for code in codes {
        text.push_str(&code.csv_line());
        text.push_str("\r\n");
    }
    let result = file.write_all(text.as_bytes()).and_then(|()| file.sync_all());
    if let Err(err) = result {
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(ImportError::EcritureCodes(path.to_path_buf(), err));
    }
    Ok(())
}
