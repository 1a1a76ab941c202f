//! Day-by-day cumulative counts over a campaign.

use super::Campagne;
use std::collections::BTreeMap;
use time::Date;

/// The days a school's series covers: from its campaign's opening to its closing or the
/// snapshot's day, whichever comes first. Without a campaign in the content (a school
/// removed since), from its first event. `None` before the campaign opens.
pub(super) fn span(campagne: Option<&Campagne>, first_event: Option<Date>, today: Date) -> Option<(Date, Date)> {
    let (start, end) = match campagne {
        Some(c) => (c.ouverture, c.cloture.min(today)),
        None => (first_event?, today),
    };
    (start <= end).then_some((start, end))
}

/// For each day from `start` to `end`, how many events of `days` (count per day) fall on or
/// before it. Days before `start` count from the first day on; days after `end` are not shown.
pub(super) fn cumulative(days: &BTreeMap<Date, u64>, start: Date, end: Date) -> Vec<u64> {
    let mut events = days.iter().peekable();
    let mut out = Vec::new();
    let mut seen = 0;
    let mut day = start;
    loop {
        while let Some((_, n)) = events.next_if(|(d, _)| **d <= day) {
            seen += n;
        }
        out.push(seen);
        match day.next_day() {
            Some(next) if day < end => day = next,
            _ => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn cumulative_counts_cover_every_day() {
        let days = BTreeMap::from([
            (date!(2027 - 04 - 03), 1),
            (date!(2027 - 03 - 30), 1),
            (date!(2027 - 04 - 01), 2),
            (date!(2027 - 04 - 09), 1),
        ]);
        let counts = cumulative(&days, date!(2027 - 04 - 01), date!(2027 - 04 - 05));
        assert_eq!(
            counts,
            [3, 3, 4, 4, 4],
            "the day before the opening counts from day one"
        );
    }

    #[test]
    fn the_span_stops_at_the_snapshot_or_the_closing() {
        let c = Campagne {
            uai: "0699901M".into(),
            ouverture: date!(2027 - 04 - 01),
            cloture: date!(2027 - 04 - 30),
        };
        assert_eq!(
            span(Some(&c), None, date!(2027 - 04 - 10)),
            Some((date!(2027 - 04 - 01), date!(2027 - 04 - 10)))
        );
        assert_eq!(
            span(Some(&c), None, date!(2027 - 06 - 10)),
            Some((date!(2027 - 04 - 01), date!(2027 - 04 - 30)))
        );
        assert_eq!(span(Some(&c), None, date!(2027 - 03 - 10)), None, "not open yet");
        assert_eq!(span(None, None, date!(2027 - 03 - 10)), None);
        assert_eq!(
            span(None, Some(date!(2027 - 03 - 02)), date!(2027 - 03 - 10)),
            Some((date!(2027 - 03 - 02), date!(2027 - 03 - 10))),
            "a school no longer in the content: from its first event"
        );
    }
}
