//! Which files the statistics accept, how a snapshot is dated, and what is left of a purged
//! campaign: a file that is not a dossiersco database, or one from a newer version, is
//! refused in French without being touched; archived counts are published.

mod http_common;
mod stats_support;

use dossiersco_model::stats::{Count, Stats};
use dossiersco_worker::store::retention;
use dossiersco_worker::store::stats::{from_snapshot, Campagne};
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
    let conn = dossiersco_worker::store::open(&newer).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let err = refused(&newer);
    assert!(err.contains("version 99, plus récente"), "{err}");
    assert!(err.contains("mettez dossiersco à jour"), "{err}");
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
    let mut conn = world.conn();
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
    assert_eq!(
        (p.eleves_attendus, p.familles_connectees),
        (Count::Shown(16), Count::Shown(5))
    );
}
