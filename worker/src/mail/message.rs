//! From an outbox row to an RFC 5322 message (lettre).

#[cfg(test)]
use crate::store::outbox::message_id;
use crate::store::outbox::OutboxRow;
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::Message;

/// The message of `row`. An error (an address lettre cannot parse) is permanent: the same row
/// would fail again; its text names the field, not the address.
pub fn build_message(row: &OutboxRow) -> Result<Message, String> {
    let mailbox = |what: &str, text: &str| -> Result<Mailbox, String> {
        text.parse::<Mailbox>()
            .map_err(|_| format!("adresse invalide ({what})"))
    };
    let mut builder = Message::builder()
        .from(mailbox("expéditeur", &row.expediteur)?)
        .subject(row.sujet.as_str())
        .message_id(Some(row.message_id.clone()));
    if let Some(date) = crate::clock::parse_timestamp(&row.cree_le) {
        builder = builder.date(date.into());
    }
    for (n, to) in row.destinataires.iter().enumerate() {
        builder = builder.to(mailbox(&format!("destinataire {}", n + 1), to)?);
    }
    if let Some(reply) = row.repondre_a.as_deref().filter(|r| !r.is_empty()) {
        builder = builder.reply_to(mailbox("réponse à", reply)?);
    }
    let text = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .body(row.texte.clone());
    let result = match &row.html {
        Some(html) => builder.multipart(
            MultiPart::alternative()
                .singlepart(text)
                .singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(html.clone())),
        ),
        None => builder.singlepart(text),
    };
    result.map_err(|e| format!("message impossible à construire : {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_are_unique_and_use_the_sender_domain() {
        let a = message_id("Réinscription <contact@college.example.fr>");
        let b = message_id("Réinscription <contact@college.example.fr>");
        assert_ne!(a, b);
        assert!(a.starts_with('<') && a.ends_with("@college.example.fr>"), "{a}");
        assert!(message_id("n'importe quoi").ends_with("@dossiersco.invalid>"));
    }
}
