//! Backup selections: Create/Get/Delete/ListBackupSelections.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::BackupService;

/// `CreateBackupSelection`.
pub(crate) fn create_backup_selection(
    svc: &BackupService,
    ctx: &RequestContext,
    input: CreateBackupSelectionInput,
) -> Result<CreateBackupSelectionOutput, ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented(
        "Backup",
        "CreateBackupSelection",
    ))
}

/// `GetBackupSelection`.
pub(crate) fn get_backup_selection(
    svc: &BackupService,
    ctx: &RequestContext,
    input: GetBackupSelectionInput,
) -> Result<GetBackupSelectionOutput, ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented(
        "Backup",
        "GetBackupSelection",
    ))
}

/// `DeleteBackupSelection`.
pub(crate) fn delete_backup_selection(
    svc: &BackupService,
    ctx: &RequestContext,
    input: DeleteBackupSelectionInput,
) -> Result<(), ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented(
        "Backup",
        "DeleteBackupSelection",
    ))
}

/// `ListBackupSelections`.
pub(crate) fn list_backup_selections(
    svc: &BackupService,
    ctx: &RequestContext,
    input: ListBackupSelectionsInput,
) -> Result<ListBackupSelectionsOutput, ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented(
        "Backup",
        "ListBackupSelections",
    ))
}

/// A backup selection: which resources a plan protects.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    /// The selection id.
    pub id: String,
    /// The plan it belongs to.
    pub plan_id: String,
}
