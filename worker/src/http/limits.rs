//! Per pupil and per day (Paris time): how many times a file may be submitted, and how many
//! confirmation emails it may cause. Without them, whoever holds a letter could make the
//! school's address send a text of their choosing to addresses of their choosing, again and
//! again. The counts are read again inside the submission's transaction (the writer's), so
//! two posts at once cannot both slip under a limit.

use super::error::HttpError;
use crate::app::App;
use crate::clock::{paris_offset, timestamp, to_paris};
use dossiersco_model::message::Texte;
use time::{Date, OffsetDateTime};

/// The instant Paris's day `date` starts.
fn midnight(date: Date) -> OffsetDateTime {
    // Summer time switches at 01:00 UTC, after Paris's midnight: the offset at 00:00 UTC of
    // that date is the one in force at its midnight.
    let at = date.midnight().assume_utc();
    date.midnight().assume_offset(paris_offset(at))
}

/// Start of today in Paris, as a database timestamp.
pub fn day_start(now: OffsetDateTime) -> String {
    timestamp(midnight(to_paris(now).date()))
}

/// Seconds until tomorrow in Paris (at least one).
pub fn until_tomorrow(now: OffsetDateTime) -> u64 {
    let tomorrow = to_paris(now).date().next_day().map(midnight);
    tomorrow
        .map(|t| (t - now).whole_seconds().max(1) as u64)
        .unwrap_or(3600)
}

/// The refusal of a submission past the day's limit.
pub fn too_many_submissions(max: u32, now: OffsetDateTime) -> HttpError {
    let fois = if max == 1 {
        "une fois".to_string()
    } else {
        format!("{max} fois")
    };
    HttpError::TooMany {
        message: format!(
            "Ce dossier a déjà été transmis {fois} aujourd'hui : c'est le maximum par jour. La dernière version \
             transmise est bien enregistrée. Pour une nouvelle modification, revenez demain (à partir de minuit), \
             ou contactez le secrétariat du collège."
        ),
        retry_after: until_tomorrow(now),
    }
    .texte(Texte::new("serveur-trop-d-envois-texte").nombre("n", max))
}

/// Refuses at once, before the post is read, a submission of a pupil whose day's submissions
/// the writer already found used up today (`App::spent_today`); the submission's transaction
/// counts in any case.
pub fn check_submissions(app: &App, eleve_id: i64, day: &str) -> Result<(), HttpError> {
    if app.spent_today.contains(eleve_id, day) {
        return Err(too_many_submissions(app.config.max_submissions_per_day, app.now()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_day_is_paris_s_day() {
        // Winter: Paris is UTC+1, its day starts at 23:00 UTC the day before.
        assert_eq!(day_start(datetime!(2027-01-10 08:00 UTC)), "2027-01-09T23:00:00Z");
        assert_eq!(day_start(datetime!(2027-01-10 23:30 UTC)), "2027-01-10T23:00:00Z");
        // Summer: UTC+2.
        assert_eq!(day_start(datetime!(2027-05-28 22:30 UTC)), "2027-05-28T22:00:00Z");
        assert_eq!(day_start(datetime!(2027-05-28 21:59 UTC)), "2027-05-27T22:00:00Z");
        // The day summer time starts began in winter time.
        assert_eq!(day_start(datetime!(2027-03-28 12:00 UTC)), "2027-03-27T23:00:00Z");
        assert_eq!(until_tomorrow(datetime!(2027-05-28 21:00 UTC)), 3600);
        assert_eq!(until_tomorrow(datetime!(2027-03-27 23:00 UTC)), 23 * 3600);
    }
}
