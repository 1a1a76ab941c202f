//! The suppression engine: every published count as a term (its exact value, how it is
//! published), what a reader knows between terms — sums (`total = Σ cells`) and orders (a
//! curve never goes down, validated ≤ submitted ≤ logged in ≤ expected) —, and the loop that
//! hides terms until no "< 5" can be narrowed.
//!
//! Each pass first does what a reader would: starting from the published figures ("< 5" is
//! 0 to 4, "secret" 5 or more), it narrows every hidden term as far as the sums and orders
//! allow. Then, in each sum, the hidden terms' room — how far each could move down and up
//! within what the reader knows, a "< 5" anywhere from 0 to 4 — must let every "< 5" of the
//! sum be anything from 0 to 4:
//! the hidden cells must be able to absorb 4 both ways (the total, when hidden, counts the
//! other way round), and a sum never keeps exactly one hidden term. Where it does not, the
//! smallest shown cell that brings enough room is hidden, else the one that brings the most,
//! else the total, else a shown term an order ties to a hidden one (it bounds it). Passes repeat until one hides nothing: then, in every sum, the reader's
//! own narrowing leaves each "< 5" whole.

use dossiersco_model::stats::SEUIL;

/// How a term is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    Shown,
    Small,
    Secret,
}

/// No upper bound.
const INF: u64 = u64::MAX / 4;
/// Propagation rounds per pass: it converges in a few; a bound not reached only makes the
/// reader weaker than it could be, and the next pass goes on from there.
const ROUNDS: usize = 64;

struct Sum {
    total: usize,
    cells: Vec<usize>,
}

#[derive(Default)]
pub(crate) struct Engine {
    value: Vec<u64>,
    state: Vec<State>,
    /// `(lower, upper)`: the reader knows `lower ≤ upper`.
    orders: Vec<(usize, usize)>,
    sums: Vec<Sum>,
    /// What the reader knows of each term, this pass.
    lo: Vec<u64>,
    hi: Vec<u64>,
    /// For each term, the terms an order puts below it, and above it.
    below: Vec<Vec<usize>>,
    above: Vec<Vec<usize>>,
}

impl Engine {
    /// A published count of exact value `value`.
    pub fn term(&mut self, value: u64) -> usize {
        self.value.push(value);
        self.state.push(if value < SEUIL { State::Small } else { State::Shown });
        self.value.len() - 1
    }

    pub fn state(&self, t: usize) -> State {
        self.state[t]
    }

    /// The reader knows `lower ≤ upper` (recorded only when true).
    pub fn order(&mut self, lower: usize, upper: usize) {
        if self.value[lower] <= self.value[upper] {
            self.orders.push((lower, upper));
        }
    }

    /// The reader knows `total = Σ cells` (recorded only when true).
    pub fn sum(&mut self, total: usize, cells: Vec<usize>) {
        if !cells.is_empty() && cells.iter().map(|c| self.value[*c]).sum::<u64>() == self.value[total] {
            self.sums.push(Sum { total, cells });
        }
    }

    /// Hides terms until no "< 5" can be narrowed (see the module's doc).
    pub fn settle(&mut self) {
        self.below = vec![Vec::new(); self.value.len()];
        self.above = vec![Vec::new(); self.value.len()];
        for &(a, b) in &self.orders {
            self.below[b].push(a);
            self.above[a].push(b);
        }
        loop {
            self.narrow();
            let mut changed = false;
            for i in 0..self.sums.len() {
                if let Some(t) = self.to_hide(i) {
                    self.hide(t);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    fn hide(&mut self, t: usize) {
        self.state[t] = State::Secret;
        // Until the next pass narrows it: what a reader knows of any secret.
        self.lo[t] = SEUIL;
        self.hi[t] = INF;
    }

    /// What a reader can work out of each term from the published figures.
    fn narrow(&mut self) {
        let n = self.value.len();
        self.lo = (0..n)
            .map(|t| match self.state[t] {
                State::Shown => self.value[t],
                State::Small => 0,
                State::Secret => SEUIL,
            })
            .collect();
        self.hi = (0..n)
            .map(|t| match self.state[t] {
                State::Shown => self.value[t],
                State::Small => SEUIL - 1,
                State::Secret => INF,
            })
            .collect();
        for _ in 0..ROUNDS {
            let mut changed = false;
            // Orders come curve by curve, day after day: lower bounds travel forward in one
            // sweep, upper bounds backward in one.
            for &(a, b) in &self.orders {
                let lo_a = self.lo[a];
                changed |= raise(&mut self.lo, b, lo_a);
            }
            for &(a, b) in self.orders.iter().rev() {
                let hi_b = self.hi[b];
                changed |= lower(&mut self.hi, a, hi_b);
            }
            for sum in &self.sums {
                let lo_sum: u64 = sum.cells.iter().map(|c| self.lo[*c]).sum();
                let hi_sum = sum.cells.iter().fold(0u64, |s, c| (s + self.hi[*c]).min(INF));
                changed |= raise(&mut self.lo, sum.total, lo_sum);
                changed |= lower(&mut self.hi, sum.total, hi_sum);
                let (t_lo, t_hi) = (self.lo[sum.total], self.hi[sum.total]);
                for &c in &sum.cells {
                    let others_hi = if hi_sum >= INF { INF } else { hi_sum - self.hi[c] };
                    let others_lo = lo_sum - self.lo[c];
                    changed |= raise(&mut self.lo, c, t_lo.saturating_sub(others_hi));
                    if t_hi < INF {
                        changed |= lower(&mut self.hi, c, t_hi.saturating_sub(others_lo));
                    }
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// How far a hidden term could move (down, up) within what the reader knows. A "< 5"
    /// counts as anything from 0 to 4 even when another sum narrows it this pass: that sum
    /// is the one to fix, and hiding more here would not mend it.
    fn room(&self, t: usize) -> (u64, u64) {
        let v = self.value[t];
        match self.state[t] {
            State::Small => (v, SEUIL - 1 - v),
            _ => (v.saturating_sub(self.lo[t]), self.hi[t].saturating_sub(v).min(INF)),
        }
    }

    /// The room a shown term would have once hidden: 5 or more, within its orders.
    fn room_if_hidden(&self, t: usize) -> (u64, u64) {
        let lo = self.below[t].iter().map(|a| self.lo[*a]).fold(SEUIL, u64::max);
        let hi = self.above[t].iter().map(|b| self.hi[*b]).fold(INF, u64::min);
        let v = self.value[t];
        (v.saturating_sub(lo), hi.saturating_sub(v).min(INF))
    }

    /// The term to hide next in sum `i`, if it lets a hidden figure be narrowed.
    fn to_hide(&self, i: usize) -> Option<usize> {
        let sum = &self.sums[i];
        let hidden = |t: usize| self.state[t] != State::Shown;
        let total_hidden = hidden(sum.total);
        let hidden_cells: Vec<usize> = sum.cells.iter().copied().filter(|c| hidden(*c)).collect();
        let count = hidden_cells.len() + usize::from(total_hidden);
        if count == 0 {
            return None;
        }
        let small = hidden_cells.iter().any(|c| self.state[*c] == State::Small);
        let margin = SEUIL - 1;
        let (mut down, mut up) = (0u64, 0u64);
        for &c in &hidden_cells {
            let (d, u) = self.room(c);
            down = (down + d).min(INF);
            up = (up + u).min(INF);
        }
        if total_hidden {
            // The total moves the other way: a higher total leaves more room below.
            let (d, u) = self.room(sum.total);
            down = (down + u).min(INF);
            up = (up + d).min(INF);
        }
        let safe = count > 1 && (!small || (down >= margin && up >= margin));
        if safe {
            return None;
        }
        let (need_down, need_up) = if small {
            (margin.saturating_sub(down), margin.saturating_sub(up))
        } else {
            (0, 0)
        };
        let mut shown: Vec<usize> = sum.cells.iter().copied().filter(|c| !hidden(*c)).collect();
        shown.sort_by_key(|c| self.value[*c]);
        shown
            .iter()
            .copied()
            .find(|c| {
                let (d, u) = self.room_if_hidden(*c);
                d >= need_down && u >= need_up
            })
            .or_else(|| {
                shown.iter().copied().max_by_key(|c| {
                    let (d, u) = self.room_if_hidden(*c);
                    (d.min(u), self.value[*c])
                })
            })
            .or_else(|| (!total_hidden).then_some(sum.total))
            .or_else(|| {
                // Nothing left to hide in the sum: what bounds its hidden terms from outside
                // (a shown count above a secret one, say).
                std::iter::once(sum.total)
                    .chain(hidden_cells.iter().copied())
                    .flat_map(|t| self.below[t].iter().chain(&self.above[t]).copied())
                    .filter(|t| !hidden(*t))
                    .min_by_key(|t| self.value[*t])
            })
    }
}

fn raise(lo: &mut [u64], t: usize, to: u64) -> bool {
    let changed = to > lo[t];
    if changed {
        lo[t] = to;
    }
    changed
}

fn lower(hi: &mut [u64], t: usize, to: u64) -> bool {
    let changed = to < hi[t];
    if changed {
        hi[t] = to;
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use State::*;

    /// `total = Σ values`; returns the engine, settled, and the cells' states.
    fn settle(values: &[u64], total_shown: bool) -> (Engine, Vec<State>) {
        let mut e = Engine::default();
        let total = e.term(values.iter().sum());
        if !total_shown {
            e.state[total] = Secret;
        }
        let cells: Vec<usize> = values.iter().map(|v| e.term(*v)).collect();
        e.sum(total, cells.clone());
        e.settle();
        let states = cells.iter().map(|c| e.state[*c]).collect();
        (e, states)
    }

    #[test]
    fn one_small_school_hides_the_next_one_that_leaves_enough_room() {
        // 15 = 9 + 6 + 0: with 9 and 6 shown, the "< 5" is 0. Hiding 6 is not enough (6 + x
        // = 6 with 6 ≥ 5 gives x ≤ 1); 9 leaves x anywhere from 0 to 4.
        assert_eq!(settle(&[9, 6, 0], true).1, [Secret, Shown, Small]);
        // With a larger school at hand, the smallest one with room is taken.
        assert_eq!(settle(&[40, 12, 3, 9], true).1, [Shown, Shown, Small, Secret]);
    }

    #[test]
    fn small_counts_that_hide_each_other_need_nothing_more_unless_their_sum_narrows_them() {
        assert_eq!(
            settle(&[20, 1, 3], true).1,
            [Shown, Small, Small],
            "x + y = 4: each 0 to 4"
        );
        assert_eq!(settle(&[20, 2, 3, 0], true).1, [Shown, Small, Small, Small]);
        assert_eq!(
            settle(&[20, 2, 3], true).1,
            [Secret, Small, Small],
            "x + y = 5: neither is 0"
        );
        assert_eq!(settle(&[20, 0, 0], true).1, [Secret, Small, Small], "both 0");
        assert_eq!(settle(&[20, 4, 4], true).1, [Secret, Small, Small], "both 4");
    }

    #[test]
    fn when_no_school_can_cover_the_total_goes() {
        // 7 = 5 + 2: hiding 5 leaves 5 + x = 7, x = 2.
        let (e, states) = settle(&[5, 2], true);
        assert_eq!(states, [Secret, Small]);
        assert_eq!(e.state[0], Secret, "the total");
    }

    #[test]
    fn a_lone_hidden_figure_is_never_left() {
        assert_eq!(
            settle(&[9, 6, 7], false).1,
            [Shown, Secret, Shown],
            "the total alone would be the sum"
        );
        assert_eq!(settle(&[9, 6, 7], true).1, [Shown, Shown, Shown], "nothing hidden");
    }

    #[test]
    fn a_curve_that_never_goes_down_is_no_cover() {
        // Three schools' curves over two days and the nation's: A 9, 9; B 2, 2; C 2, 6.
        // Day 1 is safe (B and C hide each other). On day 2 B stands alone: hiding A's day 2
        // would look enough (9 has room 4 above 5), but a reader knows A's day 2 ≥ its day 1,
        // shown 9: A is exactly 9 and B would be 17 − 9 − 6 = 2.
        let mut e = Engine::default();
        let curves: Vec<Vec<usize>> = [[9, 9], [2, 2], [2, 6]]
            .iter()
            .map(|c| c.iter().map(|v| e.term(*v)).collect())
            .collect();
        let nation: Vec<usize> = [13, 17].iter().map(|v| e.term(*v)).collect();
        for series in curves.iter().chain([&nation]) {
            e.order(series[0], series[1]);
        }
        for d in 0..2 {
            e.sum(nation[d], curves.iter().map(|c| c[d]).collect());
        }
        e.settle();
        assert_eq!(e.state[curves[0][0]], Shown, "day 1 needs nothing");
        e.narrow();
        for t in 0..e.value.len() {
            if e.state[t] == Small {
                assert_eq!((e.lo[t], e.hi[t]), (0, 4), "term {t} narrowed");
            }
        }
        let hidden_day_2 = [curves[0][1], curves[2][1], nation[1]]
            .iter()
            .filter(|t| e.state[**t] == Secret)
            .count();
        assert!(hidden_day_2 >= 2, "A's day 2 alone is no cover");
    }
}
