//! Brothers and sisters in one session: added with their birth date (the login's limits),
//! nothing but a first name shown before, one address typed once for every child, and a
//! post for one child never landing on another.

mod oneclick_support;

use oneclick_support::*;

const NEW_ADDRESS: [(&str, &str); 3] = [
    ("resp1.adresse", "27 rue des Capucins"),
    ("resp1.code_postal", "69001"),
    ("resp1.commune", "Lyon"),
];

/// Adds a sibling by birth date from the summary page; returns the 303's location.
async fn add_sibling(server: &DemoServer, cookie: &str, page: &str, prenom: &str, date: &str) -> String {
    let reference = sibling_ref(page, prenom, "/enfant/ajout");
    let resp = server
        .send(Req::form("/enfant/ajout", &[("eleve_ref", &reference), ("date_naissance", date)]).cookie(cookie))
        .await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    resp.location().to_string()
}

fn session_children(server: &DemoServer) -> i64 {
    server
        .db()
        .query_row("SELECT count(*) FROM session_eleves", [], |r| r.get(0))
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_children_in_one_session_one_click_for_the_first_and_one_address_change_for_both() {
    let server = DemoServer::start().await;
    let (lea, hugo) = (server.pupil("Léa").clone(), server.pupil("Hugo").clone());
    let cookie = server.login(&lea).await;
    let page = server.summary(&cookie).await;
    assert!(
        page.contains("Vous avez d'autres enfants à réinscrire au collège : Hugo."),
        "{page}"
    );
    let api = server.send(Req::get("/api/dossier").cookie(&cookie)).await.json();
    assert_eq!(api["eleve"]["prenom"], "Léa");
    assert_eq!(api["fratrie"][0]["prenom"], "Hugo");
    assert_eq!(api["fratrie"][0]["ajoute"], false);
    let lea_ref = api["eleve"]["ref"].as_str().unwrap().to_string();

    // Hugo's birth date, typed as jj/mm/aaaa: he joins the session and his file opens.
    let date = hugo.date_naissance;
    let typed = format!("{:02}/{:02}/{}", date.day(), date.month() as u8, date.year());
    let location = add_sibling(&server, &cookie, &page, "Hugo", &typed).await;
    assert_eq!(location, "/resume?alerte=ajoute");
    let page = server.send(Req::get(&location).cookie(&cookie)).await.text();
    assert!(page.contains("<h1>Réinscription de Hugo MARTIN en 3e</h1>"));
    assert!(page.contains("Le dossier de Hugo est ouvert."));
    assert!(page.contains("Ouvrir le dossier de Léa"), "Léa stays one click away");
    let api = server.send(Req::get("/api/dossier").cookie(&cookie)).await.json();
    assert_eq!(
        (api["eleve"]["prenom"].as_str(), api["mef"].as_str()),
        (Some("Hugo"), Some("10310019110"))
    );
    assert_eq!(
        api["fratrie"],
        serde_json::json!([{ "ref": lea_ref, "prenom": "Léa", "ajoute": true }])
    );

    // The family moved: the new address is typed once, in Hugo's full form.
    let mut values: Vec<(String, String)> = api["valeurs"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .filter(|(k, _)| !NEW_ADDRESS.iter().any(|(n, _)| n == k))
        .collect();
    for (k, v) in NEW_ADDRESS.iter().chain(&[
        ("uai", JEAN_MOULIN),
        ("mef", "10310019110"),
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
    let resp = server.send(Req::form("/dossier", &pairs).cookie(&cookie)).await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    let (etat, last) = server.file("Hugo");
    assert_eq!((etat.as_str(), last.unwrap().0.as_str()), ("transmis", "formulaire"));

    // Back to Léa: her summary already shows the new address.
    let resp = server
        .send(Req::form("/enfant", &[("eleve_ref", &lea_ref)]).cookie(&cookie))
        .await;
    assert_eq!((resp.status, resp.location()), (303, "/resume"));
    let page = server.summary(&cookie).await;
    assert!(page.contains("<h1>Réinscription de Léa MARTIN en 5e</h1>"));
    for (_, v) in NEW_ADDRESS {
        assert!(
            page.contains(&format!("<dd>{v}</dd>")),
            "{v} missing from Léa's summary"
        );
    }
    // Carried to the same person in Léa's file; the other guardian's details as they were.
    let prefill = server.prefill("Léa");
    assert_eq!(prefill["resp1.adresse"], "27 rue des Capucins");
    assert_eq!(prefill["resp1.prenom"], "Sophie");
    assert_eq!(prefill["resp2.adresse"], "8 rue Mercière");

    // One click for Léa.
    let resp = server
        .send(
            one_click_post(
                &page,
                &[
                    ("urgence.nom", "Monique Martin"),
                    ("urgence.lien", "grand-mère"),
                    ("urgence.telephone", "06 98 76 54 32"),
                    ("option.lv2", "ALL"),
                    ("regime_sortie", "libre"),
                    ("consentement.photo_classe", "oui"),
                    ("consentement.droit_image", "non"),
                    ("signature.nom", "Sophie Martin"),
                    ("signature.accord", "oui"),
                ],
            )
            .cookie(&cookie),
        )
        .await;
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
    // Each child its own file and its own confirmation.
    assert_eq!(server.confirmations("Léa").len(), 1);
    assert_eq!(server.confirmations("Hugo").len(), 1);
    let files: i64 = server
        .db()
        .query_row("SELECT count(DISTINCT eleve_id) FROM soumissions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(files, 2);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_sibling_birth_date_reveals_nothing_and_is_rate_limited() {
    let server = DemoServer::start().await;
    let (lea, hugo) = (server.pupil("Léa").clone(), server.pupil("Hugo").clone());
    let cookie = server.login(&lea).await;
    let page = server.summary(&cookie).await;
    let reference = sibling_ref(&page, "Hugo", "/enfant/ajout");
    // What must not leak before Hugo's birth date is given.
    let hugo_date = hugo.date_naissance.to_string();
    let secrets = [
        hugo_date.clone(),
        format!(
            "{:02}/{:02}/{}",
            hugo.date_naissance.day(),
            hugo.date_naissance.month() as u8,
            hugo.date_naissance.year()
        ),
        hugo.division.clone().unwrap(),
        "10310019110".to_string(),
        "Paul".to_string(), // his second first name
        "en 3e".to_string(),
    ];
    let leaks = |body: &str| secrets.iter().find(|s| body.contains(s.as_str())).cloned();
    assert_eq!(leaks(&page), None, "the summary shows only Hugo's first name");
    let api = server.send(Req::get("/api/dossier").cookie(&cookie)).await.text();
    assert_eq!(leaks(&api), None);

    // Three free mistakes, then a fourth after the wait they earn (the backoff of a login
    // with Hugo's letter: 1 s, 2 s, 4 s…, each up to a quarter longer).
    for attempt in 1..=4 {
        if attempt == 4 {
            tokio::time::sleep(std::time::Duration::from_millis(1300)).await;
        }
        let location = add_sibling(&server, &cookie, &page, "Hugo", "2013-07-03").await;
        assert_eq!(
            location,
            format!("/resume?alerte=date&enfant={reference}#fratrie"),
            "attempt {attempt}"
        );
        let resp = server.send(Req::get(&location).cookie(&cookie)).await;
        let body = resp.text();
        assert!(body.contains("La date de naissance indiquée pour Hugo ne correspond pas."));
        assert!(
            body.contains("<h1>Réinscription de Léa MARTIN en 5e</h1>"),
            "Léa's file stays open"
        );
        assert_eq!(leaks(&body), None, "attempt {attempt}");
    }
    // Nothing changed: Hugo is neither in the session nor marked connected.
    assert_eq!(session_children(&server), 1);
    let (etat, premiere): (String, Option<String>) = server
        .db()
        .query_row(
            "SELECT etat, premiere_connexion FROM eleves WHERE prenom = 'Hugo' AND uai = ?1",
            [JEAN_MOULIN],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((etat.as_str(), premiere), ("non_connecte", None));

    // Right away, even with the right date: held for 2 seconds or so, like a login with
    // Hugo's letter.
    let location = add_sibling(&server, &cookie, &page, "Hugo", &hugo_date).await;
    assert!(
        location.starts_with("/resume?alerte=verrouille&reessayer="),
        "{location}"
    );
    let body = server.send(Req::get(&location).cookie(&cookie)).await.text();
    assert!(
        body.contains("Trop de tentatives pour Hugo : par sécurité, réessayez à "),
        "{body}"
    );
    assert_eq!(leaks(&body), None);
    assert_eq!(session_children(&server), 1);
    let resp = server.send(Req::login(JEAN_MOULIN, &hugo.code, &hugo_date)).await;
    assert!(
        resp.location().ends_with("#erreur-verrouille"),
        "counted against Hugo's code: {}",
        resp.location()
    );
    // Léa's own code is not concerned.
    server.login(&lea).await;
    // A malformed date is not an attempt.
    let location = add_sibling(&server, &cookie, &page, "Hugo", "demain").await;
    assert_eq!(
        location,
        format!("/resume?alerte=formulaire&enfant={reference}#fratrie")
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pupil_of_another_family_is_never_offered_nor_added() {
    let server = DemoServer::start().await;
    let (lea, noe) = (server.pupil("Léa").clone(), server.pupil("Noé").clone());
    // Noé's reference, as his own family's pages carry it.
    let noe_cookie = server.login(&noe).await;
    let noe_api = server.send(Req::get("/api/dossier").cookie(&noe_cookie)).await.json();
    assert_eq!(
        noe_api["fratrie"],
        serde_json::json!([]),
        "Noé has no brother or sister here"
    );
    let noe_ref = noe_api["eleve"]["ref"].as_str().unwrap().to_string();

    let cookie = server.login(&lea).await;
    let page = server.summary(&cookie).await;
    let section = &page[page.find("id=\"fratrie\"").unwrap()..];
    assert!(!section.contains("Noé"), "only Léa's brother is offered");
    assert!(section.contains("Hugo"));

    // Even with Noé's reference and birth date, Léa's session cannot take him in.
    let resp = server
        .send(
            Req::form(
                "/enfant/ajout",
                &[
                    ("eleve_ref", &noe_ref),
                    ("date_naissance", &noe.date_naissance.to_string()),
                ],
            )
            .cookie(&cookie),
        )
        .await;
    assert_eq!((resp.status, resp.location()), (303, "/resume"));
    let resp = server
        .send(Req::form("/enfant", &[("eleve_ref", &noe_ref)]).cookie(&cookie))
        .await;
    assert_eq!(resp.status, 409);
    assert!(resp.text().contains("pas dans votre session"));
    let api = server.send(Req::get("/api/dossier").cookie(&cookie)).await.json();
    assert_eq!(api["eleve"]["prenom"], "Léa");
    let in_lea_session: i64 = server
        .db()
        .query_row(
            "SELECT count(*) FROM session_eleves se JOIN eleves e ON e.id = se.eleve_id WHERE e.prenom = 'Noé'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(in_lea_session, 1, "only Noé's own session");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_from_an_old_tab_for_another_child_is_refused() {
    let server = DemoServer::start().await;
    let (lea, hugo) = (server.pupil("Léa").clone(), server.pupil("Hugo").clone());
    let cookie = server.login(&lea).await;
    let lea_page = server.summary(&cookie).await;
    // Another tab: Hugo is added, his file is now the open one.
    add_sibling(&server, &cookie, &lea_page, "Hugo", &hugo.date_naissance.to_string()).await;

    // The first tab still shows Léa's page: its one-click post is refused, with a clear message.
    let answers = [
        ("urgence.nom", "Monique Martin"),
        ("urgence.lien", "grand-mère"),
        ("urgence.telephone", "06 98 76 54 32"),
        ("option.lv2", "ESP"),
        ("regime_sortie", "libre"),
        ("consentement.photo_classe", "oui"),
        ("consentement.droit_image", "non"),
        ("signature.nom", "Sophie Martin"),
        ("signature.accord", "oui"),
    ];
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
