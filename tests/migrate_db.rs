//! `dossiersco migrate-db --from FILE --to URL`, run as the real binary: a school imported by
//! the real importer, used by its families on SQLite, copied into PostgreSQL, then served
//! from it. Refuses a database that holds data; all or nothing. Run against the cluster of
//! `DOSSIERSCO_TEST_PG` (bash .ci/run starts one); without it they stop at once.

mod pg_support;

use pg_support::*;

fn sqlite_worker(db: &std::path::Path) -> Worker {
    Worker::start(&db.to_string_lossy(), &[])
}

#[test]
fn a_school_used_on_sqlite_is_served_from_postgresql_after_the_copy() {
    let Some(target) = Database::fresh() else { return };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("ecole.sqlite");
    let families = import_demo(&sqlite);
    // A family submits on SQLite: submissions, sessions, outbox rows, history to copy.
    let (lea, theo) = (&families[0], &families[1]);
    {
        let worker = sqlite_worker(&sqlite);
        let (_, cookie) = worker.login(&lea.code, &lea.date);
        let cookie = cookie.unwrap();
        let values = complete_file(&worker, &cookie, "famille.lea@example.fr");
        assert_eq!(submit(&worker, &cookie, &values).unwrap().status, 303);
    }

    let out = migrate_db(&sqlite, &target.url);
    let printed = text(&out);
    assert!(out.status.success(), "{printed}");
    let password = target
        .url
        .split("://")
        .nth(1)
        .unwrap()
        .split('@')
        .next()
        .unwrap()
        .split(':')
        .nth(1);
    if let Some(password) = password {
        assert!(
            !printed.contains(password),
            "le mot de passe de l'adresse n'est jamais affiché : {printed}"
        );
    }
    // Every table's count, printed for both sides, equal, and equal to what PostgreSQL holds.
    let source = rusqlite::Connection::open(&sqlite).unwrap();
    for table in [
        "eleves",
        "responsables",
        "eleve_responsables",
        "soumissions",
        "sessions",
        "outbox",
        "meta",
    ] {
        let n: i64 = source
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert!(n > 0, "{table} a des lignes à copier");
        let line = printed
            .lines()
            .find(|l| l.split_whitespace().next() == Some(table))
            .unwrap_or_else(|| panic!("{table} absent du compte rendu : {printed}"));
        assert_eq!(
            line.split_whitespace().collect::<Vec<_>>(),
            [table, &n.to_string(), &n.to_string()]
        );
        assert_eq!(target.count(&format!("SELECT COUNT(*) FROM {table}")), n, "{table}");
    }

    // A worker on the URL: the codes printed for SQLite open the same files (the key came
    // along), the pre-fill is there, Léa's file is still « transmis ».
    let folders: Vec<String> = ["--pieces-dir", "pieces", "--mail-dir", "courriels"]
        .iter()
        .enumerate()
        .map(|(i, a)| {
            if i % 2 == 1 {
                dir.path().join(a).to_string_lossy().into_owned()
            } else {
                a.to_string()
            }
        })
        .collect();
    let worker = Worker::start(&target.url, &folders);
    let (_, cookie) = worker.login(&theo.code, &theo.date);
    let cookie = cookie.expect("le code imprimé pour SQLite ouvre le dossier sur PostgreSQL");
    let resp = worker.get("/api/dossier", &cookie);
    assert_eq!(resp.status, 200, "{}", resp.text());
    assert_eq!(
        resp.json()["valeurs"]["eleve.prenom"],
        theo.prenom.as_str(),
        "le pré-remplissage"
    );
    let (_, lea_cookie) = worker.login(&lea.code, &lea.date);
    let resp = worker.get("/api/dossier", &lea_cookie.unwrap());
    assert_eq!(resp.json()["etat"], "transmis", "{}", resp.text());
    // New rows after the copied ones: the sequences were moved past the copied ids.
    let before = target.count("SELECT MAX(id) FROM soumissions");
    let values = complete_file(&worker, &cookie, "famille.theo@example.fr");
    let resp = submit(&worker, &cookie, &values).unwrap();
    assert_eq!(resp.status, 303, "une soumission après la copie : {}", resp.text());
    assert!(target.count("SELECT MAX(id) FROM soumissions") > before);
}

#[test]
fn a_database_that_already_holds_data_is_refused_and_left_as_it_was() {
    let Some(target) = Database::fresh() else { return };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("ecole.sqlite");
    import_demo(&sqlite);
    assert!(migrate_db(&sqlite, &target.url).status.success());
    let eleves = target.count("SELECT COUNT(*) FROM eleves");
    target.rows("UPDATE eleves SET nom = 'MODIFIÉ APRÈS LA COPIE' WHERE id = (SELECT MIN(id) FROM eleves)");

    let again = migrate_db(&sqlite, &target.url);
    assert!(!again.status.success(), "une seconde copie dans la même base");
    let message = text(&again);
    assert!(message.contains("n'est pas vide"), "{message}");
    assert!(message.contains("rien n'a été copié"), "{message}");
    assert_eq!(target.count("SELECT COUNT(*) FROM eleves"), eleves, "rien en double");
    assert_eq!(
        target.count("SELECT COUNT(*) FROM eleves WHERE nom = 'MODIFIÉ APRÈS LA COPIE'"),
        1,
        "rien d'écrasé"
    );
}

#[test]
fn a_copy_that_fails_halfway_leaves_no_row_in_postgresql() {
    let Some(target) = Database::fresh() else { return };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("ecole.sqlite");
    import_demo(&sqlite);
    // A row SQLite took with its foreign keys off (an old file, a hand edit): a session of a
    // pupil that does not exist. PostgreSQL refuses it when it reaches `sessions`, after
    // `eleves` and others were copied.
    let conn = rusqlite::Connection::open(&sqlite).unwrap();
    conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
    conn.execute(
        "INSERT INTO sessions (token_hash, eleve_id, cree_le, expire_le) VALUES ('x', 999999, 'a', 'b')",
        [],
    )
    .unwrap();
    drop(conn);
    let out = migrate_db(&sqlite, &target.url);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("sessions"),
        "the failing table is named: {}",
        text(&out)
    );
    for table in ["eleves", "responsables", "meta", "sessions"] {
        assert_eq!(
            target.count(&format!("SELECT COUNT(*) FROM {table}")),
            0,
            "{table} : une copie interrompue ne laisse rien"
        );
    }
    // Fixed, the copy goes through into the same database.
    let conn = rusqlite::Connection::open(&sqlite).unwrap();
    conn.execute("DELETE FROM sessions WHERE eleve_id = 999999", [])
        .unwrap();
    drop(conn);
    let out = migrate_db(&sqlite, &target.url);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn a_missing_file_or_a_wrong_address_is_said_in_french_and_creates_nothing() {
    let Some(target) = Database::fresh() else { return };
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("absente.sqlite");
    let out = migrate_db(&missing, &target.url);
    assert!(!out.status.success());
    assert!(text(&out).contains("n'existe pas"), "{}", text(&out));
    assert!(!missing.exists(), "the missing file is not created");

    let sqlite = dir.path().join("ecole.sqlite");
    import_demo(&sqlite);
    let out = migrate_db(&sqlite, &dir.path().join("pas-une-url").to_string_lossy());
    assert!(!out.status.success());
    assert!(
        text(&out).contains("n'est pas une adresse PostgreSQL"),
        "{}",
        text(&out)
    );
    assert_eq!(
        target.count("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'"),
        0
    );
}

#[test]
fn a_snapshot_of_postgresql_is_a_sqlite_file_that_serves_the_same_families() {
    let Some(source) = Database::fresh() else { return };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("ecole.sqlite");
    let families = import_demo(&sqlite);
    assert!(migrate_db(&sqlite, &source.url).status.success());
    // A change made in PostgreSQL only: the snapshot must hold it.
    source.rows("UPDATE eleves SET prefill = replace(prefill, 'Maëlys', 'Maëlys-Changée')");
    let snapshot = dir.path().join("copie.sqlite");
    let out = dossiersco()
        .args(["snapshot", "--db", &source.url, "--out"])
        .arg(&snapshot)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let printed = text(&out);
    assert!(
        printed.contains("copie complète") && printed.contains("***"),
        "{printed}"
    );
    let copy = rusqlite::Connection::open(&snapshot).unwrap();
    for table in ["eleves", "responsables", "eleve_responsables", "historique", "meta"] {
        let n: i64 = copy
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, source.count(&format!("SELECT COUNT(*) FROM {table}")), "{table}");
    }
    let journal: String = copy.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(journal, "delete", "one self-contained file, no WAL beside it");
    drop(copy);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partiel"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // The copy is a working database: the printed codes open the files (the key came along).
    let worker = Worker::start(&snapshot.to_string_lossy(), &[]);
    let maelys = families
        .iter()
        .find(|f| f.prenom == "Maëlys")
        .expect("Maëlys in the demo");
    let (_, cookie) = worker.login(&maelys.code, &maelys.date);
    let resp = worker.get("/api/dossier", &cookie.expect("the code opens the copy"));
    assert_eq!(
        resp.json()["valeurs"]["eleve.prenom"],
        "Maëlys-Changée",
        "{}",
        resp.text()
    );
}

#[test]
fn the_statistics_snapshot_reads_postgresql_and_builds_the_public_page_without_it() {
    let Some(source) = Database::fresh() else { return };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("ecole.sqlite");
    import_demo(&sqlite);
    assert!(migrate_db(&sqlite, &source.url).status.success());
    let stats = dir.path().join("stats.sqlite");
    let out = dossiersco()
        .args(["snapshot", "--statistiques", "--db", &source.url, "--out"])
        .arg(&stats)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    // Counts only: no name of the school's pupils in the file.
    let bytes = std::fs::read(&stats).unwrap();
    assert!(
        !bytes.windows("GIRARD".len()).any(|w| w == b"GIRARD"),
        "a name in the statistics file"
    );
    // The site is built from the file alone: the database is dropped first.
    drop(source);
    let public = dir.path().join("public");
    let out = dossiersco()
        .args(["build", "--out"])
        .arg(&public)
        .arg("--stats-db")
        .arg(&stats)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let page = std::fs::read_to_string(public.join("stats/index.html")).unwrap();
    assert!(
        page.contains("0699901M") || page.contains("Jean Moulin"),
        "the school's figures on /stats/"
    );
}
