//! `ListRestoreJobs` and `ListRestoreJobsByProtectedResource`: newest first, every `By*` filter
//! of the model, keyset pagination.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::engine::backend::Backend;
use crate::model::restore_job::RestoreJob;
use crate::state::RegionState;
use crate::support::listing::{max_results, millis, within};
use crate::support::newest_first::newest_first;

/// One page of the region's restore jobs that pass `keep`, newest first.
fn page(
    region: &RegionState,
    token: Option<&str>,
    scope: &str,
    max: usize,
    keep: impl FnMut(&RestoreJob) -> bool,
) -> Result<(Vec<RestoreJobsListMember>, Option<String>), ServiceError> {
    let page = newest_first(region.restore_jobs.values(), token, scope, max, keep)
        .map_err(|err| crate::support::pagination::error(&err))?;
    Ok((
        page.items
            .into_iter()
            .map(RestoreJob::to_list_member)
            .collect(),
        page.next_token,
    ))
}

/// `ListRestoreJobs`.
pub(crate) fn list_restore_jobs(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListRestoreJobsInput,
) -> Result<ListRestoreJobsOutput, ServiceError> {
    let scope = format!(
        "ListRestoreJobs|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
        input.by_account_id,
        millis(input.by_complete_after),
        millis(input.by_complete_before),
        millis(input.by_created_after),
        millis(input.by_created_before),
        input.by_parent_job_id,
        input.by_resource_type,
        input.by_restore_testing_plan_arn,
        input.by_status,
    );
    let max = max_results(input.max_results);
    svc.store.with_region(ctx, |region| {
        let (jobs, next_token) = page(region, input.next_token.as_deref(), &scope, max, |job| {
            matches(job, &input)
        })?;
        Ok(ListRestoreJobsOutput {
            restore_jobs: Some(jobs),
            next_token,
        })
    })
}

fn matches(job: &RestoreJob, input: &ListRestoreJobsInput) -> bool {
    let plan = job
        .created_by
        .as_ref()
        .and_then(|c| c.restore_testing_plan_arn.as_ref());
    input
        .by_account_id
        .as_ref()
        .is_none_or(|a| *a == job.account_id)
        && input
            .by_resource_type
            .as_ref()
            .is_none_or(|t| *t == job.resource_type)
        && input.by_status.is_none_or(|s| s == job.status)
        && input
            .by_restore_testing_plan_arn
            .as_ref()
            .is_none_or(|arn| plan == Some(arn))
        // On-demand restores have no parent job.
        && input.by_parent_job_id.is_none()
        && within(
            Some(job.creation_date),
            input.by_created_after,
            input.by_created_before,
        )
        && within(
            job.completion_date,
            input.by_complete_after,
            input.by_complete_before,
        )
}

/// `ListRestoreJobsByProtectedResource`: the restores of recovery points taken of `ResourceArn`.
pub(crate) fn list_restore_jobs_by_protected_resource(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListRestoreJobsByProtectedResourceInput,
) -> Result<ListRestoreJobsByProtectedResourceOutput, ServiceError> {
    let scope = format!(
        "ListRestoreJobsByProtectedResource|{}|{:?}|{:?}|{:?}",
        input.resource_arn,
        millis(input.by_recovery_point_creation_date_after),
        millis(input.by_recovery_point_creation_date_before),
        input.by_status,
    );
    let max = max_results(input.max_results);
    svc.store.with_region(ctx, |region| {
        let (jobs, next_token) = page(region, input.next_token.as_deref(), &scope, max, |job| {
            job.source_resource_arn == input.resource_arn
                && input.by_status.is_none_or(|s| s == job.status)
                && within(
                    Some(job.recovery_point_creation_date),
                    input.by_recovery_point_creation_date_after,
                    input.by_recovery_point_creation_date_before,
                )
        })?;
        Ok(ListRestoreJobsByProtectedResourceOutput {
            restore_jobs: Some(jobs),
            next_token,
        })
    })
}
