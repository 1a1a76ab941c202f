//! The outbox: emails accepted for sending, written in the transaction that caused them and
//! delivered by the sender task (the worker's `mail` module). Only short statements here, so a crash
//! between two of them leaves every row in a state the sender can resume from.

use crate::conn::{params, Conn, OptionalExtension, Row};
use dossiersco_model::clock::timestamp;
use rand::Rng;
use time::OffsetDateTime;

/// An email ready to be queued: its headers, and either its rendered subject and bodies or,
/// in `a_rendre`, the facts to render them from when it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    /// School the email is about (staff see refused emails per school).
    pub uai: String,
    /// Pupil the email is about, when there is one.
    pub eleve_id: Option<i64>,
    /// Kind of email: `confirmation`, later `validation`, `relance`…
    pub genre: String,
    /// From, as a mailbox (`Réinscription au collège <contact@example.fr>`).
    pub expediteur: String,
    /// Recipients' addresses, deduplicated.
    pub destinataires: Vec<String>,
    /// Reply-To: the school office, so families' answers reach the people who can act.
    pub repondre_a: Option<String>,
    pub sujet: String,
    /// Plain-text body.
    pub texte: String,
    /// HTML body (alternative to the text).
    pub html: Option<String>,
    /// Rendered by the sender when it sends it (`sujet` and `texte` empty, `html` None):
    /// the facts its templates need.
    pub a_rendre: Option<ARendre>,
}

/// What an email rendered at send time is rendered from (the confirmation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ARendre {
    /// The submission it confirms, whose values it shows (a later submission is a new row:
    /// this one never changes).
    pub soumission_id: i64,
    /// The other facts, as JSON (their shape is the worker's mail module's).
    pub faits: String,
}

/// The facts of a row to render at send time, as the sender reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Faits {
    /// [`ARendre::faits`].
    pub faits: String,
    /// The confirmed submission's values (JSON `FormValues`); None when the submission was
    /// deleted since (a purge, a new campaign).
    pub valeurs: Option<String>,
}

/// A new, globally unique Message-ID whose domain is the sender's (`<…@example.fr>`): the
/// milliseconds since 1970 then 80 random bits, 32 hex digits in all. Time first so that
/// the unique index on `message_id` grows at its end: a batch of submissions then writes one
/// of its pages to the WAL, not one page each (random ids land all over it).
pub fn message_id(expediteur: &str) -> String {
    let domain = expediteur
        .rsplit_once('@')
        .map(|(_, d)| d.trim_end_matches('>').trim())
        .filter(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        .unwrap_or("dossiersco.invalid");
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
        & 0xffff_ffff_ffff;
    let random: u128 = rand::rng().random::<u128>() >> 48;
    format!("<{millis:012x}{random:020x}.dossiersco@{domain}>")
}

/// A queued email as the sender reads it.
#[derive(Debug, Clone)]
pub struct OutboxRow {
    pub id: i64,
    pub uai: String,
    pub genre: String,
    pub expediteur: String,
    pub destinataires: Vec<String>,
    pub repondre_a: Option<String>,
    pub sujet: String,
    pub texte: String,
    pub html: Option<String>,
    pub message_id: String,
    pub tentatives: i64,
    pub cree_le: String,
    /// Some: `sujet`, `texte` and `html` are to be rendered from these facts before sending.
    pub a_rendre: Option<Faits>,
}

/// An email the SMTP server refused for good (or that was given up on), for the staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub id: i64,
    pub eleve_id: Option<i64>,
    pub genre: String,
    pub tentatives: i64,
    /// Why, without personal data (addresses are masked).
    pub derniere_erreur: String,
    pub cree_le: String,
}

/// How many emails are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub a_envoyer: i64,
    pub envoye: i64,
    pub refuse: i64,
}

/// Queues `email`; call it inside the transaction (or the writer's savepoint) that records
/// what the email confirms, so both are committed or neither. Fixes the Message-ID now, so a
/// message sent twice is recognisably the same. Returns the outbox id.
pub fn enqueue(tx: &Conn, email: &OutgoingEmail) -> crate::conn::Result<i64> {
    let now = timestamp(OffsetDateTime::now_utc());
    let destinataires = serde_json::to_string(&email.destinataires).expect("a list of strings serializes");
    // Without RETURNING on SQLite: it builds and drops a temporary table per row.
    tx.insert_returning_id(
        "INSERT INTO outbox (eleve_id, uai, genre, expediteur, destinataires, repondre_a, sujet, texte, html,
                             message_id, prochain_essai, cree_le, soumission_id, a_rendre)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12, ?13)",
        params![
            email.eleve_id,
            email.uai,
            email.genre,
            email.expediteur,
            destinataires,
            email.repondre_a,
            email.sujet,
            email.texte,
            email.html,
            message_id(&email.expediteur),
            now,
            email.a_rendre.as_ref().map(|a| a.soumission_id),
            email.a_rendre.as_ref().map(|a| a.faits.as_str()),
        ],
    )
}

/// The last one: the confirmed submission's values, read with the row (its id is the row's).
const ROW_COLUMNS: &str = "id, uai, genre, expediteur, destinataires, repondre_a, sujet, texte, html, message_id,
                           tentatives, cree_le, a_rendre,
                           (SELECT s.valeurs FROM soumissions s WHERE s.id = outbox.soumission_id)";

fn read_row(row: &Row) -> crate::conn::Result<OutboxRow> {
    let destinataires: String = row.get(4)?;
    Ok(OutboxRow {
        id: row.get(0)?,
        uai: row.get(1)?,
        genre: row.get(2)?,
        expediteur: row.get(3)?,
        destinataires: serde_json::from_str(&destinataires)
            .map_err(|e| crate::conn::Error::Conversion(4, e.to_string()))?,
        repondre_a: row.get(5)?,
        sujet: row.get(6)?,
        texte: row.get(7)?,
        html: row.get(8)?,
        message_id: row.get(9)?,
        tentatives: row.get(10)?,
        cree_le: row.get(11)?,
        a_rendre: row
            .get::<_, Option<String>>(12)?
            .map(|faits| -> crate::conn::Result<Faits> {
                Ok(Faits {
                    faits,
                    valeurs: row.get(13)?,
                })
            })
            .transpose()?,
    })
}

/// The sender's connection on SQLite: its marks survive a crash of the process in WAL mode
/// without an fsync each (`synchronous=NORMAL`). PostgreSQL commits as configured.
pub fn sender_durability(conn: &Conn) -> crate::conn::Result<()> {
    if let Some(c) = conn.sqlite() {
        c.pragma_update(None, "synchronous", "NORMAL")?;
    }
    Ok(())
}

/// Emails due at `now` (a [`timestamp`]), oldest first.
pub fn due(conn: &Conn, now: &str, limit: usize) -> crate::conn::Result<Vec<OutboxRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ROW_COLUMNS} FROM outbox WHERE etat = 'a_envoyer' AND prochain_essai <= ?1
         ORDER BY prochain_essai, id LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![now, limit as i64], read_row)?;
    rows.collect()
}

/// How long a PostgreSQL sender keeps the emails it claimed before another may take them
/// (it marks each one sent or to retry well before; a sender killed mid-batch leaves them to
/// be sent again after this delay, same Message-ID).
pub const CLAIM_LEASE: time::Duration = time::Duration::minutes(10);

/// The emails this sender will send now, oldest first. With several workers on PostgreSQL,
/// each claims its own: the due rows are locked with `FOR UPDATE SKIP LOCKED` (a row another
/// sender is claiming is skipped, not waited for) and their next attempt moved `lease` ahead,
/// so no other sender sees them as due while this one sends them. On SQLite there is one
/// sender per database: the same as [`due`].
pub fn claim(
    conn: &Conn,
    now: OffsetDateTime,
    lease: time::Duration,
    limit: usize,
) -> crate::conn::Result<Vec<OutboxRow>> {
    let at = timestamp(now);
    match conn.engine() {
        crate::Engine::Sqlite => due(conn, &at, limit),
        crate::Engine::Postgres => {
            let until = timestamp(now + lease);
            let mut rows: Vec<OutboxRow> = conn.query_map(
                &format!(
                    "UPDATE outbox SET prochain_essai = ?3
                     WHERE id IN (SELECT id FROM outbox WHERE etat = 'a_envoyer' AND prochain_essai <= ?1
                                  ORDER BY prochain_essai, id LIMIT ?2 FOR UPDATE SKIP LOCKED)
                     RETURNING {ROW_COLUMNS}"
                ),
                params![at, limit as i64, until],
                read_row,
            )?;
            rows.sort_by_key(|r| r.id);
            Ok(rows)
        }
    }
}

/// One email by id, whatever its state.
pub fn get(conn: &Conn, id: i64) -> crate::conn::Result<Option<OutboxRow>> {
    conn.query_row(
        &format!("SELECT {ROW_COLUMNS} FROM outbox WHERE id = ?1"),
        [id],
        read_row,
    )
    .optional()
}

/// When the next email waiting for a retry is due, if any.
pub fn next_attempt(conn: &Conn) -> crate::conn::Result<Option<String>> {
    conn.query_row(
        "SELECT min(prochain_essai) FROM outbox WHERE etat = 'a_envoyer'",
        [],
        |row| row.get(0),
    )
}

/// The server accepted the email.
pub fn mark_sent(conn: &Conn, id: i64, now: &str) -> crate::conn::Result<()> {
    conn.execute(
        "UPDATE outbox SET etat = 'envoye', envoye_le = ?2, tentatives = tentatives + 1, derniere_erreur = NULL
         WHERE id = ?1 AND etat = 'a_envoyer'",
        params![id, now],
    )?;
    Ok(())
}

/// Staff login links (genre `lien_personnel`) once the server took them: the token was in the
/// outbox only to be sent. Its text is replaced, so the database (and a snapshot of it) holds
/// no usable link, only its hash in `personnel_liens`; `secure_delete` overwrites the old text
/// in the file instead of leaving it in free space. Other emails are left as they are.
pub fn scrub_sent_link(conn: &Conn, id: i64) -> crate::conn::Result<()> {
    if let Some(c) = conn.sqlite() {
        c.pragma_update(None, "secure_delete", "ON")?;
    }
    conn.execute(
        "UPDATE outbox SET texte = '(lien de connexion retiré après l''envoi : il ne sert qu''une fois)', html = NULL
         WHERE id = ?1 AND genre = 'lien_personnel' AND etat = 'envoye'",
        [id],
    )?;
    Ok(())
}

/// A temporary failure: try again at `prochain_essai`.
pub fn mark_retry(conn: &Conn, id: i64, prochain_essai: &str, erreur: &str) -> crate::conn::Result<()> {
    conn.execute(
        "UPDATE outbox SET tentatives = tentatives + 1, prochain_essai = ?2, derniere_erreur = ?3
         WHERE id = ?1 AND etat = 'a_envoyer'",
        params![id, prochain_essai, erreur],
    )?;
    Ok(())
}

/// A permanent refusal (or too many failures): never tried again, shown to the staff.
pub fn mark_refused(conn: &Conn, id: i64, erreur: &str) -> crate::conn::Result<()> {
    conn.execute(
        "UPDATE outbox SET etat = 'refuse', tentatives = tentatives + 1, derniere_erreur = ?2
         WHERE id = ?1 AND etat = 'a_envoyer'",
        params![id, erreur],
    )?;
    Ok(())
}

/// Emails of school `uai` that could not be delivered, newest first.
pub fn refused(conn: &Conn, uai: &str) -> crate::conn::Result<Vec<Refused>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, eleve_id, genre, tentatives, coalesce(derniere_erreur, ''), cree_le FROM outbox
         WHERE uai = ?1 AND etat = 'refuse' ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([uai], |row| {
        Ok(Refused {
            id: row.get(0)?,
            eleve_id: row.get(1)?,
            genre: row.get(2)?,
            tentatives: row.get(3)?,
            derniere_erreur: row.get(4)?,
            cree_le: row.get(5)?,
        })
    })?;
    rows.collect()
}

/// Emails per state, for one school or all.
pub fn counts(conn: &Conn, uai: Option<&str>) -> crate::conn::Result<Counts> {
    conn.query_row(
        "SELECT count(*) FILTER (WHERE etat = 'a_envoyer'), count(*) FILTER (WHERE etat = 'envoye'),
                count(*) FILTER (WHERE etat = 'refuse')
         FROM outbox WHERE CAST(?1 AS TEXT) IS NULL OR uai = ?1",
        [uai],
        |row| {
            Ok(Counts {
                a_envoyer: row.get(0)?,
                envoye: row.get(1)?,
                refuse: row.get(2)?,
            })
        },
    )
}

/// The emails still waiting to be sent (`/healthz`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pending {
    pub count: i64,
    /// When the oldest of them was queued (a timestamp), if any.
    pub oldest: Option<String>,
}

/// How many emails wait to be sent, and since when.
pub fn pending(conn: &Conn) -> crate::conn::Result<Pending> {
    conn.prepare_cached("SELECT count(*), min(cree_le) FROM outbox WHERE etat = 'a_envoyer'")?
        .query_row([], |row| {
            Ok(Pending {
                count: row.get(0)?,
                oldest: row.get(1)?,
            })
        })
}

/// Confirmation emails queued for the submissions of pupil `eleve_id` since `since` (a
/// timestamp), whatever became of them: the daily limit counts what the family made the
/// school send. Through the submissions: the outbox has no index by pupil (migration 0018).
pub fn confirmations_since(conn: &Conn, eleve_id: i64, since: &str) -> crate::conn::Result<u32> {
    conn.prepare_cached(
        "SELECT count(*) FROM soumissions s JOIN outbox o ON o.soumission_id = s.id
         WHERE s.eleve_id = ?1 AND s.transmis_le >= ?2 AND o.genre = 'confirmation'",
    )?
    .query_row(params![eleve_id, since], |row| row.get(0))
}

#[cfg(test)]
mod tests {
    use super::message_id;

    #[test]
    fn message_ids_sort_in_the_order_they_were_made_and_never_repeat() {
        let mut ids = Vec::new();
        for _ in 0..5 {
            ids.push(message_id("Réinscription <contact@college.example.fr>"));
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(sorted, ids, "the unique index must grow at its end");
        let same_ms: std::collections::HashSet<_> = (0..1000).map(|_| message_id("x <a@b.fr>")).collect();
        assert_eq!(same_ms.len(), 1000);
        assert_eq!(
            ids[0].len(),
            "<".len() + 32 + ".dossiersco@college.example.fr>".len(),
            "{}",
            ids[0]
        );
    }
}
