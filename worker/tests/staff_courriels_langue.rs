//! The staff's emails to families in the family's language, through the real server and the
//! real SMTP server of the tests: a family who used the site in Arabic gets its reminder and
//! its validation in Arabic, the French text below (the office reads what the family
//! received); a family who never chose a language gets them in French only. The staff never
//! sets the language: the family's login and submission do.

mod http_common;
#[path = "mail_support/smtp.rs"]
mod smtp;
mod staff_support;

use dossiersco_i18n::Catalogs;
use http_common::*;
use serde_json::json;
use smtp::{stored, wait_until, SmtpServer};
use staff_support::*;

/// (subject, text, html) of a received message.
fn parts(raw: &[u8]) -> (String, String, String) {
    let message = mail_parser::MessageParser::default().parse(raw).unwrap();
    (
        message.subject().unwrap_or_default().to_string(),
        message.body_text(0).unwrap_or_default().to_string(),
        message.body_html(0).unwrap_or_default().to_string(),
    )
}

/// Where `needle` starts in `text` (fails naming what is missing).
fn at(text: &str, needle: &str) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("« {needle} » absent de :\n{text}"))
}

fn langue_of(server: &StaffServer, id: i64) -> Option<String> {
    server
        .conn()
        .query_row("SELECT langue FROM eleves WHERE id = ?1", [id], |r| r.get(0))
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reminders_and_validations_follow_the_language_the_family_used() {
    let mail = tempfile::tempdir().unwrap();
    let smtp = SmtpServer::start(mail.path(), 0, &[]);
    let server = StaffServer::start_smtp(smtp.url(), mail.path()).await;
    let cookie = server.staff_login(JEAN_MOULIN).await;
    let (lou, sam) = (server.id_of(&LOU), server.id_of(&SAM));
    server.set_prefill(&LOU, "resp1.email", "claire.martin@example.fr");
    server.set_prefill(&SAM, "resp1.email", "famille.bernard@example.fr");

    // Lou's family logs in from the Arabic pages; Sam's never comes.
    let resp = server
        .send(Req::form(
            "/connexion",
            &[
                ("uai", JEAN_MOULIN),
                ("code", LOU.code),
                ("date_naissance", LOU.date),
                ("langue", "ar"),
            ],
        ))
        .await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    let session = resp.session_cookie().unwrap();
    assert_eq!(langue_of(&server, lou).as_deref(), Some("ar"));
    assert_eq!(langue_of(&server, sam), None);

    // Reminders: to the connected family (Lou) and to the never-connected one (Sam).
    for etat in ["connecte", "non_connecte"] {
        let sent = server
            .send(post_json("/api/personnel/relances", json!({ "etat": etat, "envoyer": true })).cookie(&cookie))
            .await
            .json();
        assert_eq!(sent["envoyes"], 1, "{etat}: {sent}");
    }

    // Lou's file sent from the Arabic pages (the language cookie the site left), Sam's
    // recorded without any language; the office validates both.
    let resp = server
        .send(dossier_post(&complete_values()).cookie(&format!("{session}; __Host-dossiersco_langue=ar")))
        .await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    let mut sam_file = lou_file();
    sam_file.insert("eleve.prenom".into(), "Sam".into());
    sam_file.insert("eleve.nom".into(), "Bernard".into());
    sam_file.insert("resp1.email".into(), "famille.bernard@example.fr".into());
    sam_file.remove("resp2.email");
    server.submit(&SAM, &sam_file);
    let resp = server
        .send(post_json("/api/personnel/valider", json!({ "ids": [lou, sam], "confirme": true })).cookie(&cookie))
        .await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    assert_eq!(resp.json()["valides"], 2, "{}", resp.text());

    // The login link, Lou's confirmation, two reminders, two validations.
    wait_until("6 messages reçus par le serveur SMTP", || {
        stored(mail.path()).len() >= 6
    });
    let messages = stored(mail.path());
    let find = |to: &str, genre: &str| {
        messages
            .iter()
            .map(|m| (m.rcpt_tos.clone(), parts(&m.raw)))
            .find(|(rcpt, (subject, _, _))| {
                rcpt.iter().any(|r| r == to)
                    && match genre {
                        "relance" => subject.contains("Rappel"),
                        _ => subject.contains("acceptée"),
                    }
            })
            .map(|(_, p)| p)
            .unwrap_or_else(|| panic!("pas de {genre} pour {to}"))
    };

    // Lou's validation: Arabic first, then the French under its heading; both subjects.
    let (subject, text, html) = find("claire.martin@example.fr", "validation");
    assert_eq!(
        subject,
        "قُبلت إعادة تسجيل Lou Martin – Collège Jean Moulin / Réinscription de Lou Martin acceptée – Collège Jean Moulin"
    );
    let arabe = at(&text, "درست Collège Jean Moulin ملف إعادة تسجيل Lou Martin في 5e");
    let titre = at(&text, "النسخة الفرنسية — Version française");
    let francais = at(
        &text,
        "Le Collège Jean Moulin a examiné le dossier de réinscription de Lou Martin en 5e : la demande est acceptée",
    );
    assert!(arabe < titre && titre < francais, "arabe, titre, français :\n{text}");
    assert!(html.contains(r#"<html lang="ar" dir="rtl">"#), "{html}");
    assert!(at(&html, "الطلب مقبول") < at(&html, r#"<div lang="fr" dir="ltr""#));

    // Sam's: French only.
    let (subject, text, html) = find("famille.bernard@example.fr", "validation");
    assert_eq!(subject, "Réinscription de Sam Bernard acceptée – Collège Jean Moulin");
    assert!(text.starts_with("Bonjour,"), "{text}");
    assert!(!text.contains("Version française"), "{text}");
    assert!(html.contains(r#"<html lang="fr" dir="ltr">"#), "{html}");

    // The reminders likewise, the closing day in words in each language.
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../themes/default/i18n");
    let catalogs = Catalogs::load(&theme, &["ar".to_string()]).unwrap();
    let cloture = dossiersco_worker::clock::paris_today() + time::Duration::days(10);
    let (subject, text, _) = find("claire.martin@example.fr", "relance");
    let (ar_date, fr_date) = (catalogs.date_longue("ar", cloture), catalogs.date_longue("fr", cloture));
    assert_eq!(
        subject,
        format!(
            "تذكير: إعادة تسجيل Lou في Collège Jean Moulin قبل {ar_date} / Rappel : réinscription de Lou au Collège Jean Moulin avant le {fr_date}"
        )
    );
    assert!(
        at(&text, &format!("مفتوحة حتى {ar_date} ضمنًا")) < at(&text, &format!("jusqu'au {fr_date} inclus")),
        "{text}"
    );
    let (subject, text, _) = find("famille.bernard@example.fr", "relance");
    assert_eq!(
        subject,
        format!("Rappel : réinscription de Sam au Collège Jean Moulin avant le {fr_date}")
    );
    assert!(!text.contains("Version française"), "{text}");
    server.stop().await;
}
