//! Plan templates and JSON: ExportBackupPlanTemplate, GetBackupPlanFromJSON,
//! ListBackupPlanTemplates, GetBackupPlanFromTemplate.

pub mod catalog;
pub mod json;

use aws_pagination::{paginate_sorted, Order};
use emulator_core::dto::{from_input, Output};
use emulator_core::{RequestContext, ServiceError};
use serde_json::{json, Value};

use crate::api::generated::*;
use crate::engine::backend::Backend;
use crate::model::plan_rules as rules;
use crate::state::plans::active_plan;
use crate::support::errors::not_found;
use crate::support::page_size;

/// `ExportBackupPlanTemplate`: the current version's document as JSON.
pub(crate) fn export_backup_plan_template(
    svc: &Backend,
    ctx: &RequestContext,
    input: ExportBackupPlanTemplateInput,
) -> Result<ExportBackupPlanTemplateOutput, ServiceError> {
    let document = svc.store.with_region(ctx, |region| {
        active_plan(region, &input.backup_plan_id)
            .map(|plan| plan.current().document.to_plan_input())
    })?;
    Ok(ExportBackupPlanTemplateOutput {
        backup_plan_template_json: Some(json::write_document(&document)?),
    })
}

/// `GetBackupPlanFromJSON`: parses and validates a document, with defaults filled in. Nothing is
/// stored, so target vaults need not exist yet.
pub(crate) fn get_backup_plan_from_json(
    svc: &Backend,
    ctx: &RequestContext,
    input: GetBackupPlanFromJSONInput,
) -> Result<GetBackupPlanFromJSONOutput, ServiceError> {
    let _ = (svc, ctx);
    let spec = rules::validate_plan(json::parse_document(&input.backup_plan_template_json)?)?;
    Ok(GetBackupPlanFromJSONOutput {
        backup_plan: Some(BackupPlan {
            backup_plan_name: spec.name,
            rules: spec
                .rules
                .iter()
                .map(|rule| rule.to_backup_rule())
                .collect(),
            advanced_backup_settings: spec.advanced_backup_settings,
            scan_settings: spec.scan_settings,
        }),
    })
}

/// `ListBackupPlanTemplates`, in catalog order.
pub(crate) fn list_backup_plan_templates(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListBackupPlanTemplatesInput,
) -> Result<ListBackupPlanTemplatesOutput, ServiceError> {
    let _ = (svc, ctx);
    let entries = catalog::TEMPLATES
        .iter()
        .enumerate()
        .map(|(index, template)| (index as u32, template));
    let page = paginate_sorted(
        entries,
        Order::Ascending,
        input.next_token.as_deref(),
        "ListBackupPlanTemplates",
        page_size::page_size(input.max_results),
        |_| true,
    )
    .map_err(page_size::token_error)?;
    Ok(ListBackupPlanTemplatesOutput {
        backup_plan_templates_list: Some(
            page.items
                .iter()
                .map(|template| BackupPlanTemplatesListMember {
                    backup_plan_template_id: Some(template.id.to_owned()),
                    backup_plan_template_name: Some(template.name.to_owned()),
                })
                .collect(),
        ),
        next_token: page.next_token,
    })
}

/// The operation [`get_backup_plan_from_template`] answers.
pub(crate) const FROM_TEMPLATE: &str = "GetBackupPlanFromTemplate";

/// `GetBackupPlanFromTemplate`: the template's rules as AWS's documented answer has them
/// (`catalog.rs`), without `BackupPlanName` or `TargetBackupVaultName`. The model's
/// `BackupPlan` requires both, so the typed output cannot leave them out: the document is
/// answered as JSON, ahead of the generated dispatch (`lib.rs`). SDKs read the answer as AWS's
/// (the Rust SDK fills required members it does not find with empty values).
pub(crate) fn get_backup_plan_from_template(
    svc: &Backend,
    ctx: &RequestContext,
    input: Value,
) -> Result<Output, ServiceError> {
    let _ = (svc, ctx);
    let input: GetBackupPlanFromTemplateInput = from_input(input)?;
    let template = catalog::find(&input.backup_plan_template_id).ok_or_else(|| {
        not_found(format!(
            "Backup plan template with id {} does not exist",
            input.backup_plan_template_id
        ))
    })?;
    Ok(Output::Value(
        json!({ "BackupPlanDocument": template.to_document() }),
    ))
}
