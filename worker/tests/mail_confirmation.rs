//! A family submits: the confirmation reaches the guardians through a real SMTP server.

mod mail_support;

use mail_parser::{MessageParser, MimeHeaders};
use mail_support::*;

#[test]
fn the_confirmation_reaches_both_guardians_with_the_recap_and_the_school_as_reply_to() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db.sqlite");
    let server = SmtpServer::start(&tmp.path().join("recus"), 0, &[]);
    let school = demo_school();
    let email = lou_confirmation(&school, "parent1@example.fr", "parent2@example.fr");
    submit(&db, 1, &email);

    let sender = RunningSender::start(&db, test_config(smtp(&server.url())));
    wait_until("la confirmation est envoyée", || counts(&db).envoye == 1);
    let stats = sender.stop();
    assert_eq!(stats.envoyes, 1);

    let messages = stored(&server.dir);
    assert_eq!(messages.len(), 1, "un seul message reçu");
    let received = &messages[0];
    assert_eq!(received.rcpt_tos, ["parent1@example.fr", "parent2@example.fr"]);
    let message = MessageParser::default().parse(&received.raw).unwrap();
    assert_eq!(
        message.subject(),
        Some("Réinscription de Lou Martin au Collège Simone Veil")
    );
    let reply_to = message.reply_to().and_then(|a| a.first()).and_then(|a| a.address());
    assert_eq!(reply_to, Some("secretariat.0339903K@example.fr"));
    let to: Vec<&str> = message.to().unwrap().iter().filter_map(|a| a.address()).collect();
    assert_eq!(to, ["parent1@example.fr", "parent2@example.fr"]);
    let from = message.from().and_then(|a| a.first()).and_then(|a| a.address());
    assert_eq!(from, Some("contact@reinscription.example.fr"));

    let text = message.body_text(0).expect("une partie texte");
    let html = message.body_html(0).expect("une partie HTML");
    for expected in [
        "Lou Martin en 5e",
        "Espagnol",
        "Demi-pensionnaire",
        "Sortie libre",
        "J'accepte que l'infirmière du collège soit informée des problèmes de santé signalés : non",
        "Justificatif de domicile de moins de 3 mois",
        "Attestation d'assurance scolaire",
        "conseil de classe",
        "secretariat.0339903K@example.fr",
        "05 56 00 00 03",
        "https://reinscription.example.fr/0339903K/",
    ] {
        assert!(text.contains(expected), "texte sans « {expected} » :\n{text}");
    }
    // Anglais is taken by every pupil: not a choice, not in the recap. The optional document
    // the family did not tick is not asked for.
    assert!(
        !text.contains("Anglais") && !text.contains("quotient familial"),
        "{text}"
    );
    assert!(html.contains("<li>Options : Espagnol</li>"), "{html}");
    assert!(
        html.contains("J&#x27;accepte") || html.contains("J&#39;accepte"),
        "HTML échappé : {html}"
    );
    let text_part = message.text_part(0).unwrap();
    assert_eq!(text_part.content_type().and_then(|c| c.subtype()), Some("plain"));
}

#[test]
fn a_guardian_address_given_twice_gets_one_copy() {
    let school = demo_school();
    let email = lou_confirmation(&school, "famille@example.fr", " Famille@Example.fr ");
    assert_eq!(email.destinataires, ["famille@example.fr"]);
    let only_one = lou_confirmation(&school, "famille@example.fr", "");
    assert_eq!(only_one.destinataires, ["famille@example.fr"]);
}

#[test]
fn without_any_address_there_is_no_email() {
    let school = demo_school();
    let niveau = school.etab.niveau("10110001110").unwrap();
    let spec = dossiersco_model::FormSpec::build(&school.etab, niveau);
    let email = dossiersco_worker::mail::confirmation(
        &templates(),
        &school.site,
        &school.etab,
        niveau,
        &spec,
        &lou_values("", ""),
        None,
        "fr",
    )
    .unwrap();
    assert!(email.is_none());
}
