//! Time as the schools live it: campaign dates and "try again at HH:MM" are Paris time.
//!
//! The offset is computed from the EU rule (summer time from the last Sunday of March to the
//! last Sunday of October, switching at 01:00 UTC) rather than read from the system: the
//! `time` crate refuses local offsets in multithreaded programs, and a fixed offset is wrong
//! half the year.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{Date, Duration, Month, OffsetDateTime, UtcOffset};

const TIMESTAMP: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

/// Where the worker reads "now": the system clock, or for tests and benchmarks the system
/// clock moved forward on demand (login backoff, session lifetimes), shared by every clone.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// Nanoseconds added to the system time (exact: a test that moves the clock to a
    /// minute's start must not land a fraction before it); None: the system time as it is.
    shift_ns: Option<Arc<AtomicI64>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// The system clock, which [`Clock::advance`] moves forward (tests, benchmarks).
    pub fn adjustable() -> Clock {
        Clock {
            shift_ns: Some(Arc::new(AtomicI64::new(0))),
        }
    }

    /// Moves an adjustable clock forward; does nothing to the system clock.
    pub fn advance(&self, by: Duration) {
        if let Some(shift) = &self.shift_ns {
            shift.fetch_add(by.whole_nanoseconds() as i64, Ordering::SeqCst);
        }
    }

    /// Now, in UTC.
    pub fn now(&self) -> OffsetDateTime {
        let now = OffsetDateTime::now_utc();
        match &self.shift_ns {
            Some(shift) => now + Duration::nanoseconds(shift.load(Ordering::SeqCst)),
            None => now,
        }
    }
}

/// Paris offset (UTC+1 or UTC+2) at the instant `utc`.
pub fn paris_offset(utc: OffsetDateTime) -> UtcOffset {
    let year = utc.year();
    let switch = |month| last_sunday(year, month).midnight().assume_utc() + Duration::hours(1);
    let summer = utc >= switch(Month::March) && utc < switch(Month::October);
    UtcOffset::from_hms(if summer { 2 } else { 1 }, 0, 0).expect("valid offset")
}

/// `utc` seen from Paris.
pub fn to_paris(utc: OffsetDateTime) -> OffsetDateTime {
    utc.to_offset(paris_offset(utc))
}

/// Today's date in Paris.
pub fn paris_today() -> Date {
    to_paris(OffsetDateTime::now_utc()).date()
}

/// `HH:MM` in Paris time.
pub fn paris_hhmm(utc: OffsetDateTime) -> String {
    let t = to_paris(utc);
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// Database timestamp: UTC, `YYYY-MM-DDTHH:MM:SSZ` (sorts as text).
pub fn timestamp(utc: OffsetDateTime) -> String {
    utc.to_offset(UtcOffset::UTC)
        .format(TIMESTAMP)
        .expect("formatting a UTC date cannot fail")
}

/// Parses [`timestamp`].
pub fn parse_timestamp(text: &str) -> Option<OffsetDateTime> {
    time::PrimitiveDateTime::parse(text, TIMESTAMP)
        .ok()
        .map(|t| t.assume_utc())
}

fn last_sunday(year: i32, month: Month) -> Date {
    // March and October both have 31 days.
    let last = Date::from_calendar_date(year, month, 31).expect("31 March/October exists");
    last - Duration::days(last.weekday().number_days_from_sunday() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn paris_follows_the_eu_summer_time_rule() {
        // 2027: summer time from Sunday 28 March to Sunday 31 October, 01:00 UTC.
        assert_eq!(paris_offset(datetime!(2027-03-28 00:59:59 UTC)).whole_hours(), 1);
        assert_eq!(paris_offset(datetime!(2027-03-28 01:00 UTC)).whole_hours(), 2);
        assert_eq!(paris_offset(datetime!(2027-10-31 00:59:59 UTC)).whole_hours(), 2);
        assert_eq!(paris_offset(datetime!(2027-10-31 01:00 UTC)).whole_hours(), 1);
        assert_eq!(paris_offset(datetime!(2026-01-15 12:00 UTC)).whole_hours(), 1);
        assert_eq!(paris_offset(datetime!(2026-07-14 12:00 UTC)).whole_hours(), 2);
        // 2026: 29 March and 25 October.
        assert_eq!(paris_offset(datetime!(2026-03-29 01:00 UTC)).whole_hours(), 2);
        assert_eq!(paris_offset(datetime!(2026-10-25 01:00 UTC)).whole_hours(), 1);
    }

    #[test]
    fn the_paris_day_starts_before_the_utc_day() {
        let late = datetime!(2027-05-28 22:30 UTC);
        assert_eq!(to_paris(late).date(), time::macros::date!(2027 - 05 - 29));
        assert_eq!(paris_hhmm(late), "00:30");
        assert_eq!(paris_hhmm(datetime!(2027-01-10 08:05 UTC)), "09:05");
    }

    #[test]
    fn an_adjustable_clock_moves_by_exactly_the_fraction_it_is_told() {
        // Moved to the start of the minute a page gave, the clock must not stop short of it
        // (whole milliseconds did: a login test came back a fraction early and was held).
        let clock = Clock::adjustable();
        let before = clock.now();
        clock.advance(Duration::microseconds(1_900));
        assert!(clock.now() - before >= Duration::microseconds(1_900));
    }

    #[test]
    fn an_adjustable_clock_moves_for_every_clone_and_the_system_clock_does_not() {
        let clock = Clock::adjustable();
        let copy = clock.clone();
        let before = copy.now();
        clock.advance(Duration::minutes(20));
        let moved = copy.now() - before;
        assert!(
            moved >= Duration::minutes(20) && moved < Duration::minutes(21),
            "{moved}"
        );
        let system = Clock::system();
        system.advance(Duration::hours(5));
        assert!(system.now() - OffsetDateTime::now_utc() < Duration::minutes(1));
    }

    #[test]
    fn timestamps_round_trip() {
        let t = datetime!(2027-04-06 07:08:09 UTC);
        assert_eq!(timestamp(t), "2027-04-06T07:08:09Z");
        assert_eq!(parse_timestamp("2027-04-06T07:08:09Z"), Some(t));
        assert_eq!(parse_timestamp("nope"), None);
    }
}
