//! `snapshot` under write load: the copy opens and holds every submission committed before
//! the snapshot started.

use dossiersco_worker::store;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::Arc;

fn pupil(conn: &rusqlite::Connection) -> i64 {
    conn.execute(
        "INSERT INTO eleves (uai, eleve_id_siecle, nom, prenom, date_naissance, prefill, code_hash, importe_le, modifie_le)
         VALUES ('0339903K', 'E1', 'Martin', 'Lou', '2014-05-02', '{}', 'h', '2027-04-01T00:00:00Z', '2027-04-01T00:00:00Z')",
        [],
    )
    .unwrap();
    conn.last_insert_rowid()
}

#[test]
fn a_snapshot_under_write_load_holds_every_submission_committed_before_it() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db.sqlite");
    let eleve = pupil(&store::open_sqlite(&db).unwrap());
    let committed = Arc::new(AtomicI64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (db, committed, stop) = (db.clone(), committed.clone(), stop.clone());
        std::thread::spawn(move || {
            let conn = store::open(&db).unwrap();
            while !stop.load(Ordering::SeqCst) {
                let tx = conn.transaction().unwrap();
                let id: i64 = tx
                    .query_row(
                        "INSERT INTO soumissions (eleve_id, valeurs, transmis_le) VALUES (?1, '{\"eleve.nom\":\"Martin\"}', '2027-04-10T10:00:00Z') RETURNING id",
                        [eleve],
                        |r| r.get(0),
                    )
                    .unwrap();
                tx.commit().unwrap();
                committed.store(id, Ordering::SeqCst);
            }
            committed.load(Ordering::SeqCst)
        })
    };
    while committed.load(Ordering::SeqCst) < 100 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let before = committed.load(Ordering::SeqCst);
    let out = tmp.path().join("copies/instantane.sqlite");
    let info = store::snapshot::snapshot(&db, &out).unwrap();
    let after = committed.load(Ordering::SeqCst);
    // Writes go on after the copy: they must not be in it.
    while committed.load(Ordering::SeqCst) < after + 20 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    stop.store(true, Ordering::SeqCst);
    let total = writer.join().unwrap();

    let copy = rusqlite::Connection::open_with_flags(&out, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let check: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    let (count, max): (i64, i64) = copy
        .query_row("SELECT count(*), coalesce(max(id), 0) FROM soumissions", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert!(
        count >= before,
        "{count} soumissions copiées, {before} validées avant la copie"
    );
    assert_eq!(count, max, "aucun trou : une copie d'un seul instant");
    assert!(count <= after && count < total, "rien d'après la fin de la copie");
    let mode: String = copy.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "delete", "un fichier autonome, sans -wal");
    assert_eq!(info.bytes, std::fs::metadata(&out).unwrap().len());
    let leftovers: Vec<_> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers,
        [std::ffi::OsString::from("instantane.sqlite")],
        "pas de fichier temporaire"
    );
}

#[test]
fn a_snapshot_of_a_missing_database_says_so_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("copie.sqlite");
    let err = store::snapshot::snapshot(&tmp.path().join("absente.sqlite"), &out).unwrap_err();
    assert!(err.to_string().contains("n'existe pas"), "{err}");
    assert!(!out.exists());
}
