//! Stored plans to the API's shapes.

use crate::api::generated::{
    BackupPlan, BackupPlanInput, BackupPlansListMember, BackupRule, BackupRuleInput,
};

use crate::model::plan::{Plan, PlanDocument, PlanVersion, Rule, RuleSpec};

impl RuleSpec {
    /// The rule as `BackupRule`, with defaults filled in and no `RuleId`.
    pub fn to_backup_rule(&self) -> BackupRule {
        BackupRule {
            rule_name: self.name.clone(),
            target_backup_vault_name: self.target_vault_name.clone(),
            schedule_expression: Some(self.schedule.expression.clone()),
            schedule_expression_timezone: Some(self.schedule.timezone.clone()),
            start_window_minutes: Some(self.start_window_minutes),
            completion_window_minutes: Some(self.completion_window_minutes),
            lifecycle: self.lifecycle.clone(),
            recovery_point_tags: self.recovery_point_tags.clone(),
            copy_actions: self.copy_actions.clone(),
            enable_continuous_backup: self.enable_continuous_backup,
            index_actions: self.index_actions.clone(),
            scan_actions: self.scan_actions.clone(),
            target_logically_air_gapped_backup_vault_arn: self
                .target_logically_air_gapped_backup_vault_arn
                .clone(),
            local_backup_configuration: self.local_backup_configuration.clone(),
            rule_id: None,
        }
    }

    /// The rule as `BackupRuleInput`: what CreateBackupPlan would take to recreate it.
    pub fn to_rule_input(&self) -> BackupRuleInput {
        let rule = self.to_backup_rule();
        BackupRuleInput {
            rule_name: rule.rule_name,
            target_backup_vault_name: rule.target_backup_vault_name,
            schedule_expression: rule.schedule_expression,
            schedule_expression_timezone: rule.schedule_expression_timezone,
            start_window_minutes: rule.start_window_minutes,
            completion_window_minutes: rule.completion_window_minutes,
            lifecycle: rule.lifecycle,
            recovery_point_tags: rule.recovery_point_tags,
            copy_actions: rule.copy_actions,
            enable_continuous_backup: rule.enable_continuous_backup,
            index_actions: rule.index_actions,
            scan_actions: rule.scan_actions,
            target_logically_air_gapped_backup_vault_arn: rule
                .target_logically_air_gapped_backup_vault_arn,
            local_backup_configuration: rule.local_backup_configuration,
        }
    }
}

impl Rule {
    /// The rule as `BackupRule`, with its `RuleId`.
    pub fn to_backup_rule(&self) -> BackupRule {
        BackupRule {
            rule_id: Some(self.id.clone()),
            ..self.spec.to_backup_rule()
        }
    }
}

impl PlanDocument {
    /// The document as `BackupPlan` (rules with ids and defaults).
    pub fn to_backup_plan(&self) -> BackupPlan {
        BackupPlan {
            backup_plan_name: self.name.clone(),
            rules: self.rules.iter().map(Rule::to_backup_rule).collect(),
            advanced_backup_settings: self.advanced_backup_settings.clone(),
            scan_settings: self.scan_settings.clone(),
        }
    }

    /// The document as `BackupPlanInput`, without rule ids: the exported template form.
    pub fn to_plan_input(&self) -> BackupPlanInput {
        BackupPlanInput {
            backup_plan_name: self.name.clone(),
            rules: self.rules.iter().map(|r| r.spec.to_rule_input()).collect(),
            advanced_backup_settings: self.advanced_backup_settings.clone(),
            scan_settings: self.scan_settings.clone(),
        }
    }
}

impl Plan {
    /// `version` of this plan as a `ListBackupPlans` / `ListBackupPlanVersions` entry.
    pub fn list_member(&self, version: &PlanVersion) -> BackupPlansListMember {
        BackupPlansListMember {
            backup_plan_arn: Some(self.arn.clone()),
            backup_plan_id: Some(self.id.clone()),
            backup_plan_name: Some(version.document.name.clone()),
            creation_date: Some(version.creation_date),
            deletion_date: self.version_deletion_date(version),
            version_id: Some(version.version_id.to_string()),
            creator_request_id: self.creator_request_id.clone(),
            last_execution_date: version.last_execution_date,
            advanced_backup_settings: version.document.advanced_backup_settings.clone(),
        }
    }
}
