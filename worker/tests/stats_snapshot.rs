//! Which files the statistics accept, how a snapshot is dated, and what is left of a purged
//! campaign: a file that is not a dossiersco database, or one from a newer version, is
//! refused in French without being touched; archived counts are published; the statistics
//! file of `snapshot --statistiques` holds counts only.

mod http_common;
mod stats_support;

use dossiersco_model::stats::{Count, Stats};
use dossiersco_worker::store::stats::{from_snapshot, Campagne};
use dossiersco_worker::store::{retention, snapshot};
use serde_json::json;
use stats_support::*;
use std::path::Path;

fn campagnes(world: &World) -> Vec<Campagne> {
    world
        .site
        .content()
        .schools
        .iter()
        .map(|s| Campagne {
            uai: s.etablissement.uai.clone(),
            ouverture: s.etablissement.campagne.ouverture,
            cloture: s.etablissement.campagne.cloture,
        })
        .collect()
}

fn refused(path: &Path) -> String {
    let before = std::fs::read(path).ok();
    let err = format!("{:#}", from_snapshot(path, &[]).expect_err("refused"));
    assert_eq!(std::fs::read(path).ok(), before, "{} untouched", path.display());
    err
}

#[test]
fn a_file_that_is_not_a_dossiersco_snapshot_is_refused_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("absente.sqlite");
    assert!(refused(&missing).contains("n'existe pas"));

    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        "ceci n'est pas une base de données, mais un texte assez long pour SQLite",
    )
    .unwrap();
    let err = refused(&text);
    assert!(err.contains("ce n'est pas un fichier SQLite"), "{err}");
    assert!(err.contains("dossiersco snapshot"), "says what to give instead: {err}");

    let other = dir.path().join("autre.sqlite");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE clients (nom TEXT)")
        .unwrap();
    assert!(refused(&other).contains("ce n'est pas une base dossiersco"));

    let newer = dir.path().join("future.sqlite");
    let conn = dossiersco_worker::store::open_sqlite(&newer).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let err = refused(&newer);
    assert!(err.contains("version 99, plus récente"), "{err}");
    assert!(err.contains("mettez dossiersco à jour"), "{err}");

    // A statistics file written by a newer version.
    let base = dir.path().join("base.sqlite");
    drop(dossiersco_worker::store::open(&base).unwrap());
    let file = dir.path().join("statistiques-futures.sqlite");
    snapshot::snapshot_statistiques(&base, &file).unwrap();
    rusqlite::Connection::open(&file)
        .unwrap()
        .execute("UPDATE a_propos SET valeur = '7' WHERE cle = 'version'", [])
        .unwrap();
    let err = refused(&file);
    assert!(err.contains("version 7, plus récente"), "{err}");
}

#[test]
fn a_copy_not_made_by_the_snapshot_command_is_dated_by_its_file() {
    let world = World::new();
    let copy = world.dir.path().join("copie-manuelle.sqlite");
    let conn = world.conn();
    conn.execute_batch(&format!("VACUUM INTO '{}'", copy.display()))
        .unwrap();
    // 2027-05-12 12:00 UTC, 14:00 in Paris (summer time).
    let when = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_810_123_200);
    std::fs::File::options()
        .write(true)
        .open(&copy)
        .unwrap()
        .set_modified(when)
        .unwrap();
    let stats = from_snapshot(&copy, &campagnes(&world)).unwrap();
    assert_eq!(stats.releve_le, "2027-05-12T14:00:00+02:00");
    assert_eq!(stats.national.participation.eleves_attendus, Count::Shown(27));
}

/// Jean Moulin's campaign is purged after 6 families logged in, 5 submitted and rated
/// 5, 5, 4, 4, 3; Simone Veil's is still running with 5 families logged in.
async fn purge_one_campaign() -> (World, Stats) {
    let world = World::new();
    let server = world.start().await;
    for (i, family) in world.families(MOULIN, 6).iter().enumerate() {
        let cookie = server.login(family).await;
        if let Some(note) = [5, 5, 4, 4, 3].get(i) {
            server.submit(&world.site, &cookie).await;
            server.rate(&cookie, *note).await;
        }
    }
    for family in world.families(VEIL, 5) {
        server.login(&family).await;
    }
    server.stop().await;
    let cloture = campagnes(&world)
        .into_iter()
        .find(|c| c.uai == MOULIN)
        .unwrap()
        .cloture
        .to_string();
    let mut conn: dossiersco_worker::store::Conn = world.conn().into();
    retention::purge(&mut conn, &[(MOULIN.to_string(), cloture)], true).unwrap();
    drop(conn);
    let snapshot = world.dir.path().join("copie.sqlite");
    dossiersco_worker::store::snapshot::snapshot(&world.db, &snapshot).unwrap();
    let before = std::fs::read(&snapshot).unwrap();
    let stats = from_snapshot(&snapshot, &campagnes(&world)).unwrap();
    assert_eq!(std::fs::read(&snapshot).unwrap(), before, "the snapshot is only read");
    (world, stats)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_purged_campaign_keeps_its_counts_on_the_page() {
    let (_world, stats) = purge_one_campaign().await;
    assert_eq!(stats.archives.len(), 1);
    let archive = &stats.archives[0];
    let year = (opening() + time::Duration::days(CLOSES - OPENS)).year();
    assert_eq!(archive.campagne, year);
    let archived = json!({
        // 14 imported, 3 leaving; 6 logged in, 5 submitted; (5 + 5 + 4 + 4 + 3) / 5.
        "participation": {
            "eleves_attendus": 11, "familles_connectees": 6, "part_connectees": 54.5,
            "dossiers_transmis": 5, "part_transmis": 45.5, "dossiers_valides": "< 5", "part_valides": null
        },
        "satisfaction": {"notes": 5, "moyenne": 4.2, "repartition": ["< 5", "< 5", "< 5", "< 5", "< 5"]}
    });
    assert_eq!(serde_json::to_value(&archive.national).unwrap(), archived);
    assert_eq!(archive.etablissements.len(), 1);
    assert_eq!(archive.etablissements[0].uai, MOULIN);
    assert_eq!(
        serde_json::to_value(&archive.etablissements[0].chiffres).unwrap(),
        archived
    );

    // The running campaigns no longer count the purged school.
    let uais: Vec<&str> = stats.etablissements.iter().map(|s| s.uai.as_str()).collect();
    assert_eq!(uais, [VEIL, TILLEULS], "by UAI");
    let p = &stats.national.participation;
    // 5 families logged in, all at Simone Veil: shown, the national 5 would say Les Tilleuls'
    // "< 5" is 0 (complementary suppression).
    assert_eq!(
        (p.eleves_attendus, p.familles_connectees),
        (Count::Shown(16), Count::Secret)
    );
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// The input of `build --stats-db`: the full copy held every family's data and the key that
/// hashes the access codes, and went to whatever machine built the public site. The file of
/// `snapshot --statistiques` holds counts only, and gives the same figures.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_statistics_file_holds_counts_only_and_gives_the_same_figures() {
    let (world, from_full) = purge_one_campaign().await;
    let full = world.dir.path().join("copie.sqlite");
    let file = world.dir.path().join("statistiques.sqlite");
    snapshot::snapshot_statistiques(&full, &file).unwrap();
    let from_file = from_snapshot(&file, &campagnes(&world)).unwrap();
    assert_eq!(from_file, from_full, "same figures, same instant (the copy's)");
    assert_eq!(from_file.archives.len(), 1, "the purged campaign's counts travel too");

    // From the live database: the same figures, dated now.
    let live = world.dir.path().join("du-jour.sqlite");
    snapshot::snapshot_statistiques(&world.db, &live).unwrap();
    let mut from_live = from_snapshot(&live, &campagnes(&world)).unwrap();
    let today = dossiersco_worker::clock::paris_today().to_string();
    assert!(from_live.releve_le.starts_with(&today), "{}", from_live.releve_le);
    from_live.releve_le = from_full.releve_le.clone();
    assert_eq!(from_live, from_full);

    // Everything personal the full copy holds, and its key.
    let conn = rusqlite::Connection::open(&full).unwrap();
    let mut personal: Vec<String> = Vec::new();
    for sql in [
        "SELECT nom FROM eleves UNION SELECT prenom FROM eleves UNION SELECT ine FROM eleves
         UNION SELECT date_naissance FROM eleves UNION SELECT code_hash FROM eleves",
        "SELECT nom FROM responsables UNION SELECT prenom FROM responsables UNION SELECT email FROM responsables
         UNION SELECT tel_portable FROM responsables UNION SELECT adresse FROM responsables",
        "SELECT valeurs FROM soumissions UNION SELECT commentaire FROM satisfaction",
        "SELECT valeur FROM meta WHERE cle <> 'snapshot_le'",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt.query_map([], |r| r.get::<_, Option<String>>(0)).unwrap();
        personal.extend(rows.filter_map(Result::unwrap).filter(|v| v.trim().len() > 3));
    }
    for login in &world.logins {
        personal.push(login.code.clone());
        personal.push(login.code.replace('-', ""));
    }
    let key_rows: i64 = conn
        .query_row("SELECT count(*) FROM meta WHERE cle <> 'snapshot_le'", [], |r| r.get(0))
        .unwrap();
    assert!(key_rows > 0, "the full copy holds the key");
    assert!(personal.len() > 100, "something to look for: {}", personal.len());
    let full_bytes = std::fs::read(&full).unwrap();
    assert!(
        personal.iter().filter(|v| contains(&full_bytes, v)).count() > 50,
        "the check finds them in the full copy"
    );
    for path in [&file, &live] {
        let bytes = std::fs::read(path).unwrap();
        for value in &personal {
            assert!(!contains(&bytes, value), "{} holds {value:?}", path.display());
        }
    }
}
