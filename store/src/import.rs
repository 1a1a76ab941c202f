//! SQL of the SIECLE import (worker::import).

use std::collections::HashMap;

use crate::conn::{params, Conn, OptionalExtension};
use anyhow::{Context, Result};

/// `code_hash` of a pupil who has no access code (sortant): unique, and never the hex
/// HMAC of any code, so it can never match a login.
pub const NO_CODE_PREFIX: &str = "sans-code:";

pub fn no_code_hash(uai: &str, eleve_id_siecle: &str) -> String {
    format!("{NO_CODE_PREFIX}{uai}:{eleve_id_siecle}")
}

/// Whether this stored hash is a real access code's.
pub fn has_code(code_hash: &str) -> bool {
    !code_hash.starts_with(NO_CODE_PREFIX)
}

/// SQL condition, on a pupil aliased `e`: its family has logged in or entered something.
/// Such a pupil is never changed by an import.
const FAMILLE_ACTIVE: &str = "(e.etat NOT IN ('non_connecte','sortant') OR e.premiere_connexion IS NOT NULL \
     OR EXISTS (SELECT 1 FROM brouillons b WHERE b.eleve_id = e.id) \
     OR EXISTS (SELECT 1 FROM soumissions s WHERE s.eleve_id = e.id) \
     OR EXISTS (SELECT 1 FROM sessions x WHERE x.eleve_id = e.id))";

/// The imported columns of a pupil.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EleveData {
    pub ine: Option<String>,
    pub nom: String,
    pub prenom: String,
    /// YYYY-MM-DD
    pub date_naissance: String,
    pub division: Option<String>,
    pub mef_actuel: Option<String>,
    pub mef_destination: Option<String>,
    /// JSON array of option codes.
    pub options_actuelles: String,
    /// JSON FormValues.
    pub prefill: String,
    pub etat: String,
}

/// A pupil already in the database.
#[derive(Debug, Clone)]
pub struct ExistingEleve {
    pub id: i64,
    pub code_hash: String,
    /// The family logged in or entered something: the import leaves the pupil alone.
    pub famille_active: bool,
    pub data: EleveData,
}

/// Pupils of a school, by ELEVE_ID.
pub fn existing_eleves(conn: &Conn, uai: &str) -> Result<HashMap<String, ExistingEleve>> {
    let sql = format!(
        "SELECT e.id, e.eleve_id_siecle, e.code_hash, {FAMILLE_ACTIVE}, e.ine, e.nom, e.prenom, e.date_naissance,
                e.division, e.mef_actuel, e.mef_destination, e.options_actuelles, e.prefill, e.etat
         FROM eleves e WHERE e.uai = ?1"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([uai], |r| {
        Ok((
            r.get::<_, String>(1)?,
            ExistingEleve {
                id: r.get(0)?,
                code_hash: r.get(2)?,
                famille_active: r.get(3)?,
                data: EleveData {
                    ine: r.get(4)?,
                    nom: r.get(5)?,
                    prenom: r.get(6)?,
                    date_naissance: r.get(7)?,
                    division: r.get(8)?,
                    mef_actuel: r.get(9)?,
                    mef_destination: r.get(10)?,
                    options_actuelles: r.get(11)?,
                    prefill: r.get(12)?,
                    etat: r.get(13)?,
                },
            },
        ))
    })?;
    Ok(rows.collect::<crate::conn::Result<_>>()?)
}

pub fn code_hash_exists(conn: &Conn, code_hash: &str) -> Result<bool> {
    let mut stmt = conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM eleves WHERE code_hash = ?1)")?;
    Ok(stmt.query_row([code_hash], |r| r.get(0))?)
}

pub fn insert_eleve(
    conn: &Conn,
    uai: &str,
    eleve_id_siecle: &str,
    d: &EleveData,
    code_hash: &str,
    now: &str,
) -> Result<i64> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO eleves (uai, eleve_id_siecle, ine, nom, prenom, date_naissance, division, mef_actuel,
                             mef_destination, options_actuelles, prefill, etat, code_hash, importe_le, modifie_le)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14) RETURNING id",
    )?;
    Ok(stmt.query_row(
        params![
            uai,
            eleve_id_siecle,
            d.ine,
            d.nom,
            d.prenom,
            d.date_naissance,
            d.division,
            d.mef_actuel,
            d.mef_destination,
            d.options_actuelles,
            d.prefill,
            d.etat,
            code_hash,
            now
        ],
        |r| r.get(0),
    )?)
}

/// Updates a pupil whose family is not active (checked again here); `code_hash` replaces
/// the stored one only when given (a pupil who had no code gets one). Returns whether a row
/// changed.
pub fn update_eleve(conn: &Conn, id: i64, d: &EleveData, code_hash: Option<&str>, now: &str) -> Result<bool> {
    let sql = format!(
        "UPDATE eleves AS e SET ine = ?2, nom = ?3, prenom = ?4, date_naissance = ?5, division = ?6, mef_actuel = ?7,
                mef_destination = ?8, options_actuelles = ?9, prefill = ?10, etat = ?11,
                code_hash = COALESCE(?12, code_hash), importe_le = ?13, modifie_le = ?13
         WHERE e.id = ?1 AND NOT {FAMILLE_ACTIVE}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let n = stmt.execute(params![
        id,
        d.ine,
        d.nom,
        d.prenom,
        d.date_naissance,
        d.division,
        d.mef_actuel,
        d.mef_destination,
        d.options_actuelles,
        d.prefill,
        d.etat,
        code_hash,
        now
    ])?;
    Ok(n == 1)
}

/// Records SIECLE's codes of pupil `id` (JSON), read back by the return file.
pub fn set_codes_siecle(conn: &Conn, id: i64, codes: &str) -> Result<()> {
    conn.prepare_cached("UPDATE eleves SET codes_siecle = ?2 WHERE id = ?1")?
        .execute(params![id, codes])?;
    Ok(())
}

/// A guardian's columns (PERSONNE of ResponsablesAvecAdresses).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponsableData {
    pub personne_id: String,
    pub civilite: Option<String>,
    pub nom: String,
    pub prenom: String,
    pub adresse: String,
    pub adresse2: String,
    pub code_postal: String,
    pub commune: String,
    pub pays: String,
    pub tel_portable: Option<String>,
    pub tel_domicile: Option<String>,
    pub tel_travail: Option<String>,
    pub email: Option<String>,
}

/// Inserts a guardian, or updates it unless a pupil it is linked to has an active family
/// (what such a family sees must not change under it). Returns its id.
pub fn upsert_responsable(conn: &Conn, uai: &str, r: &ResponsableData) -> Result<i64> {
    let existing: Option<i64> = conn
        .prepare_cached("SELECT id FROM responsables WHERE uai = ?1 AND personne_id_siecle = ?2")?
        .query_row(params![uai, r.personne_id], |row| row.get(0))
        .optional()?;
    let values = params![
        uai,
        r.personne_id,
        r.civilite,
        r.nom,
        r.prenom,
        r.adresse,
        r.adresse2,
        r.code_postal,
        r.commune,
        r.pays,
        r.tel_portable,
        r.tel_domicile,
        r.tel_travail,
        r.email
    ];
    let Some(id) = existing else {
        return Ok(conn.prepare_cached(
            "INSERT INTO responsables (uai, personne_id_siecle, civilite, nom, prenom, adresse, adresse2, code_postal,
                                       commune, pays, tel_portable, tel_domicile, tel_travail, email)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) RETURNING id",
        )?
        .query_row(values, |r| r.get(0))?);
    };
    let sql = format!(
        "UPDATE responsables SET civilite = ?3, nom = ?4, prenom = ?5, adresse = ?6, adresse2 = ?7, code_postal = ?8,
                commune = ?9, pays = ?10, tel_portable = ?11, tel_domicile = ?12, tel_travail = ?13, email = ?14
         WHERE uai = ?1 AND personne_id_siecle = ?2 AND NOT EXISTS (
             SELECT 1 FROM eleve_responsables er JOIN eleves e ON e.id = er.eleve_id
             WHERE er.responsable_id = responsables.id AND {FAMILLE_ACTIVE})"
    );
    conn.prepare_cached(&sql)?.execute(values)?;
    Ok(id)
}

/// A pupil–guardian link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkData {
    pub responsable_id: i64,
    /// 1 and 2: the guardians of the form; 3 and more: other guardians and contacts.
    pub rang: i64,
    pub lien_parente: Option<String>,
    pub paie_frais: bool,
    pub niveau_responsabilite: Option<String>,
}

/// Replaces all the links of a pupil.
pub fn replace_links(conn: &Conn, eleve_id: i64, links: &[LinkData]) -> Result<()> {
    conn.prepare_cached("DELETE FROM eleve_responsables WHERE eleve_id = ?1")?
        .execute([eleve_id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO eleve_responsables (eleve_id, responsable_id, rang, lien_parente, paie_frais,
                                                   niveau_responsabilite)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
    )?;
    for l in links {
        insert.execute(params![
            eleve_id,
            l.responsable_id,
            l.rang,
            l.lien_parente,
            l.paie_frais,
            l.niveau_responsabilite
        ])?;
    }
    Ok(())
}

/// Deletes the school's guardians no pupil is linked to any more.
pub fn delete_orphan_responsables(conn: &Conn, uai: &str) -> Result<usize> {
    Ok(conn.execute(
        "DELETE FROM responsables WHERE uai = ?1
         AND NOT EXISTS (SELECT 1 FROM eleve_responsables er WHERE er.responsable_id = responsables.id)",
        [uai],
    )?)
}

/// For a pupil whose family was active: `Some(last submission's values as JSON, if any)` when
/// all that activity (logins, draft, submissions, sessions) is from before `since`, this
/// campaign's opening day (YYYY-MM-DD) — last year's file, over; `None` when the family has
/// done something in this campaign (or nothing dated), and the import leaves it alone.
pub fn previous_campaign(conn: &Conn, eleve_id: i64, since: &str) -> Result<Option<Option<String>>> {
    let last: Option<String> = conn
        .prepare_cached(
            "SELECT max(coalesce(e.premiere_connexion, ''), coalesce(e.derniere_connexion, ''),
                        coalesce((SELECT max(enregistre_le) FROM brouillons WHERE eleve_id = e.id), ''),
                        coalesce((SELECT max(transmis_le) FROM soumissions WHERE eleve_id = e.id), ''),
                        coalesce((SELECT max(cree_le) FROM sessions WHERE eleve_id = e.id), ''))
             FROM eleves e WHERE e.id = ?1",
        )?
        .query_row([eleve_id], |r| r.get(0))
        .optional()?;
    match last.filter(|l| !l.is_empty()) {
        Some(last) if last.as_str() < since => {}
        _ => return Ok(None),
    }
    let submitted: Option<String> = conn
        .prepare_cached("SELECT valeurs FROM soumissions WHERE eleve_id = ?1 ORDER BY id DESC LIMIT 1")?
        .query_row([eleve_id], |r| r.get(0))
        .optional()?;
    Ok(Some(submitted))
}

/// Ends a pupil's previous campaign: its draft, sessions, submissions and documents' rows are
/// deleted (their files are removed by the worker's sweep of files no row names) and its
/// state is back to `non_connecte`, so the import then updates it like a new file.
pub fn end_previous_campaign(conn: &Conn, eleve_id: i64) -> Result<()> {
    for sql in [
        "DELETE FROM pieces WHERE eleve_id = ?1",
        "DELETE FROM brouillons WHERE eleve_id = ?1",
        "DELETE FROM soumissions WHERE eleve_id = ?1",
        // Documents are each year's: last year's « reçue au secrétariat » ticks go with them.
        "DELETE FROM pieces_recues WHERE eleve_id = ?1",
        "DELETE FROM session_eleves WHERE eleve_id = ?1",
        "DELETE FROM sessions WHERE eleve_id = ?1",
        "UPDATE eleves SET etat = 'non_connecte', premiere_connexion = NULL, derniere_connexion = NULL, etat_avant_sortie = NULL WHERE id = ?1",
    ] {
        conn.prepare_cached(sql)?
            .execute([eleve_id])
            .with_context(|| format!("fin de la campagne précédente : {sql}"))?;
    }
    Ok(())
}
