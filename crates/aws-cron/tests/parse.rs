//! Parsing and validation of cron expressions.

use aws_cron::{CronError, CronExpr, Field, Schedule};

fn err(body: &str) -> CronError {
    match CronExpr::parse(body) {
        Ok(e) => panic!("{body:?} unexpectedly parsed as {e}"),
        Err(e) => e,
    }
}

fn ok(body: &str) -> CronExpr {
    CronExpr::parse(body).unwrap_or_else(|e| panic!("{body:?}: {e}"))
}

fn out_of_range(field: Field, value: &str) -> CronError {
    CronError::ValueOutOfRange {
        field,
        value: value.to_owned(),
        min: field.min(),
        max: field.max(),
    }
}

fn invalid(field: Field, token: &str) -> CronError {
    CronError::InvalidToken {
        field,
        token: token.to_owned(),
    }
}

fn bad_step(field: Field, token: &str) -> CronError {
    CronError::InvalidStep {
        field,
        token: token.to_owned(),
        max: field.max(),
    }
}

#[test]
fn accepts_documented_examples() {
    // Examples from the EventBridge and AWS Backup documentation.
    for body in [
        "0 10 * * ? *",
        "15 12 * * ? *",
        "0 18 ? * MON-FRI *",
        "0 8 1 * ? *",
        "0/15 * * * ? *",
        "0/10 * ? * MON-FRI *",
        "0/5 8-17 ? * MON-FRI *",
        "0 9 ? * 2#1 *",
        "15 * ? * * *",
        "0 12 * * ? *",
        "0 5 ? * * *",
        "15 10 ? * 6L 2002-2005",
        "0 0 LW * ? *",
        "0 0 3W * ? *",
        "0 0 L * ? *",
    ] {
        ok(body);
    }
}

#[test]
fn accepts_every_field_kind() {
    for body in [
        "59 23 31 12 ? 2199",
        "0 0 1 1 ? 1970",
        "00 05 01 01 ? *",             // leading zeros
        "1,2,3 4-6 7-9/2 JAN-MAR ? *", // lists, ranges, steps, names
        "*/5 */2 */3 */4 ? */10",
        "0 0 ? * SUN-SAT *",
        "0 0 ? * 1-7/2 *",
        "0 0 ? * 7 *",
        "0 0 ? dec sun 2024",
        "0 0 l-15 * ? *",
        "0 0 lw * ? *",
        "0 0 15w * ? *",
        "0 0 ? * 6l *",
        "0 0 ? * sat#5 *",
        "0 22-2 ? * FRI-MON *",
        "0 0 28-3 NOV-FEB ? *",
        "0 0 30 2 ? *", // never fires, but valid
        "0 0 L-30 * ? *",
        "0 0 31W * ? *",
        "59/59 23/23 31/31 12/12 ? 2199/2199",
    ] {
        ok(body);
    }
}

#[test]
fn blanks_between_fields() {
    let e = ok("  0   10\t*  * ?  * ");
    assert_eq!(e.as_str(), "0 10 * * ? *");
    assert_eq!(e.to_string(), "0 10 * * ? *");
}

#[test]
fn field_count() {
    assert_eq!(err(""), CronError::FieldCount { found: 0 });
    assert_eq!(err("   "), CronError::FieldCount { found: 0 });
    assert_eq!(err("0 10 * * ?"), CronError::FieldCount { found: 5 });
    assert_eq!(err("0 0 10 * * ? *"), CronError::FieldCount { found: 7 });
    // Standard 5-field Unix cron is not accepted.
    assert_eq!(err("*/5 * * * *"), CronError::FieldCount { found: 5 });
}

#[test]
fn out_of_range_values() {
    assert_eq!(err("60 0 * * ? *"), out_of_range(Field::Minutes, "60"));
    assert_eq!(err("0 24 * * ? *"), out_of_range(Field::Hours, "24"));
    assert_eq!(err("0 0 0 * ? *"), out_of_range(Field::DayOfMonth, "0"));
    assert_eq!(err("0 0 32 * ? *"), out_of_range(Field::DayOfMonth, "32"));
    assert_eq!(err("0 0 1 0 ? *"), out_of_range(Field::Month, "0"));
    assert_eq!(err("0 0 1 13 ? *"), out_of_range(Field::Month, "13"));
    assert_eq!(err("0 0 ? * 0 *"), out_of_range(Field::DayOfWeek, "0"));
    assert_eq!(err("0 0 ? * 8 *"), out_of_range(Field::DayOfWeek, "8"));
    assert_eq!(err("0 0 1 * ? 1969"), out_of_range(Field::Year, "1969"));
    assert_eq!(err("0 0 1 * ? 2200"), out_of_range(Field::Year, "2200"));
    assert_eq!(err("0-60 0 * * ? *"), out_of_range(Field::Minutes, "60"));
    assert_eq!(err("0 1,2,25 * * ? *"), out_of_range(Field::Hours, "25"));
    assert_eq!(
        err("99999999999999999999 0 * * ? *"),
        out_of_range(Field::Minutes, "99999999999999999999")
    );
    assert_eq!(err("0 0 32W * ? *"), out_of_range(Field::DayOfMonth, "32"));
    assert_eq!(err("0 0 0W * ? *"), out_of_range(Field::DayOfMonth, "0"));
    assert_eq!(err("0 0 ? * 8L *"), out_of_range(Field::DayOfWeek, "8"));
    assert_eq!(err("0 0 ? * 0#1 *"), out_of_range(Field::DayOfWeek, "0"));
    assert_eq!(
        err("0 0 L-31 * ? *"),
        CronError::ValueOutOfRange {
            field: Field::DayOfMonth,
            value: "31".into(),
            min: 1,
            max: 30
        }
    );
    assert_eq!(
        err("0 0 L-0 * ? *"),
        CronError::ValueOutOfRange {
            field: Field::DayOfMonth,
            value: "0".into(),
            min: 1,
            max: 30
        }
    );
}

#[test]
fn question_mark_rules() {
    assert_eq!(err("0 10 * * * *"), CronError::BothDayFieldsSpecified);
    assert_eq!(err("0 10 1 * MON *"), CronError::BothDayFieldsSpecified);
    assert_eq!(err("0 10 L * 6L *"), CronError::BothDayFieldsSpecified);
    assert_eq!(err("0 10 ? * ? *"), CronError::BothDayFieldsUnspecified);
    assert_eq!(
        err("? 10 * * ? *"),
        CronError::QuestionMarkNotAllowed {
            field: Field::Minutes
        }
    );
    assert_eq!(
        err("0 ? * * ? *"),
        CronError::QuestionMarkNotAllowed {
            field: Field::Hours
        }
    );
    assert_eq!(
        err("0 0 ? ? * *"),
        CronError::QuestionMarkNotAllowed {
            field: Field::Month
        }
    );
    assert_eq!(
        err("0 0 ? * * ?"),
        CronError::QuestionMarkNotAllowed { field: Field::Year }
    );
    assert_eq!(
        err("0 0 1,? * * *"),
        CronError::QuestionMarkNotAllowed {
            field: Field::DayOfMonth
        }
    );
    assert_eq!(
        err("0 0 * * ?? *"),
        CronError::QuestionMarkNotAllowed {
            field: Field::DayOfWeek
        }
    );
}

#[test]
fn invalid_steps() {
    assert_eq!(err("*/0 * * * ? *"), bad_step(Field::Minutes, "*/0"));
    assert_eq!(err("*/60 * * * ? *"), bad_step(Field::Minutes, "*/60"));
    assert_eq!(err("0 */24 * * ? *"), bad_step(Field::Hours, "*/24"));
    assert_eq!(err("0 0 */32 * ? *"), bad_step(Field::DayOfMonth, "*/32"));
    assert_eq!(err("0 0 1 */13 ? *"), bad_step(Field::Month, "*/13"));
    assert_eq!(err("0 0 ? * */8 *"), bad_step(Field::DayOfWeek, "*/8"));
    assert_eq!(err("*/-1 * * * ? *"), bad_step(Field::Minutes, "*/-1"));
    assert_eq!(err("*/ * * * ? *"), bad_step(Field::Minutes, "*/"));
    assert_eq!(err("*/x * * * ? *"), bad_step(Field::Minutes, "*/x"));
    assert_eq!(err("1/2/3 * * * ? *"), bad_step(Field::Minutes, "1/2/3"));
    assert_eq!(
        err("10-20/0 * * * ? *"),
        bad_step(Field::Minutes, "10-20/0")
    );
    // The largest increments are fine.
    ok("*/59 */23 */31 */12 ? *");
}

#[test]
fn empty_list_elements() {
    assert_eq!(
        err("1,,2 * * * ? *"),
        CronError::EmptyField {
            field: Field::Minutes
        }
    );
    assert_eq!(
        err("0 1, * * ? *"),
        CronError::EmptyField {
            field: Field::Hours
        }
    );
    assert_eq!(
        err("0 0 ,1 * ? *"),
        CronError::EmptyField {
            field: Field::DayOfMonth
        }
    );
    assert_eq!(
        err("0 0 ? * MON, *"),
        CronError::EmptyField {
            field: Field::DayOfWeek
        }
    );
}

#[test]
fn stray_characters_and_bad_tokens() {
    assert_eq!(err("a 0 * * ? *"), invalid(Field::Minutes, "a"));
    assert_eq!(err("1.5 0 * * ? *"), invalid(Field::Minutes, "1.5"));
    assert_eq!(err("-5 0 * * ? *"), invalid(Field::Minutes, "-5"));
    assert_eq!(err("5- 0 * * ? *"), invalid(Field::Minutes, "5-"));
    assert_eq!(err("1-2-3 0 * * ? *"), invalid(Field::Minutes, "1-2-3"));
    assert_eq!(err("/5 0 * * ? *"), invalid(Field::Minutes, "/5"));
    assert_eq!(err("** 0 * * ? *"), invalid(Field::Minutes, "**"));
    assert_eq!(err("*-5 0 * * ? *"), invalid(Field::Minutes, "*-5"));
    assert_eq!(err("+5 0 * * ? *"), invalid(Field::Minutes, "+5"));
    assert_eq!(err("５ 0 * * ? *"), invalid(Field::Minutes, "５"));
    assert_eq!(err("JAN 0 * * ? *"), invalid(Field::Minutes, "JAN"));
    assert_eq!(err("0 0 1 MON ? *"), invalid(Field::Month, "MON"));
    assert_eq!(err("0 0 ? * JAN *"), invalid(Field::DayOfWeek, "JAN"));
    assert_eq!(err("0 0 ? * MONDAY *"), invalid(Field::DayOfWeek, "MONDAY"));
    assert_eq!(err("0 0 1 JANUARY ? *"), invalid(Field::Month, "JANUARY"));
    assert_eq!(err("0 0 1 * ? L"), invalid(Field::Year, "L"));
    assert_eq!(err("0 0 1 L ? *"), invalid(Field::Month, "L"));
    assert_eq!(err("0 L * * ? *"), invalid(Field::Hours, "L"));
    assert_eq!(err("0 0 1 * ? 2024W"), invalid(Field::Year, "2024W"));
    assert_eq!(err("0 0 1#2 * ? *"), invalid(Field::DayOfMonth, "1#2"));
    assert_eq!(err("0 0 W * ? *"), invalid(Field::DayOfMonth, "W"));
    assert_eq!(err("0 0 5L * ? *"), invalid(Field::DayOfMonth, "5L"));
    assert_eq!(err("0 0 1-5W * ? *"), invalid(Field::DayOfMonth, "1-5W"));
    assert_eq!(err("0 0 L-x * ? *"), invalid(Field::DayOfMonth, "L-x"));
    assert_eq!(err("0 0 LL * ? *"), invalid(Field::DayOfMonth, "LL"));
    assert_eq!(err("0 0 ? * LW *"), invalid(Field::DayOfWeek, "LW"));
    assert_eq!(err("0 0 ? * W *"), invalid(Field::DayOfWeek, "W"));
    assert_eq!(err("0 0 ? * 2-6L *"), invalid(Field::DayOfWeek, "2-6L"));
    assert_eq!(err("0 0 ? * #2 *"), invalid(Field::DayOfWeek, "#2"));
    assert_eq!(err("0 0 ? * 1-2#2 *"), invalid(Field::DayOfWeek, "1-2#2"));
}

#[test]
fn reversed_year_range() {
    assert_eq!(
        err("0 0 1 1 ? 2025-2020"),
        CronError::ReversedRange {
            field: Field::Year,
            token: "2025-2020".into()
        }
    );
}

#[test]
fn special_forms_must_stand_alone() {
    for (body, field, token) in [
        ("0 0 ? * 3#1,6#3 *", Field::DayOfWeek, "3#1,6#3"),
        ("0 0 ? * 6L,2 *", Field::DayOfWeek, "6L,2"),
        ("0 0 ? * L,MON *", Field::DayOfWeek, "L,MON"),
        ("0 0 L,15 * ? *", Field::DayOfMonth, "L,15"),
        ("0 0 1W,15W * ? *", Field::DayOfMonth, "1W,15W"),
        ("0 0 LW,1 * ? *", Field::DayOfMonth, "LW,1"),
    ] {
        assert_eq!(
            err(body),
            CronError::SpecialNotAlone {
                field,
                token: token.into()
            },
            "{body}"
        );
    }
}

#[test]
fn nth_occurrence_range() {
    for token in ["3#0", "3#6", "3#", "3#x", "3#1#2"] {
        assert_eq!(
            err(&format!("0 0 ? * {token} *")),
            CronError::InvalidNthOccurrence {
                token: token.into()
            }
        );
    }
    ok("0 0 ? * 3#1 *");
    ok("0 0 ? * 3#5 *");
}

#[test]
fn first_error_is_reported_in_field_order() {
    assert_eq!(err("60 24 * * ? *"), out_of_range(Field::Minutes, "60"));
}

#[test]
fn fires_more_than_hourly() {
    assert!(!ok("0 * * * ? *").fires_more_than_hourly());
    assert!(!ok("15 */2 * * ? *").fires_more_than_hourly());
    assert!(ok("0,30 * * * ? *").fires_more_than_hourly());
    assert!(ok("*/5 1 * * ? *").fires_more_than_hourly());
}

#[test]
fn error_messages_name_the_field() {
    let msg = |body: &str| err(body).to_string();
    assert_eq!(
        msg("60 0 * * ? *"),
        "invalid cron expression: Minutes value 60 is out of range (0-59)"
    );
    assert_eq!(
        msg("0 0 * * * *"),
        "invalid cron expression: Day-of-month and Day-of-week cannot both be specified; use '?' in one of them"
    );
    assert_eq!(
        msg("0 0 ? * ? *"),
        "invalid cron expression: Day-of-month and Day-of-week cannot both be '?'; exactly one of them must be '?'"
    );
    assert_eq!(
        msg("*/0 0 * * ? *"),
        "invalid cron expression: increment in '*/0' (Minutes field) must be an integer between 1 and 59"
    );
    assert_eq!(
        msg("0 0 ? * FOO *"),
        "invalid cron expression: 'FOO' is not valid in the Day-of-week field"
    );
    assert_eq!(
        msg("0 10 * *"),
        "invalid cron expression: expected 6 fields (Minutes Hours Day-of-month Month Day-of-week Year), found 4"
    );
    assert_eq!(
        msg("? 0 * * ? *"),
        "invalid cron expression: '?' is only allowed in the Day-of-month or Day-of-week field, not in Minutes"
    );
    assert_eq!(
        msg("0 0 ? * 3#1,6#3 *"),
        "invalid cron expression: '3#1,6#3' in the Day-of-week field: L, W and # forms cannot be combined with other values"
    );
}

#[test]
fn from_str_and_equality() {
    let a: CronExpr = "0 10 * * ? *".parse().unwrap();
    let b: CronExpr = "0  10 * * ? *".parse().unwrap();
    assert_eq!(a, b);
    let s: Schedule = "cron(0 10 * * ? *)".parse().unwrap();
    assert_eq!(s, Schedule::Cron(a));
}
