//! The `cron(...)` / `rate(...)` / `at(...)` wrapper forms.

use std::fmt;
use std::str::FromStr;

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::cron::CronExpr;
use crate::error::{CronError, RateProblem};

/// A full AWS schedule expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Schedule {
    /// `cron(Minutes Hours Day-of-month Month Day-of-week Year)`.
    Cron(CronExpr),
    /// `rate(value unit)`.
    Rate(RateExpr),
    /// `at(yyyy-mm-ddThh:mm:ss)`, a one-time schedule.
    At(AtExpr),
}

impl Schedule {
    /// Parses `cron(...)`, `rate(...)` or `at(...)`.
    ///
    /// The keyword must be lower case and directly followed by `(`; the
    /// expression must end with `)`; no blanks are allowed outside the
    /// parentheses. Inside `cron(...)`, fields are separated by blanks (see
    /// [`CronExpr::parse`]).
    pub fn parse(expression: &str) -> Result<Schedule, CronError> {
        if expression.is_empty() {
            return Err(CronError::Empty);
        }
        if let Some(body) = unwrap(expression, "cron") {
            return CronExpr::parse(body).map(Schedule::Cron);
        }
        if let Some(body) = unwrap(expression, "rate") {
            return RateExpr::parse_body(expression, body).map(Schedule::Rate);
        }
        if let Some(body) = unwrap(expression, "at") {
            return AtExpr::parse_body(expression, body).map(Schedule::At);
        }
        Err(CronError::UnknownFormat {
            expression: expression.to_owned(),
        })
    }

    /// Parses an expression that must be `cron(...)`, as AWS Backup plan
    /// rules require (`ScheduleExpression` is documented as "a cron
    /// expression"; `rate(...)` and `at(...)` are rejected with
    /// [`CronError::CronRequired`]).
    pub fn parse_cron(expression: &str) -> Result<CronExpr, CronError> {
        if expression.is_empty() {
            return Err(CronError::Empty);
        }
        match unwrap(expression, "cron") {
            Some(body) => CronExpr::parse(body),
            None => Err(CronError::CronRequired {
                expression: expression.to_owned(),
            }),
        }
    }

    /// The cron expression, if this is `cron(...)`.
    pub fn as_cron(&self) -> Option<&CronExpr> {
        match self {
            Schedule::Cron(c) => Some(c),
            _ => None,
        }
    }

    /// The first firing instant strictly after `after`.
    ///
    /// * `cron`: see [`CronExpr::next_after`].
    /// * `rate`: `after` is taken as the previous firing, so this is
    ///   `after + interval` (use [`RateExpr::next_after_anchored`] to follow
    ///   a fixed start time). `tz` is irrelevant: a rate is a fixed duration
    ///   (one day = 24 hours, as in EventBridge Scheduler).
    /// * `at`: the instant of the wall-clock time in `tz`, if later than
    ///   `after` (see [`AtExpr::instant`]).
    pub fn next_after(&self, after: Timestamp, tz: &TimeZone) -> Option<Timestamp> {
        match self {
            Schedule::Cron(c) => c.next_after(after, tz),
            Schedule::Rate(r) => after.checked_add(r.interval()).ok(),
            Schedule::At(a) => a.instant(tz).filter(|t| *t > after),
        }
    }

    /// Every firing instant `t` with `from < t <= to`, in order. For `rate`,
    /// firings are `from + k * interval` for `k >= 1`.
    pub fn occurrences_between<'a>(
        &'a self,
        from: Timestamp,
        to: Timestamp,
        tz: &'a TimeZone,
    ) -> impl Iterator<Item = Timestamp> + 'a {
        let mut cursor = from;
        std::iter::from_fn(move || {
            let next = self.next_after(cursor, tz)?;
            if next > to {
                return None;
            }
            cursor = next;
            Some(next)
        })
    }
}

/// `keyword(body)` -> `body`.
fn unwrap<'a>(expression: &'a str, keyword: &str) -> Option<&'a str> {
    expression
        .strip_prefix(keyword)?
        .strip_prefix('(')?
        .strip_suffix(')')
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Schedule::Cron(c) => write!(f, "cron({c})"),
            Schedule::Rate(r) => write!(f, "{r}"),
            Schedule::At(a) => write!(f, "{a}"),
        }
    }
}

impl FromStr for Schedule {
    type Err = CronError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Schedule::parse(s)
    }
}

/// Unit of a `rate(...)` expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RateUnit {
    /// `minute` / `minutes`.
    Minutes,
    /// `hour` / `hours`.
    Hours,
    /// `day` / `days` (24 hours).
    Days,
}

impl RateUnit {
    fn seconds(self) -> i64 {
        match self {
            RateUnit::Minutes => 60,
            RateUnit::Hours => 3_600,
            RateUnit::Days => 86_400,
        }
    }

    fn word(self, plural: bool) -> &'static str {
        match (self, plural) {
            (RateUnit::Minutes, false) => "minute",
            (RateUnit::Minutes, true) => "minutes",
            (RateUnit::Hours, false) => "hour",
            (RateUnit::Hours, true) => "hours",
            (RateUnit::Days, false) => "day",
            (RateUnit::Days, true) => "days",
        }
    }
}

/// A `rate(value unit)` expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RateExpr {
    value: u32,
    unit: RateUnit,
}

impl RateExpr {
    /// Parses the whole `rate(value unit)` expression.
    pub fn parse(expression: &str) -> Result<RateExpr, CronError> {
        match unwrap(expression, "rate") {
            Some(body) => RateExpr::parse_body(expression, body),
            None => Err(CronError::InvalidRate {
                expression: expression.to_owned(),
                problem: RateProblem::Syntax,
            }),
        }
    }

    fn parse_body(expression: &str, body: &str) -> Result<RateExpr, CronError> {
        let err = |problem| CronError::InvalidRate {
            expression: expression.to_owned(),
            problem,
        };
        let (value, unit) = body.split_once(' ').ok_or(err(RateProblem::Syntax))?;
        if value.is_empty() || unit.is_empty() || unit.contains(' ') {
            return Err(err(RateProblem::Syntax));
        }
        if !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(RateProblem::InvalidValue));
        }
        let value: u32 = value
            .parse()
            .ok()
            .filter(|v| *v > 0)
            .ok_or(err(RateProblem::InvalidValue))?;
        let (unit, plural) = match unit {
            "minute" => (RateUnit::Minutes, false),
            "minutes" => (RateUnit::Minutes, true),
            "hour" => (RateUnit::Hours, false),
            "hours" => (RateUnit::Hours, true),
            "day" => (RateUnit::Days, false),
            "days" => (RateUnit::Days, true),
            _ => return Err(err(RateProblem::InvalidUnit)),
        };
        if plural == (value == 1) {
            return Err(err(RateProblem::UnitPlurality));
        }
        Ok(RateExpr { value, unit })
    }

    /// The positive integer value.
    pub fn value(&self) -> u32 {
        self.value
    }

    /// The unit.
    pub fn unit(&self) -> RateUnit {
        self.unit
    }

    /// The interval between firings.
    pub fn interval(&self) -> SignedDuration {
        SignedDuration::from_secs(i64::from(self.value) * self.unit.seconds())
    }

    /// The first `anchor + k * interval` (`k >= 0`) strictly after `after`,
    /// for a rate schedule that started at `anchor`.
    pub fn next_after_anchored(&self, anchor: Timestamp, after: Timestamp) -> Option<Timestamp> {
        if anchor > after {
            return Some(anchor);
        }
        let step = i128::from(self.interval().as_secs()) * 1_000_000_000;
        let elapsed = after.as_nanosecond() - anchor.as_nanosecond();
        let k = elapsed / step + 1;
        Timestamp::from_nanosecond(anchor.as_nanosecond() + k * step).ok()
    }
}

impl fmt::Display for RateExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "rate({} {})",
            self.value,
            self.unit.word(self.value != 1)
        )
    }
}

/// An `at(yyyy-mm-ddThh:mm:ss)` one-time expression: a wall-clock time,
/// interpreted in the schedule's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AtExpr {
    datetime: DateTime,
}

impl AtExpr {
    /// Parses the whole `at(yyyy-mm-ddThh:mm:ss)` expression.
    pub fn parse(expression: &str) -> Result<AtExpr, CronError> {
        match unwrap(expression, "at") {
            Some(body) => AtExpr::parse_body(expression, body),
            None => Err(CronError::InvalidAt {
                expression: expression.to_owned(),
            }),
        }
    }

    fn parse_body(expression: &str, body: &str) -> Result<AtExpr, CronError> {
        let err = || CronError::InvalidAt {
            expression: expression.to_owned(),
        };
        // Exactly yyyy-mm-ddThh:mm:ss: no fractions, offsets or zone names.
        let b = body.as_bytes();
        let shape_ok = b.len() == 19
            && b.iter().enumerate().all(|(i, c)| match i {
                4 | 7 => *c == b'-',
                10 => *c == b'T',
                13 | 16 => *c == b':',
                _ => c.is_ascii_digit(),
            });
        if !shape_ok {
            return Err(err());
        }
        let num = |r: std::ops::Range<usize>| body[r].parse::<i16>().map_err(|_| err());
        let datetime = DateTime::new(
            num(0..4)?,
            num(5..7)? as i8,
            num(8..10)? as i8,
            num(11..13)? as i8,
            num(14..16)? as i8,
            num(17..19)? as i8,
            0,
        )
        .map_err(|_| err())?;
        Ok(AtExpr { datetime })
    }

    /// The wall-clock date and time.
    pub fn datetime(&self) -> DateTime {
        self.datetime
    }

    /// The instant of the wall-clock time in `tz`. A time inside a
    /// spring-forward gap is moved forward by the length of the gap (a
    /// one-time schedule is never silently dropped); a repeated time
    /// resolves to its first occurrence.
    pub fn instant(&self, tz: &TimeZone) -> Option<Timestamp> {
        tz.to_ambiguous_timestamp(self.datetime).compatible().ok()
    }
}

impl fmt::Display for AtExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.datetime;
        write!(
            f,
            "at({:04}-{:02}-{:02}T{:02}:{:02}:{:02})",
            d.year(),
            d.month(),
            d.day(),
            d.hour(),
            d.minute(),
            d.second()
        )
    }
}
