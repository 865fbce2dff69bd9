//! StartRestoreJob's own code, shared by the operation and restore testing runs: the checks,
//! the job as stored, and its admission into the engine. `CreatedResourceArn` is shaped like the
//! point's resource type (`restore_start/created_resource.rs`).

pub mod created_resource;

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::engine::backend::Backend;
use crate::engine::dispatch::admit_restore_job;
use crate::model::idempotency::TokenKind;
use crate::model::restore_job::{percent, RestoreJob};
use crate::state::points::check_not_deleting;
use crate::support::arns::check_role_arn;
use crate::support::errors::{invalid_parameter, invalid_request, not_found};
use crate::support::ids::upper_uuid;
use crate::support::resource_types;

/// What a restore testing plan adds to the restore jobs it starts.
#[derive(Debug, Clone)]
pub struct RestoreTestStart {
    /// `CreatedBy`: the plan.
    pub creator: RestoreJobCreator,
    /// The selection's `ValidationWindowHours`: the restored resource is deleted once they
    /// have passed (`restore_testing/cleanup.rs`).
    pub validation_window_hours: i32,
}

/// StartRestoreJob's own code, with the job marked as the restore test `test` from the start
/// (restore testing plans start their jobs through here).
pub fn start_restore_job_created_by(
    svc: &Backend,
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
        check_not_deleting(point)?;
        if let Some(asked) = &input.resource_type {
            if *asked != point.resource_type {
                return Err(invalid_parameter(format!(
                    "ResourceType {asked} does not match the recovery point's resource type {}",
                    point.resource_type
                )));
            }
        }
        let source_name = resource_types::classify(&point.resource_arn).map_or_else(
            || point.resource_name().to_owned(),
            |kind| kind.resource_name,
        );
        let target = created_resource::Target {
            account_id: &ctx.account_id,
            region: &ctx.region,
        };
        let job = RestoreJob {
            id: upper_uuid(),
            account_id: ctx.account_id.clone(),
            recovery_point_arn: point.arn.to_string(),
            recovery_point_creation_date: point.creation_date,
            vault_arn: point.vault_arn.to_string(),
            source_resource_arn: point.resource_arn.to_string(),
            resource_type: point.resource_type.to_string(),
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
        let follow_ups = admit_restore_job(region, job, now, &settings);
        Ok((output, follow_ups))
    })?;
    svc.schedule(ctx, follow_ups);
    Ok(output)
}

pub fn started(id: &str) -> StartRestoreJobOutput {
    StartRestoreJobOutput {
        restore_job_id: Some(id.to_owned()),
    }
}
