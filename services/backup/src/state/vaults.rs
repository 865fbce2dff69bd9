//! Vault look-ups every operation on a vault shares.

use emulator_core::ServiceError;

use crate::model::vault::Vault;
use crate::state::RegionState;
use crate::support::errors::not_found;
use crate::support::missing_vault::MissingVaultError;

/// The message of AWS's `AlreadyExistsException` for a vault name already taken.
pub const NAME_TAKEN: &str = "Backup vault with the same name already exists";

/// `ResourceNotFoundException` for a vault the caller does not have in this account and region.
pub fn vault_not_found(name: &str) -> ServiceError {
    not_found(format!("Backup vault {name} does not exist."))
}

/// The caller's vault `name`, or `ResourceNotFoundException`.
pub fn find<'a>(region: &'a RegionState, name: &str) -> Result<&'a Vault, ServiceError> {
    region.vaults.get(name).ok_or_else(|| vault_not_found(name))
}

/// The caller's vault `name` for a read that AWS authorises against the vault's ARN
/// (DescribeBackupVault, GetBackupVaultAccessPolicy, DescribeRecoveryPoint): a missing vault
/// answers `missing` (`support/missing_vault.rs`).
pub fn find_for_read<'a>(
    region: &'a RegionState,
    name: &str,
    missing: MissingVaultError,
) -> Result<&'a Vault, ServiceError> {
    region.vaults.get(name).ok_or_else(|| missing.error(name))
}

/// The caller's vault `name` for a change, or `ResourceNotFoundException`.
pub fn find_mut<'a>(
    region: &'a mut RegionState,
    name: &str,
) -> Result<&'a mut Vault, ServiceError> {
    region
        .vaults
        .get_mut(name)
        .ok_or_else(|| vault_not_found(name))
}
