//! Backup plans and their versions: Create/Get/Update/Delete/ListBackupPlans, ListBackupPlanVersions.

use emulator_core::dto::Timestamp;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::BackupService;

/// `CreateBackupPlan`.
pub(crate) fn create_backup_plan(
    svc: &BackupService,
    ctx: &RequestContext,
    input: CreateBackupPlanInput,
) -> Result<CreateBackupPlanOutput, ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented("Backup", "CreateBackupPlan"))
}

/// `GetBackupPlan`.
pub(crate) fn get_backup_plan(
    svc: &BackupService,
    ctx: &RequestContext,
    input: GetBackupPlanInput,
) -> Result<GetBackupPlanOutput, ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented("Backup", "GetBackupPlan"))
}

/// `UpdateBackupPlan`.
pub(crate) fn update_backup_plan(
    svc: &BackupService,
    ctx: &RequestContext,
    input: UpdateBackupPlanInput,
) -> Result<UpdateBackupPlanOutput, ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented("Backup", "UpdateBackupPlan"))
}

/// `DeleteBackupPlan`.
pub(crate) fn delete_backup_plan(
    svc: &BackupService,
    ctx: &RequestContext,
    input: DeleteBackupPlanInput,
) -> Result<DeleteBackupPlanOutput, ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented("Backup", "DeleteBackupPlan"))
}

/// `ListBackupPlans`.
pub(crate) fn list_backup_plans(
    svc: &BackupService,
    ctx: &RequestContext,
    input: ListBackupPlansInput,
) -> Result<ListBackupPlansOutput, ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented("Backup", "ListBackupPlans"))
}

/// `ListBackupPlanVersions`.
pub(crate) fn list_backup_plan_versions(
    svc: &BackupService,
    ctx: &RequestContext,
    input: ListBackupPlanVersionsInput,
) -> Result<ListBackupPlanVersionsOutput, ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented(
        "Backup",
        "ListBackupPlanVersions",
    ))
}

/// A backup plan with every version it has had.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The plan id.
    pub id: String,
    /// `arn:aws:backup:{region}:{account}:backup-plan:{id}`.
    pub arn: String,
    /// Set by DeleteBackupPlan: the plan is soft-deleted, hidden from reads without a
    /// `VersionId` and from listings without `IncludeDeleted`.
    pub deletion_date: Option<Timestamp>,
}

impl Plan {
    /// Whether DeleteBackupPlan has run on this plan.
    pub fn is_deleted(&self) -> bool {
        self.deletion_date.is_some()
    }
}
