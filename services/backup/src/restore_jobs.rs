//! Restore jobs: StartRestoreJob, DescribeRestoreJob, GetRestoreJobMetadata,
//! PutRestoreValidationResult (this file) and the listings (`restore_jobs/listing.rs`).
//!
//! A restore job reads a recovery point of the caller's region and creates a new resource from
//! it: PENDING → RUNNING → COMPLETED over the job delay, with `CreatedResourceArn` shaped like
//! the point's resource type (`restore_jobs/created_resource.rs`).

mod created_resource;
mod listing;
mod record;

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::errors::{invalid_parameter, invalid_request, not_found};
use crate::idempotency::TokenKind;
use crate::jobs::{check_role_arn, upper_uuid};
use crate::store::RegionState;
use crate::{engine, resource_types, BackupService};

pub(crate) use listing::{list_restore_jobs, list_restore_jobs_by_protected_resource};
pub use record::{percent, RestoreJob};

fn job_not_found(id: &str) -> ServiceError {
    not_found(format!("Restore job with id {id} does not exist"))
}

fn find<'a>(region: &'a RegionState, id: &str) -> Result<&'a RestoreJob, ServiceError> {
    region.restore_jobs.get(id).ok_or_else(|| job_not_found(id))
}

/// `StartRestoreJob`.
///
/// Retrying with the same `IdempotencyToken` (the SDKs fill one in) returns the first job; the
/// same token for another recovery point is refused.
pub(crate) fn start_restore_job(
    svc: &BackupService,
    ctx: &RequestContext,
    input: StartRestoreJobInput,
) -> Result<StartRestoreJobOutput, ServiceError> {
    start_restore_job_created_by(svc, ctx, input, None)
}

/// What a restore testing plan adds to the restore jobs it starts.
#[derive(Debug, Clone)]
pub(crate) struct RestoreTestStart {
    /// `CreatedBy`: the plan.
    pub creator: RestoreJobCreator,
    /// The selection's `ValidationWindowHours`: the restored resource is deleted once they
    /// have passed (`restore_testing/cleanup.rs`).
    pub validation_window_hours: i32,
}

/// StartRestoreJob's own code, with the job marked as the restore test `test` from the start
/// (restore testing plans start their jobs through here).
pub(crate) fn start_restore_job_created_by(
    svc: &BackupService,
    ctx: &RequestContext,
    input: StartRestoreJobInput,
    test: Option<RestoreTestStart>,
) -> Result<StartRestoreJobOutput, ServiceError> {
    if let Some(role) = &input.iam_role_arn {
        check_role_arn(role)?;
    }
    let now = svc.clock.now();
    let settings = svc.engine_settings;
    let (output, follow_ups) = svc.store.with_region(ctx, |region| {
        if input.idempotency_token.is_some() {
            if let Some(job) = region
                .idempotency
                .job_id(TokenKind::Restore, input.idempotency_token.as_deref())
                .and_then(|id| region.restore_jobs.get(id))
            {
                if job.recovery_point_arn != input.recovery_point_arn {
                    return Err(invalid_request(
                        "The idempotency token was already used with different parameters",
                    ));
                }
                return Ok((started(&job.id), Vec::new()));
            }
        }
        let point = region
            .recovery_points
            .get(&input.recovery_point_arn)
            .ok_or_else(|| {
                not_found(format!(
                    "Recovery point {} does not exist",
                    input.recovery_point_arn
                ))
            })?;
        if let Some(asked) = &input.resource_type {
            if *asked != point.resource_type {
                return Err(invalid_parameter(format!(
                    "ResourceType {asked} does not match the recovery point's resource type {}",
                    point.resource_type
                )));
            }
        }
        let source_name = resource_types::classify(&point.resource_arn)
            .map_or_else(|| point.resource_name.clone(), |kind| kind.resource_name);
        let target = created_resource::Target {
            account_id: &ctx.account_id,
            region: &ctx.region,
        };
        let job = RestoreJob {
            id: upper_uuid(),
            account_id: ctx.account_id.clone(),
            recovery_point_arn: point.arn.clone(),
            recovery_point_creation_date: point.creation_date,
            vault_arn: point.vault_arn.clone(),
            source_resource_arn: point.resource_arn.clone(),
            resource_type: point.resource_type.clone(),
            created_resource_arn: created_resource::created_resource_arn(
                &target,
                &point.resource_type,
                &point.resource_arn,
                &source_name,
                &input.metadata,
            ),
            iam_role_arn: input.iam_role_arn.clone(),
            metadata: input.metadata.clone(),
            status: RestoreJobStatus::Pending,
            status_message: None,
            creation_date: now,
            completion_date: None,
            percent_done: percent(0),
            backup_size_in_bytes: point.backup_size_in_bytes,
            validation_status: None,
            validation_status_message: None,
            created_by: test.as_ref().map(|test| test.creator.clone()),
            validation_window_hours: test.as_ref().map(|test| test.validation_window_hours),
            deletion_status: None,
            deletion_status_message: None,
            idempotency_token: input.idempotency_token.clone(),
        };
        let output = started(&job.id);
        region.idempotency.record(
            TokenKind::Restore,
            input.idempotency_token.as_deref(),
            &job.id,
        );
        let follow_ups = engine::admit_restore_job(region, job, now, &settings);
        Ok((output, follow_ups))
    })?;
    svc.schedule(ctx, follow_ups);
    Ok(output)
}

fn started(id: &str) -> StartRestoreJobOutput {
    StartRestoreJobOutput {
        restore_job_id: Some(id.to_owned()),
    }
}

/// `DescribeRestoreJob`.
pub(crate) fn describe_restore_job(
    svc: &BackupService,
    ctx: &RequestContext,
    input: DescribeRestoreJobInput,
) -> Result<DescribeRestoreJobOutput, ServiceError> {
    svc.store.with_region(ctx, |region| {
        Ok(find(region, &input.restore_job_id)?.describe())
    })
}

/// `GetRestoreJobMetadata`: the `Metadata` the job was started with.
pub(crate) fn get_restore_job_metadata(
    svc: &BackupService,
    ctx: &RequestContext,
    input: GetRestoreJobMetadataInput,
) -> Result<GetRestoreJobMetadataOutput, ServiceError> {
    svc.store.with_region(ctx, |region| {
        let job = find(region, &input.restore_job_id)?;
        Ok(GetRestoreJobMetadataOutput {
            metadata: Some(job.metadata.clone()),
            restore_job_id: Some(job.id.clone()),
        })
    })
}

/// `PutRestoreValidationResult`: a validation result is only taken for a restore that
/// completed, since only then is there a resource to have validated.
pub(crate) fn put_restore_validation_result(
    svc: &BackupService,
    ctx: &RequestContext,
    input: PutRestoreValidationResultInput,
) -> Result<(), ServiceError> {
    svc.store.with_region(ctx, |region| {
        let job = region
            .restore_jobs
            .get_mut(&input.restore_job_id)
            .ok_or_else(|| job_not_found(&input.restore_job_id))?;
        if job.status != RestoreJobStatus::Completed {
            return Err(invalid_request(format!(
                "Restore job {} is {}; a validation result can only be put for a COMPLETED restore job",
                job.id, job.status
            )));
        }
        job.validation_status = Some(input.validation_status);
        job.validation_status_message = input.validation_status_message;
        Ok(())
    })
}
