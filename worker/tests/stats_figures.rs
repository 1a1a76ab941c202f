//! The statistics of a campaign played through the worker's own code paths — the demo
//! schools imported from their SIECLE exports, families logging in, saving drafts,
//! submitting and rating through the real server — over several days, then counted from a
//! snapshot: every figure matches the one computed by hand below, small counts read "< 5"
//! in the page, the JSON and the CSV, and nothing personal reaches public/stats/.
//!
//! The server stamps the real time and `Config.today` only moves the campaign's dates, so
//! the test plays everything now, then moves each family's first login and first
//! submission onto the day it chose (`store::stats::testing`). Validation by the school and
//! one-click submissions have no route yet: the same module stands in for them.

mod http_common;
mod stats_support;

use dossiersco_generator::BuildOptions;
use dossiersco_model::stats::Stats;
use dossiersco_worker::store::stats::{self as store_stats, testing, Campagne};
use http_common::Req;
use serde_json::json;
use stats_support::*;
use std::path::{Path, PathBuf};

/// Days are counted from the opening (day 0); the snapshot is taken on day 10 (today).
///
/// Jean Moulin (11 pupils expected, 3 leaving): 9 families log in at 08:00 UTC — #0–#8 on
/// days 1, 1, 1, 2, 2, 4, 4, 2, 4 —, #0–#6 submit (#0 twice), #7 only saves a draft, #8 only
/// looks. First submissions and delays since the first login:
///   #0 day 2 08:00 (24 h)  #1 day 2 10:00 (26 h)  #2 day 4 08:00 (72 h)  #3 day 4 09:00 (49 h)
///   #4 day 4 08:30 (48.5 h)  #5 day 6 08:00 (48 h)  #6 day 6 20:00 (60 h, in one click)
/// The school validates #0–#4. Ratings: 5, 5, 5, 5, 5, 4.
/// Simone Veil (8 expected): 6 log in at 08:00 (days 3, 3, 3, 3, 5, 5); #0–#2 submit on day 5
/// at 07:00 (47 h each) and rate 4, 4, 3. Les Tilleuls (8 expected): nobody yet. A wrong code is tried.
async fn play_campaign() -> (World, Stats) {
    let world = World::new();
    let server = world.start().await;
    let resp = server.send(Req::login(MOULIN, "AAAA-BBBB-CCCC", "2015-01-01")).await;
    assert!(resp.location().contains("#erreur-identifiants"), "{}", resp.location());

    let moulin = world.families(MOULIN, 9);
    let mut cookies = Vec::new();
    for family in &moulin {
        cookies.push(server.login(family).await);
    }
    for cookie in &cookies[..7] {
        server.submit(&world.site, cookie).await;
    }
    server.submit(&world.site, &cookies[0]).await;
    server.draft(&cookies[7]).await;
    for (cookie, note) in cookies[..6].iter().zip([5, 5, 5, 5, 5, 4]) {
        server.rate(cookie, note).await;
    }
    let veil = world.families(VEIL, 6);
    let mut cookies = Vec::new();
    for family in &veil {
        cookies.push(server.login(family).await);
    }
    for (cookie, note) in cookies[..3].iter().zip([4, 4, 3]) {
        server.submit(&world.site, cookie).await;
        server.rate(cookie, note).await;
    }
    server.stop().await;

    let conn: dossiersco_worker::store::Conn = world.conn().into();
    for (family, day) in moulin.iter().zip([1, 1, 1, 2, 2, 4, 4, 2, 4]) {
        testing::set_first_login(&conn, MOULIN, &family.eleve_id_siecle, &at(day, 8, 0)).unwrap();
    }
    let submissions = [
        (2, 8, 0),
        (2, 10, 0),
        (4, 8, 0),
        (4, 9, 0),
        (4, 8, 30),
        (6, 8, 0),
        (6, 20, 0),
    ];
    for (family, (day, hh, mm)) in moulin.iter().zip(submissions) {
        testing::set_first_submission(&conn, MOULIN, &family.eleve_id_siecle, &at(day, hh, mm)).unwrap();
    }
    for family in &moulin[..5] {
        testing::validate(&conn, MOULIN, &family.eleve_id_siecle).unwrap();
    }
    testing::set_last_submission_one_click(&conn, MOULIN, &moulin[6].eleve_id_siecle).unwrap();
    for (family, day) in veil.iter().zip([3, 3, 3, 3, 5, 5]) {
        testing::set_first_login(&conn, VEIL, &family.eleve_id_siecle, &at(day, 8, 0)).unwrap();
    }
    for family in &veil[..3] {
        testing::set_first_submission(&conn, VEIL, &family.eleve_id_siecle, &at(5, 7, 0)).unwrap();
    }
    drop(conn);

    let snapshot = world.dir.path().join("copie.sqlite");
    dossiersco_worker::store::snapshot::snapshot(&world.db, &snapshot).unwrap();
    let campagnes: Vec<Campagne> = world
        .site
        .content()
        .schools
        .iter()
        .map(|s| Campagne {
            uai: s.etablissement.uai.clone(),
            ouverture: s.etablissement.campagne.ouverture,
            cloture: s.etablissement.campagne.cloture,
        })
        .collect();
    let stats = store_stats::from_snapshot(&snapshot, &campagnes).unwrap_or_else(|e| panic!("{e:#}"));
    (world, stats)
}

/// Checks the published figures against the hand counts: a number is published as itself,
/// or as "secret" when it is 5 or more (complementary suppression: see `stats_secret`); a
/// hand "< 5" must read "< 5"; a share or mean may be withdrawn only beside a secret count.
fn assert_published(published: &serde_json::Value, hand: &serde_json::Value, path: &str) {
    use serde_json::Value;
    let has_secret = |v: &Value| v.to_string().contains("\"secret\"");
    match (published, hand) {
        (Value::Object(p), Value::Object(h)) => {
            assert_eq!(
                p.keys().collect::<Vec<_>>(),
                h.keys().collect::<Vec<_>>(),
                "{path}: the same fields"
            );
            for (key, h) in h {
                let p = &p[key];
                if h.is_f64() && p.is_null() {
                    assert!(
                        has_secret(published),
                        "{path}/{key}: {h} withdrawn with no secret figure beside it"
                    );
                    continue;
                }
                assert_published(p, h, &format!("{path}/{key}"));
            }
        }
        (Value::Array(p), Value::Array(h)) => {
            assert_eq!(p.len(), h.len(), "{path}: length");
            for (i, (p, h)) in p.iter().zip(h).enumerate() {
                assert_published(p, h, &format!("{path}[{i}]"));
            }
        }
        (Value::String(p), Value::Number(n)) if p == "secret" => {
            assert!(n.as_u64().unwrap() >= 5, "{path}: {n} hidden as secret but under 5")
        }
        (p, h) => assert_eq!(p, h, "{path}"),
    }
}

fn school(stats: &Stats, uai: &str) -> serde_json::Value {
    let found = stats.etablissements.iter().find(|s| s.uai == uai).expect(uai);
    serde_json::to_value(&found.chiffres).unwrap()
}

const S: &str = "< 5";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_figures_of_a_campaign_over_ten_days_match_the_hand_counts() {
    let (_world, stats) = play_campaign().await;
    let debut = opening().to_string();
    let national = serde_json::to_value(&stats.national).unwrap();
    assert_published(
        &national,
        &json!({
            "participation": {
                // 11 + 8 + 8; 9 + 6 families; 7 + 3 files; 5 validated.
                "eleves_attendus": 27, "familles_connectees": 15, "part_connectees": 55.6,
                "dossiers_transmis": 10, "part_transmis": 37.0, "dossiers_valides": 5, "part_valides": 18.5
            },
            "modes": {"un_clic": S, "formulaire": 9},
            // 1×3 + 3×4 + 5×5 = 40 over 9 ratings.
            "satisfaction": {"notes": 9, "moyenne": 4.44, "repartition": [S, S, S, S, 5]},
            // 24, 26, 47, 47, 47, 48, 48.5, 49, 60, 72 h: (47 + 48) / 2 = 47.5 h.
            "delai_median_secondes": 171_000,
            "serie": {
                "debut": debut,
                "connexions": [S, S, 6, 10, 13, 15, 15, 15, 15, 15, 15],
                "transmissions": [S, S, S, S, 5, 8, 10, 10, 10, 10, 10]
            }
        }),
        "national",
    );
    // National 5 validated = Jean Moulin's 5 + two "< 5": shown, they would be 0 each.
    assert_eq!(national["participation"]["dossiers_valides"], "secret");
    assert_eq!(
        national["participation"]["dossiers_transmis"], 10,
        "what needs no hiding stays"
    );
    assert_published(
        &school(&stats, MOULIN),
        &json!({
            "participation": {
                "eleves_attendus": 11, "familles_connectees": 9, "part_connectees": 81.8,
                "dossiers_transmis": 7, "part_transmis": 63.6, "dossiers_valides": 5, "part_valides": 45.5
            },
            "modes": {"un_clic": S, "formulaire": 6},
            // (5×5 + 4) / 6 = 4.83.
            "satisfaction": {"notes": 6, "moyenne": 4.83, "repartition": [S, S, S, S, 5]},
            // 24, 26, 48, 48.5, 49, 60, 72 h.
            "delai_median_secondes": 174_600,
            "serie": {
                "debut": debut,
                "connexions": [S, S, 6, 6, 9, 9, 9, 9, 9, 9, 9],
                "transmissions": [S, S, S, S, 5, 5, 7, 7, 7, 7, 7]
            }
        }),
        "Jean Moulin",
    );
    let all_small = vec![S; 11];
    assert_published(
        &school(&stats, VEIL),
        &json!({
            "participation": {
                "eleves_attendus": 8, "familles_connectees": 6, "part_connectees": 75.0,
                "dossiers_transmis": S, "part_transmis": null, "dossiers_valides": S, "part_valides": null
            },
            "modes": {"un_clic": S, "formulaire": S},
            "satisfaction": {"notes": S, "moyenne": null, "repartition": [S, S, S, S, S]},
            "delai_median_secondes": null,
            "serie": {"debut": debut, "connexions": [S, S, S, S, S, 6, 6, 6, 6, 6, 6], "transmissions": all_small}
        }),
        "Simone Veil",
    );
    let tilleuls = school(&stats, TILLEULS);
    assert_eq!(tilleuls["participation"]["eleves_attendus"], 8);
    assert_eq!(tilleuls["participation"]["familles_connectees"], S);
    assert_eq!(tilleuls["serie"]["connexions"], json!(all_small));

    // When the snapshot was taken: today, Paris time.
    let today = dossiersco_worker::clock::paris_today().to_string();
    assert!(
        stats.releve_le.starts_with(&today),
        "{} (today {today})",
        stats.releve_le
    );
    assert!(stats.archives.is_empty());
}

fn build(world: &World, stats: &Stats) -> PathBuf {
    let public = world.dir.path().join("public");
    let options = BuildOptions {
        stats: Some(stats.clone()),
        ..BuildOptions::new(&public)
    };
    world.site.build(&options).unwrap_or_else(|e| panic!("{e:#}"));
    public
}

fn read(public: &Path, path: &str) -> String {
    std::fs::read_to_string(public.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The text of each `<dd>` of the page's figure lists, tags removed.
fn figures(html: &str) -> Vec<String> {
    html.split("<dl class=\"chiffres\">")
        .skip(1)
        .map(|dl| dl.split("</dl>").next().unwrap())
        .flat_map(|dl| dl.split("<dd>").skip(1))
        .map(|s| s.split("</dd>").next().unwrap())
        .map(|s| {
            let mut text = String::new();
            let mut in_tag = false;
            for c in s.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text.replace("&lt;", "<")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// The markers of one series in the day-by-day chart.
fn markers(html: &str, series: &str) -> usize {
    let chart = html
        .split("data-graphique=\"suivi\"")
        .nth(1)
        .unwrap()
        .split("</svg>")
        .next()
        .unwrap();
    chart.matches(&format!("class=\"marqueur {series}\"")).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_the_json_and_the_csv_say_the_same_and_hide_small_counts() {
    let (world, stats) = play_campaign().await;
    let public = build(&world, &stats);

    let national = read(&public, "stats/index.html");
    // Hidden beside the "< 5" they would give away (see `stats_secret`): "secret", its share
    // and the mean of marks one of which is secret withdrawn.
    assert_eq!(
        figures(&national),
        [
            "27",
            "secret (pourcentage non publié)",
            "10 soit 37,0 %",
            "secret (pourcentage non publié)",
            "< 5",
            "secret",
            "1 jour et 23 h",
            "9",
            "non publiée"
        ]
    );
    assert!(
        national.contains("affichés «&nbsp;secret&nbsp;»"),
        "the page says what « secret » means"
    );
    let moulin = read(&public, "stats/0699901M/index.html");
    assert_eq!(figures(&moulin)[6], "2 jours", "48 h 30 min");
    assert_eq!(
        (markers(&moulin, "connexions"), markers(&moulin, "transmissions")),
        (2, 0),
        "only the days shown are drawn"
    );
    let veil = read(&public, "stats/0339903K/index.html");
    assert_eq!(
        figures(&veil),
        [
            "8",
            "secret (pourcentage non publié)",
            "< 5 (pourcentage non publié)",
            "< 5 (pourcentage non publié)",
            "< 5",
            "< 5",
            "non publié",
            "< 5",
            "non publiée"
        ]
    );
    assert_eq!((markers(&veil, "connexions"), markers(&veil, "transmissions")), (0, 0));
    assert!(
        veil.contains("<td>&lt; 5</td><td>&lt; 5</td></tr>"),
        "days under 5 in the table"
    );
    assert!(
        veil.contains("<td>secret</td><td>&lt; 5</td></tr>"),
        "secret days in the table"
    );

    let json: serde_json::Value = serde_json::from_str(&read(&public, "stats/stats.json")).unwrap();
    assert_eq!(json, serde_json::to_value(&stats).unwrap());
    assert_eq!(json["etablissements"][0]["uai"], VEIL, "by UAI");
    assert_eq!(json["etablissements"][0]["participation"]["dossiers_transmis"], S);

    let csv = read(&public, "stats/stats.csv");
    let csv = csv.strip_prefix('\u{feff}').expect("UTF-8 BOM");
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(';').collect()).collect();
    assert_eq!(rows.len(), 1 + 1 + 3, "header, national, 3 schools");
    let col = |name: &str| {
        rows[0]
            .iter()
            .position(|c| *c == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let row = |uai: &str| rows.iter().find(|r| r[col("uai")] == uai).unwrap();
    assert_eq!(rows[1][col("perimetre")], "national");
    assert_eq!(rows[1][col("delai_median_heures")], "47,5");
    assert_eq!(rows[1][col("part_transmis")], "37,0");
    assert_eq!(rows[1][col("dossiers_valides")], "secret");
    assert_eq!(rows[1][col("note_moyenne")], "", "withdrawn beside a secret mark");
    assert_eq!(row(MOULIN)[col("eleves_attendus")], "11");
    assert_eq!(row(MOULIN)[col("delai_median_heures")], "48,5");
    assert_eq!(row(MOULIN)[col("transmis_un_clic")], S);
    let veil = row(VEIL);
    assert_eq!(veil[col("nom")], "Collège Simone Veil");
    for name in ["dossiers_transmis", "dossiers_valides", "notes", "notes_3", "notes_4"] {
        assert_eq!(veil[col(name)], S, "{name}");
    }
    for name in ["part_transmis", "note_moyenne", "delai_median_heures"] {
        assert_eq!(veil[col(name)], "", "{name} not computed");
    }
}

/// `needle` in `haystack` as a whole word (not inside a longer word).
fn contains_word(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_personal_reaches_public_stats() {
    let (world, stats) = play_campaign().await;
    let public = build(&world, &stats);
    let conn: dossiersco_worker::store::Conn = world.conn().into();
    let mut personal: Vec<String> = Vec::new();
    for sql in [
        "SELECT nom FROM eleves UNION SELECT prenom FROM eleves UNION SELECT ine FROM eleves
         UNION SELECT date_naissance FROM eleves UNION SELECT division FROM eleves",
        "SELECT nom FROM responsables UNION SELECT prenom FROM responsables UNION SELECT email FROM responsables
         UNION SELECT tel_portable FROM responsables UNION SELECT adresse FROM responsables",
        "SELECT valeur FROM meta WHERE cle <> 'snapshot_le'",
        "SELECT code_hash FROM eleves",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt.query_map([], |r| r.get::<_, Option<String>>(0)).unwrap();
        personal.extend(rows.filter_map(Result::unwrap).filter(|v| v.trim().len() > 2));
    }
    for login in &world.logins {
        personal.push(login.code.clone());
        personal.push(login.code.replace('-', ""));
    }
    assert!(
        personal.len() > 100,
        "the check has something to look for: {}",
        personal.len()
    );

    let files: Vec<(String, String)> = walk(&public.join("stats"))
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    assert_eq!(files.len(), 1 + 3 + 2, "national page, 3 school pages, JSON, CSV");
    for (path, text) in &files {
        for value in &personal {
            assert!(!contains_word(text, value), "{path} contains personal data: {value:?}");
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
