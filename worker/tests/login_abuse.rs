//! The login attacked over HTTP, against the real server and its real database: a stranger
//! keeping a code shut, a bot on a school's network, forged proxy headers, cookies planted
//! or copied, sessions that never end. Time is the server's own clock, moved forward by
//! the test (no sleeping through a 15-minute wait).

mod http_common;

use dossiersco_worker::auth::SecretHasher;
use dossiersco_worker::clock::{to_paris, Clock};
use dossiersco_worker::config::Config;
use dossiersco_worker::store::sessions::{PER_ADDRESS, PER_CODE};
use http_common::*;
use std::net::SocketAddr;
use std::path::PathBuf;
use tempfile::TempDir;
use time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The server under attack, with a clock the test moves.
struct Site {
    addr: SocketAddr,
    db: PathBuf,
    clock: Clock,
    _dir: TempDir,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<anyhow::Result<()>>>,
}

struct Options {
    /// `trusted_proxy_hops`: the tests speak as clients behind one proxy unless told.
    hops: usize,
    /// site.yml `url_base` (None: the content's https address).
    url_base: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            hops: 1,
            url_base: None,
        }
    }
}

/// How the server answered a login.
#[derive(Debug, PartialEq, Eq)]
enum Answer {
    Connecte,
    Refuse,
    /// "Réessayez à HH:MM" (Paris time).
    Attendre(String),
}

impl Site {
    async fn start(options: Options) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        copy_content(&content, (-10, 10));
        if let Some(url) = &options.url_base {
            let site_yml = content.join("site.yml");
            let text = std::fs::read_to_string(&site_yml).unwrap();
            let text = text.replace(
                "url_base: https://reinscription.example.fr",
                &format!("url_base: {url}"),
            );
            std::fs::write(site_yml, text).unwrap();
        }
        let db = dir.path().join("var/dossiersco.sqlite");
        insert_fixture_pupils(&db);
        let mut config = Config::new(&db, &content);
        config.bind = SocketAddr::from(([127, 0, 0, 1], 0));
        config.theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../themes/default");
        config.trusted_proxy_hops = options.hops;
        config.clock = Clock::adjustable();
        let clock = config.clock.clone();
        let server = dossiersco_worker::server::bind(config).await.expect("server starts");
        let addr = server.local_addr();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server.run(async {
            let _ = stopped.await;
        }));
        Site {
            addr,
            db,
            clock,
            _dir: dir,
            stop: Some(stop),
            task: Some(task),
        }
    }

    async fn send(&self, req: Req) -> Resp {
        http_common::client::send(self.addr, req).await
    }

    /// A login typed on the page of Jean Moulin by a client at `ip` (behind the proxy).
    async fn login(&self, ip: &str, code: &str, date: &str) -> (Answer, Resp) {
        self.login_with(ip, code, date, None).await
    }

    async fn login_with(&self, ip: &str, code: &str, date: &str, cookie: Option<&str>) -> (Answer, Resp) {
        let mut req = Req::login(JEAN_MOULIN, code, date).header("X-Forwarded-For", ip);
        if let Some(cookie) = cookie {
            req = req.cookie(cookie);
        }
        let resp = self.send(req).await;
        assert_eq!(resp.status, 303, "{}", resp.text());
        let location = resp.location().to_string();
        let answer = if resp.session_cookie().is_some() {
            Answer::Connecte
        } else if location.ends_with("#erreur-identifiants") {
            Answer::Refuse
        } else if let Some(time) = location
            .strip_prefix("/0699901M/connexion/?reessayer=")
            .and_then(|rest| rest.strip_suffix("#erreur-verrouille"))
        {
            Answer::Attendre(time.to_string())
        } else {
            panic!("unexpected answer to a login: {location}")
        };
        (answer, resp)
    }

    /// Moves the server's clock to the Paris time `hh:mm` the server asked to come back at.
    fn come_back_at(&self, hhmm: &str) -> Duration {
        let (h, m) = hhmm.split_once(':').unwrap();
        let now = to_paris(self.clock.now());
        let mut target = now.replace_time(time::Time::from_hms(h.parse().unwrap(), m.parse().unwrap(), 0).unwrap());
        if target < now {
            target += Duration::days(1);
        }
        let wait = target - now;
        self.clock.advance(wait);
        wait
    }

    fn db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.db).unwrap()
    }

    /// Checked attempts recorded (held ones are not).
    fn traced(&self, filter: &str) -> i64 {
        self.db()
            .query_row(
                &format!("SELECT COUNT(*) FROM tentatives_connexion WHERE {filter}"),
                [],
                |r| r.get(0),
            )
            .unwrap()
    }

    async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap().unwrap();
        }
    }
}

const STRANGER: &str = "198.51.100.66";
const FAMILY: &str = "203.0.113.10";
const WRONG_DATE: &str = "2015-03-15";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stranger_trying_every_few_minutes_cannot_keep_a_family_out() {
    let site = Site::start(Options::default()).await;
    // The old attack: one wrong date every 5 minutes for 3 hours used to keep the code
    // locked all along (a locked attempt counted as a failure).
    let mut held = 0;
    let mut family_waits = Vec::new();
    for round in 0..36 {
        let before = site.traced("1");
        match site.login(STRANGER, LOU.code, WRONG_DATE).await.0 {
            Answer::Refuse => {}
            Answer::Attendre(_) => {
                held += 1;
                assert_eq!(
                    site.traced("1"),
                    before,
                    "a held attempt is neither checked nor counted"
                );
            }
            Answer::Connecte => panic!("a wrong date opened a session"),
        }
        site.clock.advance(Duration::minutes(5));
        // Every half hour the family tries from home; when asked to wait, it comes back at
        // the time given (before the stranger's next try) and gets in.
        if round % 6 == 5 {
            match site.login(FAMILY, LOU.code, LOU.date).await.0 {
                Answer::Connecte => family_waits.push(Duration::ZERO),
                Answer::Attendre(at) => {
                    let wait = site.come_back_at(&at);
                    let (answer, resp) = site.login(FAMILY, LOU.code, LOU.date).await;
                    assert_eq!(
                        answer,
                        Answer::Connecte,
                        "at {at} the family gets in: {}",
                        resp.location()
                    );
                    family_waits.push(wait);
                }
                Answer::Refuse => panic!("the right code and date refused"),
            }
        }
    }
    let counted = site.traced("reussie = 0");
    // 3 free, then 1 s … 512 s, then one every 15 minutes: the stranger's 36 tries are
    // mostly held; at most the free ones, the doublings and one per 15 minutes count.
    assert!(held >= 10, "only {held} of 36 held");
    assert!(counted <= 3 + 10 + 180 / 15, "{counted} wrong dates checked in 3 hours");
    assert_eq!(family_waits.len(), 6);
    for wait in &family_waits {
        assert!(
            *wait <= PER_CODE.max_wait * 1.25 + Duration::minutes(1),
            "the family waited {wait} (ceiling {}, spread by a quarter at most)",
            PER_CODE.max_wait
        );
    }
    // The stranger stops: within the ceiling the code is open again for anyone.
    site.clock.advance(PER_CODE.max_wait * 1.25);
    assert_eq!(site.login(FAMILY, LOU.code, LOU.date).await.0, Answer::Connecte);
    site.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_that_logged_in_before_is_not_held_back_by_a_stranger_hammering_the_code() {
    let site = Site::start(Options::default()).await;
    let (answer, resp) = site.login(FAMILY, LOU.code, LOU.date).await;
    assert_eq!(answer, Answer::Connecte);
    let mark = resp
        .set_cookie("dossiersco_appareil")
        .expect("a known-device cookie after login")
        .to_string();
    for attribute in ["HttpOnly", "Secure", "Path=/", "SameSite=Lax"] {
        assert!(
            mark.split(';').any(|a| a.trim() == attribute),
            "{attribute} missing: {mark}"
        );
    }
    assert!(mark.contains("Max-Age="), "it outlives the browser session: {mark}");
    let device = mark.split(';').next().unwrap().to_string();

    // A stranger hammers the code: 40 wrong dates at once, then more as time passes.
    for i in 0..80 {
        site.login(STRANGER, LOU.code, WRONG_DATE).await;
        if i >= 40 {
            site.clock.advance(Duration::seconds(20));
        }
    }
    // One more try of the stranger: it is counted (and starts a new wait) or held (a wait
    // is running); either way, right after it, the code is held for everyone else.
    site.login(STRANGER, LOU.code, WRONG_DATE).await;
    let (answer, _) = site.login(FAMILY, LOU.code, LOU.date).await;
    assert!(
        matches!(answer, Answer::Attendre(_)),
        "without the mark, the family waits like anyone: {answer:?}"
    );
    // The same family from its usual browser: straight in, as often as it likes.
    for _ in 0..3 {
        let (answer, resp) = site.login_with(FAMILY, LOU.code, LOU.date, Some(&device)).await;
        assert_eq!(answer, Answer::Connecte, "{}", resp.location());
    }
    // From another network too (the mark is the browser's, not the address's).
    let (answer, _) = site.login_with(STRANGER, LOU.code, LOU.date, Some(&device)).await;
    assert_eq!(answer, Answer::Connecte);

    // The mark is no licence to guess: its own failures count, in its own lane.
    let before = site.traced("appareil = 1 AND reussie = 0");
    for _ in 0..PER_CODE.free {
        let (answer, _) = site.login_with(FAMILY, LOU.code, WRONG_DATE, Some(&device)).await;
        assert_eq!(answer, Answer::Refuse);
    }
    assert_eq!(
        site.traced("appareil = 1 AND reussie = 0"),
        before + PER_CODE.free as i64
    );
    let (answer, _) = site.login_with(FAMILY, LOU.code, "2015-03-16", Some(&device)).await;
    assert!(matches!(answer, Answer::Attendre(_)), "{answer:?}");
    site.clock.advance(Duration::seconds(2));
    let (answer, _) = site.login_with(FAMILY, LOU.code, LOU.date, Some(&device)).await;
    assert_eq!(answer, Answer::Connecte);

    // A forged mark, or the mark of another code, is no mark.
    let forged = format!("__Host-dossiersco_appareil={}", "ab".repeat(16));
    let (answer, _) = site.login_with(FAMILY, LOU.code, LOU.date, Some(&forged)).await;
    assert!(matches!(answer, Answer::Attendre(_)), "forged mark: {answer:?}");
    let (_, sam) = site.login(FAMILY, SAM.code, SAM.date).await;
    let sams_device = sam
        .set_cookie("dossiersco_appareil")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let (answer, _) = site.login_with(FAMILY, LOU.code, LOU.date, Some(&sams_device)).await;
    assert!(matches!(answer, Answer::Attendre(_)), "another code's mark: {answer:?}");
    // A browser known for two children keeps both marks.
    let (_, both) = site.login_with(FAMILY, SAM.code, SAM.date, Some(&device)).await;
    let both = both
        .set_cookie("dossiersco_appareil")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let (answer, _) = site.login_with(FAMILY, LOU.code, LOU.date, Some(&both)).await;
    assert_eq!(answer, Answer::Connecte);
    site.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_failures_from_one_address_slow_it_down_but_never_shut_it_out() {
    let site = Site::start(Options::default()).await;
    const NAT: &str = "192.0.2.50";
    // A bot behind the school's address tries 200 made-up codes, one a second.
    let mut held = 0;
    for i in 0..200 {
        let code = format!("2222-3333-{:04}", 4444 + i);
        match site.login(NAT, &code, LOU.date).await.0 {
            Answer::Refuse => {}
            Answer::Attendre(_) => held += 1,
            Answer::Connecte => panic!("a made-up code opened a session"),
        }
        site.clock.advance(Duration::seconds(1));
    }
    let counted = site.traced("reussie = 0");
    assert!(held > 0, "the address is slowed down");
    assert!(
        counted >= PER_ADDRESS.free as i64 && counted < 120,
        "{counted} of 200 checked"
    );
    // A family behind the same address: held at most the address ceiling, then in.
    let (answer, _) = site.login(NAT, SAM.code, SAM.date).await;
    let waited = match answer {
        Answer::Connecte => Duration::ZERO,
        Answer::Attendre(at) => {
            let wait = site.come_back_at(&at);
            let (answer, _) = site.login(NAT, SAM.code, SAM.date).await;
            assert_eq!(answer, Answer::Connecte, "at {at}");
            wait
        }
        Answer::Refuse => panic!("the right code and date refused"),
    };
    assert!(waited <= PER_ADDRESS.max_wait + Duration::minutes(1), "waited {waited}");
    // Another address never noticed.
    assert_eq!(site.login(FAMILY, LOU.code, LOU.date).await.0, Answer::Connecte);
    // An hour later the address's failures are forgotten.
    site.clock.advance(PER_ADDRESS.memory);
    assert_eq!(site.login(NAT, "2222-3333-9999", LOU.date).await.0, Answer::Refuse);
    site.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_school_network_of_families_logging_in_correctly_is_never_held() {
    let site = Site::start(Options::default()).await;
    const SCHOOL: &str = "192.0.2.77";
    for _ in 0..150 {
        for pupil in [&LOU, &SAM] {
            let (answer, resp) = site.login(SCHOOL, pupil.code, pupil.date).await;
            assert_eq!(answer, Answer::Connecte, "{}", resp.location());
        }
    }
    // Plus the typing mistakes of a busy evening: 60 families mistyping their code once,
    // one a minute, under the address's free allowance.
    for i in 0..60 {
        let pupil = if i % 2 == 0 { &LOU } else { &SAM };
        let (answer, _) = site
            .login(SCHOOL, &format!("2222-4444-{:04}", 2000 + i), pupil.date)
            .await;
        assert_eq!(answer, Answer::Refuse);
        site.clock.advance(Duration::minutes(1));
        let (answer, _) = site.login(SCHOOL, pupil.code, pupil.date).await;
        assert_eq!(answer, Answer::Connecte, "attempt {i}");
    }
    site.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_forwarded_for_entry_is_not_taken_as_the_client_address() {
    let site = Site::start(Options::default()).await;
    let hasher = SecretHasher::load_or_create(&site.db().into()).unwrap();
    // The bot writes a new made-up address first each time; the proxy appends the real one.
    let real = "203.0.113.99";
    let mut held = 0;
    for i in 0..(PER_ADDRESS.free + 30) {
        let forwarded = format!("10.{}.{}.1, {real}", i / 250, i % 250);
        let code = format!("2222-3333-{:04}", 5000 + i);
        if let Answer::Attendre(_) = site.login(&forwarded, &code, LOU.date).await.0 {
            held += 1;
        }
    }
    let addresses: Vec<String> = site
        .db()
        .prepare("SELECT DISTINCT adresse_hash FROM tentatives_connexion")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        addresses,
        vec![hasher.hash_address(real)],
        "every try counted against {real}"
    );
    // So the address is slowed down despite the rotating first entry.
    assert!(held > 0, "the address was never slowed down");
    site.stop().await;

    // Without a proxy (hops = 0) the header is ignored: the peer is the address.
    let direct = Site::start(Options {
        hops: 0,
        ..Options::default()
    })
    .await;
    direct.login("6.6.6.6", "2222-3333-8888", LOU.date).await;
    let stored: String = direct
        .db()
        .query_row("SELECT adresse_hash FROM tentatives_connexion", [], |r| r.get(0))
        .unwrap();
    let hasher = SecretHasher::load_or_create(&direct.db().into()).unwrap();
    assert_eq!(stored, hasher.hash_address("127.0.0.1"));
    direct.stop().await;

    // Two proxies (a CDN, then the site's): the CDN's entry is the client.
    let two = Site::start(Options {
        hops: 2,
        ..Options::default()
    })
    .await;
    two.login("6.6.6.6, 203.0.113.5, 198.51.100.1", "2222-3333-8888", LOU.date)
        .await;
    let stored: String = two
        .db()
        .query_row("SELECT adresse_hash FROM tentatives_connexion", [], |r| r.get(0))
        .unwrap();
    let hasher = SecretHasher::load_or_create(&two.db().into()).unwrap();
    assert_eq!(stored, hasher.hash_address("203.0.113.5"));
    two.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cookies_are_host_only_and_secure_and_logging_out_kills_the_session() {
    let site = Site::start(Options::default()).await;
    let (answer, resp) = site.login(FAMILY, LOU.code, LOU.date).await;
    assert_eq!(answer, Answer::Connecte);
    let set = resp.set_cookie("dossiersco_session").unwrap();
    let attributes: Vec<&str> = set.split(';').map(str::trim).collect();
    assert!(attributes[0].starts_with("__Host-dossiersco_session="), "{set}");
    for expected in ["Secure", "Path=/", "HttpOnly", "SameSite=Lax"] {
        assert!(attributes.contains(&expected), "{expected} missing: {set}");
    }
    assert!(!set.to_ascii_lowercase().contains("domain="), "host-only: {set}");
    let cookie = resp.session_cookie().unwrap();
    let token = cookie.split_once('=').unwrap().1.to_string();
    assert_eq!(site.send(Req::get("/api/dossier").cookie(&cookie)).await.status, 200);

    // The same token under the plain name (a cookie a sibling domain or plain http could
    // plant) is not read.
    let planted = format!("dossiersco_session={token}");
    assert_eq!(site.send(Req::get("/api/dossier").cookie(&planted)).await.status, 401);

    // Every logged-in page offers « Se déconnecter ».
    let page = site.send(Req::get("/resume").cookie(&cookie)).await;
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(
        html.contains("action=\"/deconnexion?uai=0699901M&amp;langue=fr\"") && html.contains("Se déconnecter"),
        "no logout on the summary"
    );
    let form = site.send(Req::get("/dossier").cookie(&cookie)).await;
    assert_eq!(form.status, 200, "{}", form.text());
    assert!(
        form.text()
            .contains("action=\"/deconnexion?uai=0699901M&amp;langue=fr\""),
        "no logout on the form"
    );

    // Logging out: the school's login page says so, the cookie is cleared, and the token —
    // even kept or copied — opens nothing any more.
    let (_, sam) = site.login(FAMILY, SAM.code, SAM.date).await;
    let sams = sam.session_cookie().unwrap();
    let out = site
        .send(Req::form("/deconnexion?uai=0699901M", &[]).cookie(&cookie))
        .await;
    assert_eq!((out.status, out.location()), (303, "/0699901M/connexion/#deconnecte"));
    let cleared = out.set_cookie("dossiersco_session").expect("the cookie is cleared");
    assert!(
        cleared.starts_with("__Host-dossiersco_session=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    assert_eq!(site.send(Req::get("/api/dossier").cookie(&cookie)).await.status, 401);
    let resume = site.send(Req::get("/resume").cookie(&cookie)).await;
    assert_eq!(resume.status, 401, "{}", resume.text());
    let hasher = SecretHasher::load_or_create(&site.db().into()).unwrap();
    let left: i64 = site
        .db()
        .query_row(
            "SELECT (SELECT COUNT(*) FROM sessions WHERE token_hash = ?1)
                  + (SELECT COUNT(*) FROM session_eleves WHERE token_hash = ?1)",
            [hasher.hash_token(&token)],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0, "the session's rows are gone");
    // Another family's session is untouched.
    assert_eq!(site.send(Req::get("/api/dossier").cookie(&sams)).await.status, 200);
    // Logging out twice, or without a session, is harmless.
    let again = site
        .send(Req::form("/deconnexion?uai=0699901M", &[]).cookie(&cookie))
        .await;
    assert_eq!(
        (again.status, again.location()),
        (303, "/0699901M/connexion/#deconnecte")
    );
    let nobody = site.send(Req::form("/deconnexion?uai=nimporte", &[])).await;
    assert_eq!((nobody.status, nobody.location()), (303, "/"));
    // From another site: refused like every state-changing post.
    let foreign = site
        .send(
            Req::form("/deconnexion", &[])
                .foreign()
                .header("Origin", "https://evil.example")
                .cookie(&sams),
        )
        .await;
    assert_eq!(foreign.status, 403);
    assert_eq!(site.send(Req::get("/api/dossier").cookie(&sams)).await.status, 200);
    site.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_plain_http_loopback_demo_keeps_plain_cookies() {
    let site = Site::start(Options {
        url_base: Some("http://127.0.0.1:8080".into()),
        ..Options::default()
    })
    .await;
    let (answer, resp) = site.login(FAMILY, LOU.code, LOU.date).await;
    assert_eq!(answer, Answer::Connecte);
    for name in ["dossiersco_session", "dossiersco_appareil"] {
        let set = resp.set_cookie(name).unwrap();
        assert!(set.starts_with(&format!("{name}=")), "{set}");
        assert!(
            !set.split(';').any(|a| a.trim() == "Secure"),
            "a browser drops it on http: {set}"
        );
    }
    let cookie = resp.session_cookie().unwrap();
    assert_eq!(site.send(Req::get("/api/dossier").cookie(&cookie)).await.status, 200);
    site.stop().await;
}

/// Waits for the session's sliding expiry (written after the answer) to move past `old`.
async fn expiry_moved(site: &Site, token_hash: &str, old: &str) -> String {
    for _ in 0..200 {
        let now: String = site
            .db()
            .query_row(
                "SELECT expire_le FROM sessions WHERE token_hash = ?1",
                [token_hash],
                |r| r.get(0),
            )
            .unwrap();
        if now != old {
            return now;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the session's expiry did not move from {old}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_used_all_day_still_ends_twelve_hours_after_login() {
    let site = Site::start(Options::default()).await;
    let (_, resp) = site.login(FAMILY, LOU.code, LOU.date).await;
    let cookie = resp.session_cookie().unwrap();
    let hasher = SecretHasher::load_or_create(&site.db().into()).unwrap();
    let token_hash = hasher.hash_token(cookie.split_once('=').unwrap().1);
    let expiry = |site: &Site| -> String {
        site.db()
            .query_row(
                "SELECT expire_le FROM sessions WHERE token_hash = ?1",
                [&token_hash],
                |r| r.get(0),
            )
            .unwrap()
    };
    // Used every 50 minutes (the idle limit is 2 hours): alive for 11 h 40.
    let mut end = expiry(&site);
    for step in 1..=14 {
        site.clock.advance(Duration::minutes(50));
        let resp = site.send(Req::get("/api/dossier").cookie(&cookie)).await;
        assert_eq!(resp.status, 200, "after {} minutes", step * 50);
        if step < 13 {
            end = expiry_moved(&site, &token_hash, &end).await;
        }
    }
    // 11 h 40 + 50 min = 12 h 30 after login: over, however active.
    site.clock.advance(Duration::minutes(50));
    let resp = site.send(Req::get("/api/dossier").cookie(&cookie)).await;
    assert_eq!(resp.status, 401, "a 12 h 30 old session still open");

    // The idle limit still holds on its own: a session left 2 hours ends.
    let (_, resp) = site.login(FAMILY, SAM.code, SAM.date).await;
    let idle = resp.session_cookie().unwrap();
    site.clock.advance(Duration::minutes(121));
    assert_eq!(site.send(Req::get("/api/dossier").cookie(&idle)).await.status, 401);
    site.stop().await;
}
