//! Timestamp text formats used outside JSON bodies: ISO 8601 in query strings, HTTP dates in
//! headers. Inside the gateway a timestamp is epoch seconds (an `f64` JSON number).

use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::macros::format_description;
use time::OffsetDateTime;

/// Epoch seconds; the whole and fractional parts are added separately so that a value such as
/// `.250` survives exactly.
fn seconds(at: OffsetDateTime) -> f64 {
    at.unix_timestamp() as f64 + f64::from(at.nanosecond()) / 1e9
}

/// Parses a timestamp in any format AWS clients send: epoch seconds, ISO 8601 (with or without
/// fractional seconds or offset), or an HTTP date.
pub fn parse_any(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Ok(number) = text.parse::<f64>() {
        return number.is_finite().then_some(number);
    }
    if let Ok(at) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(seconds(at));
    }
    // ISO 8601 without an offset is UTC.
    let no_offset = format_description!(
        version = 2,
        "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"
    );
    if let Ok(at) = time::PrimitiveDateTime::parse(text, no_offset) {
        return Some(seconds(at.assume_utc()));
    }
    let with_gmt = text.strip_suffix("GMT").map(|t| format!("{t}+0000"));
    OffsetDateTime::parse(with_gmt.as_deref().unwrap_or(text), &Rfc2822)
        .ok()
        .map(seconds)
}

fn from_seconds(epoch: f64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos((epoch * 1000.0).round() as i128 * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// ISO 8601 in UTC with milliseconds, as AWS writes it: `2024-01-02T03:04:05.678Z`.
pub fn format_iso8601(epoch: f64) -> String {
    let format =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    from_seconds(epoch).format(format).unwrap_or_default()
}

/// An HTTP date: `Tue, 02 Jan 2024 03:04:05 GMT`.
pub fn format_http_date(epoch: f64) -> String {
    let format = format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    from_seconds(epoch).format(format).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_client_format() {
        assert_eq!(parse_any("1700000000"), Some(1_700_000_000.0));
        assert_eq!(parse_any("1700000000.5"), Some(1_700_000_000.5));
        assert_eq!(parse_any("2023-11-14T22:13:20Z"), Some(1_700_000_000.0));
        assert_eq!(
            parse_any("2023-11-14T22:13:20.250Z"),
            Some(1_700_000_000.25)
        );
        assert_eq!(
            parse_any("2023-11-14T23:13:20+01:00"),
            Some(1_700_000_000.0)
        );
        assert_eq!(parse_any("2023-11-14T22:13:20"), Some(1_700_000_000.0));
        assert_eq!(
            parse_any("Tue, 14 Nov 2023 22:13:20 GMT"),
            Some(1_700_000_000.0)
        );
        assert_eq!(parse_any("yesterday"), None);
        assert_eq!(parse_any("NaN"), None);
    }

    #[test]
    fn formats_like_aws() {
        assert_eq!(format_iso8601(1_700_000_000.25), "2023-11-14T22:13:20.250Z");
        assert_eq!(
            format_http_date(1_700_000_000.0),
            "Tue, 14 Nov 2023 22:13:20 GMT"
        );
    }
}
