//! `ListScanJobs`: newest first, every `By*` filter of the model, keyset pagination.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{ListScanJobsInput, ListScanJobsOutput};
use crate::engine::backend::Backend;
use crate::model::scan_job::ScanJobRecord;
use crate::support::listing::{max_results, millis, within};
use crate::support::newest_first::newest_first;

/// `ByAccountId` of an AWS Organizations management account for every account.
const ANY_ACCOUNT: &str = "*";

fn matches(job: &ScanJobRecord, input: &ListScanJobsInput) -> bool {
    input
        .by_account_id
        .as_ref()
        .is_none_or(|a| a == ANY_ACCOUNT || *a == job.account_id)
        && input
            .by_backup_vault_name
            .as_ref()
            .is_none_or(|v| *v == job.vault_name)
        && input
            .by_malware_scanner
            .is_none_or(|s| s == job.malware_scanner)
        && input
            .by_recovery_point_arn
            .as_ref()
            .is_none_or(|arn| *arn == job.recovery_point_arn)
        && input
            .by_resource_arn
            .as_ref()
            .is_none_or(|arn| *arn == job.resource_arn)
        && input
            .by_resource_type
            .is_none_or(|t| t == job.resource_type)
        && input
            .by_scan_result_status
            .is_none_or(|s| job.result == Some(s))
        && input.by_state.is_none_or(|s| s == job.state)
        && within(
            job.completion_date,
            input.by_complete_after,
            input.by_complete_before,
        )
}

/// `ListScanJobs`.
pub(crate) fn list_scan_jobs(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListScanJobsInput,
) -> Result<ListScanJobsOutput, ServiceError> {
    // Tokens are bound to every filter, so one cannot resume another listing.
    let scope = format!(
        "ListScanJobs|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
        input.by_account_id,
        input.by_backup_vault_name,
        millis(input.by_complete_after),
        millis(input.by_complete_before),
        input.by_malware_scanner,
        input.by_recovery_point_arn,
        input.by_resource_arn,
        input.by_resource_type,
        input.by_scan_result_status,
        input.by_state,
    );
    let max = max_results(input.max_results);
    svc.store.with_region(ctx, |region| {
        let page = newest_first(
            region.scan_jobs.values(),
            input.next_token.as_deref(),
            &scope,
            max,
            |job| matches(job, &input),
        )
        .map_err(|err| crate::support::pagination::error(&err))?;
        Ok(ListScanJobsOutput {
            next_token: page.next_token,
            scan_jobs: page
                .items
                .into_iter()
                .map(ScanJobRecord::to_list_member)
                .collect(),
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::BackupService;
    use emulator_core::dto::Timestamp;

    use super::super::test_support::{full_scan, start};
    use super::*;
    use crate::api::generated::{ScanResourceType, ScanResultStatus, ScanState};
    use crate::ops::recovery_points::test_support::{put, put_with};
    use crate::ops::vaults::test_support::create;
    use crate::test_support::{code, ctx, service};

    fn ids(svc: &BackupService, input: ListScanJobsInput) -> (Vec<String>, Option<String>) {
        let out = list_scan_jobs(svc, &ctx(), input).expect("listed");
        (
            out.scan_jobs.into_iter().map(|j| j.scan_job_id).collect(),
            out.next_token,
        )
    }

    #[test]
    fn every_filter_narrows_and_pages_run_newest_first() {
        let svc = service();
        create(&svc, "v");
        create(&svc, "w");
        let volume = put(&svc, "v", "VOL", 1_000);
        let bucket = put_with(&svc, "w", "BUCKET", 2_000, |p| {
            p.resource_arn = "arn:aws:s3:::b".into();
            p.resource_type = "S3".parse().unwrap();
        });
        let first = start(&svc, full_scan("v", &volume)).unwrap().scan_job_id;
        svc.clock.advance(5.0);
        svc.settle_due();
        let second = start(&svc, full_scan("w", &bucket)).unwrap().scan_job_id;

        let all = ids(&svc, ListScanJobsInput::default()).0;
        assert_eq!(all, [second.clone(), first.clone()]);
        let by = |f: fn(&mut ListScanJobsInput)| {
            let mut input = ListScanJobsInput::default();
            f(&mut input);
            ids(&svc, input).0
        };
        assert_eq!(
            by(|i| i.by_backup_vault_name = Some("w".into())),
            [second.as_str()]
        );
        assert_eq!(
            by(|i| i.by_resource_type = Some(ScanResourceType::Ebs)),
            [first.as_str()]
        );
        assert_eq!(
            by(|i| i.by_resource_arn = Some("arn:aws:s3:::b".into())),
            [second.as_str()]
        );
        assert_eq!(
            by(|i| i.by_state = Some(ScanState::Completed)),
            [first.as_str()]
        );
        assert_eq!(
            by(|i| i.by_scan_result_status = Some(ScanResultStatus::NoThreatsFound)),
            [first.as_str()]
        );
        assert_eq!(by(|i| i.by_account_id = Some("*".into())).len(), 2);
        assert!(by(|i| i.by_account_id = Some("444455556666".into())).is_empty());
        assert_eq!(
            ids(
                &svc,
                ListScanJobsInput {
                    by_recovery_point_arn: Some(volume.clone()),
                    by_complete_after: Some(Timestamp::from_epoch_millis(0)),
                    ..Default::default()
                }
            )
            .0,
            [first.as_str()]
        );

        let (page, token) = ids(
            &svc,
            ListScanJobsInput {
                max_results: Some(1),
                ..Default::default()
            },
        );
        assert_eq!(page, [second]);
        let (rest, end) = ids(
            &svc,
            ListScanJobsInput {
                max_results: Some(1),
                next_token: token.clone(),
                ..Default::default()
            },
        );
        assert_eq!((rest, end), (vec![first], None));
        let error = list_scan_jobs(
            &svc,
            &ctx(),
            ListScanJobsInput {
                by_backup_vault_name: Some("v".into()),
                next_token: token,
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(code(&error), "InvalidParameterValueException");
    }
}
