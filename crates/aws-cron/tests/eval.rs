//! Evaluation of cron expressions: every assertion names exact instants.

use aws_cron::jiff::civil::DateTime;
use aws_cron::{parse_timezone, CronExpr, Schedule, TimeZone, Timestamp};

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn tz(name: &str) -> TimeZone {
    parse_timezone(name).unwrap()
}

fn utc() -> TimeZone {
    tz("Etc/UTC")
}

fn cron(body: &str) -> CronExpr {
    CronExpr::parse(body).unwrap_or_else(|e| panic!("{body}: {e}"))
}

/// The next `n` firings after `after`, as RFC 3339 UTC strings.
fn next_n_in(body: &str, after: &str, zone: &TimeZone, n: usize) -> Vec<String> {
    let expr = cron(body);
    let mut cur = ts(after);
    let mut out = Vec::new();
    for _ in 0..n {
        match expr.next_after(cur, zone) {
            Some(t) => {
                out.push(t.to_string());
                cur = t;
            }
            None => break,
        }
    }
    out
}

fn next_n(body: &str, after: &str, n: usize) -> Vec<String> {
    next_n_in(body, after, &utc(), n)
}

fn next(body: &str, after: &str) -> Option<String> {
    cron(body)
        .next_after(ts(after), &utc())
        .map(|t| t.to_string())
}

// --- basics -----------------------------------------------------------------

#[test]
fn daily_fixed_time() {
    assert_eq!(
        next_n("0 10 * * ? *", "2024-01-15T09:59:00Z", 3),
        [
            "2024-01-15T10:00:00Z",
            "2024-01-16T10:00:00Z",
            "2024-01-17T10:00:00Z"
        ]
    );
}

#[test]
fn strictly_after() {
    assert_eq!(
        next("0 10 * * ? *", "2024-01-15T10:00:00Z").unwrap(),
        "2024-01-16T10:00:00Z"
    );
    // Sub-second before the firing still fires at the whole minute.
    assert_eq!(
        next("0 10 * * ? *", "2024-01-15T09:59:59.999Z").unwrap(),
        "2024-01-15T10:00:00Z"
    );
    // Mid-minute after the firing: next day.
    assert_eq!(
        next("0 10 * * ? *", "2024-01-15T10:00:30Z").unwrap(),
        "2024-01-16T10:00:00Z"
    );
}

#[test]
fn every_minute() {
    assert_eq!(
        next_n("* * * * ? *", "2024-12-31T23:58:10Z", 3),
        [
            "2024-12-31T23:59:00Z",
            "2025-01-01T00:00:00Z",
            "2025-01-01T00:01:00Z"
        ]
    );
}

#[test]
fn backup_default_schedule() {
    // AWS Backup's default rule: cron(0 5 ? * * *).
    assert_eq!(
        next_n("0 5 ? * * *", "2024-02-28T06:00:00Z", 2),
        ["2024-02-29T05:00:00Z", "2024-03-01T05:00:00Z"]
    );
}

#[test]
fn backup_hourly_example() {
    // "15 * ? * * *": every hour at 15 minutes past.
    assert_eq!(
        next_n("15 * ? * * *", "2024-01-01T10:15:00Z", 2),
        ["2024-01-01T11:15:00Z", "2024-01-01T12:15:00Z"]
    );
}

// --- minutes / hours ------------------------------------------------------------

#[test]
fn minute_step_from_zero() {
    assert_eq!(
        next_n("0/15 * * * ? *", "2024-01-15T10:07:00Z", 4),
        [
            "2024-01-15T10:15:00Z",
            "2024-01-15T10:30:00Z",
            "2024-01-15T10:45:00Z",
            "2024-01-15T11:00:00Z"
        ]
    );
}

#[test]
fn minute_step_with_offset() {
    // AWS docs: 1/10 = minutes 1, 11, 21, ...
    assert_eq!(
        next_n("1/10 * * * ? *", "2024-01-15T10:41:00Z", 3),
        [
            "2024-01-15T10:51:00Z",
            "2024-01-15T11:01:00Z",
            "2024-01-15T11:11:00Z"
        ]
    );
}

#[test]
fn minute_star_step() {
    assert_eq!(
        next_n("*/20 * * * ? *", "2024-01-15T10:00:00Z", 3),
        [
            "2024-01-15T10:20:00Z",
            "2024-01-15T10:40:00Z",
            "2024-01-15T11:00:00Z"
        ]
    );
}

#[test]
fn minute_range_step() {
    assert_eq!(
        next_n("10-50/20 * * * ? *", "2024-01-15T10:00:00Z", 4),
        [
            "2024-01-15T10:10:00Z",
            "2024-01-15T10:30:00Z",
            "2024-01-15T10:50:00Z",
            "2024-01-15T11:10:00Z"
        ]
    );
}

#[test]
fn minute_list() {
    assert_eq!(
        next_n("5,7,59 * * * ? *", "2024-01-15T10:06:00Z", 3),
        [
            "2024-01-15T10:07:00Z",
            "2024-01-15T10:59:00Z",
            "2024-01-15T11:05:00Z"
        ]
    );
}

#[test]
fn minute_mixed_list_of_ranges_and_steps() {
    assert_eq!(
        next_n("0-2,30/15 12 * * ? *", "2024-01-15T00:00:00Z", 6),
        [
            "2024-01-15T12:00:00Z",
            "2024-01-15T12:01:00Z",
            "2024-01-15T12:02:00Z",
            "2024-01-15T12:30:00Z",
            "2024-01-15T12:45:00Z",
            "2024-01-16T12:00:00Z"
        ]
    );
}

#[test]
fn hour_step() {
    assert_eq!(
        next_n("0 */6 * * ? *", "2024-01-15T05:00:00Z", 4),
        [
            "2024-01-15T06:00:00Z",
            "2024-01-15T12:00:00Z",
            "2024-01-15T18:00:00Z",
            "2024-01-16T00:00:00Z"
        ]
    );
}

#[test]
fn hour_range_business_hours() {
    assert_eq!(
        next_n("0 9-17 ? * MON-FRI *", "2024-01-19T16:30:00Z", 3),
        [
            "2024-01-19T17:00:00Z",
            "2024-01-22T09:00:00Z",
            "2024-01-22T10:00:00Z"
        ]
    );
}

#[test]
fn hour_wraparound_range() {
    assert_eq!(
        next_n("30 22-2 * * ? *", "2024-01-15T12:00:00Z", 6),
        [
            "2024-01-15T22:30:00Z",
            "2024-01-15T23:30:00Z",
            "2024-01-16T00:30:00Z",
            "2024-01-16T01:30:00Z",
            "2024-01-16T02:30:00Z",
            "2024-01-16T22:30:00Z"
        ]
    );
}

#[test]
fn hour_wraparound_range_with_step() {
    assert_eq!(
        next_n("0 22-2/2 * * ? *", "2024-01-15T12:00:00Z", 4),
        [
            "2024-01-15T22:00:00Z",
            "2024-01-16T00:00:00Z",
            "2024-01-16T02:00:00Z",
            "2024-01-16T22:00:00Z"
        ]
    );
}

#[test]
fn minute_wraparound_range() {
    assert_eq!(
        next_n("58-1 10 * * ? *", "2024-01-15T00:00:00Z", 5),
        [
            "2024-01-15T10:00:00Z",
            "2024-01-15T10:01:00Z",
            "2024-01-15T10:58:00Z",
            "2024-01-15T10:59:00Z",
            "2024-01-16T10:00:00Z"
        ]
    );
}

// --- day of month ---------------------------------------------------------------

#[test]
fn day_of_month_list() {
    assert_eq!(
        next_n("0 0 1,15 * ? *", "2024-01-15T00:00:00Z", 3),
        [
            "2024-02-01T00:00:00Z",
            "2024-02-15T00:00:00Z",
            "2024-03-01T00:00:00Z"
        ]
    );
}

#[test]
fn day_of_month_step() {
    assert_eq!(
        next_n("0 0 */10 * ? *", "2024-01-21T00:00:00Z", 5),
        [
            "2024-01-31T00:00:00Z",
            "2024-02-01T00:00:00Z",
            "2024-02-11T00:00:00Z",
            "2024-02-21T00:00:00Z",
            "2024-03-01T00:00:00Z"
        ]
    );
}

#[test]
fn day_of_month_value_step() {
    // 5/10 = 5, 15, 25.
    assert_eq!(
        next_n("0 0 5/10 * ? *", "2024-01-20T00:00:00Z", 3),
        [
            "2024-01-25T00:00:00Z",
            "2024-02-05T00:00:00Z",
            "2024-02-15T00:00:00Z"
        ]
    );
}

#[test]
fn day_of_month_wraparound_range() {
    assert_eq!(
        next_n("0 0 28-3 * ? *", "2024-02-27T00:00:00Z", 6),
        [
            "2024-02-28T00:00:00Z",
            "2024-02-29T00:00:00Z",
            "2024-03-01T00:00:00Z",
            "2024-03-02T00:00:00Z",
            "2024-03-03T00:00:00Z",
            "2024-03-28T00:00:00Z"
        ]
    );
}

#[test]
fn day_31_skips_short_months() {
    assert_eq!(
        next_n("0 0 31 * ? *", "2024-01-31T00:00:00Z", 3),
        [
            "2024-03-31T00:00:00Z",
            "2024-05-31T00:00:00Z",
            "2024-07-31T00:00:00Z"
        ]
    );
}

#[test]
fn last_day_of_month_leap_year() {
    assert_eq!(
        next_n("0 0 L * ? *", "2024-01-01T00:00:00Z", 4),
        [
            "2024-01-31T00:00:00Z",
            "2024-02-29T00:00:00Z",
            "2024-03-31T00:00:00Z",
            "2024-04-30T00:00:00Z"
        ]
    );
}

#[test]
fn last_day_of_month_common_year() {
    assert_eq!(
        next("0 0 L 2 ? *", "2023-01-01T00:00:00Z").unwrap(),
        "2023-02-28T00:00:00Z"
    );
}

#[test]
fn last_day_offset() {
    assert_eq!(
        next_n("0 0 L-2 * ? *", "2024-01-01T00:00:00Z", 4),
        [
            "2024-01-29T00:00:00Z",
            "2024-02-27T00:00:00Z",
            "2024-03-29T00:00:00Z",
            "2024-04-28T00:00:00Z"
        ]
    );
}

#[test]
fn last_day_offset_larger_than_month() {
    // L-30 is day 1 of 31-day months only.
    assert_eq!(
        next_n("0 0 L-30 * ? *", "2024-01-01T00:00:00Z", 3),
        [
            "2024-03-01T00:00:00Z",
            "2024-05-01T00:00:00Z",
            "2024-07-01T00:00:00Z"
        ]
    );
}

#[test]
fn last_weekday_of_month() {
    assert_eq!(
        next_n("0 0 LW * ? *", "2024-01-01T00:00:00Z", 4),
        [
            "2024-01-31T00:00:00Z", // Wed
            "2024-02-29T00:00:00Z", // Thu
            "2024-03-29T00:00:00Z", // 31st is a Sunday
            "2024-04-30T00:00:00Z", // Tue
        ]
    );
    assert_eq!(
        next_n("0 0 LW * ? *", "2024-07-31T00:00:00Z", 5),
        [
            "2024-08-30T00:00:00Z", // 31st is a Saturday
            "2024-09-30T00:00:00Z",
            "2024-10-31T00:00:00Z",
            "2024-11-29T00:00:00Z", // 30th is a Saturday
            "2024-12-31T00:00:00Z",
        ]
    );
}

#[test]
fn nearest_weekday_first_on_saturday_moves_forward() {
    // 2024-06-01 is a Saturday: Friday would leave the month, so Monday 3rd.
    assert_eq!(
        next("0 0 1W * ? *", "2024-05-15T00:00:00Z").unwrap(),
        "2024-06-03T00:00:00Z"
    );
}

#[test]
fn nearest_weekday_first_on_sunday() {
    // 2024-09-01 is a Sunday: Monday 2nd.
    assert_eq!(
        next_n("0 0 1W * ? *", "2024-07-15T00:00:00Z", 2),
        ["2024-08-01T00:00:00Z", "2024-09-02T00:00:00Z"]
    );
}

#[test]
fn nearest_weekday_last_on_sunday_moves_back() {
    // 2024-03-31 is a Sunday: Monday would leave the month, so Friday 29th.
    assert_eq!(
        next("0 0 31W * ? *", "2024-03-01T00:00:00Z").unwrap(),
        "2024-03-29T00:00:00Z"
    );
    // 2023-04-30 (last day of April) is a Sunday: Friday 28th.
    assert_eq!(
        next("0 0 30W 4 ? *", "2023-01-01T00:00:00Z").unwrap(),
        "2023-04-28T00:00:00Z"
    );
}

#[test]
fn nearest_weekday_31_skips_months_without_31() {
    assert_eq!(
        next_n("0 0 31W * ? *", "2024-03-30T00:00:00Z", 4),
        [
            "2024-05-31T00:00:00Z", // April has no 31st
            "2024-07-31T00:00:00Z",
            "2024-08-30T00:00:00Z", // 31st is a Saturday
            "2024-10-31T00:00:00Z",
        ]
    );
}

#[test]
fn nearest_weekday_mid_month() {
    // 2024-06-15 is a Saturday -> Friday 14th; 2024-09-15 a Sunday -> Monday 16th.
    assert_eq!(
        next("0 0 15W 6 ? *", "2024-01-01T00:00:00Z").unwrap(),
        "2024-06-14T00:00:00Z"
    );
    assert_eq!(
        next("0 0 15W 9 ? *", "2024-01-01T00:00:00Z").unwrap(),
        "2024-09-16T00:00:00Z"
    );
    // A weekday stays put: 2024-01-15 is a Monday.
    assert_eq!(
        next("0 0 15W * ? *", "2024-01-01T00:00:00Z").unwrap(),
        "2024-01-15T00:00:00Z"
    );
}

#[test]
fn nearest_weekday_shift_can_fire_before_nominal_day() {
    // 15W in June 2024 fires on Friday the 14th, even when `after` is on
    // the 14th before the firing time.
    assert_eq!(
        next("0 12 15W * ? *", "2024-06-14T11:00:00Z").unwrap(),
        "2024-06-14T12:00:00Z"
    );
    // ... and after it has fired, the next one is July 15th (a Monday).
    assert_eq!(
        next("0 12 15W * ? *", "2024-06-14T12:00:00Z").unwrap(),
        "2024-07-15T12:00:00Z"
    );
}

// --- day of week ------------------------------------------------------------------

#[test]
fn weekdays_by_name() {
    assert_eq!(
        next_n("0 9 ? * MON-FRI *", "2024-01-19T09:00:00Z", 2),
        ["2024-01-22T09:00:00Z", "2024-01-23T09:00:00Z"]
    );
}

#[test]
fn weekdays_by_number_sunday_is_one() {
    // 2-6 = Monday-Friday.
    assert_eq!(
        next_n("0 9 ? * 2-6 *", "2024-01-19T09:00:00Z", 2),
        ["2024-01-22T09:00:00Z", "2024-01-23T09:00:00Z"]
    );
    // 1 = Sunday: 2024-01-21.
    assert_eq!(
        next("0 9 ? * 1 *", "2024-01-17T00:00:00Z").unwrap(),
        "2024-01-21T09:00:00Z"
    );
    // 7 = Saturday: 2024-01-20.
    assert_eq!(
        next("0 9 ? * 7 *", "2024-01-17T00:00:00Z").unwrap(),
        "2024-01-20T09:00:00Z"
    );
}

#[test]
fn weekday_wraparound_range() {
    // FRI-MON from Wednesday 2024-01-17.
    assert_eq!(
        next_n("0 0 ? * FRI-MON *", "2024-01-17T00:00:00Z", 5),
        [
            "2024-01-19T00:00:00Z",
            "2024-01-20T00:00:00Z",
            "2024-01-21T00:00:00Z",
            "2024-01-22T00:00:00Z",
            "2024-01-26T00:00:00Z"
        ]
    );
}

#[test]
fn weekday_list_and_lowercase_names() {
    assert_eq!(
        next_n("0 0 ? * mon,Wed,FRI *", "2024-01-01T00:00:00Z", 3),
        [
            "2024-01-03T00:00:00Z",
            "2024-01-05T00:00:00Z",
            "2024-01-08T00:00:00Z"
        ]
    );
}

#[test]
fn weekday_step() {
    // */2 = 1,3,5,7 = SUN, TUE, THU, SAT. 2024-01-01 is a Monday.
    assert_eq!(
        next_n("0 0 ? * */2 *", "2024-01-01T00:00:00Z", 4),
        [
            "2024-01-02T00:00:00Z",
            "2024-01-04T00:00:00Z",
            "2024-01-06T00:00:00Z",
            "2024-01-07T00:00:00Z"
        ]
    );
}

#[test]
fn weekday_l_alone_is_saturday() {
    assert_eq!(
        next_n("0 0 ? * L *", "2024-01-01T00:00:00Z", 2),
        ["2024-01-06T00:00:00Z", "2024-01-13T00:00:00Z"]
    );
}

#[test]
fn last_friday_of_month() {
    assert_eq!(
        next_n("15 10 ? * 6L *", "2024-01-01T00:00:00Z", 5),
        [
            "2024-01-26T10:15:00Z",
            "2024-02-23T10:15:00Z",
            "2024-03-29T10:15:00Z",
            "2024-04-26T10:15:00Z",
            "2024-05-31T10:15:00Z"
        ]
    );
    // Same with a name.
    assert_eq!(
        next("15 10 ? * FRIL *", "2024-01-01T00:00:00Z").unwrap(),
        "2024-01-26T10:15:00Z"
    );
}

#[test]
fn second_tuesday() {
    assert_eq!(
        next_n("0 0 ? * 3#2 *", "2024-01-01T00:00:00Z", 3),
        [
            "2024-01-09T00:00:00Z",
            "2024-02-13T00:00:00Z",
            "2024-03-12T00:00:00Z"
        ]
    );
}

#[test]
fn first_monday_by_name() {
    assert_eq!(
        next_n("0 0 ? * MON#1 *", "2024-01-01T00:00:00Z", 2),
        ["2024-02-05T00:00:00Z", "2024-03-04T00:00:00Z"]
    );
}

#[test]
fn fifth_sunday_skips_months_without_one() {
    assert_eq!(
        next_n("0 0 ? * 1#5 *", "2024-01-01T00:00:00Z", 4),
        [
            "2024-03-31T00:00:00Z",
            "2024-06-30T00:00:00Z",
            "2024-09-29T00:00:00Z",
            "2024-12-29T00:00:00Z"
        ]
    );
}

// --- month / year ------------------------------------------------------------------

#[test]
fn month_names_and_list() {
    assert_eq!(
        next_n("0 0 1 JAN,jul ? *", "2024-01-01T00:00:00Z", 2),
        ["2024-07-01T00:00:00Z", "2025-01-01T00:00:00Z"]
    );
}

#[test]
fn month_step_quarterly() {
    assert_eq!(
        next_n("0 0 1 */3 ? *", "2024-01-01T00:00:00Z", 3),
        [
            "2024-04-01T00:00:00Z",
            "2024-07-01T00:00:00Z",
            "2024-10-01T00:00:00Z"
        ]
    );
}

#[test]
fn month_wraparound_range() {
    assert_eq!(
        next_n("0 0 1 NOV-FEB ? *", "2024-03-01T00:00:00Z", 5),
        [
            "2024-11-01T00:00:00Z",
            "2024-12-01T00:00:00Z",
            "2025-01-01T00:00:00Z",
            "2025-02-01T00:00:00Z",
            "2025-11-01T00:00:00Z"
        ]
    );
}

#[test]
fn single_year() {
    assert_eq!(
        next_n("0 0 1 1 ? 2030", "2024-06-01T00:00:00Z", 2),
        ["2030-01-01T00:00:00Z"]
    );
}

#[test]
fn year_step() {
    assert_eq!(
        next_n("0 0 1 1 ? 2025/5", "2024-06-01T00:00:00Z", 3),
        [
            "2025-01-01T00:00:00Z",
            "2030-01-01T00:00:00Z",
            "2035-01-01T00:00:00Z"
        ]
    );
}

#[test]
fn year_list_and_range() {
    assert_eq!(
        next_n("0 0 1 1 ? 2026,2028-2029", "2024-06-01T00:00:00Z", 4),
        [
            "2026-01-01T00:00:00Z",
            "2028-01-01T00:00:00Z",
            "2029-01-01T00:00:00Z"
        ]
    );
}

#[test]
fn years_in_the_past_never_fire() {
    assert_eq!(next("0 0 1 1 ? 2020-2022", "2024-01-01T00:00:00Z"), None);
}

#[test]
fn last_possible_minute() {
    assert_eq!(
        next("* * * * ? 2199", "2199-12-31T23:58:00Z").unwrap(),
        "2199-12-31T23:59:00Z"
    );
    assert_eq!(next("* * * * ? *", "2199-12-31T23:59:00Z"), None);
    assert_eq!(next("* * * * ? *", "2250-01-01T00:00:00Z"), None);
}

#[test]
fn before_1970_starts_in_1970() {
    assert_eq!(
        next("0 0 1 1 ? *", "1960-05-05T00:00:00Z").unwrap(),
        "1970-01-01T00:00:00Z"
    );
}

#[test]
fn feb_29_leap_years_only() {
    assert_eq!(
        next_n("0 0 29 2 ? *", "2023-03-01T00:00:00Z", 3),
        [
            "2024-02-29T00:00:00Z",
            "2028-02-29T00:00:00Z",
            "2032-02-29T00:00:00Z"
        ]
    );
    // 2100 is not a leap year.
    assert_eq!(
        next("0 0 29 2 ? *", "2097-03-01T00:00:00Z").unwrap(),
        "2104-02-29T00:00:00Z"
    );
    assert_eq!(next("0 0 29 2 ? 2101-2103", "2024-01-01T00:00:00Z"), None);
}

#[test]
fn never_matching_expressions_terminate() {
    let start = std::time::Instant::now();
    for body in [
        "0 0 30 2 ? *",
        "0 0 31 4,6,9,11 ? *",
        "* * 31 2 ? *",
        "0 0 31W 2 ? *",
        "0 0 ? 2 1#5 2026",
        "0 0 30 FEB ? 1970-2199",
    ] {
        assert_eq!(next(body, "1970-01-01T00:00:00Z"), None, "{body}");
    }
    // Generous bound; each search is a few thousand steps at most.
    assert!(start.elapsed() < std::time::Duration::from_secs(2));
}

#[test]
fn fifth_sunday_in_february_of_a_leap_year() {
    // Feb 2032 has five Sundays (1st is a Sunday, 29 days).
    assert_eq!(
        next("0 0 ? 2 1#5 *", "2024-01-01T00:00:00Z").unwrap(),
        "2032-02-29T00:00:00Z"
    );
}

// --- time zones -------------------------------------------------------------------

#[test]
fn kolkata_half_hour_offset() {
    assert_eq!(
        next_n_in(
            "0 9 * * ? *",
            "2024-01-15T00:00:00Z",
            &tz("Asia/Kolkata"),
            2
        ),
        ["2024-01-15T03:30:00Z", "2024-01-16T03:30:00Z"]
    );
}

#[test]
fn kolkata_day_boundary_differs_from_utc() {
    // 00:30 IST on Monday 2024-01-22 is Sunday 19:00 UTC.
    assert_eq!(
        next_n_in(
            "30 0 ? * MON *",
            "2024-01-15T00:00:00Z",
            &tz("Asia/Kolkata"),
            1
        ),
        ["2024-01-21T19:00:00Z"]
    );
}

#[test]
fn new_york_weekday_mornings_across_dst() {
    // 05:00 EST = 10:00Z before 2024-03-10, 05:00 EDT = 09:00Z after.
    assert_eq!(
        next_n_in(
            "0 5 ? * MON-FRI *",
            "2024-03-08T00:00:00Z",
            &tz("America/New_York"),
            2
        ),
        ["2024-03-08T10:00:00Z", "2024-03-11T09:00:00Z"]
    );
}

#[test]
fn new_york_spring_forward_skips_missing_time() {
    // 02:30 does not exist on 2024-03-10: skipped.
    assert_eq!(
        next_n_in(
            "30 2 * * ? *",
            "2024-03-09T12:00:00Z",
            &tz("America/New_York"),
            1
        ),
        ["2024-03-11T06:30:00Z"]
    );
}

#[test]
fn new_york_spring_forward_half_hourly() {
    // 01:30 EST, then 02:00 and 02:30 do not exist, then 03:00 EDT.
    assert_eq!(
        next_n_in(
            "*/30 * * * ? *",
            "2024-03-10T06:00:00Z",
            &tz("America/New_York"),
            3
        ),
        [
            "2024-03-10T06:30:00Z",
            "2024-03-10T07:00:00Z",
            "2024-03-10T07:30:00Z"
        ]
    );
}

#[test]
fn new_york_fall_back_fires_once() {
    // 01:30 occurs twice on 2024-11-03; only the first (EDT) fires.
    assert_eq!(
        next_n_in(
            "30 1 * * ? *",
            "2024-11-02T12:00:00Z",
            &tz("America/New_York"),
            2
        ),
        ["2024-11-03T05:30:00Z", "2024-11-04T06:30:00Z"]
    );
}

#[test]
fn new_york_fall_back_hourly() {
    // 01:00 EDT (05:00Z) fires, 01:00 EST (06:00Z) does not, 02:00 EST does.
    assert_eq!(
        next_n_in(
            "0 * * * ? *",
            "2024-11-03T04:30:00Z",
            &tz("America/New_York"),
            3
        ),
        [
            "2024-11-03T05:00:00Z",
            "2024-11-03T07:00:00Z",
            "2024-11-03T08:00:00Z"
        ]
    );
}

#[test]
fn new_york_after_inside_repeated_hour() {
    // `after` is 01:10 EST, the second pass through 01:xx: the remaining
    // 01:15/01:30/01:45 already fired during the first pass.
    assert_eq!(
        next_n_in(
            "*/15 * * * ? *",
            "2024-11-03T06:10:00Z",
            &tz("America/New_York"),
            2
        ),
        ["2024-11-03T07:00:00Z", "2024-11-03T07:15:00Z"]
    );
}

#[test]
fn london_both_dst_edges() {
    let london = tz("Europe/London");
    // 01:30 does not exist on 2024-03-31.
    assert_eq!(
        next_n_in("30 1 * * ? *", "2024-03-30T12:00:00Z", &london, 1),
        ["2024-04-01T00:30:00Z"]
    );
    // 01:30 happens twice on 2024-10-27; fires at 01:30 BST only.
    assert_eq!(
        next_n_in("30 1 * * ? *", "2024-10-26T12:00:00Z", &london, 2),
        ["2024-10-27T00:30:00Z", "2024-10-28T01:30:00Z"]
    );
}

#[test]
fn lord_howe_half_hour_spring_forward() {
    let lh = tz("Australia/Lord_Howe");
    // 2024-10-06 02:00 (+10:30) jumps to 02:30 (+11): 02:15 is skipped...
    assert_eq!(
        next_n_in("15 2 * * ? *", "2024-10-05T00:00:00Z", &lh, 1),
        ["2024-10-06T15:15:00Z"]
    );
    // ... but 02:45 exists.
    assert_eq!(
        next_n_in("45 2 * * ? *", "2024-10-05T00:00:00Z", &lh, 1),
        ["2024-10-05T15:45:00Z"]
    );
    // Half-hourly: 01:30 (+10:30), [02:00 missing], 02:30 (+11).
    assert_eq!(
        next_n_in("*/30 * * * ? *", "2024-10-05T14:45:00Z", &lh, 2),
        ["2024-10-05T15:00:00Z", "2024-10-05T15:30:00Z"]
    );
}

#[test]
fn lord_howe_half_hour_fall_back() {
    let lh = tz("Australia/Lord_Howe");
    // 2024-04-07 02:00 (+11) goes back to 01:30 (+10:30): 01:45 repeats.
    assert_eq!(
        next_n_in("45 1 * * ? *", "2024-04-06T00:00:00Z", &lh, 2),
        ["2024-04-06T14:45:00Z", "2024-04-07T15:15:00Z"]
    );
    // Half-hourly: 01:30 (+11), [01:30 (+10:30) not repeated], 02:00 (+10:30).
    assert_eq!(
        next_n_in("*/30 * * * ? *", "2024-04-06T14:00:00Z", &lh, 2),
        ["2024-04-06T14:30:00Z", "2024-04-06T15:30:00Z"]
    );
}

#[test]
fn utc_default_zone() {
    let zone = aws_cron::default_timezone();
    assert_eq!(
        cron("0 12 * * ? *")
            .next_after(ts("2024-01-01T00:00:00Z"), &zone)
            .unwrap()
            .to_string(),
        "2024-01-01T12:00:00Z"
    );
}

// --- helpers: occurrences, matches ----------------------------------------------------

#[test]
fn occurrences_between_is_exclusive_start_inclusive_end() {
    let expr = cron("0 */6 * * ? *");
    let zone = utc();
    let got: Vec<String> = expr
        .occurrences_between(
            ts("2024-01-01T00:00:00Z"),
            ts("2024-01-02T00:00:00Z"),
            &zone,
        )
        .map(|t| t.to_string())
        .collect();
    assert_eq!(
        got,
        [
            "2024-01-01T06:00:00Z",
            "2024-01-01T12:00:00Z",
            "2024-01-01T18:00:00Z",
            "2024-01-02T00:00:00Z"
        ]
    );
}

#[test]
fn occurrences_between_empty_and_dst() {
    let zone = tz("America/New_York");
    let expr = cron("0 * * * ? *");
    // Fall-back night 00:00-04:00 local: 01:00 fires once.
    let got: Vec<String> = expr
        .occurrences_between(
            ts("2024-11-03T04:00:00Z"),
            ts("2024-11-03T09:00:00Z"),
            &zone,
        )
        .map(|t| t.to_string())
        .collect();
    assert_eq!(
        got,
        [
            "2024-11-03T05:00:00Z",
            "2024-11-03T07:00:00Z",
            "2024-11-03T08:00:00Z",
            "2024-11-03T09:00:00Z"
        ]
    );
    assert_eq!(
        cron("0 0 30 2 ? *")
            .occurrences_between(
                ts("2024-01-01T00:00:00Z"),
                ts("2030-01-01T00:00:00Z"),
                &zone
            )
            .count(),
        0
    );
}

#[test]
fn occurrences_count_over_a_year() {
    // Weekdays at 05:00 UTC in 2024: 262 weekdays.
    let expr = cron("0 5 ? * MON-FRI *");
    let zone = utc();
    assert_eq!(
        expr.occurrences_between(
            ts("2023-12-31T23:59:00Z"),
            ts("2024-12-31T23:59:00Z"),
            &zone
        )
        .count(),
        262
    );
}

#[test]
fn matches_wall_clock() {
    let expr = cron("30 9 ? * 6L 2024");
    let dt = |s: &str| s.parse::<DateTime>().unwrap();
    assert!(expr.matches(dt("2024-01-26T09:30:00")));
    assert!(expr.matches(dt("2024-01-26T09:30:45")));
    assert!(!expr.matches(dt("2024-01-19T09:30:00")));
    assert!(!expr.matches(dt("2024-01-26T09:31:00")));
    assert!(!expr.matches(dt("2025-01-31T09:30:00")));
    assert!(!expr.matches(dt("1969-01-31T09:30:00")));
}

#[test]
fn schedule_cron_delegates() {
    let s = Schedule::parse("cron(0 10 * * ? *)").unwrap();
    assert_eq!(
        s.next_after(ts("2024-01-15T10:00:00Z"), &utc())
            .unwrap()
            .to_string(),
        "2024-01-16T10:00:00Z"
    );
}

// --- cross-check against a minute-by-minute brute force ----------------------------

/// Every instant in `(from, to]` on a whole minute whose wall-clock time
/// matches, keeping only the first occurrence of a repeated wall-clock time.
fn brute_force(expr: &CronExpr, from: &str, to: &str, zone: &TimeZone) -> Vec<Timestamp> {
    let (from, to) = (ts(from), ts(to));
    let mut out = Vec::new();
    let mut t = from;
    loop {
        t = t
            .checked_add(aws_cron::jiff::SignedDuration::from_secs(60))
            .unwrap();
        if t > to {
            return out;
        }
        let local = zone.to_datetime(t);
        if expr.matches(local) && zone.to_ambiguous_timestamp(local).earlier().unwrap() == t {
            out.push(t);
        }
    }
}

const BRUTE_FORCE_EXPRESSIONS: &[&str] = &[
    "0 10 * * ? *",
    "*/7 * * * ? *",
    "13-17,40/9 3-5,22-1 * * ? *",
    "0 0 L * ? *",
    "30 12 L-3 * ? *",
    "0 6 LW * ? *",
    "0 6 1W * ? *",
    "0 6 29W * ? *",
    "0 6 30W * ? *",
    "0 6 31W * ? *",
    "45 23 ? * 1L *",
    "45 23 ? * 5#3 *",
    "45 23 ? * 5#5 *",
    "0 */5 ? * FRI-MON *",
    "0 0 28-2/2 * ? *",
    "5 4 29 FEB ? *",
    "0,30 * ? * SUN *",
    "0 9 ? 2-3 2-6 2024",
    "0 9 ? * * 2025",
];

#[test]
fn agrees_with_brute_force_in_utc() {
    let zone = utc();
    for body in BRUTE_FORCE_EXPRESSIONS {
        let expr = cron(body);
        let (from, to) = ("2024-01-20T00:00:00Z", "2024-03-10T00:00:00Z");
        let fast: Vec<Timestamp> = expr.occurrences_between(ts(from), ts(to), &zone).collect();
        assert_eq!(fast, brute_force(&expr, from, to, &zone), "{body}");
    }
}

#[test]
fn agrees_with_brute_force_across_dst() {
    for (zone, from, to) in [
        (
            "America/New_York",
            "2024-03-08T00:00:00Z",
            "2024-03-12T00:00:00Z",
        ),
        (
            "America/New_York",
            "2024-11-01T00:00:00Z",
            "2024-11-05T00:00:00Z",
        ),
        (
            "Australia/Lord_Howe",
            "2024-04-05T00:00:00Z",
            "2024-04-09T00:00:00Z",
        ),
        (
            "Australia/Lord_Howe",
            "2024-10-04T00:00:00Z",
            "2024-10-08T00:00:00Z",
        ),
        (
            "Europe/London",
            "2024-10-25T00:00:00Z",
            "2024-10-29T00:00:00Z",
        ),
    ] {
        let zone = tz(zone);
        for body in [
            "* * * * ? *",
            "*/15 * * * ? *",
            "0 * * * ? *",
            "30 1-2 * * ? *",
            "15,45 0-3 ? * * *",
        ] {
            let expr = cron(body);
            let fast: Vec<Timestamp> = expr.occurrences_between(ts(from), ts(to), &zone).collect();
            assert_eq!(fast, brute_force(&expr, from, to, &zone), "{body} {from}");
        }
    }
}
