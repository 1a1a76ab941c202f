//! Siblings in the store: who may be added, and the guardians carried person by person.

use super::*;
use crate::store::import::{insert_eleve, replace_links, upsert_responsable, EleveData, LinkData, ResponsableData};
use time::macros::datetime;

const UAI: &str = "0699901M";
const NOW: &str = "2027-04-10T10:00:00Z";

fn pupil(conn: &Connection, id: &str, prenom: &str, etat: &str, prefill: &FormValues) -> i64 {
    let data = EleveData {
        ine: None,
        nom: "MARTIN".into(),
        prenom: prenom.into(),
        date_naissance: "2014-01-01".into(),
        division: Some("5A".into()),
        mef_actuel: Some("10110001110".into()),
        mef_destination: Some("10210001110".into()),
        options_actuelles: "[]".into(),
        prefill: serde_json::to_string(prefill).unwrap(),
        etat: etat.into(),
    };
    insert_eleve(conn, UAI, id, &data, &format!("hash-{id}"), NOW).unwrap()
}

fn person(conn: &Connection, id: &str, prenom: &str) -> i64 {
    let r = ResponsableData {
        personne_id: id.into(),
        nom: "MARTIN".into(),
        prenom: prenom.into(),
        ..ResponsableData::default()
    };
    upsert_responsable(conn, UAI, &r).unwrap()
}

fn links(conn: &Connection, eleve: i64, guardians: &[(i64, i64)]) {
    let links: Vec<LinkData> = guardians
        .iter()
        .map(|&(responsable_id, rang)| LinkData {
            responsable_id,
            rang,
            lien_parente: None,
            paie_frais: false,
            niveau_responsabilite: None,
        })
        .collect();
    replace_links(conn, eleve, &links).unwrap();
}

fn values(pairs: &[(&str, &str)]) -> FormValues {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn prefill(conn: &Connection, id: i64) -> FormValues {
    let json: String = conn
        .query_row("SELECT prefill FROM eleves WHERE id = ?1", [id], |r| r.get(0))
        .unwrap();
    serde_json::from_str(&json).unwrap()
}

#[test]
fn guardians_are_carried_person_by_person_to_the_files_not_yet_sent() {
    let dir = tempfile::tempdir().unwrap();
    let conn = crate::store::open(&dir.path().join("db.sqlite")).unwrap();
    let (mere, pere, belle_mere) = (
        person(&conn, "P1", "Sophie"),
        person(&conn, "P2", "Julien"),
        person(&conn, "P3", "Anne"),
    );
    let old = values(&[
        ("resp1.adresse", "8 rue Mercière"),
        ("resp1.lien", "20"),
        ("resp2.adresse", "1 rue Anne"),
    ]);
    let a = pupil(&conn, "A", "Léa", "transmis", &old);
    links(&conn, a, &[(mere, 1), (pere, 2)]);
    // B: the father's child with another mother; the father is B's first guardian.
    let b = pupil(&conn, "B", "Hugo", "connecte", &old);
    links(&conn, b, &[(pere, 1), (belle_mere, 2)]);
    // C: already sent; D: has a draft.
    let c = pupil(&conn, "C", "Zoé", "transmis", &old);
    links(&conn, c, &[(mere, 1), (pere, 2)]);
    let d = pupil(&conn, "D", "Noé", "brouillon", &old);
    links(&conn, d, &[(mere, 1)]);
    conn.execute(
        "INSERT INTO brouillons (eleve_id, valeurs, enregistre_le) VALUES (?1, ?2, ?3)",
        params![d, serde_json::to_string(&old).unwrap(), NOW],
    )
    .unwrap();

    let sent = values(&[
        ("resp1.nom", "MARTIN"),
        ("resp1.adresse", "27 rue des Capucins"),
        ("resp1.lien", "10"),
        ("resp2.nom", "MARTIN"),
        ("resp2.adresse", "3 place Sathonay"),
        ("resp2.tel_portable", "06 22 33 44 55"),
    ]);
    assert_eq!(propagate_guardians(&conn, a, &sent, NOW).unwrap(), 2);

    let hugo = prefill(&conn, b);
    assert_eq!(
        hugo["resp1.adresse"], "3 place Sathonay",
        "the father, first guardian of Hugo"
    );
    assert_eq!(hugo["resp1.tel_portable"], "06 22 33 44 55");
    assert_eq!(hugo["resp1.lien"], "20", "each child's own link");
    assert_eq!(hugo["resp2.adresse"], "1 rue Anne", "not Léa's guardian: untouched");
    assert_eq!(prefill(&conn, c), old, "a file already sent is not changed");
    let draft: String = conn
        .query_row("SELECT valeurs FROM brouillons WHERE eleve_id = ?1", [d], |r| r.get(0))
        .unwrap();
    let draft: FormValues = serde_json::from_str(&draft).unwrap();
    assert_eq!(draft["resp1.adresse"], "27 rue des Capucins");
    assert_eq!(prefill(&conn, d), old, "the draft is what the family sees");
}

#[test]
fn only_the_login_child_s_siblings_are_offered_and_only_first_names() {
    let dir = tempfile::tempdir().unwrap();
    let conn = crate::store::open(&dir.path().join("db.sqlite")).unwrap();
    let (mere, pere, autre) = (
        person(&conn, "P1", "Sophie"),
        person(&conn, "P2", "Julien"),
        person(&conn, "P3", "Anne"),
    );
    let a = pupil(&conn, "A", "Léa", "connecte", &FormValues::new());
    links(&conn, a, &[(mere, 1), (pere, 2)]);
    let b = pupil(&conn, "B", "Hugo", "non_connecte", &FormValues::new());
    links(&conn, b, &[(pere, 1), (autre, 2)]);
    // Hugo's half-brother through Anne: no guardian in common with Léa.
    let e = pupil(&conn, "E", "Tom", "non_connecte", &FormValues::new());
    links(&conn, e, &[(autre, 1)]);
    let s = pupil(&conn, "S", "Alix", "sortant", &FormValues::new());
    links(&conn, s, &[(mere, 1)]);
    conn.execute(
        "INSERT INTO sessions (token_hash, eleve_id, cree_le, expire_le) VALUES ('t', ?1, ?2, ?2)",
        params![a, NOW],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO session_eleves (token_hash, eleve_id, par_code, ajoute_le) VALUES ('t', ?1, 1, ?2)",
        params![a, NOW],
    )
    .unwrap();
    let names = |conn: &Connection| -> Vec<(String, bool, bool)> {
        enfants(conn, "t")
            .unwrap()
            .into_iter()
            .map(|e| (e.prenom, e.ajoute, e.courant))
            .collect()
    };
    assert_eq!(
        names(&conn),
        [("Léa".to_string(), true, true), ("Hugo".to_string(), false, false)]
    );
    // Hugo joins with his birth date: his file opens; Tom is still not offered.
    let attempt = LoginAttempt {
        uai: UAI.into(),
        code_hash: String::new(),
        adresse_hash: "adresse".into(),
        date_naissance: "2014-01-01".into(),
        token_hash: "t".into(),
        now: datetime!(2027-04-10 10:00 UTC),
        session_ttl: time::Duration::hours(2),
        appareil: false,
    };
    assert_eq!(ajouter(&conn, "t", b, &attempt).unwrap(), AjoutOutcome::Ajoute);
    assert_eq!(
        names(&conn),
        [("Léa".to_string(), true, false), ("Hugo".to_string(), true, true)]
    );
    assert_eq!(ajouter(&conn, "t", e, &attempt).unwrap(), AjoutOutcome::Inconnu);
    assert!(!ouvrir(&conn, "t", e).unwrap(), "not a child of the session");
    assert!(ouvrir(&conn, "t", a).unwrap());
}
