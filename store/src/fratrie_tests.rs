//! Siblings in the store: a child joins a session only with its own code and birth date, and
//! guardians' details are offered person by person, into a proven child's draft only.

use super::*;
use crate::conn::OptionalExtension;
use crate::families::{self, Mode};
use crate::import::{insert_eleve, replace_links, upsert_responsable, EleveData, LinkData, ResponsableData};
use std::path::Path;
use time::macros::datetime;
use time::OffsetDateTime;

const UAI: &str = "0699901M";
const QUATRIEME: &str = "10210001110";
const LOGIN: OffsetDateTime = datetime!(2027-04-10 10:00 UTC);
const BEFORE_LOGIN: &str = "2027-04-09T18:00:00Z";
const AFTER_LOGIN: &str = "2027-04-10T10:05:00Z";
const LATER: &str = "2027-04-10T10:30:00Z";

/// Jean Moulin's demo form for pupils going to 4e.
fn spec() -> FormSpec {
    let content = dossiersco_generator::load_content(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../content"))
        .expect("demo content");
    let etab = &content.school(UAI).expect("demo school").etablissement;
    FormSpec::build(etab, etab.niveau(QUATRIEME).expect("demo level"))
}

fn pupil(conn: &Conn, id: &str, prenom: &str, etat: &str, prefill: &FormValues) -> i64 {
    let data = EleveData {
        ine: None,
        nom: "MARTIN".into(),
        prenom: prenom.into(),
        date_naissance: "2014-01-01".into(),
        division: Some("5A".into()),
        mef_actuel: Some("10110001110".into()),
        mef_destination: (etat != "sortant").then(|| QUATRIEME.into()),
        options_actuelles: "[]".into(),
        prefill: serde_json::to_string(prefill).unwrap(),
        etat: etat.into(),
    };
    insert_eleve(conn, UAI, id, &data, &format!("hash-{id}"), "2027-03-01T00:00:00Z").unwrap()
}

fn person(conn: &Conn, id: &str, prenom: &str) -> i64 {
    let r = ResponsableData {
        personne_id: id.into(),
        nom: "MARTIN".into(),
        prenom: prenom.into(),
        ..ResponsableData::default()
    };
    upsert_responsable(conn, UAI, &r).unwrap()
}

fn links(conn: &Conn, eleve: i64, guardians: &[(i64, i64)]) {
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

/// A guardian's fields as the import writes them.
fn guardian(rang: u8, prenom: &str, adresse: &str, lien: &str) -> Vec<(String, String)> {
    [
        ("nom", "MARTIN"),
        ("prenom", prenom),
        ("adresse", adresse),
        ("code_postal", "69002"),
        ("commune", "LYON"),
        ("lien", lien),
    ]
    .iter()
    .map(|(k, v)| (resp(rang, k), v.to_string()))
    .collect()
}

fn raw_prefill(conn: &Conn, id: i64) -> String {
    conn.query_row("SELECT prefill FROM eleves WHERE id = ?1", [id], |r| r.get(0))
        .unwrap()
}

fn draft(conn: &Conn, id: i64) -> Option<FormValues> {
    conn.query_row("SELECT valeurs FROM brouillons WHERE eleve_id = ?1", [id], |r| {
        r.get::<_, String>(0)
    })
    .optional()
    .unwrap()
    .map(|json| serde_json::from_str(&json).unwrap())
}

fn etat(conn: &Conn, id: i64) -> String {
    conn.query_row("SELECT etat FROM eleves WHERE id = ?1", [id], |r| r.get(0))
        .unwrap()
}

/// A session opened at [`LOGIN`] with `eleve`'s code.
fn session(conn: &Conn, token: &str, eleve: i64) {
    let ts = timestamp(LOGIN);
    conn.execute(
        "INSERT INTO sessions (token_hash, eleve_id, cree_le, expire_le) VALUES (?1, ?2, ?3, '2027-04-10T12:00:00Z')",
        params![token, eleve, ts],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO session_eleves (token_hash, eleve_id, par_code, ajoute_le) VALUES (?1, ?2, 1, ?3)",
        params![token, eleve, ts],
    )
    .unwrap();
}

fn attempt(code_hash: &str, date: &str) -> LoginAttempt {
    LoginAttempt {
        uai: UAI.into(),
        code_hash: code_hash.into(),
        adresse_hash: "adresse".into(),
        date_naissance: date.into(),
        token_hash: "t".into(),
        now: LOGIN,
        session_ttl: time::Duration::hours(2),
        appareil: false,
    }
}

fn names(conn: &Conn) -> Vec<(String, bool)> {
    enfants(conn, "t")
        .unwrap()
        .into_iter()
        .map(|e| (e.prenom, e.courant))
        .collect()
}

#[test]
fn a_child_joins_the_session_only_with_its_own_code_and_birth_date() {
    let dir = tempfile::tempdir().unwrap();
    let conn = crate::open(&dir.path().join("db.sqlite")).unwrap();
    let (mere, pere, autre) = (
        person(&conn, "P1", "Sophie"),
        person(&conn, "P2", "Julien"),
        person(&conn, "P3", "Anne"),
    );
    let a = pupil(&conn, "A", "Léa", "connecte", &FormValues::new());
    links(&conn, a, &[(mere, 1), (pere, 2)]);
    // Hugo: the father's child with another mother.
    let b = pupil(&conn, "B", "Hugo", "non_connecte", &FormValues::new());
    links(&conn, b, &[(pere, 1), (autre, 2)]);
    let s = pupil(&conn, "S", "Alix", "sortant", &FormValues::new());
    links(&conn, s, &[(mere, 1)]);
    session(&conn, "t", a);

    // Sharing a guardian is not enough to be listed: the session shows its own child only.
    assert_eq!(names(&conn), [("Léa".to_string(), true)]);
    // Hugo's birth date without his code, his code with another date: refused, nothing added.
    for (code, date) in [
        ("hash-A", "2014-01-02"),
        ("inconnu", "2014-01-01"),
        ("hash-B", "2014-01-02"),
    ] {
        assert_eq!(
            ajouter(&conn, &attempt(code, date)).unwrap(),
            AjoutOutcome::Refus(LoginOutcome::Refuse),
            "{code} {date}"
        );
    }
    assert_eq!(names(&conn), [("Léa".to_string(), true)]);
    assert_eq!(etat(&conn, b), "non_connecte");
    // A code of another school, with the right date: the same answer.
    let mut other_school = attempt("hash-B", "2014-01-01");
    other_school.uai = "0389902G".into();
    assert_eq!(
        ajouter(&conn, &other_school).unwrap(),
        AjoutOutcome::Refus(LoginOutcome::Refuse)
    );

    // His own code and birth date: he joins, his file opens.
    assert_eq!(
        ajouter(&conn, &attempt("hash-B", "2014-01-01")).unwrap(),
        AjoutOutcome::Ajoute
    );
    assert_eq!(names(&conn), [("Léa".to_string(), false), ("Hugo".to_string(), true)]);
    assert_eq!(etat(&conn, b), "connecte", "like a login with his letter");
    // A child already in the session: opened again.
    assert_eq!(
        ajouter(&conn, &attempt("hash-A", "2014-01-01")).unwrap(),
        AjoutOutcome::Ajoute
    );
    assert_eq!(names(&conn), [("Léa".to_string(), true), ("Hugo".to_string(), false)]);
    // A pupil leaving the school has no file to open: not added.
    assert_eq!(
        ajouter(&conn, &attempt("hash-S", "2014-01-01")).unwrap(),
        AjoutOutcome::Sortant
    );
    assert_eq!(names(&conn).len(), 2);
    assert!(!ouvrir(&conn, "t", s).unwrap(), "not a child of the session");
    // A session that ended takes nobody in.
    let mut ended = attempt("hash-B", "2014-01-01");
    ended.token_hash = "fini".into();
    assert_eq!(
        ajouter(&conn, &ended).unwrap(),
        AjoutOutcome::Refus(LoginOutcome::Refuse)
    );
    let rows: i64 = conn
        .query_row(
            "SELECT count(*) FROM session_eleves WHERE token_hash = 'fini'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 0);
}

/// Léa (mother rank 1, father rank 2) and Hugo (father rank 1, his own mother rank 2): one
/// guardian in common. Zoé: the mother's other child, never in the session.
struct Family {
    conn: Conn,
    _dir: tempfile::TempDir,
    lea: i64,
    hugo: i64,
    zoe: i64,
}

fn family() -> Family {
    let dir = tempfile::tempdir().unwrap();
    let conn = crate::open(&dir.path().join("db.sqlite")).unwrap();
    let (mere, pere, anne) = (
        person(&conn, "P1", "Sophie"),
        person(&conn, "P2", "Julien"),
        person(&conn, "P3", "Anne"),
    );
    let lea_prefill: FormValues = guardian(1, "Sophie", "8 rue Mercière", "10")
        .into_iter()
        .chain(guardian(2, "Julien", "8 rue Mercière", "20"))
        .collect();
    let lea = pupil(&conn, "A", "Léa", "connecte", &lea_prefill);
    links(&conn, lea, &[(mere, 1), (pere, 2)]);
    let hugo_prefill: FormValues = guardian(1, "Julien", "8 rue Mercière", "20")
        .into_iter()
        .chain(guardian(2, "Anne", "1 rue Anne", "10"))
        .chain([("resp1.tel_portable".to_string(), "06 22 33 44 55".to_string())])
        .collect();
    let hugo = pupil(&conn, "B", "Hugo", "non_connecte", &hugo_prefill);
    links(&conn, hugo, &[(pere, 1), (anne, 2)]);
    let zoe = pupil(&conn, "C", "Zoé", "non_connecte", &lea_prefill);
    links(&conn, zoe, &[(mere, 1), (pere, 2)]);
    Family {
        conn,
        _dir: dir,
        lea,
        hugo,
        zoe,
    }
}

/// Léa's file as the family sends it: both parents moved; the father's mobile changed.
fn lea_sent(f: &Family) -> FormValues {
    let mut v = families::load(&f.conn, f.lea).unwrap().unwrap().prefill;
    v.extend(values(&[
        ("resp1.adresse", "27 rue des Capucins"),
        ("resp2.adresse", "3 place Sathonay"),
        ("resp2.code_postal", "69001"),
        ("resp2.tel_portable", "06 99 88 77 66"),
        ("resp2.lien", "50"),
        ("signature.nom", "Sophie Martin"),
    ]));
    v
}

#[test]
fn a_submission_never_touches_a_file_the_session_has_not_proven() {
    let f = family();
    let conn = &f.conn;
    session(conn, "t", f.lea);
    let before = [(f.hugo, raw_prefill(conn, f.hugo)), (f.zoe, raw_prefill(conn, f.zoe))];
    families::submit_as(conn, f.lea, &lea_sent(&f), AFTER_LOGIN, Mode::Formulaire).unwrap();
    for (id, prefill) in before {
        assert_eq!(raw_prefill(conn, id), prefill, "pre-fill of {id} byte for byte");
        assert_eq!(draft(conn, id), None);
        assert_eq!(etat(conn, id), "non_connecte");
    }
    // Hugo is not in the session: nothing is offered for him, nothing can be taken.
    assert!(offres(conn, "t", f.hugo).unwrap().is_empty());
    assert_eq!(reprendre(conn, "t", f.hugo, f.lea, &spec(), LATER).unwrap(), None);
    assert_eq!(draft(conn, f.hugo), None);
}

#[test]
fn details_typed_in_the_session_are_offered_to_a_proven_sibling_and_land_in_its_draft() {
    let f = family();
    let conn = &f.conn;
    session(conn, "t", f.lea);
    families::submit_as(conn, f.lea, &lea_sent(&f), AFTER_LOGIN, Mode::Formulaire).unwrap();
    assert_eq!(
        ajouter(conn, &attempt("hash-B", "2014-01-01")).unwrap(),
        AjoutOutcome::Ajoute
    );
    let hugo_prefill = raw_prefill(conn, f.hugo);

    // Only the father (Hugo's first guardian), and only what the family changed.
    let offered = offres(conn, "t", f.hugo).unwrap();
    assert_eq!(
        offered,
        [Offre {
            source_id: f.lea,
            source_prenom: "Léa".into(),
            personnes: vec![PersonneOfferte {
                rang: 1,
                nom: "Julien MARTIN".into(),
                champs: vec![
                    ("adresse", "3 place Sathonay".into()),
                    ("code_postal", "69001".into()),
                    ("tel_portable", "06 99 88 77 66".into()),
                ],
            }],
        }]
    );
    // Offered is not imposed: nothing written yet.
    assert_eq!(draft(conn, f.hugo), None);
    assert_eq!(raw_prefill(conn, f.hugo), hugo_prefill);
    // Léa's page is offered nothing: Hugo's file holds nothing typed.
    assert!(
        offres(conn, "t", f.lea).unwrap().is_empty(),
        "only the open child's offers"
    );

    // Accepted: Hugo's draft, never his pre-fill.
    assert_eq!(
        reprendre(conn, "t", f.hugo, f.lea, &spec(), LATER).unwrap(),
        Some(WriteOutcome::Enregistre)
    );
    let hugo = draft(conn, f.hugo).expect("a draft for Hugo");
    assert_eq!(hugo["resp1.adresse"], "3 place Sathonay");
    assert_eq!(hugo["resp1.code_postal"], "69001");
    assert_eq!(hugo["resp1.tel_portable"], "06 99 88 77 66");
    assert_eq!(hugo["resp1.lien"], "20", "each child's own link");
    assert_eq!(hugo["resp2.adresse"], "1 rue Anne", "not Léa's guardian: untouched");
    assert!(!hugo.contains_key("signature.nom"), "never a signature");
    assert_eq!(raw_prefill(conn, f.hugo), hugo_prefill, "the import baseline stays");
    assert_eq!(etat(conn, f.hugo), "brouillon");
    // Taken: no more offer, and taking again changes nothing.
    assert!(offres(conn, "t", f.hugo).unwrap().is_empty());
    assert_eq!(reprendre(conn, "t", f.hugo, f.lea, &spec(), LATER).unwrap(), None);
    // Zoé, who shares both parents but was never proven, is untouched.
    assert_eq!(draft(conn, f.zoe), None);
}

#[test]
fn only_what_was_typed_in_this_session_is_offered_and_not_after_the_file_was_sent() {
    let f = family();
    let conn = &f.conn;
    // Léa's file was sent the day before this session.
    families::submit_as(conn, f.lea, &lea_sent(&f), BEFORE_LOGIN, Mode::Formulaire).unwrap();
    session(conn, "t", f.hugo);
    conn.execute(
        "INSERT INTO session_eleves (token_hash, eleve_id, par_code, ajoute_le) VALUES ('t', ?1, 0, ?2)",
        params![f.lea, timestamp(LOGIN)],
    )
    .unwrap();
    assert!(
        offres(conn, "t", f.hugo).unwrap().is_empty(),
        "typed in another session"
    );

    // Typed now (a draft of Léa's): offered to Hugo…
    families::save_draft(conn, f.lea, &lea_sent(&f), AFTER_LOGIN).unwrap();
    assert_eq!(offres(conn, "t", f.hugo).unwrap().len(), 1);
    // …until Hugo's file is sent without it.
    let hugo_sent = families::load(conn, f.hugo).unwrap().unwrap().prefill;
    families::submit_as(conn, f.hugo, &hugo_sent, LATER, Mode::UnClic).unwrap();
    assert!(offres(conn, "t", f.hugo).unwrap().is_empty());
}

#[test]
fn a_guardian_the_family_replaced_is_not_carried_as_the_shared_person() {
    let f = family();
    let conn = &f.conn;
    session(conn, "t", f.lea);
    assert_eq!(
        ajouter(conn, &attempt("hash-B", "2014-01-01")).unwrap(),
        AjoutOutcome::Ajoute
    );
    // In Léa's file the family put someone else as second guardian.
    let mut sent = lea_sent(&f);
    sent.extend(values(&[("resp2.prenom", "Marc"), ("resp2.nom", "DURAND")]));
    families::submit_as(conn, f.lea, &sent, AFTER_LOGIN, Mode::Formulaire).unwrap();
    assert!(offres(conn, "t", f.hugo).unwrap().is_empty());
}
