//! The store on both engines: SQLite always, PostgreSQL when `DOSSIERSCO_TEST_PG` holds the
//! URL of a throwaway server (each test creates its own database there). `DOSSIERSCO_TEST_PG`
//! set to `required`, or to a URL that does not answer, fails these tests: CI never passes
//! them without PostgreSQL.

use dossiersco_store::import::{insert_eleve, EleveData};
use dossiersco_store::outbox::{self, OutgoingEmail};
use dossiersco_store::postgres::{self, PgDatabase};
use dossiersco_store::sessions::{self, LoginAttempt, LoginOutcome};
use dossiersco_store::writer::Writer;
use dossiersco_store::{families, Conn, Engine};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use time::{Duration, OffsetDateTime};

/// The PostgreSQL server to test against, if any.
fn pg_server() -> Option<String> {
    match std::env::var("DOSSIERSCO_TEST_PG") {
        Ok(v) if v == "required" => {
            panic!("DOSSIERSCO_TEST_PG=required mais aucune adresse postgres:// donnée : les tests PostgreSQL ne peuvent pas tourner")
        }
        Ok(v) if !v.trim().is_empty() => Some(v),
        _ => {
            eprintln!("DOSSIERSCO_TEST_PG absent : tests sur SQLite seulement");
            None
        }
    }
}

/// A new, empty database on the test server; its URL.
fn fresh_pg_database(server: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    let name = format!(
        "dossiersco_t_{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst),
        OffsetDateTime::now_utc().unix_timestamp_nanos() % 1_000_000_000
    );
    // On its own thread: the caller may be async.
    let (admin, create) = (server.to_owned(), name.clone());
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let (client, connection) = tokio_postgres::connect(&admin, tokio_postgres::NoTls)
                .await
                .unwrap_or_else(|e| panic!("DOSSIERSCO_TEST_PG ne répond pas ({}) : {e}", postgres::redact(&admin)));
            let task = tokio::spawn(connection);
            client
                .batch_execute(&format!("CREATE DATABASE {create}"))
                .await
                .unwrap();
            drop(client);
            let _ = task.await;
        });
    })
    .join()
    .unwrap();
    let (base, query) = match server.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (server, String::new()),
    };
    let scheme_end = base.find("://").unwrap() + 3;
    let root = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    format!("{root}/{name}{query}")
}

/// One database per engine available: (the `db` setting, kept-alive temp dir).
fn databases() -> Vec<(PathBuf, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let mut out = vec![(dir.path().join("db.sqlite"), Some(dir))];
    if let Some(server) = pg_server() {
        out.push((PathBuf::from(fresh_pg_database(&server)), None));
    }
    out
}

fn pupil(conn: &Conn, n: usize) -> i64 {
    let data = EleveData {
        ine: None,
        nom: "Martin".into(),
        prenom: format!("Lou{n}"),
        date_naissance: "2014-05-02".into(),
        division: Some("6A".into()),
        mef_actuel: None,
        mef_destination: Some("10110001110".into()),
        options_actuelles: "[]".into(),
        prefill: "{}".into(),
        etat: "non_connecte".into(),
    };
    insert_eleve(
        conn,
        "0330001A",
        &format!("E{n}"),
        &data,
        &format!("hash-{n}"),
        "2027-04-01T00:00:00Z",
    )
    .unwrap()
}

fn email(eleve_id: i64) -> OutgoingEmail {
    OutgoingEmail {
        uai: "0330001A".into(),
        eleve_id: Some(eleve_id),
        genre: "confirmation".into(),
        expediteur: "Réinscription <contact@college.example.fr>".into(),
        destinataires: vec!["famille@example.fr".into()],
        repondre_a: None,
        sujet: "Dossier reçu".into(),
        texte: "Bonjour".into(),
        html: None,
        a_rendre: None,
    }
}

#[test]
fn the_same_store_functions_give_the_same_answers_on_both_engines() {
    let mut answers = Vec::new();
    for (db, _keep) in databases() {
        let conn = dossiersco_store::open(&db).unwrap();
        let id = pupil(&conn, 1);
        assert!(id > 0);
        // A login: wrong date refused, right one opens a session the lookup finds.
        let now = OffsetDateTime::now_utc();
        let attempt = |date: &str, token: &str| LoginAttempt {
            uai: "0330001A".into(),
            code_hash: "hash-1".into(),
            adresse_hash: "adr".into(),
            date_naissance: date.into(),
            token_hash: token.into(),
            now,
            session_ttl: Duration::hours(1),
            appareil: false,
        };
        assert_eq!(
            sessions::login(&conn, &attempt("2014-05-03", "t0")).unwrap(),
            LoginOutcome::Refuse
        );
        let LoginOutcome::Connecte {
            eleve_id,
            mef_destination,
        } = sessions::login(&conn, &attempt("2014-05-02", "t1")).unwrap()
        else {
            panic!("login refused on {:?}", conn.engine());
        };
        assert_eq!((eleve_id, mef_destination.as_deref()), (id, Some("10110001110")));
        assert!(sessions::find(&conn, "t1", now).unwrap().is_some());
        assert!(sessions::find(&conn, "t0", now).unwrap().is_none());
        // A submission and its confirmation in one transaction.
        let tx = conn.transaction().unwrap();
        let values: dossiersco_model::FormValues = serde_json::from_str(r#"{"eleve.nom":"Martin"}"#).unwrap();
        let serialized = families::SerializedValues::of(&values).unwrap();
        let (outcome, soumission) =
            families::submit_serialized_id(&tx, id, &serialized, "2027-04-10T08:00:00Z", families::Mode::Formulaire)
                .unwrap();
        // A confirmation names its submission: the day's count goes through it.
        let confirmation = OutgoingEmail {
            a_rendre: Some(outbox::ARendre {
                soumission_id: soumission.expect("stored"),
                faits: "{}".into(),
            }),
            ..email(id)
        };
        let queued = outbox::enqueue(&tx, &confirmation).unwrap();
        tx.commit().unwrap();
        let dossier = families::load(&conn, id).unwrap().expect("the pupil's file");
        assert_eq!(
            outbox::confirmations_since(&conn, id, "2020-01-01T00:00:00Z").unwrap(),
            1
        );
        let counts = outbox::counts(&conn, Some("0330001A")).unwrap();
        let pending = outbox::pending(&conn).unwrap();
        let row = outbox::get(&conn, queued).unwrap().expect("queued email");
        assert_eq!(row.destinataires, ["famille@example.fr"]);
        answers.push((
            format!("{outcome:?}"),
            format!("{:?}", dossier.etat),
            counts,
            pending.count,
            families::submissions_since(&conn, id, "2027-01-01T00:00:00Z").unwrap(),
        ));
    }
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:#?}");
    assert_eq!(answers[0].2.a_envoyer, 1, "{answers:#?}");
}

/// A confirmation rendered at send time: its row names the submission, the sender reads the
/// submission's values with it (even after a later submission), and a submission deleted
/// before the email left gives no values rather than another's.
#[test]
fn an_email_rendered_at_send_time_reads_its_own_submission_on_both_engines() {
    let mut answers = Vec::new();
    for (db, _keep) in databases() {
        let conn = dossiersco_store::open(&db).unwrap();
        let id = pupil(&conn, 1);
        let queue = |nom: &str| {
            let tx = conn.transaction().unwrap();
            let values =
                families::SerializedValues::of(&serde_json::from_str(&format!(r#"{{"eleve.nom":"{nom}"}}"#)).unwrap())
                    .unwrap();
            let (outcome, soumission) =
                families::submit_serialized_id(&tx, id, &values, "2027-04-10T08:00:00Z", families::Mode::Formulaire)
                    .unwrap();
            assert_eq!(outcome, families::WriteOutcome::Enregistre);
            let email = OutgoingEmail {
                sujet: String::new(),
                texte: String::new(),
                a_rendre: Some(outbox::ARendre {
                    soumission_id: soumission.expect("a stored submission has an id"),
                    faits: r#"{"mef":"10110001110","langue":"fr"}"#.into(),
                }),
                ..email(id)
            };
            let queued = outbox::enqueue(&tx, &email).unwrap();
            tx.commit().unwrap();
            queued
        };
        let first = queue("Martin");
        let second = queue("Durand");
        let claimed = outbox::claim(&conn, OffsetDateTime::now_utc(), outbox::CLAIM_LEASE, 10).unwrap();
        let facts: Vec<_> = claimed.iter().map(|r| (r.id, r.a_rendre.clone())).collect();
        assert_eq!(facts.len(), 2, "{:?}", conn.engine());
        let valeurs = |n: usize| facts[n].1.as_ref().and_then(|f| f.valeurs.clone()).unwrap_or_default();
        assert_eq!(facts[0].0, first);
        assert!(
            valeurs(0).contains("Martin") && valeurs(1).contains("Durand"),
            "{facts:?}"
        );
        // The pupil's submissions deleted (a new campaign): the email has no values left.
        conn.execute("DELETE FROM soumissions WHERE eleve_id = ?1", [id])
            .unwrap();
        let row = outbox::get(&conn, second).unwrap().unwrap();
        answers.push((row.a_rendre.clone(), facts[1].1.as_ref().map(|f| f.faits.clone())));
    }
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:#?}");
    assert_eq!(
        answers[0].0,
        Some(outbox::Faits {
            faits: r#"{"mef":"10110001110","langue":"fr"}"#.into(),
            valeurs: None
        })
    );
}

#[test]
fn the_family_s_language_is_remembered_on_both_engines() {
    let mut answers = Vec::new();
    for (db, _keep) in databases() {
        let conn = dossiersco_store::open(&db).unwrap();
        let (lou, sam) = (pupil(&conn, 1), pupil(&conn, 2));
        // Never chosen: nothing (the staff's emails are then French).
        assert_eq!(families::langue(&conn, lou).unwrap(), None);
        families::set_langue(&conn, lou, "ar").unwrap();
        families::set_langue(&conn, lou, "ar").unwrap();
        assert_eq!(families::langue(&conn, lou).unwrap().as_deref(), Some("ar"));
        // The last language used wins; another pupil is untouched.
        families::set_langue(&conn, lou, "en").unwrap();
        let staff_view = dossiersco_store::suivi::get(&conn, "0330001A", lou).unwrap().unwrap();
        let other = dossiersco_store::suivi::get(&conn, "0330001A", sam).unwrap().unwrap();
        answers.push((
            staff_view.langue,
            other.langue,
            families::langue(&conn, 999_999).unwrap(),
        ));
    }
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:#?}");
    assert_eq!(answers[0], (Some("en".to_string()), None, None));
}

#[test]
fn the_engine_is_chosen_by_the_db_setting() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        dossiersco_store::open(&dir.path().join("db.sqlite")).unwrap().engine(),
        Engine::Sqlite
    );
    assert!(dossiersco_store::is_postgres(std::path::Path::new(
        "postgres://u@127.0.0.1/base"
    )));
    assert!(dossiersco_store::is_postgres(std::path::Path::new(
        "postgresql://u@127.0.0.1/base"
    )));
    assert!(!dossiersco_store::is_postgres(std::path::Path::new(
        "/srv/postgres/db.sqlite"
    )));
    assert_eq!(
        postgres::redact("postgres://u:secret@db.example:5432/base?sslmode=require&password=x"),
        "postgres://u:***@db.example:5432/base"
    );
    if let Some(server) = pg_server() {
        let url = fresh_pg_database(&server);
        assert_eq!(
            dossiersco_store::open(std::path::Path::new(&url)).unwrap().engine(),
            Engine::Postgres
        );
    }
}

#[test]
fn postgres_migrations_run_once_when_workers_start_together() {
    let Some(server) = pg_server() else { return };
    let url = fresh_pg_database(&server);
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || PgDatabase::open(&url, 2).map(|_| ()).map_err(|e| format!("{e:#}")))
        })
        .collect();
    for t in threads {
        t.join().unwrap().unwrap();
    }
    // Opened again: nothing to apply, the version is the sequence's length.
    let db = PgDatabase::open(&url, 1).unwrap();
    let version = postgres::schema_version(&db.conn().unwrap()).unwrap();
    assert_eq!(version as usize, postgres::MIGRATIONS.len());
    let conn = Conn::Postgres(db.conn().unwrap());
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'eleves'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 1);
}

#[test]
fn two_senders_claiming_the_outbox_at_once_never_get_the_same_email() {
    let Some(server) = pg_server() else { return };
    let url = fresh_pg_database(&server);
    {
        let conn = dossiersco_store::open(std::path::Path::new(&url)).unwrap();
        let id = pupil(&conn, 1);
        for _ in 0..300 {
            outbox::enqueue(&conn, &email(id)).unwrap();
        }
    }
    // Two separate pools: two workers.
    let claimers: Vec<_> = (0..2)
        .map(|_| {
            let db = PgDatabase::open(&url, 1).unwrap();
            std::thread::spawn(move || {
                let conn = Conn::Postgres(db.conn().unwrap());
                let mut mine = Vec::new();
                loop {
                    let batch = outbox::claim(&conn, OffsetDateTime::now_utc(), outbox::CLAIM_LEASE, 7).unwrap();
                    if batch.is_empty() {
                        break;
                    }
                    mine.extend(batch.iter().map(|r| r.id));
                }
                mine
            })
        })
        .collect();
    let claimed: Vec<Vec<i64>> = claimers.into_iter().map(|t| t.join().unwrap()).collect();
    let all: Vec<i64> = claimed.iter().flatten().copied().collect();
    let distinct: HashSet<i64> = all.iter().copied().collect();
    assert_eq!(all.len(), distinct.len(), "an email was claimed twice");
    assert_eq!(distinct.len(), 300, "every email claimed once");
    // Claimed emails are not due again until the lease ends.
    let conn = dossiersco_store::open(std::path::Path::new(&url)).unwrap();
    assert!(outbox::claim(&conn, OffsetDateTime::now_utc(), outbox::CLAIM_LEASE, 50)
        .unwrap()
        .is_empty());
    let later = OffsetDateTime::now_utc() + outbox::CLAIM_LEASE + Duration::minutes(1);
    assert_eq!(
        outbox::claim(&conn, later, outbox::CLAIM_LEASE, 500).unwrap().len(),
        300
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_acknowledged_write_is_committed_and_a_failing_one_leaves_nothing() {
    for (db, _keep) in databases() {
        let writer = Writer::start(dossiersco_store::open(&db).unwrap()).unwrap();
        let id = writer.run(move |conn| Ok(pupil(conn, 7))).await.unwrap();
        let refused: anyhow::Result<()> = writer
            .run(move |conn| {
                pupil(conn, 8);
                anyhow::bail!("refusé")
            })
            .await;
        assert!(refused.is_err());
        // Another connection (on PostgreSQL another pool: another worker) sees the first
        // pupil as soon as the write was answered, and nothing of the refused one.
        let other: Conn = match dossiersco_store::is_postgres(&db) {
            true => Conn::Postgres(PgDatabase::open(db.to_str().unwrap(), 1).unwrap().conn().unwrap()),
            false => dossiersco_store::open(&db).unwrap(),
        };
        let names: Vec<String> = other
            .query_map("SELECT prenom FROM eleves ORDER BY id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(names, ["Lou7"], "{:?}", other.engine());
        let found: i64 = other
            .query_row("SELECT id FROM eleves WHERE prenom = ?1", ["Lou7"], |r| r.get(0))
            .unwrap();
        assert_eq!(found, id);
    }
}

#[test]
fn purge_keeps_counts_and_leaves_no_pupil_on_both_engines() {
    use dossiersco_store::retention;
    for (db, _keep) in databases() {
        let mut conn = dossiersco_store::open(&db).unwrap();
        let id = pupil(&conn, 1);
        pupil(&conn, 2);
        outbox::enqueue(&conn, &email(id)).unwrap();
        assert_eq!(
            retention::unpurged_tables(&conn).unwrap(),
            Vec::<String>::new(),
            "{:?}",
            conn.engine()
        );
        let report = retention::purge(&mut conn, &[("0330001A".into(), "2027-06-30".into())], true).unwrap();
        assert_eq!(report.len(), 1);
        let left: i64 = conn.query_row("SELECT count(*) FROM eleves", [], |r| r.get(0)).unwrap();
        assert_eq!(left, 0, "{:?}", conn.engine());
        let archived: i64 = conn
            .query_row(
                "SELECT eleves FROM statistiques_archivees WHERE uai = ?1",
                ["0330001A"],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(archived, 2, "{:?}", conn.engine());
        let outbox_left: i64 = conn.query_row("SELECT count(*) FROM outbox", [], |r| r.get(0)).unwrap();
        assert_eq!(outbox_left, 0);
        if conn.engine() == Engine::Postgres {
            retention::compact(&conn, &db).unwrap();
        }
    }
}

#[test]
fn the_statistics_snapshot_reads_either_engine_and_holds_counts_only() {
    for (db, _keep) in databases() {
        let conn = dossiersco_store::open(&db).unwrap();
        pupil(&conn, 1);
        pupil(&conn, 2);
        drop(conn);
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("stats.sqlite");
        dossiersco_store::snapshot::snapshot_statistiques(&db, &out).unwrap();
        let (aggregats, source) = dossiersco_store::stats::aggregates_of(&out, None).unwrap();
        assert_eq!(source, dossiersco_store::stats::Source::Statistiques);
        let school = aggregats.etablissements.get("0330001A").expect("the school's counts");
        assert_eq!(school.participation.attendus, 2, "{}", db.display());
        let bytes = std::fs::read(&out).unwrap();
        assert!(
            !bytes.windows(6).any(|w| w == b"Martin"),
            "no name in the statistics file"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_answer_from_async_tasks_on_both_engines() {
    use dossiersco_store::readers::Readers;
    for (db, _keep) in databases() {
        let writer = std::sync::Arc::new(Writer::start(dossiersco_store::open(&db).unwrap()).unwrap());
        let readers = std::sync::Arc::new(Readers::open(&db, 2).unwrap());
        let mut tasks = Vec::new();
        for n in 0..20 {
            let (writer, readers) = (writer.clone(), readers.clone());
            tasks.push(tokio::spawn(async move {
                let id = writer.run(move |conn| Ok(pupil(conn, 100 + n))).await?;
                // Read on the async task itself, as the HTTP handlers do.
                readers.run(|conn| {
                    Ok(conn.query_row("SELECT prenom FROM eleves WHERE id = ?1", [id], |r| {
                        r.get::<_, String>(0)
                    })?)
                })
            }));
        }
        let mut names = Vec::new();
        for t in tasks {
            names.push(t.await.unwrap().unwrap());
        }
        names.sort();
        assert_eq!(names.len(), 20);
        assert!(names.iter().all(|n| n.starts_with("Lou1")), "{names:?}");
    }
}
