//! Chart geometry, computed at build time; the template draws the SVG (and writes its
//! words). Only published values are drawn: a day still under 5 has no marker, a rating
//! under 5 no bar, and the band of values under 5 is shaded and labelled.

use super::view::{count, integer, MOIS_COURTS};
use crate::views::escape;
use dossiersco_model::stats::{Count, Satisfaction, Serie, SEUIL};
use serde::Serialize;
use time::Date;

/// viewBox size and plot margins (user units): narrow enough that 13-unit text stays
/// readable on a phone; room above for the bars' labels, on the right for the last day's.
const WIDTH: f64 = 400.0;
const HEIGHT: f64 = 230.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 26.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 34.0;
/// Day labels on the x axis, at most.
const MAX_X_LABELS: usize = 5;

#[derive(Serialize)]
pub struct Frame {
    pub largeur: f64,
    pub hauteur: f64,
    pub gauche: f64,
    pub droite: f64,
    pub haut: f64,
    pub bas: f64,
}

/// A labelled position on an axis.
#[derive(Serialize)]
pub struct Tick {
    pub pos: f64,
    pub texte: String,
}

/// The shaded band of values under 5.
#[derive(Serialize)]
pub struct Band {
    pub y: f64,
    pub hauteur: f64,
}

/// One line: its points, for `<polyline>`, and the same points as markers (SVG shapes
/// made here: a template loop over every point of every school would cost more than the
/// rest of the page).
#[derive(Serialize)]
pub struct Line {
    pub points: String,
    pub marqueurs: String,
}

/// Cumulative logins and submissions per day.
#[derive(Serialize)]
pub struct LineChart {
    pub cadre: Frame,
    pub graduations_y: Vec<Tick>,
    pub graduations_x: Vec<Tick>,
    pub zone_petits: Band,
    pub connexions: Line,
    pub transmissions: Line,
    /// The rows of the data table (`<tr>`…), one per day.
    pub lignes: String,
    pub premier_jour: String,
    pub dernier_jour: String,
    pub connexions_fin: String,
    pub transmissions_fin: String,
}

/// One bar of the ratings chart.
#[derive(Serialize)]
pub struct Bar {
    pub note: u8,
    pub x: f64,
    pub largeur: f64,
    /// Middle of the bar, where its labels are centred.
    pub centre: f64,
    /// Top of the bar, and its height (0 when not published).
    pub y: f64,
    pub hauteur: f64,
    pub publie: bool,
    pub texte: String,
    /// Where the value's label sits.
    pub y_texte: f64,
}

/// How many ratings of each note.
#[derive(Serialize)]
pub struct BarChart {
    pub cadre: Frame,
    pub graduations_y: Vec<Tick>,
    pub zone_petits: Band,
    pub barres: Vec<Bar>,
}

fn frame() -> Frame {
    Frame {
        largeur: WIDTH,
        hauteur: HEIGHT,
        gauche: LEFT,
        droite: WIDTH - RIGHT,
        haut: TOP,
        bas: HEIGHT - BOTTOM,
    }
}

/// A vertical scale from 0 to a round top at or above `max` (at least 5: the band shows).
struct Scale {
    top: u64,
    step: u64,
}

impl Scale {
    fn new(max: u64) -> Scale {
        let max = max.max(SEUIL);
        let rough = max.div_ceil(4);
        let mut magnitude = 1;
        while magnitude * 10 <= rough {
            magnitude *= 10;
        }
        let step = [1, 2, 5, 10]
            .iter()
            .map(|m| m * magnitude)
            .find(|s| *s >= rough)
            .unwrap_or(10 * magnitude);
        Scale {
            top: max.div_ceil(step) * step,
            step,
        }
    }

    fn y(&self, v: u64) -> f64 {
        let plot = HEIGHT - BOTTOM - TOP;
        round(TOP + plot * (1.0 - v as f64 / self.top as f64))
    }

    fn ticks(&self) -> Vec<Tick> {
        (0..=self.top / self.step)
            .map(|i| Tick {
                pos: self.y(i * self.step),
                texte: integer(i * self.step),
            })
            .collect()
    }

    fn band(&self) -> Band {
        let y = self.y(SEUIL);
        Band {
            y,
            hauteur: round(self.y(0) - y),
        }
    }
}

fn round(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The chart of a series; `None` when the campaign has not opened yet.
pub fn line_chart(serie: &Serie) -> Option<LineChart> {
    let start: Date = Date::parse(
        serie.debut.as_deref()?,
        &time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()?;
    let n = serie.connexions.len().min(serie.transmissions.len());
    if n == 0 {
        return None;
    }
    let days: Vec<Date> = (0..n)
        .map(|i| start.checked_add(time::Duration::days(i as i64)).unwrap_or(start))
        .collect();
    let max = serie
        .connexions
        .iter()
        .chain(&serie.transmissions)
        .filter_map(|c| c.value())
        .max()
        .unwrap_or(0);
    let scale = Scale::new(max);
    let plot = WIDTH - LEFT - RIGHT;
    let x = |i: usize| {
        round(if n == 1 {
            LEFT + plot / 2.0
        } else {
            LEFT + plot * i as f64 / (n - 1) as f64
        })
    };
    let line = |values: &[Count], square: bool, class: &str| {
        let points: Vec<(f64, f64)> = values
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.value().map(|v| (x(i), scale.y(v))))
            .collect();
        let mut marqueurs = String::new();
        for (x, y) in &points {
            marqueurs += &if square {
                format!(
                    r#"<rect class="marqueur {class}" x="{}" y="{}" width="8" height="8"/>"#,
                    round(x - 4.0),
                    round(y - 4.0)
                )
            } else {
                format!(r#"<circle class="marqueur {class}" cx="{x}" cy="{y}" r="4"/>"#)
            };
        }
        Line {
            points: points
                .iter()
                .map(|(x, y)| format!("{x},{y}"))
                .collect::<Vec<_>>()
                .join(" "),
            marqueurs,
        }
    };
    let every = n.div_ceil(MAX_X_LABELS);
    let short = |d: Date| format!("{} {}", d.day(), MOIS_COURTS[d.month() as usize - 1]);
    let long = |d: Date| crate::views::DateView::new(d).texte;
    Some(LineChart {
        cadre: frame(),
        graduations_y: scale.ticks(),
        graduations_x: (0..n)
            .filter(|i| i % every == 0)
            .map(|i| Tick {
                pos: x(i),
                texte: short(days[i]),
            })
            .collect(),
        zone_petits: scale.band(),
        connexions: line(&serie.connexions[..n], false, "connexions"),
        transmissions: line(&serie.transmissions[..n], true, "transmissions"),
        lignes: (0..n)
            .map(|i| {
                format!(
                    r#"<tr><th scope="row"><time datetime="{}">{}</time></th><td>{}</td><td>{}</td></tr>"#,
                    days[i],
                    escape(&long(days[i])),
                    escape(&count(serie.connexions[i])),
                    escape(&count(serie.transmissions[i]))
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
        premier_jour: long(days[0]),
        dernier_jour: long(days[n - 1]),
        connexions_fin: count(serie.connexions[n - 1]),
        transmissions_fin: count(serie.transmissions[n - 1]),
    })
}

/// The distribution of ratings.
pub fn bar_chart(satisfaction: &Satisfaction) -> BarChart {
    let max = satisfaction
        .repartition
        .iter()
        .filter_map(|c| c.value())
        .max()
        .unwrap_or(0);
    let scale = Scale::new(max);
    let slot = (WIDTH - LEFT - RIGHT) / 5.0;
    let barres = (1..=5)
        .zip(satisfaction.repartition)
        .enumerate()
        .map(|(i, (note, c))| {
            let (y, hauteur) = match c.value() {
                Some(v) => (scale.y(v), round(scale.y(0) - scale.y(v))),
                None => (scale.y(0), 0.0),
            };
            let label_y = match c {
                Count::Shown(_) => y - 6.0,
                Count::Small => scale.band().y - 6.0,
                // Not a small count: its label stays clear of the "fewer than 5" band.
                Count::Secret => TOP + 12.0,
            };
            Bar {
                note,
                x: round(LEFT + slot * i as f64 + slot * 0.2),
                largeur: round(slot * 0.6),
                centre: round(LEFT + slot * (i as f64 + 0.5)),
                y,
                hauteur,
                publie: c.value().is_some(),
                texte: count(c),
                y_texte: round(label_y),
            }
        })
        .collect();
    BarChart {
        cadre: frame(),
        graduations_y: scale.ticks(),
        zone_petits: scale.band(),
        barres,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_end_on_a_round_number() {
        let s = Scale::new(37);
        assert_eq!((s.top, s.step), (40, 10));
        let s = Scale::new(3);
        assert_eq!((s.top, s.step), (6, 2));
        let s = Scale::new(12_345);
        assert_eq!((s.top, s.step), (15_000, 5_000));
        assert_eq!(Scale::new(40).y(40), TOP);
        assert_eq!(Scale::new(40).y(0), HEIGHT - BOTTOM);
    }
}
