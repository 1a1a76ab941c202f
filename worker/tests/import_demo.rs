//! The demo exports, re-imports, siblings — into a real SQLite file.

mod import_support;

use dossiersco_worker::auth::{codes, SecretHasher};
use dossiersco_worker::import::{demo_files, import_demo, CodesOutput, ImportError};
use import_support::*;
use std::collections::HashMap;

fn id_of(conn: &dossiersco_worker::store::Conn, eleve_id: &str) -> i64 {
    conn.query_row("SELECT id FROM eleves WHERE eleve_id_siecle = ?1", [eleve_id], |r| {
        r.get(0)
    })
    .unwrap()
}

/// First names of the pupils (sortants aside) sharing a guardian of rank 1 or 2 with one.
fn sibling_names(conn: &dossiersco_worker::store::Conn, eleve_id: &str) -> Vec<String> {
    let mut stmt = conn
        .prepare(
            "SELECT DISTINCT e2.prenom FROM eleve_responsables r1
             JOIN eleve_responsables r2 ON r2.responsable_id = r1.responsable_id AND r2.eleve_id != r1.eleve_id
             JOIN eleves e2 ON e2.id = r2.eleve_id
             WHERE r1.eleve_id = ?1 AND r1.rang <= 2 AND r2.rang <= 2 AND e2.etat != 'sortant' ORDER BY e2.prenom",
        )
        .unwrap();
    let rows = stmt.query_map([id_of(conn, eleve_id)], |r| r.get(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

#[test]
fn import_demo_exports_counts_codes_siblings_and_prefill() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut conn) = open_db(dir.path());
    let (logins, reports) = import_demo(&mut conn, &repo_content(), &demo_siecle()).unwrap();

    assert_eq!(count(&conn, "SELECT COUNT(*) FROM eleves"), 34);
    let importes: Vec<usize> = reports.iter().map(|r| r.importes).collect();
    assert_eq!(importes, [14, 10, 10]);
    assert!(reports.iter().all(|r| r.refuses.is_empty() && r.liens_ignores == 0));
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM eleves WHERE etat = 'sortant'"), 7);
    assert_eq!(
        count(
            &conn,
            "SELECT COUNT(*) FROM eleves WHERE etat = 'sortant' AND code_hash LIKE 'sans-code:%'"
        ),
        7
    );
    // Every pupil with a form has a login; sortants have none.
    assert_eq!(logins.len(), 27);
    assert!(logins
        .iter()
        .all(|l| l.division.as_deref().is_some_and(|d| !d.starts_with('3'))));
    let featured: Vec<(&str, &str)> = logins[..3]
        .iter()
        .map(|l| (l.uai.as_str(), l.prenom.as_str()))
        .collect();
    assert_eq!(
        featured,
        [("0699901M", "Léa"), ("0339903K", "Adam"), ("0389902G", "Jeanne")]
    );
    assert!(logins[..3].iter().all(|l| l.note.is_some()) && logins[3].note.is_none());

    // A login works: the code hashes to the stored hash, the birth date is the stored one.
    let hasher = SecretHasher::load_or_create(&conn).unwrap();
    for login in &logins {
        let (hash, date): (String, String) = conn
            .query_row(
                "SELECT code_hash, date_naissance FROM eleves WHERE eleve_id_siecle = ?1",
                [&login.eleve_id_siecle],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(hasher.hash_code(&codes::normalize(&login.code).unwrap()), hash);
        assert_eq!(date, login.date_naissance.to_string());
    }

    // Brothers and sisters share a guardian (the links the import writes).
    assert_eq!(sibling_names(&conn, "700101"), ["Hugo"]);
    assert_eq!(sibling_names(&conn, "700109"), ["Léa"]);
    assert_eq!(sibling_names(&conn, "700301"), ["Mila"]);
    assert_eq!(sibling_names(&conn, "700209"), ["Lou"]);
    assert!(sibling_names(&conn, "700102").is_empty());
    // The Diallo father lives in Geneva and is linked to both children: one row.
    assert_eq!(
        count(
            &conn,
            "SELECT COUNT(*) FROM responsables WHERE personne_id_siecle = '800302'"
        ),
        1
    );

    let (_, _, _, adam) = eleve(&conn, "700301");
    assert_eq!(adam["resp1.prenom"], "Aïssatou", "the one who pays first");
    assert_eq!(adam["resp2.pays"], "Suisse");
    assert_eq!(adam["resp2.commune"], "GENÈVE");
    assert_eq!(adam["resp2.code_postal"], "1204");
    assert_eq!(adam["resp2.tel_portable"], "+41791234567");
    let (_, _, _, gaetan) = eleve(&conn, "700111");
    assert_eq!(
        gaetan["resp1.adresse"], "40 rue du Sacré-Cœur",
        "œ exists only in ISO-8859-15"
    );
    assert_eq!(gaetan["urgence.nom"], "Josiane LEFÈVRE");
    assert_eq!(gaetan["urgence.lien"], "Autre membre de la famille");
    // Latin held this year and offered next year: kept by default.
    assert_eq!(options_actuelles(&conn, "700109"), ["030201", "ESP", "LATIN"]);
    let (_, _, _, hugo) = eleve(&conn, "700109");
    assert_eq!(hugo["option.LATIN"], "oui");
    let (_, _, _, celia) = eleve(&conn, "700310");
    assert_eq!(celia["eleve.nationalite"], "Portugaise");
    assert_eq!(celia["eleve.pays_naissance"], "Portugal");
    assert_eq!(options_actuelles(&conn, "700310"), ["ANG_LV1", "ESP"]);

    // A second run changes nothing and creates no code.
    let (again, reports) = import_demo(&mut conn, &repo_content(), &demo_siecle()).unwrap();
    assert!(again.is_empty());
    assert_eq!(reports.iter().map(|r| r.inchanges).sum::<usize>(), 34);
}

fn hashes(conn: &dossiersco_worker::store::Conn) -> HashMap<String, String> {
    let mut stmt = conn.prepare("SELECT eleve_id_siecle, code_hash FROM eleves").unwrap();
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    rows.map(Result::unwrap).collect()
}

#[test]
fn import_reimport_updates_until_the_family_logs_in_and_never_changes_codes() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut conn) = open_db(dir.path());
    let content = repo_content();
    let [nomenclature, eleves, responsables] = demo_files(&demo_siecle(), "0699901M").try_into().unwrap();
    // First import without Louise BONNET (700104).
    let first = edited_copy(&eleves, &dir.path().join("eleves1.xml"), |t| without_pupil(t, "700104"));
    let files = [nomenclature.clone(), first, responsables.clone()];
    let report = run(&mut conn, &content, "0699901M", &files, CodesOutput::Memory).unwrap();
    assert_eq!(report.importes, 13);
    let before = hashes(&conn);

    // Léa's family logs in and saves a draft.
    let lea = id_of(&conn, "700101");
    conn.execute(
        "UPDATE eleves SET etat = 'brouillon', premiere_connexion = '2027-04-07T08:00:00Z' WHERE id = ?1",
        [lea],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO brouillons (eleve_id, valeurs, enregistre_le) VALUES (?1, '{\"eleve.nom\":\"MARTIN\"}', 'x')",
        [lea],
    )
    .unwrap();
    let lea_before = eleve(&conn, "700101");

    // The next export: both Martin children and Noé renamed, Louise back.
    let renamed = edited_copy(&eleves, &dir.path().join("eleves2.xml"), |t| {
        t.replace(">MARTIN<", ">MARTIN-DURAND<")
            .replace(">BERNARD<", ">BERNARD-LEROY<")
    });
    let files = [nomenclature, renamed, responsables];

    // It would create Louise's code: refused without a place to write it, nothing changed.
    let err = run(&mut conn, &content, "0699901M", &files, CodesOutput::Forbidden).unwrap_err();
    assert!(matches!(err, ImportError::CodesSansFichier(1)), "{err}");
    assert_eq!(eleve(&conn, "700102").0, "BERNARD");

    let codes_path = dir.path().join("codes.csv");
    let report = run(
        &mut conn,
        &content,
        "0699901M",
        &files,
        CodesOutput::File(codes_path.clone()),
    )
    .unwrap();
    assert_eq!(
        (report.importes, report.mis_a_jour, report.laisses, report.inchanges),
        (1, 2, 1, 10),
        "{report}"
    );
    assert_eq!(eleve(&conn, "700101"), lea_before, "Léa's family logged in: untouched");
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM brouillons"), 1);
    assert_eq!(eleve(&conn, "700109").0, "MARTIN-DURAND");
    assert_eq!(eleve(&conn, "700102").0, "BERNARD-LEROY");
    assert_eq!(eleve(&conn, "700102").3["eleve.nom"], "BERNARD-LEROY");
    let after = hashes(&conn);
    for (id, hash) in &before {
        assert_eq!(&after[id], hash, "the code of {id} never changes");
    }
    let lines = codes_lines(&codes_path);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0][..5], ["0699901M", "6B", "BONNET", "Louise", "09/01/2015"]);

    // The codes file is never overwritten.
    let err = run(&mut conn, &content, "0699901M", &files, CodesOutput::File(codes_path)).unwrap_err();
    assert!(matches!(err, ImportError::CodesExistent(_)), "{err}");
}
