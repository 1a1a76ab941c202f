//! Pupils whose submissions of the day are used up, as a submission's transaction found them.
//! That count decides (`http::dossier::submit`); this memory only lets such a pupil's next
//! posts be refused before their body is read, instead of counting the day's submissions
//! again before every post.

use std::collections::HashSet;
use std::sync::{Mutex, PoisonError};

#[derive(Default)]
pub struct SpentToday {
    inner: Mutex<Spent>,
}

#[derive(Default)]
struct Spent {
    /// The day the pupils below are for (`http::limits::day_start`): another day forgets them.
    day: String,
    eleves: HashSet<i64>,
}

impl SpentToday {
    /// Remembers that pupil `eleve_id` has no submission left on the day starting at `day`.
    pub fn remember(&self, eleve_id: i64, day: &str) {
        let mut spent = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if spent.day != day {
            spent.day = day.to_owned();
            spent.eleves.clear();
        }
        spent.eleves.insert(eleve_id);
    }

    /// Whether pupil `eleve_id` is known to have no submission left on the day starting at `day`.
    pub fn contains(&self, eleve_id: i64, day: &str) -> bool {
        let spent = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        spent.day == day && spent.eleves.contains(&eleve_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pupil_is_remembered_for_its_day_only() {
        let spent = SpentToday::default();
        assert!(!spent.contains(7, "2027-04-19T22:00:00Z"));
        spent.remember(7, "2027-04-19T22:00:00Z");
        assert!(spent.contains(7, "2027-04-19T22:00:00Z"));
        assert!(!spent.contains(8, "2027-04-19T22:00:00Z"), "another pupil");
        assert!(!spent.contains(7, "2027-04-20T22:00:00Z"), "the next day");
        spent.remember(8, "2027-04-20T22:00:00Z");
        assert!(!spent.contains(7, "2027-04-20T22:00:00Z"));
        assert!(
            !spent.contains(7, "2027-04-19T22:00:00Z"),
            "the day before is forgotten"
        );
    }
}
