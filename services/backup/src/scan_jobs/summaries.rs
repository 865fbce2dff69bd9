//! `ListScanJobSummaries`: scan job counts per (state, resource type, scan result, malware
//! scanner) and period, counted by `job_summaries` as the other job summaries are. A job that
//! has no result yet is counted without one, unless one result was asked for.

use std::str::FromStr;

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{
    ListScanJobSummariesInput, ListScanJobSummariesOutput, MalwareScanner, ScanJobStatus,
    ScanJobSummary, ScanResultStatus,
};
use crate::job_summaries::{period, summarize, Dimension, Fact, Request};
use crate::BackupService;

/// `ListScanJobSummaries`.
pub(crate) fn list_scan_job_summaries(
    svc: &BackupService,
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
mod tests {
    use super::super::test_support::{full_scan, start};
    use super::*;
    use crate::api::generated::AggregationPeriod;
    use crate::recovery_points::test_support::put;
    use crate::test_support::{ctx, service};
    use crate::vaults::test_support::create;

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
