//! Vault access policies: Put/Get/DeleteBackupVaultAccessPolicy.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::BackupService;

/// `PutBackupVaultAccessPolicy`.
pub(crate) fn put_backup_vault_access_policy(
    svc: &BackupService,
    ctx: &RequestContext,
    input: PutBackupVaultAccessPolicyInput,
) -> Result<(), ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented(
        "Backup",
        "PutBackupVaultAccessPolicy",
    ))
}

/// `GetBackupVaultAccessPolicy`.
pub(crate) fn get_backup_vault_access_policy(
    svc: &BackupService,
    ctx: &RequestContext,
    input: GetBackupVaultAccessPolicyInput,
) -> Result<GetBackupVaultAccessPolicyOutput, ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented(
        "Backup",
        "GetBackupVaultAccessPolicy",
    ))
}

/// `DeleteBackupVaultAccessPolicy`.
pub(crate) fn delete_backup_vault_access_policy(
    svc: &BackupService,
    ctx: &RequestContext,
    input: DeleteBackupVaultAccessPolicyInput,
) -> Result<(), ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented(
        "Backup",
        "DeleteBackupVaultAccessPolicy",
    ))
}
