//! Login abuse benchmark, loopback only: what the backoff lets an attacker do against the
//! real server, and what a family sees meanwhile.
//!
//! `cargo bench -p dossiersco-worker --bench lockout [-- --seconds 10 --connections 32 --pas 2]`
//!
//! The worker runs in this process on 127.0.0.1:0 over a fresh database, behind one
//! pretended proxy (`trusted_proxy_hops = 1`, each client naming its address in
//! X-Forwarded-For), with a clock this benchmark can move forward. In turn:
//! 1. real time: `--connections` keep-alive clients hammer one code with wrong dates as fast
//!    as they can for `--seconds`, while a family logs in from a browser it used before and
//!    another from a new browser;
//! 2. real time: the same clients try made-up codes from one address (a bot behind a school's
//!    NAT), while a family behind that address and one elsewhere log in;
//! 3. simulated day: one attempt on one code every `--pas` simulated seconds for 24 hours,
//!    then one every 5 minutes, a family on a new browser trying about every 30 minutes and
//!    coming back at the time it is given;
//! 4. simulated day: one made-up code a second from one address.
//!
//! Figures: attempts answered per second, guesses actually checked (per code, per
//! address), latency of a family's login under attack, waits a family is told.

use dossiersco_worker::auth::{codes, SecretHasher};
use dossiersco_worker::clock::{to_paris, Clock};
use dossiersco_worker::config::Config;
use dossiersco_worker::store::import::{insert_eleve, EleveData};
use rand::Rng;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const UAI: &str = "0699901M";
const BIRTH_DATE: &str = "2015-03-14";
const WRONG_DATE: &str = "2015-03-15";

struct Options {
    seconds: u64,
    connections: usize,
    /// Simulated seconds between two attempts of the day-long attack.
    pas: i64,
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let value = |name: &str, default: u64| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let options = Options {
        seconds: value("--seconds", 10),
        connections: value("--connections", 32) as usize,
        pas: value("--pas", 2).max(1) as i64,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(run(options))
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The pupils of the benchmark: one code per scenario, so that lanes do not mix.
fn create_database(db: &Path, count: usize) -> anyhow::Result<Vec<String>> {
    let conn = dossiersco_worker::store::open(db)?;
    let hasher = SecretHasher::load_or_create(&conn)?;
    let tx = conn.transaction()?;
    let mut out = Vec::new();
    for i in 0..count {
        let code = codes::generate();
        let data = EleveData {
            ine: None,
            nom: format!("Nom{i}"),
            prenom: format!("Prénom{i}"),
            date_naissance: BIRTH_DATE.into(),
            division: Some("6A".into()),
            mef_actuel: Some("10010012110".into()),
            mef_destination: Some("10110001110".into()),
            options_actuelles: "[]".into(),
            prefill: "{}".into(),
            etat: "non_connecte".into(),
        };
        let hash = hasher.hash_code(&codes::normalize(&code).expect("generated codes are valid"));
        insert_eleve(
            &tx,
            UAI,
            &format!("{}", 200_000 + i),
            &data,
            &hash,
            "2027-01-01T00:00:00Z",
        )?;
        out.push(code);
    }
    tx.commit()?;
    Ok(out)
}

/// How the server answered a login.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Connecte,
    Refuse,
    /// "Réessayez à HH:MM".
    Attendre(String),
    Autre(u16),
}

struct Reply {
    outcome: Outcome,
    /// `name=value` of the known-device cookie, when set.
    appareil: Option<String>,
}

/// One keep-alive HTTP/1.1 connection; answers read by Content-Length.
struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    async fn open(addr: SocketAddr) -> std::io::Result<Conn> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Conn {
            stream,
            buf: Vec::with_capacity(4096),
        })
    }

    async fn login(&mut self, request: &[u8]) -> std::io::Result<Reply> {
        self.stream.write_all(request).await?;
        loop {
            if let Some(end) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&self.buf[..end]).into_owned();
                let status: u16 = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
                let (mut length, mut location, mut session, mut appareil) = (0usize, String::new(), false, None);
                for line in head.split("\r\n").skip(1) {
                    let Some((name, value)) = line.split_once(':') else {
                        continue;
                    };
                    let value = value.trim();
                    match name.to_ascii_lowercase().as_str() {
                        "content-length" => length = value.parse().unwrap_or(0),
                        "location" => location = value.to_string(),
                        "set-cookie" if value.contains("dossiersco_session=") => session = true,
                        "set-cookie" if value.contains("dossiersco_appareil=") => {
                            appareil = value.split(';').next().map(str::to_string)
                        }
                        _ => {}
                    }
                }
                while self.buf.len() < end + 4 + length {
                    self.fill().await?;
                }
                self.buf.drain(..end + 4 + length);
                let outcome = if session {
                    Outcome::Connecte
                } else if let Some(at) = location.split("reessayer=").nth(1) {
                    Outcome::Attendre(at.split('#').next().unwrap_or("").to_string())
                } else if location.ends_with("#erreur-identifiants") {
                    Outcome::Refuse
                } else {
                    Outcome::Autre(status)
                };
                return Ok(Reply { outcome, appareil });
            }
            self.fill().await?;
        }
    }

    async fn fill(&mut self) -> std::io::Result<()> {
        let mut chunk = [0u8; 4096];
        let n = self.stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::Error::other("connection closed"));
        }
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(())
    }
}

/// The login form's POST, from a client at `ip` (behind the proxy), with `cookie` if any.
fn login_request(addr: SocketAddr, code: &str, date: &str, ip: &str, cookie: Option<&str>) -> Vec<u8> {
    let body = format!("uai={UAI}&code={code}&date_naissance={date}");
    let cookie = cookie.map(|c| format!("Cookie: {c}\r\n")).unwrap_or_default();
    format!(
        "POST /connexion HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nX-Forwarded-For: {ip}\r\n{cookie}\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn made_up_code() -> String {
    let mut rng = rand::rng();
    (0..12)
        .map(|_| codes::ALPHABET[rng.random_range(0..codes::ALPHABET.len())] as char)
        .collect()
}

/// Latencies (µs) → "p50 x ms, p99 y ms".
fn percentiles(latencies: &mut [u32]) -> String {
    if latencies.is_empty() {
        return "—".into();
    }
    latencies.sort_unstable();
    let at = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p).round() as usize] as f64 / 1000.0;
    format!("p50 {:.2} ms, p99 {:.2} ms", at(0.5), at(0.99))
}

struct World {
    db: PathBuf,
    clock: Clock,
}

impl World {
    fn checked(&self, filter: &str) -> i64 {
        rusqlite::Connection::open(&self.db)
            .and_then(|c| {
                c.query_row(
                    &format!("SELECT COUNT(*) FROM tentatives_connexion WHERE {filter}"),
                    [],
                    |r| r.get(0),
                )
            })
            .unwrap_or(-1)
    }

    fn code_hash(&self, code: &str) -> String {
        let conn = rusqlite::Connection::open(&self.db).expect("database");
        SecretHasher::load_or_create(&conn.into())
            .expect("key")
            .hash_code(&codes::normalize(code).expect("valid code"))
    }

    /// The simulated seconds from now to the Paris time `hh:mm` (next occurrence).
    fn until(&self, hhmm: &str) -> i64 {
        let (h, m) = hhmm.split_once(':').unwrap_or(("0", "0"));
        let now = to_paris(self.clock.now());
        let time =
            time::Time::from_hms(h.parse().unwrap_or(0), m.parse().unwrap_or(0), 0).unwrap_or(time::Time::MIDNIGHT);
        let mut target = now.replace_time(time);
        if target < now {
            target += time::Duration::days(1);
        }
        (target - now).whole_seconds()
    }
}

/// `connections` clients sending `make()` requests until `stop`; returns (answers, errors).
async fn flood(
    addr: SocketAddr,
    connections: usize,
    stop: Arc<AtomicBool>,
    make: impl Fn() -> Vec<u8> + Send + Sync + 'static,
) -> (u64, u64) {
    let make = Arc::new(make);
    let tasks: Vec<_> = (0..connections)
        .map(|_| {
            let (stop, make) = (stop.clone(), make.clone());
            tokio::spawn(async move {
                let (mut answers, mut errors) = (0u64, 0u64);
                let Ok(mut conn) = Conn::open(addr).await else {
                    return (0, 1);
                };
                while !stop.load(Ordering::Relaxed) {
                    match conn.login(&make()).await {
                        Ok(_) => answers += 1,
                        Err(_) => {
                            errors += 1;
                            match Conn::open(addr).await {
                                Ok(fresh) => conn = fresh,
                                Err(_) => break,
                            }
                        }
                    }
                }
                (answers, errors)
            })
        })
        .collect();
    let mut total = (0, 0);
    for task in tasks {
        let (a, e) = task.await.unwrap_or((0, 1));
        total.0 += a;
        total.1 += e;
    }
    total
}

/// A family logging in every `every` until `stop`: (latencies of successes µs, held, other).
async fn family(addr: SocketAddr, request: Vec<u8>, every: Duration, stop: Arc<AtomicBool>) -> (Vec<u32>, u32, u32) {
    let (mut latencies, mut held, mut other) = (Vec::new(), 0, 0);
    let Ok(mut conn) = Conn::open(addr).await else {
        return (latencies, 0, 1);
    };
    while !stop.load(Ordering::Relaxed) {
        let sent = Instant::now();
        match conn.login(&request).await.map(|r| r.outcome) {
            Ok(Outcome::Connecte) => latencies.push(sent.elapsed().as_micros() as u32),
            Ok(Outcome::Attendre(_)) => held += 1,
            _ => other += 1,
        }
        tokio::time::sleep(every).await;
    }
    (latencies, held, other)
}

async fn run(options: Options) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("dossiersco.sqlite");
    let codes = create_database(&db, 8)?;
    let mut config = Config::new(&db, repo().join("content"));
    config.bind = SocketAddr::from(([127, 0, 0, 1], 0));
    config.theme = repo().join("themes/default");
    config.mail_dir = Some(dir.path().join("courriels"));
    config.today = time::Date::from_calendar_date(2027, time::Month::April, 20).ok();
    config.trusted_proxy_hops = 1;
    config.clock = Clock::adjustable();
    let world = World {
        db: db.clone(),
        clock: config.clock.clone(),
    };
    let server = dossiersco_worker::server::bind(config).await?;
    let addr = server.local_addr();
    let (stop_server, stopped) = tokio::sync::oneshot::channel::<()>();
    let served = tokio::spawn(server.run(async {
        let _ = stopped.await;
    }));
    let seconds = Duration::from_secs(options.seconds);
    println!(
        "dossiersco — banc des abus de connexion (boucle locale, {} connexions keep-alive, {} s par mesure)",
        options.connections, options.seconds
    );

    // 0. The family's usual browser: one login first, to get its mark; then the baseline.
    let family_code = codes[0].clone();
    let mut conn = Conn::open(addr).await?;
    let first = conn
        .login(&login_request(addr, &family_code, BIRTH_DATE, "203.0.113.10", None))
        .await?;
    let mark = first.appareil.expect("known-device cookie after login");
    let known = login_request(addr, &family_code, BIRTH_DATE, "203.0.113.10", Some(&mark));
    let mut baseline = Vec::new();
    for _ in 0..200 {
        let sent = Instant::now();
        if conn.login(&known).await?.outcome == Outcome::Connecte {
            baseline.push(sent.elapsed().as_micros() as u32);
        }
    }
    println!(
        "\nconnexion d'une famille sans attaque : {} ({} réussies sur 200)",
        percentiles(&mut baseline),
        baseline.len()
    );

    // 1. Hammering the family's code (wrong dates), real time.
    let hash = world.code_hash(&family_code);
    let before = world.checked(&format!("code_hash = '{hash}' AND reussie = 0"));
    let stop = Arc::new(AtomicBool::new(false));
    let attack = {
        let (code, stop) = (family_code.clone(), stop.clone());
        tokio::spawn(flood(addr, options.connections, stop, move || {
            login_request(addr, &code, WRONG_DATE, "198.51.100.66", None)
        }))
    };
    let usual = tokio::spawn(family(addr, known.clone(), Duration::from_millis(50), stop.clone()));
    let new_browser = tokio::spawn(family(
        addr,
        login_request(addr, &family_code, BIRTH_DATE, "203.0.113.11", None),
        Duration::from_millis(500),
        stop.clone(),
    ));
    let started = Instant::now();
    tokio::time::sleep(seconds).await;
    stop.store(true, Ordering::Relaxed);
    let (answers, errors) = attack.await?;
    let elapsed = started.elapsed().as_secs_f64();
    let (mut lat, held, other) = usual.await?;
    let (new_ok, new_held, _) = new_browser.await?;
    let checked = world.checked(&format!("code_hash = '{hash}' AND reussie = 0")) - before;
    println!("\n1. un code martelé (mauvaises dates), temps réel");
    println!(
        "   tentatives de l'attaquant : {:.0} réponses/s ({answers} en {elapsed:.1} s, {errors} erreurs) ; \
         vérifiées : {checked} ({:.3} essais/s)",
        answers as f64 / elapsed,
        checked as f64 / elapsed
    );
    println!(
        "   famille, navigateur déjà utilisé : {} réussies, {held} retenues, {other} autres ; {}",
        lat.len(),
        percentiles(&mut lat)
    );
    println!(
        "   famille, nouveau navigateur : {} réussies, {new_held} retenues (« réessayez à HH:MM »)",
        new_ok.len()
    );

    // 2. Made-up codes from one address (a bot behind a school's NAT), real time.
    let nat = "192.0.2.50";
    let before = world.checked("reussie = 0");
    let stop = Arc::new(AtomicBool::new(false));
    let spray = tokio::spawn(flood(addr, options.connections, stop.clone(), move || {
        login_request(addr, &made_up_code(), BIRTH_DATE, nat, None)
    }));
    let behind_nat = tokio::spawn(family(
        addr,
        login_request(addr, &codes[1], BIRTH_DATE, nat, None),
        Duration::from_millis(500),
        stop.clone(),
    ));
    let elsewhere = tokio::spawn(family(
        addr,
        login_request(addr, &codes[2], BIRTH_DATE, "203.0.113.12", None),
        Duration::from_millis(500),
        stop.clone(),
    ));
    let started = Instant::now();
    tokio::time::sleep(seconds).await;
    stop.store(true, Ordering::Relaxed);
    let (answers, errors) = spray.await?;
    let elapsed = started.elapsed().as_secs_f64();
    let (nat_ok, nat_held, _) = behind_nat.await?;
    let (mut other_ok, other_held, _) = elsewhere.await?;
    let checked = world.checked("reussie = 0") - before;
    println!("\n2. codes inventés depuis une seule adresse, temps réel");
    println!(
        "   tentatives : {:.0} réponses/s ({answers}, {errors} erreurs) ; vérifiées : {checked} \
         (100 gratuites par heure, puis une attente qui double jusqu'à 1 min)",
        answers as f64 / elapsed
    );
    println!(
        "   famille derrière la même adresse, nouveau navigateur : {} réussies, {nat_held} retenues",
        nat_ok.len()
    );
    println!(
        "   famille ailleurs : {} réussies, {other_held} retenues ; {}",
        other_ok.len(),
        percentiles(&mut other_ok)
    );

    // 3. A day on one code, simulated time.
    for (label, code, step, ip) in [
        ("un robot", codes[3].clone(), options.pas, "198.51.100.70"),
        (
            "un inconnu, toutes les 5 minutes",
            codes[4].clone(),
            300,
            "198.51.100.71",
        ),
    ] {
        let hash = world.code_hash(&code);
        let mut conn = Conn::open(addr).await?;
        let mut fam = Conn::open(addr).await?;
        let wrong = login_request(addr, &code, WRONG_DATE, ip, None);
        let right = login_request(addr, &code, BIRTH_DATE, "203.0.113.20", None);
        let (mut attempts, mut t) = (0u64, 0i64);
        let mut next_family = 30 * 60;
        let mut comeback: Option<i64> = None;
        let (mut first_ok, mut told, mut back_ok, mut back_held) = (0, Vec::new(), 0, 0);
        let started = Instant::now();
        while t < 24 * 3600 {
            conn.login(&wrong).await?;
            attempts += 1;
            // The family's events due before the attacker's next try.
            let next = t + step;
            while let Some(due) = [Some(next_family), comeback]
                .into_iter()
                .flatten()
                .filter(|d| *d < next)
                .min()
            {
                world.clock.advance(time::Duration::seconds(due - t));
                t = due;
                let was_comeback = comeback == Some(due);
                if was_comeback {
                    comeback = None;
                } else {
                    // Families arrive at any time: every 30 minutes on average.
                    next_family += rand::rng().random_range(20 * 60..40 * 60);
                }
                match fam.login(&right).await?.outcome {
                    Outcome::Connecte if was_comeback => back_ok += 1,
                    Outcome::Connecte => first_ok += 1,
                    Outcome::Attendre(at) if !was_comeback => {
                        let wait = world.until(&at);
                        told.push(wait);
                        comeback = Some(t + wait);
                    }
                    Outcome::Attendre(_) => back_held += 1,
                    _ => {}
                }
            }
            world.clock.advance(time::Duration::seconds(next - t));
            t = next;
        }
        let checked = world.checked(&format!("code_hash = '{hash}' AND reussie = 0"));
        told.sort_unstable();
        let median = told.get(told.len() / 2).copied().unwrap_or(0);
        let max = told.last().copied().unwrap_or(0);
        println!(
            "\n3. une journée simulée sur un code : {label} ({attempts} tentatives, {:.1} s réelles)",
            started.elapsed().as_secs_f64()
        );
        println!(
            "   dates essayées (vérifiées) en 24 h : {checked} — une année de dates (365) en {:.1} jours, trois en {:.1}",
            365.0 / checked.max(1) as f64,
            1095.0 / checked.max(1) as f64
        );
        println!(
            "   famille, nouveau navigateur, toutes les 30 min environ : {first_ok} entrées du premier coup, {} retenues \
             (attente annoncée médiane {} min {} s, max {} min {} s) ; revenues à l'heure dite : {back_ok} entrées, \
             {back_held} encore retenues",
            told.len(),
            median / 60,
            median % 60,
            max / 60,
            max % 60
        );
    }

    // 4. A day of made-up codes from one address, one a second, simulated time.
    let before = world.checked("reussie = 0");
    let mut conn = Conn::open(addr).await?;
    let started = Instant::now();
    let mut first_hour = 0;
    for second in 0..24 * 3600 {
        if second == 3600 {
            first_hour = world.checked("reussie = 0") - before;
        }
        conn.login(&login_request(addr, &made_up_code(), BIRTH_DATE, "192.0.2.99", None))
            .await?;
        world.clock.advance(time::Duration::seconds(1));
    }
    let per_day = world.checked("reussie = 0") - before;
    println!(
        "\n4. une journée simulée, un code inventé par seconde depuis une adresse ({:.1} s réelles)",
        started.elapsed().as_secs_f64()
    );
    println!(
        "   vérifiés : {first_hour} la première heure, {per_day} en 24 h ({:.0} par heure ensuite)",
        (per_day - first_hour) as f64 / 23.0
    );

    let _ = stop_server.send(());
    served.await??;
    Ok(())
}
