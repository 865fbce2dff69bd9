//! When a rule runs: its first run after a plan change, and what a run that comes due late
//! (the clock was moved past several runs) counts as.
//!
//! A run that comes due after later runs have also passed fires once, for the latest of them,
//! as a scheduler that was asleep would: the jobs of one firing are created at the current time,
//! so firing every missed run would only repeat identical jobs. To see one backup per run, move
//! the clock one run at a time.

use emulator_core::dto::Timestamp;

use crate::model::plan::RuleSchedule;

/// At most this many missed runs are stepped over to find the latest; a rule this far behind is
/// recorded as run at the last one reached.
const MAX_MISSED_RUNS: usize = 10_000;

/// The run a rule armed at `now` waits for: the first strictly after `now`.
pub fn first_run(schedule: &RuleSchedule, now: Timestamp) -> Option<Timestamp> {
    schedule.next_after(now)
}

/// What a run scheduled for `due` and firing at `now` (`due <= now`) does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Firing {
    /// The scheduled time it counts as (`LastExecutionDate`): the latest run at or before `now`.
    pub executed_at: Timestamp,
    /// The next run after `now`, if the schedule has one.
    pub next: Option<Timestamp>,
}

/// The run scheduled for `due`, firing at `now`.
pub fn firing(schedule: &RuleSchedule, due: Timestamp, now: Timestamp) -> Firing {
    let mut executed_at = due;
    for _ in 0..MAX_MISSED_RUNS {
        match schedule.next_after(executed_at) {
            Some(next) if next <= now => executed_at = next,
            _ => break,
        }
    }
    Firing {
        executed_at,
        next: schedule.next_after(now),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::generated::BackupRuleInput;
    use crate::model::plan_rules::validate_rule;

    fn schedule(cron: &str, zone: &str) -> RuleSchedule {
        validate_rule(BackupRuleInput {
            rule_name: "r".to_owned(),
            target_backup_vault_name: "v".to_owned(),
            schedule_expression: Some(cron.to_owned()),
            schedule_expression_timezone: Some(zone.to_owned()),
            ..Default::default()
        })
        .expect("valid rule")
        .schedule
    }

    fn at(text: &str) -> Timestamp {
        let ts: aws_cron::Timestamp = text.parse().expect("timestamp");
        Timestamp::from_epoch_millis(ts.as_millisecond())
    }

    #[test]
    fn the_first_run_is_strictly_after_now_in_the_rules_zone() {
        let daily = schedule("cron(0 5 ? * * *)", "America/New_York");
        // 05:00 in New York is 10:00 UTC in winter and 09:00 UTC in summer.
        assert_eq!(
            first_run(&daily, at("2024-03-08T08:00:00Z")),
            Some(at("2024-03-08T10:00:00Z"))
        );
        assert_eq!(
            first_run(&daily, at("2024-03-08T10:00:00Z")),
            Some(at("2024-03-09T10:00:00Z")),
            "a run exactly now is not the next one"
        );
        assert_eq!(
            first_run(&daily, at("2024-03-10T08:00:00Z")),
            Some(at("2024-03-10T09:00:00Z")),
            "after the switch to daylight saving time"
        );
        let past = schedule("cron(0 5 1 1 ? 2000)", "Etc/UTC");
        assert_eq!(first_run(&past, at("2024-01-01T00:00:00Z")), None);
    }

    #[test]
    fn a_run_on_time_counts_as_itself_and_arms_the_next() {
        let hourly = schedule("cron(30 * ? * * *)", "Etc/UTC");
        let due = at("2024-03-08T08:30:00Z");
        assert_eq!(
            firing(&hourly, due, due),
            Firing {
                executed_at: due,
                next: Some(at("2024-03-08T09:30:00Z")),
            }
        );
    }

    #[test]
    fn a_late_run_counts_as_the_latest_missed_one_and_fires_once() {
        let hourly = schedule("cron(30 * ? * * *)", "Etc/UTC");
        let got = firing(
            &hourly,
            at("2024-03-08T08:30:00Z"),
            at("2024-03-08T12:45:00Z"),
        );
        assert_eq!(got.executed_at, at("2024-03-08T12:30:00Z"));
        assert_eq!(got.next, Some(at("2024-03-08T13:30:00Z")));
    }

    #[test]
    fn a_schedule_that_ends_has_no_next_run() {
        let once = schedule("cron(0 12 8 3 ? 2024)", "Etc/UTC");
        let due = at("2024-03-08T12:00:00Z");
        assert_eq!(
            firing(&once, due, at("2024-03-09T00:00:00Z")),
            Firing {
                executed_at: due,
                next: None
            }
        );
    }
}
