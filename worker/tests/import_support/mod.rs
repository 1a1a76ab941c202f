//! Shared by the import tests: a content folder, real SQLite files, reading back rows.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use dossiersco_worker::import::{self, CodesOutput, ImportError, ImportReport};
use dossiersco_worker::store::Conn as Connection;
use indicatif::ProgressBar;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../siecle/tests/data")
        .join(name)
}

/// The repository's content/ (the 3 demo schools).
pub fn repo_content() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../content")
}

/// The repository's demo/siecle/.
pub fn demo_siecle() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo/siecle")
}

/// A content folder with one test school per UAI: 6e → 5e → 4e → 3e (leaves), plus a
/// 1re → terminale passage when `with_lycee` (the fixtures hold a lycée pupil).
pub fn write_content(dir: &Path, uais: &[&str], with_lycee: bool) -> PathBuf {
    let content = dir.join("content");
    for uai in uais {
        let school = content.join("etablissements").join(uai);
        std::fs::create_dir_all(&school).unwrap();
        let (niveau_lycee, passage_lycee) = if with_lycee {
            (
                "  - {mef: \"20311011110\", libelle: Terminale}\n",
                "  - {depuis: \"20211011110\", libelle: 1re, vers: \"20311011110\"}\n",
            )
        } else {
            ("", "")
        };
        let yaml = format!(
            "uai: {uai}\nnom: Collège d'essai\nadresse: {{ligne: 1 rue de l'Essai, code_postal: \"75017\", ville: Paris}}\n\
             courriel: essai@example.fr\ncampagne: {{ouverture: 2027-04-01, cloture: 2027-05-31}}\n\
             niveaux:\n  - {{mef: \"10110001110\", libelle: 5e}}\n  - {{mef: \"10210001110\", libelle: 4e}}\n\
             \x20 - {{mef: \"10310019110\", libelle: 3e}}\n{niveau_lycee}\
             options:\n  - {{code: LATIN, libelle: Latin, modalite: facultative, niveaux: [\"10110001110\", \"10210001110\"]}}\n\
             demi_pension: {{proposee: true, tarif: 4 €}}\nregimes_sortie: [{{code: libre, libelle: Libre}}]\n\
             passages:\n  - {{depuis: \"10010012110\", libelle: 6e, vers: \"10110001110\"}}\n\
             \x20 - {{depuis: \"10110001110\", libelle: 5e, vers: \"10210001110\"}}\n\
             \x20 - {{depuis: \"10210001110\", libelle: 4e, vers: \"10310019110\"}}\n\
             \x20 - {{depuis: \"10310019110\", libelle: 3e}}\n{passage_lycee}"
        );
        std::fs::write(school.join("etablissement.yml"), yaml).unwrap();
        // A complete school, as `dossiersco check` wants it.
        std::fs::write(
            school.join("accueil.md"),
            "---\ntitre: Bienvenue\n---\nRéinscription en ligne.\n",
        )
        .unwrap();
    }
    content
}

pub fn open_db(dir: &Path) -> (PathBuf, Connection) {
    let path = dir.join("db.sqlite");
    let conn = dossiersco_worker::store::open(&path).unwrap();
    (path, conn)
}

pub fn run(
    conn: &mut Connection,
    content: &Path,
    uai: &str,
    files: &[PathBuf],
    output: CodesOutput,
) -> Result<ImportReport, ImportError> {
    import::import(conn, content, uai, files, output, &ProgressBar::hidden())
}

pub fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// (nom, etat, code_hash, prefill) of a pupil by ELEVE_ID.
pub fn eleve(conn: &Connection, eleve_id: &str) -> (String, String, String, serde_json::Value) {
    conn.query_row(
        "SELECT nom, etat, code_hash, prefill FROM eleves WHERE eleve_id_siecle = ?1",
        [eleve_id],
        |r| {
            let prefill: String = r.get(3)?;
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, serde_json::from_str(&prefill).unwrap()))
        },
    )
    .unwrap()
}

pub fn options_actuelles(conn: &Connection, eleve_id: &str) -> Vec<String> {
    let json: String = conn
        .query_row(
            "SELECT options_actuelles FROM eleves WHERE eleve_id_siecle = ?1",
            [eleve_id],
            |r| r.get(0),
        )
        .unwrap();
    serde_json::from_str(&json).unwrap()
}

/// Lines of a codes file, after checking its BOM and header.
pub fn codes_lines(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("UTF-8 BOM");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("uai;division;nom;prenom;date_naissance;code"));
    lines.map(|l| l.split(';').map(str::to_string).collect()).collect()
}

/// A copy of a SIECLE file with text replaced (files are ISO-8859-15: work on Latin-1
/// bytes, which is exact for ASCII patterns).
pub fn edited_copy(src: &Path, dst: &Path, edit: impl Fn(String) -> String) -> PathBuf {
    let bytes = std::fs::read(src).unwrap();
    let text: String = bytes.iter().map(|&b| b as char).collect();
    let out: Vec<u8> = edit(text).chars().map(|c| c as u32 as u8).collect();
    std::fs::write(dst, out).unwrap();
    dst.to_path_buf()
}

/// Removes the `<ELEVE ELEVE_ID="id">…</ELEVE>` element.
pub fn without_pupil(text: String, eleve_id: &str) -> String {
    let start = text.find(&format!("<ELEVE ELEVE_ID=\"{eleve_id}\"")).unwrap();
    let end = start + text[start..].find("</ELEVE>").unwrap() + "</ELEVE>".len();
    format!("{}{}", &text[..start], &text[end..])
}
