//! The backup plan templates AWS provides (the console's "Start with a template" list).
//!
//! Names and rules follow the console templates and the AWS CDK's `BackupPlan.daily35DayRetention`
//! family that mirrors them; `87c0c1ef-254d-4180-8fef-2e76a2c38aaa` (Daily-35day-Retention) is
//! the id in the AWS CLI `get-backup-plan-from-template` example, and the others continue its
//! sequence as AWS's own listings do (`…2e76a2c38aab` for Daily-Monthly-1yr-Retention). As in that
//! example, a template's rules carry `RuleName`, `ScheduleExpression`, `StartWindowMinutes` and
//! `Lifecycle`.

use crate::api::generated::{BackupPlan, BackupRule, Lifecycle};

/// The vault AWS's templates back up to: every account's `Default` vault.
const TEMPLATE_VAULT: &str = "Default";
const TEMPLATE_START_WINDOW: i64 = 480;

/// One AWS-provided template.
#[derive(Debug)]
pub struct Template {
    /// `BackupPlanTemplateId`.
    pub id: &'static str,
    /// `BackupPlanTemplateName`.
    pub name: &'static str,
    rules: &'static [TemplateRule],
}

#[derive(Debug)]
struct TemplateRule {
    name: &'static str,
    schedule: &'static str,
    move_to_cold_storage_after_days: Option<i64>,
    delete_after_days: i64,
}

const DAILY: TemplateRule = TemplateRule {
    name: "DailyBackups",
    schedule: "cron(0 5 ? * * *)",
    move_to_cold_storage_after_days: None,
    delete_after_days: 35,
};
const WEEKLY: TemplateRule = TemplateRule {
    name: "WeeklyBackups",
    schedule: "cron(0 5 ? * 7 *)",
    move_to_cold_storage_after_days: None,
    delete_after_days: 90,
};

const fn monthly(cold_after: i64, delete_after: i64) -> TemplateRule {
    TemplateRule {
        name: "MonthlyBackups",
        schedule: "cron(0 5 1 * ? *)",
        move_to_cold_storage_after_days: Some(cold_after),
        delete_after_days: delete_after,
    }
}

/// Every template, in the order ListBackupPlanTemplates returns them.
pub const TEMPLATES: &[Template] = &[
    Template {
        id: "87c0c1ef-254d-4180-8fef-2e76a2c38aaa",
        name: "Daily-35day-Retention",
        rules: &[DAILY],
    },
    Template {
        id: "87c0c1ef-254d-4180-8fef-2e76a2c38aab",
        name: "Daily-Monthly-1yr-Retention",
        rules: &[DAILY, monthly(30, 365)],
    },
    Template {
        id: "87c0c1ef-254d-4180-8fef-2e76a2c38aac",
        name: "Daily-Weekly-Monthly-5yr-Retention",
        rules: &[DAILY, WEEKLY, monthly(90, 5 * 365)],
    },
    Template {
        id: "87c0c1ef-254d-4180-8fef-2e76a2c38aad",
        name: "Daily-Weekly-Monthly-7yr-Retention",
        rules: &[DAILY, WEEKLY, monthly(90, 7 * 365)],
    },
];

/// The template with this id.
pub fn find(id: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|template| template.id == id)
}

impl Template {
    /// The template as a plan document. The model requires a plan name and target vault that
    /// AWS's example omits; they are the template's name and the `Default` vault.
    pub fn to_backup_plan(&self) -> BackupPlan {
        BackupPlan {
            backup_plan_name: self.name.to_owned(),
            rules: self
                .rules
                .iter()
                .map(|rule| BackupRule {
                    rule_name: rule.name.to_owned(),
                    target_backup_vault_name: TEMPLATE_VAULT.to_owned(),
                    schedule_expression: Some(rule.schedule.to_owned()),
                    start_window_minutes: Some(TEMPLATE_START_WINDOW),
                    lifecycle: Some(Lifecycle {
                        move_to_cold_storage_after_days: rule.move_to_cold_storage_after_days,
                        delete_after_days: Some(rule.delete_after_days),
                        ..Default::default()
                    }),
                    ..Default::default()
                })
                .collect(),
            advanced_backup_settings: None,
            scan_settings: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::generated::{BackupPlanInput, BackupRuleInput};
    use crate::model::plan_rules::validate_plan;

    #[test]
    fn ids_and_names_are_unique() {
        for (i, a) in TEMPLATES.iter().enumerate() {
            for b in &TEMPLATES[i + 1..] {
                assert_ne!(a.id, b.id);
                assert_ne!(a.name, b.name);
            }
        }
    }

    #[test]
    fn every_template_is_a_valid_plan() {
        for template in TEMPLATES {
            let plan = template.to_backup_plan();
            let input = BackupPlanInput {
                backup_plan_name: plan.backup_plan_name,
                rules: plan
                    .rules
                    .into_iter()
                    .map(|r| BackupRuleInput {
                        rule_name: r.rule_name,
                        target_backup_vault_name: r.target_backup_vault_name,
                        schedule_expression: r.schedule_expression,
                        start_window_minutes: r.start_window_minutes,
                        lifecycle: r.lifecycle,
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            };
            assert!(validate_plan(input).is_ok(), "{}", template.name);
        }
    }
}
