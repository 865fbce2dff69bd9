//! Backup jobs: StartBackupJob, DescribeBackupJob, StopBackupJob, ListBackupJobs.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::engine::backend::Backend;
use crate::engine::backup;
use crate::engine::backup_start::start_job;
use crate::model::backup_job::{BackupJob, JobOrigin};
use crate::model::job_id::JobId;
use crate::support::errors::{invalid_request, not_found};
use crate::support::listing::{category_matches, max_results, millis, within};
use crate::support::newest_first::newest_first;

/// `StartBackupJob`.
pub(crate) fn start_backup_job(
    svc: &Backend,
    ctx: &RequestContext,
    input: StartBackupJobInput,
) -> Result<StartBackupJobOutput, ServiceError> {
    start_job(svc, ctx, input, JobOrigin::OnDemand)
}

/// `DescribeBackupJob`.
pub(crate) fn describe_backup_job(
    svc: &Backend,
    ctx: &RequestContext,
    input: DescribeBackupJobInput,
) -> Result<DescribeBackupJobOutput, ServiceError> {
    svc.store.with_region(ctx, |region| {
        let job = input
            .backup_job_id
            .parse::<JobId>()
            .ok()
            .and_then(|id| region.backup_jobs.get(&id))
            .ok_or_else(|| job_not_found(&input.backup_job_id))?;
        let s = job.to_summary();
        Ok(DescribeBackupJobOutput {
            account_id: s.account_id,
            backup_job_id: s.backup_job_id,
            backup_options: s.backup_options,
            backup_size_in_bytes: s.backup_size_in_bytes,
            backup_type: s.backup_type,
            backup_vault_arn: s.backup_vault_arn,
            backup_vault_name: s.backup_vault_name,
            bytes_transferred: s.bytes_transferred,
            child_jobs_in_state: None,
            completion_date: s.completion_date,
            created_by: s.created_by,
            creation_date: s.creation_date,
            encryption_key_arn: s.encryption_key_arn,
            expected_completion_date: s.expected_completion_date,
            iam_role_arn: s.iam_role_arn,
            initiation_date: s.initiation_date,
            is_encrypted: s.is_encrypted,
            is_parent: s.is_parent,
            // AWS documents neither the values nor the states of JobStatusCode; none is
            // invented here (docs/services/backup.md, "Known differences").
            job_status_code: None,
            message_category: s.message_category,
            number_of_child_jobs: Some(0),
            parent_job_id: None,
            percent_done: s.percent_done,
            recovery_point_arn: s.recovery_point_arn,
            recovery_point_lifecycle: s.recovery_point_lifecycle,
            resource_arn: s.resource_arn,
            resource_name: s.resource_name,
            resource_type: s.resource_type,
            start_by: s.start_by,
            state: s.state,
            status_message: s.status_message,
            vault_lock_state: None,
            vault_type: s.vault_type,
        })
    })
}

fn job_not_found(id: &str) -> ServiceError {
    not_found(format!("Backup job with id {id} does not exist"))
}

/// `StopBackupJob`: CREATED or RUNNING → ABORTING → ABORTED.
pub(crate) fn stop_backup_job(
    svc: &Backend,
    ctx: &RequestContext,
    input: StopBackupJobInput,
) -> Result<(), ServiceError> {
    let now = svc.clock.now();
    let settings = svc.engine_settings;
    let follow_ups = svc.store.with_region(ctx, |region| {
        let job = input
            .backup_job_id
            .parse::<JobId>()
            .ok()
            .and_then(|id| region.backup_jobs.get_mut(&id))
            .ok_or_else(|| job_not_found(&input.backup_job_id))?;
        if !matches!(job.state, BackupJobState::Created | BackupJobState::Running) {
            return Err(invalid_request(format!(
                "Backup job {} cannot be stopped in state {}",
                job.id, job.state
            )));
        }
        let id = job.id;
        Ok(backup::stop_backup_job(region, id, now, &settings))
    })?;
    svc.schedule(ctx, follow_ups);
    Ok(())
}

/// `ListBackupJobs`: newest first, every `By*` filter of the model.
pub(crate) fn list_backup_jobs(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListBackupJobsInput,
) -> Result<ListBackupJobsOutput, ServiceError> {
    let max = max_results(input.max_results);
    let scope = format!(
        "ListBackupJobs|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
        input.by_account_id,
        input.by_backup_vault_name,
        millis(input.by_complete_after),
        millis(input.by_complete_before),
        millis(input.by_created_after),
        millis(input.by_created_before),
        input.by_message_category,
        input.by_parent_job_id,
        input.by_resource_arn,
        input.by_resource_type,
        input.by_state,
    );
    svc.store.with_region(ctx, |region| {
        let page = newest_first(
            region.backup_jobs.values().map(|job| &**job),
            input.next_token.as_deref(),
            &scope,
            max,
            |job| matches_filters(job, &input),
        )
        .map_err(|err| crate::support::pagination::error(&err))?;
        Ok(ListBackupJobsOutput {
            backup_jobs: Some(page.items.into_iter().map(BackupJob::to_summary).collect()),
            next_token: page.next_token,
        })
    })
}

fn matches_filters(job: &BackupJob, input: &ListBackupJobsInput) -> bool {
    input
        .by_account_id
        .as_ref()
        .is_none_or(|a| *a == job.account_id)
        && input
            .by_backup_vault_name
            .as_ref()
            .is_none_or(|v| *v == job.vault_name)
        && input
            .by_resource_arn
            .as_ref()
            .is_none_or(|r| *r == job.resource_arn)
        && input
            .by_resource_type
            .as_ref()
            .is_none_or(|t| *t == job.resource_type)
        && input.by_state.is_none_or(|s| s == job.state)
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
