//! The test SMTP server (tests/support/smtp_server.py, aiosmtpd) as a child process, and what
//! it stored. Std only: also used by the end-to-end tests of the binary (tests/mail_sigkill.rs).
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The repository's root.
pub fn repo() -> PathBuf {
    let mut dir = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    while !dir.join("tests/support/smtp_server.py").exists() {
        assert!(dir.pop(), "tests/support/smtp_server.py introuvable");
    }
    dir
}

/// The SMTP server of the tests, killed when dropped.
pub struct SmtpServer {
    child: Child,
    pub port: u16,
    pub dir: PathBuf,
}

impl SmtpServer {
    /// Starts the server on `port` (0: a free one), storing messages in `dir`.
    pub fn start(dir: &Path, port: u16, args: &[&str]) -> SmtpServer {
        let script = repo().join("tests/support/smtp_server.py");
        let mut child = Command::new("python3")
            .arg(&script)
            .arg("--dir")
            .arg(dir)
            .arg("--port")
            .arg(port.to_string())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("python3 introuvable ({e}) : installez Python 3 puis pip install aiosmtpd==1.4.6")
            });
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let Some(port) = line.trim().strip_prefix("PORT ").and_then(|p| p.parse().ok()) else {
            let _ = child.kill();
            let output = child.wait_with_output().unwrap();
            panic!(
                "le serveur SMTP de test n'a pas démarré (pip install aiosmtpd==1.4.6 ?) : {}",
                String::from_utf8_lossy(&output.stderr)
            );
        };
        SmtpServer {
            child,
            port,
            dir: dir.to_path_buf(),
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A port nobody listens on (yet).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A message the server stored: its bytes and its envelope recipients.
pub struct Stored {
    pub raw: Vec<u8>,
    pub rcpt_tos: Vec<String>,
}

impl Stored {
    /// The Message-ID, without its angle brackets (folded header lines are joined).
    pub fn message_id(&self) -> String {
        let text = String::from_utf8_lossy(&self.raw);
        let mut lines = text.split("\r\n").take_while(|l| !l.is_empty()).peekable();
        while let Some(line) = lines.next() {
            if let Some(value) = line.strip_prefix("Message-ID:") {
                let mut value = value.trim().to_string();
                while let Some(next) = lines.next_if(|l| l.starts_with([' ', '\t'])) {
                    value.push_str(next.trim());
                }
                return value.trim_matches(|c| c == '<' || c == '>').to_string();
            }
        }
        panic!("message sans Message-ID : {text}")
    }
}

/// Every message stored in `dir` (.eml + .json pairs), in arrival order.
pub fn stored(dir: &Path) -> Vec<Stored> {
    let mut names: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect(),
        Err(_) => return Vec::new(),
    };
    names.sort();
    names
        .into_iter()
        .map(|eml| {
            let json: serde_json::Value =
                serde_json::from_slice(&std::fs::read(eml.with_extension("json")).unwrap()).unwrap();
            Stored {
                raw: std::fs::read(&eml).unwrap(),
                rcpt_tos: json["rcpt_tos"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().to_string())
                    .collect(),
            }
        })
        .collect()
}

/// Polls `done` until true; fails with `what` after a generous deadline (a hang guard, not a
/// timing assertion).
pub fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(90);
    while !done() {
        assert!(Instant::now() < deadline, "toujours pas au bout de 90 s : {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}
