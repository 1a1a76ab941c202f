//! `dossiersco import` reads SIECLE's ZIP exports as they come, with the staff area's code:
//! the same pupils as from the XML, and a crafted archive refused with nothing written.

mod import_support;

use dossiersco_worker::import::{CodesOutput, ImportError};
use import_support::*;
use std::io::Write;
use std::path::{Path, PathBuf};

fn zip_file(dir: &Path, name: &str, entries: &[(&str, Vec<u8>)]) -> PathBuf {
    let path = dir.join(name);
    let mut w = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (entry, bytes) in entries {
        w.start_file(*entry, options).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap();
    path
}

#[test]
fn a_zipped_export_imports_like_its_xml_and_a_crafted_one_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut conn) = open_db(dir.path());
    let demo = demo_siecle().join("0699901M");
    let eleves = std::fs::read(demo.join("eleves.xml")).unwrap();

    let crafted = zip_file(dir.path(), "eleves.zip", &[("../eleves.xml", eleves.clone())]);
    let files = [crafted, demo.join("responsables.xml")];
    match run(&mut conn, &repo_content(), "0699901M", &files, CodesOutput::Memory) {
        Err(ImportError::Fichiers(problems)) => {
            assert!(problems[0].contains("sort de son dossier"), "{problems:?}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(count(&conn, "SELECT count(*) FROM eleves"), 0);
    assert!(!dir.path().parent().unwrap().join("eleves.xml").exists());

    let zipped = zip_file(
        dir.path(),
        "ElevesAvecAdresses.zip",
        &[("ElevesAvecAdresses.xml", eleves)],
    );
    let files = [demo.join("nomenclature.xml"), zipped, demo.join("responsables.xml")];
    let report = run(&mut conn, &repo_content(), "0699901M", &files, CodesOutput::Memory).unwrap();
    assert_eq!(report.importes, 14);
    assert_eq!(report.fichiers[1].1, "ElevesAvecAdresses.xml");
    assert_eq!(count(&conn, "SELECT count(*) FROM eleves"), 14);
    // The command line is named in each pupil's history.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM historique WHERE qui = 'ligne de commande' AND action = 'importe'"
        ),
        14
    );
}
