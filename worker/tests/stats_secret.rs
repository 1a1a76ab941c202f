//! Complementary suppression, attacked the way a reader of /stats/stats.json would: a school
//! of 3 pupils shows "< 5", and before, every other school's figure and the national total
//! were published, so the 3 was the total minus the others. The attacker here knows every
//! published sum (national = schools, one click + full form = submitted, marks = ratings, a
//! curve ends on its headline count, each day of the national curve = the schools' same day),
//! the orders (curves never go down; validated ≤ submitted ≤ logged in ≤ expected) and every
//! share, and narrows each hidden figure as far as they allow; every "< 5" must stay anything
//! from 0 to 4.

mod http_common;
mod stats_support;

use dossiersco_generator::BuildOptions;
use dossiersco_worker::store::stats::{from_snapshot, Campagne};
use serde_json::Value;
use stats_support::*;

/// What the attacker knows of a figure: from `lo` to `hi` (`INF`: no bound).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Range {
    lo: i128,
    hi: i128,
}

const INF: i128 = i128::MAX / 1024;

#[derive(Default)]
struct Attacker {
    names: Vec<String>,
    ranges: Vec<Range>,
    small: Vec<bool>,
    /// total = Σ cells.
    sums: Vec<(usize, Vec<usize>)>,
    /// (count, share in %, whole): count ≈ share × whole / 100, to one decimal.
    shares: Vec<(usize, f64, usize)>,
    /// (a, b): a ≤ b.
    orders: Vec<(usize, usize)>,
}

impl Attacker {
    fn term(&mut self, name: String, v: &Value) -> usize {
        let (range, small) = match v {
            Value::Number(n) => {
                let n = n.as_u64().unwrap() as i128;
                (Range { lo: n, hi: n }, false)
            }
            Value::String(s) if s == "< 5" => (Range { lo: 0, hi: 4 }, true),
            Value::String(s) if s == "secret" => (Range { lo: 5, hi: INF }, false),
            other => panic!("{name}: unexpected {other}"),
        };
        self.names.push(name);
        self.ranges.push(range);
        self.small.push(small);
        self.ranges.len() - 1
    }

    fn tighten(&mut self, t: usize, lo: i128, hi: i128) -> bool {
        let r = &mut self.ranges[t];
        let (lo, hi) = (lo.max(r.lo), hi.min(r.hi));
        let changed = (lo, hi) != (r.lo, r.hi);
        assert!(lo <= hi, "{}: contradiction {lo}..{hi}", self.names[t]);
        *r = Range { lo, hi };
        changed
    }

    /// Narrows every figure as far as the sums and shares allow.
    fn run(&mut self) {
        loop {
            let mut changed = false;
            for (total, cells) in self.sums.clone() {
                let lo: i128 = cells.iter().map(|c| self.ranges[*c].lo).sum();
                let hi: i128 = cells.iter().map(|c| self.ranges[*c].hi).sum::<i128>().min(INF);
                changed |= self.tighten(total, lo, hi);
                for (i, c) in cells.iter().enumerate() {
                    let others = cells
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| *j != i)
                        .map(|(_, o)| self.ranges[*o]);
                    let (olo, ohi): (i128, i128) = others.fold((0, 0), |(l, h), r| (l + r.lo, (h + r.hi).min(INF)));
                    let t = self.ranges[total];
                    let lo = if ohi >= INF { 0 } else { t.lo - ohi };
                    let hi = if t.hi >= INF { INF } else { t.hi - olo };
                    changed |= self.tighten(*c, lo, hi);
                }
            }
            for (a, b) in self.orders.clone() {
                let (lo, hi) = (self.ranges[a].lo, self.ranges[b].hi);
                changed |= self.tighten(b, lo, INF);
                changed |= self.tighten(a, 0, hi);
            }
            for (count, share, whole) in self.shares.clone() {
                let w = self.ranges[whole];
                if w.lo == w.hi {
                    let lo = ((share - 0.05) * w.lo as f64 / 100.0).ceil() as i128;
                    let hi = ((share + 0.05) * w.lo as f64 / 100.0).floor() as i128;
                    changed |= self.tighten(count, lo, hi);
                }
                let c = self.ranges[count];
                if c.lo == c.hi && share > 0.0 {
                    let lo = (c.lo as f64 * 100.0 / (share + 0.05)).ceil() as i128;
                    let hi = (c.lo as f64 * 100.0 / (share - 0.05)).floor() as i128;
                    changed |= self.tighten(whole, lo, hi);
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// Every "< 5" the attacker narrowed, with what it learnt.
    fn broken(&self) -> Vec<String> {
        (0..self.names.len())
            .filter(|t| self.small[*t] && self.ranges[*t] != (Range { lo: 0, hi: 4 }))
            .map(|t| format!("{} ∈ {}..{}", self.names[t], self.ranges[t].lo, self.ranges[t].hi))
            .collect()
    }
}

const HEADLINE: [&str; 7] = [
    "/participation/eleves_attendus",
    "/participation/familles_connectees",
    "/participation/dossiers_transmis",
    "/participation/dossiers_valides",
    "/modes/un_clic",
    "/modes/formulaire",
    "/satisfaction/notes",
];

/// The terms of one scope (the nation, or a school) of stats.json.
struct Scope {
    head: Vec<usize>,
    notes: Vec<usize>,
    connexions: Vec<usize>,
    transmissions: Vec<usize>,
}

fn scope(a: &mut Attacker, who: &str, f: &Value) -> Scope {
    let head: Vec<usize> = HEADLINE
        .iter()
        .map(|p| a.term(format!("{who}{p}"), f.pointer(p).unwrap()))
        .collect();
    let notes = (0..5)
        .map(|k| a.term(format!("{who} notes {}", k + 1), &f["satisfaction"]["repartition"][k]))
        .collect();
    let series = |a: &mut Attacker, name: &str| -> Vec<usize> {
        f["serie"][name]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
            .map(|(d, v)| a.term(format!("{who} {name} jour {d}"), v))
            .collect()
    };
    let connexions = series(a, "connexions");
    let transmissions = series(a, "transmissions");
    let s = Scope {
        head,
        notes,
        connexions,
        transmissions,
    };
    // The scope's own sums and orders: validated ≤ submitted ≤ logged in ≤ expected, curves
    // never go down and end on their headline count, submitted by a day ≤ logged in by then.
    a.sums.push((s.head[2], vec![s.head[4], s.head[5]]));
    a.sums.push((s.head[6], s.notes.clone()));
    a.sums.push((s.head[1], vec![*s.connexions.last().unwrap()]));
    a.sums.push((s.head[2], vec![*s.transmissions.last().unwrap()]));
    a.orders
        .extend([(s.head[3], s.head[2]), (s.head[2], s.head[1]), (s.head[1], s.head[0])]);
    for series in [&s.connexions, &s.transmissions] {
        a.orders.extend(series.windows(2).map(|w| (w[0], w[1])));
    }
    a.orders
        .extend(s.transmissions.iter().copied().zip(s.connexions.iter().copied()));
    for (share, count) in [("part_connectees", 1), ("part_transmis", 2), ("part_valides", 3)] {
        if let Some(p) = f["participation"][share].as_f64() {
            a.shares.push((s.head[count], p, s.head[0]));
        }
    }
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_school_of_three_pupils_cannot_be_worked_out_from_the_national_total() {
    let world = World::new();
    // The fixture: Simone Veil has only 3 pupils.
    let kept = world.families(VEIL, 3);
    let deleted = world
        .conn()
        .execute(
            "DELETE FROM eleves WHERE uai = ?1 AND eleve_id_siecle NOT IN (?2, ?3, ?4)",
            rusqlite::params![
                VEIL,
                kept[0].eleve_id_siecle,
                kept[1].eleve_id_siecle,
                kept[2].eleve_id_siecle
            ],
        )
        .unwrap();
    assert!(deleted > 0);
    let server = world.start().await;
    for (uai, logins, submits) in [(MOULIN, 9, 6), (VEIL, 2, 1), (TILLEULS, 6, 5)] {
        for (i, family) in world.families(uai, logins).iter().enumerate() {
            let cookie = server.login(family).await;
            if i < submits {
                server.submit(&world.site, &cookie).await;
            }
        }
    }
    server.stop().await;

    // The statistics file, as the build is given it, then the published JSON.
    let file = world.dir.path().join("statistiques.sqlite");
    dossiersco_worker::store::snapshot::snapshot_statistiques(&world.db, &file).unwrap();
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
    let stats = from_snapshot(&file, &campagnes).unwrap_or_else(|e| panic!("{e:#}"));
    let public = world.dir.path().join("public");
    let options = BuildOptions {
        stats: Some(stats),
        ..BuildOptions::new(&public)
    };
    world.site.build(&options).unwrap_or_else(|e| panic!("{e:#}"));
    let json: Value = serde_json::from_str(&std::fs::read_to_string(public.join("stats/stats.json")).unwrap()).unwrap();

    let school = |uai: &str| {
        json["etablissements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["uai"] == uai)
            .unwrap()
            .clone()
    };
    // The school of 3 shows "< 5"; the next smallest school that gives enough room goes with it.
    assert_eq!(school(VEIL)["participation"]["eleves_attendus"], "< 5");
    assert_eq!(json["national"]["participation"]["eleves_attendus"], 22, "11 + 8 + 3");
    assert_eq!(school(MOULIN)["participation"]["eleves_attendus"], 11);
    assert_eq!(school(TILLEULS)["participation"]["eleves_attendus"], "secret");
    assert_eq!(
        school(TILLEULS)["participation"]["part_connectees"],
        Value::Null,
        "a share of a secret figure would give it back"
    );

    let mut attacker = Attacker::default();
    let nation = scope(&mut attacker, "national", &json["national"]);
    let schools: Vec<Scope> = json["etablissements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| scope(&mut attacker, s["uai"].as_str().unwrap(), s))
        .collect();
    for (i, total) in nation.head.iter().enumerate() {
        attacker
            .sums
            .push((*total, schools.iter().map(|s| s.head[i]).collect()));
    }
    for (k, total) in nation.notes.iter().enumerate() {
        attacker
            .sums
            .push((*total, schools.iter().map(|s| s.notes[k]).collect()));
    }
    for (d, total) in nation.connexions.iter().enumerate() {
        attacker
            .sums
            .push((*total, schools.iter().map(|s| s.connexions[d]).collect()));
    }
    for (d, total) in nation.transmissions.iter().enumerate() {
        attacker
            .sums
            .push((*total, schools.iter().map(|s| s.transmissions[d]).collect()));
    }
    let smalls = attacker.small.iter().filter(|s| **s).count();
    assert!(smalls > 20, "the fixture has small figures to attack: {smalls}");
    attacker.run();
    assert_eq!(attacker.broken(), Vec::<String>::new(), "figures under 5 worked out");

    // The same attack on the figures without complementary suppression finds the 3.
    let mut naive = Attacker::default();
    let national = naive.term("national".into(), &json["national"]["participation"]["eleves_attendus"]);
    let cells = [(MOULIN, 11), (VEIL, 3), (TILLEULS, 8)]
        .iter()
        .map(|(uai, n)| {
            let shown = if *n < 5 { Value::from("< 5") } else { Value::from(*n) };
            naive.term(uai.to_string(), &shown)
        })
        .collect();
    naive.sums.push((national, cells));
    naive.run();
    assert_eq!(naive.broken(), [format!("{VEIL} ∈ 3..3")]);
}
