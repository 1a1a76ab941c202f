//! The documents' background work, started with the server: files waiting for the antivirus
//! are scanned again until it answers; files attached to nothing (no submission, no draft of
//! their pupil), and files on disk that no row names (a crash, a purge, a ZIP being built),
//! are deleted.

use super::scan::{scan, Verdict};
use crate::app::App;
use crate::clock::timestamp;
use crate::store::pieces::{self, Etat};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// A file on disk with no row is deleted once this old (a file being received has no row yet).
const LEFTOVER_AFTER: Duration = Duration::from_secs(3600);

/// Runs until aborted: a sweep at start, then retries and sweeps on their timers.
pub async fn run(app: Arc<App>) {
    let settings = app.config.pieces.clone();
    let mut retry = tokio::time::interval(settings.retry_every);
    let mut sweep_tick = tokio::time::interval(settings.sweep_every);
    loop {
        tokio::select! {
            _ = retry.tick() => {
                if let Err(err) = retry_scans(&app).await {
                    tracing::warn!(error = %format!("{err:#}"), "nouvelle analyse des pièces impossible");
                }
            }
            _ = sweep_tick.tick() => {
                if let Err(err) = sweep(&app, LEFTOVER_AFTER).await {
                    tracing::warn!(error = %format!("{err:#}"), "nettoyage des pièces impossible");
                }
            }
        }
    }
}

/// Scans the files waiting for the antivirus again; returns how many got a verdict.
pub async fn retry_scans(app: &Arc<App>) -> anyhow::Result<usize> {
    let Some(command) = app.config.pieces.scan_command.clone() else {
        return Ok(0);
    };
    let waiting = app.readers.run(pieces::awaiting_scan)?;
    let spool = super::spool(app);
    let mut decided = 0;
    for (id, fichier) in waiting {
        let path = spool.path(&fichier);
        let etat = match scan(&command, app.config.pieces.scan_timeout, &path).await {
            Verdict::Clean => Etat::Accepte,
            Verdict::Flagged => Etat::Refuse,
            Verdict::Unavailable(why) => {
                tracing::warn!(piece = id, raison = %why, "antivirus toujours sans réponse");
                // The scanner is down: no use trying the others now.
                break;
            }
        };
        let now = timestamp(app.now());
        app.writer
            .run(move |conn| pieces::set_verdict(conn, id, etat, &now))
            .await?;
        if etat == Etat::Refuse {
            let _ = tokio::fs::remove_file(&path).await;
        }
        tracing::info!(piece = id, etat = etat.as_str(), "pièce analysée après attente");
        decided += 1;
    }
    Ok(decided)
}

/// Deletes the rows (and files) attached to nothing — neither a submission nor a draft —
/// older than the settings say, and the files no row names older than `leftover_after`.
/// Returns how many files went.
pub async fn sweep(app: &Arc<App>, leftover_after: Duration) -> anyhow::Result<usize> {
    sweep_at(app, app.now(), leftover_after).await
}

/// [`sweep`] as if it were `now` (tests play a campaign days ahead).
pub async fn sweep_at(app: &Arc<App>, now: time::OffsetDateTime, leftover_after: Duration) -> anyhow::Result<usize> {
    let before = now - app.config.pieces.orphan_after;
    let before = timestamp(before);
    let orphans = app
        .writer
        .run(move |conn| pieces::delete_orphans(conn, &before))
        .await?;
    let spool = super::spool(app);
    let mut deleted = 0;
    for fichier in &orphans {
        if tokio::fs::remove_file(spool.path(fichier)).await.is_ok() {
            deleted += 1;
        }
    }
    let known = app.readers.run(pieces::all_files)?;
    let mut entries = match tokio::fs::read_dir(&spool.dir).await {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(deleted),
        Err(err) => return Err(err.into()),
    };
    let now = SystemTime::now();
    while let Some(entry) = entries.next_entry().await? {
        let name = entry.file_name().to_string_lossy().into_owned();
        if known.contains(&name) {
            continue;
        }
        let old = entry
            .metadata()
            .await
            .and_then(|m| m.modified())
            .is_ok_and(|t| now.duration_since(t).unwrap_or_default() >= leftover_after);
        if old
            && entry.file_type().await.is_ok_and(|t| t.is_file())
            && tokio::fs::remove_file(entry.path()).await.is_ok()
        {
            deleted += 1;
        }
    }
    if deleted > 0 || !orphans.is_empty() {
        tracing::info!(
            lignes = orphans.len(),
            fichiers = deleted,
            "pièces rattachées à rien supprimées"
        );
    }
    Ok(deleted)
}
