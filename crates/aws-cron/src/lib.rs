//! AWS schedule expressions: `cron(...)`, `rate(...)` and `at(...)`, as used
//! by AWS Backup plan rules (`ScheduleExpression` evaluated in
//! `ScheduleExpressionTimezone`, default `Etc/UTC`), EventBridge rules and
//! EventBridge Scheduler.
//!
//! ```
//! use aws_cron::{parse_timezone, Schedule};
//! use aws_cron::jiff::Timestamp;
//!
//! let cron = Schedule::parse_cron("cron(0 5 ? * MON-FRI *)").unwrap();
//! let tz = parse_timezone("America/New_York").unwrap();
//! let after: Timestamp = "2024-03-08T12:00:00Z".parse().unwrap(); // a Friday
//! let next = cron.next_after(after, &tz).unwrap();
//! assert_eq!(next.to_string(), "2024-03-11T09:00:00Z"); // Monday 05:00 EDT
//! ```
//!
//! # Cron syntax
//!
//! `cron(Minutes Hours Day-of-month Month Day-of-week Year)`, following the
//! EventBridge "Cron expressions reference":
//!
//! | Field        | Values              | Wildcards                  |
//! |--------------|---------------------|----------------------------|
//! | Minutes      | 0-59                | `, - * /`                  |
//! | Hours        | 0-23                | `, - * /`                  |
//! | Day-of-month | 1-31                | `, - * / ? L L-n LW nW`    |
//! | Month        | 1-12 or JAN-DEC     | `, - * /`                  |
//! | Day-of-week  | 1-7 or SUN-SAT      | `, - * / ? L nL n#k`       |
//! | Year         | 1970-2199           | `, - * /`                  |
//!
//! Choices where the AWS documentation is silent or ambiguous (AWS cron is
//! derived from Quartz, which settles most of them):
//!
//! * Exactly six fields. Fields are separated by one or more spaces or tabs,
//!   and blanks just inside the parentheses are ignored (Quartz tokenizes
//!   this way). Nothing else is tolerated: no blanks outside the
//!   parentheses, keywords in lower case only.
//! * Names (`JAN`, `mon`, ...) and the letters `L`/`W` are case-insensitive.
//!   Numbers may have leading zeros.
//! * `?` is only allowed as the whole Day-of-month or Day-of-week field, and
//!   exactly one of the two must be `?`.
//! * `x/n` means from `x` to the end of the field every `n`; `*/n` and
//!   `a-b/n` as usual. The increment must be 1..=the field's maximum value
//!   (AWS rejects `*/60` in Minutes, as Quartz does). `/` is also accepted
//!   in Day-of-week (Quartz accepts it; the AWS table omits it).
//! * Reversed ranges wrap around in the cyclic fields, as in Quartz:
//!   hours `22-2` = 22,23,0,1,2, `FRI-MON` = FRI,SAT,SUN,MON, `NOV-FEB`,
//!   day `28-3`. Steps follow the wrapped sequence (`22-2/2` = 22,0,2). In
//!   the Year field a reversed range is an error.
//! * `L` in Day-of-month is the last day of the month; `L-n` (`n` 1..=30,
//!   Quartz syntax, not in the AWS docs) is `n` days before it. `LW` is the
//!   last weekday (Mon-Fri) of the month.
//! * `nW` is the weekday nearest to day `n` without leaving the month:
//!   `1W` on a Saturday is Monday the 3rd, `31W` on a Sunday is Friday the
//!   29th. In a month without day `n` (`31W` in April) it does not fire, as
//!   the AWS console preview shows.
//! * `L` alone in Day-of-week is Saturday (7), i.e. every Saturday; `nL` (or
//!   `FRIL`) is the last such weekday of the month; `n#k` (`k` 1..=5) the
//!   `k`th one, never firing in months without a `k`th one.
//! * `L`, `L-n`, `LW`, `nW`, `nL` and `n#k` must be the whole field: AWS
//!   documents that `3#1,6#3` is invalid, and Quartz rejects lists with `L`.
//! * Expressions that can never fire (`0 0 30 2 ? *`, years in the past)
//!   parse; evaluation returns `None`.
//!
//! # Evaluation
//!
//! [`CronExpr::next_after`] works on wall-clock time in the schedule's zone
//! (seconds are always 0). Per EventBridge Scheduler's documentation on
//! daylight saving time: a wall-clock time inside a spring-forward gap is
//! skipped; a wall-clock time that occurs twice at a fall-back transition
//! fires once, at its first occurrence. The search jumps field by field and
//! stops after year 2199.
//!
//! `rate(...)` is a fixed duration (a day is 24 hours); `at(...)` is a
//! wall-clock time in the zone (a time in a gap moves forward by the gap's
//! length, a repeated time takes its first occurrence).
//!
//! AWS Backup plan rules accept only `cron(...)`: use
//! [`Schedule::parse_cron`], and [`CronExpr::fires_more_than_hourly`] to
//! enforce Backup's "at most hourly" frequency.

mod cron;
mod error;
mod schedule;
mod tz;

pub use crate::cron::{CronExpr, MAX_YEAR, MIN_YEAR};
pub use crate::error::{CronError, Field, RateProblem};
pub use crate::schedule::{AtExpr, RateExpr, RateUnit, Schedule};
pub use crate::tz::{default_timezone, parse_timezone, DEFAULT_TIMEZONE};

/// The `jiff` version used in this crate's API.
pub use jiff;
pub use jiff::tz::TimeZone;
pub use jiff::Timestamp;
