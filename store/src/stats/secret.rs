//! Complementary suppression. A count under 5 is published as "< 5", but the published
//! figures hold together: the national total is the sum of the schools, a school's submitted
//! files are its one-click plus its full-form ones, its ratings the sum of each mark, each
//! day of the national curve the sum of the schools' same day; a curve never goes down and
//! ends on its headline count; validated ≤ submitted ≤ logged in ≤ expected. With every
//! other term of such a sum shown, a "< 5" is the total minus the others. So more figures are
//! hidden, published as "secret", until a reader using all of that still finds every "< 5"
//! could be anything from 0 to 4 ([`engine`]). Shares and means drawn from a secret count are
//! withdrawn too.

mod engine;

use super::archives::ArchivedYear;
use dossiersco_model::stats::{ArchivedFigures, Count, Figures, Participation, RawFigures, Satisfaction, Stats};
use engine::{Engine, State};
use time::Date;

/// The exact figures behind one published scope, and the first day of its series.
pub(super) struct Exact {
    pub raw: RawFigures,
    pub debut: Option<Date>,
}

/// The headline counts of a scope, in this order.
const HEAD: usize = 12;
const ATTENDUS: usize = 0;
const CONNECTEES: usize = 1;
const TRANSMIS: usize = 2;
const VALIDES: usize = 3;
const UN_CLIC: usize = 4;
const FORMULAIRE: usize = 5;
const NOTES: usize = 6;
/// Ratings 1 to 5 are NOTE..NOTE + 5.
const NOTE: usize = 7;

/// The terms of one scope (a school, the nation, an archived school or year).
struct Scope {
    /// Term of each headline count; `None` for what the scope does not publish (modes of an
    /// archived campaign).
    head: [Option<usize>; HEAD],
    connexions: Vec<usize>,
    transmissions: Vec<usize>,
    debut: Option<Date>,
}

impl Scope {
    fn running(engine: &mut Engine, e: &Exact) -> Scope {
        let r = &e.raw;
        let p = &r.participation;
        let mut values = vec![p.attendus, p.connectees, p.transmis, p.valides, r.un_clic, r.formulaire];
        values.push(r.notes.iter().sum());
        values.extend(r.notes);
        let scope = Scope {
            head: std::array::from_fn(|i| Some(engine.term(values[i]))),
            connexions: r.connexions.iter().map(|v| engine.term(*v)).collect(),
            transmissions: r.transmissions.iter().map(|v| engine.term(*v)).collect(),
            debut: e.debut,
        };
        scope.relations(engine);
        scope
    }

    fn archived(engine: &mut Engine, p: &dossiersco_model::stats::RawParticipation, notes: &[u64; 5]) -> Scope {
        let mut head = [None; HEAD];
        for (i, v) in [p.attendus, p.connectees, p.transmis, p.valides]
            .into_iter()
            .enumerate()
        {
            head[i] = Some(engine.term(v));
        }
        head[NOTES] = Some(engine.term(notes.iter().sum()));
        for (k, v) in notes.iter().enumerate() {
            head[NOTE + k] = Some(engine.term(*v));
        }
        let scope = Scope {
            head,
            connexions: Vec::new(),
            transmissions: Vec::new(),
            debut: None,
        };
        scope.relations(engine);
        scope
    }

    /// What a reader knows inside the scope: modes add up to the files submitted, marks to
    /// the ratings; validated ≤ submitted ≤ logged in ≤ expected; curves never go down, the
    /// files submitted by a day are no more than the families logged in by then, and each
    /// curve ends at most — usually exactly — on its headline count.
    fn relations(&self, engine: &mut Engine) {
        let h = |f: usize| self.head[f];
        if let (Some(t), Some(u), Some(f)) = (h(TRANSMIS), h(UN_CLIC), h(FORMULAIRE)) {
            engine.sum(t, vec![u, f]);
        }
        if let Some(total) = h(NOTES) {
            engine.sum(total, (0..5).filter_map(|k| h(NOTE + k)).collect());
        }
        for pair in [VALIDES, TRANSMIS, CONNECTEES, ATTENDUS].windows(2) {
            if let (Some(lower), Some(upper)) = (h(pair[0]), h(pair[1])) {
                engine.order(lower, upper);
            }
        }
        for (series, field) in [(&self.connexions, CONNECTEES), (&self.transmissions, TRANSMIS)] {
            for w in series.windows(2) {
                engine.order(w[0], w[1]);
            }
            if let (Some(last), Some(head)) = (series.last(), h(field)) {
                engine.order(*last, head);
                engine.sum(head, vec![*last]);
            }
        }
        for (t, c) in self.transmissions.iter().zip(&self.connexions) {
            engine.order(*t, *c);
        }
    }
}

/// National sums of a set of scopes: each headline count, and each day of the curves (the
/// engine keeps only the sums that hold exactly).
fn national_sums(engine: &mut Engine, national: &Scope, parts: &[Scope]) {
    for field in 0..HEAD {
        if let Some(total) = national.head[field] {
            engine.sum(total, parts.iter().filter_map(|s| s.head[field]).collect());
        }
    }
    let Some(start) = national.debut else {
        return;
    };
    for (series, of) in [
        (
            &national.connexions,
            (|s: &Scope| &s.connexions) as fn(&Scope) -> &Vec<usize>,
        ),
        (&national.transmissions, |s: &Scope| &s.transmissions),
    ] {
        for (day, total) in series.iter().enumerate() {
            let date = start + time::Duration::days(day as i64);
            let cells = parts
                .iter()
                .filter_map(|s| {
                    let own = of(s);
                    let offset = (date - s.debut?).whole_days();
                    // Before its opening a school has nothing to add; after its last day its
                    // curve stays where it ended.
                    (offset >= 0 && !own.is_empty()).then(|| own[(offset as usize).min(own.len() - 1)])
                })
                .collect();
            engine.sum(*total, cells);
        }
    }
}

/// Hides, in `stats`, what would let a "< 5" be worked out (see the module's doc). `schools`
/// are the exact figures of `stats.etablissements`, in order; `years` those of its archives.
pub(super) fn protect(stats: &mut Stats, schools: &[Exact], national: &Exact, years: &[ArchivedYear]) {
    let mut engine = Engine::default();
    let running: Vec<Scope> = schools.iter().map(|e| Scope::running(&mut engine, e)).collect();
    let nation = Scope::running(&mut engine, national);
    national_sums(&mut engine, &nation, &running);
    let archived: Vec<(Scope, Vec<Scope>)> = years
        .iter()
        .map(|y| {
            let total = Scope::archived(&mut engine, &y.total.0, &y.total.1);
            let parts: Vec<Scope> = y
                .schools
                .iter()
                .map(|row| Scope::archived(&mut engine, &row.participation, &row.notes))
                .collect();
            national_sums(&mut engine, &total, &parts);
            (total, parts)
        })
        .collect();
    engine.settle();

    let secret = |t: Option<usize>| t.is_some_and(|t| engine.state(t) == State::Secret);
    for (figures, scope) in stats
        .etablissements
        .iter_mut()
        .map(|s| &mut s.chiffres)
        .zip(&running)
        .chain([(&mut stats.national, &nation)])
    {
        apply_running(figures, scope, &secret);
    }
    for (campaign, (total, parts)) in stats.archives.iter_mut().zip(&archived) {
        apply_archived(&mut campaign.national, total, &secret);
        for (school, scope) in campaign.etablissements.iter_mut().zip(parts) {
            apply_archived(&mut school.chiffres, scope, &secret);
        }
    }
}

fn apply_running(f: &mut Figures, scope: &Scope, secret: &impl Fn(Option<usize>) -> bool) {
    apply_participation(&mut f.participation, scope, secret);
    apply_satisfaction(&mut f.satisfaction, scope, secret);
    for (count, field) in [(&mut f.modes.un_clic, UN_CLIC), (&mut f.modes.formulaire, FORMULAIRE)] {
        if secret(scope.head[field]) {
            *count = Count::Secret;
        }
    }
    for (counts, terms) in [
        (&mut f.serie.connexions, &scope.connexions),
        (&mut f.serie.transmissions, &scope.transmissions),
    ] {
        for (count, term) in counts.iter_mut().zip(terms) {
            if secret(Some(*term)) {
                *count = Count::Secret;
            }
        }
    }
}

fn apply_archived(f: &mut ArchivedFigures, scope: &Scope, secret: &impl Fn(Option<usize>) -> bool) {
    apply_participation(&mut f.participation, scope, secret);
    apply_satisfaction(&mut f.satisfaction, scope, secret);
}

fn apply_participation(p: &mut Participation, scope: &Scope, secret: &impl Fn(Option<usize>) -> bool) {
    let whole = secret(scope.head[ATTENDUS]);
    if whole {
        p.eleves_attendus = Count::Secret;
    }
    // A share of a secret count, or of a secret whole, gives the count back.
    for (count, share, field) in [
        (&mut p.familles_connectees, &mut p.part_connectees, CONNECTEES),
        (&mut p.dossiers_transmis, &mut p.part_transmis, TRANSMIS),
        (&mut p.dossiers_valides, &mut p.part_valides, VALIDES),
    ] {
        if secret(scope.head[field]) {
            *count = Count::Secret;
            *share = None;
        }
        if whole {
            *share = None;
        }
    }
}

fn apply_satisfaction(s: &mut Satisfaction, scope: &Scope, secret: &impl Fn(Option<usize>) -> bool) {
    let mut withdrawn = false;
    if secret(scope.head[NOTES]) {
        s.notes = Count::Secret;
        withdrawn = true;
    }
    for (k, count) in s.repartition.iter_mut().enumerate() {
        if secret(scope.head[NOTE + k]) {
            *count = Count::Secret;
            withdrawn = true;
        }
    }
    // The mean and the count of ratings are two more equations over the marks: with a secret
    // mark they would give it back.
    if withdrawn {
        s.moyenne = None;
    }
}
