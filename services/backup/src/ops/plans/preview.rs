//! `ScheduledRunsPreview`: the next runs of a plan's rules, as GetBackupPlan previews them.

use emulator_core::dto::Timestamp;

use crate::api::generated::ScheduledPlanExecutionMember;

use crate::model::plan::Rule;

/// The first `count` runs after `now` across all `rules`, soonest first (rules in plan order when
/// they fire together).
pub fn scheduled_runs(
    rules: &[Rule],
    now: Timestamp,
    count: usize,
) -> Vec<ScheduledPlanExecutionMember> {
    let mut runs: Vec<(i64, usize, Timestamp)> = Vec::new();
    for (index, rule) in rules.iter().enumerate() {
        let mut cursor = now;
        for _ in 0..count {
            let Some(next) = rule.spec.schedule.next_after(cursor) else {
                break;
            };
            runs.push((next.epoch_millis(), index, next));
            cursor = next;
        }
    }
    runs.sort_by_key(|(millis, index, _)| (*millis, *index));
    runs.into_iter()
        .take(count)
        .map(|(_, index, at)| {
            let rule = &rules[index];
            ScheduledPlanExecutionMember {
                execution_time: Some(at),
                rule_id: Some(rule.id.clone()),
                rule_execution_type: Some(rule.spec.execution_type()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::generated::BackupRuleInput;
    use crate::model::plan_rules::validate_rule;

    fn rule(id: &str, cron: &str, zone: &str) -> Rule {
        let spec = validate_rule(BackupRuleInput {
            rule_name: id.to_owned(),
            target_backup_vault_name: "v".to_owned(),
            schedule_expression: Some(cron.to_owned()),
            schedule_expression_timezone: Some(zone.to_owned()),
            ..Default::default()
        })
        .unwrap();
        Rule {
            id: id.to_owned(),
            spec,
        }
    }

    fn at(text: &str) -> Timestamp {
        let ts: aws_cron::Timestamp = text.parse().unwrap();
        Timestamp::from_epoch_millis(ts.as_millisecond())
    }

    #[test]
    fn merges_rules_in_time_order_in_their_zones() {
        let rules = [
            rule("daily", "cron(0 5 ? * * *)", "America/New_York"),
            rule("hourly", "cron(30 * ? * * *)", "Etc/UTC"),
        ];
        let runs = scheduled_runs(&rules, at("2024-03-08T08:00:00Z"), 3);
        let got: Vec<(i64, &str)> = runs
            .iter()
            .map(|r| {
                (
                    r.execution_time.unwrap().epoch_millis(),
                    r.rule_id.as_deref().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (at("2024-03-08T08:30:00Z").epoch_millis(), "hourly"),
                (at("2024-03-08T09:30:00Z").epoch_millis(), "hourly"),
                // 05:00 EST is 10:00 UTC.
                (at("2024-03-08T10:00:00Z").epoch_millis(), "daily"),
            ]
        );
    }

    #[test]
    fn a_schedule_that_never_fires_again_contributes_nothing() {
        let rules = [rule("past", "cron(0 5 1 1 ? 2000)", "Etc/UTC")];
        assert!(scheduled_runs(&rules, at("2024-01-01T00:00:00Z"), 5).is_empty());
    }
}
