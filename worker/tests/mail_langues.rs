//! The confirmation in the family's language, the French text below it: English and Arabic
//! emails built from the theme's catalogs, sent by the sender to a real SMTP server
//! (tests/support/smtp_server.py), read back from what the server received.

mod mail_support;

use dossiersco_i18n::Catalogs;
use dossiersco_worker::mail::{self, EmailTemplates};
use dossiersco_worker::store;
use mail_parser::MessageParser;
use mail_support::*;
use std::sync::Arc;

fn templates_in(langues: &[&str]) -> EmailTemplates {
    let theme = repo().join("themes/default");
    let langues: Vec<String> = langues.iter().map(|l| l.to_string()).collect();
    let catalogs = Catalogs::load(&theme.join("i18n"), &langues).unwrap();
    EmailTemplates::with_catalogs(&theme, Arc::new(catalogs)).unwrap()
}

/// Where `needle` starts in `text` (fails naming what is missing).
fn at(text: &str, needle: &str) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("« {needle} » absent de :\n{text}"))
}

/// The unfolded value of header `name` as sent on the wire.
fn raw_header(raw: &[u8], name: &str) -> String {
    let text = String::from_utf8_lossy(raw);
    let mut lines = text.split("\r\n").take_while(|l| !l.is_empty()).peekable();
    while let Some(line) = lines.next() {
        if let Some(value) = line.strip_prefix(&format!("{name}:")) {
            let mut value = value.trim().to_string();
            while let Some(next) = lines.next_if(|l| l.starts_with([' ', '\t'])) {
                value.push(' ');
                value.push_str(next.trim());
            }
            return value;
        }
    }
    panic!("pas d'en-tête {name}")
}

#[test]
fn english_and_arabic_confirmations_arrive_in_their_language_with_the_french_below() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db.sqlite");
    let school = demo_school();
    let niveau = school.etab.niveau("10110001110").unwrap();
    let spec = dossiersco_model::FormSpec::build(&school.etab, niveau);
    let templates = templates_in(&["en", "ar"]);
    let build = |lang: &str, to: &str| {
        mail::confirmation(
            &templates,
            &school.site,
            &school.etab,
            niveau,
            &spec,
            &lou_values(to, ""),
            None,
            lang,
        )
        .unwrap()
        .unwrap()
    };
    drop(store::open(&db).unwrap());
    submit(&db, 0, &build("en", "english@example.fr"));
    submit(&db, 1, &build("ar", "arabic@example.fr"));
    submit(&db, 2, &build("fr", "french@example.fr"));

    let server = SmtpServer::start(&tmp.path().join("recus"), free_port(), &[]);
    let sender = RunningSender::start(&db, test_config(smtp(&server.url())));
    sender.wake.notify_one();
    wait_until("les 3 courriels sont reçus", || counts(&db).envoye == 3);
    sender.stop();
    let received = stored(&server.dir);
    let of = |to: &str| {
        received
            .iter()
            .find(|m| m.rcpt_tos == [to])
            .unwrap_or_else(|| panic!("rien reçu pour {to}"))
    };

    // English first, the French under its heading; both subjects, English first.
    let en = of("english@example.fr");
    let subject = raw_header(&en.raw, "Subject");
    assert!(
        subject.contains("=?utf-8?"),
        "sujet non ASCII encodé selon la RFC 2047 : {subject}"
    );
    let message = MessageParser::default().parse(&en.raw).unwrap();
    assert_eq!(
        message.subject(),
        Some("Re-enrolment of Lou Martin at Collège Simone Veil / Réinscription de Lou Martin au Collège Simone Veil")
    );
    let text = message.body_text(0).unwrap();
    let hello = at(&text, "Hello,");
    let heading = at(&text, "French version — Version française");
    let bonjour = at(&text, "Bonjour,");
    assert!(
        hello < heading && heading < bonjour,
        "anglais, titre, puis français :\n{text}"
    );
    at(&text, "Documents to bring to the school office");
    at(&text, "Pièces à apporter au secrétariat");
    let html = message.body_html(0).unwrap();
    assert!(html.contains(r#"<html lang="en" dir="ltr">"#), "{html}");
    assert!(at(&html, "What happens next?") < at(&html, r#"<div lang="fr" dir="ltr""#));
    assert!(at(&html, r#"<div lang="fr" dir="ltr""#) < at(&html, "Et maintenant ?"));

    // Arabic: right to left in the HTML part, UTF-8 text, the French block left to right.
    let ar = of("arabic@example.fr");
    let message = MessageParser::default().parse(&ar.raw).unwrap();
    let subject = message.subject().unwrap();
    assert!(
        subject.starts_with("إعادة تسجيل Lou Martin في Collège Simone Veil / Réinscription de Lou"),
        "{subject}"
    );
    let text = message.body_text(0).unwrap();
    assert!(at(&text, "السلام عليكم") < at(&text, "النسخة الفرنسية — Version française"));
    assert!(at(&text, "النسخة الفرنسية — Version française") < at(&text, "Bonjour,"));
    at(&text, "الوثائق التي يجب إحضارها إلى الأمانة");
    let raw = String::from_utf8_lossy(&ar.raw).to_ascii_lowercase();
    assert!(
        raw.contains("content-type: text/plain; charset=utf-8"),
        "partie texte sans charset=utf-8"
    );
    assert!(
        raw.contains("content-type: text/html; charset=utf-8"),
        "partie HTML sans charset=utf-8"
    );
    let html = message.body_html(0).unwrap();
    assert!(html.contains(r#"<html lang="ar" dir="rtl">"#), "{html}");
    assert!(html.contains(r#"<div lang="ar" dir="rtl""#), "{html}");
    assert!(at(&html, "وماذا بعد؟") < at(&html, r#"<div lang="fr" dir="ltr""#));

    // French alone: no heading, no second text.
    let fr = MessageParser::default().parse(&of("french@example.fr").raw).unwrap();
    assert_eq!(fr.subject(), Some("Réinscription de Lou Martin au Collège Simone Veil"));
    let text = fr.body_text(0).unwrap();
    assert!(!text.contains("Version française"), "{text}");
    assert_eq!(text.matches("Bonjour,").count(), 1);
}
