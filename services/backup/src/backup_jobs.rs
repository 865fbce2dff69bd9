//! Backup jobs: StartBackupJob, DescribeBackupJob, StopBackupJob, ListBackupJobs.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use emulator_core::dto::Timestamp;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::errors::{invalid_parameter, invalid_request, not_found};
use crate::idempotency::TokenKind;
use crate::jobs::{
    category_matches, check_role_arn, max_results, millis, newest_first, upper_uuid, within,
};
use crate::{engine, resource_arns, resource_types, BackupService};

/// AWS's default start window for on-demand jobs: 8 hours.
const DEFAULT_START_WINDOW_MINUTES: i64 = 480;
/// AWS's default completion window: 7 days.
const DEFAULT_COMPLETE_WINDOW_MINUTES: i64 = 10_080;

/// A backup job as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupJob {
    /// `BackupJobId`: an upper-case UUID, as AWS shows them.
    pub id: String,
    /// The account that ran it.
    pub account_id: String,
    /// Target vault.
    pub vault_name: String,
    /// Target vault ARN.
    pub vault_arn: String,
    /// The protected resource.
    pub resource_arn: String,
    /// `ResourceType`.
    pub resource_type: String,
    /// `ResourceName`.
    pub resource_name: String,
    /// The role it runs with.
    pub iam_role_arn: String,
    /// Where it is in its life.
    pub state: BackupJobState,
    /// Why it ended as it did, when not COMPLETED.
    pub status_message: Option<String>,
    /// When StartBackupJob ran.
    pub creation_date: Timestamp,
    /// Latest start (creation + StartWindowMinutes).
    pub start_by: Timestamp,
    /// Expected end (creation + CompleteWindowMinutes).
    pub expected_completion_date: Timestamp,
    /// When it ended.
    pub completion_date: Option<Timestamp>,
    /// When StopBackupJob ran: ABORTING ends half a job delay later.
    pub stop_date: Option<Timestamp>,
    /// The recovery point it writes.
    pub recovery_point_arn: String,
    /// Lifecycle for the recovery point.
    pub lifecycle: Option<Lifecycle>,
    /// Tags for the recovery point.
    pub recovery_point_tags: BTreeMap<String, String>,
    /// `BackupOptions`.
    pub backup_options: Option<BTreeMap<String, String>>,
    /// The plan, for scheduled jobs.
    pub created_by: Option<RecoveryPointCreator>,
    /// The vault's key.
    pub encryption_key_arn: Option<String>,
    /// `PercentDone`.
    pub percent_done: String,
    /// Size of the backup (simulated).
    pub backup_size_in_bytes: i64,
    /// Bytes moved so far.
    pub bytes_transferred: i64,
    /// The token StartBackupJob was called with.
    pub idempotency_token: Option<String>,
    /// The copies to make once the recovery point is written: the rule's `CopyActions` for a
    /// scheduled job, none on demand.
    pub copy_actions: Vec<CopyAction>,
}

/// Who starts a backup job.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum JobOrigin {
    /// A StartBackupJob call.
    OnDemand,
    /// A plan's rule (`scheduled_jobs.rs`).
    Plan {
        /// `CreatedBy`: the plan, its version and the rule.
        created_by: Box<RecoveryPointCreator>,
        /// The rule's `CopyActions`.
        copy_actions: Vec<CopyAction>,
    },
}

impl BackupJob {
    /// `MessageCategory`.
    pub fn message_category(&self) -> &'static str {
        crate::jobs::message_category(self.state.as_str())
    }

    fn to_summary(&self) -> crate::api::generated::BackupJob {
        crate::api::generated::BackupJob {
            account_id: Some(self.account_id.clone()),
            backup_job_id: Some(self.id.clone()),
            backup_options: self.backup_options.clone(),
            backup_size_in_bytes: Some(self.backup_size_in_bytes),
            backup_type: backup_type(self.backup_options.as_ref()),
            backup_vault_arn: Some(self.vault_arn.clone()),
            backup_vault_name: Some(self.vault_name.clone()),
            bytes_transferred: Some(self.bytes_transferred),
            completion_date: self.completion_date,
            created_by: self.created_by.clone(),
            creation_date: Some(self.creation_date),
            encryption_key_arn: self.encryption_key_arn.clone(),
            expected_completion_date: Some(self.expected_completion_date),
            iam_role_arn: Some(self.iam_role_arn.clone()),
            initiation_date: Some(self.creation_date),
            is_encrypted: Some(self.encryption_key_arn.is_some()),
            is_parent: Some(false),
            percent_done: Some(self.percent_done.clone()),
            recovery_point_arn: Some(self.recovery_point_arn.clone()),
            recovery_point_lifecycle: self.lifecycle.clone(),
            resource_arn: Some(self.resource_arn.clone()),
            resource_name: Some(self.resource_name.clone()),
            resource_type: Some(self.resource_type.clone()),
            start_by: Some(self.start_by),
            state: Some(self.state),
            status_message: self.status_message.clone(),
            message_category: Some(self.message_category().to_owned()),
            vault_type: Some(VaultType::BackupVault.as_str().to_owned()),
            ..Default::default()
        }
    }
}

/// `BackupType` is `WindowsVSS` when that option is enabled, else absent.
fn backup_type(options: Option<&BTreeMap<String, String>>) -> Option<String> {
    options
        .and_then(|o| o.get("WindowsVSS"))
        .filter(|v| v.eq_ignore_ascii_case("enabled"))
        .map(|_| "WindowsVSS".to_owned())
}

/// `StartBackupJob`.
pub(crate) fn start_backup_job(
    svc: &BackupService,
    ctx: &RequestContext,
    input: StartBackupJobInput,
) -> Result<StartBackupJobOutput, ServiceError> {
    start_job(svc, ctx, input, JobOrigin::OnDemand)
}

/// Starts a backup job for `origin`. On demand, a missing vault is refused as StartBackupJob
/// refuses it; a plan's job for a vault deleted since the plan was written is created and
/// fails, as AWS shows such runs.
pub(crate) fn start_job(
    svc: &BackupService,
    ctx: &RequestContext,
    input: StartBackupJobInput,
    origin: JobOrigin,
) -> Result<StartBackupJobOutput, ServiceError> {
    let kind = resource_types::classify(&input.resource_arn).ok_or_else(|| {
        invalid_parameter(format!("Unsupported resource type: {}", input.resource_arn))
    })?;
    check_role_arn(&input.iam_role_arn)?;
    let start_window = input
        .start_window_minutes
        .unwrap_or(DEFAULT_START_WINDOW_MINUTES);
    let complete_window = input
        .complete_window_minutes
        .unwrap_or(DEFAULT_COMPLETE_WINDOW_MINUTES);
    crate::lifecycle_rules::check_start_window(start_window).map_err(invalid_parameter)?;
    crate::lifecycle_rules::check_completion_window("CompleteWindowMinutes", complete_window)
        .map_err(invalid_parameter)?;
    if complete_window < start_window {
        return Err(invalid_parameter(
            "CompleteWindowMinutes must be greater than or equal to StartWindowMinutes",
        ));
    }
    if let Some(lifecycle) = &input.lifecycle {
        crate::lifecycle_rules::validate(lifecycle)?;
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
        if input.idempotency_token.is_some() {
            if let Some(job) = region
                .idempotency
                .job_id(TokenKind::Backup, input.idempotency_token.as_deref())
                .and_then(|id| region.backup_jobs.get(id))
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
                        backup_job_id: Some(job.id.clone()),
                        creation_date: Some(job.creation_date),
                        is_parent: Some(false),
                        recovery_point_arn: Some(job.recovery_point_arn.clone()),
                    },
                    Vec::new(),
                ));
            }
        }
        let (vault_arn, encryption_key_arn) =
            match crate::vaults::find(region, &input.backup_vault_name) {
                Ok(vault) => (vault.arn.clone(), Some(vault.key.arn().to_owned())),
                Err(_) if origin != JobOrigin::OnDemand => {
                    (resource_arns::vault(ctx, &input.backup_vault_name), None)
                }
                Err(err) => return Err(err),
            };
        let (created_by, copy_actions) = match origin {
            JobOrigin::OnDemand => (None, Vec::new()),
            JobOrigin::Plan {
                created_by,
                copy_actions,
            } => (Some(*created_by), copy_actions),
        };
        let id = upper_uuid();
        let job = BackupJob {
            id: id.clone(),
            account_id: ctx.account_id.clone(),
            vault_name: input.backup_vault_name.clone(),
            vault_arn,
            resource_arn: input.resource_arn.clone(),
            resource_type: kind.resource_type.to_owned(),
            resource_name: kind.resource_name.clone(),
            iam_role_arn: input.iam_role_arn.clone(),
            state: BackupJobState::Created,
            status_message: None,
            creation_date: now,
            start_by: now.plus_seconds(start_window * 60),
            expected_completion_date: now.plus_seconds(complete_window * 60),
            completion_date: None,
            stop_date: None,
            recovery_point_arn: resource_arns::recovery_point(ctx, &upper_uuid()),
            lifecycle: input.lifecycle.clone(),
            recovery_point_tags: input.recovery_point_tags.clone().unwrap_or_default(),
            backup_options: input.backup_options.clone(),
            created_by,
            encryption_key_arn,
            percent_done: "0.0".to_owned(),
            backup_size_in_bytes: simulated_size(&input.resource_arn),
            bytes_transferred: 0,
            idempotency_token: input.idempotency_token.clone(),
            copy_actions,
        };
        let output = StartBackupJobOutput {
            backup_job_id: Some(id),
            creation_date: Some(now),
            is_parent: Some(false),
            recovery_point_arn: Some(job.recovery_point_arn.clone()),
        };
        region.idempotency.record(
            TokenKind::Backup,
            input.idempotency_token.as_deref(),
            &job.id,
        );
        let follow_ups = engine::admit_backup_job(region, job, now, &settings);
        Ok((output, follow_ups))
    })?;
    svc.schedule(ctx, follow_ups);
    Ok(output)
}

/// A stable, plausible size per resource, so repeated runs report the same numbers.
fn simulated_size(resource_arn: &str) -> i64 {
    let hash = resource_arn
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    1024 * 1024 * (1 + (hash % 10_240) as i64)
}

/// `DescribeBackupJob`.
pub(crate) fn describe_backup_job(
    svc: &BackupService,
    ctx: &RequestContext,
    input: DescribeBackupJobInput,
) -> Result<DescribeBackupJobOutput, ServiceError> {
    svc.store.with_region(ctx, |region| {
        let job = region
            .backup_jobs
            .get(&input.backup_job_id)
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
    svc: &BackupService,
    ctx: &RequestContext,
    input: StopBackupJobInput,
) -> Result<(), ServiceError> {
    let now = svc.clock.now();
    let settings = svc.engine_settings;
    let follow_ups = svc.store.with_region(ctx, |region| {
        let job = region
            .backup_jobs
            .get_mut(&input.backup_job_id)
            .ok_or_else(|| job_not_found(&input.backup_job_id))?;
        if !matches!(job.state, BackupJobState::Created | BackupJobState::Running) {
            return Err(invalid_request(format!(
                "Backup job {} cannot be stopped in state {}",
                job.id, job.state
            )));
        }
        let id = job.id.clone();
        Ok(engine::stop_backup_job(region, &id, now, &settings))
    })?;
    svc.schedule(ctx, follow_ups);
    Ok(())
}

/// `ListBackupJobs`: newest first, every `By*` filter of the model.
pub(crate) fn list_backup_jobs(
    svc: &BackupService,
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
            region.backup_jobs.values(),
            input.next_token.as_deref(),
            &scope,
            max,
            |job| matches_filters(job, &input),
        )
        .map_err(|err| crate::pagination::error(&err))?;
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
