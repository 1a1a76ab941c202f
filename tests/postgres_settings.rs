//! `dossiersco serve` on a PostgreSQL URL: the settings a worker needs beyond the URL.

use std::process::Command;

fn dossiersco() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossiersco"));
    cmd.env_remove("DOSSIERSCO_DB")
        .env_remove("DOSSIERSCO_PIECES_DIR")
        .env_remove("DOSSIERSCO_MAIL_DIR")
        .env_remove("DOSSIERSCO_SMTP_URL");
    cmd
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn a_worker_on_postgresql_without_its_folders_refuses_to_start_and_writes_nothing() {
    // No server is needed: the check comes before any connection. The URL's password must
    // never become a folder name (SQLite's defaults derive folders from the database path).
    let dir = tempfile::tempdir().unwrap();
    let url = "postgres://dossiersco:motdepasse-secret@127.0.0.1:1/dossiersco";
    for (extra, expected) in [(vec![], "--pieces-dir"), (vec!["--pieces-dir", "pieces"], "--mail-dir")] {
        let out = dossiersco()
            .current_dir(dir.path())
            .args(["serve", "--bind", "127.0.0.1:0", "--db", url])
            .args(&extra)
            .output()
            .unwrap();
        assert!(!out.status.success());
        let said = text(&out);
        assert!(said.contains(expected), "{said}");
        assert!(!said.contains("motdepasse-secret"), "{said}");
    }
    let made: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(made.is_empty(), "nothing written: {made:?}");
}
