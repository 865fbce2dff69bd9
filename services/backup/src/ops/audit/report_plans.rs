//! Report plans: CreateReportPlan, DescribeReportPlan, UpdateReportPlan, DeleteReportPlan,
//! ListReportPlans.
//!
//! A report plan says which report to compile (`ReportSetting`) and where to deliver it
//! (`ReportDeliveryChannel`); StartReportJob runs it (`report_jobs.rs`). AWS allows 20 report
//! plans per account (kept per region here, like all of Backup's state) and refuses changes
//! while a deployment is in progress. `LastAttemptedExecutionTime` and
//! `LastSuccessfulExecutionTime` come from the plan's report jobs.

pub mod validate;

use aws_pagination::paginate_btree;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::engine::backend::Backend;
use crate::state::RegionState;
use crate::support::arns;
use crate::support::errors::{already_exists, invalid_parameter, limit_exceeded};
use crate::support::page_size;
use crate::support::tags;

use crate::model::deployment::{Deployment, DeploymentKind};
use crate::model::report_plan::ReportPlan;
use crate::state::report_plans::{executions, find, plan_not_found};

/// Report plans per account ("You can have up to 20 report plans per AWS account").
const MAX_REPORT_PLANS: usize = 20;

/// The plan as the API shows it at `now`, with its execution times.
fn shown(
    svc: &Backend,
    region: &RegionState,
    plan: &ReportPlan,
) -> crate::api::generated::ReportPlan {
    let now = svc.clock.now();
    let executions = executions(region, &plan.arn, now, &svc.engine_settings);
    plan.to_api(now, executions)
}

/// `CreateReportPlan`. A retry with the name and `IdempotencyToken` of the call that created the
/// plan answers that call's output.
pub(crate) fn create_report_plan(
    svc: &Backend,
    ctx: &RequestContext,
    input: CreateReportPlanInput,
) -> Result<CreateReportPlanOutput, ServiceError> {
    let delivery = validate::delivery_channel(input.report_delivery_channel)?;
    let scope = validate::scope(input.report_setting)?;
    let plan_tags = tags::tags_from_input(input.report_plan_tags.unwrap_or_default())?;
    let name = input.report_plan_name;
    let now = svc.clock.now();
    svc.store.with_region(ctx, |region| {
        if let Some(existing) = region.report_plans.get(&name) {
            if input.idempotency_token.is_some()
                && existing.idempotency_token == input.idempotency_token
            {
                return Ok(created(existing));
            }
            return Err(already_exists(
                format!("Report plan {name} already exists in this account and Region."),
                Some(&existing.arn),
                None,
            ));
        }
        validate::frameworks_exist(region, ctx, &scope)?;
        if region.report_plans.len() >= MAX_REPORT_PLANS {
            return Err(limit_exceeded(format!(
                "You can have up to {MAX_REPORT_PLANS} report plans."
            )));
        }
        let arn = arns::report_plan(ctx, &name, &uuid::Uuid::new_v4().to_string());
        region
            .tags
            .tag(&arn, plan_tags)
            .map_err(|error| invalid_parameter(error.to_string()))?;
        let plan = ReportPlan {
            name: name.clone(),
            arn,
            description: input.report_plan_description,
            delivery,
            scope,
            creation_time: now,
            deployment: Deployment::begin(DeploymentKind::Create, now, &svc.engine_settings),
            idempotency_token: input.idempotency_token,
        };
        let output = created(&plan);
        region.report_plans.insert(name, plan);
        Ok(output)
    })
}

fn created(plan: &ReportPlan) -> CreateReportPlanOutput {
    CreateReportPlanOutput {
        creation_time: Some(plan.creation_time),
        report_plan_arn: Some(plan.arn.clone()),
        report_plan_name: Some(plan.name.clone()),
    }
}

/// `DescribeReportPlan`.
pub(crate) fn describe_report_plan(
    svc: &Backend,
    ctx: &RequestContext,
    input: DescribeReportPlanInput,
) -> Result<DescribeReportPlanOutput, ServiceError> {
    svc.store.with_region(ctx, |region| {
        let plan = find(region, &input.report_plan_name)?;
        Ok(DescribeReportPlanOutput {
            report_plan: Some(shown(svc, region, plan)),
        })
    })
}

/// `UpdateReportPlan`: replaces the description, channel and setting given, and redeploys the
/// plan. A retry with the token of the latest create or update changes nothing.
pub(crate) fn update_report_plan(
    svc: &Backend,
    ctx: &RequestContext,
    input: UpdateReportPlanInput,
) -> Result<UpdateReportPlanOutput, ServiceError> {
    let delivery = input
        .report_delivery_channel
        .map(validate::delivery_channel)
        .transpose()?;
    let scope = input.report_setting.map(validate::scope).transpose()?;
    let name = input.report_plan_name;
    let now = svc.clock.now();
    svc.store.with_region(ctx, |region| {
        let plan = find(region, &name)?;
        if input.idempotency_token.is_some() && plan.idempotency_token == input.idempotency_token {
            return Ok(updated(plan));
        }
        plan.deployment
            .check_settled(&format!("report plan {name}"), now)?;
        if let Some(scope) = &scope {
            validate::frameworks_exist(region, ctx, scope)?;
        }
        let plan = region
            .report_plans
            .get_mut(&name)
            .ok_or_else(|| plan_not_found(&name))?;
        if let Some(scope) = scope {
            plan.scope = scope;
        }
        if let Some(delivery) = delivery {
            plan.delivery = delivery;
        }
        if input.report_plan_description.is_some() {
            plan.description = input.report_plan_description;
        }
        plan.deployment = Deployment::begin(DeploymentKind::Update, now, &svc.engine_settings);
        plan.idempotency_token = input.idempotency_token;
        Ok(updated(plan))
    })
}

fn updated(plan: &ReportPlan) -> UpdateReportPlanOutput {
    UpdateReportPlanOutput {
        creation_time: Some(plan.creation_time),
        report_plan_arn: Some(plan.arn.clone()),
        report_plan_name: Some(plan.name.clone()),
    }
}

/// `DeleteReportPlan`: the plan and its tags go; its report jobs stay readable, as on AWS.
pub(crate) fn delete_report_plan(
    svc: &Backend,
    ctx: &RequestContext,
    input: DeleteReportPlanInput,
) -> Result<(), ServiceError> {
    let name = input.report_plan_name;
    let now = svc.clock.now();
    svc.store.with_region(ctx, |region| {
        let plan = find(region, &name)?;
        plan.deployment
            .check_settled(&format!("report plan {name}"), now)?;
        let arn = plan.arn.clone();
        region.report_plans.remove(&name);
        region.tags.remove_resource(&arn);
        Ok(())
    })
}

/// `ListReportPlans`, in name order.
pub(crate) fn list_report_plans(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListReportPlansInput,
) -> Result<ListReportPlansOutput, ServiceError> {
    let token = input.next_token.as_deref().filter(|t| !t.is_empty());
    svc.store.with_region(ctx, |region| {
        let page = paginate_btree(
            &region.report_plans,
            token,
            "ListReportPlans",
            page_size::page_size(input.max_results),
            |_| true,
        )
        .map_err(page_size::token_error)?;
        Ok(ListReportPlansOutput {
            report_plans: Some(page.items.iter().map(|p| shown(svc, region, p)).collect()),
            next_token: page.next_token,
        })
    })
}
