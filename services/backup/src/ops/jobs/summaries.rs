//! ListBackupJobSummaries, ListRestoreJobSummaries and ListCopyJobSummaries: job counts of the
//! caller's region per (state, resource type, message category) and period. ListScanJobSummaries
//! (below) counts the same way, with a fourth dimension (the malware scanner).
//!
//! `AggregationPeriod` `ONE_DAY` counts each of the last 14 days (UTC), `SEVEN_DAYS` and
//! `FOURTEEN_DAYS` count the last 7 or 14 days as one period; a job counts in the period it was
//! created in. For each dimension, `ANY` (or leaving it out) counts each value apart,
//! `AGGREGATE_ALL` adds all values up under that name, and any other value counts only it. The
//! emulator has no AWS Organizations, so, as AWS does for an account outside one, `AccountId`
//! still returns the caller's own counts.

use std::collections::BTreeMap;
use std::str::FromStr;

use aws_pagination::{paginate_sorted, Order};
use emulator_core::dto::Timestamp;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::engine::backend::Backend;
use crate::support::listing::max_results;

const DAY_MILLIS: i64 = 86_400_000;
const ANY: &str = "ANY";
const AGGREGATE_ALL: &str = "AGGREGATE_ALL";

/// One job as the summaries count it.
pub(crate) struct Fact {
    /// When the job was created: the period it counts in.
    pub created: Timestamp,
    /// Its state.
    pub state: String,
    /// Its resource type.
    pub resource_type: String,
    /// Its message category (a scan's result), if it has one.
    pub category: Option<String>,
    /// A fourth dimension, for the summaries that have one (a scan's malware scanner).
    pub detail: Option<String>,
}

/// How one dimension of the summaries is asked for.
pub(crate) enum Dimension<'a> {
    /// Each value counted apart (`ANY` or absent).
    Each,
    /// All values added up under `AGGREGATE_ALL`.
    All,
    /// Only this value.
    Only(&'a str),
}

impl<'a> Dimension<'a> {
    /// The dimension as a request's member asks for it.
    pub fn of(asked: Option<&'a str>) -> Self {
        match asked {
            None | Some(ANY) => Self::Each,
            Some(AGGREGATE_ALL) => Self::All,
            Some(value) => Self::Only(value),
        }
    }

    /// The name `value` is counted under, or `None` when it is not counted.
    fn label(&self, value: &str) -> Option<String> {
        match self {
            Self::Each => Some(value.to_owned()),
            Self::All => Some(AGGREGATE_ALL.to_owned()),
            Self::Only(only) => only.eq_ignore_ascii_case(value).then(|| (*only).to_owned()),
        }
    }

    /// The name an optional `value` is counted under: `Some(None)` for a job without a value
    /// (counted without this dimension, unless one value was asked for), `None` when the job is
    /// not counted.
    fn label_optional(&self, value: Option<&str>) -> Option<Option<String>> {
        match value {
            Some(value) => self.label(value).map(Some),
            None if matches!(self, Self::Only(_)) => None,
            None => Some(None),
        }
    }
}

/// What a summaries request asks for.
pub(crate) struct Request<'a> {
    /// `AggregationPeriod`.
    pub period: AggregationPeriod,
    /// `State`.
    pub state: Dimension<'a>,
    /// `ResourceType`.
    pub resource_type: Dimension<'a>,
    /// `MessageCategory` (`ScanResultStatus` for scans).
    pub category: Dimension<'a>,
    /// The fourth dimension (`MalwareScanner` for scans).
    pub detail: Dimension<'a>,
}

/// One counted group.
pub(crate) struct Row {
    /// Start of the period.
    pub start: Timestamp,
    /// End of the period.
    pub end: Timestamp,
    /// The state counted.
    pub state: String,
    /// The resource type counted.
    pub resource_type: String,
    /// The category counted, if the jobs have one.
    pub category: Option<String>,
    /// The fourth dimension counted, if the jobs have one.
    pub detail: Option<String>,
    /// How many jobs.
    pub count: i32,
}

/// The periods to count in, newest first: whole UTC days ending with today.
fn periods(period: AggregationPeriod, now: Timestamp) -> Vec<(Timestamp, Timestamp)> {
    let today = now.epoch_millis().div_euclid(DAY_MILLIS) * DAY_MILLIS;
    let end = today + DAY_MILLIS;
    let span = |from_days_ago: i64, days: i64| {
        let stop = end - from_days_ago * DAY_MILLIS;
        (
            Timestamp::from_epoch_millis(stop - days * DAY_MILLIS),
            Timestamp::from_epoch_millis(stop),
        )
    };
    match period {
        AggregationPeriod::OneDay => (0..14).map(|ago| span(ago, 1)).collect(),
        AggregationPeriod::SevenDays => vec![span(0, 7)],
        AggregationPeriod::FourteenDays => vec![span(0, 14)],
    }
}

/// Counts `facts` as `request` asks, newest period first, then by state, type and category.
fn count(facts: &[Fact], request: &Request<'_>, now: Timestamp) -> Vec<Row> {
    let mut rows = Vec::new();
    for (start, end) in periods(request.period, now) {
        let mut groups: BTreeMap<(String, String, Option<String>, Option<String>), i32> =
            BTreeMap::new();
        for fact in facts
            .iter()
            .filter(|f| f.created >= start && f.created < end)
        {
            let (Some(state), Some(resource_type), Some(category), Some(detail)) = (
                request.state.label(&fact.state),
                request.resource_type.label(&fact.resource_type),
                request.category.label_optional(fact.category.as_deref()),
                request.detail.label_optional(fact.detail.as_deref()),
            ) else {
                continue;
            };
            *groups
                .entry((state, resource_type, category, detail))
                .or_default() += 1;
        }
        rows.extend(
            groups
                .into_iter()
                .map(|((state, resource_type, category, detail), count)| Row {
                    start,
                    end,
                    state,
                    resource_type,
                    category,
                    detail,
                    count,
                }),
        );
    }
    rows
}

/// One page of `rows`, which [`count`] returns in the listing's order.
fn page<'a>(
    rows: &'a [Row],
    token: Option<&str>,
    scope: &str,
    max: usize,
) -> Result<(Vec<&'a Row>, Option<String>), ServiceError> {
    // Newest period first: the key's leading number is the negated start.
    let entries = rows.iter().map(|row| {
        let label = format!(
            "{}\u{0}{}\u{0}{}\u{0}{}",
            row.state,
            row.resource_type,
            row.category.as_deref().unwrap_or_default(),
            row.detail.as_deref().unwrap_or_default()
        );
        ((-row.start.epoch_millis(), label), row)
    });
    let page = paginate_sorted(entries, Order::Ascending, token, scope, max, |_| true)
        .map_err(|err| crate::support::pagination::error(&err))?;
    Ok((page.items, page.next_token))
}

/// Counts `facts` as `request` asks and shapes one page of the rows with `to_summary`.
pub(crate) fn summarize<T>(
    facts: &[Fact],
    request: &Request<'_>,
    now: Timestamp,
    paging: (Option<&str>, &str, Option<i32>),
    to_summary: impl Fn(&Row) -> T,
) -> Result<(Vec<T>, Option<String>), ServiceError> {
    let (token, scope, max) = paging;
    let rows = count(facts, request, now);
    let (items, next_token) = page(&rows, token, scope, max_results(max))?;
    Ok((items.into_iter().map(to_summary).collect(), next_token))
}

/// The period asked for; a day when none is.
pub(crate) fn period(asked: Option<AggregationPeriod>) -> AggregationPeriod {
    asked.unwrap_or(AggregationPeriod::OneDay)
}

/// `ListBackupJobSummaries`.
pub(crate) fn list_backup_job_summaries(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListBackupJobSummariesInput,
) -> Result<ListBackupJobSummariesOutput, ServiceError> {
    let request = Request {
        period: period(input.aggregation_period),
        state: Dimension::of(input.state.map(|s| s.as_str())),
        resource_type: Dimension::of(input.resource_type.as_deref()),
        category: Dimension::of(input.message_category.as_deref()),
        detail: Dimension::Each,
    };
    let scope = format!(
        "ListBackupJobSummaries|{}|{:?}|{:?}|{:?}",
        request.period, input.state, input.resource_type, input.message_category
    );
    let facts: Vec<Fact> = svc.store.with_region(ctx, |region| {
        region
            .backup_jobs
            .values()
            .map(|job| Fact {
                created: job.creation_date,
                state: job.state.as_str().to_owned(),
                resource_type: job.resource_type.to_string(),
                category: Some(job.message_category().to_owned()),
                detail: None,
            })
            .collect()
    });
    let paging = (
        input.next_token.as_deref(),
        scope.as_str(),
        input.max_results,
    );
    let (summaries, next_token) = summarize(&facts, &request, svc.clock.now(), paging, |row| {
        BackupJobSummary {
            account_id: Some(ctx.account_id.clone()),
            count: Some(row.count),
            end_time: Some(row.end),
            message_category: row.category.clone(),
            region: Some(ctx.region.clone()),
            resource_type: Some(row.resource_type.clone()),
            start_time: Some(row.start),
            state: BackupJobStatus::from_str(&row.state).ok(),
        }
    })?;
    Ok(ListBackupJobSummariesOutput {
        aggregation_period: Some(request.period.as_str().to_owned()),
        backup_job_summaries: Some(summaries),
        next_token,
    })
}

/// `ListRestoreJobSummaries`: restore jobs have no message category.
pub(crate) fn list_restore_job_summaries(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListRestoreJobSummariesInput,
) -> Result<ListRestoreJobSummariesOutput, ServiceError> {
    let request = Request {
        period: period(input.aggregation_period),
        state: Dimension::of(input.state.map(|s| s.as_str())),
        resource_type: Dimension::of(input.resource_type.as_deref()),
        category: Dimension::Each,
        detail: Dimension::Each,
    };
    let scope = format!(
        "ListRestoreJobSummaries|{}|{:?}|{:?}",
        request.period, input.state, input.resource_type
    );
    let facts: Vec<Fact> = svc.store.with_region(ctx, |region| {
        region
            .restore_jobs
            .values()
            .map(|job| Fact {
                created: job.creation_date,
                state: job.status.as_str().to_owned(),
                resource_type: job.resource_type.clone(),
                category: None,
                detail: None,
            })
            .collect()
    });
    let paging = (
        input.next_token.as_deref(),
        scope.as_str(),
        input.max_results,
    );
    let (summaries, next_token) = summarize(&facts, &request, svc.clock.now(), paging, |row| {
        RestoreJobSummary {
            account_id: Some(ctx.account_id.clone()),
            count: Some(row.count),
            end_time: Some(row.end),
            region: Some(ctx.region.clone()),
            resource_type: Some(row.resource_type.clone()),
            start_time: Some(row.start),
            state: RestoreJobState::from_str(&row.state).ok(),
        }
    })?;
    Ok(ListRestoreJobSummariesOutput {
        aggregation_period: Some(request.period.as_str().to_owned()),
        next_token,
        restore_job_summaries: Some(summaries),
    })
}

/// `ListCopyJobSummaries`: counts the copy jobs started in the caller's region.
pub(crate) fn list_copy_job_summaries(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListCopyJobSummariesInput,
) -> Result<ListCopyJobSummariesOutput, ServiceError> {
    let request = Request {
        period: period(input.aggregation_period),
        state: Dimension::of(input.state.map(|s| s.as_str())),
        resource_type: Dimension::of(input.resource_type.as_deref()),
        category: Dimension::of(input.message_category.as_deref()),
        detail: Dimension::Each,
    };
    let scope = format!(
        "ListCopyJobSummaries|{}|{:?}|{:?}|{:?}",
        request.period, input.state, input.resource_type, input.message_category
    );
    let facts: Vec<Fact> = svc.store.with_region(ctx, |region| {
        region
            .copy_jobs
            .values()
            .map(|job| Fact {
                created: job.creation_date,
                state: job.state.as_str().to_owned(),
                resource_type: job.resource_type.clone(),
                category: Some(job.message_category().to_owned()),
                detail: None,
            })
            .collect()
    });
    let paging = (
        input.next_token.as_deref(),
        scope.as_str(),
        input.max_results,
    );
    let (summaries, next_token) = summarize(&facts, &request, svc.clock.now(), paging, |row| {
        CopyJobSummary {
            account_id: Some(ctx.account_id.clone()),
            count: Some(row.count),
            end_time: Some(row.end),
            message_category: row.category.clone(),
            region: Some(ctx.region.clone()),
            resource_type: Some(row.resource_type.clone()),
            start_time: Some(row.start),
            state: CopyJobStatus::from_str(&row.state).ok(),
        }
    })?;
    Ok(ListCopyJobSummariesOutput {
        aggregation_period: Some(request.period.as_str().to_owned()),
        copy_job_summaries: Some(summaries),
        next_token,
    })
}

/// `ListScanJobSummaries`.
pub(crate) fn list_scan_job_summaries(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListScanJobSummariesInput,
) -> Result<ListScanJobSummariesOutput, ServiceError> {
    let request = Request {
        period: period(input.aggregation_period),
        state: Dimension::of(input.state.map(|s| s.as_str())),
        resource_type: Dimension::of(input.resource_type.as_deref()),
        category: Dimension::of(input.scan_result_status.map(|s| s.as_str())),
        detail: Dimension::of(input.malware_scanner.map(|s| s.as_str())),
    };
    let scope = format!(
        "ListScanJobSummaries|{}|{:?}|{:?}|{:?}|{:?}",
        request.period,
        input.state,
        input.resource_type,
        input.scan_result_status,
        input.malware_scanner
    );
    let facts: Vec<Fact> = svc.store.with_region(ctx, |region| {
        region
            .scan_jobs
            .values()
            .map(|job| Fact {
                created: job.creation_date,
                state: job.state.as_str().to_owned(),
                resource_type: job.resource_type.as_str().to_owned(),
                category: job.result.map(|r| r.as_str().to_owned()),
                detail: Some(job.malware_scanner.as_str().to_owned()),
            })
            .collect()
    });
    let paging = (
        input.next_token.as_deref(),
        scope.as_str(),
        input.max_results,
    );
    let (summaries, next_token) = summarize(&facts, &request, svc.clock.now(), paging, |row| {
        ScanJobSummary {
            account_id: Some(ctx.account_id.clone()),
            count: Some(row.count),
            end_time: Some(row.end),
            malware_scanner: row
                .detail
                .as_deref()
                .and_then(|s| MalwareScanner::from_str(s).ok()),
            region: Some(ctx.region.clone()),
            resource_type: Some(row.resource_type.clone()),
            scan_result_status: row
                .category
                .as_deref()
                .and_then(|s| ScanResultStatus::from_str(s).ok()),
            start_time: Some(row.start),
            state: ScanJobStatus::from_str(&row.state).ok(),
        }
    })?;
    Ok(ListScanJobSummariesOutput {
        aggregation_period: Some(request.period.as_str().to_owned()),
        next_token,
        scan_job_summaries: Some(summaries),
    })
}

#[cfg(test)]
mod scan_tests {
    use super::*;
    use crate::api::generated::AggregationPeriod;
    use crate::ops::jobs::scan_jobs::test_support::{full_scan, start};
    use crate::ops::recovery_points::test_support::put;
    use crate::ops::vaults::test_support::create;
    use crate::test_support::{ctx, service};
    use crate::BackupService;

    fn summaries(svc: &BackupService, input: ListScanJobSummariesInput) -> Vec<ScanJobSummary> {
        list_scan_job_summaries(svc, &ctx(), input)
            .unwrap()
            .scan_job_summaries
            .unwrap_or_default()
    }

    #[test]
    fn jobs_are_counted_per_state_and_result() {
        let svc = service();
        create(&svc, "v");
        let point = put(&svc, "v", "RP", 1_000);
        start(&svc, full_scan("v", &point)).unwrap();
        start(&svc, full_scan("v", &point)).unwrap();
        svc.clock.advance(3.0);
        svc.settle_due();
        start(&svc, full_scan("v", &point)).unwrap();

        let rows = summaries(&svc, ListScanJobSummariesInput::default());
        let counted: Vec<_> = rows
            .iter()
            .map(|r| (r.state, r.scan_result_status, r.count))
            .collect();
        assert_eq!(
            counted,
            [
                (
                    Some(ScanJobStatus::Completed),
                    Some(ScanResultStatus::NoThreatsFound),
                    Some(2)
                ),
                (Some(ScanJobStatus::Created), None, Some(1)),
            ]
        );
        assert!(rows
            .iter()
            .all(|r| r.malware_scanner == Some(MalwareScanner::Guardduty)
                && r.resource_type.as_deref() == Some("EBS")));

        let clean = summaries(
            &svc,
            ListScanJobSummariesInput {
                scan_result_status: Some(ScanResultStatus::NoThreatsFound),
                aggregation_period: Some(AggregationPeriod::SevenDays),
                ..Default::default()
            },
        );
        assert_eq!(clean.len(), 1);
        assert_eq!(clean[0].count, Some(2));
        let all = summaries(
            &svc,
            ListScanJobSummariesInput {
                state: Some(ScanJobStatus::AggregateAll),
                ..Default::default()
            },
        );
        assert_eq!(all.iter().filter_map(|r| r.count).sum::<i32>(), 3);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW_MILLIS: i64 = 1_700_000_000_000 + 3_600_000;

    fn fact(days_ago: i64, state: &str, resource_type: &str, category: &str) -> Fact {
        Fact {
            created: Timestamp::from_epoch_millis(NOW_MILLIS - days_ago * DAY_MILLIS),
            state: state.to_owned(),
            resource_type: resource_type.to_owned(),
            category: Some(category.to_owned()),
            detail: None,
        }
    }

    fn request<'a>(
        period: AggregationPeriod,
        state: Option<&'a str>,
        resource_type: Option<&'a str>,
    ) -> Request<'a> {
        Request {
            period,
            state: Dimension::of(state),
            resource_type: Dimension::of(resource_type),
            category: Dimension::Each,
            detail: Dimension::Each,
        }
    }

    fn facts() -> Vec<Fact> {
        vec![
            fact(0, "COMPLETED", "EBS", "SUCCESS"),
            fact(0, "COMPLETED", "EBS", "SUCCESS"),
            fact(0, "FAILED", "DynamoDB", "FAILED"),
            fact(3, "COMPLETED", "EBS", "SUCCESS"),
            fact(10, "COMPLETED", "EBS", "SUCCESS"),
            fact(20, "COMPLETED", "EBS", "SUCCESS"),
        ]
    }

    fn now() -> Timestamp {
        Timestamp::from_epoch_millis(NOW_MILLIS)
    }

    #[test]
    fn daily_periods_are_whole_utc_days_newest_first() {
        let days = periods(AggregationPeriod::OneDay, now());
        assert_eq!(days.len(), 14);
        let (start, end) = days[0];
        assert_eq!(start.epoch_millis() % DAY_MILLIS, 0);
        assert_eq!(end.epoch_millis() - start.epoch_millis(), DAY_MILLIS);
        assert!(start <= now() && now() < end);
        assert!(days[1].1 == start);
        let (start, end) = periods(AggregationPeriod::FourteenDays, now())[0];
        assert_eq!(end.epoch_millis() - start.epoch_millis(), 14 * DAY_MILLIS);
    }

    #[test]
    fn each_value_is_counted_apart_within_each_period() {
        let rows = count(
            &facts(),
            &request(AggregationPeriod::OneDay, None, None),
            now(),
        );
        let summary: Vec<_> = rows
            .iter()
            .map(|r| (r.state.as_str(), r.resource_type.as_str(), r.count))
            .collect();
        assert_eq!(
            summary,
            [
                ("COMPLETED", "EBS", 2),
                ("FAILED", "DynamoDB", 1),
                ("COMPLETED", "EBS", 1),
                ("COMPLETED", "EBS", 1),
            ]
        );
        assert!(rows[2].start < rows[0].start);
    }

    #[test]
    fn aggregate_all_adds_values_up_and_a_value_filters() {
        let rows = count(
            &facts(),
            &request(AggregationPeriod::SevenDays, Some(AGGREGATE_ALL), Some(ANY)),
            now(),
        );
        let summary: Vec<_> = rows
            .iter()
            .map(|r| (r.state.as_str(), r.resource_type.as_str(), r.count))
            .collect();
        assert_eq!(
            summary,
            [
                ("AGGREGATE_ALL", "DynamoDB", 1),
                ("AGGREGATE_ALL", "EBS", 3)
            ]
        );
        let rows = count(
            &facts(),
            &request(
                AggregationPeriod::FourteenDays,
                Some("COMPLETED"),
                Some("EBS"),
            ),
            now(),
        );
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].count, 4);
    }

    #[test]
    fn pages_follow_the_rows_order() {
        let rows = count(
            &facts(),
            &request(AggregationPeriod::OneDay, None, None),
            now(),
        );
        let (first, token) = page(&rows, None, "s", 3).unwrap();
        assert_eq!(first.len(), 3);
        let (rest, token) = page(&rows, token.as_deref(), "s", 3).unwrap();
        assert_eq!(rest.len(), 1);
        assert_eq!(token, None);
        assert!(std::ptr::eq(rest[0], &rows[3]));
        assert!(page(&rows, Some("junk"), "s", 3).is_err());
    }
}
