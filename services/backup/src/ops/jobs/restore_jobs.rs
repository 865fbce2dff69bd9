//! Restore jobs: StartRestoreJob, DescribeRestoreJob, GetRestoreJobMetadata,
//! PutRestoreValidationResult (this file) and the listings (`restore_jobs/listing.rs`).
//!
//! A restore job reads a recovery point of the caller's region and creates a new resource from
//! it: PENDING → RUNNING → COMPLETED over the job delay, with `CreatedResourceArn` shaped like
//! the point's resource type (`restore_jobs/created_resource.rs`).

pub mod listing;

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::engine::backend::Backend;
use crate::engine::restore_start::start_restore_job_created_by;
use crate::model::restore_job::RestoreJob;
use crate::state::RegionState;
use crate::support::errors::{invalid_request, not_found};

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
    svc: &Backend,
    ctx: &RequestContext,
    input: StartRestoreJobInput,
) -> Result<StartRestoreJobOutput, ServiceError> {
    start_restore_job_created_by(svc, ctx, input, None)
}

/// `DescribeRestoreJob`.
pub(crate) fn describe_restore_job(
    svc: &Backend,
    ctx: &RequestContext,
    input: DescribeRestoreJobInput,
) -> Result<DescribeRestoreJobOutput, ServiceError> {
    svc.store.with_region(ctx, |region| {
        Ok(find(region, &input.restore_job_id)?.describe())
    })
}

/// `GetRestoreJobMetadata`: the `Metadata` the job was started with.
pub(crate) fn get_restore_job_metadata(
    svc: &Backend,
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
    svc: &Backend,
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
