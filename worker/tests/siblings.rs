//! Brothers and sisters in one session, over HTTP against the real server: a child joins only
//! with its own letter's code and its birth date (the login's limits), no other child is
//! named before, a family's submission never rewrites another file, an address typed once is
//! offered — not imposed — to the children proven in the same session, and a post for one
//! child never lands on another.

mod oneclick_support;

use dossiersco_worker::auth::SecretHasher;
use dossiersco_worker::import::DemoLogin;
use dossiersco_worker::store::sessions::PER_CODE;
use oneclick_support::*;

const NEW_ADDRESS: [(&str, &str); 3] = [
    ("resp1.adresse", "27 rue des Capucins"),
    ("resp1.code_postal", "69001"),
    ("resp1.commune", "Lyon"),
];
const TROISIEME: &str = "10310019110";
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

/// « Réinscrire un autre enfant »: `code` and `date_naissance` posted from the summary page;
/// the 303's location.
async fn add_child(server: &DemoServer, cookie: &str, code: &str, date: &str) -> String {
    let resp = server
        .send(Req::form("/enfant/ajout", &[("code", code), ("date_naissance", date)]).cookie(cookie))
        .await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    resp.location().to_string()
}

fn jj_mm_aaaa(pupil: &DemoLogin) -> String {
    let d = pupil.date_naissance;
    format!("{:02}/{:02}/{}", d.day(), d.month() as u8, d.year())
}

/// First names of the children in any session (one per session holding them).
fn session_children(server: &DemoServer) -> Vec<String> {
    let db = server.db();
    let mut stmt = db
        .prepare("SELECT e.prenom FROM session_eleves se JOIN eleves e ON e.id = se.eleve_id ORDER BY e.prenom")
        .unwrap();
    let rows = stmt.query_map([], |r| r.get(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

/// (etat, first connection, raw pre-fill JSON, draft JSON) of a pupil of Jean Moulin.
fn stored(server: &DemoServer, prenom: &str) -> (String, Option<String>, String, Option<String>) {
    server
        .db()
        .query_row(
            "SELECT e.etat, e.premiere_connexion, e.prefill, b.valeurs
             FROM eleves e LEFT JOIN brouillons b ON b.eleve_id = e.id WHERE e.uai = ?1 AND e.prenom = ?2",
            [JEAN_MOULIN, prenom],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap()
}

/// The pupil reference the server puts in pages, computed with the database's own key: what
/// an attacker who scraped it from another page would hold.
fn eleve_ref_of(server: &DemoServer, prenom: &str) -> String {
    let db = server.db();
    let id: i64 = db
        .query_row(
            "SELECT id FROM eleves WHERE uai = ?1 AND prenom = ?2",
            [JEAN_MOULIN, prenom],
            |r| r.get(0),
        )
        .unwrap();
    let hasher = SecretHasher::load_or_create(&db.into()).unwrap();
    hasher.hash("eleve-ref", &id.to_string())[..16].to_string()
}

/// The part of the summary page showing what the school holds.
fn known_section(page: &str) -> &str {
    let start = page.find("<section class=\"resume\"").expect("the summary section");
    &page[start..start + page[start..].find("</section>").unwrap()]
}

/// The open child's full form, as a family without JavaScript posts it after changing
/// `changes` (and answering what Jean Moulin's form requires).
async fn full_form_post(server: &DemoServer, cookie: &str, mef: &str, changes: &[(&str, &str)]) -> Resp {
    let api = server.send(Req::get("/api/dossier").cookie(cookie)).await.json();
    let mut values: Vec<(String, String)> = api["valeurs"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .filter(|(k, _)| !changes.iter().any(|(n, _)| n == k))
        .collect();
    for (k, v) in changes.iter().chain(&[
        ("uai", JEAN_MOULIN),
        ("mef", mef),
        ("urgence.nom", "Monique Martin"),
        ("urgence.lien", "grand-mère"),
        ("urgence.telephone", "06 98 76 54 32"),
        ("regime_sortie", "libre"),
        ("consentement.photo_classe", "oui"),
        ("consentement.droit_image", "non"),
        ("signature.nom", "Sophie Martin"),
        ("signature.accord", "oui"),
    ]) {
        values.push((k.to_string(), v.to_string()));
    }
    values.push(("eleve_ref".into(), api["eleve"]["ref"].as_str().unwrap().into()));
    let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    server.send(Req::form("/dossier", &pairs).cookie(cookie)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_other_household_s_child_is_never_named_nor_added_with_its_birth_date_alone() {
    let server = DemoServer::start().await;
    let (lea, noe) = (server.pupil("Léa").clone(), server.pupil("Noé").clone());
    // Noé lives with his mother Camille BERNARD; make Léa's father his second guardian:
    // the father's child with another partner, one guardian in common with Léa.
    server
        .db()
        .execute(
            "INSERT INTO eleve_responsables (eleve_id, responsable_id, rang, lien_parente, paie_frais)
             SELECT e.id, r.id, 2, '20', 0 FROM eleves e, responsables r
             WHERE e.prenom = 'Noé' AND e.uai = ?1 AND r.prenom = 'Julien' AND r.uai = ?1",
            [JEAN_MOULIN],
        )
        .unwrap();
    let noe_before = stored(&server, "Noé");
    // What Léa's mother must never see of the other household.
    let secrets = [
        "Noé".to_string(),
        "BERNARD".to_string(),
        noe.date_naissance.to_string(),
        jj_mm_aaaa(&noe),
        "quai Saint-Antoine".to_string(),
        "camille.bernard".to_string(),
        "06 33 44 55 66".to_string(),
        "0633445566".to_string(),
    ];
    let leaks = |body: &str| secrets.iter().find(|s| body.contains(s.as_str())).cloned();

    let cookie = server.login(&lea).await;
    let page = server.summary(&cookie).await;
    assert_eq!(leaks(&page), None, "the summary names no other child");
    assert!(page.contains("Réinscrire un autre enfant"));
    let api = server.send(Req::get("/api/dossier").cookie(&cookie)).await;
    assert_eq!(leaks(&api.text()), None);
    assert_eq!(api.json()["fratrie"], serde_json::json!([]));

    // Noé's reference (as the server computes it) and his right birth date, without his code:
    // the old way in. Nothing is added, nothing is shown.
    let noe_ref = eleve_ref_of(&server, "Noé");
    let noe_date = noe.date_naissance.to_string();
    let resp = server
        .send(
            Req::form(
                "/enfant/ajout",
                &[("eleve_ref", noe_ref.as_str()), ("date_naissance", noe_date.as_str())],
            )
            .cookie(&cookie),
        )
        .await;
    assert_eq!(
        (resp.status, resp.location()),
        (303, "/resume?alerte=formulaire#fratrie")
    );
    // Léa's own code (or any other) with Noé's birth date: the answer of a wrong code.
    for code in [lea.code.as_str(), "7KQ2-MX9D-4TPW"] {
        let location = add_child(&server, &cookie, code, &noe_date).await;
        assert_eq!(location, "/resume?alerte=identifiants#fratrie");
        let body = server.send(Req::get(&location).cookie(&cookie)).await.text();
        assert!(body.contains("Code d'accès ou date de naissance incorrects."), "{body}");
        assert!(body.contains("<h1>Réinscription de Léa MARTIN en 5e</h1>"));
        assert_eq!(leaks(&body), None);
    }
    // Opening his file, or taking his details, by reference: refused, nothing shown.
    let resp = server
        .send(Req::form("/enfant", &[("eleve_ref", &noe_ref)]).cookie(&cookie))
        .await;
    assert_eq!(resp.status, 409);
    assert_eq!(leaks(&resp.text()), None);
    let lea_ref = eleve_ref_of(&server, "Léa");
    let resp = server
        .send(Req::form("/enfant/reprise", &[("eleve_ref", &lea_ref), ("source", &noe_ref)]).cookie(&cookie))
        .await;
    assert_eq!((resp.status, resp.location()), (303, "/resume"));

    let api = server.send(Req::get("/api/dossier").cookie(&cookie)).await;
    assert_eq!(api.json()["eleve"]["prenom"], "Léa");
    assert_eq!(leaks(&api.text()), None);
    assert_eq!(session_children(&server), ["Léa"]);
    assert_eq!(
        stored(&server, "Noé"),
        noe_before,
        "Noé's file untouched, not even connected"
    );
    assert_eq!(stored(&server, "Léa").3, None, "nothing taken into Léa's file");
    server.stop().await;
}

/// Failures that earn a wait of 16 s at least (3 free, then 1 s, 2 s, 4 s, 8 s, 16 s): the
/// test moves the server's clock 15 s on between them, never past the last one.
const FAILURES: u32 = PER_CODE.free + 4;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_codes_and_dates_count_against_the_code_like_logins() {
    let server = DemoServer::start().await;
    let (lea, hugo) = (server.pupil("Léa").clone(), server.pupil("Hugo").clone());
    let cookie = server.login(&lea).await;
    let hugo_date = hugo.date_naissance.to_string();

    // Hugo's code with wrong dates, each after the wait the previous ones earned (the
    // server's clock moved on): the login's backoff reaches a wait of 8 s at least.
    for attempt in 1..=FAILURES {
        if attempt > 1 {
            server.clock.advance(time::Duration::seconds(15));
        }
        let location = add_child(&server, &cookie, &hugo.code, "2013-07-03").await;
        assert_eq!(location, "/resume?alerte=identifiants#fratrie", "attempt {attempt}");
    }
    assert_eq!(session_children(&server), ["Léa"]);
    let (etat, premiere, _, _) = stored(&server, "Hugo");
    assert_eq!((etat.as_str(), premiere), ("non_connecte", None));

    // Then even the right date is held back, like a login with Hugo's letter, and the page
    // names nobody.
    let location = add_child(&server, &cookie, &hugo.code, &hugo_date).await;
    assert!(
        location.starts_with("/resume?alerte=verrouille&reessayer="),
        "{location}"
    );
    let body = server.send(Req::get(&location).cookie(&cookie)).await.text();
    assert!(
        body.contains("Trop de tentatives avec ce code : par sécurité, réessayez à "),
        "{body}"
    );
    assert!(!body.contains("Hugo"));
    assert_eq!(session_children(&server), ["Léa"]);
    let resp = server.send(Req::login(JEAN_MOULIN, &hugo.code, &hugo_date)).await;
    assert!(
        resp.location().ends_with("#erreur-verrouille"),
        "counted against Hugo's code: {}",
        resp.location()
    );
    // Léa's own code is not concerned.
    server.login(&lea).await;

    // The other way round: failed logins with a letter hold back its code here too.
    let noe = server.pupil("Noé").clone();
    for attempt in 1..=FAILURES {
        if attempt > 1 {
            server.clock.advance(time::Duration::seconds(15));
        }
        let resp = server.send(Req::login(JEAN_MOULIN, &noe.code, "2001-01-01")).await;
        assert!(resp.location().ends_with("#erreur-identifiants"), "attempt {attempt}");
    }
    let location = add_child(&server, &cookie, &noe.code, &noe.date_naissance.to_string()).await;
    assert!(location.starts_with("/resume?alerte=verrouille"), "{location}");

    // A code of another school with its pupil's right date: the answer of a wrong code.
    let jeanne = server
        .logins
        .iter()
        .find(|l| l.uai == "0389902G" && l.prenom == "Jeanne")
        .unwrap()
        .clone();
    let location = add_child(&server, &cookie, &jeanne.code, &jeanne.date_naissance.to_string()).await;
    assert_eq!(location, "/resume?alerte=identifiants#fratrie");
    // A missing code or an unreadable date is not an attempt: the form is asked again.
    let location = add_child(&server, &cookie, "", &hugo_date).await;
    assert_eq!(location, "/resume?alerte=formulaire#fratrie");
    let body = server.send(Req::get(&location).cookie(&cookie)).await.text();
    assert!(body.contains("Saisissez le code d'accès et la date de naissance de l'enfant."));
    assert!(
        body.contains("aria-invalid=\"true\""),
        "the fields say they are in error"
    );
    // A date that cannot be: said beside the date, and no attempt either.
    let location = add_child(&server, &cookie, &hugo.code, "demain").await;
    assert_eq!(location, "/resume?alerte=date#fratrie");
    let body = server.send(Req::get(&location).cookie(&cookie)).await.text();
    assert!(body.contains("Cette date n'existe pas"), "{body}");
    assert_eq!(
        session_children(&server),
        ["Léa", "Léa"],
        "two logins with Léa's letter, nobody else"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_second_letter_s_code_and_birth_date_add_the_child_and_open_its_file() {
    let server = DemoServer::start().await;
    let (lea, hugo) = (server.pupil("Léa").clone(), server.pupil("Hugo").clone());
    let cookie = server.login(&lea).await;
    let lea_ref = server.send(Req::get("/api/dossier").cookie(&cookie)).await.json()["eleve"]["ref"]
        .as_str()
        .unwrap()
        .to_string();

    // Typed as on the letter, loosely (small letters, spaces), the date as jj/mm/aaaa.
    let typed_code = hugo.code.to_lowercase().replace('-', " ");
    let location = add_child(&server, &cookie, &typed_code, &jj_mm_aaaa(&hugo)).await;
    assert_eq!(location, "/resume?alerte=ajoute");
    let page = server.send(Req::get(&location).cookie(&cookie)).await.text();
    assert!(page.contains("<h1>Réinscription de Hugo MARTIN en 3e</h1>"));
    assert!(page.contains("Le dossier de Hugo est ouvert."));
    assert!(page.contains("Ouvrir le dossier de Léa"), "Léa stays one click away");
    assert_eq!(stored(&server, "Hugo").0, "connecte");
    let api = server.send(Req::get("/api/dossier").cookie(&cookie)).await.json();
    assert_eq!(
        (api["eleve"]["prenom"].as_str(), api["mef"].as_str()),
        (Some("Hugo"), Some(TROISIEME))
    );
    assert_eq!(
        api["fratrie"],
        serde_json::json!([{ "ref": lea_ref, "prenom": "Léa", "ajoute": true }])
    );

    // Back to Léa with one button.
    let resp = server
        .send(Req::form("/enfant", &[("eleve_ref", &lea_ref)]).cookie(&cookie))
        .await;
    assert_eq!((resp.status, resp.location()), (303, "/resume"));
    let page = server.summary(&cookie).await;
    assert!(page.contains("<h1>Réinscription de Léa MARTIN en 5e</h1>"));
    assert!(page.contains("Ouvrir le dossier de Hugo"));
    // Typing Hugo's code again simply opens his file.
    let location = add_child(&server, &cookie, &hugo.code, &hugo.date_naissance.to_string()).await;
    assert_eq!(location, "/resume?alerte=ajoute");
    assert_eq!(session_children(&server), ["Hugo", "Léa"]);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_submission_leaves_other_files_alone_and_its_address_is_only_offered_to_a_proven_child() {
    let server = DemoServer::start().await;
    let (lea, hugo) = (server.pupil("Léa").clone(), server.pupil("Hugo").clone());
    let lea_before = stored(&server, "Léa");

    // Hugo's family moved: the new address typed in his full form. Léa is not in the session.
    let cookie = server.login(&hugo).await;
    let resp = full_form_post(&server, &cookie, TROISIEME, &NEW_ADDRESS).await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    let (etat, last) = server.file("Hugo");
    assert_eq!((etat.as_str(), last.unwrap().0.as_str()), ("transmis", "formulaire"));
    assert_eq!(
        stored(&server, "Léa"),
        lea_before,
        "Léa's pre-fill byte for byte, her state and her (absent) draft"
    );

    // Léa joins with her own letter: the address is offered, not imposed.
    let location = add_child(&server, &cookie, &lea.code, &lea.date_naissance.to_string()).await;
    assert_eq!(location, "/resume?alerte=ajoute");
    let page = server.summary(&cookie).await;
    assert!(page.contains("<h1>Réinscription de Léa MARTIN en 5e</h1>"));
    assert!(
        page.contains("Reprendre l'adresse et les coordonnées saisies pour Hugo"),
        "{page}"
    );
    assert!(page.contains("<h3>Sophie MARTIN</h3>"), "the guardian both share");
    assert!(page.contains("<dd>27 rue des Capucins</dd>"));
    assert!(
        known_section(&page).contains("<dd>8 rue Mercière</dd>"),
        "what the school holds is unchanged until the family accepts"
    );
    assert_eq!(stored(&server, "Léa").2, lea_before.2);
    assert_eq!(stored(&server, "Léa").3, None);

    // Accepted: into Léa's draft; her pre-fill never changes.
    let offer = form_values(form_of(&page, "/enfant/reprise"));
    let pairs: Vec<(&str, &str)> = offer.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let resp = server.send(Req::form("/enfant/reprise", &pairs).cookie(&cookie)).await;
    assert_eq!((resp.status, resp.location()), (303, "/resume?alerte=reprise"));
    let (etat, _, prefill, draft) = stored(&server, "Léa");
    assert_eq!(prefill, lea_before.2, "the import baseline, byte for byte");
    assert_eq!(etat, "brouillon");
    let draft: serde_json::Value = serde_json::from_str(&draft.expect("Léa's draft")).unwrap();
    for (k, v) in NEW_ADDRESS {
        assert_eq!(draft[k], v, "{k} in Léa's draft");
    }
    let prefill: serde_json::Value = serde_json::from_str(&prefill).unwrap();
    assert_eq!(draft["resp2.adresse"], prefill["resp2.adresse"], "the father as he was");
    assert_eq!(
        draft["resp1.lien"], prefill["resp1.lien"],
        "Léa's own link to her mother"
    );
    let page = server.send(Req::get(resp.location()).cookie(&cookie)).await.text();
    assert!(
        page.contains("Les coordonnées sont reprises dans le dossier de Léa"),
        "{page}"
    );
    assert!(!page.contains("Reprendre l'adresse"), "taken: no more offer");
    for (_, v) in NEW_ADDRESS {
        assert!(
            known_section(&page).contains(&format!("<dd>{v}</dd>")),
            "{v} missing from Léa's summary"
        );
    }

    // One click for Léa: her file carries the new address; each child its own confirmation.
    let resp = server.send(one_click_post(&page, &LEA_ANSWERS).cookie(&cookie)).await;
    assert_eq!(
        (resp.status, resp.location()),
        (303, "/0699901M/confirmation/"),
        "{}",
        resp.text()
    );
    let (etat, last) = server.file("Léa");
    let (mode, values) = last.unwrap();
    assert_eq!((etat.as_str(), mode.as_str()), ("transmis", "un_clic"));
    for (k, v) in NEW_ADDRESS {
        assert_eq!(values[k], v, "{k} of Léa's file");
    }
    assert_eq!(server.confirmations("Léa").len(), 1);
    assert_eq!(server.confirmations("Hugo").len(), 1);
    assert_eq!(stored(&server, "Léa").2, lea_before.2);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_from_an_old_tab_for_another_child_is_refused() {
    let server = DemoServer::start().await;
    let (lea, hugo) = (server.pupil("Léa").clone(), server.pupil("Hugo").clone());
    let cookie = server.login(&lea).await;
    let lea_page = server.summary(&cookie).await;
    // Another tab: Hugo is added, his file is now the open one.
    let location = add_child(&server, &cookie, &hugo.code, &hugo.date_naissance.to_string()).await;
    assert_eq!(location, "/resume?alerte=ajoute");

    // The first tab still shows Léa's page: its one-click post is refused, with a clear message.
    let mut answers = LEA_ANSWERS;
    answers[3] = ("option.lv2", "ESP");
    let resp = server.send(one_click_post(&lea_page, &answers).cookie(&cookie)).await;
    assert_eq!(resp.status, 409);
    let text = resp.text();
    assert!(
        text.contains(
            "Ce formulaire est celui de Léa, mais le dossier ouvert dans ce navigateur est maintenant celui de Hugo"
        ),
        "{text}"
    );
    // The full form of a page without JavaScript has no reference: the child it names decides.
    let mut full: Vec<(&str, &str)> = answers.to_vec();
    full.extend([
        ("eleve.prenom", "Léa"),
        ("eleve.date_naissance", "14/03/2015"),
        ("uai", JEAN_MOULIN),
    ]);
    let resp = server.send(Req::form("/dossier", &full).cookie(&cookie)).await;
    assert_eq!(resp.status, 409, "{}", resp.text());
    assert!(resp.text().contains("Ce formulaire est celui de Léa"));
    // The full form's draft autosave of that tab says which child it was for: refused too.
    let lea_ref = form_values(form_of(&lea_page, "/dossier"))["eleve_ref"].clone();
    let draft = serde_json::json!({ "valeurs": { "urgence.nom": "Monique Martin" }, "eleve_ref": lea_ref });
    let resp = server
        .send(
            Req::new("PUT", "/api/dossier/brouillon")
                .cookie(&cookie)
                .header("Content-Type", "application/json")
                .body(draft.to_string()),
        )
        .await;
    assert_eq!(resp.status, 409);
    assert!(resp.json()["erreur"].as_str().unwrap().contains("celui de Léa"));
    // An offer accepted from that old tab would land on Hugo's file: refused as well.
    let hugo_ref = eleve_ref_of(&server, "Hugo");
    let resp = server
        .send(Req::form("/enfant/reprise", &[("eleve_ref", &lea_ref), ("source", &hugo_ref)]).cookie(&cookie))
        .await;
    assert_eq!(resp.status, 409);
    // Nothing was stored for either child.
    assert_eq!(server.file("Léa").1, None);
    assert_eq!(server.file("Hugo").1, None);
    let drafts: i64 = server
        .db()
        .query_row("SELECT count(*) FROM brouillons", [], |r| r.get(0))
        .unwrap();
    assert_eq!(drafts, 0);

    // Reopened in that tab, Léa's page posts fine.
    assert_eq!(sibling_ref(&server.summary(&cookie).await, "Léa", "/enfant"), lea_ref);
    server
        .send(Req::form("/enfant", &[("eleve_ref", &lea_ref)]).cookie(&cookie))
        .await;
    let resp = server.send(one_click_post(&lea_page, &answers).cookie(&cookie)).await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    assert_eq!(server.file("Léa").0, "transmis");
    server.stop().await;
}

/// The form the worker renders for a family without JavaScript says which pupil it is for, as
/// the script does on the static page: posted from a tab left open on Léa after Hugo's file
/// was opened, it is refused by that reference, even when its fields name Hugo.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_form_without_javascript_names_its_pupil_and_an_old_tab_s_post_is_refused() {
    let server = DemoServer::start().await;
    let (lea, hugo) = (server.pupil("Léa").clone(), server.pupil("Hugo").clone());
    let cookie = server.login(&lea).await;
    let lea_form = server.send(Req::get("/dossier").cookie(&cookie)).await.text();
    let lea_ref = form_values(form_of(&lea_form, "/dossier"))["eleve_ref"].clone();
    assert_eq!(lea_ref, eleve_ref_of(&server, "Léa"), "the page names Léa");
    add_child(&server, &cookie, &hugo.code, &hugo.date_naissance.to_string()).await;
    let hugo_form = server.send(Req::get("/dossier").cookie(&cookie)).await.text();
    assert_eq!(
        form_values(form_of(&hugo_form, "/dossier"))["eleve_ref"],
        eleve_ref_of(&server, "Hugo"),
        "the same request now renders Hugo's file, naming him"
    );

    // Léa's page, its fields changed to name Hugo: the reference still says Léa.
    let mut values = form_values(form_of(&lea_form, "/dossier"));
    values.insert("eleve.prenom".into(), "Hugo".into());
    values.insert("eleve.date_naissance".into(), jj_mm_aaaa(&hugo));
    let posted: Vec<(&str, &str)> = values.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let resp = server.send(Req::form("/dossier", &posted).cookie(&cookie)).await;
    assert_eq!(resp.status, 409, "{}", resp.text());
    assert!(
        resp.text().contains("Ce formulaire est celui de Léa"),
        "{}",
        resp.text()
    );
    assert_eq!(server.file("Hugo").1, None);
    assert_eq!(server.file("Léa").1, None);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_the_campaign_closed_a_session_left_open_adds_no_child() {
    let server = DemoServer::start().await;
    let (lea, hugo) = (server.pupil("Léa").clone(), server.pupil("Hugo").clone());
    let cookie = server.login(&lea).await;
    // The same database, served the day after the campaign closed (it closes in 10 days).
    let content = server.db.parent().unwrap().parent().unwrap().join("content");
    let mut config = dossiersco_worker::config::Config::new(&server.db, &content);
    config.bind = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    config.theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../themes/default");
    config.today = Some(time::OffsetDateTime::now_utc().date() + time::Duration::days(12));
    let closed = dossiersco_worker::server::bind(config).await.unwrap();
    let addr = closed.local_addr();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(closed.run(async {
        let _ = stopped.await;
    }));

    let date = hugo.date_naissance.to_string();
    let form = [("code", hugo.code.as_str()), ("date_naissance", date.as_str())];
    let resp = client::send(addr, Req::form("/enfant/ajout", &form).cookie(&cookie)).await;
    assert_eq!((resp.status, resp.location()), (303, "/resume?alerte=fermee#fratrie"));
    let page = client::send(addr, Req::get(resp.location()).cookie(&cookie))
        .await
        .text();
    assert!(
        page.contains("La réinscription en ligne n'est pas ouverte aujourd'hui"),
        "{page}"
    );
    assert_eq!(session_children(&server), ["Léa"]);
    assert_eq!(stored(&server, "Hugo").0, "non_connecte", "no code was checked");
    let _ = stop.send(());
    task.await.unwrap().unwrap();
    server.stop().await;
}

/// « Réinscrire un autre enfant » as the page sends it now: the date in three fields.
async fn add_child_jma(
    server: &DemoServer,
    cookie: &str,
    code: &str,
    (jour, mois, annee): (&str, &str, &str),
) -> String {
    let form = [("code", code), ("jour", jour), ("mois", mois), ("annee", annee)];
    let resp = server.send(Req::form("/enfant/ajout", &form).cookie(cookie)).await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    resp.location().to_string()
}

fn failed_attempts(server: &DemoServer) -> i64 {
    server
        .db()
        .query_row("SELECT COUNT(*) FROM tentatives_connexion WHERE reussie = 0", [], |r| {
            r.get(0)
        })
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sibling_s_birth_date_in_three_fields_adds_it_and_a_wrong_one_counts_as_before() {
    let server = DemoServer::start().await;
    let (lea, hugo) = (server.pupil("Léa").clone(), server.pupil("Hugo").clone());
    let cookie = server.login(&lea).await;
    let d = hugo.date_naissance;
    let (jour, mois, annee) = (d.day().to_string(), (d.month() as u8).to_string(), d.year().to_string());

    // The summary's form has the three fields, grouped, and no date picker.
    let page = server.summary(&cookie).await;
    for expected in [
        "name=\"jour\"",
        "name=\"mois\"",
        "name=\"annee\"",
        "inputmode=\"numeric\"",
        "<legend>Date de naissance de l'enfant</legend>",
    ] {
        assert!(page.contains(expected), "{expected} missing from the summary");
    }
    assert!(
        !page.contains("type=\"date\""),
        "no date picker whose format follows the phone"
    );

    // An impossible date: said beside the date, nothing counted.
    let location = add_child_jma(&server, &cookie, &hugo.code, ("31", &mois, "20")).await;
    assert_eq!(location, "/resume?alerte=date#fratrie");
    let body = server.send(Req::get(&location).cookie(&cookie)).await.text();
    assert!(body.contains("Cette date n'existe pas"));
    assert!(body.contains("aria-invalid=\"true\""));
    assert_eq!(failed_attempts(&server), 0);

    // A real date that is not Hugo's: a wrong attempt, counted like a wrong login.
    let other_year = (d.year() - 1).to_string();
    let location = add_child_jma(&server, &cookie, &hugo.code, (&jour, &mois, &other_year)).await;
    assert_eq!(location, "/resume?alerte=identifiants#fratrie");
    assert_eq!(failed_attempts(&server), 1);

    // His date: his file opens.
    let location = add_child_jma(&server, &cookie, &hugo.code, (&jour, &mois, &annee)).await;
    assert_eq!(location, "/resume?alerte=ajoute");
    assert_eq!(session_children(&server), ["Hugo", "Léa"]);
    server.stop().await;
}
