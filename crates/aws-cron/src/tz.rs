//! Time zone look-up for `ScheduleExpressionTimezone`.

use std::sync::OnceLock;

use jiff::tz::{self, TimeZone, TimeZoneDatabase};

use crate::error::CronError;

/// Zone used when a schedule gives none (AWS Backup's default).
pub const DEFAULT_TIMEZONE: &str = "Etc/UTC";

/// Looks up an IANA time zone name such as `America/New_York`.
///
/// The system database (`/usr/share/zoneinfo`) is used when present, with the
/// database bundled in the binary as a fallback, so this works on hosts
/// without zoneinfo files. Names are matched exactly (case-sensitive), like
/// `java.time.ZoneId`; fixed offsets such as `+05:00` and POSIX TZ strings
/// are rejected.
pub fn parse_timezone(name: &str) -> Result<TimeZone, CronError> {
    let unknown = || CronError::UnknownTimeZone {
        name: name.to_owned(),
    };
    let plausible = !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('/')
        && !name
            .split('/')
            .any(|part| part.is_empty() || part.starts_with('.'))
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'_' | b'-' | b'+'));
    if !plausible {
        return Err(unknown());
    }
    let found = tz::db()
        .get(name)
        .or_else(|_| bundled().get(name))
        .map_err(|_| unknown())?;
    // jiff matches names case-insensitively; AWS does not.
    if found.iana_name() != Some(name) {
        return Err(unknown());
    }
    Ok(found)
}

/// The zone for [`DEFAULT_TIMEZONE`] (UTC).
pub fn default_timezone() -> TimeZone {
    parse_timezone(DEFAULT_TIMEZONE).unwrap_or(TimeZone::UTC)
}

fn bundled() -> &'static TimeZoneDatabase {
    static DB: OnceLock<TimeZoneDatabase> = OnceLock::new();
    DB.get_or_init(TimeZoneDatabase::bundled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_database_has_the_zones_we_test() {
        for name in [
            "Etc/UTC",
            "America/New_York",
            "Europe/London",
            "Asia/Kolkata",
            "Australia/Lord_Howe",
        ] {
            let zone = bundled().get(name).unwrap();
            assert_eq!(zone.iana_name(), Some(name));
        }
    }
}
