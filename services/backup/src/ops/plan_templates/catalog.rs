//! The backup plan templates AWS provides (the console's "Start with a template" list).
//!
//! `87c0c1ef-254d-4180-8fef-2e76a2c38aaa` (Daily-35day-Retention) and its document are AWS's,
//! from the AWS CLI's documented `get-backup-plan-from-template` example
//! (https://docs.aws.amazon.com/cli/latest/reference/backup/get-backup-plan-from-template.html,
//! aws-cli `awscli/examples/backup/get-backup-plan-from-template.rst`): a plan document with
//! `Rules` only, each with `RuleName`, `ScheduleExpression`, `StartWindowMinutes` and
//! `Lifecycle`, and no `BackupPlanName` or `TargetBackupVaultName`. AWS publishes neither the
//! other templates' ids nor their documents: their names and rules follow the console
//! templates (and the AWS CDK's `BackupPlan.daily35DayRetention` family that mirrors them) and
//! their ids continue the documented one's sequence, the emulator's choice
//! (docs/services/backup.md, "Known differences").

use serde_json::{json, Map, Value};

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
    /// The template as `GetBackupPlanFromTemplate`'s `BackupPlanDocument`, member for member
    /// as AWS's documented example.
    pub fn to_document(&self) -> Value {
        let rules: Vec<Value> = self
            .rules
            .iter()
            .map(|rule| {
                let mut lifecycle = Map::new();
                if let Some(days) = rule.move_to_cold_storage_after_days {
                    lifecycle.insert("MoveToColdStorageAfterDays".into(), json!(days));
                }
                lifecycle.insert("DeleteAfterDays".into(), json!(rule.delete_after_days));
                json!({
                    "RuleName": rule.name,
                    "ScheduleExpression": rule.schedule,
                    "StartWindowMinutes": TEMPLATE_START_WINDOW,
                    "Lifecycle": lifecycle,
                })
            })
            .collect();
        json!({ "Rules": rules })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::generated::{BackupPlanInput, BackupRuleInput, Lifecycle};
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
            // A plan made from the template needs the name and vault the template leaves out.
            let input = BackupPlanInput {
                backup_plan_name: template.name.to_owned(),
                rules: template
                    .rules
                    .iter()
                    .map(|rule| BackupRuleInput {
                        rule_name: rule.name.to_owned(),
                        target_backup_vault_name: "Default".to_owned(),
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
                ..Default::default()
            };
            assert!(validate_plan(input).is_ok(), "{}", template.name);
        }
    }

    #[test]
    fn the_documented_template_answers_as_the_documented_example() {
        let document = find("87c0c1ef-254d-4180-8fef-2e76a2c38aaa")
            .expect("the documented template")
            .to_document();
        assert_eq!(
            document,
            json!({"Rules": [{
                "RuleName": "DailyBackups",
                "ScheduleExpression": "cron(0 5 ? * * *)",
                "StartWindowMinutes": 480,
                "Lifecycle": {"DeleteAfterDays": 35}
            }]})
        );
    }
}
