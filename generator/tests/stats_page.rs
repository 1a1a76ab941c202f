//! /stats/ as a visitor, a screen reader and a data reuser see it, from figures given to the
//! build: the page and its charts, one page per school, stats.json and stats.csv, small
//! counts shown as "< 5" everywhere, each chart drawing exactly the numbers of its table.

use dossiersco_generator::{BuildOptions, Site};
use dossiersco_model::stats::{
    ArchivedCampaign, ArchivedFigures, ArchivedSchool, Figures, RawFigures, RawParticipation, SchoolFigures, Stats,
};
use scraper::{ElementRef, Html, Selector};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn build(stats: Option<Stats>) -> (tempfile::TempDir, PathBuf) {
    let site = Site::load(&root().join("content"), &root().join("themes/default")).unwrap_or_else(|e| panic!("{e:#}"));
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    let options = BuildOptions {
        stats,
        ..BuildOptions::new(&public)
    };
    site.build(&options).unwrap_or_else(|e| panic!("{e:#}"));
    (dir, public)
}

fn raw(p: [u64; 4], modes: [u64; 2], notes: [u64; 5], connexions: &[u64], transmissions: &[u64]) -> RawFigures {
    RawFigures {
        participation: RawParticipation {
            attendus: p[0],
            connectees: p[1],
            transmis: p[2],
            valides: p[3],
        },
        un_clic: modes[0],
        formulaire: modes[1],
        notes,
        delais_secondes: vec![3600, 7200, 26 * 3600, 50 * 3600, 30 * 60],
        debut: Some("2027-04-06".into()),
        connexions: connexions.to_vec(),
        transmissions: transmissions.to_vec(),
    }
}

/// Two schools: Jean Moulin with enough of everything, Simone Veil with 3 files submitted.
fn figures() -> Stats {
    let moulin = raw(
        [30, 20, 9, 6],
        [0, 9],
        [0, 1, 2, 5, 6],
        &[0, 2, 8, 15, 20],
        &[0, 0, 1, 6, 9],
    );
    let veil = raw(
        [10, 6, 3, 0],
        [3, 0],
        [0, 0, 0, 1, 2],
        &[1, 3, 5, 6, 6],
        &[0, 1, 2, 3, 3],
    );
    let mut national = raw(
        [40, 26, 12, 6],
        [3, 9],
        [0, 1, 2, 6, 8],
        &[1, 5, 13, 21, 26],
        &[0, 1, 3, 9, 12],
    );
    national.delais_secondes.extend([600, 900]);
    Stats {
        releve_le: "2027-04-10T18:30:00+02:00".into(),
        seuil: 5,
        national: Figures::from_raw(national),
        etablissements: vec![
            SchoolFigures {
                uai: "0339903K".into(),
                chiffres: Figures::from_raw(veil),
            },
            SchoolFigures {
                uai: "0699901M".into(),
                chiffres: Figures::from_raw(moulin),
            },
        ],
        archives: vec![ArchivedCampaign {
            campagne: 2026,
            national: ArchivedFigures::from_raw(
                RawParticipation {
                    attendus: 38,
                    connectees: 30,
                    transmis: 28,
                    valides: 27,
                },
                [0, 0, 3, 10, 15],
            ),
            etablissements: vec![ArchivedSchool {
                uai: "0699901M".into(),
                cloture: "2026-05-29".into(),
                chiffres: ArchivedFigures::from_raw(
                    RawParticipation {
                        attendus: 38,
                        connectees: 30,
                        transmis: 28,
                        valides: 27,
                    },
                    [0, 0, 3, 10, 15],
                ),
            }],
        }],
    }
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap_or_else(|e| panic!("{css}: {e:?}")))
        .collect()
}

fn within<'a>(el: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    el.select(&Selector::parse(css).unwrap()).collect()
}

fn text(el: ElementRef) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn num(el: ElementRef, attr: &str) -> f64 {
    el.value()
        .attr(attr)
        .unwrap_or_else(|| panic!("{attr} missing on {}", el.html()))
        .parse()
        .unwrap()
}

/// "1 234" → 1234; "< 5" → None.
fn count(cell: &str) -> Option<f64> {
    if cell.contains('<') {
        return None;
    }
    let digits: String = cell.chars().filter(|c| c.is_ascii_digit()).collect();
    Some(digits.parse().unwrap_or_else(|_| panic!("not a count: {cell:?}")))
}

fn page(public: &Path, path: &str) -> Html {
    Html::parse_document(&std::fs::read_to_string(public.join(path)).unwrap_or_else(|e| panic!("{path}: {e}")))
}

/// The chart's value scale, from its y-axis labels: value = a·y + b.
fn scale(svg: ElementRef) -> impl Fn(f64) -> f64 {
    let ticks: Vec<(f64, f64)> = within(svg, "text.graduation-y")
        .into_iter()
        .map(|t| (num(t, "y"), count(&text(t)).unwrap()))
        .collect();
    assert!(ticks.len() >= 2, "y axis labelled: {}", svg.html());
    let ((y0, v0), (y1, v1)) = (ticks[0], ticks[ticks.len() - 1]);
    let a = (v1 - v0) / (y1 - y0);
    move |y| a * (y - y0) + v0
}

/// The first and second numeric columns of a data table, by row.
fn table_columns(table: ElementRef) -> Vec<Vec<Option<f64>>> {
    within(table, "tbody tr")
        .into_iter()
        .map(|row| within(row, "td").into_iter().map(|td| count(&text(td))).collect())
        .collect()
}

#[test]
fn without_a_snapshot_the_page_says_no_figures_yet() {
    let (_dir, public) = build(None);
    let html = std::fs::read_to_string(public.join("stats/index.html")).unwrap();
    assert!(
        html.contains("Les statistiques seront publiées dès l'ouverture de la campagne."),
        "{html}"
    );
    assert!(!public.join("stats/stats.json").exists());
    assert!(!public.join("stats/stats.csv").exists());
}

#[test]
fn figures_read_the_same_in_html_json_and_csv_small_counts_as_under_5() {
    let stats = figures();
    let (_dir, public) = build(Some(stats.clone()));
    let doc = page(&public, "stats/index.html");
    let dd: Vec<String> = select(&doc, "dl.chiffres dd").into_iter().map(text).collect();
    assert_eq!(dd[0], "40", "pupils expected");
    assert_eq!(dd[1], "26 soit 65,0 %", "families connected");
    assert_eq!(dd[2], "12 soit 30,0 %", "files submitted");
    assert_eq!(dd[3], "6 soit 15,0 %", "files validated");
    assert_eq!((dd[4].as_str(), dd[5].as_str()), ("< 5", "9"), "one click, full form");
    assert_eq!(
        dd[6], "1 h",
        "median of 7 delays: 10 min, 15 min, 30 min, 1 h, 2 h, 26 h, 50 h"
    );
    assert_eq!(
        (dd[7].as_str(), dd[8].as_str()),
        ("17", "4,2 sur 5"),
        "(2 + 6 + 24 + 40) / 17 = 4,24"
    );
    assert!(text(select(&doc, "p.chapo")[0]).contains("10 avril 2027 à 18 h 30"));

    // The school with 3 files submitted, in the table of schools and on its own page.
    let row = select(&doc, "table.tableau-stats tbody tr")
        .into_iter()
        .find(|r| text(*r).contains("Simone Veil"))
        .expect("a row for Simone Veil");
    let cells: Vec<String> = within(row, "td").into_iter().map(text).collect();
    assert_eq!(cells, ["10", "6 (60,0 %)", "< 5", "< 5", "— (< 5)"]);
    let veil = page(&public, "stats/0339903K/index.html");
    let dd: Vec<String> = select(&veil, "dl.chiffres dd").into_iter().map(text).collect();
    assert_eq!(dd[2], "< 5 (pourcentage non publié)");
    assert_eq!(dd[6], "2 h");

    // JSON: the model type itself, "< 5" as a string, what was not computed as null.
    let json = std::fs::read_to_string(public.join("stats/stats.json")).unwrap();
    assert_eq!(serde_json::from_str::<Stats>(&json).unwrap(), stats);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let veil = &value["etablissements"][0];
    assert_eq!(veil["uai"], "0339903K");
    assert_eq!(veil["participation"]["dossiers_transmis"], "< 5");
    assert_eq!(veil["participation"]["part_transmis"], serde_json::Value::Null);
    assert_eq!(veil["serie"]["transmissions"][4], "< 5");

    // CSV: BOM, `;`, a header documented on the page, national row then one per school.
    let csv = std::fs::read_to_string(public.join("stats/stats.csv")).unwrap();
    let csv = csv.strip_prefix('\u{feff}').expect("UTF-8 BOM");
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(';').collect()).collect();
    let documented: Vec<String> = select(&doc, "dl.colonnes dt").into_iter().map(text).collect();
    assert_eq!(rows[0], documented);
    assert_eq!(rows.len(), 4);
    let col = |name: &str| rows[0].iter().position(|c| *c == name).unwrap();
    assert_eq!(rows[1][col("perimetre")], "national");
    assert_eq!(rows[1][col("part_connectees")], "65,0");
    assert_eq!(rows[1][col("note_moyenne")], "4,24");
    assert_eq!(rows[1][col("delai_median_heures")], "1,0");
    let veil = rows.iter().find(|r| r[col("uai")] == "0339903K").unwrap();
    assert_eq!(veil[col("nom")], "Collège Simone Veil");
    assert_eq!(veil[col("dossiers_transmis")], "< 5");
    assert_eq!(veil[col("part_transmis")], "", "not computed");
    assert_eq!(veil[col("transmis_un_clic")], "< 5");

    // Archived campaigns.
    let archives = text(select(&doc, "h3 + .tableau-defilant")[0]);
    assert!(
        archives.contains("Tous les collèges 38 30 (78,9 %) 28 (73,7 %) 27 (71,1 %) 4,4 (28)"),
        "{archives}"
    );
}

#[test]
fn each_chart_draws_exactly_the_numbers_of_its_table() {
    let (_dir, public) = build(Some(figures()));
    for path in [
        "stats/index.html",
        "stats/0699901M/index.html",
        "stats/0339903K/index.html",
    ] {
        let doc = page(&public, path);

        let svg = select(&doc, "svg[data-graphique=suivi]")[0];
        let value = scale(svg);
        let rows = table_columns(select(&doc, "table[data-tableau=suivi]")[0]);
        assert_eq!(rows.len(), 5, "{path}: one row per day");
        for (series, column, marker) in [("connexions", 0, "circle"), ("transmissions", 1, "rect")] {
            let drawn: Vec<(f64, f64)> = within(svg, &format!("{marker}.marqueur.{series}"))
                .into_iter()
                .map(|m| match marker {
                    "circle" => (num(m, "cx"), value(num(m, "cy"))),
                    _ => (
                        num(m, "x") + num(m, "width") / 2.0,
                        value(num(m, "y") + num(m, "height") / 2.0),
                    ),
                })
                .collect();
            let published: Vec<f64> = rows.iter().filter_map(|r| r[column]).collect();
            assert_eq!(
                drawn.len(),
                published.len(),
                "{path} {series}: a marker per published day"
            );
            for ((_, drawn), table) in drawn.iter().zip(&published) {
                assert!(
                    (drawn - table).abs() < 0.05,
                    "{path} {series}: drawn {drawn}, table {table}"
                );
            }
            assert!(drawn.windows(2).all(|w| w[0].0 < w[1].0), "{path}: days left to right");
            // Suppressed days come first (cumulative), so the markers are the last days.
            let first = rows.iter().position(|r| r[column].is_some()).unwrap_or(rows.len());
            assert!(rows[first..].iter().all(|r| r[column].is_some()), "{path} {series}");
        }

        let svg = select(&doc, "svg[data-graphique=notes]")[0];
        let value = scale(svg);
        let table: Vec<Option<f64>> = table_columns(select(&doc, "table[data-tableau=notes]")[0])
            .into_iter()
            .map(|r| r[0])
            .collect();
        for note in 1..=5 {
            let bar = within(svg, &format!("rect.barre[data-note=\"{note}\"]"));
            let label = text(within(svg, &format!("text.valeur-barre[data-note=\"{note}\"]"))[0]);
            match table[note - 1] {
                None => assert!(bar.is_empty() && label == "< 5", "{path}: note {note} not drawn"),
                Some(n) => {
                    let top = value(num(bar[0], "y"));
                    let bottom = value(num(bar[0], "y") + num(bar[0], "height"));
                    assert!(
                        (top - n).abs() < 0.05 && bottom.abs() < 0.05,
                        "{path}: note {note}: {top} vs {n}"
                    );
                    assert_eq!(count(&label), Some(n));
                }
            }
        }
    }
}

/// WCAG relative luminance contrast of `#rrggbb` against white.
fn contrast_on_white(hex: &str) -> f64 {
    let channel = |i: usize| {
        let c = u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap() as f64 / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
    1.05 / (l + 0.05)
}

#[test]
fn charts_are_images_with_a_title_a_description_and_visible_colours() {
    let (_dir, public) = build(Some(figures()));
    let doc = page(&public, "stats/index.html");
    let svgs = select(&doc, "svg.graphique-svg");
    assert_eq!(svgs.len(), 2);
    for svg in svgs {
        assert_eq!(svg.value().attr("role"), Some("img"));
        let ids: Vec<&str> = svg.value().attr("aria-labelledby").unwrap().split(' ').collect();
        assert_eq!(ids.len(), 2);
        for (id, tag) in ids.iter().zip(["title", "desc"]) {
            let el = within(svg, &format!("{tag}#{id}"));
            assert!(
                !el.is_empty() && !text(el[0]).is_empty(),
                "{id}: a {tag} inside the chart"
            );
        }
        for el in within(svg, ".ligne, .marqueur, .barre") {
            // A line's stroke, a shape's fill (its own or its group's).
            let group = el.parent().and_then(ElementRef::wrap).map(|g| g.value());
            let colour = [
                el.value().attr("stroke"),
                el.value().attr("fill"),
                group.and_then(|g| g.attr("fill")),
            ]
            .into_iter()
            .flatten()
            .find(|c| *c != "none")
            .unwrap_or_else(|| panic!("no colour: {}", el.html()));
            assert!(
                contrast_on_white(colour) >= 3.0,
                "{colour} on white: {}",
                contrast_on_white(colour)
            );
        }
    }
    // The two lines differ by more than colour: dashes and marker shapes.
    let suivi = select(&doc, "svg[data-graphique=suivi]")[0];
    assert!(within(suivi, "polyline.transmissions")[0]
        .value()
        .attr("stroke-dasharray")
        .is_some());
    assert!(within(suivi, "polyline.connexions")[0]
        .value()
        .attr("stroke-dasharray")
        .is_none());
    // Nothing loaded from elsewhere, no script in the charts.
    let html = std::fs::read_to_string(public.join("stats/index.html")).unwrap();
    assert!(!html.contains("<script>") && !html.contains("xlink:href") && !html.contains("<image"));
}

#[test]
fn every_school_has_its_page_and_a_malformed_uai_none() {
    let mut stats = figures();
    let mut odd = stats.etablissements[0].clone();
    odd.uai = "../../pas-un-uai".into();
    stats.etablissements.push(odd);
    let (dir, public) = build(Some(stats));
    let doc = page(&public, "stats/index.html");
    let links: Vec<&str> = select(&doc, "table.tableau-stats a")
        .into_iter()
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(
        links,
        ["/stats/0339903K/", "/stats/0699901M/"],
        "ordered by town, then name"
    );
    for link in links {
        let school = page(&public, &format!("{}index.html", &link[1..]));
        assert_eq!(select(&school, "svg.graphique-svg").len(), 2, "{link}: both charts");
        assert_eq!(select(&school, ".fil a[href=\"/stats/\"]").len(), 1, "{link}: way back");
    }
    assert!(text(select(&doc, "table.tableau-stats")[0]).contains("Établissement ../../pas-un-uai"));
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir.path())
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.to_string_lossy().contains("pas-un-uai"))
        .collect();
    assert!(files.is_empty(), "{files:?}");
}
