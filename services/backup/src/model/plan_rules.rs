//! Validation of plan documents and their rules, with AWS's defaults. The gateway has already
//! checked what the model can express (required members, rule name pattern); this checks what it
//! cannot, with AWS's `Error in rule {name} : …` message style.

use std::collections::HashSet;
use std::fmt::Display;

use aws_cron::{parse_timezone, Schedule};
use aws_tagging::{validate_tags, TagRules, Tags};
use emulator_core::ServiceError;

use crate::api::generated::{
    BackupPlanInput, BackupRuleInput, CopyAction, LocalBackupConfiguration,
};
use crate::support::arns::{self, BackupResource};
use crate::support::errors::invalid_parameter;
use crate::support::lifecycle_rules;

use crate::model::plan::{PlanSpec, RuleSchedule, RuleSpec};

/// `ScheduleExpression` when a rule gives none (AWS Backup API reference, `BackupRuleInput`).
pub const DEFAULT_SCHEDULE: &str = "cron(0 5 ? * * *)";
/// `ScheduleExpressionTimezone` when a rule gives none.
pub const DEFAULT_TIMEZONE: &str = aws_cron::DEFAULT_TIMEZONE;
/// `StartWindowMinutes` when a rule gives none (8 hours).
pub const DEFAULT_START_WINDOW: i64 = 480;
/// `CompletionWindowMinutes` when a rule gives none (7 days).
pub const DEFAULT_COMPLETION_WINDOW: i64 = 10_080;

/// Validates a plan document and fills in rule defaults. Does not look at the region (target
/// vaults are checked by the callers that store plans).
pub fn validate_plan(input: BackupPlanInput) -> Result<PlanSpec, ServiceError> {
    validate_plan_name(&input.backup_plan_name)?;
    if input.rules.is_empty() {
        return Err(invalid_parameter(
            "Invalid backup plan. A backup plan must contain at least one rule.",
        ));
    }
    let mut seen = HashSet::new();
    for rule in &input.rules {
        if !seen.insert(rule.rule_name.as_str()) {
            return Err(invalid_parameter(format!(
                "Invalid backup plan. Rule name {} is used by more than one rule; rule names \
                 must be unique within a backup plan.",
                rule.rule_name
            )));
        }
    }
    let rules = input
        .rules
        .into_iter()
        .map(validate_rule)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(PlanSpec {
        name: input.backup_plan_name,
        rules,
        advanced_backup_settings: input.advanced_backup_settings,
        scan_settings: input.scan_settings,
    })
}

/// `BackupPlanName`: 1 to 50 alphanumeric or `-_.` characters (API reference).
fn validate_plan_name(name: &str) -> Result<(), ServiceError> {
    let valid = (1..=50).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if valid {
        Ok(())
    } else {
        Err(invalid_parameter(format!(
            "Invalid backup plan name {name}. The name must contain 1 to 50 alphanumeric or \
             '-_.' characters."
        )))
    }
}

fn rule_error(rule: &str, detail: impl Display) -> ServiceError {
    invalid_parameter(format!("Error in rule {rule} : {detail}"))
}

/// Validates one rule and fills in its defaults.
pub fn validate_rule(input: BackupRuleInput) -> Result<RuleSpec, ServiceError> {
    let name = input.rule_name;
    let schedule = validate_schedule(
        &name,
        input
            .schedule_expression
            .unwrap_or_else(|| DEFAULT_SCHEDULE.to_owned()),
        input
            .schedule_expression_timezone
            .unwrap_or_else(|| DEFAULT_TIMEZONE.to_owned()),
    )?;
    let (start, completion) = validate_windows(
        &name,
        input.start_window_minutes.unwrap_or(DEFAULT_START_WINDOW),
        input
            .completion_window_minutes
            .unwrap_or(DEFAULT_COMPLETION_WINDOW),
    )?;
    let continuous = input.enable_continuous_backup == Some(true);
    if let Some(lifecycle) = &input.lifecycle {
        lifecycle_rules::check_lifecycle(lifecycle, continuous)
            .map_err(|e| rule_error(&name, e))?;
    }
    for action in input.copy_actions.iter().flatten() {
        validate_copy_action(action).map_err(|e| rule_error(&name, e))?;
    }
    if let Some(arn) = &input.target_logically_air_gapped_backup_vault_arn {
        if !is_vault_arn(arn) {
            return Err(rule_error(
                &name,
                format!("Invalid TargetLogicallyAirGappedBackupVaultArn {arn}. It must be the ARN of a backup vault."),
            ));
        }
    }
    if let Some(local) = &input.local_backup_configuration {
        validate_local_backup(local).map_err(|e| rule_error(&name, e))?;
    }
    if let Some(tags) = &input.recovery_point_tags {
        let tags = Tags::from(tags.clone());
        validate_tags(&TagRules::AWS_DEFAULT, &tags)
            .map_err(|e| rule_error(&name, format!("Invalid RecoveryPointTags. {e}")))?;
    }
    Ok(RuleSpec {
        name,
        target_vault_name: input.target_backup_vault_name,
        schedule,
        start_window_minutes: start,
        completion_window_minutes: completion,
        lifecycle: input.lifecycle,
        recovery_point_tags: input.recovery_point_tags,
        copy_actions: input.copy_actions,
        enable_continuous_backup: input.enable_continuous_backup,
        index_actions: input.index_actions,
        scan_actions: input.scan_actions,
        target_logically_air_gapped_backup_vault_arn: input
            .target_logically_air_gapped_backup_vault_arn,
        local_backup_configuration: input.local_backup_configuration,
    })
}

/// The longest retention AWS Backup accepts anywhere (100 years, as for `Lifecycle`).
const MAX_LOCAL_RETENTION_DAYS: i64 = 36_500;

/// `LocalBackupConfiguration`: a retention of 1 day to 100 years. `DeleteAfterNextBackup` goes
/// with `BackupToLocalVaultOnly` too: "If `BackupToLocalVaultOnly` is true, there is no copy, so
/// only the first condition applies" (botocore 1.44.18's model).
fn validate_local_backup(local: &LocalBackupConfiguration) -> Result<(), String> {
    if !(1..=MAX_LOCAL_RETENTION_DAYS).contains(&local.delete_after_days) {
        return Err(format!(
            "Invalid LocalBackupConfiguration. DeleteAfterDays must be between 1 and \
             {MAX_LOCAL_RETENTION_DAYS}; got {}.",
            local.delete_after_days
        ));
    }
    Ok(())
}

/// A `cron(...)` expression (AWS Backup accepts no `rate`/`at`) that fires at most hourly
/// ("snapshot backups as frequently as hourly", developer guide), in a known IANA zone.
fn validate_schedule(
    rule: &str,
    expression: String,
    timezone: String,
) -> Result<RuleSchedule, ServiceError> {
    let cron = Schedule::parse_cron(&expression).map_err(|e| {
        rule_error(
            rule,
            format!("Invalid schedule expression {expression}: {e}"),
        )
    })?;
    if cron.fires_more_than_hourly() {
        return Err(rule_error(
            rule,
            format!(
                "Invalid schedule expression {expression}: backups can be scheduled at most \
                 once an hour."
            ),
        ));
    }
    let zone = parse_timezone(&timezone).map_err(|_| {
        rule_error(
            rule,
            format!(
                "Invalid ScheduleExpressionTimezone {timezone}. Use an IANA time zone name such \
                 as Etc/UTC or America/New_York."
            ),
        )
    })?;
    Ok(RuleSchedule::new(expression, timezone, cron, zone))
}

/// StartWindowMinutes is at least 60 (API reference); both windows are at most 100 years; the
/// completion window counts from the scheduled time, so it must leave at least an hour after the
/// start window closes.
fn validate_windows(rule: &str, start: i64, completion: i64) -> Result<(i64, i64), ServiceError> {
    lifecycle_rules::check_start_window(start).map_err(|e| rule_error(rule, e))?;
    lifecycle_rules::check_completion_window("CompletionWindowMinutes", completion)
        .map_err(|e| rule_error(rule, e))?;
    // Both are bounded: no overflow.
    if completion < start + 60 {
        return Err(rule_error(
            rule,
            format!(
                "Invalid CompletionWindowMinutes {completion}. CompletionWindowMinutes must be \
                 at least 60 minutes greater than StartWindowMinutes ({start})."
            ),
        ));
    }
    Ok((start, completion))
}

fn validate_copy_action(action: &CopyAction) -> Result<(), String> {
    if !is_vault_arn(&action.destination_backup_vault_arn) {
        return Err(format!(
            "Invalid DestinationBackupVaultArn {}. It must be the ARN of a backup vault, such as \
             arn:aws:backup:us-east-1:123456789012:backup-vault:my-vault.",
            action.destination_backup_vault_arn
        ));
    }
    match &action.lifecycle {
        // Copies are never continuous backups: cold storage is allowed for them.
        Some(lifecycle) => lifecycle_rules::check_lifecycle(lifecycle, false),
        None => Ok(()),
    }
}

/// Whether `arn` names a backup vault (of any account or region: copies may cross both).
fn is_vault_arn(arn: &str) -> bool {
    matches!(
        arns::parse(arn),
        Some((_, BackupResource::Vault(name))) if !name.is_empty()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(name: &str) -> BackupRuleInput {
        BackupRuleInput {
            rule_name: name.to_owned(),
            target_backup_vault_name: "vault".to_owned(),
            ..Default::default()
        }
    }

    fn message(result: Result<RuleSpec, ServiceError>) -> String {
        result.expect_err("invalid").message().to_owned()
    }

    #[test]
    fn defaults_are_filled_in() {
        let spec = validate_rule(rule("daily")).unwrap();
        assert_eq!(spec.schedule.expression, "cron(0 5 ? * * *)");
        assert_eq!(spec.schedule.timezone, "Etc/UTC");
        assert_eq!(spec.start_window_minutes, 480);
        assert_eq!(spec.completion_window_minutes, 10_080);
    }

    #[test]
    fn schedules_must_be_hourly_or_rarer_cron_in_a_known_zone() {
        let mut r = rule("r");
        r.schedule_expression = Some("rate(1 day)".into());
        assert!(message(validate_rule(r)).starts_with("Error in rule r : Invalid schedule"));
        let mut r = rule("r");
        r.schedule_expression = Some("cron(0/30 * * * ? *)".into());
        assert!(message(validate_rule(r)).contains("at most once an hour"));
        let mut r = rule("r");
        r.schedule_expression = Some("cron(15 * * * ? *)".into());
        assert!(validate_rule(r).is_ok());
        let mut r = rule("r");
        r.schedule_expression_timezone = Some("Mars/Olympus".into());
        assert!(message(validate_rule(r)).contains("ScheduleExpressionTimezone Mars/Olympus"));
    }

    #[test]
    fn windows_have_a_floor_and_an_order() {
        let mut r = rule("r");
        r.start_window_minutes = Some(59);
        assert!(message(validate_rule(r)).contains("StartWindowMinutes 59"));
        let mut r = rule("r");
        r.start_window_minutes = Some(60);
        r.completion_window_minutes = Some(119);
        assert!(message(validate_rule(r)).contains("CompletionWindowMinutes 119"));
        let mut r = rule("r");
        r.start_window_minutes = Some(60);
        r.completion_window_minutes = Some(120);
        assert!(validate_rule(r).is_ok());
    }

    #[test]
    fn rule_lifecycles_use_the_shared_validator() {
        let mut r = rule("r");
        r.lifecycle = Some(crate::api::generated::Lifecycle {
            move_to_cold_storage_after_days: Some(30),
            delete_after_days: Some(119),
            ..Default::default()
        });
        assert_eq!(
            message(validate_rule(r)),
            "Error in rule r : Invalid lifecycle. DeleteAfterDays cannot be less than 90 days \
             apart from MoveToColdStorageAfterDays"
        );
        let mut r = rule("r");
        r.enable_continuous_backup = Some(true);
        r.lifecycle = Some(crate::api::generated::Lifecycle {
            delete_after_days: Some(36),
            ..Default::default()
        });
        assert!(message(validate_rule(r)).contains("continuous"));
        let mut r = rule("r");
        r.start_window_minutes = Some(52_560_001);
        assert!(message(validate_rule(r)).contains("StartWindowMinutes 52560001"));
    }

    #[test]
    fn copy_destinations_must_be_vault_arns() {
        let mut r = rule("r");
        r.copy_actions = Some(vec![CopyAction {
            destination_backup_vault_arn: "arn:aws:s3:::bucket".into(),
            lifecycle: None,
        }]);
        assert!(message(validate_rule(r)).contains("DestinationBackupVaultArn"));
        let mut r = rule("r");
        r.copy_actions = Some(vec![CopyAction {
            destination_backup_vault_arn:
                "arn:aws:backup:eu-west-1:123456789012:backup-vault:other".into(),
            lifecycle: None,
        }]);
        assert!(validate_rule(r).is_ok());
    }

    #[test]
    fn plans_need_a_valid_name_and_distinct_rules() {
        let plan = |name: &str, rules: Vec<BackupRuleInput>| BackupPlanInput {
            backup_plan_name: name.to_owned(),
            rules,
            ..Default::default()
        };
        assert!(validate_plan(plan("ok-plan_1.x", vec![rule("a"), rule("b")])).is_ok());
        assert!(validate_plan(plan("ok", vec![]))
            .unwrap_err()
            .message()
            .contains("at least one rule"));
        assert!(validate_plan(plan("ok", vec![rule("a"), rule("a")]))
            .unwrap_err()
            .message()
            .contains("Rule name a"));
        assert!(validate_plan(plan("bad name!", vec![rule("a")])).is_err());
        assert!(validate_plan(plan("", vec![rule("a")])).is_err());
    }
}
