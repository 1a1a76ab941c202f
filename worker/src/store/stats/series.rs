//! Day-by-day cumulative counts over a campaign.

use super::Campagne;
use time::Date;

/// Days (Paris) on which each pupil first logged in and first submitted.
#[derive(Default)]
pub(super) struct Events {
    pub connexions: Vec<Date>,
    pub transmissions: Vec<Date>,
}

/// The days a school's series covers: from its campaign's opening to its closing or the
/// snapshot's day, whichever comes first. Without a campaign in the content (a school
/// removed since), from its first event. `None` before the campaign opens.
pub(super) fn span(campagne: Option<&Campagne>, events: &Events, today: Date) -> Option<(Date, Date)> {
    let (start, end) = match campagne {
        Some(c) => (c.ouverture, c.cloture.min(today)),
        None => {
            let first = events.connexions.iter().chain(&events.transmissions).min()?;
            (*first, today)
        }
    };
    (start <= end).then_some((start, end))
}

/// For each day from `start` to `end`, how many of `days` fall on or before it. Days before
/// `start` count from the first day on; days after `end` are not shown.
pub(super) fn cumulative(days: &mut [Date], start: Date, end: Date) -> Vec<u64> {
    days.sort_unstable();
    let mut out = Vec::new();
    let mut seen = 0;
    let mut day = start;
    loop {
        while seen < days.len() && days[seen] <= day {
            seen += 1;
        }
        out.push(seen as u64);
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
        let mut days = vec![
            date!(2027 - 04 - 03),
            date!(2027 - 03 - 30),
            date!(2027 - 04 - 01),
            date!(2027 - 04 - 01),
            date!(2027 - 04 - 09),
        ];
        let counts = cumulative(&mut days, date!(2027 - 04 - 01), date!(2027 - 04 - 05));
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
        let none = Events::default();
        assert_eq!(
            span(Some(&c), &none, date!(2027 - 04 - 10)),
            Some((date!(2027 - 04 - 01), date!(2027 - 04 - 10)))
        );
        assert_eq!(
            span(Some(&c), &none, date!(2027 - 06 - 10)),
            Some((date!(2027 - 04 - 01), date!(2027 - 04 - 30)))
        );
        assert_eq!(span(Some(&c), &none, date!(2027 - 03 - 10)), None, "not open yet");
        assert_eq!(span(None, &none, date!(2027 - 03 - 10)), None);
    }
}
