//! The public statistics (/stats/, stats.json, stats.csv): aggregates of a campaign,
//! nationally and per school. The worker's store counts from a database snapshot into the
//! `Raw*` types; turning them into [`Stats`] is where small counts are suppressed, once:
//! a count under [`SEUIL`] never leaves this module, and a share, mean or median computed
//! from fewer than [`SEUIL`] pupils or ratings is not computed at all. Complementary
//! suppression, which needs every school's exact figures at once, is the store's: it marks
//! [`Count::Secret`] what would give a "< 5" away. Aggregates only: nothing here can hold a
//! name, an INE or a code.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Counts under this are published as "< 5".
pub const SEUIL: u64 = 5;

/// How a suppressed count reads, in HTML, JSON and CSV alike.
pub const MOINS_QUE_SEUIL: &str = "< 5";

/// How a count hidden by complementary suppression reads (see [`Count::Secret`]).
pub const SECRET: &str = "secret";

/// A published count: its value from [`SEUIL`] up, otherwise only "fewer than 5".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Count {
    /// Fewer than [`SEUIL`] (zero included): the value itself is not kept.
    Small,
    Shown(u64),
    /// [`SEUIL`] or more, hidden all the same (complementary suppression): otherwise a "< 5"
    /// beside it could be worked out by subtraction, as a total minus the other figures.
    Secret,
}

impl Count {
    /// `n`, or [`Count::Small`] under the threshold.
    pub fn new(n: u64) -> Count {
        if n < SEUIL {
            Count::Small
        } else {
            Count::Shown(n)
        }
    }

    /// The value when it is published.
    pub fn value(self) -> Option<u64> {
        match self {
            Count::Small | Count::Secret => None,
            Count::Shown(n) => Some(n),
        }
    }
}

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Count::Small => f.write_str(MOINS_QUE_SEUIL),
            Count::Secret => f.write_str(SECRET),
            Count::Shown(n) => write!(f, "{n}"),
        }
    }
}

/// A number, or the string "< 5" or "secret".
impl Serialize for Count {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Count::Small => serializer.serialize_str(MOINS_QUE_SEUIL),
            Count::Secret => serializer.serialize_str(SECRET),
            Count::Shown(n) => serializer.serialize_u64(*n),
        }
    }
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Number(u64),
            Text(String),
        }
        match Repr::deserialize(deserializer)? {
            Repr::Number(n) => Ok(Count::new(n)),
            Repr::Text(t) if t == MOINS_QUE_SEUIL => Ok(Count::Small),
            Repr::Text(t) if t == SECRET => Ok(Count::Secret),
            Repr::Text(t) => Err(serde::de::Error::custom(format!(
                "compte attendu (nombre, « {MOINS_QUE_SEUIL} » ou « {SECRET} »), trouvé « {t} »"
            ))),
        }
    }
}

/// Everything /stats/ publishes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// When the snapshot was taken: RFC 3339 in Paris time (`2027-05-12T14:05:00+02:00`).
    pub releve_le: String,
    /// Counts under this are published as "< 5".
    pub seuil: u64,
    /// Every school of the snapshot together.
    pub national: Figures,
    /// One entry per school, by UAI.
    pub etablissements: Vec<SchoolFigures>,
    /// Campaigns already purged (`dossiersco purge`): only their counts were kept. Newest first.
    pub archives: Vec<ArchivedCampaign>,
}

/// The figures of one school.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchoolFigures {
    pub uai: String,
    #[serde(flatten)]
    pub chiffres: Figures,
}

/// The figures of a running campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub participation: Participation,
    /// Files submitted, by how their last submission was made.
    pub modes: Modes,
    pub satisfaction: Satisfaction,
    /// Median time from a family's first login to its first submission, in seconds.
    pub delai_median_secondes: Option<u64>,
    /// Day by day since the campaign opened, cumulative.
    pub serie: Serie,
}

/// Who was expected, who came, who sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Participation {
    /// Pupils imported, those leaving the school aside.
    pub eleves_attendus: Count,
    /// Families that logged in at least once.
    pub familles_connectees: Count,
    /// Percentage of expected pupils (one decimal).
    pub part_connectees: Option<f64>,
    /// Files submitted (`transmis` or `valide`).
    pub dossiers_transmis: Count,
    pub part_transmis: Option<f64>,
    /// Files accepted by the school.
    pub dossiers_valides: Count,
    pub part_valides: Option<f64>,
}

/// One-click re-enrolments and full forms, counted apart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Modes {
    pub un_clic: Count,
    pub formulaire: Count,
}

/// Ratings left after submitting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Satisfaction {
    /// How many ratings.
    pub notes: Count,
    /// Mean rating out of 5 (two decimals).
    pub moyenne: Option<f64>,
    /// How many ratings of 1, 2, 3, 4 and 5.
    pub repartition: [Count; 5],
}

/// Cumulative counts per day: index 0 is `debut`, then one entry per day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Serie {
    /// First day (YYYY-MM-DD, Paris); `None` when the campaign has not opened yet.
    pub debut: Option<String>,
    /// Families that had logged in by the end of each day.
    pub connexions: Vec<Count>,
    /// Files submitted (first submission of each pupil) by the end of each day.
    pub transmissions: Vec<Count>,
}

/// A purged campaign of one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArchivedCampaign {
    /// Year of the campaign's last day.
    pub campagne: i32,
    pub national: ArchivedFigures,
    pub etablissements: Vec<ArchivedSchool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArchivedSchool {
    pub uai: String,
    /// Last day of its campaign (YYYY-MM-DD).
    pub cloture: String,
    #[serde(flatten)]
    pub chiffres: ArchivedFigures,
}

/// What is left of a campaign after the purge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArchivedFigures {
    pub participation: Participation,
    pub satisfaction: Satisfaction,
}

/// Exact counts of participation, before suppression.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RawParticipation {
    pub attendus: u64,
    pub connectees: u64,
    pub transmis: u64,
    pub valides: u64,
}

/// Exact figures of one school or of all, before suppression.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawFigures {
    pub participation: RawParticipation,
    pub un_clic: u64,
    pub formulaire: u64,
    /// Ratings of 1 to 5.
    pub notes: [u64; 5],
    /// First login → first submission, in seconds, one per pupil.
    pub delais_secondes: Vec<u64>,
    /// First day of [`RawFigures::connexions`] (YYYY-MM-DD).
    pub debut: Option<String>,
    /// Cumulative per day.
    pub connexions: Vec<u64>,
    pub transmissions: Vec<u64>,
}

impl Participation {
    pub fn from_raw(raw: RawParticipation) -> Participation {
        let share = |n: u64| percentage(n, raw.attendus);
        Participation {
            eleves_attendus: Count::new(raw.attendus),
            familles_connectees: Count::new(raw.connectees),
            part_connectees: share(raw.connectees),
            dossiers_transmis: Count::new(raw.transmis),
            part_transmis: share(raw.transmis),
            dossiers_valides: Count::new(raw.valides),
            part_valides: share(raw.valides),
        }
    }
}

impl Satisfaction {
    pub fn from_raw(notes: [u64; 5]) -> Satisfaction {
        let count: u64 = notes.iter().sum();
        let sum: u64 = notes.iter().zip(1..).map(|(n, note)| n * note).sum();
        Satisfaction {
            notes: Count::new(count),
            moyenne: (count >= SEUIL).then(|| round(sum as f64 / count as f64, 2)),
            repartition: notes.map(Count::new),
        }
    }
}

impl Figures {
    pub fn from_raw(raw: RawFigures) -> Figures {
        let mut delais = raw.delais_secondes;
        delais.sort_unstable();
        Figures {
            participation: Participation::from_raw(raw.participation),
            modes: Modes {
                un_clic: Count::new(raw.un_clic),
                formulaire: Count::new(raw.formulaire),
            },
            satisfaction: Satisfaction::from_raw(raw.notes),
            delai_median_secondes: (delais.len() as u64 >= SEUIL).then(|| median(&delais)),
            serie: Serie {
                debut: raw.debut,
                connexions: raw.connexions.into_iter().map(Count::new).collect(),
                transmissions: raw.transmissions.into_iter().map(Count::new).collect(),
            },
        }
    }
}

impl ArchivedFigures {
    pub fn from_raw(participation: RawParticipation, notes: [u64; 5]) -> ArchivedFigures {
        ArchivedFigures {
            participation: Participation::from_raw(participation),
            satisfaction: Satisfaction::from_raw(notes),
        }
    }
}

/// `part` of `whole` in percent, one decimal; not computed when either counts fewer than
/// [`SEUIL`] pupils (a share of 3 pupils would give the 3 away).
fn percentage(part: u64, whole: u64) -> Option<f64> {
    (whole >= SEUIL && part >= SEUIL).then(|| round(100.0 * part as f64 / whole as f64, 1))
}

fn round(x: f64, decimals: i32) -> f64 {
    let factor = 10f64.powi(decimals);
    (x * factor).round() / factor
}

/// Median of sorted, non-empty values (the lower one's mean with the upper for an even count).
fn median(sorted: &[u64]) -> u64 {
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_under_five_are_never_kept() {
        assert_eq!(Count::new(0), Count::Small);
        assert_eq!(Count::new(4), Count::Small);
        assert_eq!(Count::new(5), Count::Shown(5));
        assert_eq!(serde_json::to_string(&Count::new(3)).unwrap(), "\"< 5\"");
        assert_eq!(serde_json::to_string(&Count::new(12)).unwrap(), "12");
        assert_eq!(serde_json::from_str::<Count>("\"< 5\"").unwrap(), Count::Small);
        assert_eq!(serde_json::from_str::<Count>("2").unwrap(), Count::Small);
        assert_eq!(serde_json::to_string(&Count::Secret).unwrap(), "\"secret\"");
        assert_eq!(serde_json::from_str::<Count>("\"secret\"").unwrap(), Count::Secret);
        assert_eq!(Count::Secret.value(), None);
        assert!(serde_json::from_str::<Count>("\"douze\"").is_err());
    }

    #[test]
    fn shares_means_and_medians_need_five() {
        let p = Participation::from_raw(RawParticipation {
            attendus: 20,
            connectees: 7,
            transmis: 4,
            valides: 0,
        });
        assert_eq!(p.part_connectees, Some(35.0));
        assert_eq!((p.dossiers_transmis, p.part_transmis), (Count::Small, None));
        assert_eq!(p.part_valides, None);
        let small = Participation::from_raw(RawParticipation {
            attendus: 4,
            connectees: 4,
            ..Default::default()
        });
        assert_eq!((small.eleves_attendus, small.part_connectees), (Count::Small, None));

        let s = Satisfaction::from_raw([0, 1, 0, 2, 6]);
        assert_eq!(s.notes, Count::Shown(9));
        assert_eq!(s.moyenne, Some(4.44), "(2 + 2×4 + 6×5) / 9");
        assert_eq!(s.repartition[4], Count::Shown(6));
        assert_eq!(s.repartition[3], Count::Small);
        assert_eq!(Satisfaction::from_raw([0, 0, 0, 0, 4]).moyenne, None);

        let f = Figures::from_raw(RawFigures {
            delais_secondes: vec![50, 10, 40, 20, 30, 60],
            ..Default::default()
        });
        assert_eq!(f.delai_median_secondes, Some(35));
        let f = Figures::from_raw(RawFigures {
            delais_secondes: vec![1, 2, 3, 4],
            ..Default::default()
        });
        assert_eq!(f.delai_median_secondes, None);
    }
}
