//! The test world: demo content with moved campaign dates, and a few pupils.

use dossiersco_model::form::{names, resp};
use dossiersco_model::FormValues;
use dossiersco_worker::auth::{codes, SecretHasher};
use dossiersco_worker::store::import::{insert_eleve, EleveData};
use std::path::Path;
use time::Duration;

/// A pupil of the fixture: school, code, birth date, destination level.
pub struct Pupil {
    pub uai: &'static str,
    pub code: &'static str,
    pub date: &'static str,
    pub mef_actuel: &'static str,
    pub mef_destination: Option<&'static str>,
    pub prenom: &'static str,
    pub nom: &'static str,
    pub etat: &'static str,
    pub options: &'static str,
}

pub const JEAN_MOULIN: &str = "0699901M";
pub const AUTRE_COLLEGE: &str = "0339903K";
pub const CINQUIEME: &str = "10110001110";

/// Jean Moulin, 6e going to 5e.
pub const LOU: Pupil = Pupil {
    uai: JEAN_MOULIN,
    code: "7KQ2-MX9D-4TPW",
    date: "2015-03-14",
    mef_actuel: "10010012110",
    mef_destination: Some(CINQUIEME),
    prenom: "Lou",
    nom: "Martin",
    etat: "non_connecte",
    options: "[]",
};
/// Jean Moulin too (another family), 5e going to 4e.
pub const SAM: Pupil = Pupil {
    uai: JEAN_MOULIN,
    code: "ABCD-EFGH-JKMN",
    date: "2014-01-02",
    mef_actuel: "10110001110",
    mef_destination: Some("10210001110"),
    prenom: "Sam",
    nom: "Bernard",
    etat: "non_connecte",
    options: "[\"LATIN\"]",
};
/// Jean Moulin, 3e: leaves the school.
pub const ALIX: Pupil = Pupil {
    uai: JEAN_MOULIN,
    code: "PQRS-TUVW-XYZ2",
    date: "2012-09-30",
    mef_actuel: "10310019110",
    mef_destination: None,
    prenom: "Alix",
    nom: "Petit",
    etat: "sortant",
    options: "[]",
};
/// Another school, 6e going to 5e.
pub const NOA: Pupil = Pupil {
    uai: AUTRE_COLLEGE,
    code: "2345-6789-ABCD",
    date: "2015-06-01",
    mef_actuel: "10010012110",
    mef_destination: Some(CINQUIEME),
    prenom: "Noa",
    nom: "Durand",
    etat: "non_connecte",
    options: "[]",
};

pub const PUPILS: [&Pupil; 4] = [&LOU, &SAM, &ALIX, &NOA];

/// Copies the repository's content/ to `to`, every campaign running from `today + open` to
/// `today + close` days (Paris).
pub fn copy_content(to: &Path, (open, close): (i64, i64)) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let today = dossiersco_worker::clock::paris_today();
    let (ouverture, cloture) = (today + Duration::days(open), today + Duration::days(close));
    for entry in walk(&from) {
        let rel = entry.strip_prefix(&from).unwrap();
        let target = to.join(rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        let mut text = std::fs::read_to_string(&entry).unwrap();
        if rel.ends_with("etablissement.yml") {
            text = text
                .lines()
                .map(|line| match line.trim_start() {
                    l if l.starts_with("ouverture:") => format!("  ouverture: {ouverture}"),
                    l if l.starts_with("cloture:") => format!("  cloture: {cloture}"),
                    _ => line.to_string(),
                })
                .collect::<Vec<_>>()
                .join("\n");
        }
        std::fs::write(target, text).unwrap();
    }
    std::fs::create_dir_all(to.join("pages")).unwrap();
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// Creates the database and inserts the fixture pupils through the import's store.
pub fn insert_fixture_pupils(db: &Path) {
    let conn = dossiersco_worker::store::open(db).unwrap();
    let hasher = SecretHasher::load_or_create(&conn).unwrap();
    for (i, p) in PUPILS.iter().enumerate() {
        let code_hash = hasher.hash_code(&codes::normalize(p.code).unwrap());
        let data = EleveData {
            ine: None,
            nom: p.nom.into(),
            prenom: p.prenom.into(),
            date_naissance: p.date.into(),
            division: Some("6A".into()),
            mef_actuel: Some(p.mef_actuel.into()),
            mef_destination: p.mef_destination.map(Into::into),
            options_actuelles: p.options.into(),
            prefill: serde_json::to_string(&prefill(p)).unwrap(),
            etat: p.etat.into(),
        };
        let siecle_id = format!("{}", 1000 + i);
        insert_eleve(&conn, p.uai, &siecle_id, &data, &code_hash, "2027-01-01T00:00:00Z").unwrap();
    }
}

/// What the import knows of a pupil, as form values.
pub fn prefill(p: &Pupil) -> FormValues {
    let mut v = FormValues::new();
    v.insert(names::ELEVE_NOM.into(), p.nom.into());
    v.insert(names::ELEVE_PRENOM.into(), p.prenom.into());
    v.insert(names::ELEVE_DATE_NAISSANCE.into(), p.date.into());
    v.insert(resp(1, "nom"), p.nom.into());
    v.insert(resp(1, "prenom"), "Claire".into());
    v
}

/// A complete, valid file for Lou (Jean Moulin, going to 5e).
pub fn complete_values() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = [
        ("uai", JEAN_MOULIN),
        ("mef", CINQUIEME),
        (names::ELEVE_NOM, "Martin"),
        (names::ELEVE_PRENOM, "Lou"),
        (names::ELEVE_DATE_NAISSANCE, "2015-03-14"),
        (names::ELEVE_SEXE, "F"),
        (names::ELEVE_VILLE_NAISSANCE, "Lyon"),
        (names::ELEVE_PAYS_NAISSANCE, "France"),
        (names::ELEVE_NATIONALITE, "Française"),
        (names::URGENCE_NOM, "Jeanne Martin"),
        (names::URGENCE_LIEN, "Grand-mère"),
        (names::URGENCE_TELEPHONE, "04 78 12 34 56"),
        ("option.lv2", "ESP"),
        (names::DEMI_PENSION, "demi_pensionnaire"),
        (names::REGIME_SORTIE, "libre"),
        ("consentement.photo_classe", "oui"),
        ("consentement.droit_image", "non"),
        (names::SIGNATURE_NOM, "Claire Martin"),
        (names::SIGNATURE_ACCORD, "oui"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, val) in [
        ("lien", "10"),
        ("civilite", "Mme"),
        ("nom", "Martin"),
        ("prenom", "Claire"),
        ("adresse", "4 rue des Lilas"),
        ("code_postal", "69003"),
        ("commune", "Lyon"),
        ("pays", "France"),
        ("tel_portable", "06 12 34 56 78"),
        ("email", "claire.martin@example.fr"),
    ] {
        v.push((resp(1, k), val.into()));
    }
    v
}

/// `fields` as an urlencoded form POST to /dossier.
pub fn dossier_post(fields: &[(String, String)]) -> super::Req {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    super::Req::form("/dossier", &pairs)
}
