//! Lifecycle checks shared by plan rules, copy actions and on-demand jobs.

use emulator_core::ServiceError;

use crate::api::generated::Lifecycle;
use crate::support::errors::invalid_parameter;

/// AWS keeps cold-storage recovery points for at least 90 days.
pub const MIN_DAYS_IN_COLD_STORAGE: i64 = 90;

/// Refuses a lifecycle AWS refuses: negative day counts, and deletion less than 90 days after
/// the move to cold storage.
pub fn validate(lifecycle: &Lifecycle) -> Result<(), ServiceError> {
    for (name, days) in [
        ("DeleteAfterDays", lifecycle.delete_after_days),
        (
            "MoveToColdStorageAfterDays",
            lifecycle.move_to_cold_storage_after_days,
        ),
    ] {
        if days.is_some_and(|d| d < 1) {
            return Err(invalid_parameter(format!("{name} must be at least 1 day")));
        }
    }
    if let (Some(delete), Some(cold)) = (
        lifecycle.delete_after_days,
        lifecycle.move_to_cold_storage_after_days,
    ) {
        if delete < cold.saturating_add(MIN_DAYS_IN_COLD_STORAGE) {
            return Err(invalid_parameter(format!(
                "Invalid lifecycle. DeleteAfterDays ({delete}) must be at least {MIN_DAYS_IN_COLD_STORAGE} days greater than MoveToColdStorageAfterDays ({cold})"
            )));
        }
    }
    Ok(())
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
        assert!(validate(&lifecycle(Some(30), Some(119))).is_err());
        assert!(validate(&lifecycle(None, Some(1))).is_ok());
        assert!(validate(&lifecycle(Some(1), None)).is_ok());
        assert!(validate(&lifecycle(None, Some(0))).is_err());
    }
}
