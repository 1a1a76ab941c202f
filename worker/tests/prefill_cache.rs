//! The pre-fill (`GET /api/dossier`) is kept in memory between two changes of the database:
//! through the real server, every write that changes a family's file shows in its very next
//! pre-fill — a draft, a submission, a staff validation, a write by another connection — a
//! logout ends the answers at once, and each session only ever gets its own pupil's answer.
//! (A write of another process, the CLI: tests/prefill_cache_cli.rs at the top level.)

mod http_common;
mod staff_support;

use http_common::*;
use serde_json::json;
use staff_support::*;

async fn login(server: &StaffServer, pupil: &Pupil) -> String {
    let resp = server.send(Req::login(pupil.uai, pupil.code, pupil.date)).await;
    assert_eq!(resp.status, 303, "login: {}", resp.text());
    resp.session_cookie().expect("a session cookie")
}

/// The pre-fill, asked twice in a row (the second answer comes from memory when cached): both
/// must be the same answer.
async fn prefill(server: &StaffServer, cookie: &str) -> serde_json::Value {
    let first = server.send(Req::get("/api/dossier").cookie(cookie)).await;
    assert_eq!(first.status, 200, "{}", first.text());
    let again = server.send(Req::get("/api/dossier").cookie(cookie)).await;
    assert_eq!(again.text(), first.text(), "the same answer twice in a row");
    again.json()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_then_a_submission_show_in_the_next_prefill() {
    let server = StaffServer::start(None).await;
    let cookie = login(&server, &LOU).await;
    let before = prefill(&server, &cookie).await;
    assert_eq!(before["source"], "import");
    assert_eq!(before["etat"], "connecte");

    let draft = json!({ "valeurs": { "eleve.prenom": "Louise" }, "eleve_ref": before["eleve"]["ref"] });
    let resp = server
        .send(
            Req::new("PUT", "/api/dossier/brouillon")
                .cookie(&cookie)
                .header("Content-Type", "application/json")
                .body(draft.to_string()),
        )
        .await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    let after_draft = prefill(&server, &cookie).await;
    assert_eq!(
        after_draft["source"], "brouillon",
        "the draft, not the import kept in memory"
    );
    assert_eq!(after_draft["valeurs"]["eleve.prenom"], "Louise");

    let resp = server.send(dossier_post(&complete_values()).cookie(&cookie)).await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    let after_submission = prefill(&server, &cookie).await;
    assert_eq!(after_submission["etat"], "transmis", "{after_submission}");
    assert_eq!(after_submission["source"], "soumission");
    assert!(after_submission["transmis_le"].is_string());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_staff_validation_shows_in_the_familys_next_prefill() {
    let server = StaffServer::start(None).await;
    let cookie = login(&server, &LOU).await;
    let resp = server.send(dossier_post(&complete_values()).cookie(&cookie)).await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    assert_eq!(prefill(&server, &cookie).await["etat"], "transmis");

    let staff = server.staff_login(JEAN_MOULIN).await;
    let lou = server.id_of(&LOU);
    let resp = server
        .send(post_json("/api/personnel/valider", json!({ "ids": [lou] })).cookie(&staff))
        .await;
    assert_eq!(resp.json()["valides"], 1, "{}", resp.text());
    assert_eq!(
        prefill(&server, &cookie).await["etat"],
        "valide",
        "the family sees the school's validation at once"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_by_another_connection_shows_in_the_next_prefill() {
    let server = StaffServer::start(None).await;
    let cookie = login(&server, &LOU).await;
    assert_eq!(prefill(&server, &cookie).await["eleve"]["division"], "6A");
    // Not through the worker's writer: what a command or a tool on the same file would do.
    server
        .conn()
        .execute("UPDATE eleves SET division = '6Z' WHERE id = ?1", [server.id_of(&LOU)])
        .unwrap();
    assert_eq!(prefill(&server, &cookie).await["eleve"]["division"], "6Z");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_logout_the_prefill_kept_in_memory_is_refused() {
    let server = StaffServer::start(None).await;
    let cookie = login(&server, &LOU).await;
    assert_eq!(prefill(&server, &cookie).await["eleve"]["prenom"], "Lou");
    let resp = server
        .send(Req::form("/deconnexion?uai=0699901M", &[]).cookie(&cookie))
        .await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    let after = server.send(Req::get("/api/dossier").cookie(&cookie)).await;
    assert_eq!(
        after.status,
        401,
        "the ended session's answer is gone: {}",
        after.text()
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_session_gets_only_its_own_pupils_answer() {
    let server = StaffServer::start(None).await;
    let lou = login(&server, &LOU).await;
    let sam = login(&server, &SAM).await;
    for _ in 0..3 {
        assert_eq!(prefill(&server, &lou).await["eleve"]["prenom"], LOU.prenom);
        assert_eq!(prefill(&server, &sam).await["eleve"]["prenom"], SAM.prenom);
    }
    // A made-up token of the right shape, and Lou's with one digit changed: nothing.
    let value = lou.split_once('=').unwrap().1;
    let last = value.chars().last().unwrap();
    let changed = format!(
        "{}={}{}",
        lou.split_once('=').unwrap().0,
        &value[..value.len() - 1],
        if last == '0' { '1' } else { '0' }
    );
    let made_up = format!("{}={}", lou.split_once('=').unwrap().0, "ab".repeat(32));
    for cookie in [changed, made_up] {
        let resp = server.send(Req::get("/api/dossier").cookie(&cookie)).await;
        assert_eq!(resp.status, 401, "{cookie}: {}", resp.text());
    }
    server.stop().await;
}
