//! A consistent copy of the live database through SQLite's online backup API (backups), and
//! the statistics file: the counts the public statistics need, nothing else.

use anyhow::{Context, Result};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::{Duration, Instant};

/// What a snapshot produced.
#[derive(Debug, Clone, Copy)]
pub struct SnapshotInfo {
    pub bytes: u64,
    pub pages: i32,
    pub duration: Duration,
}

/// Copies the database `db` to `out`. Safe while the worker writes: the copy is made in one
/// step inside a read transaction (WAL: writers are not blocked), so it is the database as
/// of the moment the step began. Written to a temporary file next to `out`, then renamed:
/// `out` is either the old file or the complete new copy, never a half-written one.
pub fn snapshot(db: &Path, out: &Path) -> Result<SnapshotInfo> {
    let started = Instant::now();
    if !db.exists() {
        anyhow::bail!("la base {} n'existe pas", db.display());
    }
    let source = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .with_context(|| format!("ouverture de la base {}", db.display()))?;
    source.busy_timeout(Duration::from_secs(10))?;
    let pages = replace_atomically(out, |tmp| {
        let mut dest = Connection::open(tmp).with_context(|| format!("création de {}", tmp.display()))?;
        let pages = {
            let backup = Backup::new(&source, &mut dest)?;
            // -1: every page in one step, one read transaction, hence one consistent state.
            let mut waits = 0;
            loop {
                match backup.step(-1).context("copie de la base")? {
                    StepResult::Done => break,
                    StepResult::More => {}
                    // Busy or locked: a writer holds a lock that readers must wait for (rare in WAL).
                    _ if waits < 200 => {
                        waits += 1;
                        std::thread::sleep(Duration::from_millis(50));
                    }
                    other => anyhow::bail!("la base reste verrouillée, copie impossible ({other:?})"),
                }
            }
            backup.progress().pagecount
        };
        // When the copy was taken, for the statistics page (`store::stats`).
        dest.execute(
            "INSERT OR REPLACE INTO meta (cle, valeur) VALUES (?1, ?2)",
            [
                super::stats::SNAPSHOT_KEY,
                &dossiersco_model::clock::timestamp(time::OffsetDateTime::now_utc()),
            ],
        )?;
        // A self-contained file: no -wal beside it once copied elsewhere.
        dest.pragma_update(None, "journal_mode", "DELETE")?;
        let check: String = dest.pragma_query_value(None, "quick_check", |r| r.get(0))?;
        anyhow::ensure!(check == "ok", "la copie est incohérente : {check}");
        Ok(pages)
    })?;
    let bytes = std::fs::metadata(out)?.len();
    Ok(SnapshotInfo {
        bytes,
        pages,
        duration: started.elapsed(),
    })
}

/// Writes to `out` only the counts the public statistics need (`dossiersco snapshot
/// --statistiques`): no name, no address, no code, not the key that hashes them. The counts
/// are read in one transaction of `db` (the live database, or a full copy: then they are
/// dated when the copy was made). Replaced in one step, like [`snapshot`].
pub fn snapshot_statistiques(db: &Path, out: &Path) -> Result<SnapshotInfo> {
    let started = Instant::now();
    let aggregats = if crate::is_postgres(db) {
        // The server's database: read in place, only the counts leave it.
        let conn = crate::open(db)?;
        super::stats::aggregates_of_database(&conn, time::OffsetDateTime::now_utc())?
    } else {
        super::stats::aggregates_of(db, Some(time::OffsetDateTime::now_utc()))?.0
    };
    let pages = replace_atomically(out, |tmp| {
        super::stats::fichier::write(&aggregats, tmp)?;
        let conn = Connection::open(tmp)?;
        let check: String = conn.pragma_query_value(None, "quick_check", |r| r.get(0))?;
        anyhow::ensure!(check == "ok", "le fichier écrit est incohérent : {check}");
        Ok(conn.pragma_query_value(None, "page_count", |r| r.get(0))?)
    })?;
    Ok(SnapshotInfo {
        bytes: std::fs::metadata(out)?.len(),
        pages,
        duration: started.elapsed(),
    })
}

/// Runs `write` on a temporary file next to `out`, then renames it over `out` (synced): `out`
/// is either the old file or the complete new one, never a half-written one.
fn replace_atomically<T>(out: &Path, write: impl FnOnce(&Path) -> Result<T>) -> Result<T> {
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("création du dossier {}", dir.display()))?;
    let file_name = out
        .file_name()
        .with_context(|| format!("{} n'est pas un nom de fichier", out.display()))?;
    let tmp = dir.join(format!(".{}.tmp", file_name.to_string_lossy()));
    let _ = std::fs::remove_file(&tmp);
    let result = match write(&tmp) {
        Ok(result) => result,
        Err(err) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(err);
        }
    };
    std::fs::File::open(&tmp)?.sync_all()?;
    std::fs::rename(&tmp, out).with_context(|| format!("renommage vers {}", out.display()))?;
    std::fs::File::open(dir)?.sync_all()?;
    Ok(result)
}
