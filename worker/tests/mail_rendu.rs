//! The confirmation rendered when it is sent (issue #17): the submission's transaction queues
//! its facts, the sender renders it. What reaches the family through a real SMTP server
//! (tests/support/smtp_server.py) is what the request used to render; a rendering that fails
//! leaves the email waiting with its error, and it goes once the theme is fixed; a submission
//! deleted before its email left refuses the email, never shows another one's values.

mod mail_support;

use dossiersco_worker::app::content::Content;
use dossiersco_worker::mail::{self, EmailTemplates};
use dossiersco_worker::store;
use mail_parser::MessageParser;
use mail_support::*;
use std::path::Path;

/// The text as received, with the message's line ends as the template wrote them.
fn unix_lines(text: &str) -> String {
    text.replace("\r\n", "\n").trim_end().to_string()
}

#[test]
fn a_confirmation_rendered_when_sent_is_the_one_the_request_rendered_and_reaches_the_family() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db.sqlite");
    let (site, renderer) = site_and_renderer(None);
    // The old path: the request rendered it with the server's content and catalogs.
    let content = Content::from_site(&site);
    let templates = EmailTemplates::with_catalogs(&repo().join("themes/default"), site.catalogs().clone()).unwrap();
    let school = &content.schools["0339903K"];
    let niveau = school.etab.niveau("10110001110").unwrap();
    let spec = &school.forms["10110001110"];
    let mut expected = Vec::new();
    for (n, langue) in ["fr", "en", "ar"].into_iter().enumerate() {
        let values = lou_values(&format!("parent{n}@example.fr"), "");
        let (eleve_id, id) = submit_to_render(&db, n, &values, langue);
        let conn = store::open(&db).unwrap();
        let row = store::outbox::get(&conn, id).unwrap().unwrap();
        // Nothing rendered is stored with the submission.
        assert_eq!(
            (row.sujet.as_str(), row.texte.as_str(), row.html.as_deref()),
            ("", "", None)
        );
        let old = mail::confirmation(
            &templates,
            &content.site,
            &school.etab,
            niveau,
            spec,
            &values,
            Some(eleve_id),
            langue,
        )
        .unwrap()
        .unwrap();
        let mut rendered = row.clone();
        renderer.render(&mut rendered).unwrap();
        assert_eq!(rendered.sujet, old.sujet, "{langue}");
        assert_eq!(rendered.texte, old.texte, "{langue}");
        assert_eq!(rendered.html, old.html, "{langue}");
        assert_eq!(
            (&row.expediteur, &row.destinataires, &row.repondre_a),
            (&old.expediteur, &old.destinataires, &old.repondre_a),
            "{langue}"
        );
        assert!(old.texte.contains("Espagnol"), "{}", old.texte);
        expected.push((row.message_id.clone(), old));
    }

    // Sent through a real SMTP server: each family receives that email, Message-ID as queued.
    let server = SmtpServer::start(&tmp.path().join("recus"), 0, &[]);
    let mut config = test_config(smtp(&server.url()));
    config.render = Some(renderer);
    let sender = RunningSender::start(&db, config);
    wait_until("les trois confirmations sont envoyées", || counts(&db).envoye == 3);
    sender.stop();
    let messages = stored(&server.dir);
    assert_eq!(messages.len(), 3);
    for (message_id, old) in &expected {
        let received = messages
            .iter()
            .find(|m| format!("<{}>", m.message_id()) == *message_id)
            .unwrap_or_else(|| panic!("{message_id} jamais reçu"));
        assert_eq!(received.rcpt_tos, old.destinataires);
        let parsed = MessageParser::default().parse(&received.raw).unwrap();
        assert_eq!(parsed.subject(), Some(old.sujet.as_str()));
        assert_eq!(unix_lines(&parsed.body_text(0).unwrap()), unix_lines(&old.texte));
        assert_eq!(
            unix_lines(&parsed.body_html(0).unwrap()),
            unix_lines(old.html.as_deref().unwrap())
        );
    }
}

/// Copies the default theme to `to`, its confirmation's text template asking for a value no
/// confirmation has (Tera refuses to render it).
fn broken_theme(to: &Path) {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &to.join(entry.file_name()));
            } else {
                std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
            }
        }
    }
    copy(&repo().join("themes/default"), to);
    let txt = to.join("emails/confirmation.txt");
    let text = std::fs::read_to_string(&txt).unwrap();
    std::fs::write(&txt, format!("{text}\n{{{{ famille_inconnue.adresse }}}}\n")).unwrap();
}

fn row(db: &Path, id: i64) -> store::outbox::OutboxRow {
    store::outbox::get(&store::open(db).unwrap(), id).unwrap().unwrap()
}

fn error_of(db: &Path, id: i64) -> (i64, String) {
    let conn = store::open(db).unwrap();
    conn.query_row(
        "SELECT tentatives, coalesce(derniere_erreur, '') FROM outbox WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

#[test]
fn a_confirmation_that_cannot_be_rendered_waits_with_its_error_and_goes_once_the_theme_is_fixed() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db.sqlite");
    let server = SmtpServer::start(&tmp.path().join("recus"), 0, &[]);
    let (_, id) = submit_to_render(&db, 1, &lou_values("parent1@example.fr", ""), "fr");

    // A sender without content nor theme (send-outbox without them): the email waits.
    let sender = RunningSender::start(&db, test_config(smtp(&server.url())));
    wait_until("un premier essai est noté", || error_of(&db, id).0 >= 1);
    sender.stop();
    let (_, erreur) = error_of(&db, id);
    assert!(erreur.contains("ni contenu ni thème"), "{erreur}");

    // A theme whose template fails: the email waits, the template's error recorded.
    let theme = tmp.path().join("theme");
    broken_theme(&theme);
    let (_, broken) = site_and_renderer(Some(&theme));
    let mut config = test_config(smtp(&server.url()));
    config.render = Some(broken);
    store::open(&db)
        .unwrap()
        .execute("UPDATE outbox SET prochain_essai = '2000-01-01T00:00:00Z'", [])
        .unwrap();
    let sender = RunningSender::start(&db, config);
    wait_until("un deuxième essai est noté", || error_of(&db, id).0 >= 2);
    sender.stop();
    let (_, erreur) = error_of(&db, id);
    assert!(erreur.contains("rendu du courriel impossible"), "{erreur}");
    assert!(erreur.contains("confirmation.txt"), "{erreur}");
    assert_eq!(row(&db, id).texte, "", "nothing rendered is stored");
    assert_eq!(counts(&db).a_envoyer, 1);
    assert!(stored(&server.dir).is_empty(), "nothing was sent");

    // The theme fixed (the server restarted with it): the email goes, the error cleared.
    let (_, renderer) = site_and_renderer(None);
    let mut config = test_config(smtp(&server.url()));
    config.render = Some(renderer);
    store::open(&db)
        .unwrap()
        .execute("UPDATE outbox SET prochain_essai = '2000-01-01T00:00:00Z'", [])
        .unwrap();
    let sender = RunningSender::start(&db, config);
    wait_until("la confirmation est envoyée", || counts(&db).envoye == 1);
    sender.stop();
    let messages = stored(&server.dir);
    assert_eq!(messages.len(), 1);
    let parsed = MessageParser::default().parse(&messages[0].raw).unwrap();
    assert_eq!(
        parsed.subject(),
        Some("Réinscription de Lou Martin au Collège Simone Veil")
    );
    assert_eq!(error_of(&db, id), (3, String::new()));
}

#[test]
fn a_confirmation_whose_submission_was_deleted_before_it_left_is_refused_with_the_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db.sqlite");
    let server = SmtpServer::start(&tmp.path().join("recus"), 0, &[]);
    let (eleve_id, id) = submit_to_render(&db, 1, &lou_values("parent1@example.fr", ""), "fr");
    // Another pupil's submission comes after: the deleted one's id must not lead to it.
    submit_to_render(&db, 2, &lou_values("autre@example.fr", ""), "fr");
    let conn = store::open(&db).unwrap();
    // A new campaign's import ends the previous one: the pupil's submissions are deleted.
    store::import::end_previous_campaign(&conn, eleve_id).unwrap();
    let (_, renderer) = site_and_renderer(None);
    let mut config = test_config(smtp(&server.url()));
    config.render = Some(renderer);
    config.stop_when_empty = true;
    RunningSender::start(&db, config).stop_when_done();
    let refused = store::outbox::refused(&conn, "0339903K").unwrap();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0].id, id);
    assert!(refused[0].derniere_erreur.contains("supprimée"), "{refused:?}");
    // Only the other pupil's email left, to its own family.
    let messages = stored(&server.dir);
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].rcpt_tos, ["autre@example.fr"]);
}

#[test]
fn values_that_cannot_be_read_give_an_error_that_says_where_never_what() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db.sqlite");
    let (_, id) = submit_to_render(&db, 1, &lou_values("parent1@example.fr", ""), "fr");
    let mut broken = row(&db, id);
    if let Some(faits) = broken.a_rendre.as_mut() {
        // serde would say « invalid type: string "Dupont-Secret", expected a map ».
        faits.valeurs = Some(r#""Dupont-Secret""#.into());
    }
    let (_, renderer) = site_and_renderer(None);
    match renderer.render(&mut broken) {
        Err(mail::RenderFailure::Transient(erreur)) => {
            assert!(erreur.contains("illisibles"), "{erreur}");
            assert!(!erreur.contains("Dupont"), "the family's value in the error: {erreur}");
        }
        other => panic!("a transient failure was expected: {other:?}"),
    }
}
