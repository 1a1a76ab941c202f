//! With a DSN, errors and panics reach Sentry (here a local HTTP endpoint standing in for it)
//! without personal data. Its own test binary: Sentry's client and panic hook are global.

use dossiersco_worker::monitoring;

mod sentry_support;
use sentry_support::fake_sentry;

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
