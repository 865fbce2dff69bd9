//! `cron(...)` / `rate(...)` / `at(...)` wrappers and time zone look-up.

use aws_cron::jiff::SignedDuration;
use aws_cron::{
    parse_timezone, AtExpr, CronError, RateExpr, RateProblem, RateUnit, Schedule, TimeZone,
    Timestamp, DEFAULT_TIMEZONE,
};

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn tz(name: &str) -> TimeZone {
    parse_timezone(name).unwrap()
}

fn rate_err(expr: &str, problem: RateProblem) -> CronError {
    CronError::InvalidRate {
        expression: expr.to_owned(),
        problem,
    }
}

// --- wrapper ----------------------------------------------------------------------

#[test]
fn parses_the_three_forms() {
    assert!(matches!(
        Schedule::parse("cron(0 10 * * ? *)"),
        Ok(Schedule::Cron(_))
    ));
    assert!(matches!(
        Schedule::parse("rate(5 minutes)"),
        Ok(Schedule::Rate(_))
    ));
    assert!(matches!(
        Schedule::parse("at(2024-05-01T12:30:00)"),
        Ok(Schedule::At(_))
    ));
}

#[test]
fn blanks_inside_cron_parentheses_are_tolerated() {
    let s = Schedule::parse("cron( 0 10 * * ? * )").unwrap();
    assert_eq!(s.to_string(), "cron(0 10 * * ? *)");
}

#[test]
fn garbage_is_rejected() {
    assert_eq!(Schedule::parse(""), Err(CronError::Empty));
    for expr in [
        "0 10 * * ? *",
        "cron(0 10 * * ? *",
        "cron 0 10 * * ? *)",
        "cron (0 10 * * ? *)",
        " cron(0 10 * * ? *)",
        "cron(0 10 * * ? *) ",
        "CRON(0 10 * * ? *)",
        "Cron(0 10 * * ? *)",
        "cron[0 10 * * ? *]",
        "@daily",
        "every 5 minutes",
        "rate 5 minutes",
        "hello",
        "()",
        ")",
    ] {
        assert_eq!(
            Schedule::parse(expr),
            Err(CronError::UnknownFormat {
                expression: expr.to_owned()
            }),
            "{expr:?}"
        );
    }
    assert_eq!(
        Schedule::parse("cron()"),
        Err(CronError::FieldCount { found: 0 })
    );
    assert_eq!(
        Schedule::parse("cron(0 10 * * ? *))"),
        Err(CronError::InvalidToken {
            field: aws_cron::Field::Year,
            token: "*)".into()
        })
    );
}

#[test]
fn cron_only_parser_for_backup() {
    let c = Schedule::parse_cron("cron(0 5 ? * * *)").unwrap();
    assert_eq!(c.as_str(), "0 5 ? * * *");
    for expr in [
        "rate(1 hour)",
        "at(2024-05-01T12:30:00)",
        "0 5 ? * * *",
        "garbage",
    ] {
        assert_eq!(
            Schedule::parse_cron(expr),
            Err(CronError::CronRequired {
                expression: expr.to_owned()
            })
        );
    }
    assert_eq!(Schedule::parse_cron(""), Err(CronError::Empty));
    assert_eq!(
        Schedule::parse_cron("cron(0 5 ? * ? *)"),
        Err(CronError::BothDayFieldsUnspecified)
    );
    assert_eq!(
        Schedule::parse_cron("rate(1 hour)")
            .unwrap_err()
            .to_string(),
        "invalid schedule expression 'rate(1 hour)': only cron(...) expressions are supported here"
    );
}

#[test]
fn as_cron() {
    assert!(Schedule::parse("cron(0 5 ? * * *)")
        .unwrap()
        .as_cron()
        .is_some());
    assert!(Schedule::parse("rate(1 day)").unwrap().as_cron().is_none());
}

// --- rate --------------------------------------------------------------------------

#[test]
fn rate_values_and_units() {
    let cases = [
        ("rate(1 minute)", 1, RateUnit::Minutes, 60),
        ("rate(5 minutes)", 5, RateUnit::Minutes, 300),
        ("rate(1 hour)", 1, RateUnit::Hours, 3_600),
        ("rate(12 hours)", 12, RateUnit::Hours, 43_200),
        ("rate(1 day)", 1, RateUnit::Days, 86_400),
        ("rate(7 days)", 7, RateUnit::Days, 604_800),
    ];
    for (expr, value, unit, secs) in cases {
        let r = RateExpr::parse(expr).unwrap();
        assert_eq!(r.value(), value);
        assert_eq!(r.unit(), unit);
        assert_eq!(r.interval(), SignedDuration::from_secs(secs));
        assert_eq!(r.to_string(), expr);
        assert_eq!(Schedule::parse(expr).unwrap().to_string(), expr);
    }
}

#[test]
fn rate_errors() {
    use RateProblem::*;
    for (expr, problem) in [
        ("rate(0 minutes)", InvalidValue),
        ("rate(-5 minutes)", InvalidValue),
        ("rate(1.5 hours)", InvalidValue),
        ("rate(five minutes)", InvalidValue),
        ("rate(99999999999 minutes)", InvalidValue),
        ("rate(1 minutes)", UnitPlurality),
        ("rate(5 minute)", UnitPlurality),
        ("rate(1 days)", UnitPlurality),
        ("rate(2 hour)", UnitPlurality),
        ("rate(5 weeks)", InvalidUnit),
        ("rate(5 seconds)", InvalidUnit),
        ("rate(5 Minutes)", InvalidUnit),
        ("rate(5 mins)", InvalidUnit),
        ("rate(5)", Syntax),
        ("rate()", Syntax),
        ("rate(5  minutes)", Syntax),
        ("rate( 5 minutes)", Syntax),
        ("rate(5 minutes )", Syntax),
        ("rate(5 minutes extra)", Syntax),
    ] {
        assert_eq!(
            Schedule::parse(expr),
            Err(rate_err(expr, problem)),
            "{expr}"
        );
    }
    assert_eq!(
        RateExpr::parse("cron(0 10 * * ? *)"),
        Err(rate_err("cron(0 10 * * ? *)", Syntax))
    );
    assert_eq!(
        Schedule::parse("rate(1 minutes)").unwrap_err().to_string(),
        "invalid rate expression 'rate(1 minutes)': unit must be singular when the value is 1 and plural otherwise"
    );
}

#[test]
fn rate_next_after_is_previous_plus_interval() {
    let s = Schedule::parse("rate(5 minutes)").unwrap();
    let utc = tz("Etc/UTC");
    assert_eq!(
        s.next_after(ts("2024-01-01T10:02:30Z"), &utc)
            .unwrap()
            .to_string(),
        "2024-01-01T10:07:30Z"
    );
    // A day is 24 hours even across a DST change in the schedule's zone.
    let day = Schedule::parse("rate(1 day)").unwrap();
    assert_eq!(
        day.next_after(ts("2024-03-09T12:00:00Z"), &tz("America/New_York"))
            .unwrap()
            .to_string(),
        "2024-03-10T12:00:00Z"
    );
    let got: Vec<String> = Schedule::parse("rate(2 hours)")
        .unwrap()
        .occurrences_between(ts("2024-01-01T00:00:00Z"), ts("2024-01-01T06:00:00Z"), &utc)
        .map(|t| t.to_string())
        .collect();
    assert_eq!(
        got,
        [
            "2024-01-01T02:00:00Z",
            "2024-01-01T04:00:00Z",
            "2024-01-01T06:00:00Z"
        ]
    );
}

#[test]
fn rate_next_after_anchored() {
    let r = RateExpr::parse("rate(15 minutes)").unwrap();
    let anchor = ts("2024-01-01T10:00:00Z");
    let next = |after: &str| {
        r.next_after_anchored(anchor, ts(after))
            .unwrap()
            .to_string()
    };
    assert_eq!(next("2024-01-01T09:00:00Z"), "2024-01-01T10:00:00Z");
    assert_eq!(next("2024-01-01T10:00:00Z"), "2024-01-01T10:15:00Z");
    assert_eq!(next("2024-01-01T10:20:00Z"), "2024-01-01T10:30:00Z");
    assert_eq!(next("2024-01-01T10:30:00Z"), "2024-01-01T10:45:00Z");
    assert_eq!(next("2024-01-02T10:29:59Z"), "2024-01-02T10:30:00Z");
}

// --- at ----------------------------------------------------------------------------

#[test]
fn at_in_utc_and_zones() {
    let s = Schedule::parse("at(2024-05-01T12:30:00)").unwrap();
    assert_eq!(s.to_string(), "at(2024-05-01T12:30:00)");
    let utc = tz("Etc/UTC");
    assert_eq!(
        s.next_after(ts("2024-01-01T00:00:00Z"), &utc)
            .unwrap()
            .to_string(),
        "2024-05-01T12:30:00Z"
    );
    assert_eq!(s.next_after(ts("2024-05-01T12:30:00Z"), &utc), None);
    assert_eq!(
        s.next_after(ts("2024-01-01T00:00:00Z"), &tz("Asia/Kolkata"))
            .unwrap()
            .to_string(),
        "2024-05-01T07:00:00Z"
    );
    let occurrences: Vec<Timestamp> = s
        .occurrences_between(ts("2024-01-01T00:00:00Z"), ts("2025-01-01T00:00:00Z"), &utc)
        .collect();
    assert_eq!(occurrences, [ts("2024-05-01T12:30:00Z")]);
}

#[test]
fn at_in_dst_gap_and_fold() {
    let ny = tz("America/New_York");
    // 02:30 does not exist on 2024-03-10: moved forward to 03:30 EDT.
    let gap = AtExpr::parse("at(2024-03-10T02:30:00)").unwrap();
    assert_eq!(gap.instant(&ny).unwrap(), ts("2024-03-10T07:30:00Z"));
    // 01:30 occurs twice on 2024-11-03: the first (EDT) one.
    let fold = AtExpr::parse("at(2024-11-03T01:30:00)").unwrap();
    assert_eq!(fold.instant(&ny).unwrap(), ts("2024-11-03T05:30:00Z"));
}

#[test]
fn at_errors() {
    for expr in [
        "at(2024-02-30T00:00:00)",
        "at(2023-02-29T00:00:00)",
        "at(2024-13-01T00:00:00)",
        "at(2024-01-01T24:00:00)",
        "at(2024-01-01T00:60:00)",
        "at(2024-01-01T00:00:60)",
        "at(2024-01-01 00:00:00)",
        "at(2024-01-01t00:00:00)",
        "at(2024-01-01T00:00)",
        "at(2024-01-01)",
        "at(2024-01-01T00:00:00Z)",
        "at(2024-01-01T00:00:00.000)",
        "at(2024-01-01T00:00:00+01:00)",
        "at(24-01-01T00:00:00)",
        "at( 2024-01-01T00:00:00)",
        "at()",
        "at(+024-01-01T00:00:00)",
    ] {
        assert_eq!(
            Schedule::parse(expr),
            Err(CronError::InvalidAt {
                expression: expr.to_owned()
            }),
            "{expr}"
        );
    }
    // Leap day is fine in a leap year.
    AtExpr::parse("at(2024-02-29T23:59:59)").unwrap();
}

// --- time zones --------------------------------------------------------------------

#[test]
fn known_time_zones() {
    for name in [
        "Etc/UTC",
        "UTC",
        "America/New_York",
        "Europe/London",
        "Asia/Kolkata",
        "Australia/Lord_Howe",
        "America/Argentina/Buenos_Aires",
        "Etc/GMT+5",
        "America/Port-au-Prince",
    ] {
        let zone = parse_timezone(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(zone.iana_name(), Some(name));
    }
    assert_eq!(DEFAULT_TIMEZONE, "Etc/UTC");
    assert_eq!(
        aws_cron::default_timezone().to_offset(ts("2024-07-01T00:00:00Z")),
        aws_cron::jiff::tz::Offset::UTC
    );
}

#[test]
fn unknown_time_zones() {
    for name in [
        "",
        "Mars/Olympus_Mons",
        "america/new_york",
        "AMERICA/NEW_YORK",
        "America/New York",
        "EST5EDT,M3.2.0,M11.1.0",
        "+05:00",
        "/etc/passwd",
        "../../etc/passwd",
        "America/../Europe/London",
        "America//New_York",
        "Europe/London ",
    ] {
        assert_eq!(
            parse_timezone(name).unwrap_err(),
            CronError::UnknownTimeZone {
                name: name.to_owned()
            },
            "{name:?}"
        );
    }
    assert_eq!(
        parse_timezone("Mars/Base").unwrap_err().to_string(),
        "unknown time zone 'Mars/Base': expected an IANA time zone name such as Etc/UTC or America/New_York"
    );
}
