//! Plan templates and JSON: ExportBackupPlanTemplate, GetBackupPlanFromJSON, ListBackupPlanTemplates, GetBackupPlanFromTemplate.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::BackupService;

/// `ExportBackupPlanTemplate`.
pub(crate) fn export_backup_plan_template(
    svc: &BackupService,
    ctx: &RequestContext,
    input: ExportBackupPlanTemplateInput,
) -> Result<ExportBackupPlanTemplateOutput, ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented(
        "Backup",
        "ExportBackupPlanTemplate",
    ))
}

/// `GetBackupPlanFromJSON`.
pub(crate) fn get_backup_plan_from_json(
    svc: &BackupService,
    ctx: &RequestContext,
    input: GetBackupPlanFromJSONInput,
) -> Result<GetBackupPlanFromJSONOutput, ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented(
        "Backup",
        "GetBackupPlanFromJSON",
    ))
}

/// `ListBackupPlanTemplates`.
pub(crate) fn list_backup_plan_templates(
    svc: &BackupService,
    ctx: &RequestContext,
    input: ListBackupPlanTemplatesInput,
) -> Result<ListBackupPlanTemplatesOutput, ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented(
        "Backup",
        "ListBackupPlanTemplates",
    ))
}

/// `GetBackupPlanFromTemplate`.
pub(crate) fn get_backup_plan_from_template(
    svc: &BackupService,
    ctx: &RequestContext,
    input: GetBackupPlanFromTemplateInput,
) -> Result<GetBackupPlanFromTemplateOutput, ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented(
        "Backup",
        "GetBackupPlanFromTemplate",
    ))
}
