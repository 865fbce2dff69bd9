//! StartBackupJob's own code, shared by the operation and the plan scheduler's runs
//! (`plan_jobs.rs`): the checks, the job as stored, and its admission into the engine.

use std::sync::Arc;

use emulator_core::dto::SharedStr;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::engine::backend::Backend;
use crate::engine::backup::{admit_backup_job, admit_failed_backup_job};
use crate::model::backup_job::{BackupJob, JobOrigin, LocalBackupJob, PercentDone, RareJobMembers};
use crate::model::idempotency::Token;
use crate::model::job_id::JobId;
use crate::model::rare::Rare;
use crate::model::resource_name::ResourceName;
use crate::model::resource_type::ResourceType;
use crate::state::{vaults, RegionState};
use crate::support::arns::{self, check_role_arn};
use crate::support::errors::{invalid_parameter, invalid_request};
use crate::support::{lifecycle_rules, point_arns, resource_types};

/// AWS's default start window for on-demand jobs: 8 hours.
const DEFAULT_START_WINDOW_MINUTES: i64 = 480;
/// AWS's default completion window: 7 days.
const DEFAULT_COMPLETE_WINDOW_MINUTES: i64 = 10_080;

/// Starts a backup job for `origin`. On demand, a missing vault is refused as StartBackupJob
/// refuses it; a plan's job for a vault deleted since the plan was written is created and
/// fails, as AWS shows such runs.
pub fn start_job(
    svc: &Backend,
    ctx: &RequestContext,
    input: StartBackupJobInput,
    origin: JobOrigin,
) -> Result<StartBackupJobOutput, ServiceError> {
    let properties = registered_properties(svc, ctx, &input.resource_arn);
    let unsupported =
        || invalid_parameter(format!("Unsupported resource type: {}", input.resource_arn));
    let kind = resource_types::classify_with(&input.resource_arn, properties.as_ref())
        .ok_or_else(unsupported)?;
    let resource_type = ResourceType::new(kind.resource_type).ok_or_else(unsupported)?;
    check_role_arn(&input.iam_role_arn)?;
    let start_window = input
        .start_window_minutes
        .unwrap_or(DEFAULT_START_WINDOW_MINUTES);
    let complete_window = input
        .complete_window_minutes
        .unwrap_or(DEFAULT_COMPLETE_WINDOW_MINUTES);
    lifecycle_rules::check_start_window(start_window).map_err(invalid_parameter)?;
    lifecycle_rules::check_completion_window("CompleteWindowMinutes", complete_window)
        .map_err(invalid_parameter)?;
    if complete_window < start_window {
        return Err(invalid_parameter(
            "CompleteWindowMinutes must be greater than or equal to StartWindowMinutes",
        ));
    }
    if let Some(lifecycle) = &input.lifecycle {
        // The model documents Lifecycle.DeleteAfterEvent as "Not valid as an input".
        if lifecycle.delete_after_event.is_some() {
            return Err(invalid_parameter(
                "DeleteAfterEvent is not valid as an input for StartBackupJob",
            ));
        }
        lifecycle_rules::validate(lifecycle)?;
    }
    let tags: aws_tagging::Tags = input
        .recovery_point_tags
        .clone()
        .unwrap_or_default()
        .into_iter()
        .collect();
    aws_tagging::validate_tags(&aws_tagging::TagRules::AWS_DEFAULT, &tags)
        .map_err(|err| invalid_parameter(err.to_string()))?;

    let now = svc.clock.now();
    let settings = svc.engine_settings;
    let (output, follow_ups) = svc.store.with_region(ctx, |region| {
        let token = input.idempotency_token.as_deref().map(Token::new);
        if let Some(token) = &token {
            if let Some(job) = region
                .idempotency
                .backup_job(token)
                .and_then(|id| region.backup_jobs.get(&id))
            {
                if job.resource_arn != input.resource_arn
                    || job.vault_name != input.backup_vault_name
                {
                    return Err(invalid_request(
                        "The idempotency token was already used with different parameters",
                    ));
                }
                return Ok((
                    StartBackupJobOutput {
                        backup_job_id: Some(job.id.to_string()),
                        creation_date: Some(job.creation_date),
                        is_parent: Some(false),
                        recovery_point_arn: answered_point_arn(region, job),
                    },
                    Vec::new(),
                ));
            }
        }
        let (vault_arn, encryption_key_arn) = match vaults::find(region, &input.backup_vault_name) {
            Ok(vault) => (vault.arn.clone(), Some(vault.key.arn().to_owned())),
            Err(_) if origin != JobOrigin::OnDemand => {
                (arns::vault(ctx, &input.backup_vault_name), None)
            }
            Err(err) => return Err(err),
        };
        let vault_arn = region.strings.intern(&vault_arn);
        let encryption_key_arn = encryption_key_arn.map(|arn| region.strings.intern(&arn));
        let (created_by, copy_actions, local, continuous) = match origin {
            JobOrigin::OnDemand => (None, Vec::new(), None, false),
            JobOrigin::Plan {
                created_by,
                copy_actions,
                local,
                continuous,
            } => (Some(created_by), copy_actions, local, continuous),
        };
        // A rule's continuous backup applies only to the types that have one; the others get
        // snapshots ("Feature availability by resource").
        let continuous = continuous
            && local.is_none()
            && resource_types::has(kind.resource_type, |t| t.continuous_backup);
        let (in_local_vault, delete_after_next_backup, failure) = match local {
            None => (false, None, None),
            Some(LocalBackupJob::Vault(early)) => (true, early, None),
            Some(LocalBackupJob::Fails(message)) => (false, None, Some(message)),
        };
        let id = JobId::random();
        let job = BackupJob {
            id,
            account_id: region.strings.intern(&ctx.account_id),
            vault_name: region.strings.intern(&input.backup_vault_name),
            vault_arn,
            resource_arn: input.resource_arn.as_str().into(),
            resource_type,
            resource_name: ResourceName::new(&input.resource_arn, &kind.resource_name),
            iam_role_arn: region.strings.intern(&input.iam_role_arn),
            recovery_point_arn: if continuous {
                continuous_point_of(region, &input, kind.resource_type).unwrap_or_else(|| {
                    point_arns::continuous_point_arn(ctx, kind.resource_type).into()
                })
            } else {
                point_arns::backup_point_arn(
                    ctx,
                    kind.resource_type,
                    region.settings.is_fully_managed(kind.resource_type),
                    &kind.resource_name,
                    &id.to_string(),
                    now,
                )
                .into()
            },
            encryption_key_arn,
            creation_date: now,
            start_by: now.plus_seconds(start_window * 60),
            expected_completion_date: now.plus_seconds(complete_window * 60),
            completion_date: None,
            state: BackupJobState::Created,
            percent_done: PercentDone::NONE,
            in_local_vault,
            lifecycle: input.lifecycle.clone().map(Arc::new),
            created_by,
            backup_size_in_bytes: simulated_size(kind.resource_type, &input.resource_arn),
            idempotency_token: token,
            rare: Rare::new(RareJobMembers {
                recovery_point_tags: input.recovery_point_tags.clone().unwrap_or_default(),
                backup_options: input.backup_options.clone(),
                copy_actions,
                delete_after_next_backup,
                ..RareJobMembers::default()
            }),
        };
        let output = StartBackupJobOutput {
            backup_job_id: Some(id.to_string()),
            creation_date: Some(now),
            is_parent: Some(false),
            recovery_point_arn: answered_point_arn(region, &job),
        };
        region
            .idempotency
            .record_backup(job.idempotency_token.as_ref(), job.id);
        let follow_ups = match failure {
            Some(message) => admit_failed_backup_job(region, job, now, &message),
            None => admit_backup_job(region, job, now, &settings),
        };
        Ok((output, follow_ups))
    })?;
    svc.schedule(ctx, follow_ups);
    Ok(output)
}

/// The ARN of the continuous recovery point of the job's resource in its vault, which a
/// continuous rule's runs keep current: AWS keeps one per resource and vault ("only one
/// recovery point is possible at a time" for RDS, Aurora and SAP HANA; developer guide,
/// "Changing your retention period"). For S3 a changed retention stops the point and starts a
/// new one ("that recovery point status will become `STOPPED`. A new continuous recovery point
/// with the altered retention settings will be created"), so an S3 point of another retention
/// is not kept current. A point being deleted or stopped is not either; the run starts a new
/// one, as AWS's rule does after a continuous point is deleted.
fn continuous_point_of(
    region: &RegionState,
    input: &StartBackupJobInput,
    resource_type: &str,
) -> Option<SharedStr> {
    let retention = |lifecycle: Option<&Lifecycle>| lifecycle.and_then(|l| l.delete_after_days);
    region
        .recovery_points
        .live_continuous(&input.resource_arn, &input.backup_vault_name)
        .find(|point| {
            resource_type != "S3"
                || retention(point.lifecycle.as_deref()) == retention(input.lifecycle.as_ref())
        })
        .map(|point| point.arn.clone())
}

/// What the gateway's resource registry knows of `resource_arn` beyond its tags (an RDS
/// cluster's `Engine`), filed under the account and region the ARN names, else the caller's.
fn registered_properties(
    svc: &Backend,
    ctx: &RequestContext,
    resource_arn: &str,
) -> Option<std::collections::BTreeMap<String, String>> {
    let (account, region) = emulator_core::resources::arn_scope(resource_arn)
        .unwrap_or((ctx.account_id.as_str(), ctx.region.as_str()));
    svc.resources
        .get(account, region, resource_arn)
        .map(|known| known.properties)
}

/// The `RecoveryPointArn` StartBackupJob answers: AWS's API reference says "This field is only
/// returned for Amazon EFS and Advanced DynamoDB resources"
/// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartBackupJob.html, Response
/// Elements); a real EC2 answer is `{BackupJobId, CreationDate, IsParent}`. DynamoDB is
/// advanced while the region's `ResourceTypeManagementPreference` for it is on (the default).
fn answered_point_arn(region: &RegionState, job: &BackupJob) -> Option<String> {
    let answered = match job.resource_type.as_str() {
        "EFS" => true,
        "DynamoDB" => region.settings.is_fully_managed("DynamoDB"),
        _ => false,
    };
    answered.then(|| job.recovery_point_arn.to_string())
}

/// A stable, plausible size per resource, so repeated runs report the same numbers, in the
/// form AWS reports per type (API reference, `BackupJob.BackupSizeInBytes`): RDS and the
/// cluster engines (Aurora, DocumentDB, Neptune) report 0; EC2 and EBS the provisioned size,
/// whole GiB, so an EBS point's restore metadata `volumeSize` states the same size; the others
/// a size in MiB.
fn simulated_size(resource_type: &str, resource_arn: &str) -> i64 {
    const MIB: i64 = 1024 * 1024;
    const GIB: i64 = 1024 * MIB;
    let hash = resource_arn
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    match resource_type {
        "RDS" | "Aurora" | "DocumentDB" | "Neptune" => 0,
        "EBS" | "EC2" => GIB * (8 + (hash % 120) as i64),
        _ => MIB * (1 + (hash % 10_240) as i64),
    }
}
