//! A new access code for a lost one (`dossiersco reissue-code`): the pupil's code hash is
//! replaced (the old code stops working at once) and its open sessions are ended. The new
//! code exists in clear only in what this returns (and the letter written before the commit).

use super::courrier::{Courriers, Lettre};
use crate::auth::{codes, SecretHasher};
use crate::store::import::code_hash_exists;
use anyhow::{bail, Context, Result};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::path::Path;

/// The pupil who got a new code, and the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reissued {
    pub eleve_id: i64,
    pub lettre: Lettre,
    /// Family sessions ended.
    pub sessions_fermees: usize,
}

/// Gives pupil `ine` of school `uai` a new code; with `letter`, writes its letter to a new
/// file before committing (removed if the commit fails).
pub fn reissue_code(
    conn: &mut Connection,
    uai: &str,
    ine: &str,
    letter: Option<(&Courriers, &Path)>,
) -> Result<Reissued> {
    let ine = ine.trim().to_uppercase();
    if let Some((_, path)) = letter {
        if path.exists() {
            bail!(
                "le fichier {} existe déjà : il n'est jamais écrasé ; choisissez un autre nom",
                path.display()
            );
        }
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let hasher = SecretHasher::load_or_create(&tx)?;
    let found: Vec<(i64, String, String, Option<String>, String)> = {
        let mut stmt = tx.prepare(
            "SELECT id, prenom, nom, division, etat FROM eleves WHERE uai = ?1 AND upper(ine) = ?2 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![uai, ine], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let (id, prenom, nom, division, etat) = match found.as_slice() {
        [] => bail!("aucun élève de l'établissement {uai} n'a l'INE {ine} : vérifiez-le (il figure dans SIECLE)"),
        [one] => one.clone(),
        _ => bail!("plusieurs élèves de {uai} ont l'INE {ine} : corrigez l'export SIECLE puis réimportez"),
    };
    if etat == "sortant" {
        bail!("{prenom} {nom} quitte l'établissement (sortant) : il n'a pas de dossier, donc pas de code");
    }
    let (code, hash) = loop {
        let code = codes::generate();
        let hash = hasher.hash_code(&codes::normalize(&code).expect("generated codes are valid"));
        if !code_hash_exists(&tx, &hash)? {
            break (code, hash);
        }
    };
    tx.execute("UPDATE eleves SET code_hash = ?2 WHERE id = ?1", params![id, hash])?;
    // Sessions opened with this code (a family's session may hold siblings: the one-click
    // table, where this database has it), then any session showing this pupil.
    let has_siblings: Option<i64> = tx
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'session_eleves'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let mut sessions_fermees = 0;
    if has_siblings.is_some() {
        sessions_fermees += tx
            .execute(
                "DELETE FROM sessions WHERE token_hash IN
                     (SELECT token_hash FROM session_eleves WHERE eleve_id = ?1 AND par_code = 1)",
                [id],
            )
            .context("fin des sessions ouvertes avec l'ancien code")?;
        tx.execute("DELETE FROM session_eleves WHERE eleve_id = ?1", [id])?;
    }
    sessions_fermees += tx.execute("DELETE FROM sessions WHERE eleve_id = ?1", [id])?;
    let lettre = Lettre {
        prenom,
        nom,
        division,
        code,
    };
    if let Some((courriers, path)) = letter {
        courriers.write_new(path, std::slice::from_ref(&lettre))?;
    }
    if let Err(err) = tx.commit() {
        if let Some((_, path)) = letter {
            let _ = std::fs::remove_file(path);
        }
        return Err(err).context("enregistrement du nouveau code");
    }
    Ok(Reissued {
        eleve_id: id,
        lettre,
        sessions_fermees,
    })
}
