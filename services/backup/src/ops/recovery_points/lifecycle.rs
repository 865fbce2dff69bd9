//! `UpdateRecoveryPointLifecycle`: replaces a point's lifecycle and queues the cold-storage and
//! deletion events of the new dates. Events queued for the old dates stay on the queue and do
//! nothing when they come due, because the engine re-checks the point's current dates.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{
    Lifecycle, StorageClass, UpdateRecoveryPointLifecycleInput, UpdateRecoveryPointLifecycleOutput,
};
use crate::engine::backend::Backend;
use crate::engine::lifecycle::lifecycle_events;
use crate::state::points::{check_not_deleting, find_in_vault, point_not_found};
use crate::support::errors::{invalid_parameter, invalid_request};
use crate::support::lifecycle_rules;

/// AWS documents `-1` in both day counts as "remove the lifecycle and keep the point
/// indefinitely"; it is read as "not set".
const KEEP_INDEFINITELY: i64 = -1;

/// The lifecycle as it will be stored: `-1` day counts unset, and nothing at all when nothing
/// is left set.
fn normalized(lifecycle: Option<Lifecycle>) -> Result<Option<Lifecycle>, ServiceError> {
    let Some(mut lifecycle) = lifecycle else {
        return Ok(None);
    };
    if lifecycle.delete_after_event.is_some() {
        return Err(invalid_parameter(
            "DeleteAfterEvent is not valid as an input",
        ));
    }
    for days in [
        &mut lifecycle.delete_after_days,
        &mut lifecycle.move_to_cold_storage_after_days,
    ] {
        if *days == Some(KEEP_INDEFINITELY) {
            *days = None;
        }
    }
    lifecycle_rules::validate(&lifecycle)?;
    let empty = lifecycle.delete_after_days.is_none()
        && lifecycle.move_to_cold_storage_after_days.is_none()
        && lifecycle
            .opt_in_to_archive_for_supported_resources
            .is_none();
    Ok((!empty).then_some(lifecycle))
}

/// `UpdateRecoveryPointLifecycle`.
///
/// Like AWS, the call replaces the whole lifecycle: a day count left out is cleared. It is
/// refused for continuous backups, when it would change `MoveToColdStorageAfterDays` of a point
/// already in cold storage, and when the vault's lock does not accept the new retention.
pub(crate) fn update_recovery_point_lifecycle(
    svc: &Backend,
    ctx: &RequestContext,
    input: UpdateRecoveryPointLifecycleInput,
) -> Result<UpdateRecoveryPointLifecycleOutput, ServiceError> {
    let lifecycle = normalized(input.lifecycle)?;
    let arn = input.recovery_point_arn;
    let (output, follow_ups) = svc.store.with_region(ctx, |region| {
        let (vault, point) = find_in_vault(region, &input.backup_vault_name, &arn)?;
        check_not_deleting(point)?;
        if point.continuous {
            return Err(invalid_request(
                "UpdateRecoveryPointLifecycle does not support continuous backups",
            ));
        }
        let cold_days = |l: Option<&Lifecycle>| l.and_then(|l| l.move_to_cold_storage_after_days);
        if point.storage_class == StorageClass::Cold
            && cold_days(lifecycle.as_ref()) != cold_days(point.lifecycle.as_deref())
        {
            return Err(invalid_request(format!(
                "Recovery point {arn} has already transitioned to cold storage; its \
                 MoveToColdStorageAfterDays cannot be changed"
            )));
        }
        let retention = lifecycle.as_ref().and_then(|l| l.delete_after_days);
        if let Some(lock) = vault
            .lock
            .as_ref()
            .filter(|lock| !lock.accepts_retention(retention))
        {
            let days = |d: Option<i64>| d.map_or_else(|| "unset".to_owned(), |d| d.to_string());
            return Err(invalid_request(format!(
                "The retention period of recovery point {arn} must stay within the Vault Lock \
                 of backup vault {} (MinRetentionDays {}, MaxRetentionDays {})",
                vault.name,
                days(lock.min_retention_days),
                days(lock.max_retention_days),
            )));
        }
        let vault_arn = vault.arn.clone();
        let Some(point) = region.recovery_points.get_mut(&arn) else {
            return Err(point_not_found(&input.backup_vault_name, &arn));
        };
        point.lifecycle = lifecycle.map(std::sync::Arc::new);
        let output = UpdateRecoveryPointLifecycleOutput {
            backup_vault_arn: Some(vault_arn),
            calculated_lifecycle: point.calculated_lifecycle(),
            lifecycle: point.lifecycle.as_deref().cloned(),
            recovery_point_arn: Some(point.arn.to_string()),
        };
        Ok((output, lifecycle_events(point)))
    })?;
    svc.schedule(ctx, follow_ups);
    Ok(output)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{edit, put};
    use super::*;
    use crate::api::generated::{LifecycleDeleteAfterEvent, PutBackupVaultLockConfigurationInput};
    use crate::ops::vaults::test_support::create;
    use crate::test_support::{code, ctx, service};
    use crate::BackupService;

    fn lifecycle(cold: Option<i64>, delete: Option<i64>) -> Lifecycle {
        Lifecycle {
            move_to_cold_storage_after_days: cold,
            delete_after_days: delete,
            ..Default::default()
        }
    }

    fn update(
        svc: &BackupService,
        arn: &str,
        lifecycle: Option<Lifecycle>,
    ) -> Result<UpdateRecoveryPointLifecycleOutput, ServiceError> {
        update_recovery_point_lifecycle(
            svc,
            &ctx(),
            UpdateRecoveryPointLifecycleInput {
                backup_vault_name: "v".into(),
                lifecycle,
                recovery_point_arn: arn.into(),
            },
        )
    }

    #[test]
    fn minus_one_keeps_the_point_indefinitely() {
        assert_eq!(
            normalized(Some(lifecycle(Some(-1), Some(-1)))).unwrap(),
            None
        );
        assert_eq!(
            normalized(Some(lifecycle(Some(-1), Some(7)))).unwrap(),
            Some(lifecycle(None, Some(7)))
        );
        assert_eq!(normalized(None).unwrap(), None);
        for bad in [lifecycle(Some(-2), None), lifecycle(Some(10), Some(20))] {
            let error = normalized(Some(bad)).unwrap_err();
            assert_eq!(code(&error), "InvalidParameterValueException");
        }
        let event = Lifecycle {
            delete_after_event: Some(LifecycleDeleteAfterEvent::DeleteAfterCopy),
            ..Default::default()
        };
        assert_eq!(
            code(&normalized(Some(event)).unwrap_err()),
            "InvalidParameterValueException"
        );
    }

    #[test]
    fn the_new_lifecycle_is_stored_and_its_dates_answered() {
        let svc = service();
        create(&svc, "v");
        // Created now: a point from long ago would be expired by its new lifecycle at once.
        let created = svc.clock.now().epoch_millis();
        let arn = put(&svc, "v", "RP", created);
        let out = update(&svc, &arn, Some(lifecycle(Some(1), Some(91)))).unwrap();
        assert_eq!(out.lifecycle, Some(lifecycle(Some(1), Some(91))));
        let dates = out.calculated_lifecycle.unwrap();
        assert_eq!(
            dates.delete_at.map(|t| t.epoch_millis()),
            Some(created + 91 * 86_400_000)
        );
        assert!(out
            .backup_vault_arn
            .is_some_and(|a| a.ends_with(":backup-vault:v")));
        let cleared = update(&svc, &arn, None).unwrap();
        assert_eq!(
            (cleared.lifecycle, cleared.calculated_lifecycle),
            (None, None)
        );
    }

    #[test]
    fn cold_points_keep_their_cold_days_and_continuous_points_are_refused() {
        let svc = service();
        create(&svc, "v");
        let arn = put(&svc, "v", "RP", svc.clock.now().epoch_millis());
        update(&svc, &arn, Some(lifecycle(Some(1), Some(100)))).unwrap();
        edit(&svc, &arn, |p| p.storage_class = StorageClass::Cold);
        for refused in [
            None,
            Some(lifecycle(Some(2), Some(100))),
            Some(lifecycle(None, Some(100))),
        ] {
            let error = update(&svc, &arn, refused).unwrap_err();
            assert_eq!(code(&error), "InvalidRequestException");
        }
        update(&svc, &arn, Some(lifecycle(Some(1), Some(200)))).expect("same cold days");

        edit(&svc, &arn, |p| p.continuous = true);
        let error = update(&svc, &arn, Some(lifecycle(Some(1), Some(200)))).unwrap_err();
        assert_eq!(code(&error), "InvalidRequestException");
    }

    #[test]
    fn the_vault_lock_bounds_the_new_retention() {
        let svc = service();
        create(&svc, "v");
        let arn = put(&svc, "v", "RP", 0);
        crate::ops::vault_lock::put_backup_vault_lock_configuration(
            &svc,
            &ctx(),
            PutBackupVaultLockConfigurationInput {
                backup_vault_name: "v".into(),
                min_retention_days: Some(7),
                max_retention_days: Some(30),
                ..Default::default()
            },
        )
        .unwrap();
        for refused in [
            None,
            Some(lifecycle(None, Some(6))),
            Some(lifecycle(None, Some(31))),
        ] {
            let error = update(&svc, &arn, refused).unwrap_err();
            assert_eq!(code(&error), "InvalidRequestException");
        }
        update(&svc, &arn, Some(lifecycle(None, Some(30)))).expect("within the lock");
        let error = update_recovery_point_lifecycle(
            &svc,
            &ctx(),
            UpdateRecoveryPointLifecycleInput {
                backup_vault_name: "nope".into(),
                lifecycle: None,
                recovery_point_arn: arn,
            },
        )
        .unwrap_err();
        assert_eq!(code(&error), "ResourceNotFoundException");
    }
}
