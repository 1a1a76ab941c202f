//! /stats/ from the figures of a database snapshot ([`Stats`], counted by the worker's
//! store): the national page, one page per school (/stats/<UAI>/), and the open data files
//! /stats/stats.json and /stats/stats.csv. Charts are inline SVG drawn by the template from
//! geometry computed here; each has its data table.

mod chart;
mod csv;
mod view;

use crate::load::Content;
use chart::{BarChart, LineChart};
use dossiersco_model::stats::{ArchivedFigures, Figures, Stats};
use serde::Serialize;
use view::{InstantView, ParticipationView, SatisfactionView};

/// A school as the statistics name it (names come from the content, the figures by UAI).
#[derive(Serialize)]
struct SchoolName {
    uai: String,
    /// `None` for a school no longer in the content.
    nom: Option<String>,
    ville: Option<String>,
    /// Its page, /stats/<UAI>/; `None` for a malformed UAI (no page is written from it).
    url: Option<String>,
}

impl SchoolName {
    fn new(content: &Content, uai: &str) -> Self {
        let etab = content.school(uai).map(|s| &s.etablissement);
        SchoolName {
            uai: uai.to_string(),
            nom: etab.map(|e| e.nom.clone()),
            ville: etab.map(|e| e.adresse.ville.clone()),
            url: has_page(uai).then(|| format!("/stats/{uai}/")),
        }
    }
}

/// The figures of a running campaign, ready to print.
#[derive(Serialize)]
struct FiguresView {
    participation: ParticipationView,
    un_clic: String,
    formulaire: String,
    satisfaction: SatisfactionView,
    delai_median: Option<String>,
}

impl FiguresView {
    fn new(f: &Figures) -> Self {
        FiguresView {
            participation: ParticipationView::new(&f.participation),
            un_clic: view::count(f.modes.un_clic),
            formulaire: view::count(f.modes.formulaire),
            satisfaction: SatisfactionView::new(&f.satisfaction),
            delai_median: f.delai_median_secondes.map(view::duration),
        }
    }
}

#[derive(Serialize)]
struct SchoolRow {
    etablissement: SchoolName,
    chiffres: FiguresView,
}

#[derive(Serialize)]
struct ArchivedView {
    participation: ParticipationView,
    satisfaction: SatisfactionView,
}

impl ArchivedView {
    fn new(a: &ArchivedFigures) -> Self {
        ArchivedView {
            participation: ParticipationView::new(&a.participation),
            satisfaction: SatisfactionView::new(&a.satisfaction),
        }
    }
}

#[derive(Serialize)]
struct ArchivedSchoolRow {
    etablissement: SchoolName,
    cloture: String,
    chiffres: ArchivedView,
}

#[derive(Serialize)]
struct ArchivedCampaignView {
    campagne: i32,
    national: ArchivedView,
    etablissements: Vec<ArchivedSchoolRow>,
}

/// What stats.html receives as `stats`.
#[derive(Serialize)]
struct PageView<'a> {
    releve: &'a InstantView,
    seuil: u64,
    /// The school of a school's page; `None` on the national page.
    etablissement: Option<SchoolName>,
    /// Whether the snapshot holds a running campaign (pupils imported).
    en_cours: bool,
    chiffres: FiguresView,
    suivi: Option<LineChart>,
    notes: BarChart,
    /// National page only: every school, then the purged campaigns and the CSV's columns.
    etablissements: Vec<SchoolRow>,
    archives: Vec<ArchivedCampaignView>,
    colonnes: &'static [csv::Column],
}

/// Writes /stats/ through `emit` (path in the output, text), each page rendered by `render`
/// from a context holding `stats`: the placeholder page without figures, otherwise every
/// page and the open data files.
pub(crate) fn emit_pages(
    content: &Content,
    stats: Option<&Stats>,
    render: impl Fn(&tera::Context) -> anyhow::Result<String>,
    mut emit: impl FnMut(String, String) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let Some(stats) = stats else {
        let mut ctx = tera::Context::new();
        ctx.insert("stats", &Option::<()>::None);
        return emit("stats/index.html".into(), render(&ctx)?);
    };
    let (pages, files) = pages(content, stats)?;
    // Rendering is ~60 µs a page; at 7,000 schools writing the files is what takes time.
    for (path, view) in pages {
        let mut ctx = tera::Context::new();
        ctx.insert_value("stats", view);
        emit(path, render(&ctx)?)?;
    }
    for (path, text) in files {
        emit(path, text)?;
    }
    Ok(())
}

/// Every statistics page as (path in the output, `stats` value of the template), and the
/// open data files as (path, text).
type Rendered = (Vec<(String, tera::Value)>, Vec<(String, String)>);

/// Builds [`Rendered`] from the figures.
fn pages(content: &Content, stats: &Stats) -> anyhow::Result<Rendered> {
    let releve = InstantView::new(&stats.releve_le);
    let page = |etablissement: Option<SchoolName>, f: &Figures| PageView {
        releve: &releve,
        seuil: stats.seuil,
        en_cours: !stats.etablissements.is_empty(),
        etablissement,
        chiffres: FiguresView::new(f),
        suivi: chart::line_chart(&f.serie),
        notes: chart::bar_chart(&f.satisfaction),
        etablissements: Vec::new(),
        archives: Vec::new(),
        colonnes: &[],
    };

    let mut national = page(None, &stats.national);
    national.etablissements = stats
        .etablissements
        .iter()
        .map(|s| SchoolRow {
            etablissement: SchoolName::new(content, &s.uai),
            chiffres: FiguresView::new(&s.chiffres),
        })
        .collect();
    national.etablissements.sort_by(|a, b| {
        let key = |r: &SchoolRow| {
            (
                r.etablissement.ville.clone(),
                r.etablissement.nom.clone(),
                r.etablissement.uai.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    national.archives = stats
        .archives
        .iter()
        .map(|a| ArchivedCampaignView {
            campagne: a.campagne,
            national: ArchivedView::new(&a.national),
            etablissements: a
                .etablissements
                .iter()
                .map(|s| ArchivedSchoolRow {
                    etablissement: SchoolName::new(content, &s.uai),
                    cloture: s.cloture.clone(),
                    chiffres: ArchivedView::new(&s.chiffres),
                })
                .collect(),
        })
        .collect();
    national.colonnes = csv::COLUMNS;

    let mut pages = vec![(
        "stats/index.html".to_string(),
        tera::Value::from_serializable(&national),
    )];
    for school in stats.etablissements.iter().filter(|s| has_page(&s.uai)) {
        let view = page(Some(SchoolName::new(content, &school.uai)), &school.chiffres);
        pages.push((
            format!("stats/{}/index.html", school.uai),
            tera::Value::from_serializable(&view),
        ));
    }

    let json = serde_json::to_string(stats)?;
    let names = |uai: &str| {
        content
            .school(uai)
            .map(|s| s.etablissement.nom.clone())
            .unwrap_or_default()
    };
    let files = vec![
        ("stats/stats.json".to_string(), json),
        ("stats/stats.csv".to_string(), csv::render(stats, names)),
    ];
    Ok((pages, files))
}

/// Whether a school gets its own page: its UAI is a valid one, so a path made from it stays
/// a plain folder name whatever the snapshot holds.
fn has_page(uai: &str) -> bool {
    dossiersco_model::uai::check_uai(uai).is_ok()
}
