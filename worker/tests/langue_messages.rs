//! Through the real server: the messages with a number or a name in them (a field too long,
//! the wait after too many wrong codes) reach an English and an Arabic family in their
//! language, with the language's plurals; a French family still reads the code's French, to
//! the byte.

mod oneclick_support;

use dossiersco_worker::store::sessions::PER_CODE;
use oneclick_support::*;

/// `name=value` of the language cookie, as the site's pages leave it.
fn langue(lang: &str) -> String {
    format!("__Host-dossiersco_langue={lang}")
}

/// The API's 422 for a post whose pupil's name is one character too long (the model's limit
/// is 100): the messages of the field `eleve.nom`.
async fn name_too_long(server: &DemoServer, cookie: &str) -> String {
    let long = "M".repeat(101);
    let resp = server
        .send(
            Req::form("/dossier", &[("eleve.nom", &long)])
                .cookie(cookie)
                .header("Accept", "application/json"),
        )
        .await;
    assert_eq!(resp.status, 422, "{}", resp.text());
    let erreurs = resp.json()["erreurs"].as_array().cloned().unwrap_or_default();
    erreurs
        .iter()
        .filter(|e| e["field"] == "eleve.nom")
        .map(|e| e["message"].as_str().unwrap_or("").to_string())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// « Réinscrire un autre enfant » with `code` and `date`: the 303's location.
async fn add_child(server: &DemoServer, cookie: &str, code: &str, date: &str) -> String {
    let resp = server
        .send(Req::form("/enfant/ajout", &[("code", code), ("date_naissance", date)]).cookie(cookie))
        .await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    resp.location().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_number_in_a_validation_message_and_the_lockout_wait_come_in_the_family_s_language() {
    let server = DemoServer::start().await;
    let (lea, hugo) = (server.pupil("Léa").clone(), server.pupil("Hugo").clone());
    let session = server.login(&lea).await;

    // The length in the message, with the language's words and plural.
    let fr = name_too_long(&server, &session).await;
    assert_eq!(
        fr, "100 caractères au plus (101 saisis).",
        "le français du code, à l'octet"
    );
    let en = name_too_long(&server, &format!("{session}; {}", langue("en"))).await;
    assert_eq!(en, "100 characters at most (101 typed).");
    let ar = name_too_long(&server, &format!("{session}; {}", langue("ar"))).await;
    // 100 is Arabic's « other » plural: « 100 حرف ».
    assert_eq!(ar, "100 حرف على الأكثر (أُدخل 101).");
    let pt = name_too_long(&server, &format!("{session}; {}", langue("pt"))).await;
    assert_eq!(pt, "100 caracteres no máximo (101 escritos).");

    // Hugo's code with wrong dates, each after the wait the previous ones earned, until the
    // code is held back: the summary page says when to try again, in the family's language.
    let hugo_date = hugo.date_naissance.to_string();
    for attempt in 1..=PER_CODE.free + 4 {
        if attempt > 1 {
            server.clock.advance(time::Duration::seconds(15));
        }
        add_child(&server, &session, &hugo.code, "2013-07-03").await;
    }
    let location = add_child(&server, &session, &hugo.code, &hugo_date).await;
    assert!(
        location.starts_with("/resume?alerte=verrouille&reessayer="),
        "{location}"
    );
    let heure = location
        .split("reessayer=")
        .nth(1)
        .and_then(|rest| rest.split('#').next())
        .unwrap()
        .to_string();
    let page = |lang: &'static str| {
        let req = Req::get(&location).cookie(&format!("{session}; {}", langue(lang)));
        async { server.send(req).await.text() }
    };
    let en = page("en").await;
    assert!(en.contains(r#"<html lang="en""#), "{en}");
    assert!(
        en.contains(&format!(
            "Too many attempts with this code: for security, try again at {heure}."
        )),
        "{en}"
    );
    assert!(!en.contains("Trop de tentatives"), "{en}");
    let ar = page("ar").await;
    assert!(ar.contains(r#"<html lang="ar" dir="rtl""#), "{ar}");
    assert!(
        ar.contains(&format!(
            "محاولات كثيرة جدًا بهذا الرمز: للأمان، أعيدوا المحاولة على الساعة {heure}."
        )),
        "{ar}"
    );
    assert!(!ar.contains("Trop de tentatives"), "{ar}");
    // French as before.
    let fr = page("fr").await;
    assert!(
        fr.contains(&format!(
            "Trop de tentatives avec ce code : par sécurité, réessayez à {heure}."
        )),
        "{fr}"
    );
    server.stop().await;
}

/// Léa's answers to her summary's questions (the demo's).
const LEA_ANSWERS: [(&str, &str); 9] = [
    ("urgence.nom", "Monique Martin"),
    ("urgence.lien", "grand-mère"),
    ("urgence.telephone", "06 98 76 54 32"),
    ("option.lv2", "ALL"),
    ("regime_sortie", "libre"),
    ("consentement.photo_classe", "oui"),
    ("consentement.droit_image", "non"),
    ("signature.nom", "Sophie Martin"),
    ("signature.accord", "oui"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_summary_page_says_its_dates_and_labels_in_the_family_s_language() {
    let server = DemoServer::start().await;
    let lea = server.pupil("Léa").clone();
    let session = server.login(&lea).await;
    let en = format!("{session}; {}", langue("en"));
    let page = server.summary(&en).await;
    // The form's labels, translated like the form's (the family's data as it is).
    assert!(page.contains("<dt>Date of birth</dt>"), "{page}");
    assert!(!page.contains("<dt>Date de naissance</dt>"), "{page}");
    // The one-tap questions' titles too (« Régime de sortie »…: the theme translates them).
    let titles: Vec<&str> = page
        .split("<h3 class=\"etape-titre\">")
        .skip(1)
        .filter_map(|rest| rest.split("</h3>").next())
        .collect();
    assert!(!titles.is_empty(), "no question on the one-tap page:\n{page}");
    let theme_en: std::collections::BTreeMap<String, String> = serde_yaml::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../themes/default/i18n/formulaire.en.yml"),
        )
        .unwrap(),
    )
    .unwrap();
    for title in &titles {
        assert!(!theme_en.contains_key(*title), "« {title} » left in French:\n{page}");
    }

    // Sent in one tap from the English page: the page says when and until when, in words.
    let resp = server.send(one_click_post(&page, &LEA_ANSWERS).cookie(&en)).await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../themes/default/i18n");
    let langs = ["en".to_string(), "ar".to_string()];
    let catalogs = dossiersco_i18n::Catalogs::load(&theme, &langs).unwrap();
    let today = dossiersco_worker::clock::paris_today();
    let cloture = today + time::Duration::days(10);
    let page = server.summary(&en).await;
    let expected = format!(
        "Sent on {}, can be changed until <time datetime=\"{cloture}\">{}</time> inclusive.",
        catalogs.date_longue("en", today),
        catalogs.date_longue("en", cloture)
    );
    assert!(page.contains(&expected), "« {expected} » absent :\n{page}");
    let numeric = format!(
        "{:02}/{:02}/{}",
        cloture.day(),
        u8::from(cloture.month()),
        cloture.year()
    );
    assert!(!page.contains(&numeric), "no French-style date left:\n{page}");
    let page = server.summary(&format!("{session}; {}", langue("ar"))).await;
    assert!(
        page.contains(&format!(
            "<time datetime=\"{cloture}\">{}</time>",
            catalogs.date_longue("ar", cloture)
        )),
        "{page}"
    );
    server.stop().await;
}
