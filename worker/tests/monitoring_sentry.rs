//! With a DSN, errors and panics reach Sentry (here a local HTTP endpoint standing in for it)
//! without personal data. Its own test binary: Sentry's client and panic hook are global.

use dossiersco_worker::monitoring;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

/// Accepts HTTP requests, keeps their bodies, answers 200.
fn fake_sentry() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let kept = bodies.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { break };
            let kept = kept.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                loop {
                    let mut length = 0;
                    let mut line = String::new();
                    loop {
                        line.clear();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        if line == "\r\n" {
                            break;
                        }
                        if let Some((name, value)) = line.split_once(':') {
                            if name.eq_ignore_ascii_case("content-length") {
                                length = value.trim().parse().unwrap();
                            }
                        }
                    }
                    let mut body = vec![0; length];
                    reader.read_exact(&mut body).unwrap();
                    kept.lock().unwrap().push(String::from_utf8_lossy(&body).to_string());
                    let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}");
                }
            });
        }
    });
    (port, bodies)
}

#[test]
fn with_a_dsn_errors_and_panics_are_reported_without_personal_data() {
    let (port, bodies) = fake_sentry();
    let guard = monitoring::init_with(Some(&format!("http://clef@127.0.0.1:{port}/1"))).expect("Sentry actif");
    assert!(monitoring::enabled());
    // Whatever some code might attach, it must not leave the machine.
    sentry::configure_scope(|scope| {
        scope.set_user(Some(sentry::User {
            email: Some("lou.martin@example.fr".into()),
            ..Default::default()
        }));
        scope.set_extra("valeurs", "Lou Martin".into());
    });
    monitoring::report_error("POST /dossier", &std::io::Error::other("base verrouillée"));
    let panicked = std::panic::catch_unwind(|| panic!("invariant rompu"));
    assert!(panicked.is_err());
    drop(guard); // flushes

    let bodies = bodies.lock().unwrap();
    let all = bodies.join("\n");
    assert!(all.contains("base verrouillée"), "erreur signalée : {all}");
    assert!(all.contains("POST /dossier"), "route en étiquette : {all}");
    assert!(all.contains("invariant rompu"), "panique signalée : {all}");
    for personal in ["lou.martin@example.fr", "Lou Martin"] {
        assert!(!all.contains(personal), "« {personal} » envoyé à Sentry : {all}");
    }
}
