//! Validation of restore testing plan input, with AWS's defaults and limits (API reference,
//! `RestoreTestingPlanForCreate`, `RestoreTestingRecoveryPointSelection`; developer guide,
//! "Restore testing quotas and parameters"). The model declares none of these constraints, so
//! the gateway has checked only that the required members are present.

use aws_cron::{parse_timezone, Schedule, DEFAULT_TIMEZONE};
use emulator_core::ServiceError;

use crate::api::generated::{
    RestoreTestingPlanForCreate, RestoreTestingPlanForUpdate, RestoreTestingRecoveryPointSelection,
};
use crate::model::plan::RuleSchedule;
use crate::model::restore_testing_plan::{PointSelection, RestoreTestingPlan, ANY_VAULT};
use crate::support::arns::{self, BackupResource};
use crate::support::errors::{invalid_parameter, missing_parameter};

/// The longest plan name.
const MAX_NAME_LENGTH: usize = 50;
/// `StartWindowHours` when none is given.
const DEFAULT_START_WINDOW_HOURS: i32 = 24;
/// `StartWindowHours` bounds: one hour to a week.
const START_WINDOW_HOURS: std::ops::RangeInclusive<i32> = 1..=168;
/// `SelectionWindowDays` when none is given.
const DEFAULT_SELECTION_WINDOW_DAYS: i32 = 30;
/// `SelectionWindowDays` bounds.
const SELECTION_WINDOW_DAYS: std::ops::RangeInclusive<i32> = 1..=365;
/// At most this many vault selectors in `IncludeVaults` and in `ExcludeVaults`.
const MAX_VAULT_SELECTORS: usize = 30;

/// A plan's settings: everything CreateRestoreTestingPlan sets and UpdateRestoreTestingPlan
/// may change.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanSettings {
    /// `ScheduleExpression` in `ScheduleExpressionTimezone`.
    pub schedule: RuleSchedule,
    /// `StartWindowHours`.
    pub start_window_hours: i32,
    /// `RecoveryPointSelection`.
    pub point_selection: PointSelection,
}

impl PlanSettings {
    /// The settings `plan` has now.
    fn of(plan: &RestoreTestingPlan) -> Self {
        Self {
            schedule: plan.schedule.clone(),
            start_window_hours: plan.start_window_hours,
            point_selection: plan.point_selection.clone(),
        }
    }
}

/// Validates CreateRestoreTestingPlan's plan: its name and settings.
pub fn validate_create(
    input: RestoreTestingPlanForCreate,
) -> Result<(String, PlanSettings), ServiceError> {
    check_plan_name(&input.restore_testing_plan_name)?;
    let settings = PlanSettings {
        schedule: schedule(
            input.schedule_expression,
            input.schedule_expression_timezone,
        )?,
        start_window_hours: start_window(input.start_window_hours)?,
        point_selection: point_selection(input.recovery_point_selection)?,
    };
    Ok((input.restore_testing_plan_name, settings))
}

/// The settings `plan` has after UpdateRestoreTestingPlan with `input`: what the update gives
/// replaces what the plan has, member by member, and the result is validated as a whole.
pub fn validate_update(
    plan: &RestoreTestingPlan,
    input: RestoreTestingPlanForUpdate,
) -> Result<PlanSettings, ServiceError> {
    let mut settings = PlanSettings::of(plan);
    if input.schedule_expression.is_some() || input.schedule_expression_timezone.is_some() {
        settings.schedule = schedule(
            input
                .schedule_expression
                .unwrap_or_else(|| plan.schedule.expression.clone()),
            Some(
                input
                    .schedule_expression_timezone
                    .unwrap_or_else(|| plan.schedule.timezone.clone()),
            ),
        )?;
    }
    if input.start_window_hours.is_some() {
        settings.start_window_hours = start_window(input.start_window_hours)?;
    }
    if let Some(given) = input.recovery_point_selection {
        let current = plan.point_selection.to_api();
        settings.point_selection = point_selection(RestoreTestingRecoveryPointSelection {
            algorithm: given.algorithm.or(current.algorithm),
            exclude_vaults: given.exclude_vaults.or(current.exclude_vaults),
            include_vaults: given.include_vaults.or(current.include_vaults),
            recovery_point_types: given.recovery_point_types.or(current.recovery_point_types),
            selection_window_days: given
                .selection_window_days
                .or(current.selection_window_days),
        })?;
    }
    Ok(settings)
}

/// `RestoreTestingPlanName`: 1 to 50 alphanumeric characters or underscores.
fn check_plan_name(name: &str) -> Result<(), ServiceError> {
    let valid = (1..=MAX_NAME_LENGTH).contains(&name.chars().count())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid {
        Ok(())
    } else {
        Err(invalid_parameter(format!(
            "Invalid RestoreTestingPlanName {name}. The name must consist of 1 to \
             {MAX_NAME_LENGTH} alphanumeric characters or underscores."
        )))
    }
}

/// A `cron(...)` expression in a known IANA time zone (default `Etc/UTC`).
fn schedule(expression: String, timezone: Option<String>) -> Result<RuleSchedule, ServiceError> {
    let cron = Schedule::parse_cron(&expression)
        .map_err(|e| invalid_parameter(format!("Invalid ScheduleExpression {expression}: {e}")))?;
    let timezone = timezone.unwrap_or_else(|| DEFAULT_TIMEZONE.to_owned());
    let zone = parse_timezone(&timezone).map_err(|_| {
        invalid_parameter(format!(
            "Invalid ScheduleExpressionTimezone {timezone}. Use an IANA time zone name such as \
             Etc/UTC or America/New_York."
        ))
    })?;
    Ok(RuleSchedule::new(expression, timezone, cron, zone))
}

fn start_window(hours: Option<i32>) -> Result<i32, ServiceError> {
    let hours = hours.unwrap_or(DEFAULT_START_WINDOW_HOURS);
    if START_WINDOW_HOURS.contains(&hours) {
        Ok(hours)
    } else {
        Err(invalid_parameter(format!(
            "Invalid StartWindowHours {hours}. StartWindowHours must be between {} and {} hours.",
            START_WINDOW_HOURS.start(),
            START_WINDOW_HOURS.end()
        )))
    }
}

/// `RecoveryPointSelection`: `Algorithm`, `RecoveryPointTypes` and `IncludeVaults` are
/// required; `ExcludeVaults` defaults to none and `SelectionWindowDays` to 30.
fn point_selection(
    input: RestoreTestingRecoveryPointSelection,
) -> Result<PointSelection, ServiceError> {
    let required = |member: &str| {
        missing_parameter(format!(
            "Invalid RecoveryPointSelection: {member} is required."
        ))
    };
    let algorithm = input.algorithm.ok_or_else(|| required("Algorithm"))?;
    let mut recovery_point_types = input
        .recovery_point_types
        .filter(|types| !types.is_empty())
        .ok_or_else(|| required("RecoveryPointTypes"))?;
    recovery_point_types.sort();
    recovery_point_types.dedup();
    let include_vaults = input
        .include_vaults
        .filter(|vaults| !vaults.is_empty())
        .ok_or_else(|| required("IncludeVaults"))?;
    check_vaults("IncludeVaults", &include_vaults)?;
    let exclude_vaults = input.exclude_vaults.unwrap_or_default();
    check_vaults("ExcludeVaults", &exclude_vaults)?;
    let selection_window_days = input
        .selection_window_days
        .unwrap_or(DEFAULT_SELECTION_WINDOW_DAYS);
    if !SELECTION_WINDOW_DAYS.contains(&selection_window_days) {
        return Err(invalid_parameter(format!(
            "Invalid SelectionWindowDays {selection_window_days}. SelectionWindowDays must be \
             between {} and {} days.",
            SELECTION_WINDOW_DAYS.start(),
            SELECTION_WINDOW_DAYS.end()
        )));
    }
    Ok(PointSelection {
        algorithm,
        include_vaults,
        exclude_vaults,
        recovery_point_types,
        selection_window_days,
    })
}

/// Each vault selector is `*` or a backup vault ARN, and there are at most 30.
fn check_vaults(member: &str, vaults: &[String]) -> Result<(), ServiceError> {
    if vaults.len() > MAX_VAULT_SELECTORS {
        return Err(invalid_parameter(format!(
            "Invalid {member}: at most {MAX_VAULT_SELECTORS} backup vaults may be given."
        )));
    }
    match vaults.iter().find(|vault| !is_vault_selector(vault)) {
        Some(bad) => Err(invalid_parameter(format!(
            "Invalid {member} value {bad}. Give backup vault ARNs, such as \
             arn:aws:backup:us-east-1:123456789012:backup-vault:my-vault, or \"*\"."
        ))),
        None => Ok(()),
    }
}

fn is_vault_selector(vault: &str) -> bool {
    vault == ANY_VAULT
        || matches!(
            arns::parse(vault),
            Some((_, BackupResource::Vault(name))) if !name.is_empty()
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::generated::{
        RestoreTestingRecoveryPointSelectionAlgorithm as Algorithm,
        RestoreTestingRecoveryPointType as PointType,
    };
    use crate::support::creator_request_id::check as check_creator_request_id;

    const VAULT: &str = "arn:aws:backup:us-east-1:111122223333:backup-vault:v";

    fn selection() -> RestoreTestingRecoveryPointSelection {
        RestoreTestingRecoveryPointSelection {
            algorithm: Some(Algorithm::LatestWithinWindow),
            include_vaults: Some(vec![VAULT.to_owned()]),
            recovery_point_types: Some(vec![PointType::Snapshot]),
            ..Default::default()
        }
    }

    fn plan(name: &str) -> RestoreTestingPlanForCreate {
        RestoreTestingPlanForCreate {
            recovery_point_selection: selection(),
            restore_testing_plan_name: name.to_owned(),
            schedule_expression: "cron(0 1 ? * * *)".to_owned(),
            ..Default::default()
        }
    }

    fn message(result: Result<(String, PlanSettings), ServiceError>) -> String {
        result.expect_err("invalid").message().to_owned()
    }

    #[test]
    fn defaults_are_filled_in() {
        let (name, settings) = validate_create(plan("daily_test")).unwrap();
        assert_eq!(name, "daily_test");
        assert_eq!(settings.schedule.timezone, "Etc/UTC");
        assert_eq!(settings.start_window_hours, 24);
        assert_eq!(settings.point_selection.selection_window_days, 30);
        assert!(settings.point_selection.exclude_vaults.is_empty());
    }

    #[test]
    fn names_are_alphanumeric_or_underscores() {
        assert!(validate_create(plan(&"a".repeat(50))).is_ok());
        for bad in ["", "has-hyphen", "has space", &"a".repeat(51)] {
            assert!(message(validate_create(plan(bad))).contains("RestoreTestingPlanName"));
        }
    }

    #[test]
    fn schedules_windows_and_zones_are_checked() {
        let mut p = plan("p");
        p.schedule_expression = "rate(1 day)".into();
        assert!(message(validate_create(p)).contains("ScheduleExpression"));
        let mut p = plan("p");
        p.schedule_expression_timezone = Some("Mars/Olympus".into());
        assert!(message(validate_create(p)).contains("Mars/Olympus"));
        for hours in [0, 169] {
            let mut p = plan("p");
            p.start_window_hours = Some(hours);
            assert!(message(validate_create(p)).contains("StartWindowHours"));
        }
        let mut p = plan("p");
        p.start_window_hours = Some(168);
        assert!(validate_create(p).is_ok());
    }

    #[test]
    fn the_point_selection_needs_its_three_members_and_valid_vaults() {
        let missing = |f: fn(&mut RestoreTestingRecoveryPointSelection)| {
            let mut p = plan("p");
            f(&mut p.recovery_point_selection);
            validate_create(p).expect_err("invalid")
        };
        let err = missing(|s| s.algorithm = None);
        assert_eq!(
            err.message(),
            "Invalid RecoveryPointSelection: Algorithm is required."
        );
        assert!(missing(|s| s.include_vaults = Some(vec![]))
            .message()
            .contains("IncludeVaults"));
        assert!(missing(|s| s.recovery_point_types = None)
            .message()
            .contains("RecoveryPointTypes"));
        assert!(
            missing(|s| s.include_vaults = Some(vec!["my-vault".into()]))
                .message()
                .contains("my-vault")
        );
        assert!(
            missing(|s| s.exclude_vaults = Some(vec!["arn:aws:s3:::b".into()]))
                .message()
                .contains("ExcludeVaults")
        );
        assert!(missing(|s| s.selection_window_days = Some(366))
            .message()
            .contains("SelectionWindowDays"));
        assert!(
            missing(|s| s.include_vaults = Some(vec![VAULT.to_owned(); 31]))
                .message()
                .contains("at most 30")
        );
        let mut p = plan("p");
        p.recovery_point_selection.include_vaults = Some(vec!["*".into()]);
        assert!(validate_create(p).is_ok());
    }

    #[test]
    fn creator_request_ids_have_a_charset_and_length() {
        assert!(check_creator_request_id(None).is_ok());
        assert!(check_creator_request_id(Some("a-b_c.1")).is_ok());
        assert!(check_creator_request_id(Some("")).is_err());
        assert!(check_creator_request_id(Some("a b")).is_err());
        assert!(check_creator_request_id(Some(&"a".repeat(51))).is_err());
    }
}
