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
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented("Backup", "CreateBackupVault"))
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
