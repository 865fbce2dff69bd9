//! Vault notifications: Put/Get/DeleteBackupVaultNotifications.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::BackupService;

/// `PutBackupVaultNotifications`.
pub(crate) fn put_backup_vault_notifications(
    svc: &BackupService,
    ctx: &RequestContext,
    input: PutBackupVaultNotificationsInput,
) -> Result<(), ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented(
        "Backup",
        "PutBackupVaultNotifications",
    ))
}

/// `GetBackupVaultNotifications`.
pub(crate) fn get_backup_vault_notifications(
    svc: &BackupService,
    ctx: &RequestContext,
    input: GetBackupVaultNotificationsInput,
) -> Result<GetBackupVaultNotificationsOutput, ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented(
        "Backup",
        "GetBackupVaultNotifications",
    ))
}

/// `DeleteBackupVaultNotifications`.
pub(crate) fn delete_backup_vault_notifications(
    svc: &BackupService,
    ctx: &RequestContext,
    input: DeleteBackupVaultNotificationsInput,
) -> Result<(), ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented(
        "Backup",
        "DeleteBackupVaultNotifications",
    ))
}
