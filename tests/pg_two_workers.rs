//! Two `dossiersco serve` processes on one PostgreSQL database, as behind a load balancer:
//! whatever one worker knows, the other must know too (sessions, lockouts, staff sessions,
//! documents), the outbox is shared without sending an email twice, and a worker killed with
//! SIGKILL loses no submission it acknowledged. Run against the cluster of
//! `DOSSIERSCO_TEST_PG` (bash .ci/run starts one); without it they stop at once.

mod pg_support;

use pg_support::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Submissions and confirmations are limited per pupil and day: the load tests submit more.
const NO_DAILY_LIMITS: [&str; 4] = [
    "--max-submissions-per-day",
    "100000",
    "--max-confirmations-per-day",
    "100000",
];

fn email_of(n: usize) -> String {
    format!("famille{n}@example.fr")
}

#[test]
fn a_family_logs_in_on_one_worker_and_submits_on_the_other() {
    let Some(world) = World::new(&[]) else { return };
    let (a, b) = (world.worker(&[]), world.worker(&[]));
    let family = &world.families[0];
    let (_, cookie) = a.login(&family.code, &family.date);
    let cookie = cookie.expect("la connexion sur A ouvre une session");

    // B knows the session A opened: the pre-fill, then the submission.
    let resp = b.get("/api/dossier", &cookie);
    assert_eq!(
        resp.status,
        200,
        "B ne connaît pas la session ouverte sur A : {}",
        resp.text()
    );
    assert_eq!(resp.json()["valeurs"]["eleve.prenom"], family.prenom.as_str());
    let values = complete_file(&b, &cookie, &email_of(0));
    let resp = submit(&b, &cookie, &values).expect("une réponse de B");
    assert_eq!(resp.status, 303, "la soumission sur B : {}", resp.text());
    assert_eq!(
        world
            .db
            .count("SELECT COUNT(*) FROM soumissions JOIN eleves e ON e.id = eleve_id WHERE e.etat = 'transmis'"),
        1,
        "la soumission est dans la base partagée"
    );
    // The confirmation page on A reads the state B wrote.
    let resp = a.get("/api/dossier", &cookie);
    assert_eq!(resp.json()["etat"], "transmis", "{}", resp.text());

    // Logging out on B ends the session on A too.
    let resp = b.send("POST", "/deconnexion", &[("Cookie", &cookie)], b"");
    assert_eq!(resp.status, 303, "{}", resp.text());
    assert_eq!(
        a.get("/api/dossier", &cookie).status,
        401,
        "la session fermée sur B vit encore sur A"
    );
}

/// A login's outcome: connected, wrong credentials, or held by the lockout.
#[derive(Debug, PartialEq)]
enum Login {
    Connecte,
    Refuse,
    Attendre,
}

fn login(worker: &Worker, family: &Family, date: &str) -> Login {
    let (location, cookie) = worker.login(&family.code, date);
    if cookie.is_some() {
        Login::Connecte
    } else if location.ends_with("#erreur-verrouille") {
        Login::Attendre
    } else {
        assert!(location.ends_with("#erreur-identifiants"), "{location}");
        Login::Refuse
    }
}

#[test]
fn lockouts_count_the_failures_made_on_both_workers() {
    let Some(world) = World::new(&[]) else { return };
    let (a, b) = (world.worker(&[]), world.worker(&[]));
    let family = &world.families[1];
    let wrong = "2001-01-01";
    // Six failures, alternately on A and B, each made once the previous hold is over (the
    // backoff writes nothing for a held attempt). Counted together: 3 free, then holds of
    // 1, 2, 4 s; after the sixth, 8 s. Counted per worker, each would have seen 3.
    let mut failures = 0;
    let mut held = 0;
    while failures < 6 {
        let worker = if failures % 2 == 0 { &a } else { &b };
        match login(worker, family, wrong) {
            Login::Refuse => failures += 1,
            Login::Attendre => {
                held += 1;
                assert!(held < 200, "toujours retenu après {held} essais");
                std::thread::sleep(Duration::from_millis(250));
            }
            Login::Connecte => panic!("connecté avec une mauvaise date"),
        }
    }
    assert!(
        held > 0,
        "aucune attente entre les échecs : les échecs de A et B ne s'additionnent pas"
    );
    // Now even the right date waits, on both. A itself saw its last failure (the fifth) more
    // than 4 s ago and only three in all: alone, it would let the family in.
    assert_eq!(
        login(&a, family, &family.date),
        Login::Attendre,
        "A ignore les échecs faits sur B"
    );
    assert_eq!(login(&b, family, &family.date), Login::Attendre);
    assert_eq!(
        world
            .db
            .count("SELECT COUNT(*) FROM tentatives_connexion WHERE reussie = 0"),
        6,
        "chaque échec tracé une fois, quel que soit le worker"
    );
}

#[test]
fn each_confirmation_is_sent_exactly_once_while_both_workers_send() {
    // A slow SMTP server: both senders find work waiting and compete for it.
    let Some(world) = World::new(&["--delay-ms", "40"]) else {
        return;
    };
    let workers = [world.worker(&NO_DAILY_LIMITS), world.worker(&NO_DAILY_LIMITS)];
    let per_family = 3;
    std::thread::scope(|scope| {
        for (n, family) in world.families.iter().enumerate() {
            let workers = &workers;
            scope.spawn(move || {
                let (_, cookie) = workers[n % 2].login(&family.code, &family.date);
                let cookie = cookie.expect("connexion");
                let values = complete_file(&workers[n % 2], &cookie, &email_of(n));
                for round in 0..per_family {
                    let resp = submit(&workers[(n + round) % 2], &cookie, &values).expect("une réponse");
                    assert_eq!(resp.status, 303, "{}", resp.text());
                }
            });
        }
    });
    let expected = world.families.len() * per_family;
    assert_eq!(
        world
            .db
            .count("SELECT COUNT(*) FROM outbox WHERE genre = 'confirmation'") as usize,
        expected
    );
    smtp::wait_until("tous les courriels envoyés", || {
        world.db.count("SELECT COUNT(*) FROM outbox WHERE etat <> 'envoye'") == 0
    });
    let stored = smtp::stored(&world.inbox);
    let mut per_id: HashMap<String, usize> = HashMap::new();
    let mut per_recipient: BTreeMap<String, usize> = BTreeMap::new();
    for message in &stored {
        *per_id.entry(message.message_id()).or_default() += 1;
        for to in &message.rcpt_tos {
            *per_recipient.entry(to.clone()).or_default() += 1;
        }
    }
    let doubled: Vec<_> = per_id.iter().filter(|(_, n)| **n > 1).collect();
    assert!(doubled.is_empty(), "envoyés deux fois : {doubled:?}");
    assert_eq!(stored.len(), expected, "un message par courriel de l'outbox");
    for n in 0..world.families.len() {
        assert_eq!(per_recipient.get(&email_of(n)), Some(&per_family), "{per_recipient:?}");
    }
}

#[test]
fn a_worker_killed_mid_load_loses_no_acknowledged_submission() {
    let Some(world) = World::new(&[]) else { return };
    let a = world.worker(&NO_DAILY_LIMITS);
    let b = world.worker(&NO_DAILY_LIMITS);
    // Each family logged in, its file ready; every submission carries its own mark in the
    // emergency contact's name, so each acknowledgement is found (or not) in the database.
    let ready: Vec<(String, BTreeMap<String, String>)> = world
        .families
        .iter()
        .enumerate()
        .map(|(n, family)| {
            let (_, cookie) = b.login(&family.code, &family.date);
            let cookie = cookie.expect("connexion");
            (cookie.clone(), complete_file(&b, &cookie, &email_of(n)))
        })
        .collect();
    let acknowledged = Mutex::new(Vec::<(String, &str)>::new());
    let next = AtomicUsize::new(0);
    let killed = AtomicBool::new(false);
    let cut = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for client in 0..8 {
            let (ready, acknowledged, next, killed, cut, a, b) = (&ready, &acknowledged, &next, &killed, &cut, &a, &b);
            scope.spawn(move || loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= 600 {
                    break;
                }
                let (cookie, values) = &ready[(n + client) % ready.len()];
                let mark = format!("Essai {}", letters(n));
                let mut values = values.clone();
                values.insert("urgence.nom".into(), mark.clone());
                // Half the load on A until it dies; B carries on.
                let (worker, name) = if n % 2 == 0 && !killed.load(Ordering::Relaxed) {
                    (a, "A")
                } else {
                    (b, "B")
                };
                match submit(worker, cookie, &values) {
                    Some(resp) if resp.status == 303 => acknowledged.lock().unwrap().push((mark, name)),
                    Some(resp) if name == "A" && resp.status >= 500 => {
                        cut.fetch_add(1, Ordering::Relaxed);
                    }
                    Some(resp) => panic!("{name} : {} {}", resp.status, resp.text()),
                    None => {
                        assert_eq!(name, "A", "B n'a pas répondu");
                        cut.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
        }
        // SIGKILL A in the thick of it.
        smtp::wait_until("une centaine de soumissions acquittées", || {
            acknowledged.lock().unwrap().len() >= 100
        });
        killed.store(true, Ordering::Relaxed);
        // The kill lands while A still has requests in flight (the clients stop sending it
        // new ones only from the flag on).
        a.kill();
    });
    let acknowledged = acknowledged.into_inner().unwrap();
    let on_a = acknowledged.iter().filter(|(_, w)| *w == "A").count();
    assert!(on_a > 0, "A n'a rien acquitté avant d'être tué");
    assert!(acknowledged.len() > 150, "B a continué seul : {}", acknowledged.len());
    let stored: Vec<String> = world
        .db
        .rows("SELECT valeurs::json->>'urgence.nom' FROM soumissions")
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    let stored: std::collections::HashSet<&str> = stored.iter().map(String::as_str).collect();
    let lost: Vec<_> = acknowledged
        .iter()
        .filter(|(mark, _)| !stored.contains(mark.as_str()))
        .collect();
    assert!(
        lost.is_empty(),
        "{} soumissions acquittées absentes de la base (dont sur A : {}) : {lost:?}",
        lost.len(),
        lost.iter().filter(|(_, w)| *w == "A").count()
    );
    eprintln!(
        "{} acquittées ({on_a} par A avant SIGKILL), {} coupées ou refusées sur A, {} en base",
        acknowledged.len(),
        cut.load(Ordering::Relaxed),
        stored.len()
    );
}

#[test]
fn a_staff_session_opened_on_one_worker_works_on_the_other() {
    let Some(world) = World::new(&[]) else { return };
    let (a, b) = (world.worker(&[]), world.worker(&[]));
    let courriel = format!("direction.{UAI}@example.fr");
    let resp = a.form(
        "/personnel/connexion",
        None,
        &pairs(&[("uai", UAI), ("courriel", &courriel)]),
    );
    assert_eq!(resp.status, 303, "{}", resp.text());
    // The link asked on A, emailed by whichever sender, used on B.
    let token = staff_link(&world.inbox, &courriel);
    let resp = b.form("/personnel/lien", None, &pairs(&[("jeton", &token)]));
    assert_eq!(
        resp.status,
        303,
        "le lien demandé sur A s'ouvre sur B : {}",
        resp.text()
    );
    let cookie = resp.cookie("dossiersco_personnel").expect("un cookie du personnel");
    let resp = a.get("/api/personnel/tableau", &cookie);
    assert_eq!(
        resp.status,
        200,
        "la session ouverte sur B vaut sur A : {}",
        resp.text()
    );
    // A link is single use across workers: used on B, A refuses it.
    let again = a.form("/personnel/lien", None, &pairs(&[("jeton", &token)]));
    assert!(
        again.cookie("dossiersco_personnel").is_none(),
        "un lien déjà utilisé sur B ouvre encore une session sur A"
    );
    // Logged out on A, the session is dead on B.
    let resp = a.send("POST", "/personnel/deconnexion", &[("Cookie", &cookie)], b"");
    assert!(resp.status < 400, "{}", resp.text());
    assert_eq!(b.get("/api/personnel/tableau", &cookie).status, 401);
}

#[test]
fn a_document_uploaded_on_one_worker_is_downloaded_by_staff_on_the_other() {
    let Some(world) = World::new(&[]) else { return };
    let (a, b) = (world.worker(&[]), world.worker(&[]));
    let family = &world.families[2];
    let (_, cookie) = a.login(&family.code, &family.date);
    let cookie = cookie.expect("connexion");
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.extend((0..20_000u32).map(|i| (i % 251) as u8));
    let resp = a.send(
        "POST",
        "/api/pieces",
        &[
            ("Cookie", &cookie),
            ("Content-Type", "application/octet-stream"),
            ("X-Document", "attestation_assurance"),
            ("X-Nom-Fichier", "assurance.pdf"),
            ("Accept", "application/json"),
        ],
        &pdf,
    );
    assert_eq!(resp.status, 201, "{}", resp.text());
    let id = resp.json()["id"].as_i64().expect("the stored file's id");
    // The draft's files, listed by B.
    let listed = b.get("/api/pieces", &cookie);
    assert!(
        listed.text().contains("assurance.pdf"),
        "B ne voit pas la pièce reçue par A : {}",
        listed.text()
    );
    // Submitted on B with the file.
    let values = complete_file(&b, &cookie, &email_of(2));
    let resp = submit(&b, &cookie, &values).expect("une réponse");
    assert_eq!(resp.status, 303, "{}", resp.text());

    // The staff, on B, downloads exactly the bytes A received.
    let courriel = format!("direction.{UAI}@example.fr");
    let resp = b.form(
        "/personnel/connexion",
        None,
        &pairs(&[("uai", UAI), ("courriel", &courriel)]),
    );
    assert_eq!(resp.status, 303);
    let token = staff_link(&world.inbox, &courriel);
    let resp = b.form("/personnel/lien", None, &pairs(&[("jeton", &token)]));
    let staff = resp.cookie("dossiersco_personnel").expect("un cookie du personnel");
    let resp = b.get(&format!("/personnel/pieces/{id}"), &staff);
    assert_eq!(resp.status, 200, "{}", resp.text());
    assert!(resp.body == pdf, "B sert d'autres octets que ceux reçus par A");
    // Nothing of it lives only in a worker: the record is in the database, the file in the
    // shared folder under the recorded name.
    let fichier = &world.db.rows(&format!("SELECT fichier FROM pieces WHERE id = {id}"))[0][0];
    assert_eq!(std::fs::read(world.pieces.join(fichier)).unwrap(), pdf);
}
