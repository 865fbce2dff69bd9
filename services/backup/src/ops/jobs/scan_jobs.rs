//! Malware scans of recovery points: StartScanJob, DescribeScanJob, GetPITRMalwareScanResults
//! (this file), ListScanJobs (`scan_jobs/listing.rs`) and ListScanJobSummaries
//! (`scan_jobs/summaries.rs`).
//!
//! A scan job reads a recovery point of an EBS volume, EC2 instance or S3 bucket with GuardDuty:
//! CREATED → RUNNING → COMPLETED over the job delay (`scan_jobs/engine.rs`). The emulator scans
//! no data, so every scan that completes finds no threats. The point's latest scan shows in
//! DescribeRecoveryPoint and the point listings (`scan_jobs/results.rs`).

pub mod checks;
pub mod listing;

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{
    DescribeScanJobInput, DescribeScanJobOutput, GetPITRMalwareScanResultsInput,
    GetPITRMalwareScanResultsOutput, ScanState, StartScanJobInput, StartScanJobOutput,
};
use crate::engine::backend::Backend;
use crate::engine::dispatch;
use crate::model::idempotency::TokenKind;
use crate::model::scan_job::ScanJobRecord;
use crate::state::points;
use crate::state::scan_results;
use crate::support::arns::check_role_arn;
use crate::support::errors::{invalid_parameter, invalid_request, not_found};
use crate::support::ids::upper_uuid;

fn started(job: &ScanJobRecord) -> StartScanJobOutput {
    StartScanJobOutput {
        creation_date: job.creation_date,
        scan_job_id: job.id.clone(),
    }
}

/// `StartScanJob`.
///
/// Retrying with the same `IdempotencyToken` returns the first job; the same token for another
/// recovery point is refused.
pub(crate) fn start_scan_job(
    svc: &Backend,
    ctx: &RequestContext,
    input: StartScanJobInput,
) -> Result<StartScanJobOutput, ServiceError> {
    check_role_arn(&input.iam_role_arn)?;
    check_role_arn(&input.scanner_role_arn)?;
    let now = svc.clock.now();
    let settings = svc.engine_settings;
    let (output, follow_ups) = svc.store.with_region(ctx, |region| {
        if input.idempotency_token.is_some() {
            if let Some(job) = region
                .idempotency
                .job_id(TokenKind::Scan, input.idempotency_token.as_deref())
                .and_then(|id| region.scan_jobs.get(id))
            {
                if job.recovery_point_arn != input.recovery_point_arn {
                    return Err(invalid_request(
                        "The idempotency token was already used with different parameters",
                    ));
                }
                return Ok((started(job), Vec::new()));
            }
        }
        let (_, point) =
            points::find_in_vault(region, &input.backup_vault_name, &input.recovery_point_arn)?;
        points::check_not_deleting(point)?;
        let resource_type = checks::resource_type(point)?;
        let base = checks::base(
            region,
            input.scan_mode,
            point,
            input.scan_base_recovery_point_arn.as_deref(),
        )?;
        let (continuous_start, continuous_end) =
            checks::continuous_span(point, input.continuous_scan_end_time, now)?;
        let job = ScanJobRecord {
            id: upper_uuid(),
            account_id: ctx.account_id.clone(),
            vault_name: point.vault_name.to_string(),
            vault_arn: point.vault_arn.to_string(),
            recovery_point_arn: point.arn.to_string(),
            resource_arn: point.resource_arn.to_string(),
            resource_name: point.resource_name().to_owned(),
            resource_type,
            iam_role_arn: input.iam_role_arn.clone(),
            scanner_role_arn: input.scanner_role_arn.clone(),
            malware_scanner: input.malware_scanner,
            scan_mode: input.scan_mode,
            base_recovery_point_arn: base,
            continuous_start,
            continuous_end,
            state: ScanState::Created,
            status_message: None,
            creation_date: now,
            completion_date: None,
            scan_id: None,
            result: None,
            created_by: None,
            idempotency_token: input.idempotency_token.clone(),
        };
        let output = started(&job);
        region
            .idempotency
            .record(TokenKind::Scan, input.idempotency_token.as_deref(), &job.id);
        let follow_ups = dispatch::admit_scan_job(region, job, now, &settings);
        Ok((output, follow_ups))
    })?;
    svc.schedule(ctx, follow_ups);
    Ok(output)
}

/// `DescribeScanJob`.
pub(crate) fn describe_scan_job(
    svc: &Backend,
    ctx: &RequestContext,
    input: DescribeScanJobInput,
) -> Result<DescribeScanJobOutput, ServiceError> {
    svc.store.with_region(ctx, |region| {
        region
            .scan_jobs
            .get(&input.scan_job_id)
            .map(ScanJobRecord::describe)
            .ok_or_else(|| {
                not_found(format!(
                    "Scan job with id {} does not exist",
                    input.scan_job_id
                ))
            })
    })
}

/// `GetPITRMalwareScanResults`: only continuous (point-in-time) backups have a point in time
/// to ask about.
pub(crate) fn get_pitr_malware_scan_results(
    svc: &Backend,
    ctx: &RequestContext,
    input: GetPITRMalwareScanResultsInput,
) -> Result<GetPITRMalwareScanResultsOutput, ServiceError> {
    svc.store.with_region(ctx, |region| {
        let (_, point) =
            points::find_in_vault(region, &input.backup_vault_name, &input.recovery_point_arn)?;
        if !point.continuous {
            return Err(invalid_parameter(format!(
                "Recovery point {} is a snapshot; point-in-time malware scan results exist only \
                 for continuous backups",
                point.arn
            )));
        }
        Ok(scan_results::pitr(
            region,
            &point.arn,
            input.malware_scanner,
            input.scan_end_time,
        ))
    })
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Scan jobs started through the handler, for unit tests.

    use crate::BackupService;

    use super::*;
    use crate::api::generated::{MalwareScanner, ScanMode};
    use crate::test_support::ctx;

    /// The role the tests scan with.
    pub const ROLE: &str = "arn:aws:iam::111122223333:role/scanner";

    /// A full scan of `point` in vault `vault`.
    pub fn full_scan(vault: &str, point: &str) -> StartScanJobInput {
        StartScanJobInput {
            backup_vault_name: vault.to_owned(),
            continuous_scan_end_time: None,
            iam_role_arn: ROLE.to_owned(),
            idempotency_token: None,
            malware_scanner: MalwareScanner::Guardduty,
            recovery_point_arn: point.to_owned(),
            scan_base_recovery_point_arn: None,
            scan_mode: ScanMode::FullScan,
            scanner_role_arn: ROLE.to_owned(),
        }
    }

    /// Starts `input`.
    pub fn start(
        svc: &BackupService,
        input: StartScanJobInput,
    ) -> Result<StartScanJobOutput, ServiceError> {
        start_scan_job(svc, &ctx(), input)
    }

    /// The job `id` as DescribeScanJob shows it.
    pub fn describe(svc: &BackupService, id: &str) -> DescribeScanJobOutput {
        describe_scan_job(
            svc,
            &ctx(),
            DescribeScanJobInput {
                scan_job_id: id.to_owned(),
            },
        )
        .expect("described")
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{describe, full_scan, start};
    use super::*;
    use crate::api::generated::{MalwareScanner, ScanMode, ScanResourceType, ScanResultStatus};
    use crate::ops::recovery_points::test_support::{put, put_with};
    use crate::ops::vaults::test_support::create;
    use crate::test_support::{code, ctx, service};
    use crate::BackupService;

    #[test]
    fn a_scan_runs_and_completes_clean_over_the_delay() {
        let svc = service();
        create(&svc, "v");
        let point = put(&svc, "v", "RP", 1_000);
        let started = start(&svc, full_scan("v", &point)).expect("started");
        let job = describe(&svc, &started.scan_job_id);
        assert_eq!(job.state, ScanState::Created);
        assert_eq!(job.resource_type, ScanResourceType::Ebs);
        assert_eq!(job.backup_vault_name, "v");
        assert_eq!(job.scan_result, None);

        svc.clock.advance(1.5);
        svc.settle_due();
        let job = describe(&svc, &started.scan_job_id);
        assert_eq!(job.state, ScanState::Running);
        assert!(job.scan_id.is_some());

        svc.clock.advance(1.5);
        svc.settle_due();
        let job = describe(&svc, &started.scan_job_id);
        assert_eq!(job.state, ScanState::Completed);
        assert_eq!(
            job.scan_result.map(|r| r.scan_result_status),
            Some(ScanResultStatus::NoThreatsFound)
        );
        assert!(job.completion_date.is_some());

        let missing = code(
            &describe_scan_job(
                &svc,
                &ctx(),
                DescribeScanJobInput {
                    scan_job_id: "NONE".into(),
                },
            )
            .unwrap_err(),
        )
        .to_owned();
        assert_eq!(missing, "ResourceNotFoundException");
    }

    #[test]
    fn a_scan_of_a_point_deleted_meanwhile_fails() {
        let svc = service();
        create(&svc, "v");
        let point = put(&svc, "v", "RP", 1_000);
        let started = start(&svc, full_scan("v", &point)).unwrap();
        svc.store.with_region(&ctx(), |region| {
            crate::state::points::remove_point(region, &point);
        });
        svc.clock.advance(3.0);
        svc.settle_due();
        let job = describe(&svc, &started.scan_job_id);
        assert_eq!(job.state, ScanState::Failed);
        assert!(job.status_message.unwrap_or_default().contains("deleted"));
    }

    #[test]
    fn start_checks_vault_point_type_base_and_span() {
        let svc = service();
        create(&svc, "v");
        create(&svc, "w");
        let old = put(&svc, "v", "OLD", 1_000);
        let new = put(&svc, "v", "NEW", 2_000);
        let table = put_with(&svc, "v", "TABLE", 3_000, |p| {
            p.resource_arn = "arn:aws:dynamodb:us-east-1:111122223333:table/T".into();
            p.resource_type = "DynamoDB".parse().unwrap();
        });
        let failure = |input: StartScanJobInput| code(&start(&svc, input).unwrap_err()).to_owned();

        assert_eq!(failure(full_scan("w", &new)), "ResourceNotFoundException");
        assert_eq!(
            failure(full_scan("none", &new)),
            "ResourceNotFoundException"
        );
        assert_eq!(failure(full_scan("v", &table)), "InvalidRequestException");
        let mut bad_role = full_scan("v", &new);
        bad_role.scanner_role_arn = "scanner".into();
        assert_eq!(failure(bad_role), "InvalidParameterValueException");

        let incremental = |base: Option<&str>| StartScanJobInput {
            scan_mode: ScanMode::IncrementalScan,
            scan_base_recovery_point_arn: base.map(str::to_owned),
            ..full_scan("v", &new)
        };
        assert_eq!(failure(incremental(None)), "MissingParameterValueException");
        assert_eq!(
            failure(incremental(Some(&new))),
            "InvalidParameterValueException"
        );
        assert_eq!(
            failure(incremental(Some(&table))),
            "InvalidParameterValueException"
        );
        let job = start(&svc, incremental(Some(&old))).expect("incremental");
        assert_eq!(
            describe(&svc, &job.scan_job_id).scan_base_recovery_point_arn,
            Some(old.clone())
        );
        let mut full_with_base = full_scan("v", &new);
        full_with_base.scan_base_recovery_point_arn = Some(old.clone());
        assert_eq!(failure(full_with_base), "InvalidParameterValueException");
        let mut snapshot_span = full_scan("v", &new);
        snapshot_span.continuous_scan_end_time = Some(svc.clock.now());
        assert_eq!(failure(snapshot_span), "InvalidParameterValueException");
    }

    #[test]
    fn the_same_token_returns_the_same_job() {
        let svc = service();
        create(&svc, "v");
        let a = put(&svc, "v", "A", 1_000);
        let b = put(&svc, "v", "B", 2_000);
        let with_token = |point: &str| StartScanJobInput {
            idempotency_token: Some("once".into()),
            ..full_scan("v", point)
        };
        let first = start(&svc, with_token(&a)).unwrap();
        assert_eq!(start(&svc, with_token(&a)).unwrap(), first);
        assert_eq!(
            code(&start(&svc, with_token(&b)).unwrap_err()),
            "InvalidRequestException"
        );
    }

    #[test]
    fn pitr_results_come_from_the_completed_scan_covering_the_time() {
        let svc = service();
        create(&svc, "v");
        let now = svc.clock.now();
        let point = put_with(&svc, "v", "PITR", now.epoch_millis() - 3_600_000, |p| {
            p.resource_arn = "arn:aws:s3:::logs".into();
            p.resource_type = "S3".parse().unwrap();
            p.continuous = true;
        });
        let snapshot = put(&svc, "v", "SNAP", 1_000);
        let ask = |svc: &BackupService, arn: &str, minutes_ago: i64| {
            get_pitr_malware_scan_results(
                svc,
                &ctx(),
                GetPITRMalwareScanResultsInput {
                    backup_vault_name: "v".into(),
                    malware_scanner: MalwareScanner::Guardduty,
                    recovery_point_arn: arn.to_owned(),
                    scan_end_time: svc.clock.now().plus_seconds(-60 * minutes_ago),
                },
            )
        };
        let before = ask(&svc, &point, 10).unwrap();
        assert_eq!(
            before.scan_result.scan_result_status,
            ScanResultStatus::Unknown
        );
        assert_eq!(before.last_scan_job_time, None);

        let mut scan = full_scan("v", &point);
        scan.continuous_scan_end_time = Some(now.plus_seconds(-300));
        let job = start(&svc, scan).unwrap();
        svc.clock.advance(3.0);
        svc.settle_due();
        let covered = ask(&svc, &point, 10).unwrap();
        assert_eq!(
            covered.scan_result.scan_result_status,
            ScanResultStatus::NoThreatsFound
        );
        assert_eq!(covered.scan_mode, Some(ScanMode::FullScan));
        assert_eq!(covered.scan_id, describe(&svc, &job.scan_job_id).scan_id);
        // After the scanned span's end: not covered.
        let after = ask(&svc, &point, 1).unwrap();
        assert_eq!(
            after.scan_result.scan_result_status,
            ScanResultStatus::Unknown
        );

        assert_eq!(
            code(&ask(&svc, &snapshot, 1).unwrap_err()),
            "InvalidParameterValueException"
        );
        let mut outside = full_scan("v", &point);
        outside.continuous_scan_end_time = Some(svc.clock.now().plus_seconds(60));
        assert_eq!(
            code(&start(&svc, outside).unwrap_err()),
            "InvalidParameterValueException"
        );
    }
}
