//! `ListCopyJobs`: newest first, every `By*` filter of the model, keyset pagination.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::engine::backend::Backend;
use crate::model::copy_job::CopyJob;
use crate::support::listing::{category_matches, max_results, millis, within};
use crate::support::newest_first::newest_first;

/// `ListCopyJobs`: the copy jobs started in the caller's region.
pub(crate) fn list_copy_jobs(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListCopyJobsInput,
) -> Result<ListCopyJobsOutput, ServiceError> {
    let scope = format!(
        "ListCopyJobs|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
        input.by_account_id,
        millis(input.by_complete_after),
        millis(input.by_complete_before),
        millis(input.by_created_after),
        millis(input.by_created_before),
        input.by_destination_vault_arn,
        input.by_message_category,
        input.by_parent_job_id,
        input.by_resource_arn,
        input.by_resource_type,
        input.by_source_recovery_point_arn,
        input.by_state,
    );
    let max = max_results(input.max_results);
    svc.store.with_region(ctx, |region| {
        let page = newest_first(
            region.copy_jobs.values(),
            input.next_token.as_deref(),
            &scope,
            max,
            |job| matches(job, &input),
        )
        .map_err(|err| crate::support::pagination::error(&err))?;
        Ok(ListCopyJobsOutput {
            copy_jobs: Some(page.items.into_iter().map(CopyJob::to_api).collect()),
            next_token: page.next_token,
        })
    })
}

fn matches(job: &CopyJob, input: &ListCopyJobsInput) -> bool {
    let equals =
        |filter: &Option<String>, value: &str| filter.as_deref().is_none_or(|f| f == value);
    equals(&input.by_account_id, &job.source.account_id)
        && equals(&input.by_destination_vault_arn, &job.destination_vault_arn)
        && equals(&input.by_resource_arn, &job.resource_arn)
        && equals(&input.by_resource_type, &job.resource_type)
        && equals(
            &input.by_source_recovery_point_arn,
            &job.source_recovery_point_arn,
        )
        && input.by_state.is_none_or(|s| s == job.state)
        // On-demand copies have no parent job.
        && input.by_parent_job_id.is_none()
        && category_matches(input.by_message_category.as_ref(), job.message_category())
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
