//! Taking points away: `DeleteRecoveryPoint`, `DisassociateRecoveryPoint` (continuous backups
//! only) and `DisassociateRecoveryPointFromParent` (children of composite points only).

use emulator_core::dto::Timestamp;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{
    DeleteRecoveryPointInput, DisassociateRecoveryPointFromParentInput,
    DisassociateRecoveryPointInput,
};
use crate::engine::backend::Backend;
use crate::engine::lifecycle::begin_deletion;
use crate::model::recovery_point::RecoveryPoint;
use crate::model::vault::Vault;
use crate::model::vault_lock;
use crate::state::points::{
    blocks_deletion, deletion_blocked_by_legal_hold, find_in_vault, remove_point,
};
use crate::state::RegionState;
use crate::support::errors::invalid_request;

/// AWS's message for a point under a legal hold (AWS re:Post, "How do I delete recovery points
/// that are under a legal hold or stored in a locked backup vault").
const LEGAL_HOLD: &str = "The recovery point cannot be deleted because it has active legal hold(s)";

/// Refuses to remove a point that a legal hold or its vault's lock still protects at `now`.
fn check_removable(
    region: &RegionState,
    vault: &Vault,
    point: &RecoveryPoint,
    now: Timestamp,
) -> Result<(), ServiceError> {
    if deletion_blocked_by_legal_hold(region, point) {
        return Err(invalid_request(LEGAL_HOLD));
    }
    if blocks_deletion(region, &point.arn) {
        return Err(invalid_request(format!(
            "Recovery point {} has backup access points; delete them before the recovery point",
            point.arn
        )));
    }
    if !vault_lock::retention_allows_deletion(vault, point.creation_date, now) {
        let min_days = vault
            .lock
            .as_ref()
            .and_then(|lock| lock.min_retention_days)
            .unwrap_or_default();
        return Err(invalid_request(format!(
            "Recovery point {} cannot be deleted: the Vault Lock of backup vault {} retains \
             recovery points for at least {min_days} days after their creation",
            point.arn, vault.name
        )));
    }
    Ok(())
}

/// `DeleteRecoveryPoint`, unless a legal hold, backup access points or the vault's lock
/// (`MinRetentionDays`) still protect the point: the point is `DELETING` for a job delay and
/// then gone with its tags (`engine/lifecycle.rs`, `begin_deletion`). AWS's points pass through
/// `DELETING` too: Terraform's provider deletes a vault's points one by one and waits for each
/// while it is `DELETING` (`waitRecoveryPointDeleted`, internal/service/backup/wait.go) until
/// DescribeRecoveryPoint answers `ResourceNotFoundException`. Deleting a point already
/// `DELETING` is accepted and changes nothing.
pub(crate) fn delete_recovery_point(
    svc: &Backend,
    ctx: &RequestContext,
    input: DeleteRecoveryPointInput,
) -> Result<(), ServiceError> {
    let now = svc.clock.now();
    let settings = svc.engine_settings;
    let follow_ups = svc.store.with_region(ctx, |region| {
        let (vault, point) =
            find_in_vault(region, &input.backup_vault_name, &input.recovery_point_arn)?;
        if point.is_deleting() {
            return Ok(Vec::new());
        }
        check_removable(region, vault, point, now)?;
        Ok(begin_deletion(
            region,
            &input.recovery_point_arn,
            now,
            &settings,
        ))
    })?;
    svc.schedule(ctx, follow_ups);
    Ok(())
}

/// `DisassociateRecoveryPoint`: hands a continuous backup back to its source service, so it
/// leaves the vault. AWS does not support it for snapshot points, which is every point a
/// backup job writes.
pub(crate) fn disassociate_recovery_point(
    svc: &Backend,
    ctx: &RequestContext,
    input: DisassociateRecoveryPointInput,
) -> Result<(), ServiceError> {
    let now = svc.clock.now();
    svc.store.with_region(ctx, |region| {
        let (vault, point) =
            find_in_vault(region, &input.backup_vault_name, &input.recovery_point_arn)?;
        if !point.continuous {
            return Err(invalid_request(format!(
                "Recovery point {} is a snapshot backup; only continuous backup recovery points \
                 can be disassociated",
                point.arn
            )));
        }
        check_removable(region, vault, point, now)?;
        remove_point(region, &input.recovery_point_arn);
        Ok(())
    })
}

/// `DisassociateRecoveryPointFromParent`: detaches a child (nested) point from its composite
/// parent; the child stays in its vault as a point of its own.
pub(crate) fn disassociate_recovery_point_from_parent(
    svc: &Backend,
    ctx: &RequestContext,
    input: DisassociateRecoveryPointFromParentInput,
) -> Result<(), ServiceError> {
    svc.store.with_region(ctx, |region| {
        let (_, point) =
            find_in_vault(region, &input.backup_vault_name, &input.recovery_point_arn)?;
        if point.rare.parent_recovery_point_arn.is_none() {
            return Err(invalid_request(format!(
                "Recovery point {} is not associated with a parent recovery point",
                point.arn
            )));
        }
        if let Some(point) = region.recovery_points.get_mut(&input.recovery_point_arn) {
            point.rare.parent_recovery_point_arn = None;
            point.rare.composite_member_identifier = None;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{edit, put};
    use super::*;
    use crate::api::generated::{
        DescribeBackupVaultInput, PutBackupVaultLockConfigurationInput, RecoveryPointStatus,
    };
    use crate::ops::vaults::test_support::create;
    use crate::test_support::{code, ctx, service};
    use crate::BackupService;

    fn delete(svc: &BackupService, vault: &str, arn: &str) -> Result<(), ServiceError> {
        delete_recovery_point(
            svc,
            &ctx(),
            DeleteRecoveryPointInput {
                backup_vault_name: vault.into(),
                recovery_point_arn: arn.into(),
            },
        )
    }

    fn count(svc: &BackupService, vault: &str) -> Option<i64> {
        crate::ops::vaults::describe_backup_vault(
            svc,
            &ctx(),
            DescribeBackupVaultInput {
                backup_vault_name: vault.into(),
                backup_vault_account_id: None,
            },
        )
        .unwrap()
        .to_output()
        .unwrap()
        .number_of_recovery_points
    }

    #[test]
    fn delete_removes_the_point_and_its_tags() {
        let svc = service();
        create(&svc, "v");
        create(&svc, "w");
        let arn = put(&svc, "v", "RP", 0);
        svc.store.with_region(&ctx(), |region| {
            region
                .tags
                .tag(
                    &arn,
                    [("k".to_owned(), "v".to_owned())].into_iter().collect(),
                )
                .unwrap();
        });
        assert_eq!(
            code(&delete(&svc, "w", &arn).unwrap_err()),
            "ResourceNotFoundException"
        );
        assert_eq!(count(&svc, "v"), Some(1));
        delete(&svc, "v", &arn).expect("deleted");
        // DELETING for a job delay (3 s by default), then gone with its tags.
        let status = |svc: &BackupService| {
            svc.store.with_region(&ctx(), |region| {
                region.recovery_points.get(&arn).map(|point| point.status)
            })
        };
        assert_eq!(status(&svc), Some(RecoveryPointStatus::Deleting));
        assert_eq!(count(&svc, "v"), Some(1));
        // A second delete meanwhile is accepted and does not restart the deletion.
        svc.clock.advance(2.0);
        delete(&svc, "v", &arn).expect("deleted again");
        svc.clock.advance(1.0);
        svc.settle_due();
        assert_eq!(status(&svc), None);
        assert_eq!(count(&svc, "v"), Some(0));
        svc.store.with_region(&ctx(), |region| {
            assert!(region.tags.list(&arn).is_empty());
        });
        assert_eq!(
            code(&delete(&svc, "v", &arn).unwrap_err()),
            "ResourceNotFoundException"
        );
    }

    #[test]
    fn a_delay_of_0_deletes_inside_the_call() {
        let mut svc = service();
        svc.engine_settings.job_completion_delay_seconds = 0.0;
        create(&svc, "v");
        let arn = put(&svc, "v", "RP", 0);
        delete(&svc, "v", &arn).expect("deleted");
        assert_eq!(count(&svc, "v"), Some(0));
    }

    #[test]
    fn the_vault_lock_minimum_retention_refuses_early_deletion() {
        let svc = service();
        create(&svc, "v");
        let now = svc.clock.now().epoch_millis();
        let young = put(&svc, "v", "YOUNG", now);
        let old = put(&svc, "v", "OLD", now - 8 * 86_400_000);
        crate::ops::vault_lock::put_backup_vault_lock_configuration(
            &svc,
            &ctx(),
            PutBackupVaultLockConfigurationInput {
                backup_vault_name: "v".into(),
                min_retention_days: Some(7),
                ..Default::default()
            },
        )
        .unwrap();
        let error = delete(&svc, "v", &young).unwrap_err();
        assert_eq!(code(&error), "InvalidRequestException");
        assert_eq!(count(&svc, "v"), Some(2));
        delete(&svc, "v", &old).expect("past the minimum retention");
    }

    #[test]
    fn only_continuous_points_are_disassociated() {
        let svc = service();
        create(&svc, "v");
        let arn = put(&svc, "v", "RP", 0);
        let disassociate = |svc: &BackupService| {
            disassociate_recovery_point(
                svc,
                &ctx(),
                DisassociateRecoveryPointInput {
                    backup_vault_name: "v".into(),
                    recovery_point_arn: arn.clone(),
                },
            )
        };
        assert_eq!(
            code(&disassociate(&svc).unwrap_err()),
            "InvalidRequestException"
        );
        assert_eq!(count(&svc, "v"), Some(1));
        edit(&svc, &arn, |p| p.continuous = true);
        disassociate(&svc).expect("continuous");
        assert_eq!(count(&svc, "v"), Some(0));
    }

    #[test]
    fn only_children_are_disassociated_from_their_parent() {
        let svc = service();
        create(&svc, "v");
        let parent = put(&svc, "v", "PARENT", 0);
        let child = put(&svc, "v", "CHILD", 0);
        edit(&svc, &parent, |p| p.is_parent = true);
        edit(&svc, &child, |p| {
            p.rare.parent_recovery_point_arn = Some(parent.clone());
            p.rare.composite_member_identifier = Some("Table".into());
        });
        let detach = |arn: &str| {
            disassociate_recovery_point_from_parent(
                &svc,
                &ctx(),
                DisassociateRecoveryPointFromParentInput {
                    backup_vault_name: "v".into(),
                    recovery_point_arn: arn.into(),
                },
            )
        };
        assert_eq!(
            code(&detach(&parent).unwrap_err()),
            "InvalidRequestException"
        );
        detach(&child).expect("detached");
        svc.store.with_region(&ctx(), |region| {
            let point = region.recovery_points.get(&child).unwrap();
            assert_eq!(point.rare.parent_recovery_point_arn, None);
            assert_eq!(point.rare.composite_member_identifier, None);
        });
        assert_eq!(
            code(&detach(&child).unwrap_err()),
            "InvalidRequestException"
        );
        assert_eq!(count(&svc, "v"), Some(2));
    }
}
