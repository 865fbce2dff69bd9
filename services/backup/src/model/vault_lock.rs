//! Backup Vault Lock as stored, the checks AWS applies to a new configuration, and the
//! retention rules the lock imposes on recovery points.

use emulator_core::dto::Timestamp;
use emulator_core::ServiceError;
use serde::{Deserialize, Serialize};

use crate::model::vault::Vault;
use crate::support::errors::invalid_parameter;

/// The longest retention AWS accepts ("36500 days (approximately 100 years)").
pub const MAX_RETENTION_DAYS: i64 = 36_500;

/// The shortest `ChangeableForDays`: AWS enforces a 72-hour cooling-off period.
pub const MIN_CHANGEABLE_FOR_DAYS: i64 = 3;

/// Seconds in a retention day.
pub const SECONDS_PER_DAY: i64 = 86_400;

/// How a lock can still be changed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum LockMode {
    /// Put without `ChangeableForDays`: the configuration can be changed or removed at any time.
    Governance,
    /// Put with `ChangeableForDays`: changeable until `lock_date`, immutable on and after it.
    Compliance {
        /// `LockDate`: when the configuration becomes immutable.
        lock_date: Timestamp,
    },
}

/// A vault's Backup Vault Lock configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VaultLock {
    /// `MinRetentionDays`: recovery points stay at least this long; `None` enforces no minimum.
    pub min_retention_days: Option<i64>,
    /// `MaxRetentionDays`: jobs may not retain longer; `None` enforces no maximum.
    pub max_retention_days: Option<i64>,
    /// Governance or compliance.
    pub mode: LockMode,
}

impl VaultLock {
    /// Checks a `PutBackupVaultLockConfiguration` request as AWS documents it and builds the
    /// lock it asks for, put at `now`. Retention days run from 1 to 36500 with the minimum not
    /// above the maximum; `ChangeableForDays`, when given, is at least 3 and makes the lock a
    /// compliance-mode lock whose `LockDate` is `now` plus that many days.
    pub fn from_request(
        min_retention_days: Option<i64>,
        max_retention_days: Option<i64>,
        changeable_for_days: Option<i64>,
        now: Timestamp,
    ) -> Result<Self, ServiceError> {
        check_retention("MinRetentionDays", min_retention_days)?;
        check_retention("MaxRetentionDays", max_retention_days)?;
        if let (Some(min), Some(max)) = (min_retention_days, max_retention_days) {
            if min > max {
                return Err(invalid_parameter(format!(
                    "MinRetentionDays ({min}) must not be greater than MaxRetentionDays ({max})."
                )));
            }
        }
        let mode = match changeable_for_days {
            None => LockMode::Governance,
            Some(days) => LockMode::Compliance {
                lock_date: lock_date(days, now)?,
            },
        };
        Ok(Self {
            min_retention_days,
            max_retention_days,
            mode,
        })
    }

    /// `LockDate`, for a compliance-mode lock.
    pub fn lock_date(&self) -> Option<Timestamp> {
        match self.mode {
            LockMode::Governance => None,
            LockMode::Compliance { lock_date } => Some(lock_date),
        }
    }

    /// Whether the configuration can no longer be changed or deleted at `now` ("on and after
    /// the lock date").
    pub fn is_immutable(&self, now: Timestamp) -> bool {
        self.lock_date()
            .is_some_and(|lock_date| now.epoch_millis() >= lock_date.epoch_millis())
    }

    /// Whether a backup or copy job that keeps its recovery point `retention_days` (`None`:
    /// forever) may target the vault: at least the minimum and at most the maximum.
    pub fn accepts_retention(&self, retention_days: Option<i64>) -> bool {
        let long_enough = match (self.min_retention_days, retention_days) {
            (Some(min), Some(days)) => days >= min,
            _ => true,
        };
        let short_enough = match (self.max_retention_days, retention_days) {
            (Some(max), Some(days)) => days <= max,
            (Some(_), None) => false,
            (None, _) => true,
        };
        long_enough && short_enough
    }
}

fn check_retention(member: &str, days: Option<i64>) -> Result<(), ServiceError> {
    match days {
        Some(days) if !(1..=MAX_RETENTION_DAYS).contains(&days) => Err(invalid_parameter(format!(
            "{member} must be between 1 and {MAX_RETENTION_DAYS} days; got {days}."
        ))),
        _ => Ok(()),
    }
}

fn lock_date(changeable_for_days: i64, now: Timestamp) -> Result<Timestamp, ServiceError> {
    if changeable_for_days < MIN_CHANGEABLE_FOR_DAYS {
        return Err(invalid_parameter(format!(
            "ChangeableForDays must be at least {MIN_CHANGEABLE_FOR_DAYS} (AWS Backup enforces a \
             72-hour cooling-off period before Vault Lock becomes immutable); got \
             {changeable_for_days}."
        )));
    }
    changeable_for_days
        .checked_mul(SECONDS_PER_DAY * 1000)
        .and_then(|millis| now.epoch_millis().checked_add(millis))
        // Keep the date where clients can still parse it (before the year 10000).
        .filter(|millis| *millis < 253_402_300_800_000)
        .map(Timestamp::from_epoch_millis)
        .ok_or_else(|| {
            invalid_parameter(format!(
                "ChangeableForDays is too large; got {changeable_for_days}."
            ))
        })
}

/// Whether Vault Lock lets `DeleteRecoveryPoint` remove, at `now`, a recovery point of `vault`
/// created at `recovery_point_created`: only once it is at least `MinRetentionDays` old.
/// A vault without a lock, or whose lock sets no minimum, allows deletion at any time.
pub fn retention_allows_deletion(
    vault: &Vault,
    recovery_point_created: Timestamp,
    now: Timestamp,
) -> bool {
    let Some(min_days) = vault.lock.as_ref().and_then(|lock| lock.min_retention_days) else {
        return true;
    };
    let retained_until =
        recovery_point_created.plus_seconds(min_days.saturating_mul(SECONDS_PER_DAY));
    now.epoch_millis() >= retained_until.epoch_millis()
}

/// When Vault Lock lets a recovery point of `vault` created at `recovery_point_created` be
/// deleted: `MinRetentionDays` after its creation, or `None` when the vault sets no minimum.
pub fn retained_until(vault: &Vault, recovery_point_created: Timestamp) -> Option<Timestamp> {
    let min_days = vault
        .lock
        .as_ref()
        .and_then(|lock| lock.min_retention_days)?;
    Some(recovery_point_created.plus_seconds(min_days.saturating_mul(SECONDS_PER_DAY)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = SECONDS_PER_DAY;

    fn t0() -> Timestamp {
        Timestamp::from_epoch_millis(1_700_000_000_000)
    }

    fn lock(min: Option<i64>, max: Option<i64>) -> VaultLock {
        VaultLock {
            min_retention_days: min,
            max_retention_days: max,
            mode: LockMode::Governance,
        }
    }

    #[test]
    fn without_changeable_for_days_the_lock_is_governance_and_never_immutable() {
        let lock = VaultLock::from_request(Some(7), Some(30), None, t0()).expect("valid");
        assert_eq!(lock.mode, LockMode::Governance);
        assert_eq!(lock.lock_date(), None);
        assert!(!lock.is_immutable(t0().plus_seconds(100_000 * DAY)));
    }

    #[test]
    fn changeable_for_days_sets_the_lock_date_and_immutability_starts_on_it() {
        let lock = VaultLock::from_request(Some(1), None, Some(3), t0()).expect("valid");
        let lock_date = t0().plus_seconds(3 * DAY);
        assert_eq!(lock.lock_date(), Some(lock_date));
        assert!(!lock.is_immutable(lock_date.plus_seconds(-1)));
        assert!(lock.is_immutable(lock_date));
        assert!(lock.is_immutable(lock_date.plus_seconds(1)));
    }

    #[test]
    fn requests_outside_the_documented_ranges_are_rejected() {
        let cases = [
            (Some(0), None, None),
            (Some(-1), None, None),
            (None, Some(0), None),
            (None, Some(MAX_RETENTION_DAYS + 1), None),
            (Some(MAX_RETENTION_DAYS + 1), None, None),
            (Some(31), Some(30), None),
            (Some(1), None, Some(2)),
            (Some(1), None, Some(0)),
            (Some(1), None, Some(-5)),
            (Some(1), None, Some(i64::MAX)),
            (Some(1), None, Some(10_000_000)),
        ];
        for (min, max, changeable) in cases {
            let error = VaultLock::from_request(min, max, changeable, t0())
                .expect_err(&format!("{min:?} {max:?} {changeable:?}"));
            assert_eq!(
                error.code(),
                &emulator_core::ErrorCode::InvalidParameter,
                "{error}"
            );
        }
    }

    #[test]
    fn the_boundaries_themselves_are_accepted() {
        for (min, max, changeable) in [
            (Some(1), Some(1), Some(3)),
            (Some(1), Some(MAX_RETENTION_DAYS), None),
            (None, None, None),
            (Some(MAX_RETENTION_DAYS), None, Some(36_500)),
        ] {
            assert!(
                VaultLock::from_request(min, max, changeable, t0()).is_ok(),
                "{min:?} {max:?} {changeable:?}"
            );
        }
    }

    #[test]
    fn jobs_must_retain_between_the_minimum_and_the_maximum() {
        let bounded = lock(Some(7), Some(30));
        assert!(!bounded.accepts_retention(Some(6)));
        assert!(bounded.accepts_retention(Some(7)));
        assert!(bounded.accepts_retention(Some(30)));
        assert!(!bounded.accepts_retention(Some(31)));
        assert!(
            !bounded.accepts_retention(None),
            "forever exceeds a maximum"
        );
        assert!(lock(Some(7), None).accepts_retention(None));
        assert!(lock(None, None).accepts_retention(Some(1)));
    }
}
