//! What the staff area reads and changes. Every statement is filtered by the school of the
//! staff session (`uai`): an id of another school's pupil finds nothing.

use super::historique;
use crate::conn::{params, Conn, OptionalExtension, Row};
use anyhow::Result;
use dossiersco_model::{DossierState, FormValues};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A document the office ticked as received by hand: by whom, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recu {
    pub par: String,
    pub le: String,
}

/// A pupil's file as the staff see it.
#[derive(Debug, Clone)]
pub struct EleveSuivi {
    pub id: i64,
    pub ine: Option<String>,
    pub nom: String,
    pub prenom: String,
    /// YYYY-MM-DD
    pub date_naissance: String,
    pub division: Option<String>,
    pub mef_destination: Option<String>,
    pub etat: DossierState,
    /// Last change of state or content (timestamp).
    pub modifie_le: String,
    /// What the import knew.
    pub prefill: FormValues,
    /// The draft and when it was saved.
    pub brouillon: Option<(FormValues, String)>,
    /// The last submission and when it was sent.
    pub soumission: Option<(FormValues, String)>,
    /// Codes of the documents received as files with the last submission.
    pub documents_fournis: BTreeSet<String>,
    /// Codes of the documents the office received by hand (« pièce reçue au secrétariat »).
    pub documents_recus: BTreeMap<String, Recu>,
    /// The language the family last chose on the site (`en`, `ar`…); None: never chose one
    /// (French).
    pub langue: Option<String>,
}

impl EleveSuivi {
    /// What the family gave last: its submission, else its draft.
    pub fn valeurs_famille(&self) -> Option<&FormValues> {
        self.soumission
            .as_ref()
            .or(self.brouillon.as_ref())
            .map(|(values, _)| values)
    }
}

const COLUMNS: &str = "e.id, e.ine, e.nom, e.prenom, e.date_naissance, e.division, e.mef_destination, e.etat,
    e.modifie_le, e.prefill, b.valeurs, b.enregistre_le,
    (SELECT s.valeurs FROM soumissions s WHERE s.eleve_id = e.id ORDER BY s.id DESC LIMIT 1),
    (SELECT s.transmis_le FROM soumissions s WHERE s.eleve_id = e.id ORDER BY s.id DESC LIMIT 1),
    e.langue";

fn read(row: &Row) -> crate::conn::Result<EleveSuivi> {
    let values = |json: Option<String>| json.and_then(|j| serde_json::from_str::<FormValues>(&j).ok());
    let pair = |v: Option<FormValues>, le: Option<String>| v.zip(le);
    Ok(EleveSuivi {
        id: row.get(0)?,
        ine: row.get(1)?,
        nom: row.get(2)?,
        prenom: row.get(3)?,
        date_naissance: row.get(4)?,
        division: row.get(5)?,
        mef_destination: row.get(6)?,
        etat: DossierState::parse(&row.get::<_, String>(7)?).unwrap_or(DossierState::Connecte),
        modifie_le: row.get(8)?,
        prefill: values(row.get(9)?).unwrap_or_default(),
        brouillon: pair(values(row.get(10)?), row.get(11)?),
        soumission: pair(values(row.get(12)?), row.get(13)?),
        documents_fournis: BTreeSet::new(),
        documents_recus: BTreeMap::new(),
        langue: row.get(14)?,
    })
}

/// Every pupil of school `uai`, by class then name.
pub fn list(conn: &Conn, uai: &str) -> Result<Vec<EleveSuivi>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM eleves e LEFT JOIN brouillons b ON b.eleve_id = e.id
         WHERE e.uai = ?1 ORDER BY e.division, e.nom, e.prenom, e.id"
    ))?;
    let mut eleves: Vec<EleveSuivi> = stmt.query_map([uai], read)?.collect::<crate::conn::Result<_>>()?;
    let mut fournis = documents_fournis(conn, uai, None)?;
    let mut recus = documents_recus(conn, uai, None)?;
    for e in &mut eleves {
        e.documents_fournis = fournis.remove(&e.id).unwrap_or_default();
        e.documents_recus = recus.remove(&e.id).unwrap_or_default();
    }
    Ok(eleves)
}

/// Pupil `id` if it belongs to school `uai`.
pub fn get(conn: &Conn, uai: &str, id: i64) -> Result<Option<EleveSuivi>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM eleves e LEFT JOIN brouillons b ON b.eleve_id = e.id
         WHERE e.uai = ?1 AND e.id = ?2"
    ))?;
    let Some(mut eleve) = stmt.query_row(params![uai, id], read).optional()? else {
        return Ok(None);
    };
    eleve.documents_fournis = documents_fournis(conn, uai, Some(id))?.remove(&id).unwrap_or_default();
    eleve.documents_recus = documents_recus(conn, uai, Some(id))?.remove(&id).unwrap_or_default();
    Ok(Some(eleve))
}

/// Documents the office received by hand, per pupil.
fn documents_recus(conn: &Conn, uai: &str, id: Option<i64>) -> Result<BTreeMap<i64, BTreeMap<String, Recu>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT eleve_id, document, qui, le FROM pieces_recues WHERE uai = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR eleve_id = ?2)",
    )?;
    let rows = stmt.query_map(params![uai, id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            Recu {
                par: r.get(2)?,
                le: r.get(3)?,
            },
        ))
    })?;
    let mut out: BTreeMap<i64, BTreeMap<String, Recu>> = BTreeMap::new();
    for row in rows {
        let (eleve, document, recu) = row?;
        out.entry(eleve).or_default().insert(document, recu);
    }
    Ok(out)
}

/// Documents received as accepted files with a submission, per pupil. Reads the documents'
/// table when this database has one (it comes with the uploads' migration).
fn documents_fournis(conn: &Conn, uai: &str, id: Option<i64>) -> Result<BTreeMap<i64, BTreeSet<String>>> {
    let has_table = conn.has_table("pieces")?;
    let mut out: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
    if !has_table {
        return Ok(out);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT eleve_id, document FROM pieces
         WHERE uai = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR eleve_id = ?2) AND etat = 'accepte' AND soumission_id IS NOT NULL",
    )?;
    let rows = stmt.query_map(params![uai, id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (eleve, document) = row?;
        out.entry(eleve).or_default().insert(document);
    }
    Ok(out)
}

/// How many pupils share a state, a class and a destination level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub etat: DossierState,
    pub division: Option<String>,
    pub mef_destination: Option<String>,
    pub n: i64,
}

/// Counts of school `uai`'s pupils by (state, class, destination level).
pub fn counts(conn: &Conn, uai: &str) -> Result<Vec<Count>> {
    let mut stmt = conn.prepare_cached(
        "SELECT etat, division, mef_destination, count(*) FROM eleves WHERE uai = ?1
         GROUP BY etat, division, mef_destination ORDER BY division, mef_destination",
    )?;
    let rows = stmt.query_map([uai], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (etat, division, mef, n) = row?;
        if let Some(etat) = DossierState::parse(&etat) {
            out.push(Count {
                etat,
                division,
                mef_destination: mef,
                n,
            });
        }
    }
    Ok(out)
}

/// What a staff change did to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Fait,
    /// Not a pupil of this school (or no such pupil): nothing said about it.
    Introuvable,
    /// Its state does not allow it (validating a file not submitted…).
    EtatIncompatible(DossierState),
    /// A pupil the import found leaving: there is no file to go back to.
    SortantImport,
}

fn state_of(conn: &Conn, uai: &str, id: i64) -> Result<Option<(DossierState, Option<String>)>> {
    let row: Option<(String, Option<String>)> = conn
        .prepare_cached("SELECT etat, etat_avant_sortie FROM eleves WHERE id = ?1 AND uai = ?2")?
        .query_row(params![id, uai], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(row.and_then(|(etat, avant)| DossierState::parse(&etat).map(|e| (e, avant))))
}

fn set_state(conn: &Conn, uai: &str, id: i64, to: DossierState, avant: Option<&str>, now: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE eleves SET etat = ?3, etat_avant_sortie = ?4, modifie_le = ?5 WHERE id = ?1 AND uai = ?2",
    )?
    .execute(params![id, uai, to.as_str(), avant, now])?;
    Ok(())
}

fn audit(conn: &Conn, uai: &str, id: i64, action: &str, courriel: &str, now: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO personnel_actions (eleve_id, uai, action, courriel, le) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, uai, action, courriel, now])?;
    Ok(())
}

/// Validates pupil `id` of school `uai` when its file is `transmis`: state `valide`, the
/// submission untouched, the change traced with the staff address (audit and history).
pub fn validate(conn: &Conn, uai: &str, id: i64, courriel: &str, now: &str) -> Result<Change> {
    let Some((etat, _)) = state_of(conn, uai, id)? else {
        return Ok(Change::Introuvable);
    };
    if etat != DossierState::Transmis {
        return Ok(Change::EtatIncompatible(etat));
    }
    set_state(conn, uai, id, DossierState::Valide, None, now)?;
    audit(conn, uai, id, "valide", courriel, now)?;
    historique::record(conn, uai, id, courriel, "valide", "Dossier validé")?;
    Ok(Change::Fait)
}

/// Undoes a validation: a `valide` file is `transmis` again (the family may change it again).
pub fn undo_validation(conn: &Conn, uai: &str, id: i64, courriel: &str, now: &str) -> Result<Change> {
    let Some((etat, _)) = state_of(conn, uai, id)? else {
        return Ok(Change::Introuvable);
    };
    if etat != DossierState::Valide {
        return Ok(Change::EtatIncompatible(etat));
    }
    set_state(conn, uai, id, DossierState::Transmis, None, now)?;
    historique::record(
        conn,
        uai,
        id,
        courriel,
        "validation_annulee",
        "Validation annulée : le dossier redevient « Transmis »",
    )?;
    Ok(Change::Fait)
}

/// Marks pupil `id` of school `uai` as leaving (from any state but `sortant`), remembering
/// the state it was in so that it can be undone.
pub fn mark_leaving(conn: &Conn, uai: &str, id: i64, courriel: &str, now: &str) -> Result<Change> {
    let Some((etat, _)) = state_of(conn, uai, id)? else {
        return Ok(Change::Introuvable);
    };
    if etat == DossierState::Sortant {
        return Ok(Change::EtatIncompatible(etat));
    }
    set_state(conn, uai, id, DossierState::Sortant, Some(etat.as_str()), now)?;
    audit(conn, uai, id, "sortant", courriel, now)?;
    let detail = format!("Marqué comme sortant (dossier « {} » jusque-là)", etat.libelle());
    historique::record(conn, uai, id, courriel, "sortant", &detail)?;
    Ok(Change::Fait)
}

/// Undoes « sortant »: the file goes back to the state it had when staff marked it. A pupil
/// the import found leaving has no such state (nor a code): [`Change::SortantImport`].
pub fn undo_leaving(conn: &Conn, uai: &str, id: i64, courriel: &str, now: &str) -> Result<Change> {
    let Some((etat, avant)) = state_of(conn, uai, id)? else {
        return Ok(Change::Introuvable);
    };
    if etat != DossierState::Sortant {
        return Ok(Change::EtatIncompatible(etat));
    }
    let Some(avant) = avant.as_deref().and_then(DossierState::parse) else {
        return Ok(Change::SortantImport);
    };
    set_state(conn, uai, id, avant, None, now)?;
    let detail = format!("Sortie annulée : le dossier redevient « {} »", avant.libelle());
    historique::record(conn, uai, id, courriel, "sortie_annulee", &detail)?;
    Ok(Change::Fait)
}

/// Ticks (`recue`) or unticks document `document` (named `nom`) of pupil `id` as received at
/// the office; traced in the history when it changes something.
#[allow(clippy::too_many_arguments)]
pub fn set_document_received(
    conn: &Conn,
    uai: &str,
    id: i64,
    document: &str,
    nom: &str,
    recue: bool,
    courriel: &str,
    now: &str,
) -> Result<Change> {
    if state_of(conn, uai, id)?.is_none() {
        return Ok(Change::Introuvable);
    }
    let changed = if recue {
        conn.prepare_cached(
            "INSERT INTO pieces_recues (eleve_id, uai, document, qui, le) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT DO NOTHING",
        )?
        .execute(params![id, uai, document, courriel, now])?
    } else {
        conn.prepare_cached("DELETE FROM pieces_recues WHERE eleve_id = ?1 AND uai = ?2 AND document = ?3")?
            .execute(params![id, uai, document])?
    };
    if changed > 0 {
        let (action, detail) = if recue {
            ("piece_recue", format!("Pièce reçue au secrétariat : {nom}"))
        } else {
            (
                "piece_recue_annulee",
                format!("Pièce décochée (plus reçue au secrétariat) : {nom}"),
            )
        };
        historique::record(conn, uai, id, courriel, action, &detail)?;
    }
    Ok(Change::Fait)
}

/// Whether pupil `id` already got a reminder on `jour` (YYYY-MM-DD).
pub fn reminded_on(conn: &Conn, uai: &str, jour: &str) -> Result<BTreeSet<i64>> {
    let mut stmt = conn.prepare_cached("SELECT eleve_id FROM relances WHERE uai = ?1 AND jour = ?2")?;
    let ids = stmt.query_map(params![uai, jour], |r| r.get(0))?;
    Ok(ids.collect::<crate::conn::Result<_>>()?)
}

/// Records a reminder to pupil `id` (of `uai`, still in state `etat`) on `jour`. False when
/// it already had one that day, or is no longer in that state: then nothing is to be sent.
pub fn record_reminder(conn: &Conn, uai: &str, id: i64, etat: &str, jour: &str, now: &str) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT INTO relances (eleve_id, uai, jour, etat, le)
             SELECT id, uai, ?3, etat, ?5 FROM eleves WHERE id = ?1 AND uai = ?2 AND etat = ?4
             ON CONFLICT DO NOTHING",
        )?
        .execute(params![id, uai, jour, etat, now])?;
    Ok(n == 1)
}

/// An email of school `uai` that could not be delivered, with the pupil it was about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedEmail {
    pub genre: String,
    pub eleve_id: Option<i64>,
    pub eleve: Option<String>,
    pub division: Option<String>,
    pub erreur: String,
    pub le: String,
}

/// The school's refused emails, newest first (the reason never holds an address).
pub fn refused_emails(conn: &Conn, uai: &str) -> Result<Vec<RefusedEmail>> {
    let refused = crate::outbox::refused(conn, uai)?;
    let mut names =
        conn.prepare_cached("SELECT prenom || ' ' || nom, division FROM eleves WHERE id = ?1 AND uai = ?2")?;
    let mut out = Vec::with_capacity(refused.len());
    for r in refused {
        let found: Option<(String, Option<String>)> = match r.eleve_id {
            Some(id) => names
                .query_row(params![id, uai], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()?,
            None => None,
        };
        out.push(RefusedEmail {
            genre: r.genre,
            eleve_id: r.eleve_id,
            eleve: found.as_ref().map(|(n, _)| n.clone()),
            division: found.and_then(|(_, d)| d),
            erreur: r.derniere_erreur,
            le: r.cree_le,
        });
    }
    Ok(out)
}
