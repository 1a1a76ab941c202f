//! Retention: a closed campaign's families disappear, its counts stay, other schools are untouched.

use super::*;

const A: &str = "0339903K";
const B: &str = "0699901M";

/// One school's campaign: pupils in several states, their guardian, drafts, submissions,
/// sessions, login traces, ratings and emails.
fn campaign(conn: &Conn, uai: &str) {
    let now = "2027-04-10T10:00:00Z";
    for (n, etat) in ["non_connecte", "brouillon", "transmis", "transmis", "valide"]
        .iter()
        .enumerate()
    {
        let eleve: i64 = conn
            .query_row(
                "INSERT INTO eleves (uai, eleve_id_siecle, nom, prenom, date_naissance, prefill, code_hash, importe_le,
                                     modifie_le, etat)
                 VALUES (?1, ?2, 'Martin', 'Lou', '2014-05-02', '{}', ?3, ?4, ?4, ?5) RETURNING id",
                params![uai, format!("E{n}"), format!("{uai}-{n}"), now, etat],
                |r| r.get(0),
            )
            .unwrap();
        let resp: i64 = conn
            .query_row(
                "INSERT INTO responsables (uai, personne_id_siecle, nom, prenom, email)
                 VALUES (?1, ?2, 'Martin', 'Claire', 'c@example.fr') RETURNING id",
                params![uai, format!("P{n}")],
                |r| r.get(0),
            )
            .unwrap();
        conn.execute(
            "INSERT INTO eleve_responsables (eleve_id, responsable_id, rang) VALUES (?1, ?2, 1)",
            [eleve, resp],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO sessions (token_hash, eleve_id, cree_le, expire_le) VALUES (?1, ?2, ?3, ?3)",
            params![format!("t{uai}{n}"), eleve, now],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO tentatives_connexion (uai, code_hash, adresse_hash, reussie, eleve_id, le) VALUES (?1, 'c', 'a', 1, ?2, ?3)",
            params![uai, eleve, now],
        )
        .unwrap();
        match *etat {
            "brouillon" => {
                conn.execute(
                    "INSERT INTO brouillons (eleve_id, valeurs, enregistre_le) VALUES (?1, '{}', ?2)",
                    params![eleve, now],
                )
                .unwrap();
            }
            "transmis" | "valide" => {
                conn.execute(
                    "INSERT INTO soumissions (eleve_id, valeurs, transmis_le) VALUES (?1, '{}', ?2)",
                    params![eleve, now],
                )
                .unwrap();
                let note = if *etat == "valide" { 5 } else { 4 };
                conn.execute(
                    "INSERT INTO satisfaction (eleve_id, uai, note, commentaire, le) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![eleve, uai, note, if note == 5 { "Très simple" } else { "" }, now],
                )
                .unwrap();
                conn.execute(
                    "INSERT INTO outbox (eleve_id, uai, genre, destinataires, sujet, texte, message_id, etat,
                                         prochain_essai, cree_le)
                     VALUES (?1, ?2, 'confirmation', '[]', 's', 't', ?3, ?4, ?5, ?5)",
                    params![
                        eleve,
                        uai,
                        format!("<{uai}{n}@x>"),
                        if note == 5 { "refuse" } else { "envoye" },
                        now
                    ],
                )
                .unwrap();
            }
            _ => {}
        }
    }
}

fn rows(conn: &Conn, uai: &str) -> Vec<(&'static str, i64)> {
    PURGED
        .iter()
        .map(|(table, _)| {
            let sql = match *table {
                "session_eleves" | "sessions" | "brouillons" | "soumissions" | "eleve_responsables" => {
                    format!("SELECT count(*) FROM {table} WHERE eleve_id IN (SELECT id FROM eleves WHERE uai = ?1)")
                }
                _ => format!("SELECT count(*) FROM {table} WHERE uai = ?1"),
            };
            (*table, conn.query_row(&sql, [uai], |r| r.get(0)).unwrap())
        })
        .collect()
}

fn db() -> (tempfile::TempDir, Conn) {
    let dir = tempfile::tempdir().unwrap();
    let conn = crate::open(&dir.path().join("db.sqlite")).unwrap();
    campaign(&conn, A);
    campaign(&conn, B);
    (dir, conn)
}

#[test]
fn a_dry_run_counts_what_would_go_and_changes_nothing() {
    let (_dir, mut conn) = db();
    let before = rows(&conn, A);
    let report = purge(&mut conn, &[(A.into(), "2027-05-21".into())], false).unwrap();
    assert_eq!(report[0].aggregates.eleves, 5);
    let eleves = report[0].deleted.iter().find(|(t, _)| *t == "eleves").unwrap();
    assert_eq!(eleves.1, 5);
    assert_eq!(rows(&conn, A), before);
    assert!(archived(&conn, A, "2027-05-21").unwrap().is_none());
}

#[test]
fn a_purged_campaign_keeps_only_its_counts_and_other_schools_are_untouched() {
    let (_dir, mut conn) = db();
    let other = rows(&conn, B);
    purge(&mut conn, &[(A.into(), "2027-05-21".into())], true).unwrap();
    for (table, n) in rows(&conn, A) {
        assert_eq!(n, 0, "{table} vidée pour {A}");
    }
    assert_eq!(rows(&conn, B), other, "l'autre collège garde tout");
    let kept = archived(&conn, A, "2027-05-21").unwrap().unwrap();
    assert_eq!(
        kept,
        Aggregates {
            eleves: 5,
            etats: [1, 0, 1, 2, 1, 0],
            soumissions: 3,
            notes: [0, 0, 0, 2, 1],
            commentaires: 1,
            courriels_envoyes: 2,
            courriels_refuses: 1,
        }
    );
    // Running it again finds nothing and keeps the counts as they were.
    let again = purge(&mut conn, &[(A.into(), "2027-05-21".into())], true).unwrap();
    assert!(again[0].deleted.iter().all(|(_, n)| *n == 0));
    assert_eq!(archived(&conn, A, "2027-05-21").unwrap().unwrap(), kept);
}

#[test]
fn every_table_holding_a_family_s_data_is_covered_by_the_purge() {
    let (_dir, conn) = db();
    assert_eq!(
        unpurged_tables(&conn).unwrap(),
        Vec::<String>::new(),
        "nouvelle table avec uai ou eleve_id : ajoutez-la à PURGED (ou à KEPT si elle ne contient aucune donnée personnelle)"
    );
}
