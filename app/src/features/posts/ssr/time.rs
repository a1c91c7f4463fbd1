//! Dates in a person's time zone.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The zone named in `users.timezone` (UTC when unknown).
pub fn zone(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

/// "12 Nov 2026" in `zone`.
pub fn date_label(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone).format("%-d %b %Y").to_string()
}

/// "12 Nov 2026, 14:05 CET" in `zone`.
pub fn time_label(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone)
        .format("%-d %b %Y, %H:%M %Z")
        .to_string()
}

/// "just now", "5 min ago", "3 h ago", "2 d ago", then the date in `zone`.
pub fn relative_label(at: DateTime<Utc>, now: DateTime<Utc>, zone: Tz) -> String {
    let minutes = (now - at).num_minutes();
    match minutes {
        ..1 => "just now".to_owned(),
        1..60 => format!("{minutes} min ago"),
        60..1440 => format!("{} h ago", minutes / 60),
        1440..10080 => format!("{} d ago", minutes / 1440),
        _ => date_label(at, zone),
    }
}

/// The value of a `datetime-local` input for `at` in `zone`.
pub fn local_input(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone).format("%Y-%m-%dT%H:%M").to_string()
}

/// Reads a `datetime-local` value (`2026-11-22T18:30`) as a time in `zone`.
/// A time skipped by a daylight-saving change is refused; a repeated one
/// takes its first occurrence.
pub fn parse_local(raw: &str, zone: Tz) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(raw.trim(), "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw.trim(), "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    zone.from_local_datetime(&naive)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_follow_the_zone() {
        let paris = zone("Europe/Paris");
        let at = parse_local("2026-11-22T18:30", paris).expect("valid");
        assert_eq!(at.to_rfc3339(), "2026-11-22T17:30:00+00:00");
        assert_eq!(local_input(at, paris), "2026-11-22T18:30");
        assert_eq!(date_label(at, zone("Pacific/Auckland")), "23 Nov 2026");
        assert_eq!(zone("Not/AZone"), Tz::UTC);
        assert!(
            parse_local("2026-03-29T02:30", paris).is_none(),
            "skipped by the clock change"
        );
        assert!(parse_local("tomorrow", paris).is_none());
        let later = |minutes| at + chrono::Duration::minutes(minutes);
        assert_eq!(relative_label(at, later(0), paris), "just now");
        assert_eq!(relative_label(at, later(5), paris), "5 min ago");
        assert_eq!(relative_label(at, later(185), paris), "3 h ago");
        assert_eq!(relative_label(at, later(2 * 1440 + 3), paris), "2 d ago");
        assert_eq!(relative_label(at, later(30 * 1440), paris), "22 Nov 2026");
    }
}
