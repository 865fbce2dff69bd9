//! The six-field AWS cron expression: parsing, validation and evaluation.

use std::fmt;
use std::str::FromStr;

use jiff::civil::{Date, DateTime};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::Timestamp;

use crate::error::{CronError, Field};

/// First year an AWS cron expression can name.
pub const MIN_YEAR: i32 = 1970;
/// Last year an AWS cron expression can name; evaluation never looks past it.
pub const MAX_YEAR: i32 = 2199;

const MONTH_NAMES: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAY_NAMES: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/// A parsed and validated AWS cron expression body
/// (`Minutes Hours Day-of-month Month Day-of-week Year`), without the
/// `cron(...)` wrapper.
///
/// See the [crate documentation](crate) for the accepted syntax and the
/// choices made where the AWS documentation is silent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CronExpr {
    /// The six fields as written, joined by single spaces.
    text: String,
    /// Bit `m` set for each matching minute 0-59.
    minutes: u64,
    /// Bit `h` set for each matching hour 0-23.
    hours: u64,
    /// Bit `m` set for each matching month 1-12.
    months: u64,
    /// Bit `y - 1970` set for each matching year 1970-2199.
    years: [u64; 4],
    /// The day-of-month / day-of-week constraint (exactly one is not `?`).
    days: DaySpec,
}

/// The day constraint. AWS requires exactly one of the two day fields to be
/// `?`, so only one of them is ever in effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum DaySpec {
    /// Day-of-month list/range/step: bit `d` set for each day 1-31.
    MonthDays(u32),
    /// `L` (offset 0) or `L-n`: the last day of the month minus `n`.
    LastDayOfMonth { offset: u32 },
    /// `LW`: the last weekday (Monday-Friday) of the month.
    LastWeekdayOfMonth,
    /// `nW`: the weekday nearest to day `n`, never leaving the month.
    NearestWeekday(u32),
    /// Day-of-week list/range/step: bit `w` set for each weekday 1-7
    /// (1 = Sunday).
    WeekDays(u32),
    /// `wL`: the last weekday `w` of the month.
    LastOfWeekday(u32),
    /// `w#n`: the `n`th weekday `w` of the month.
    NthWeekday { weekday: u32, nth: u32 },
}

impl CronExpr {
    /// Parses the six-field body of a cron expression (what goes between the
    /// parentheses of `cron(...)`).
    ///
    /// Fields are separated by one or more spaces or tabs; leading and
    /// trailing blanks are ignored.
    pub fn parse(body: &str) -> Result<CronExpr, CronError> {
        let fields: Vec<&str> = body.split([' ', '\t']).filter(|f| !f.is_empty()).collect();
        if fields.len() != 6 {
            return Err(CronError::FieldCount {
                found: fields.len(),
            });
        }

        let minutes = parse_plain(Field::Minutes, fields[0])?;
        let hours = parse_plain(Field::Hours, fields[1])?;
        let dom = parse_day_of_month(fields[2])?;
        let months = parse_plain(Field::Month, fields[3])?;
        let dow = parse_day_of_week(fields[4])?;
        let years = parse_plain(Field::Year, fields[5])?;

        let days = match (dom, dow) {
            (Some(d), None) | (None, Some(d)) => d,
            (Some(_), Some(_)) => return Err(CronError::BothDayFieldsSpecified),
            (None, None) => return Err(CronError::BothDayFieldsUnspecified),
        };

        Ok(CronExpr {
            text: fields.join(" "),
            minutes: minutes.0[0],
            hours: hours.0[0],
            months: months.0[0],
            years: years.0,
            days,
        })
    }

    /// The expression body as written, with blanks between fields collapsed
    /// to single spaces (no `cron(...)` wrapper).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the expression can fire more than once in the same wall-clock
    /// hour, i.e. its Minutes field matches more than one value. AWS Backup
    /// only allows schedules that run at most hourly.
    pub fn fires_more_than_hourly(&self) -> bool {
        self.minutes.count_ones() > 1
    }

    /// Whether the wall-clock minute of `dt` matches the expression (seconds
    /// and sub-seconds are ignored).
    pub fn matches(&self, dt: DateTime) -> bool {
        let year = i32::from(dt.year());
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return false;
        }
        let (month, day) = (dt.month() as u32, dt.day() as u32);
        bit(self.years_word(year), (year - MIN_YEAR) as u32 % 64)
            && bit(self.months, month)
            && bit(u64::from(self.day_mask(year, month)), day)
            && bit(self.hours, dt.hour() as u32)
            && bit(self.minutes, dt.minute() as u32)
    }

    /// The first instant strictly after `after` at which the expression
    /// fires, evaluating the expression against wall-clock time in `tz`.
    /// Returned instants always fall on a whole minute (seconds = 0).
    ///
    /// Daylight-saving transitions follow EventBridge Scheduler: a wall-clock
    /// time inside a spring-forward gap does not exist and is skipped; a
    /// wall-clock time repeated by a fall-back transition fires once, at its
    /// first (earlier) occurrence.
    ///
    /// Returns `None` when nothing matches after `after` up to the end of
    /// year 2199 (e.g. `0 0 30 2 ? *`, or a Year field entirely in the
    /// past). The search jumps field by field, so it is fast even then.
    pub fn next_after(&self, after: Timestamp, tz: &TimeZone) -> Option<Timestamp> {
        let local = tz.to_datetime(after);
        // Start at the next whole wall-clock minute; minute 60 and friends
        // carry over inside `next_local_match`.
        let mut cursor = Cursor {
            year: i32::from(local.year()),
            month: local.month() as u32,
            day: local.day() as u32,
            hour: local.hour() as u32,
            minute: local.minute() as u32 + 1,
        };
        loop {
            let dt = self.next_local_match(cursor)?;
            let ambiguous = tz.to_ambiguous_timestamp(dt);
            match ambiguous.offset() {
                // Wall-clock time that does not exist: skipped.
                AmbiguousOffset::Gap { .. } => {}
                // Unambiguous, or repeated (fires at the earlier instant).
                AmbiguousOffset::Unambiguous { .. } | AmbiguousOffset::Fold { .. } => {
                    if let Ok(ts) = ambiguous.earlier() {
                        if ts > after {
                            return Some(ts);
                        }
                    }
                }
            }
            cursor = Cursor {
                year: i32::from(dt.year()),
                month: dt.month() as u32,
                day: dt.day() as u32,
                hour: dt.hour() as u32,
                minute: dt.minute() as u32 + 1,
            };
        }
    }

    /// Every firing instant `t` with `from < t <= to`, in order (see
    /// [`next_after`](Self::next_after)).
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

    fn years_word(&self, year: i32) -> u64 {
        self.years[((year - MIN_YEAR) / 64) as usize]
    }

    /// Next year >= `year` present in the Year field.
    fn next_year(&self, year: i32) -> Option<i32> {
        let mut idx = (year.max(MIN_YEAR) - MIN_YEAR) as u32;
        while idx <= (MAX_YEAR - MIN_YEAR) as u32 {
            let word = self.years[(idx / 64) as usize];
            if let Some(b) = next_bit(word, idx % 64) {
                return Some(MIN_YEAR + (idx / 64 * 64 + b) as i32);
            }
            idx = (idx / 64 + 1) * 64;
        }
        None
    }

    /// Bit `d` set for each day `d` of `year`-`month` the day constraint
    /// matches.
    fn day_mask(&self, year: i32, month: u32) -> u32 {
        let Ok(first) = Date::new(year as i16, month as i8, 1) else {
            return 0;
        };
        let dim = first.days_in_month() as u32;
        // Weekday of day 1, 1 = Sunday .. 7 = Saturday.
        let first_wd = first.weekday().to_sunday_one_offset() as u32;
        let weekday_of = |d: u32| (first_wd - 1 + d - 1) % 7 + 1;
        let all_days: u32 = ((1u64 << (dim + 1)) - 2) as u32;

        match self.days {
            DaySpec::MonthDays(mask) => mask & all_days,
            DaySpec::LastDayOfMonth { offset } => {
                if offset < dim {
                    1 << (dim - offset)
                } else {
                    0
                }
            }
            DaySpec::LastWeekdayOfMonth => {
                let d = match weekday_of(dim) {
                    7 => dim - 1,
                    1 => dim - 2,
                    _ => dim,
                };
                1 << d
            }
            DaySpec::NearestWeekday(n) => {
                if n > dim {
                    // The month has no day n (e.g. 31W in April): no match,
                    // as the AWS console preview shows.
                    return 0;
                }
                let d = match weekday_of(n) {
                    // Saturday: Friday before, unless that leaves the month.
                    7 if n == 1 => 3,
                    7 => n - 1,
                    // Sunday: Monday after, unless that leaves the month.
                    1 if n == dim => n - 2,
                    1 => n + 1,
                    _ => n,
                };
                1 << d
            }
            DaySpec::WeekDays(wmask) => (1..=dim)
                .filter(|&d| bit(u64::from(wmask), weekday_of(d)))
                .fold(0, |acc, d| acc | 1 << d),
            DaySpec::LastOfWeekday(w) => {
                let back = (weekday_of(dim) + 7 - w) % 7;
                1 << (dim - back)
            }
            DaySpec::NthWeekday { weekday, nth } => {
                let first = 1 + (weekday + 7 - first_wd) % 7;
                let d = first + 7 * (nth - 1);
                if d <= dim {
                    1 << d
                } else {
                    0
                }
            }
        }
    }

    /// The first wall-clock minute >= `c` (fields may overflow, e.g. minute
    /// 60, and carry) matching the expression, or `None` past year 2199.
    fn next_local_match(&self, c: Cursor) -> Option<DateTime> {
        let Cursor {
            mut year,
            mut month,
            mut day,
            mut hour,
            mut minute,
        } = c;
        if year < MIN_YEAR {
            (year, month, day, hour, minute) = (MIN_YEAR, 1, 1, 0, 0);
        }
        loop {
            if year > MAX_YEAR {
                return None;
            }
            let y = self.next_year(year)?;
            if y != year {
                (year, month, day, hour, minute) = (y, 1, 1, 0, 0);
            }

            match next_bit(self.months, month) {
                None => {
                    (year, month, day, hour, minute) = (year + 1, 1, 1, 0, 0);
                    continue;
                }
                Some(m) if m != month => (month, day, hour, minute) = (m, 1, 0, 0),
                Some(_) => {}
            }

            match next_bit(u64::from(self.day_mask(year, month)), day) {
                None => {
                    if month == 12 {
                        (year, month) = (year + 1, 1);
                    } else {
                        month += 1;
                    }
                    (day, hour, minute) = (1, 0, 0);
                    continue;
                }
                Some(d) if d != day => (day, hour, minute) = (d, 0, 0),
                Some(_) => {}
            }

            match next_bit(self.hours, hour) {
                None => {
                    // Day 32 and beyond simply finds no day bit and moves on
                    // to the next month.
                    (day, hour, minute) = (day + 1, 0, 0);
                    continue;
                }
                Some(h) if h != hour => (hour, minute) = (h, 0),
                Some(_) => {}
            }

            match next_bit(self.minutes, minute) {
                None => {
                    (hour, minute) = (hour + 1, 0);
                    continue;
                }
                Some(m) => minute = m,
            }

            return jiff::civil::DateTime::new(
                year as i16,
                month as i8,
                day as i8,
                hour as i8,
                minute as i8,
                0,
                0,
            )
            .ok();
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Cursor {
    year: i32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
}

impl fmt::Display for CronExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for CronExpr {
    type Err = CronError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CronExpr::parse(s)
    }
}

fn bit(word: u64, n: u32) -> bool {
    n < 64 && word & (1 << n) != 0
}

/// Smallest set bit >= `from`.
fn next_bit(word: u64, from: u32) -> Option<u32> {
    if from >= 64 {
        return None;
    }
    let masked = word & (u64::MAX << from);
    (masked != 0).then(|| masked.trailing_zeros())
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

/// A set of values of one field; bit `v - offset(field)` where the offset is
/// 1970 for years and 0 otherwise (so day/month bits are the values
/// themselves).
#[derive(Default)]
struct Bits([u64; 4]);

impl Bits {
    fn set(&mut self, field: Field, v: u32) {
        let i = if field == Field::Year { v - 1970 } else { v };
        self.0[(i / 64) as usize] |= 1 << (i % 64);
    }
}

/// Parses a field made of `*`, values, ranges, steps and lists (Minutes,
/// Hours, Month, Year, and the plain forms of the two day fields).
fn parse_plain(field: Field, text: &str) -> Result<Bits, CronError> {
    if text.contains('?') {
        return Err(CronError::QuestionMarkNotAllowed { field });
    }
    let mut bits = Bits::default();
    for item in text.split(',') {
        if item.is_empty() {
            return Err(CronError::EmptyField { field });
        }
        parse_item(field, item, &mut bits)?;
    }
    Ok(bits)
}

/// One list element: `*`, `v`, `a-b`, each optionally followed by `/step`.
fn parse_item(field: Field, item: &str, bits: &mut Bits) -> Result<(), CronError> {
    let (base, step) = match item.split_once('/') {
        Some((base, step_text)) => {
            let max = field.max();
            let step = match parse_number(step_text) {
                Some(Some(n)) if (1..=max).contains(&n) => n,
                _ => {
                    return Err(CronError::InvalidStep {
                        field,
                        token: item.to_owned(),
                        max,
                    })
                }
            };
            (base, Some(step))
        }
        None => (item, None),
    };

    let (start, end) = if base == "*" {
        (field.min(), field.max())
    } else if let Some((a, b)) = base.split_once('-') {
        let a = parse_value(field, a, item)?;
        let b = parse_value(field, b, item)?;
        if a > b && field == Field::Year {
            return Err(CronError::ReversedRange {
                field,
                token: item.to_owned(),
            });
        }
        (a, b)
    } else {
        let v = parse_value(field, base, item)?;
        // `v/step` runs from v to the end of the field.
        (v, if step.is_some() { field.max() } else { v })
    };

    // Quartz semantics: a reversed range wraps around the end of the
    // (cyclic) field, e.g. hours 22-2 = 22,23,0,1,2 and FRI-MON = 6,7,1,2.
    let cycle = field.max() - field.min() + 1;
    let last = if end < start { end + cycle } else { end };
    let step = step.unwrap_or(1);
    let mut i = start;
    while i <= last {
        let v = if i > field.max() { i - cycle } else { i };
        bits.set(field, v);
        i += step;
    }
    Ok(())
}

/// `Some(Some(n))` for a run of ASCII digits that fits in u32,
/// `Some(None)` for digits that overflow, `None` for anything else.
fn parse_number(s: &str) -> Option<Option<u32>> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(s.parse().ok())
}

/// A single value: a number in the field's range, or a month / weekday name
/// in the Month / Day-of-week fields (case-insensitive).
fn parse_value(field: Field, s: &str, item: &str) -> Result<u32, CronError> {
    match parse_number(s) {
        Some(n) => match n {
            Some(n) if (field.min()..=field.max()).contains(&n) => Ok(n),
            _ => Err(CronError::ValueOutOfRange {
                field,
                value: s.to_owned(),
                min: field.min(),
                max: field.max(),
            }),
        },
        None => {
            let names: &[&str] = match field {
                Field::Month => &MONTH_NAMES,
                Field::DayOfWeek => &DAY_NAMES,
                _ => &[],
            };
            names
                .iter()
                .position(|n| n.eq_ignore_ascii_case(s))
                .map(|i| i as u32 + 1)
                .ok_or_else(|| CronError::InvalidToken {
                    field,
                    token: item.to_owned(),
                })
        }
    }
}

/// `None` for `?`.
fn parse_day_of_month(text: &str) -> Result<Option<DaySpec>, CronError> {
    let field = Field::DayOfMonth;
    if text == "?" {
        return Ok(None);
    }
    if text.contains('?') {
        return Err(CronError::QuestionMarkNotAllowed { field });
    }
    let special = text.bytes().any(|b| matches!(b, b'L' | b'l' | b'W' | b'w'));
    if !special {
        let bits = parse_plain(field, text)?;
        return Ok(Some(DaySpec::MonthDays(bits.0[0] as u32)));
    }
    if text.contains(',') {
        return Err(CronError::SpecialNotAlone {
            field,
            token: text.to_owned(),
        });
    }
    let invalid = || CronError::InvalidToken {
        field,
        token: text.to_owned(),
    };
    let upper = text.to_ascii_uppercase();
    let spec = if upper == "L" {
        DaySpec::LastDayOfMonth { offset: 0 }
    } else if upper == "LW" {
        DaySpec::LastWeekdayOfMonth
    } else if let Some(offset) = upper.strip_prefix("L-") {
        // `L-n` (Quartz): n days before the last day of the month.
        match parse_number(offset) {
            Some(Some(n)) if (1..=30).contains(&n) => DaySpec::LastDayOfMonth { offset: n },
            Some(_) => {
                return Err(CronError::ValueOutOfRange {
                    field,
                    value: offset.to_owned(),
                    min: 1,
                    max: 30,
                })
            }
            None => return Err(invalid()),
        }
    } else if let Some(day) = upper.strip_suffix('W') {
        match parse_number(day) {
            Some(_) => DaySpec::NearestWeekday(parse_value(field, day, text)?),
            None => return Err(invalid()),
        }
    } else {
        return Err(invalid());
    };
    Ok(Some(spec))
}

/// `None` for `?`.
fn parse_day_of_week(text: &str) -> Result<Option<DaySpec>, CronError> {
    let field = Field::DayOfWeek;
    if text == "?" {
        return Ok(None);
    }
    if text.contains('?') {
        return Err(CronError::QuestionMarkNotAllowed { field });
    }
    // No weekday name contains an L, so any L or # is one of the special
    // forms.
    let special = text.bytes().any(|b| matches!(b, b'L' | b'l' | b'#'));
    if !special {
        let bits = parse_plain(field, text)?;
        return Ok(Some(DaySpec::WeekDays(bits.0[0] as u32)));
    }
    if text.contains(',') {
        return Err(CronError::SpecialNotAlone {
            field,
            token: text.to_owned(),
        });
    }
    let invalid = || CronError::InvalidToken {
        field,
        token: text.to_owned(),
    };
    let single_day = |s: &str| {
        if s.is_empty() || s.contains(['-', '/', '*']) {
            Err(invalid())
        } else {
            parse_value(field, s, text)
        }
    };
    let spec = if text.eq_ignore_ascii_case("L") {
        // `L` alone is simply the last day of the week: Saturday.
        DaySpec::WeekDays(1 << 7)
    } else if let Some((day, nth)) = text.split_once('#') {
        let weekday = single_day(day)?;
        match parse_number(nth) {
            Some(Some(n)) if (1..=5).contains(&n) => DaySpec::NthWeekday { weekday, nth: n },
            _ => {
                return Err(CronError::InvalidNthOccurrence {
                    token: text.to_owned(),
                })
            }
        }
    } else if let Some(day) = text.strip_suffix('L').or_else(|| text.strip_suffix('l')) {
        DaySpec::LastOfWeekday(single_day(day)?)
    } else {
        return Err(invalid());
    };
    Ok(Some(spec))
}
