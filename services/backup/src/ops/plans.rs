//! Backup plans and their versions: Create/Get/Update/Delete/ListBackupPlans,
//! ListBackupPlanVersions.
//!
//! A plan keeps every version (UpdateBackupPlan adds one) and is only soft-deleted, so any
//! version stays readable by its `VersionId`, as in AWS. Two active plans may share a name but
//! not a whole document: AWS answers `AlreadyExistsException` "Backup plan with the same plan
//! document already exists" for the second.

pub mod output;
pub mod preview;
#[cfg(test)]
mod tests;

use aws_pagination::{paginate_btree, paginate_sorted, Order};
use aws_tagging::{validate_tags, Tags};
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::engine::backend::Backend;
use crate::engine::rule_runs;
use crate::model::plan::{Plan, PlanSpec, PlanVersion, RuleSpec};
use crate::model::plan_rules as rules;
use crate::state::plans::{active_plan, active_plans, PLAN_NOT_FOUND};
use crate::state::RegionState;
use crate::support::arns;
use crate::support::errors::{already_exists, invalid_parameter, invalid_request, not_found};
use crate::support::page_size;
use crate::support::version_id::VersionId;

/// AWS's message for a plan (or plan version) that does not exist.
/// Every rule's target vault must exist in the region.
fn check_target_vaults(region: &RegionState, spec: &PlanSpec) -> Result<(), ServiceError> {
    match spec
        .rules
        .iter()
        .find(|rule| !region.vaults.contains_key(&rule.target_vault_name))
    {
        Some(rule) => Err(invalid_parameter(format!(
            "Error in rule {} : Backup vault with name {} does not exist in this account and \
             Region.",
            rule.name, rule.target_vault_name
        ))),
        None => Ok(()),
    }
}

fn new_rule_id(_: &RuleSpec) -> String {
    uuid::Uuid::new_v4().to_string()
}

fn create_output(plan: &Plan) -> CreateBackupPlanOutput {
    let version = plan.current();
    CreateBackupPlanOutput {
        backup_plan_id: Some(plan.id.clone()),
        backup_plan_arn: Some(plan.arn.clone()),
        creation_date: Some(version.creation_date),
        version_id: Some(version.version_id.to_string()),
        advanced_backup_settings: version.document.advanced_backup_settings.clone(),
    }
}

/// `CreateBackupPlan`.
pub(crate) fn create_backup_plan(
    svc: &Backend,
    ctx: &RequestContext,
    input: CreateBackupPlanInput,
) -> Result<CreateBackupPlanOutput, ServiceError> {
    crate::support::creator_request_id::check(input.creator_request_id.as_deref())?;
    let spec = rules::validate_plan(input.backup_plan)?;
    let tags = Tags::from(input.backup_plan_tags.unwrap_or_default());
    let token = input.creator_request_id;
    let now = svc.clock.now();
    let output = svc.store.with_region(ctx, |region| {
        validate_tags(region.tags.rules(), &tags).map_err(|e| invalid_parameter(e.to_string()))?;
        if let Some(token) = &token {
            let earlier = active_plans(region)
                .find(|plan| plan.creator_request_id.as_deref() == Some(token.as_str()));
            if let Some(plan) = earlier {
                // A retry of the same request gets the original answer; another request reusing
                // the token is refused.
                return if plan.current().document.same_content(&spec) {
                    Ok(create_output(plan))
                } else {
                    Err(already_exists(
                        format!("A backup plan was already created with CreatorRequestId {token}"),
                        Some(&plan.arn),
                        Some(token),
                    ))
                };
            }
        }
        if let Some(plan) =
            active_plans(region).find(|plan| plan.current().document.same_content(&spec))
        {
            return Err(already_exists(
                "Backup plan with the same plan document already exists",
                Some(&plan.arn),
                plan.creator_request_id.as_deref(),
            ));
        }
        check_target_vaults(region, &spec)?;

        let id = uuid::Uuid::new_v4().to_string();
        let arn = arns::plan(ctx, &id);
        let version = PlanVersion {
            version_id: VersionId::generate(),
            creation_date: now,
            superseded_at: None,
            last_execution_date: None,
            document: spec.into_document(new_rule_id),
        };
        let plan = Plan::new(id.clone(), arn.clone(), token, version);
        region
            .tags
            .tag(&arn, tags)
            .map_err(|e| invalid_parameter(e.to_string()))?;
        let output = create_output(&plan);
        region.plans.insert(id, plan);
        Ok(output)
    })?;
    rule_runs::plan_changed(
        svc,
        ctx,
        output.backup_plan_id.as_deref().unwrap_or_default(),
    );
    Ok(output)
}

/// `GetBackupPlan`.
pub(crate) fn get_backup_plan(
    svc: &Backend,
    ctx: &RequestContext,
    input: GetBackupPlanInput,
) -> Result<GetBackupPlanOutput, ServiceError> {
    let now = svc.clock.now();
    svc.store.with_region(ctx, |region| {
        let plan = region
            .plans
            .get(&input.backup_plan_id)
            .ok_or_else(|| not_found(PLAN_NOT_FOUND))?;
        let version = match &input.version_id {
            Some(version_id) => plan
                .version(version_id)
                .ok_or_else(|| not_found(PLAN_NOT_FOUND))?,
            None if plan.is_deleted() => return Err(not_found(PLAN_NOT_FOUND)),
            None => plan.current(),
        };
        let preview = input
            .max_scheduled_runs_preview
            .and_then(|n| usize::try_from(n).ok())
            .filter(|n| *n > 0)
            .map(|n| preview::scheduled_runs(&version.document.rules, now, n));
        Ok(GetBackupPlanOutput {
            // AWS answers AdvancedBackupSettings at the top level only, not inside BackupPlan
            // (issue 22; the API reference's GetBackupPlan response and the AWS CLI example).
            backup_plan: Some(BackupPlan {
                advanced_backup_settings: None,
                ..version.document.to_backup_plan()
            }),
            backup_plan_id: Some(plan.id.clone()),
            backup_plan_arn: Some(plan.arn.clone()),
            version_id: Some(version.version_id.to_string()),
            creator_request_id: plan.creator_request_id.clone(),
            creation_date: Some(version.creation_date),
            deletion_date: plan.version_deletion_date(version),
            last_execution_date: version.last_execution_date,
            advanced_backup_settings: version.document.advanced_backup_settings.clone(),
            scheduled_runs_preview: preview,
        })
    })
}

/// `UpdateBackupPlan`: a new version; rules keep their `RuleId` when a rule of the same name was
/// in the version being replaced.
pub(crate) fn update_backup_plan(
    svc: &Backend,
    ctx: &RequestContext,
    input: UpdateBackupPlanInput,
) -> Result<UpdateBackupPlanOutput, ServiceError> {
    let spec = rules::validate_plan(input.backup_plan)?;
    let now = svc.clock.now();
    let output = svc.store.with_region(ctx, |region| {
        let plan = active_plan(region, &input.backup_plan_id)?;
        check_target_vaults(region, &spec)?;
        let previous_rules = plan.current_rules().to_vec();
        let document = spec.into_document(|rule| {
            previous_rules
                .iter()
                .find(|old| old.spec.name == rule.name)
                .map_or_else(|| new_rule_id(rule), |old| old.id.clone())
        });
        let version = PlanVersion {
            version_id: VersionId::generate(),
            creation_date: now,
            superseded_at: None,
            last_execution_date: None,
            document,
        };
        let plan = region
            .plans
            .get_mut(&input.backup_plan_id)
            .ok_or_else(|| not_found(PLAN_NOT_FOUND))?;
        plan.push_version(version);
        let current = plan.current();
        Ok(UpdateBackupPlanOutput {
            backup_plan_id: Some(plan.id.clone()),
            backup_plan_arn: Some(plan.arn.clone()),
            creation_date: Some(current.creation_date),
            version_id: Some(current.version_id.to_string()),
            advanced_backup_settings: current.document.advanced_backup_settings.clone(),
            scan_settings: current.document.scan_settings.clone(),
        })
    })?;
    rule_runs::plan_changed(svc, ctx, &input.backup_plan_id);
    Ok(output)
}

/// `DeleteBackupPlan`: refused while selections remain; otherwise a soft delete that drops the
/// plan's tags.
pub(crate) fn delete_backup_plan(
    svc: &Backend,
    ctx: &RequestContext,
    input: DeleteBackupPlanInput,
) -> Result<DeleteBackupPlanOutput, ServiceError> {
    let now = svc.clock.now();
    svc.store.with_region(ctx, |region| {
        active_plan(region, &input.backup_plan_id)?;
        if region
            .selections
            .values()
            .any(|selection| selection.plan_id == input.backup_plan_id)
        {
            return Err(invalid_request(
                "Related backup plan selections must be deleted prior to backup plan deletion",
            ));
        }
        let plan = region
            .plans
            .get_mut(&input.backup_plan_id)
            .ok_or_else(|| not_found(PLAN_NOT_FOUND))?;
        plan.deletion_date = Some(now);
        let output = DeleteBackupPlanOutput {
            backup_plan_id: Some(plan.id.clone()),
            backup_plan_arn: Some(plan.arn.clone()),
            deletion_date: Some(now),
            version_id: Some(plan.current().version_id.to_string()),
        };
        let arn = plan.arn.clone();
        region.tags.remove_resource(&arn);
        Ok(output)
    })
}

/// `ListBackupPlans`, by plan id.
pub(crate) fn list_backup_plans(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListBackupPlansInput,
) -> Result<ListBackupPlansOutput, ServiceError> {
    let include_deleted = input.include_deleted.unwrap_or(false);
    let scope = format!("ListBackupPlans:{include_deleted}");
    svc.store.with_region(ctx, |region| {
        let page = paginate_btree(
            &region.plans,
            input.next_token.as_deref(),
            &scope,
            page_size::page_size(input.max_results),
            |plan| include_deleted || !plan.is_deleted(),
        )
        .map_err(page_size::token_error)?;
        Ok(ListBackupPlansOutput {
            backup_plans_list: Some(
                page.items
                    .iter()
                    .map(|plan| plan.list_member(plan.current()))
                    .collect(),
            ),
            next_token: page.next_token,
        })
    })
}

/// `ListBackupPlanVersions`, newest first; deleted plans keep their versions.
pub(crate) fn list_backup_plan_versions(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListBackupPlanVersionsInput,
) -> Result<ListBackupPlanVersionsOutput, ServiceError> {
    let scope = format!("ListBackupPlanVersions:{}", input.backup_plan_id);
    svc.store.with_region(ctx, |region| {
        let plan = region
            .plans
            .get(&input.backup_plan_id)
            .ok_or_else(|| not_found(PLAN_NOT_FOUND))?;
        // Versions are only ever appended, so the position is a stable sort key.
        let newest = plan.version_count() as u64 - 1;
        let entries = plan
            .versions()
            .rev()
            .enumerate()
            .map(|(age, version)| (newest - age as u64, version));
        let page = paginate_sorted(
            entries,
            Order::Descending,
            input.next_token.as_deref(),
            &scope,
            page_size::page_size(input.max_results),
            |_| true,
        )
        .map_err(page_size::token_error)?;
        Ok(ListBackupPlanVersionsOutput {
            backup_plan_versions_list: Some(
                page.items
                    .iter()
                    .map(|version| plan.list_member(version))
                    .collect(),
            ),
            next_token: page.next_token,
        })
    })
}
