//! Times as Cinder and Keystone write them. Records keep epoch microseconds read from the
//! gateway's clock.

use emulator_core::dto::Timestamp;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// A point in time, in epoch microseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Instant(i64);

impl Instant {
    /// The instant a gateway clock reading names.
    pub fn from_timestamp(at: Timestamp) -> Self {
        Self(at.epoch_millis().saturating_mul(1000))
    }

    /// Epoch microseconds.
    pub fn micros(self) -> i64 {
        self.0
    }

    /// Reads `2026-12-06T13:24:14[.ffffff][Z]` (as [`Self::cinder`] and [`Self::keystone`]
    /// write it, and as an exported backup record carries it).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim_end_matches('Z');
        let text = text.split('+').next()?;
        let (whole, fraction) = text.split_once('.').unwrap_or((text, "0"));
        let format =
            time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
        let at = time::PrimitiveDateTime::parse(whole, &format)
            .ok()?
            .assume_utc();
        let digits: String = fraction.chars().take(6).collect();
        let micros: i64 = format!("{digits:0<6}").parse().ok()?;
        Some(Self(at.unix_timestamp() * 1_000_000 + micros))
    }

    /// The same instant as the gateway's timer type.
    pub fn to_timestamp(self) -> Timestamp {
        Timestamp::from_epoch_millis(self.0.div_euclid(1000))
    }

    /// `seconds` later.
    pub fn plus_seconds(self, seconds: f64) -> Self {
        Self(self.0.saturating_add((seconds * 1_000_000.0) as i64))
    }

    fn date_time(self) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.0) * 1000)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    /// Cinder's form: `2026-12-06T13:24:14.000000` (microseconds, no zone).
    pub fn cinder(self) -> String {
        let t = self.date_time();
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
            t.microsecond()
        )
    }

    /// Keystone's form: `2026-12-06T13:24:14.000000Z`.
    pub fn keystone(self) -> String {
        format!("{}Z", self.cinder())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let at = Instant(1_700_000_000_123_456);
        assert_eq!(at.cinder(), "2023-11-14T22:13:20.123456");
        assert_eq!(at.keystone(), "2023-11-14T22:13:20.123456Z");
        assert_eq!(Instant(0).plus_seconds(1.5), Instant(1_500_000));
        assert_eq!(Instant::parse(&at.keystone()), Some(at));
        assert_eq!(Instant::parse(&at.cinder()), Some(at));
        assert_eq!(
            Instant::parse("2023-11-14T22:13:20"),
            Some(Instant(1_700_000_000_000_000))
        );
        assert_eq!(Instant::parse("nope"), None);
    }
}
