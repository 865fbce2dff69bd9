//! Error type shared by every parser in this crate.

use std::fmt;

/// One of the six fields of a cron expression, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// First field, 0-59.
    Minutes,
    /// Second field, 0-23.
    Hours,
    /// Third field, 1-31.
    DayOfMonth,
    /// Fourth field, 1-12 or JAN-DEC.
    Month,
    /// Fifth field, 1-7 or SUN-SAT (1 = Sunday).
    DayOfWeek,
    /// Sixth field, 1970-2199.
    Year,
}

impl Field {
    /// All fields in expression order.
    pub const ALL: [Field; 6] = [
        Field::Minutes,
        Field::Hours,
        Field::DayOfMonth,
        Field::Month,
        Field::DayOfWeek,
        Field::Year,
    ];

    /// Name as used in the AWS documentation ("Day-of-month", ...).
    pub fn name(self) -> &'static str {
        match self {
            Field::Minutes => "Minutes",
            Field::Hours => "Hours",
            Field::DayOfMonth => "Day-of-month",
            Field::Month => "Month",
            Field::DayOfWeek => "Day-of-week",
            Field::Year => "Year",
        }
    }

    /// Smallest allowed numeric value.
    pub fn min(self) -> u32 {
        match self {
            Field::Minutes | Field::Hours => 0,
            Field::DayOfMonth | Field::Month | Field::DayOfWeek => 1,
            Field::Year => 1970,
        }
    }

    /// Largest allowed numeric value.
    pub fn max(self) -> u32 {
        match self {
            Field::Minutes => 59,
            Field::Hours => 23,
            Field::DayOfMonth => 31,
            Field::Month => 12,
            Field::DayOfWeek => 7,
            Field::Year => 2199,
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a `rate(...)` expression was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateProblem {
    /// Not of the form `rate(value unit)` with a single space.
    Syntax,
    /// The value is not a positive integer (or does not fit in 32 bits).
    InvalidValue,
    /// The unit is not one of minute(s), hour(s), day(s).
    InvalidUnit,
    /// `rate(1 minutes)` or `rate(5 minute)`: the unit must be singular
    /// exactly when the value is 1.
    UnitPlurality,
}

/// Everything that can go wrong when parsing a schedule expression or a
/// time zone name. The [`Display`](fmt::Display) text is meant to be
/// returned to an API caller as is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CronError {
    /// The expression is empty.
    Empty,
    /// The expression is not `cron(...)`, `rate(...)` or `at(...)`.
    UnknownFormat {
        /// The expression as given.
        expression: String,
    },
    /// A well-formed `rate(...)` or `at(...)` expression was given where only
    /// `cron(...)` is accepted (e.g. AWS Backup plan rules).
    CronRequired {
        /// The expression as given.
        expression: String,
    },
    /// The cron body does not have exactly six fields.
    FieldCount {
        /// Number of fields found.
        found: usize,
    },
    /// A field, or an element of a comma-separated list, is empty.
    EmptyField {
        /// Field concerned.
        field: Field,
    },
    /// A token is not valid syntax for its field (stray characters, a name
    /// in a numeric-only field, a wildcard the field does not support, ...).
    InvalidToken {
        /// Field concerned.
        field: Field,
        /// The offending text.
        token: String,
    },
    /// A numeric value is outside the range allowed for its field.
    ValueOutOfRange {
        /// Field concerned.
        field: Field,
        /// The offending value, as written.
        value: String,
        /// Smallest allowed value.
        min: u32,
        /// Largest allowed value.
        max: u32,
    },
    /// The increment after `/` is zero, not a number, or too large.
    InvalidStep {
        /// Field concerned.
        field: Field,
        /// The whole `x/n` token.
        token: String,
        /// Largest allowed increment.
        max: u32,
    },
    /// `a-b` with `a > b` in the Year field (the other fields wrap around).
    ReversedRange {
        /// Field concerned.
        field: Field,
        /// The offending range.
        token: String,
    },
    /// `?` used in a field other than Day-of-month / Day-of-week, or combined
    /// with other values.
    QuestionMarkNotAllowed {
        /// Field concerned.
        field: Field,
    },
    /// Neither Day-of-month nor Day-of-week is `?`.
    BothDayFieldsSpecified,
    /// Both Day-of-month and Day-of-week are `?`.
    BothDayFieldsUnspecified,
    /// `L`, `W` or `#` forms must be the only element of their field.
    SpecialNotAlone {
        /// Field concerned.
        field: Field,
        /// The whole field text.
        token: String,
    },
    /// The occurrence number after `#` is not 1-5.
    InvalidNthOccurrence {
        /// The `d#n` token.
        token: String,
    },
    /// Invalid `rate(...)` expression.
    InvalidRate {
        /// The expression as given.
        expression: String,
        /// What is wrong with it.
        problem: RateProblem,
    },
    /// Invalid `at(yyyy-mm-ddThh:mm:ss)` expression.
    InvalidAt {
        /// The expression as given.
        expression: String,
    },
    /// Unknown IANA time zone name.
    UnknownTimeZone {
        /// The name as given.
        name: String,
    },
}

impl fmt::Display for CronError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CronError::Empty => f.write_str("schedule expression is empty"),
            CronError::UnknownFormat { expression } => write!(
                f,
                "invalid schedule expression '{expression}': expected cron(...), rate(...) or at(...)"
            ),
            CronError::CronRequired { expression } => write!(
                f,
                "invalid schedule expression '{expression}': only cron(...) expressions are supported here"
            ),
            CronError::FieldCount { found } => write!(
                f,
                "invalid cron expression: expected 6 fields (Minutes Hours Day-of-month Month Day-of-week Year), found {found}"
            ),
            CronError::EmptyField { field } => {
                write!(f, "invalid cron expression: {field} field has an empty value")
            }
            CronError::InvalidToken { field, token } => write!(
                f,
                "invalid cron expression: '{token}' is not valid in the {field} field"
            ),
            CronError::ValueOutOfRange {
                field,
                value,
                min,
                max,
            } => write!(
                f,
                "invalid cron expression: {field} value {value} is out of range ({min}-{max})"
            ),
            CronError::InvalidStep { field, token, max } => write!(
                f,
                "invalid cron expression: increment in '{token}' ({field} field) must be an integer between 1 and {max}"
            ),
            CronError::ReversedRange { field, token } => write!(
                f,
                "invalid cron expression: range '{token}' in the {field} field has its start after its end"
            ),
            CronError::QuestionMarkNotAllowed { field } => match field {
                Field::DayOfMonth | Field::DayOfWeek => write!(
                    f,
                    "invalid cron expression: '?' must be the whole {field} field"
                ),
                _ => write!(
                    f,
                    "invalid cron expression: '?' is only allowed in the Day-of-month or Day-of-week field, not in {field}"
                ),
            },
            CronError::BothDayFieldsSpecified => f.write_str(
                "invalid cron expression: Day-of-month and Day-of-week cannot both be specified; use '?' in one of them",
            ),
            CronError::BothDayFieldsUnspecified => f.write_str(
                "invalid cron expression: Day-of-month and Day-of-week cannot both be '?'; exactly one of them must be '?'",
            ),
            CronError::SpecialNotAlone { field, token } => write!(
                f,
                "invalid cron expression: '{token}' in the {field} field: L, W and # forms cannot be combined with other values"
            ),
            CronError::InvalidNthOccurrence { token } => write!(
                f,
                "invalid cron expression: '{token}' in the Day-of-week field: the number after '#' must be between 1 and 5"
            ),
            CronError::InvalidRate {
                expression,
                problem,
            } => {
                let why = match problem {
                    RateProblem::Syntax => "expected rate(value unit)",
                    RateProblem::InvalidValue => "value must be a positive integer",
                    RateProblem::InvalidUnit => {
                        "unit must be minute, minutes, hour, hours, day or days"
                    }
                    RateProblem::UnitPlurality => {
                        "unit must be singular when the value is 1 and plural otherwise"
                    }
                };
                write!(f, "invalid rate expression '{expression}': {why}")
            }
            CronError::InvalidAt { expression } => write!(
                f,
                "invalid at expression '{expression}': expected at(yyyy-mm-ddThh:mm:ss) with a valid date and time"
            ),
            CronError::UnknownTimeZone { name } => {
                write!(f, "unknown time zone '{name}': expected an IANA time zone name such as Etc/UTC or America/New_York")
            }
        }
    }
}

impl std::error::Error for CronError {}
