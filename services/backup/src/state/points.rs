//! Recovery point look-ups and changes that several operations and machines share, and what
//! hangs off a point (legal holds, access points, indexes) that decides what may happen to it.

use emulator_core::{RequestContext, ServiceError};

use crate::model::point_index::PointIndex;
use crate::model::recovery_point::RecoveryPoint;
use crate::model::vault::Vault;
use crate::state::vaults;
use crate::state::RegionState;
use crate::support::errors::{invalid_request, not_found};
use crate::support::missing_vault::MissingVaultError;

/// Whether recovery point `arn` has backup access points, which pause its lifecycle.
pub fn pauses_lifecycle(region: &RegionState, arn: &str) -> bool {
    region
        .access_points
        .values()
        .any(|point| point.recovery_point_arn == arn)
}

/// Whether backup access points keep recovery point `arn` from being deleted: AWS wants every
/// access point of a point deleted before the point.
pub fn blocks_deletion(region: &RegionState, arn: &str) -> bool {
    pauses_lifecycle(region, arn)
}

/// Whether an active legal hold protects the recovery point `arn` from deletion.
pub fn protects(region: &RegionState, arn: &str) -> bool {
    region
        .legal_holds
        .values()
        .any(|hold| hold.protects() && hold.points.contains(arn))
}

/// The index of recovery point `arn`, while the point exists.
pub fn of_point<'a>(region: &'a RegionState, arn: &str) -> Option<&'a PointIndex> {
    region
        .indexes
        .get(arn)
        .filter(|_| region.recovery_points.contains_key(arn))
}

/// Adds `point` to the region with its `tags` in the tag store, replacing a point of the same
/// ARN. Jobs that write points (backup, copy) call this.
#[allow(dead_code)] // The engine still inserts directly; it moves to this with restore/copy jobs.
pub fn insert_point(region: &mut RegionState, point: RecoveryPoint) {
    region.tags.remove_resource(&point.arn);
    if !point.rare.tags.is_empty() {
        // The tags were validated when the job was accepted; the store cannot refuse them.
        let _ = region
            .tags
            .tag(&point.arn, point.rare.tags.clone().into_iter().collect());
    }
    region.recovery_points.insert(point.arn.clone(), point);
}

/// Removes the point `arn`, its tags and its backup index from the region, returning it.
pub fn remove_point(region: &mut RegionState, arn: &str) -> Option<RecoveryPoint> {
    let point = region.recovery_points.remove(arn)?;
    region.tags.remove_resource(arn);
    region.indexes.remove(arn);
    Some(point)
}

/// `ResourceNotFoundException` for a point the vault does not hold.
pub fn point_not_found(vault_name: &str, arn: &str) -> ServiceError {
    not_found(format!(
        "Recovery point {arn} was not found in backup vault {vault_name}."
    ))
}

/// Refuses to restore, copy or change the lifecycle of a point DeleteRecoveryPoint is taking
/// away (`DELETING`). AWS's answer is not documented; `InvalidRequestException` is what it
/// answers for other points in a state that does not allow the call.
pub fn check_not_deleting(point: &RecoveryPoint) -> Result<(), ServiceError> {
    if point.is_deleting() {
        return Err(invalid_request(format!(
            "Recovery point {} is being deleted",
            point.arn
        )));
    }
    Ok(())
}

/// Refuses a `BackupVaultAccountId` naming another account: the emulator models no
/// cross-account vault access, so such a vault is not found, as in `DescribeBackupVault`.
pub fn check_vault_account(
    ctx: &RequestContext,
    account: Option<&str>,
    vault_name: &str,
) -> Result<(), ServiceError> {
    match account {
        Some(account) if account != ctx.account_id => Err(vaults::vault_not_found(vault_name)),
        _ => Ok(()),
    }
}

/// The caller's vault `vault_name` and its point `arn`, or `ResourceNotFoundException` naming
/// whichever is missing.
pub fn find_in_vault<'a>(
    region: &'a RegionState,
    vault_name: &str,
    arn: &str,
) -> Result<(&'a Vault, &'a RecoveryPoint), ServiceError> {
    find_in_vault_or(region, vault_name, arn, MissingVaultError::ResourceNotFound)
}

/// Point `arn` in the caller's vault `vault_name`, for a read AWS authorises against the vault:
/// a missing vault answers `missing` (`support/missing_vault.rs`).
pub fn find_in_vault_or<'a>(
    region: &'a RegionState,
    vault_name: &str,
    arn: &str,
    missing: MissingVaultError,
) -> Result<(&'a Vault, &'a RecoveryPoint), ServiceError> {
    let vault = vaults::find_for_read(region, vault_name, missing)?;
    let point = region
        .recovery_points
        .get(arn)
        .filter(|point| point.vault_name == vault_name)
        .ok_or_else(|| point_not_found(vault_name, arn))?;
    Ok((vault, point))
}

/// Whether an active legal hold protects `point` from deletion: one of the holds that covered
/// the point when it was created has not been cancelled (`legal_holds.rs`).
pub fn deletion_blocked_by_legal_hold(region: &RegionState, point: &RecoveryPoint) -> bool {
    protects(region, &point.arn)
}
