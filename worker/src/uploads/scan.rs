//! The optional antivirus: a command run on each file before it is accepted.
//!
//! The file goes to the command's standard input (`clamdscan --no-summary -`), or, when an
//! argument is `{}`, its path replaces it (`clamscan --no-summary {}`). Exit code 0: clean;
//! 1: flagged (the convention of ClamAV and most scanners); anything else, a spawn failure or
//! no answer within the timeout: the scanner is not answering, and the file waits.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::AsyncWriteExt;

/// What the scanner said about one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Clean,
    Flagged,
    /// Not answering: the reason is for the logs (it names no file).
    Unavailable(String),
}

/// Runs `command` on the file at `path`, within `timeout`.
pub async fn scan(command: &str, timeout: Duration, path: &Path) -> Verdict {
    let mut words = command.split_whitespace();
    let Some(program) = words.next() else {
        return Verdict::Unavailable("commande d'analyse vide".into());
    };
    let mut by_path = false;
    let args: Vec<std::ffi::OsString> = words
        .map(|w| {
            if w == "{}" {
                by_path = true;
                path.as_os_str().to_owned()
            } else {
                w.into()
            }
        })
        .collect();
    let mut cmd = tokio::process::Command::new(program);
    cmd.args(&args)
        .stdin(if by_path { Stdio::null() } else { Stdio::piped() })
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true);
    let mut child = match cmd.spawn() {
        Ok(child) => child,
        Err(err) => return Verdict::Unavailable(format!("lancement impossible : {err}")),
    };
    let stdin = child.stdin.take();
    let run = async {
        if let Some(mut stdin) = stdin {
            // A scanner that stops reading (it decided, or it died) is not an error here:
            // its exit code says what happened.
            if let Ok(mut file) = tokio::fs::File::open(path).await {
                let _ = tokio::io::copy(&mut file, &mut stdin).await;
            }
            let _ = stdin.shutdown().await;
            drop(stdin);
        }
        child.wait().await
    };
    match tokio::time::timeout(timeout, run).await {
        Err(_) => Verdict::Unavailable(format!("pas de réponse en {} s", timeout.as_secs())),
        Ok(Err(err)) => Verdict::Unavailable(format!("attente impossible : {err}")),
        Ok(Ok(status)) => match status.code() {
            Some(0) => Verdict::Clean,
            Some(1) => Verdict::Flagged,
            Some(code) => Verdict::Unavailable(format!("code de sortie {code}")),
            None => Verdict::Unavailable("arrêté par un signal".into()),
        },
    }
}
