//! Preferred backup and maintenance windows: `DDD:HH:MM` (weekly) or `HH:MM` (daily), in UTC.

use std::fmt;

use emulator_core::dto::Timestamp;
use time::{Duration, Time, Weekday};

use crate::support::errors;
use crate::support::secrets;

const DAYS: [(&str, Weekday); 7] = [
    ("Mon", Weekday::Monday),
    ("Tue", Weekday::Tuesday),
    ("Wed", Weekday::Wednesday),
    ("Thu", Weekday::Thursday),
    ("Fri", Weekday::Friday),
    ("Sat", Weekday::Saturday),
    ("Sun", Weekday::Sunday),
];

/// The start of a one-hour window that recurs every day, or every week on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeWindow {
    day: Option<Weekday>,
    hour: u8,
    minute: u8,
}

impl TimeWindow {
    /// Parses a window as the API takes it. The model's pattern has already checked the shape;
    /// AWS also requires whole hours ("`MM` must be specified as `00`").
    pub fn parse(member: &str, text: &str) -> Result<Self, emulator_core::ServiceError> {
        let invalid = || {
            errors::validation(format!(
                "{member} '{text}' is not valid: use DDD:HH:MM (weekly) or HH:MM (daily) in UTC, \
                 with MM 00"
            ))
        };
        let (day, clock) = match text.split_once(':') {
            Some((day, rest)) if day.len() == 3 => {
                let (_, weekday) = DAYS
                    .iter()
                    .find(|(name, _)| *name == day)
                    .ok_or_else(invalid)?;
                (Some(*weekday), rest)
            }
            _ => (None, text),
        };
        let (hour, minute) = clock.split_once(':').ok_or_else(invalid)?;
        let hour: u8 = hour.parse().map_err(|_| invalid())?;
        let minute: u8 = minute.parse().map_err(|_| invalid())?;
        if hour > 23 || minute != 0 {
            return Err(invalid());
        }
        Ok(Self { day, hour, minute })
    }

    /// AWS's default backup window: a random daily start time.
    pub fn random_daily() -> Self {
        Self {
            day: None,
            hour: (secrets::random_u32() % 24) as u8,
            minute: 0,
        }
    }

    /// AWS's default maintenance window: a random hour on Tuesday, Wednesday or Friday.
    pub fn random_weekly_maintenance() -> Self {
        let days = [Weekday::Tuesday, Weekday::Wednesday, Weekday::Friday];
        let pick = secrets::random_u32();
        Self {
            day: Some(days[(pick % 3) as usize]),
            hour: ((pick / 3) % 24) as u8,
            minute: 0,
        }
    }

    /// The first start of this window strictly after `after`.
    pub fn next_after(&self, after: Timestamp) -> Timestamp {
        let now = after.to_offset_date_time();
        let start = Time::from_hms(self.hour, self.minute, 0).unwrap_or(Time::MIDNIGHT);
        let today = now.replace_time(start);
        let candidate = match self.day {
            None => today,
            Some(day) => {
                let ahead = (i64::from(day.number_days_from_monday())
                    - i64::from(now.weekday().number_days_from_monday()))
                .rem_euclid(7);
                today + Duration::days(ahead)
            }
        };
        let period = if self.day.is_some() {
            Duration::weeks(1)
        } else {
            Duration::days(1)
        };
        let next = if candidate <= now {
            candidate + period
        } else {
            candidate
        };
        Timestamp::from(next)
    }
}

impl fmt::Display for TimeWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(day) = self.day {
            let name = DAYS
                .iter()
                .find(|(_, weekday)| *weekday == day)
                .map_or("Mon", |(name, _)| name);
            write!(f, "{name}:")?;
        }
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2024-01-03 (a Wednesday) at the given time, UTC.
    fn wednesday(hour: i64, minute: i64) -> Timestamp {
        Timestamp::from_epoch_millis((1_704_240_000 + hour * 3600 + minute * 60) * 1000)
    }

    #[test]
    fn parses_and_prints_daily_and_weekly_windows() {
        for text in ["08:00", "Mon:08:00", "Sun:23:00", "00:00", "Thu:00:00"] {
            assert_eq!(TimeWindow::parse("W", text).unwrap().to_string(), text);
        }
        for bad in [
            "08:30",
            "24:00",
            "Thr:08:00",
            "8",
            "Mon:08",
            "Monday:08:00",
            "",
        ] {
            assert!(TimeWindow::parse("W", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_daily_window_is_next_today_or_tomorrow() {
        let window = TimeWindow::parse("W", "08:00").unwrap();
        assert_eq!(window.next_after(wednesday(7, 59)), wednesday(8, 0));
        assert_eq!(window.next_after(wednesday(8, 0)), wednesday(32, 0));
        assert_eq!(window.next_after(wednesday(23, 0)), wednesday(32, 0));
    }

    #[test]
    fn a_weekly_window_is_next_on_its_day() {
        let wednesday_window = TimeWindow::parse("W", "Wed:08:00").unwrap();
        assert_eq!(
            wednesday_window.next_after(wednesday(7, 0)),
            wednesday(8, 0)
        );
        assert_eq!(
            wednesday_window.next_after(wednesday(8, 0)),
            wednesday(8 + 7 * 24, 0)
        );
        let monday = TimeWindow::parse("W", "Mon:02:00").unwrap();
        assert_eq!(
            monday.next_after(wednesday(12, 0)),
            wednesday(2 + 5 * 24, 0)
        );
        let tuesday = TimeWindow::parse("W", "Tue:23:00").unwrap();
        assert_eq!(
            tuesday.next_after(wednesday(0, 0)),
            wednesday(23 + 6 * 24, 0)
        );
    }

    #[test]
    fn random_defaults_are_whole_hours_on_allowed_days() {
        for _ in 0..50 {
            let daily = TimeWindow::random_daily();
            assert!(daily.day.is_none() && daily.minute == 0 && daily.hour < 24);
            let weekly = TimeWindow::random_weekly_maintenance();
            assert!(matches!(
                weekly.day,
                Some(Weekday::Tuesday | Weekday::Wednesday | Weekday::Friday)
            ));
            assert_eq!(TimeWindow::parse("W", &weekly.to_string()), Ok(weekly));
        }
    }
}
