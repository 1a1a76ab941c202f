//! Families log in with the code from the letter and the child's birth date.

mod http_common;

use http_common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_family_with_the_right_code_and_date_reaches_its_summary_with_a_safe_cookie() {
    let server = TestServer::start(Setup::default()).await;
    // Typed loosely: lower case, spaces instead of dashes.
    let resp = server.send(Req::login(JEAN_MOULIN, " 7kq2 mx9d 4tpw ", LOU.date)).await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    assert_eq!(resp.location(), "/resume", "the one-click summary comes first");
    let cookie = resp.set_cookie("dossiersco_session").expect("a session cookie");
    let attributes: Vec<&str> = cookie.split(';').map(str::trim).collect();
    // The site's public address is https: a host-only, Secure cookie, whatever the Host.
    assert!(attributes[0].starts_with("__Host-dossiersco_session="), "{cookie}");
    for expected in ["HttpOnly", "SameSite=Lax", "Path=/", "Secure"] {
        assert!(attributes.contains(&expected), "{expected} missing from {cookie}");
    }
    let token = resp.session_cookie().unwrap().split_once('=').unwrap().1.to_string();
    assert_eq!(token.len(), 64, "256 bits in hex");

    let db = server.db();
    let (etat, premiere): (String, Option<String>) = db
        .query_row(
            "SELECT etat, premiere_connexion FROM eleves WHERE nom = 'Martin'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(etat, "connecte");
    assert!(premiere.is_some(), "first login recorded");
    let stored: String = db
        .query_row("SELECT token_hash FROM sessions", [], |r| r.get(0))
        .unwrap();
    assert_ne!(stored, token, "only the token's hash is stored");
    let (reussie, adresse): (bool, String) = db
        .query_row("SELECT reussie, adresse_hash FROM tentatives_connexion", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert!(reussie);
    assert!(!adresse.contains("127.0.0.1"), "the address is hashed");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cookie_is_secure_when_the_site_is_reached_by_its_public_name() {
    let server = TestServer::start(Setup::default()).await;
    // The Host a reverse proxy passes on: the public name of the site.
    let bytes = Req::login(JEAN_MOULIN, LOU.code, LOU.date)
        .foreign()
        .header("Origin", "https://reinscription.example.fr")
        .to_bytes(server.addr);
    let public = String::from_utf8(bytes).unwrap().replacen(
        &format!("Host: {}", server.addr),
        "Host: reinscription.example.fr",
        1,
    );
    let resp = http_common::client::send_raw(server.addr, public.as_bytes()).await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    let cookie = resp.set_cookie("dossiersco_session").expect("a session cookie");
    assert!(cookie.split(';').any(|a| a.trim() == "Secure"), "{cookie}");
    assert!(cookie.starts_with("__Host-"), "{cookie}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_code_and_a_wrong_date_get_the_same_message_and_no_cookie() {
    let server = TestServer::start(Setup::default()).await;
    for (code, date) in [
        ("7KQ2-MX9D-4TPX", LOU.date), // a code that does not exist
        (LOU.code, "2015-03-15"),     // the right code, another birth date
        ("0000-0000-0000", LOU.date), // not even a possible code
        (NOA.code, NOA.date),         // a pupil of another school
    ] {
        let resp = server.send(Req::login(JEAN_MOULIN, code, date)).await;
        assert_eq!(resp.status, 303);
        assert_eq!(
            resp.location(),
            "/0699901M/connexion/#erreur-identifiants",
            "{code} {date}"
        );
        assert!(resp.header("set-cookie").is_none());
    }
    let traced: i64 = server
        .db()
        .query_row("SELECT COUNT(*) FROM tentatives_connexion WHERE reussie = 0", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(traced, 4, "every attempt is traced");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_code_or_date_asks_to_fill_the_form() {
    let server = TestServer::start(Setup::default()).await;
    for (code, date) in [("", LOU.date), (LOU.code, "")] {
        let resp = server.send(Req::login(JEAN_MOULIN, code, date)).await;
        assert_eq!(resp.location(), "/0699901M/connexion/#erreur-formulaire");
    }
    // A date that cannot be: the page says so; it is not an attempt either.
    let resp = server.send(Req::login(JEAN_MOULIN, LOU.code, "demain")).await;
    assert_eq!(resp.location(), "/0699901M/connexion/#erreur-date");
    // A browser without a date picker sends what was typed: JJ/MM/AAAA works too.
    let resp = server.send(Req::login(JEAN_MOULIN, LOU.code, "14/03/2015")).await;
    assert_eq!(resp.location(), "/resume");
    // An unknown school goes back to the list of schools.
    let resp = server.send(Req::login("0000000A", LOU.code, LOU.date)).await;
    assert_eq!((resp.status, resp.location()), (303, "/"));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outside_the_campaign_dates_the_login_page_says_why() {
    let closed = TestServer::start(Setup {
        campaign: (-30, -1),
        ..Setup::default()
    })
    .await;
    let resp = closed.send(Req::login(JEAN_MOULIN, LOU.code, LOU.date)).await;
    assert_eq!(resp.location(), "/0699901M/connexion/#erreur-fermee");
    assert!(resp.header("set-cookie").is_none());
    closed.stop().await;

    let not_yet = TestServer::start(Setup {
        campaign: (1, 30),
        ..Setup::default()
    })
    .await;
    let resp = not_yet.send(Req::login(JEAN_MOULIN, LOU.code, LOU.date)).await;
    assert_eq!(resp.location(), "/0699901M/connexion/#erreur-pas-ouverte");
    not_yet.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_last_day_of_the_campaign_is_still_open() {
    let server = TestServer::start(Setup {
        campaign: (-5, 0),
        ..Setup::default()
    })
    .await;
    server.login(JEAN_MOULIN, LOU.code, LOU.date).await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_on_its_own_origin_sends_families_back_to_the_site_and_answers_its_scripts() {
    let server = TestServer::start(Setup {
        url_worker: Some("https://api.reinscription.example.fr"),
        ..Setup::default()
    })
    .await;
    let site = "https://reinscription.example.fr";
    let login = Req::login(JEAN_MOULIN, LOU.code, LOU.date)
        .foreign()
        .header("Origin", site);
    let resp = server.send(login).await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    assert_eq!(
        resp.location(),
        "https://api.reinscription.example.fr/resume",
        "the summary carries the family's data: the worker's own page"
    );
    let cookie = resp.session_cookie().unwrap();
    // The pages of the static site are on the site's origin (a relative URL would point at the worker).
    let resp = server
        .send(
            Req::login(JEAN_MOULIN, LOU.code, "2015-03-15")
                .foreign()
                .header("Origin", site),
        )
        .await;
    assert_eq!(
        resp.location(),
        "https://reinscription.example.fr/0699901M/connexion/#erreur-identifiants"
    );

    // The static pages' script: preflight, then the API with the cookie.
    let preflight = Req::new("OPTIONS", "/api/dossier/brouillon")
        .header("Origin", site)
        .header("Access-Control-Request-Method", "PUT");
    let resp = server.send(preflight).await;
    assert_eq!(resp.status, 204);
    assert_eq!(resp.header("access-control-allow-origin"), Some(site));
    assert_eq!(
        resp.header("access-control-allow-methods"),
        Some("GET, PUT, POST, DELETE")
    );
    let resp = server
        .send(Req::get("/api/dossier").cookie(&cookie).header("Origin", site))
        .await;
    assert_eq!(resp.status, 200);
    assert_eq!(resp.header("access-control-allow-origin"), Some(site));
    assert_eq!(resp.header("access-control-allow-credentials"), Some("true"));
    // Any other origin gets no CORS header.
    let resp = server
        .send(
            Req::get("/api/dossier")
                .cookie(&cookie)
                .header("Origin", "https://evil.example"),
        )
        .await;
    assert_eq!(resp.header("access-control-allow-origin"), None);
    let resp = server
        .send(Req::new("OPTIONS", "/api/dossier").header("Origin", "https://evil.example"))
        .await;
    assert_eq!(resp.status, 405);
    server.stop().await;
}

/// The login form as the page sends it now: the birth date in three fields.
fn login_jma(code: &str, jour: &str, mois: &str, annee: &str) -> Req {
    Req::form(
        "/connexion",
        &[
            ("uai", JEAN_MOULIN),
            ("code", code),
            ("jour", jour),
            ("mois", mois),
            ("annee", annee),
        ],
    )
}

fn failed_attempts(server: &TestServer) -> i64 {
    server
        .db()
        .query_row("SELECT COUNT(*) FROM tentatives_connexion WHERE reussie = 0", [], |r| {
            r.get(0)
        })
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_birth_date_typed_in_three_fields_logs_in_as_families_type_it() {
    let server = TestServer::start(Setup::default()).await;
    // Lou was born on 14 March 2015: « 14 3 2015 », as typed on a phone's number pad.
    for (jour, mois) in [("14", "3"), (" 14 ", "03")] {
        let resp = server.send(login_jma(LOU.code, jour, mois, "2015")).await;
        assert_eq!(resp.location(), "/resume", "{jour}/{mois}: {}", resp.text());
        assert!(resp.session_cookie().is_some());
    }
    // The month and the day the other way round (an English phone's habit): a wrong date.
    let resp = server.send(login_jma(LOU.code, "3", "14", "2015")).await;
    assert_eq!(
        resp.location(),
        "/0699901M/connexion/#erreur-date",
        "month 14 does not exist"
    );
    let resp = server.send(login_jma(LOU.code, "3", "12", "2015")).await;
    assert_eq!(resp.location(), "/0699901M/connexion/#erreur-identifiants");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_impossible_or_incomplete_date_is_asked_again_and_never_counted() {
    let server = TestServer::start(Setup::default()).await;
    for (jour, mois, annee) in [
        ("30", "2", "2015"),
        ("14", "3", "15"),
        ("1a", "3", "2015"),
        ("14", "13", "2015"),
    ] {
        let resp = server.send(login_jma(LOU.code, jour, mois, annee)).await;
        assert_eq!(
            resp.location(),
            "/0699901M/connexion/#erreur-date",
            "{jour}/{mois}/{annee}"
        );
        assert!(resp.header("set-cookie").is_none());
    }
    for (jour, mois, annee) in [("14", "", "2015"), ("", "", "")] {
        let resp = server.send(login_jma(LOU.code, jour, mois, annee)).await;
        assert_eq!(
            resp.location(),
            "/0699901M/connexion/#erreur-formulaire",
            "{jour}/{mois}/{annee}"
        );
    }
    assert_eq!(failed_attempts(&server), 0, "no attempt was made");
    server.stop().await;
}

/// How many wrong birth dates for Lou's code before the worker makes the family wait.
async fn failures_before_the_wait(server: &TestServer, three_fields: bool) -> usize {
    for i in 1..=40 {
        let day = format!("{}", 1 + i % 28);
        let req = if three_fields {
            login_jma(LOU.code, &day, "1", "2014")
        } else {
            Req::login(JEAN_MOULIN, LOU.code, &format!("2014-01-{day:0>2}"))
        };
        let resp = server.send(req).await;
        if resp.location().contains("#erreur-verrouille") {
            return i;
        }
        assert_eq!(resp.location(), "/0699901M/connexion/#erreur-identifiants");
    }
    panic!("40 wrong dates and no wait");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_dates_in_three_fields_count_against_the_code_as_before() {
    let old = TestServer::start(Setup::default()).await;
    let before = failures_before_the_wait(&old, false).await;
    old.stop().await;
    let new = TestServer::start(Setup::default()).await;
    let now = failures_before_the_wait(&new, true).await;
    assert_eq!(now, before, "the same number of tries before the wait");
    assert_eq!(failed_attempts(&new), now as i64 - 1, "every wrong date traced");
    new.stop().await;
}
