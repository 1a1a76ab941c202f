//! The SIECLE import on the shared samples and on broken files, into a real SQLite file.

mod import_support;

use dossiersco_worker::auth::{codes, SecretHasher};
use dossiersco_worker::import::{CodesOutput, ImportError};
use import_support::*;

const UAI_SIMPLE: &str = "0752387M";
const UAI_DOUBLE: &str = "0660864F";
const UAI_RESP: &str = "0140070A";

#[test]
fn import_corrected_sample_two_pupils_one_code_sortant_without_code() {
    let dir = tempfile::tempdir().unwrap();
    let content = write_content(dir.path(), &[UAI_SIMPLE], true);
    let (db, mut conn) = open_db(dir.path());
    let codes_path = dir.path().join("codes.csv");
    let files = [fixture("eleves_avec_adresse_simple_corrige.xml")];
    let report = run(
        &mut conn,
        &content,
        UAI_SIMPLE,
        &files,
        CodesOutput::File(codes_path.clone()),
    )
    .unwrap();

    assert_eq!(
        (report.importes, report.sortants, report.nouveaux_codes),
        (2, 1, 1),
        "{report}"
    );
    assert!(report.refuses.is_empty(), "{report}");
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM eleves"), 2);
    let (nom, etat, hash, prefill) = eleve(&conn, "1826500");
    assert_eq!((nom.as_str(), etat.as_str()), ("ISSOLIHA", "sortant"));
    assert!(hash.starts_with("sans-code:"), "a sortant has no code");
    assert_eq!(prefill["eleve.date_naissance"], "2004-12-22");
    assert_eq!(prefill["eleve.pays_naissance"], "France");
    assert_eq!(prefill["eleve.nationalite"], "Malienne");
    assert_eq!(prefill["eleve.sexe"], "M");
    let (_, etat, hash, _) = eleve(&conn, "1559191");
    assert_eq!(etat, "non_connecte");
    assert_eq!(options_actuelles(&conn, "1559191"), ["030201", "030602", "061300"]);

    // One line per new code; the code verifies against the stored hash.
    let lines = codes_lines(&codes_path);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0][..5], ["0752387M", "TS3", "ALALA", "Lacos", "09/12/2002"]);
    let code = &lines[0][5];
    let hasher = SecretHasher::load_or_create(&conn).unwrap();
    assert_eq!(hasher.hash_code(&codes::normalize(code).unwrap()), hash);

    // The code in clear is nowhere in the database files.
    drop(conn);
    let normalized = codes::normalize(code).unwrap();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.to_string_lossy().starts_with(&*db.to_string_lossy()) {
            let bytes = std::fs::read(&path).unwrap();
            for needle in [code.as_bytes(), normalized.as_bytes()] {
                assert!(
                    !bytes.windows(needle.len()).any(|w| w == needle),
                    "code in clear in {path:?}"
                );
            }
        }
    }
}

#[test]
fn import_double_structure_keeps_the_class_and_maps_latin() {
    let dir = tempfile::tempdir().unwrap();
    let content = write_content(dir.path(), &[UAI_DOUBLE], false);
    let (_, mut conn) = open_db(dir.path());
    let files = [fixture("eleves_avec_adresse_avec_double_structure.xml")];
    let report = run(&mut conn, &content, UAI_DOUBLE, &files, CodesOutput::Memory).unwrap();
    assert_eq!((report.importes, report.sortants, report.codes.len()), (1, 1, 0));
    let division: String = conn.query_row("SELECT division FROM eleves", [], |r| r.get(0)).unwrap();
    assert_eq!(division, "301");
    // 020300 is LCA latin: the content calls it LATIN.
    assert_eq!(options_actuelles(&conn, "1541944"), ["030201", "030602", "LATIN"]);
}

#[test]
fn import_unknown_level_refuses_that_pupil_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let content = write_content(dir.path(), &[UAI_SIMPLE], false);
    let (_, mut conn) = open_db(dir.path());
    let files = [fixture("eleves_avec_adresse_simple_corrige.xml")];
    let report = run(&mut conn, &content, UAI_SIMPLE, &files, CodesOutput::Memory).unwrap();
    assert_eq!(report.importes, 1);
    assert_eq!(report.refuses.len(), 1);
    assert!(report.refuses[0].eleve.contains("ALALA"));
    assert!(
        report.refuses[0].motif.contains("20211011110"),
        "{}",
        report.refuses[0].motif
    );
    assert!(report.to_string().contains("refusés"));
}

#[test]
fn import_broken_sample_refused_with_file_and_line_db_empty() {
    let dir = tempfile::tempdir().unwrap();
    let content = write_content(dir.path(), &[UAI_SIMPLE], true);
    let (_, mut conn) = open_db(dir.path());
    let files = [fixture("eleves_avec_adresse_simple.xml")];
    let err = run(&mut conn, &content, UAI_SIMPLE, &files, CodesOutput::Memory).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, ImportError::Fichiers(_)), "{msg}");
    assert!(msg.contains("eleves_avec_adresse_simple.xml, ligne "), "{msg}");
    assert!(msg.contains("rien n'a été importé"), "{msg}");
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM eleves"), 0);
}

#[test]
fn import_wrong_uaj_refused_nothing_imported() {
    let dir = tempfile::tempdir().unwrap();
    let content = write_content(dir.path(), &[UAI_RESP], true);
    let (_, mut conn) = open_db(dir.path());
    let files = [
        fixture("nomenclature_simple.xml"),
        fixture("eleves_avec_adresse_simple_corrige.xml"),
    ];
    let msg = run(&mut conn, &content, UAI_RESP, &files, CodesOutput::Memory)
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("eleves_avec_adresse_simple_corrige.xml") && msg.contains("0752387M"),
        "{msg}"
    );
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM eleves"), 0);
}

#[test]
fn import_truncated_file_among_valid_ones_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut conn) = open_db(dir.path());
    let school = demo_siecle().join("0699901M");
    let resp = std::fs::read(school.join("responsables.xml")).unwrap();
    let truncated = dir.path().join("responsables.xml");
    std::fs::write(&truncated, &resp[..resp.len() / 2]).unwrap();
    let files = [school.join("nomenclature.xml"), school.join("eleves.xml"), truncated];
    let msg = run(&mut conn, &repo_content(), "0699901M", &files, CodesOutput::Memory)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("responsables.xml") && msg.contains("tronqué"), "{msg}");
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM eleves"), 0);
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM responsables"), 0);
}

#[test]
fn import_refuses_two_files_of_a_kind_missing_pupils_and_non_bee_files() {
    let dir = tempfile::tempdir().unwrap();
    let content = write_content(dir.path(), &[UAI_RESP], true);
    let (_, mut conn) = open_db(dir.path());
    let twice = [
        fixture("nomenclature_simple.xml"),
        fixture("nomenclature_tout_niveau.xml"),
    ];
    let msg = run(&mut conn, &content, UAI_RESP, &twice, CodesOutput::Memory)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("un seul fichier de chaque sorte"), "{msg}");
    let no_pupils = [fixture("responsables_avec_adresses_simple.xml")];
    let msg = run(&mut conn, &content, UAI_RESP, &no_pupils, CodesOutput::Memory)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("aucun export élèves"), "{msg}");
    let robot = [fixture("exemple_pour_robot_siecle.xml")];
    let msg = run(&mut conn, &content, UAI_RESP, &robot, CodesOutput::Memory)
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("exemple_pour_robot_siecle.xml") && msg.contains("pas un export SIECLE"),
        "{msg}"
    );
    let msg = run(&mut conn, &content, "0699901M", &no_pupils, CodesOutput::Memory)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("n'existe pas dans le contenu"), "{msg}");
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM eleves"), 0);
}

/// The Responsables and Nomenclature samples name pupils 610308 and 610305 of school
/// 0140070A: a small pupils' file (UTF-8) for them.
fn eleves_0140070a(dir: &std::path::Path) -> std::path::PathBuf {
    let eleve = |id: &str, nom: &str, prenom: &str, option: &str| {
        format!(
            "<ELEVE ELEVE_ID=\"{id}\"><NOM_DE_FAMILLE>{nom}</NOM_DE_FAMILLE><PRENOM>{prenom}</PRENOM>\
             <DATE_NAISS>03/04/2015</DATE_NAISS><CODE_SEXE>2</CODE_SEXE><CODE_MEF>10010012110</CODE_MEF>\
             <CODE_REGIME>24</CODE_REGIME></ELEVE>{option}"
        )
    };
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<BEE_ELEVES VERSION=\"3.0\"><PARAMETRES><UAJ>0140070A</UAJ>\
         <ANNEE_SCOLAIRE>2018</ANNEE_SCOLAIRE></PARAMETRES><DONNEES><ELEVES>{}{}</ELEVES><OPTIONS>\
         <OPTION ELEVE_ID=\"610308\"><OPTIONS_ELEVE><NUM_OPTION>1</NUM_OPTION><CODE_MODALITE_ELECT>F\
         </CODE_MODALITE_ELECT><CODE_MATIERE>020300</CODE_MATIERE></OPTIONS_ELEVE></OPTION></OPTIONS>\
         </DONNEES></BEE_ELEVES>\n",
        eleve("610308", "ROCK", "Élodie", ""),
        eleve("610305", "LOVELACE", "Zoé", "")
    );
    let path = dir.join("eleves_0140070A.xml");
    std::fs::write(&path, xml).unwrap();
    path
}

#[test]
fn import_responsables_and_every_nomenclature_sample() {
    for nomenclature in [
        "nomenclature_simple.xml",
        "nomenclature_tout_niveau.xml",
        "nomenclature_code_modalite_elec_double.xml",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let content = write_content(dir.path(), &[UAI_RESP], true);
        let (_, mut conn) = open_db(dir.path());
        let files = [
            fixture("responsables_avec_adresses_simple.xml"),
            eleves_0140070a(dir.path()),
            fixture(nomenclature),
        ];
        let report = run(&mut conn, &content, UAI_RESP, &files, CodesOutput::Memory).unwrap();
        assert_eq!(
            (report.importes, report.codes.len()),
            (2, 2),
            "{nomenclature}: {report}"
        );
        assert_eq!(count(&conn, "SELECT COUNT(*) FROM responsables"), 3);
        assert_eq!(count(&conn, "SELECT COUNT(*) FROM eleve_responsables"), 3);
        let (_, _, _, p) = eleve(&conn, "610308");
        // Two mothers; the one who pays comes first.
        assert_eq!(p["resp1.nom"], "ROCK");
        assert_eq!(p["resp1.paie_frais"], "oui");
        assert_eq!(p["resp1.lien"], "10");
        assert_eq!(p["resp1.civilite"], "Mme");
        assert_eq!(p["resp1.tel_portable"], "07 64 44 42 88");
        assert_eq!(p["resp1.adresse"], "18 RUE DES HOMMETS");
        assert_eq!(p["resp1.adresse2"], "MEZIDON CANON");
        assert_eq!(p["resp1.code_postal"], "14270");
        assert_eq!(p["resp1.pays"], "France");
        assert_eq!(p["resp2.nom"], "TRUC");
        assert_eq!(p["eleve.prenom"], "Élodie");
        assert_eq!(p["option.LATIN"], "oui", "latin held this year and offered in 5e");
        assert_eq!(p["demi_pension"], "demi_pensionnaire");
        assert_eq!(options_actuelles(&conn, "610308"), ["LATIN"]);
        let (_, _, _, p) = eleve(&conn, "610305");
        assert_eq!(p["resp1.nom"], "LOVELACE");
        assert!(p.get("resp2.nom").is_none());
    }
}
