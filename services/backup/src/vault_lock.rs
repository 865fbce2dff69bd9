//! Vault Lock: Put/DeleteBackupVaultLockConfiguration.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::BackupService;

/// `PutBackupVaultLockConfiguration`.
pub(crate) fn put_backup_vault_lock_configuration(
    svc: &BackupService,
    ctx: &RequestContext,
    input: PutBackupVaultLockConfigurationInput,
) -> Result<(), ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented(
        "Backup",
        "PutBackupVaultLockConfiguration",
    ))
}

/// `DeleteBackupVaultLockConfiguration`.
pub(crate) fn delete_backup_vault_lock_configuration(
    svc: &BackupService,
    ctx: &RequestContext,
    input: DeleteBackupVaultLockConfigurationInput,
) -> Result<(), ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented(
        "Backup",
        "DeleteBackupVaultLockConfiguration",
    ))
}
