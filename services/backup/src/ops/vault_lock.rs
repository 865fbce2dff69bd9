//! Vault Lock: Put/DeleteBackupVaultLockConfiguration.
//!
//! Without `ChangeableForDays` a lock is in governance mode and can be changed or removed at any
//! time. With it the lock is in compliance mode: changeable until its `LockDate`, and from then
//! on immutable, so both operations answer `InvalidRequestException` (as AWS documents for
//! `DeleteBackupVaultLockConfiguration`) and the vault itself can no longer be deleted.

use emulator_core::dto::Timestamp;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::engine::backend::Backend;
use crate::state::vaults::find_mut;
use crate::support::errors::invalid_request;

use crate::model::vault_lock::VaultLock;

/// `PutBackupVaultLockConfiguration`: sets or replaces the vault's lock.
pub(crate) fn put_backup_vault_lock_configuration(
    svc: &Backend,
    ctx: &RequestContext,
    input: PutBackupVaultLockConfigurationInput,
) -> Result<(), ServiceError> {
    let now = svc.clock.now();
    let lock = VaultLock::from_request(
        input.min_retention_days,
        input.max_retention_days,
        input.changeable_for_days,
        now,
    )?;
    svc.store.with_region(ctx, |region| {
        let vault = find_mut(region, &input.backup_vault_name)?;
        refuse_if_immutable(&vault.name, vault.lock.as_ref(), now)?;
        vault.lock = Some(lock);
        Ok(())
    })
}

/// `DeleteBackupVaultLockConfiguration`: removes the vault's lock; removing a lock the vault
/// does not have succeeds, like the other configuration deletes.
pub(crate) fn delete_backup_vault_lock_configuration(
    svc: &Backend,
    ctx: &RequestContext,
    input: DeleteBackupVaultLockConfigurationInput,
) -> Result<(), ServiceError> {
    let now = svc.clock.now();
    svc.store.with_region(ctx, |region| {
        let vault = find_mut(region, &input.backup_vault_name)?;
        refuse_if_immutable(&vault.name, vault.lock.as_ref(), now)?;
        vault.lock = None;
        Ok(())
    })
}

fn refuse_if_immutable(
    vault_name: &str,
    lock: Option<&VaultLock>,
    now: Timestamp,
) -> Result<(), ServiceError> {
    match lock.filter(|lock| lock.is_immutable(now)) {
        Some(lock) => Err(invalid_request(format!(
            "Backup Vault Lock on backup vault {vault_name} is in compliance mode and has been \
             immutable since {}; it cannot be changed or deleted.",
            lock.lock_date().unwrap_or(now)
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::vault::Vault;
    use crate::model::vault_lock::retention_allows_deletion;
    use crate::ops::vaults::test_support::create;
    use crate::test_support::{code, ctx, service};
    use crate::BackupService;

    use crate::model::vault::VaultKey;
    use crate::model::vault_lock::LockMode;

    const DAY: i64 = 86_400;

    fn t0() -> Timestamp {
        Timestamp::from_epoch_millis(1_700_000_000_000)
    }

    fn vault_with(lock: Option<VaultLock>) -> Vault {
        let mut vault = Vault::new(
            "v".into(),
            "arn:aws:backup:us-east-1:111122223333:backup-vault:v".into(),
            t0(),
            None,
            VaultKey::AwsManaged("arn:aws:kms:us-east-1:111122223333:key/k".into()),
        );
        vault.lock = lock;
        vault
    }

    fn lock(min: Option<i64>, max: Option<i64>) -> VaultLock {
        VaultLock {
            min_retention_days: min,
            max_retention_days: max,
            mode: LockMode::Governance,
        }
    }

    fn put(
        svc: &BackupService,
        min: Option<i64>,
        max: Option<i64>,
        changeable: Option<i64>,
    ) -> Result<(), ServiceError> {
        put_backup_vault_lock_configuration(
            svc,
            &ctx(),
            PutBackupVaultLockConfigurationInput {
                backup_vault_name: "locked".into(),
                min_retention_days: min,
                max_retention_days: max,
                changeable_for_days: changeable,
            },
        )
    }

    fn delete_lock(svc: &BackupService) -> Result<(), ServiceError> {
        delete_backup_vault_lock_configuration(
            svc,
            &ctx(),
            DeleteBackupVaultLockConfigurationInput {
                backup_vault_name: "locked".into(),
            },
        )
    }

    fn describe(svc: &BackupService) -> DescribeBackupVaultOutput {
        crate::ops::vaults::describe_backup_vault(
            svc,
            &ctx(),
            DescribeBackupVaultInput {
                backup_vault_name: "locked".into(),
                backup_vault_account_id: None,
            },
        )
        .expect("describe")
        .to_output()
        .expect("a DescribeBackupVault body")
    }

    fn delete_vault(svc: &BackupService) -> Result<(), ServiceError> {
        crate::ops::vaults::delete_backup_vault(
            svc,
            &ctx(),
            DeleteBackupVaultInput {
                backup_vault_name: "locked".into(),
            },
        )
    }

    #[test]
    fn a_compliance_lock_is_changeable_until_its_lock_date_then_immutable() {
        let svc = service();
        create(&svc, "locked");
        put(&svc, Some(7), Some(30), Some(3)).expect("put");
        let lock_date = describe(&svc)
            .lock_date
            .expect("compliance mode has a lock date");
        assert_eq!(describe(&svc).locked, Some(true));

        // During the grace time the lock can still be replaced.
        svc.clock.advance((2 * DAY) as f64);
        put(&svc, Some(8), Some(30), Some(3)).expect("still changeable");
        let lock_date = {
            let moved = describe(&svc).lock_date.expect("lock date");
            assert!(moved.epoch_millis() > lock_date.epoch_millis());
            moved
        };
        assert_eq!(describe(&svc).min_retention_days, Some(8));

        svc.clock.advance((3 * DAY) as f64);
        assert!(svc.clock.now().epoch_millis() >= lock_date.epoch_millis());
        let error = put(&svc, Some(1), None, None).expect_err("immutable");
        assert_eq!(code(&error), "InvalidRequestException");
        let error = delete_lock(&svc).expect_err("immutable");
        assert_eq!(code(&error), "InvalidRequestException");
        let error = delete_vault(&svc).expect_err("an immutable lock keeps the vault");
        assert_eq!(code(&error), "InvalidRequestException");

        let after = describe(&svc);
        assert_eq!(after.min_retention_days, Some(8));
        assert_eq!(after.lock_date, Some(lock_date));
        assert_eq!(after.locked, Some(true));
    }

    #[test]
    fn a_compliance_lock_can_be_removed_during_its_grace_time() {
        let svc = service();
        create(&svc, "locked");
        put(&svc, Some(1), None, Some(3)).expect("put");
        svc.clock.advance((3 * DAY - 60) as f64);
        delete_lock(&svc).expect("still in grace time");
        let after = describe(&svc);
        assert_eq!(after.locked, Some(false));
        assert_eq!(after.lock_date, None);
        delete_vault(&svc).expect("an unlocked empty vault goes");
    }

    #[test]
    fn a_governance_lock_stays_removable_forever() {
        let svc = service();
        create(&svc, "locked");
        put(&svc, Some(1), Some(2), None).expect("put");
        svc.clock.advance((400 * DAY) as f64);
        assert_eq!(describe(&svc).lock_date, None);
        assert_eq!(describe(&svc).locked, Some(true));
        put(&svc, Some(2), Some(3), None).expect("changeable");
        delete_lock(&svc).expect("removable");
        assert_eq!(describe(&svc).locked, Some(false));
    }

    #[test]
    fn an_invalid_request_changes_nothing() {
        let svc = service();
        create(&svc, "locked");
        put(&svc, Some(5), Some(10), None).expect("put");
        let error = put(&svc, Some(20), Some(10), Some(3)).expect_err("min > max");
        assert_eq!(code(&error), "InvalidParameterValueException");
        let after = describe(&svc);
        assert_eq!(
            (after.min_retention_days, after.max_retention_days),
            (Some(5), Some(10))
        );
        assert_eq!(after.lock_date, None);
    }

    #[test]
    fn an_unknown_vault_is_not_found() {
        let svc = service();
        let error = put(&svc, Some(1), None, None).expect_err("no vault");
        assert_eq!(code(&error), "ResourceNotFoundException");
        let error = delete_lock(&svc).expect_err("no vault");
        assert_eq!(code(&error), "ResourceNotFoundException");
    }

    #[test]
    fn deletion_waits_for_the_minimum_retention() {
        let vault = vault_with(Some(lock(Some(7), None)));
        let created = t0();
        assert!(!retention_allows_deletion(&vault, created, created));
        assert!(!retention_allows_deletion(
            &vault,
            created,
            created.plus_seconds(7 * DAY - 1)
        ));
        assert!(retention_allows_deletion(
            &vault,
            created,
            created.plus_seconds(7 * DAY)
        ));
    }

    #[test]
    fn deletion_is_free_without_a_lock_or_without_a_minimum() {
        let created = t0();
        assert!(retention_allows_deletion(
            &vault_with(None),
            created,
            created
        ));
        assert!(retention_allows_deletion(
            &vault_with(Some(lock(None, Some(30)))),
            created,
            created
        ));
    }

    #[test]
    fn huge_minimums_never_overflow_into_allowing_deletion() {
        let vault = vault_with(Some(lock(Some(i64::MAX), None)));
        assert!(!retention_allows_deletion(
            &vault,
            t0(),
            t0().plus_seconds(1_000_000 * DAY)
        ));
    }
}
