//! Backup jobs started by a plan's rule: StartBackupJob's own code (`backup_jobs.rs`) run with the
//! rule's target vault, windows, lifecycle, recovery point tags and copy actions, marked
//! `CreatedBy` the plan and rule, as AWS marks scheduled jobs and the recovery points they write.
//! A resource registered with a backup appliance backs up into the appliance's local backup
//! vault instead, as the rule's `LocalBackupConfiguration` says (`local_backups.rs`).

use std::collections::BTreeMap;

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{
    AdvancedBackupSetting, CopyAction, Lifecycle, LocalBackupConfiguration, RecoveryPointCreator,
    StartBackupJobInput,
};
use crate::engine::backend::Backend;
use crate::engine::{backup_start, local_backups};
use crate::model::backup_job::JobOrigin;
use crate::model::plan::Plan;
use crate::model::plan::Rule;
use crate::support::{appliances, arns, resource_types};

/// What one run of a rule gives every job it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RuleJobSpec {
    /// `CreatedBy`: the plan, its version and the rule.
    pub created_by: RecoveryPointCreator,
    /// `TargetBackupVaultName`.
    pub vault_name: String,
    /// `StartWindowMinutes`.
    pub start_window_minutes: i64,
    /// `CompletionWindowMinutes`.
    pub completion_window_minutes: i64,
    /// `Lifecycle`.
    pub lifecycle: Option<Lifecycle>,
    /// `RecoveryPointTags`.
    pub recovery_point_tags: Option<BTreeMap<String, String>>,
    /// The plan's `AdvancedBackupSettings`: backup options per resource type.
    pub advanced_backup_settings: Option<Vec<AdvancedBackupSetting>>,
    /// `CopyActions`, run after each job's recovery point is written.
    pub copy_actions: Vec<CopyAction>,
    /// `LocalBackupConfiguration`, for resources registered with a backup appliance.
    pub local_backup_configuration: Option<LocalBackupConfiguration>,
}

impl RuleJobSpec {
    /// The spec of `rule` of the version of `plan` in effect.
    pub fn new(plan: &Plan, rule: &Rule) -> Self {
        let version = plan.current();
        let spec = &rule.spec;
        Self {
            created_by: RecoveryPointCreator {
                backup_plan_arn: Some(plan.arn.clone()),
                backup_plan_id: Some(plan.id.clone()),
                backup_plan_name: Some(version.document.name.clone()),
                backup_plan_version: Some(version.version_id.to_string()),
                backup_rule_cron: Some(spec.schedule.expression.clone()),
                backup_rule_id: Some(rule.id.clone()),
                backup_rule_name: Some(spec.name.clone()),
                backup_rule_timezone: Some(spec.schedule.timezone.clone()),
            },
            vault_name: spec.target_vault_name.clone(),
            start_window_minutes: spec.start_window_minutes,
            completion_window_minutes: spec.completion_window_minutes,
            lifecycle: spec.lifecycle.clone(),
            recovery_point_tags: spec.recovery_point_tags.clone(),
            advanced_backup_settings: version.document.advanced_backup_settings.clone(),
            copy_actions: spec.copy_actions.clone().unwrap_or_default(),
            local_backup_configuration: spec.local_backup_configuration.clone(),
        }
    }

    /// The plan's backup options for the type of `resource_arn` (e.g. `WindowsVSS` for EC2).
    fn backup_options(&self, resource_arn: &str) -> Option<BTreeMap<String, String>> {
        let kind = resource_types::classify(resource_arn)?;
        self.advanced_backup_settings
            .iter()
            .flatten()
            .find(|setting| setting.resource_type.as_deref() == Some(kind.resource_type))
            .and_then(|setting| setting.backup_options.clone())
    }
}

/// One resource a rule backs up, and the role its selection names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    /// The protected resource.
    pub resource_arn: String,
    /// The selection's `IamRoleArn`.
    pub iam_role_arn: String,
}

/// Starts the backup job of one rule run for `target` and answers its id. A job for a vault
/// deleted since the plan was written is created FAILED; otherwise it fails as StartBackupJob
/// fails. `local_vault` is the name of the local backup vault that resources registered with a
/// backup appliance back up to, or why there is none (`local_backups::appliance_vault`).
pub(crate) fn start_job_for_plan(
    svc: &Backend,
    ctx: &RequestContext,
    spec: &RuleJobSpec,
    target: &Target,
    local_vault: Result<&str, &'static str>,
) -> Result<String, ServiceError> {
    let (vault_name, lifecycle, copy_actions, local) =
        if appliances::resource_target(&target.resource_arn).is_some() {
            let run = local_backups::plan(
                local_vault,
                &spec.vault_name,
                &arns::vault(ctx, &spec.vault_name),
                spec.lifecycle.as_ref(),
                &spec.copy_actions,
                spec.local_backup_configuration.as_ref(),
            );
            (
                run.vault_name,
                run.lifecycle,
                run.copy_actions,
                Some(run.local),
            )
        } else {
            (
                spec.vault_name.clone(),
                spec.lifecycle.clone(),
                spec.copy_actions.clone(),
                None,
            )
        };
    let input = StartBackupJobInput {
        backup_vault_name: vault_name,
        resource_arn: target.resource_arn.clone(),
        iam_role_arn: target.iam_role_arn.clone(),
        start_window_minutes: Some(spec.start_window_minutes),
        complete_window_minutes: Some(spec.completion_window_minutes),
        lifecycle,
        recovery_point_tags: spec.recovery_point_tags.clone(),
        backup_options: spec.backup_options(&target.resource_arn),
        ..Default::default()
    };
    let origin = JobOrigin::Plan {
        created_by: Box::new(spec.created_by.clone()),
        copy_actions,
        local,
    };
    Ok(backup_start::start_job(svc, ctx, input, origin)?
        .backup_job_id
        .unwrap_or_default())
}
