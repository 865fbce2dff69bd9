//! The one validator of lifecycles and job windows, for every input that becomes a date: plan
//! rules and their copy actions, StartBackupJob, StartCopyJob and UpdateRecoveryPointLifecycle.
//! Bounds and messages are AWS's (API reference: `Lifecycle`, `BackupRuleInput`,
//! `StartBackupJob`): retention at most 100 years (36,500 days), windows at most 100 years
//! (52,560,000 minutes), a start window of at least an hour. With these bounds and the
//! emulated clock's own bound (`emulator_core::clock`), every date derived from them stays
//! within the years SDKs parse.

use emulator_core::ServiceError;

use crate::api::generated::Lifecycle;
use crate::support::errors::invalid_parameter;

/// AWS keeps cold-storage recovery points for at least 90 days.
pub const MIN_DAYS_IN_COLD_STORAGE: i64 = 90;
/// The longest retention AWS accepts: 100 years.
pub const MAX_RETENTION_DAYS: i64 = 36_500;
/// Continuous backups (point-in-time recovery) keep at most 35 days.
pub const MAX_CONTINUOUS_RETENTION_DAYS: i64 = 35;
/// The shortest start window AWS accepts.
pub const MIN_START_WINDOW_MINUTES: i64 = 60;
/// The longest start or completion window AWS accepts: 100 years.
pub const MAX_WINDOW_MINUTES: i64 = 52_560_000;

/// Refuses a lifecycle AWS refuses, with AWS's "Invalid lifecycle. …" message. `continuous`:
/// the lifecycle of a continuous backup (no cold storage, at most 35 days).
pub fn check_lifecycle(lifecycle: &Lifecycle, continuous: bool) -> Result<(), String> {
    let delete = lifecycle.delete_after_days;
    let cold = lifecycle.move_to_cold_storage_after_days;
    if let Some(days) = delete {
        if !(1..=MAX_RETENTION_DAYS).contains(&days) {
            return Err(format!(
                "Invalid lifecycle. DeleteAfterDays cannot be less than 1 or more than \
                 {MAX_RETENTION_DAYS} days"
            ));
        }
    }
    if let Some(days) = cold {
        if continuous {
            return Err("Invalid lifecycle. MoveToColdStorageAfterDays is unavailable".to_owned());
        }
        if !(0..=MAX_RETENTION_DAYS).contains(&days) {
            return Err(format!(
                "Invalid lifecycle. MoveToColdStorageAfterDays cannot be less than 0 or more \
                 than {MAX_RETENTION_DAYS} days"
            ));
        }
    }
    if let (Some(delete), Some(cold)) = (delete, cold) {
        // Both are bounded above: no overflow.
        if delete < cold + MIN_DAYS_IN_COLD_STORAGE {
            return Err(format!(
                "Invalid lifecycle. DeleteAfterDays cannot be less than \
                 {MIN_DAYS_IN_COLD_STORAGE} days apart from MoveToColdStorageAfterDays"
            ));
        }
    }
    if continuous && delete.is_some_and(|days| days > MAX_CONTINUOUS_RETENTION_DAYS) {
        return Err(format!(
            "Invalid lifecycle. DeleteAfterDays cannot be more than \
             {MAX_CONTINUOUS_RETENTION_DAYS} days for continuous backups"
        ));
    }
    Ok(())
}

/// [`check_lifecycle`] for an on-demand job or update (never continuous), as the
/// `InvalidParameterValueException` those operations answer.
pub fn validate(lifecycle: &Lifecycle) -> Result<(), ServiceError> {
    check_lifecycle(lifecycle, false).map_err(invalid_parameter)
}

/// `StartWindowMinutes`: at least 60, at most 100 years.
pub fn check_start_window(minutes: i64) -> Result<(), String> {
    if (MIN_START_WINDOW_MINUTES..=MAX_WINDOW_MINUTES).contains(&minutes) {
        Ok(())
    } else {
        Err(format!(
            "Invalid StartWindowMinutes {minutes}. StartWindowMinutes must be at least \
             {MIN_START_WINDOW_MINUTES} and at most {MAX_WINDOW_MINUTES} minutes."
        ))
    }
}

/// `CompletionWindowMinutes` / `CompleteWindowMinutes` (`member`): at most 100 years (the
/// ordering against the start window is the caller's).
pub fn check_completion_window(member: &str, minutes: i64) -> Result<(), String> {
    if (1..=MAX_WINDOW_MINUTES).contains(&minutes) {
        Ok(())
    } else {
        Err(format!(
            "Invalid {member} {minutes}. {member} must be at least 1 and at most \
             {MAX_WINDOW_MINUTES} minutes."
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lifecycle(cold: Option<i64>, delete: Option<i64>) -> Lifecycle {
        Lifecycle {
            move_to_cold_storage_after_days: cold,
            delete_after_days: delete,
            ..Default::default()
        }
    }

    #[test]
    fn deletion_must_follow_cold_storage_by_ninety_days() {
        assert!(validate(&lifecycle(Some(30), Some(120))).is_ok());
        assert_eq!(
            check_lifecycle(&lifecycle(Some(30), Some(119)), false).unwrap_err(),
            "Invalid lifecycle. DeleteAfterDays cannot be less than 90 days apart from \
             MoveToColdStorageAfterDays"
        );
        assert!(validate(&lifecycle(None, Some(1))).is_ok());
        assert!(validate(&lifecycle(Some(1), None)).is_ok());
        assert!(validate(&lifecycle(None, Some(0))).is_err());
    }

    #[test]
    fn retention_is_at_most_a_hundred_years() {
        assert!(check_lifecycle(&lifecycle(None, Some(0)), false)
            .unwrap_err()
            .contains("cannot be less than 1 or more than 36500 days"));
        assert!(validate(&lifecycle(None, Some(36_500))).is_ok());
        assert!(validate(&lifecycle(None, Some(36_501))).is_err());
        assert!(validate(&lifecycle(None, Some(1_000_000_000))).is_err());
        assert!(validate(&lifecycle(Some(i64::MAX), Some(i64::MAX))).is_err());
        assert!(validate(&lifecycle(Some(-5), None)).is_err());
    }

    #[test]
    fn continuous_backups_have_no_cold_storage_and_keep_35_days() {
        assert_eq!(
            check_lifecycle(&lifecycle(Some(30), None), true).unwrap_err(),
            "Invalid lifecycle. MoveToColdStorageAfterDays is unavailable"
        );
        assert!(check_lifecycle(&lifecycle(None, Some(36)), true).is_err());
        assert!(check_lifecycle(&lifecycle(None, Some(35)), true).is_ok());
    }

    #[test]
    fn windows_are_bounded() {
        assert!(check_start_window(59).is_err());
        assert!(check_start_window(60).is_ok());
        assert!(check_start_window(MAX_WINDOW_MINUTES).is_ok());
        assert!(check_start_window(MAX_WINDOW_MINUTES + 1).is_err());
        assert!(
            check_completion_window("CompleteWindowMinutes", 100_000_000_000)
                .unwrap_err()
                .starts_with("Invalid CompleteWindowMinutes 100000000000.")
        );
        assert!(check_completion_window("CompleteWindowMinutes", 0).is_err());
    }
}
