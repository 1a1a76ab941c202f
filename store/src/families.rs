//! A family's file as the worker reads and writes it: pre-fill, draft, submissions,
//! satisfaction. Every function takes the pupil's id from the session, never from a request.

use crate::conn::{params, Conn, OptionalExtension};
use anyhow::Result;
use dossiersco_model::{DossierState, FormValues};

/// Everything `GET /api/dossier` shows.
#[derive(Debug, Clone)]
pub struct Dossier {
    pub uai: String,
    pub mef_destination: Option<String>,
    pub etat: DossierState,
    pub prenom: String,
    pub nom: String,
    pub division: Option<String>,
    pub options_actuelles: Vec<String>,
    /// Values built by the import.
    pub prefill: FormValues,
    /// The draft and when it was saved.
    pub brouillon: Option<(FormValues, String)>,
    /// The last submission and when it was sent.
    pub soumission: Option<(FormValues, String)>,
}

/// Loads a pupil's file.
pub fn load(conn: &Conn, eleve_id: i64) -> Result<Option<Dossier>> {
    let row = conn
        .prepare_cached(
            "SELECT uai, mef_destination, etat, prenom, nom, division, options_actuelles, prefill
             FROM eleves WHERE id = ?1",
        )?
        .query_row([eleve_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
            ))
        })
        .optional()?;
    let Some((uai, mef_destination, etat, prenom, nom, division, options, prefill)) = row else {
        return Ok(None);
    };
    let brouillon = conn
        .prepare_cached("SELECT valeurs, enregistre_le FROM brouillons WHERE eleve_id = ?1")?
        .query_row([eleve_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .optional()?;
    let soumission = conn
        .prepare_cached("SELECT valeurs, transmis_le FROM soumissions WHERE eleve_id = ?1 ORDER BY id DESC LIMIT 1")?
        .query_row([eleve_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .optional()?;
    let values = |json: &str| serde_json::from_str::<FormValues>(json).unwrap_or_default();
    Ok(Some(Dossier {
        uai,
        mef_destination,
        etat: DossierState::parse(&etat).unwrap_or(DossierState::Connecte),
        prenom,
        nom,
        division,
        options_actuelles: serde_json::from_str(&options).unwrap_or_default(),
        prefill: values(&prefill),
        brouillon: brouillon.map(|(v, le)| (values(&v), le)),
        soumission: soumission.map(|(v, le)| (values(&v), le)),
    }))
}

/// Whether a write was made, or the state that forbids it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    Enregistre,
    /// The file is `valide` or `sortant` (or gone): the family can no longer change it.
    Refuse(Option<DossierState>),
}

fn current_state(conn: &Conn, eleve_id: i64) -> Result<Option<DossierState>> {
    let etat: Option<String> = conn
        .prepare_cached("SELECT etat FROM eleves WHERE id = ?1")?
        .query_row([eleve_id], |r| r.get(0))
        .optional()?;
    Ok(etat.as_deref().and_then(DossierState::parse))
}

/// Saves a draft (already bounded by `sanitize_draft`). A file not yet submitted becomes
/// `brouillon`; a submitted one stays `transmis` (its submission still stands).
pub fn save_draft(conn: &Conn, eleve_id: i64, values: &FormValues, now: &str) -> Result<WriteOutcome> {
    let state = current_state(conn, eleve_id)?;
    if !state.is_some_and(|s| s.family_can_submit()) {
        return Ok(WriteOutcome::Refuse(state));
    }
    conn.prepare_cached(
        "INSERT INTO brouillons (eleve_id, valeurs, enregistre_le) VALUES (?1, ?2, ?3)
         ON CONFLICT (eleve_id) DO UPDATE SET valeurs = excluded.valeurs, enregistre_le = excluded.enregistre_le",
    )?
    .execute(params![eleve_id, serde_json::to_string(values)?, now])?;
    conn.prepare_cached(
        "UPDATE eleves SET etat = 'brouillon', modifie_le = ?2
         WHERE id = ?1 AND etat IN ('non_connecte', 'connecte')",
    )?
    .execute(params![eleve_id, now])?;
    Ok(WriteOutcome::Enregistre)
}

/// Stores a validated submission: a new row (earlier ones are kept), state `transmis`, and
/// the draft it replaces is dropped.
pub fn submit(conn: &Conn, eleve_id: i64, values: &FormValues, now: &str) -> Result<WriteOutcome> {
    submit_as(conn, eleve_id, values, now, Mode::Formulaire)
}

/// How a submission was made (soumissions.mode, counted apart in the statistics).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The full form.
    Formulaire,
    /// "Tout est exact": the one-click summary page.
    UnClic,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Formulaire => "formulaire",
            Mode::UnClic => "un_clic",
        }
    }
}

/// [`submit`], recording how the file was sent.
pub fn submit_as(conn: &Conn, eleve_id: i64, values: &FormValues, now: &str, mode: Mode) -> Result<WriteOutcome> {
    submit_serialized(conn, eleve_id, &SerializedValues::of(values)?, now, mode)
}

/// A file's values as stored (JSON), serialized before the write: not in the writer thread's
/// serial path.
pub struct SerializedValues(String);

impl SerializedValues {
    pub fn of(values: &FormValues) -> Result<SerializedValues> {
        Ok(SerializedValues(serde_json::to_string(values)?))
    }
}

/// [`submit_as`] with the values already serialized.
pub fn submit_serialized(
    conn: &Conn,
    eleve_id: i64,
    values: &SerializedValues,
    now: &str,
    mode: Mode,
) -> Result<WriteOutcome> {
    Ok(submit_serialized_id(conn, eleve_id, values, now, mode)?.0)
}

/// [`submit_serialized`], and the new submission's id when it was stored (the confirmation
/// email rendered at send time refers to it).
pub fn submit_serialized_id(
    conn: &Conn,
    eleve_id: i64,
    values: &SerializedValues,
    now: &str,
    mode: Mode,
) -> Result<(WriteOutcome, Option<i64>)> {
    let state = current_state(conn, eleve_id)?;
    if !state.is_some_and(|s| s.family_can_submit()) {
        return Ok((WriteOutcome::Refuse(state), None));
    }
    let id = conn.insert_returning_id(
        "INSERT INTO soumissions (eleve_id, valeurs, transmis_le, mode) VALUES (?1, ?2, ?3, ?4)",
        params![eleve_id, values.0, now, mode.as_str()],
    )?;
    // A resubmission leaves the state as it is: setting it anyway rewrites its index entry.
    let update = if state == Some(DossierState::Transmis) {
        "UPDATE eleves SET modifie_le = ?2 WHERE id = ?1"
    } else {
        "UPDATE eleves SET etat = 'transmis', modifie_le = ?2 WHERE id = ?1"
    };
    conn.prepare_cached(update)?.execute(params![eleve_id, now])?;
    conn.prepare_cached("DELETE FROM brouillons WHERE eleve_id = ?1")?
        .execute([eleve_id])?;
    Ok((WriteOutcome::Enregistre, Some(id)))
}

/// Remembers the language the family of pupil `eleve_id` chose (a code of the site's
/// languages, checked by the caller): the staff's emails to the family are written in it.
pub fn set_langue(conn: &Conn, eleve_id: i64, langue: &str) -> Result<()> {
    conn.prepare_cached("UPDATE eleves SET langue = ?2 WHERE id = ?1 AND (langue IS NULL OR langue <> ?2)")?
        .execute(params![eleve_id, langue])?;
    Ok(())
}

/// The language the family of pupil `eleve_id` last chose; None when it never chose one.
pub fn langue(conn: &Conn, eleve_id: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT langue FROM eleves WHERE id = ?1")?
        .query_row(params![eleve_id], |r| r.get(0))
        .optional()?
        .flatten())
}

/// Submissions of pupil `eleve_id` since `since` (a timestamp): the daily limit.
pub fn submissions_since(conn: &Conn, eleve_id: i64, since: &str) -> Result<u32> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM soumissions WHERE eleve_id = ?1 AND transmis_le >= ?2")?
        .query_row(params![eleve_id, since], |r| r.get(0))?)
}

/// Records a rating; a family rating again replaces its previous rating.
pub fn rate(conn: &Conn, eleve_id: i64, uai: &str, note: u8, commentaire: &str, now: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM satisfaction WHERE eleve_id = ?1")?
        .execute([eleve_id])?;
    conn.prepare_cached("INSERT INTO satisfaction (eleve_id, uai, note, commentaire, le) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![eleve_id, uai, note, commentaire, now])?;
    Ok(())
}
