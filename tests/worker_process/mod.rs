//! `dossiersco serve` as a child process on a free port of 127.0.0.1, for the tests of the
//! command line that talk to a real worker.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// The worker as a child process, campaign dates taken as 10 April 2027; killed on drop.
pub struct WorkerProcess {
    child: Child,
    /// `127.0.0.1:PORT`, read from the line the worker prints when it listens.
    pub addr: String,
}

impl WorkerProcess {
    /// Starts the worker on database `db`, from the repository's root `repo`.
    pub fn start(db: &Path, repo: &Path) -> WorkerProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossiersco"))
            .args(["serve", "--bind", "127.0.0.1:0", "--today", "2027-04-10", "--db"])
            .arg(db)
            .current_dir(repo)
            .env_remove("DOSSIERSCO_MAIL_DIR")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        let addr = loop {
            line.clear();
            assert!(
                stderr.read_line(&mut line).unwrap() > 0,
                "the worker stopped before listening"
            );
            if let Some(at) = line.find("http://") {
                break line[at + 7..].trim().to_string();
            }
        };
        // Keep reading its logs so it never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
        WorkerProcess { child, addr }
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
