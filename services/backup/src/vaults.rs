//! Backup vaults: CreateBackupVault, DescribeBackupVault, ListBackupVaults, DeleteBackupVault.

use emulator_core::dto::Timestamp;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::BackupService;

/// `CreateBackupVault`.
pub(crate) fn create_backup_vault(
    svc: &BackupService,
    ctx: &RequestContext,
    input: CreateBackupVaultInput,
) -> Result<CreateBackupVaultOutput, ServiceError> {
    // Stand-in so plan tests have vaults to target; the vaults branch owns the real handler.
    let now = svc.clock.now();
    svc.store.with_region(ctx, |region| {
        if region.vaults.contains_key(&input.backup_vault_name) {
            return Err(crate::errors::already_exists(
                "Backup vault with the same name already exists",
                None,
                None,
            ));
        }
        let vault = Vault {
            name: input.backup_vault_name.clone(),
            arn: crate::resource_arns::vault(ctx, &input.backup_vault_name),
            creation_date: now,
        };
        let output = CreateBackupVaultOutput {
            backup_vault_name: Some(vault.name.clone()),
            backup_vault_arn: Some(vault.arn.clone()),
            creation_date: Some(now),
        };
        region.vaults.insert(vault.name.clone(), vault);
        Ok(output)
    })
}

/// `DescribeBackupVault`.
pub(crate) fn describe_backup_vault(
    svc: &BackupService,
    ctx: &RequestContext,
    input: DescribeBackupVaultInput,
) -> Result<DescribeBackupVaultOutput, ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented(
        "Backup",
        "DescribeBackupVault",
    ))
}

/// `ListBackupVaults`.
pub(crate) fn list_backup_vaults(
    svc: &BackupService,
    ctx: &RequestContext,
    input: ListBackupVaultsInput,
) -> Result<ListBackupVaultsOutput, ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented("Backup", "ListBackupVaults"))
}

/// `DeleteBackupVault`.
pub(crate) fn delete_backup_vault(
    svc: &BackupService,
    ctx: &RequestContext,
    input: DeleteBackupVaultInput,
) -> Result<(), ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented("Backup", "DeleteBackupVault"))
}

/// A backup vault as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Vault {
    /// The vault name (unique per account and region).
    pub name: String,
    /// `arn:aws:backup:{region}:{account}:backup-vault:{name}`.
    pub arn: String,
    /// When it was created.
    pub creation_date: Timestamp,
}
