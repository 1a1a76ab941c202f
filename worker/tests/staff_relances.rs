//! Reminders: a count first, then the emails through the outbox, never twice the same day
//! to the same family.

mod http_common;
mod staff_support;

use http_common::*;
use serde_json::json;
use staff_support::*;

fn reminders_queued(server: &StaffServer) -> Vec<(i64, String, String)> {
    let conn = server.conn();
    let mut stmt = conn
        .prepare("SELECT eleve_id, destinataires, sujet FROM outbox WHERE genre = 'relance' ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn families_are_reminded_once_a_day_after_a_count() {
    let server = StaffServer::start(None).await;
    let cookie = server.staff_login(JEAN_MOULIN).await;
    let (lou, sam) = (server.id_of(&LOU), server.id_of(&SAM));
    // Lou: not connected, an address on file. Sam: a draft with the family's address.
    // Alix leaves; Noa is another school's (with an address too).
    server.set_prefill(&LOU, "resp1.email", "claire.martin@example.fr");
    server.set_prefill(&NOA, "resp1.email", "famille.durand@example.fr");
    {
        let conn = server.conn();
        let mut draft = lou_file();
        draft.insert("resp1.email".into(), "famille.bernard@example.fr".into());
        dossiersco_worker::store::families::save_draft(&conn, sam, &draft, "2027-04-09T10:00:00Z").unwrap();
    }
    let relance =
        |etat: &str, envoyer: bool| post_json("/api/personnel/relances", json!({ "etat": etat, "envoyer": envoyer }));

    // The count: nothing is sent.
    let dry = server.send(relance("non_connecte", false).cookie(&cookie)).await.json();
    assert_eq!(
        (
            dry["a_envoyer"].as_i64(),
            dry["deja_relances"].as_i64(),
            dry["sans_courriel"].as_i64()
        ),
        (Some(1), Some(0), Some(0)),
        "{dry}"
    );
    let dry = server.send(relance("brouillon", false).cookie(&cookie)).await.json();
    assert_eq!(dry["a_envoyer"], 1, "{dry}");
    assert!(reminders_queued(&server).is_empty(), "a count sends nothing");

    // Sending: one reminder to Lou's family, through the outbox.
    let sent = server.send(relance("non_connecte", true).cookie(&cookie)).await.json();
    assert_eq!(
        (sent["envoyes"].as_i64(), sent["deja_relances"].as_i64()),
        (Some(1), Some(0)),
        "{sent}"
    );
    let queued = reminders_queued(&server);
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].0, lou);
    assert_eq!(queued[0].1, r#"["claire.martin@example.fr"]"#);
    assert!(
        queued[0].2.starts_with("Rappel : réinscription de Lou"),
        "{}",
        queued[0].2
    );
    let texte: String = server
        .conn()
        .query_row("SELECT texte FROM outbox WHERE genre = 'relance'", [], |r| r.get(0))
        .unwrap();
    assert!(texte.contains("/0699901M/connexion/"), "{texte}");

    // Again the same day: nothing more, and the count says why.
    let again = server.send(relance("non_connecte", true).cookie(&cookie)).await.json();
    assert_eq!(
        (again["envoyes"].as_i64(), again["deja_relances"].as_i64()),
        (Some(0), Some(1)),
        "{again}"
    );
    let dry = server.send(relance("non_connecte", false).cookie(&cookie)).await.json();
    assert_eq!(
        (dry["a_envoyer"].as_i64(), dry["deja_relances"].as_i64()),
        (Some(0), Some(1))
    );
    assert_eq!(reminders_queued(&server).len(), 1);

    // The draft's family, at its own address (the one it typed).
    let sent = server.send(relance("brouillon", true).cookie(&cookie)).await.json();
    assert_eq!(sent["envoyes"], 1);
    let queued = reminders_queued(&server);
    assert_eq!(
        (queued[1].0, queued[1].1.as_str()),
        (sam, r#"["famille.bernard@example.fr"]"#)
    );

    // The day after (the stored day moved back), Lou's family may be reminded again.
    server
        .conn()
        .execute("UPDATE relances SET jour = '2020-01-01'", [])
        .unwrap();
    let next_day = server.send(relance("non_connecte", true).cookie(&cookie)).await.json();
    assert_eq!(next_day["envoyes"], 1);
    assert_eq!(reminders_queued(&server).len(), 3);
    // Noa (school B) was never reminded by A's staff.
    assert!(reminders_queued(&server)
        .iter()
        .all(|(id, _, _)| *id != server.id_of(&NOA)));
    // A family without an address is counted apart.
    server.set_prefill(&LOU, "resp1.email", "");
    server.conn().execute("DELETE FROM relances", []).unwrap();
    let dry = server.send(relance("non_connecte", false).cookie(&cookie)).await.json();
    assert_eq!(
        (dry["a_envoyer"].as_i64(), dry["sans_courriel"].as_i64()),
        (Some(0), Some(1)),
        "{dry}"
    );
    server.stop().await;
}

#[test]
fn the_database_refuses_a_second_reminder_the_same_day() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    insert_fixture_pupils(&db);
    let conn = dossiersco_worker::store::open(&db).unwrap();
    let id: i64 = conn
        .query_row("SELECT id FROM eleves WHERE prenom = 'Lou'", [], |r| r.get(0))
        .unwrap();
    let record = |jour: &str| {
        dossiersco_worker::store::suivi::record_reminder(
            &conn,
            JEAN_MOULIN,
            id,
            "non_connecte",
            jour,
            "2027-04-10T08:00:00Z",
        )
        .unwrap()
    };
    assert!(record("2027-04-10"));
    assert!(!record("2027-04-10"), "same pupil, same day");
    assert!(record("2027-04-11"));
    // Not this school's pupil, or no longer in that state: nothing recorded.
    assert!(!dossiersco_worker::store::suivi::record_reminder(
        &conn,
        AUTRE_COLLEGE,
        id,
        "non_connecte",
        "2027-04-12",
        "x"
    )
    .unwrap());
    assert!(
        !dossiersco_worker::store::suivi::record_reminder(&conn, JEAN_MOULIN, id, "brouillon", "2027-04-12", "x")
            .unwrap()
    );
}
