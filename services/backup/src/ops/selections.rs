//! Backup selections: Create/Get/Delete/ListBackupSelections. A selection assigns resources
//! (by ARN, by tag, narrowed by conditions) to an active plan; the plan cannot be deleted while
//! it has any.

pub mod validate;

use aws_pagination::paginate_btree;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::engine::backend::Backend;
use crate::model::selection::Selection;
use crate::state::plans::{active_plan, selections_of};
use crate::state::RegionState;
use crate::support::errors::{already_exists, invalid_parameter, not_found};
use crate::support::page_size;

fn selection_not_found(plan_id: &str, selection_id: &str) -> ServiceError {
    not_found(format!(
        "Failed reading Backup selection {selection_id} of backup plan {plan_id}"
    ))
}

/// The selection, if it exists and belongs to the plan.
fn find<'a>(
    region: &'a RegionState,
    plan_id: &str,
    selection_id: &str,
) -> Result<&'a Selection, ServiceError> {
    region
        .selections
        .get(selection_id)
        .filter(|selection| selection.plan_id == plan_id)
        .ok_or_else(|| selection_not_found(plan_id, selection_id))
}

fn create_output(selection: &Selection) -> CreateBackupSelectionOutput {
    CreateBackupSelectionOutput {
        selection_id: Some(selection.id.clone()),
        backup_plan_id: Some(selection.plan_id.clone()),
        creation_date: Some(selection.creation_date),
    }
}

/// `CreateBackupSelection`.
pub(crate) fn create_backup_selection(
    svc: &Backend,
    ctx: &RequestContext,
    input: CreateBackupSelectionInput,
) -> Result<CreateBackupSelectionOutput, ServiceError> {
    crate::support::creator_request_id::check(input.creator_request_id.as_deref())?;
    validate::validate_selection(&input.backup_selection)?;
    let now = svc.clock.now();
    svc.store.with_region(ctx, |region| {
        let plan = active_plan(region, &input.backup_plan_id)?;
        if let Some(token) = &input.creator_request_id {
            let earlier = selections_of(region, &plan.id)
                .find(|s| s.creator_request_id.as_deref() == Some(token.as_str()));
            if let Some(selection) = earlier {
                // A retry of the same request gets the original answer; another request reusing
                // the token is refused.
                return if selection.document == input.backup_selection {
                    Ok(create_output(selection))
                } else {
                    Err(already_exists(
                        format!(
                            "A backup selection was already created with CreatorRequestId {token}"
                        ),
                        Some(&plan.arn),
                        Some(token),
                    ))
                };
            }
        }
        let selection = Selection {
            id: uuid::Uuid::new_v4().to_string(),
            plan_id: plan.id.clone(),
            document: input.backup_selection,
            creation_date: now,
            creator_request_id: input.creator_request_id,
        };
        let output = create_output(&selection);
        region.selections.insert(selection.id.clone(), selection);
        Ok(output)
    })
}

/// `GetBackupSelection`.
pub(crate) fn get_backup_selection(
    svc: &Backend,
    ctx: &RequestContext,
    input: GetBackupSelectionInput,
) -> Result<GetBackupSelectionOutput, ServiceError> {
    svc.store.with_region(ctx, |region| {
        // AWS: InvalidParameterValueException "Cannot find Backup plan with ID …" for a plan
        // it does not know (issue 22).
        active_plan(region, &input.backup_plan_id).map_err(|_| {
            invalid_parameter(format!(
                "Cannot find Backup plan with ID {}",
                input.backup_plan_id
            ))
        })?;
        let selection = find(region, &input.backup_plan_id, &input.selection_id)?;
        Ok(GetBackupSelectionOutput {
            backup_selection: Some(selection.document.clone()),
            selection_id: Some(selection.id.clone()),
            backup_plan_id: Some(selection.plan_id.clone()),
            creation_date: Some(selection.creation_date),
            creator_request_id: selection.creator_request_id.clone(),
        })
    })
}

/// `DeleteBackupSelection`.
pub(crate) fn delete_backup_selection(
    svc: &Backend,
    ctx: &RequestContext,
    input: DeleteBackupSelectionInput,
) -> Result<(), ServiceError> {
    svc.store.with_region(ctx, |region| {
        active_plan(region, &input.backup_plan_id)?;
        find(region, &input.backup_plan_id, &input.selection_id)?;
        region.selections.remove(&input.selection_id);
        Ok(())
    })
}

/// `ListBackupSelections`, by selection id.
pub(crate) fn list_backup_selections(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListBackupSelectionsInput,
) -> Result<ListBackupSelectionsOutput, ServiceError> {
    let scope = format!("ListBackupSelections:{}", input.backup_plan_id);
    svc.store.with_region(ctx, |region| {
        active_plan(region, &input.backup_plan_id)?;
        let page = paginate_btree(
            &region.selections,
            input.next_token.as_deref(),
            &scope,
            page_size::page_size(input.max_results),
            |selection| selection.plan_id == input.backup_plan_id,
        )
        .map_err(page_size::token_error)?;
        Ok(ListBackupSelectionsOutput {
            backup_selections_list: Some(
                page.items
                    .iter()
                    .map(|selection| BackupSelectionsListMember {
                        selection_id: Some(selection.id.clone()),
                        selection_name: Some(selection.document.selection_name.clone()),
                        backup_plan_id: Some(selection.plan_id.clone()),
                        creation_date: Some(selection.creation_date),
                        creator_request_id: selection.creator_request_id.clone(),
                        iam_role_arn: Some(selection.document.iam_role_arn.clone()),
                    })
                    .collect(),
            ),
            next_token: page.next_token,
        })
    })
}
