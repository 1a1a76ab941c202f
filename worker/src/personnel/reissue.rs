//! New access codes after the import: a lost code replaced (`dossiersco reissue-code`, or the
//! pupil's page of the staff area), letters printed from the staff area. The pupil's code
//! hash is replaced (the old code stops working at once) and the sessions it opened are
//! ended; what the family typed is kept. The new code exists in clear only in what this
//! returns (and the letter written before the commit); each one is written in the pupil's
//! history, never the code itself.

use super::courrier::{Courriers, Lettre};
use crate::auth::{codes, SecretHasher};
use crate::store::codes::{self as store, Holder, Selection};
use crate::store::historique::{self, action, LIGNE_DE_COMMANDE};
use crate::store::import::code_hash_exists;
use crate::store::Conn;
use anyhow::{Context, Result};
use std::path::Path;

/// The pupil who got a new code, and the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reissued {
    pub eleve_id: i64,
    pub lettre: Lettre,
    /// Family sessions ended.
    pub sessions_fermees: usize,
}

/// Why no new code was given. Nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum ReissueError {
    #[error("aucun élève de l'établissement {uai} n'a l'INE {ine} : vérifiez-le (il figure dans SIECLE)")]
    IneInconnu { uai: String, ine: String },
    #[error("plusieurs élèves de {uai} ont l'INE {ine} : corrigez l'export SIECLE puis réimportez")]
    IneAmbigu { uai: String, ine: String },
    #[error("élève introuvable dans cet établissement")]
    Introuvable,
    #[error("{0} quitte l'établissement (sortant) : il n'a pas de dossier, donc pas de code")]
    Sortant(String),
    #[error(
        "le nombre de courriers a changé depuis l'affichage de la page ({attendu} annoncés, {trouve} maintenant) : \
         rechargez la page et vérifiez avant d'imprimer — aucun code n'a été changé"
    )]
    CompteChange { attendu: usize, trouve: usize },
    #[error("aucun courrier à imprimer pour cette sélection")]
    Aucun,
    #[error("{0:#}")]
    Base(#[from] anyhow::Error),
}

/// A new code whose hash no pupil has yet (the column is UNIQUE).
fn fresh_code(conn: &Conn, hasher: &SecretHasher) -> Result<(String, String)> {
    loop {
        let code = codes::generate();
        let hash = hasher.hash_code(&codes::normalize(&code).expect("generated codes are valid"));
        if !code_hash_exists(conn, &hash)? {
            return Ok((code, hash));
        }
    }
}

/// Gives `pupil` a new code inside the caller's transaction and writes it in its history
/// (`what`, `detail`, by `qui`).
fn give_code(
    conn: &Conn,
    hasher: &SecretHasher,
    uai: &str,
    pupil: Holder,
    qui: &str,
    (what, detail): (&str, &str),
) -> Result<Reissued, ReissueError> {
    if pupil.etat == "sortant" {
        return Err(ReissueError::Sortant(format!("{} {}", pupil.prenom, pupil.nom)));
    }
    let (code, hash) = fresh_code(conn, hasher)?;
    let sessions_fermees = store::replace(conn, pupil.id, &hash)?;
    historique::record(conn, uai, pupil.id, qui, what, detail)?;
    Ok(Reissued {
        eleve_id: pupil.id,
        lettre: Lettre {
            prenom: pupil.prenom,
            nom: pupil.nom,
            division: pupil.division,
            code,
        },
        sessions_fermees,
    })
}

/// A lost code replaced from the staff area: pupil `id` of school `uai`, by staff `qui`, inside
/// the caller's transaction (the worker's writer).
pub fn reissue_by_id(
    conn: &Conn,
    hasher: &SecretHasher,
    uai: &str,
    id: i64,
    qui: &str,
) -> Result<Reissued, ReissueError> {
    let pupil = store::by_id(conn, uai, id)?.ok_or(ReissueError::Introuvable)?;
    give_code(
        conn,
        hasher,
        uai,
        pupil,
        qui,
        (
            action::CODE_REEMIS,
            "Nouveau code d'accès et courrier (code perdu) : l'ancien code ne fonctionne plus",
        ),
    )
}

/// Letters printed from the staff area: every pupil of `selection` gets a new code, inside the
/// caller's transaction. `expected` is the count the staff member confirmed: when pupils came
/// or went since, nothing is changed.
pub fn print_letters(
    conn: &Conn,
    hasher: &SecretHasher,
    uai: &str,
    selection: &Selection,
    expected: usize,
    qui: &str,
) -> Result<Vec<Reissued>, ReissueError> {
    let pupils = store::printable(conn, uai, selection)?;
    if pupils.is_empty() {
        return Err(ReissueError::Aucun);
    }
    if pupils.len() != expected {
        return Err(ReissueError::CompteChange {
            attendu: expected,
            trouve: pupils.len(),
        });
    }
    let detail = match selection {
        Selection::JamaisImprimes => "Premier courrier imprimé, avec son code d'accès".to_string(),
        Selection::Tous => {
            "Courrier imprimé avec un nouveau code (tout l'établissement) : l'ancien code ne fonctionne plus"
                .to_string()
        }
        Selection::Classe(c) => {
            format!("Courrier imprimé avec un nouveau code (classe {c}) : l'ancien code ne fonctionne plus")
        }
    };
    pupils
        .into_iter()
        .map(|p| give_code(conn, hasher, uai, p, qui, (action::COURRIER_IMPRIME, &detail)))
        .collect()
}

/// `dossiersco reissue-code`: gives pupil `ine` of school `uai` a new code; with `letter`,
/// writes its letter to a new file before committing (removed if the commit fails).
pub fn reissue_code(conn: &mut Conn, uai: &str, ine: &str, letter: Option<(&Courriers, &Path)>) -> Result<Reissued> {
    let ine = ine.trim().to_uppercase();
    if let Some((_, path)) = letter {
        if path.exists() {
            anyhow::bail!(
                "le fichier {} existe déjà : il n'est jamais écrasé ; choisissez un autre nom",
                path.display()
            );
        }
    }
    let tx = conn.transaction()?;
    let hasher = SecretHasher::load_or_create(&tx)?;
    let pupil = match store::by_ine(&tx, uai, &ine)?.as_slice() {
        [] => return Err(ReissueError::IneInconnu { uai: uai.into(), ine }.into()),
        [one] => one.clone(),
        _ => return Err(ReissueError::IneAmbigu { uai: uai.into(), ine }.into()),
    };
    let done = give_code(
        &tx,
        &hasher,
        uai,
        pupil,
        LIGNE_DE_COMMANDE,
        (
            action::CODE_REEMIS,
            "Nouveau code d'accès (commande reissue-code) : l'ancien code ne fonctionne plus",
        ),
    )?;
    if let Some((courriers, path)) = letter {
        courriers.write_new(path, std::slice::from_ref(&done.lettre))?;
    }
    if let Err(err) = tx.commit() {
        if let Some((_, path)) = letter {
            let _ = std::fs::remove_file(path);
        }
        return Err(err).context("enregistrement du nouveau code");
    }
    Ok(done)
}
