//! Documents families attach (table `pieces`, migration 0005). The bytes live in the spool
//! folder (see `crate::uploads`); these functions only say what each file is and whose.

use crate::conn::{params, Conn, OptionalExtension};
use anyhow::Result;
use std::collections::{BTreeSet, HashSet};

/// Where a file stands with the antivirus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Etat {
    /// Scanned clean, or no scanner configured.
    Accepte,
    /// The scanner did not answer: kept apart, retried, never served.
    AnalyseEnAttente,
    /// Flagged by a later scan: the file is deleted, the row says why the document is gone.
    Refuse,
}

impl Etat {
    pub fn as_str(self) -> &'static str {
        match self {
            Etat::Accepte => "accepte",
            Etat::AnalyseEnAttente => "analyse_en_attente",
            Etat::Refuse => "refuse",
        }
    }

    fn parse(text: &str) -> Etat {
        match text {
            "accepte" => Etat::Accepte,
            "analyse_en_attente" => Etat::AnalyseEnAttente,
            _ => Etat::Refuse,
        }
    }
}

/// A file received, before its row exists.
#[derive(Debug, Clone)]
pub struct NewPiece {
    pub eleve_id: i64,
    pub uai: String,
    pub document: String,
    pub nom_original: String,
    pub fichier: String,
    pub type_mime: &'static str,
    pub taille: u64,
    pub sha256: String,
    pub etat: Etat,
}

/// A stored file, as the family and staff see it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Piece {
    pub id: i64,
    pub document: String,
    pub nom: String,
    #[serde(rename = "type")]
    pub type_mime: String,
    pub taille: u64,
    pub sha256: String,
    pub etat: &'static str,
    /// Part of the pupil's file (a submission carried it).
    pub transmis: bool,
    pub recu_le: String,
    #[serde(skip)]
    pub fichier: String,
}

const COLUMNS: &str = "id, document, nom_original, type_mime, taille, sha256, etat, soumission_id IS NOT NULL, \
                       recu_le, fichier";

fn piece(r: &crate::conn::Row) -> crate::conn::Result<Piece> {
    Ok(Piece {
        id: r.get(0)?,
        document: r.get(1)?,
        nom: r.get(2)?,
        type_mime: r.get(3)?,
        taille: r.get::<_, i64>(4)? as u64,
        sha256: r.get(5)?,
        etat: Etat::parse(&r.get::<_, String>(6)?).as_str(),
        transmis: r.get(7)?,
        recu_le: r.get(8)?,
        fichier: r.get(9)?,
    })
}

/// Bytes the pupil's files take (pending and linked; refused ones are gone).
pub fn used_bytes(conn: &Conn, eleve_id: i64) -> Result<u64> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT CAST(coalesce(sum(taille), 0) AS BIGINT) FROM pieces WHERE eleve_id = ?1 AND etat <> 'refuse'",
        )?
        .query_row([eleve_id], |r| r.get(0))?;
    Ok(n as u64)
}

/// [`used_bytes`] of a pupil's documents already read ([`list_for_eleve`]).
pub fn used_bytes_of(pieces: &[Piece]) -> u64 {
    pieces
        .iter()
        .filter(|p| p.etat != Etat::Refuse.as_str())
        .map(|p| p.taille)
        .sum()
}

/// Records a received file, unless the pupil's total would pass `max_eleve` bytes (checked
/// here, in the writer, so two uploads at once cannot both pass). Returns the new id, or None.
pub fn insert(conn: &Conn, p: &NewPiece, max_eleve: u64, now: &str) -> Result<Option<i64>> {
    if used_bytes(conn, p.eleve_id)? + p.taille > max_eleve {
        return Ok(None);
    }
    let id: i64 = conn
        .prepare_cached(
            "INSERT INTO pieces (eleve_id, uai, document, nom_original, fichier, type_mime, taille, sha256, etat,
                             recu_le, analyse_le)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10) RETURNING id",
        )?
        .query_row(
            params![
                p.eleve_id,
                p.uai,
                p.document,
                p.nom_original,
                p.fichier,
                p.type_mime,
                p.taille as i64,
                p.sha256,
                p.etat.as_str(),
                now
            ],
            |r| r.get(0),
        )?;
    Ok(Some(id))
}

/// The pupil's files, oldest first.
pub fn list_for_eleve(conn: &Conn, eleve_id: i64) -> Result<Vec<Piece>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM pieces WHERE eleve_id = ?1 ORDER BY id"))?;
    let rows = stmt.query_map([eleve_id], piece)?;
    Ok(rows.collect::<crate::conn::Result<_>>()?)
}

/// Codes of the documents that have a file (accepted or waiting for the antivirus).
pub fn documents_fournis(conn: &Conn, eleve_id: i64) -> Result<BTreeSet<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT DISTINCT document FROM pieces WHERE eleve_id = ?1 AND etat <> 'refuse'")?;
    let rows = stmt.query_map([eleve_id], |r| r.get(0))?;
    Ok(rows.collect::<crate::conn::Result<_>>()?)
}

/// Deletes a file the family sent but has not submitted yet; returns its spool name.
pub fn delete_pending(conn: &Conn, eleve_id: i64, id: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "DELETE FROM pieces WHERE id = ?1 AND eleve_id = ?2 AND soumission_id IS NULL RETURNING fichier",
        )?
        .query_row(params![id, eleve_id], |r| r.get(0))
        .optional()?)
}

/// Links the pupil's pending files to its submission `soumission_id`: call in the
/// submission's own write, after the submission row is inserted.
pub fn link_pending(conn: &Conn, eleve_id: i64, soumission_id: i64) -> Result<usize> {
    // Looked for first: the UPDATE changes a column of the partial index it reads through, so
    // SQLite collects its rows in a temporary B-tree, even when there are none (most
    // submissions: the files came with an earlier one, or none is asked).
    if !conn.exists(
        "SELECT 1 FROM pieces WHERE eleve_id = ?1 AND soumission_id IS NULL AND etat <> 'refuse'",
        [eleve_id],
    )? {
        return Ok(0);
    }
    Ok(conn
        .prepare_cached(
            "UPDATE pieces SET soumission_id = ?2 WHERE eleve_id = ?1 AND soumission_id IS NULL AND etat <> 'refuse'",
        )?
        .execute(params![eleve_id, soumission_id])?)
}

/// Files waiting for the antivirus: (id, spool name).
pub fn awaiting_scan(conn: &Conn) -> Result<Vec<(i64, String)>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, fichier FROM pieces WHERE etat = 'analyse_en_attente' ORDER BY id LIMIT 100")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<crate::conn::Result<_>>()?)
}

/// Records the antivirus verdict of a file that was waiting.
pub fn set_verdict(conn: &Conn, id: i64, etat: Etat, now: &str) -> Result<()> {
    conn.prepare_cached("UPDATE pieces SET etat = ?2, analyse_le = ?3 WHERE id = ?1 AND etat = 'analyse_en_attente'")?
        .execute(params![id, etat.as_str(), now])?;
    Ok(())
}

/// Deletes the rows attached to nothing and received before `before`; returns their spool
/// names. A file not yet submitted belongs to the pupil's draft: it lives as long as the draft
/// (kept all campaign, until `purge`), and is linked when the family submits. Only a file
/// with neither a submission nor a draft of its pupil is an orphan (a post refused without
/// JavaScript, whose typed values were not kept either, then abandoned).
pub fn delete_orphans(conn: &Conn, before: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "DELETE FROM pieces
         WHERE soumission_id IS NULL AND recu_le < ?1
           AND NOT EXISTS (SELECT 1 FROM brouillons b WHERE b.eleve_id = pieces.eleve_id)
         RETURNING fichier",
    )?;
    let rows = stmt.query_map([before], |r| r.get(0))?;
    Ok(rows.collect::<crate::conn::Result<_>>()?)
}

/// Spool names of every row: a file on disk that is none of these is left over.
pub fn all_files(conn: &Conn) -> Result<HashSet<String>> {
    let mut stmt = conn.prepare("SELECT fichier FROM pieces")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<crate::conn::Result<_>>()?)
}

/// A file of the school's pupils' files, with whose it is (staff downloads).
#[derive(Debug, Clone)]
pub struct StaffPiece {
    pub piece: Piece,
    pub eleve_id: i64,
    pub nom: String,
    pub prenom: String,
    pub division: Option<String>,
}

const STAFF_COLUMNS: &str = "p.id, p.document, p.nom_original, p.type_mime, p.taille, p.sha256, p.etat, \
                             p.soumission_id IS NOT NULL, p.recu_le, p.fichier, e.id, e.nom, e.prenom, e.division";

fn staff_piece(r: &crate::conn::Row) -> crate::conn::Result<StaffPiece> {
    Ok(StaffPiece {
        piece: piece(r)?,
        eleve_id: r.get(10)?,
        nom: r.get(11)?,
        prenom: r.get(12)?,
        division: r.get(13)?,
    })
}

/// One submitted file of school `uai`.
pub fn staff_get(conn: &Conn, uai: &str, id: i64) -> Result<Option<StaffPiece>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {STAFF_COLUMNS} FROM pieces p JOIN eleves e ON e.id = p.eleve_id
             WHERE p.id = ?1 AND p.uai = ?2 AND e.uai = ?2 AND p.soumission_id IS NOT NULL"
        ))?
        .query_row(params![id, uai], staff_piece)
        .optional()?)
}

/// The submitted files of one class (current division) of school `uai`, by pupil.
pub fn staff_class(conn: &Conn, uai: &str, division: &str) -> Result<Vec<StaffPiece>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {STAFF_COLUMNS} FROM pieces p JOIN eleves e ON e.id = p.eleve_id
         WHERE p.uai = ?1 AND e.uai = ?1 AND e.division = ?2 AND p.soumission_id IS NOT NULL
         ORDER BY e.nom, e.prenom, e.id, p.document, p.id"
    ))?;
    let rows = stmt.query_map(params![uai, division], staff_piece)?;
    Ok(rows.collect::<crate::conn::Result<_>>()?)
}
