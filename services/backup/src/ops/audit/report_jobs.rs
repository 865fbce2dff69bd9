//! Report jobs: StartReportJob, DescribeReportJob, ListReportJobs.
//!
//! StartReportJob compiles the plan's report from the state at that instant (`reports.rs`) and
//! records the job; its status then follows the clock (`record.rs`, and `audit.rs` on timing).
//! Jobs outlive their plan, as on AWS: DescribeReportJob keeps answering after
//! DeleteReportPlan.

use emulator_core::{RequestContext, ServiceError};

use serde_json::Value;

use crate::api::generated::*;
use crate::engine::backend::Backend;
use crate::engine::reports;
use crate::model::report_job::{ReportJob, ReportJobStatus};
use crate::model::report_plan::ReportPlan;
use crate::state::report_plans;
use crate::support::errors::{invalid_parameter, not_found};
use crate::support::listing::{millis, within};
use crate::support::newest_first::newest_first;
use crate::support::page_size;

/// `ResourceNotFoundException` for a report job id the caller does not have.
pub(crate) fn job_not_found(id: &str) -> ServiceError {
    not_found(format!("Report job {id} does not exist."))
}

/// What StartReportJob found under the lock.
enum Start {
    /// A retry of an earlier call: its job.
    Replay(String),
    /// A new job for this plan.
    Run(Box<ReportPlan>),
}

/// `StartReportJob`. A retry with the plan and `IdempotencyToken` of an earlier call answers
/// that call's job.
pub(crate) fn start_report_job(
    svc: &Backend,
    ctx: &RequestContext,
    input: StartReportJobInput,
) -> Result<StartReportJobOutput, ServiceError> {
    let now = svc.clock.now();
    let token = input.idempotency_token;
    let start = svc.store.with_region(ctx, |region| {
        let plan = report_plans::find(region, &input.report_plan_name)?;
        let earlier = token.as_ref().and_then(|token| {
            region.report_jobs.values().find(|job| {
                job.plan_arn == plan.arn && job.idempotency_token.as_ref() == Some(token)
            })
        });
        Ok::<_, ServiceError>(match earlier {
            Some(job) => Start::Replay(job.id.clone()),
            None => Start::Run(Box::new(plan.clone())),
        })
    })?;
    let plan = match start {
        Start::Replay(id) => {
            return Ok(StartReportJobOutput {
                report_job_id: Some(id),
            })
        }
        Start::Run(plan) => plan,
    };
    let id = uuid::Uuid::new_v4().to_string();
    let completes = svc.engine_settings.finish_at(now);
    // Compiled outside the caller's lock: a report across Regions reads each one in turn.
    let outcome = reports::compile(svc, ctx, &plan, &id, now, completes);
    let job = ReportJob {
        id: id.clone(),
        plan_name: plan.name.clone(),
        plan_arn: plan.arn.clone(),
        template: plan.scope.template,
        bucket: plan.delivery.bucket.clone(),
        creation_time: now,
        idempotency_token: token,
        outcome,
    };
    svc.store.with_region(ctx, |region| {
        region.report_jobs.insert(id.clone(), job);
    });
    Ok(StartReportJobOutput {
        report_job_id: Some(id),
    })
}

/// `DescribeReportJob`.
pub(crate) fn describe_report_job(
    svc: &Backend,
    ctx: &RequestContext,
    input: DescribeReportJobInput,
) -> Result<DescribeReportJobOutput, ServiceError> {
    let now = svc.clock.now();
    svc.store.with_region(ctx, |region| {
        let job = region
            .report_jobs
            .get(&input.report_job_id)
            .ok_or_else(|| job_not_found(&input.report_job_id))?;
        Ok(DescribeReportJobOutput {
            report_job: Some(job.to_api(now, &svc.engine_settings)),
        })
    })
}

/// `ListReportJobs`: newest first, filtered by plan name, status (at the time of the call) and
/// creation time (bounds exclusive). A plan name the caller has no plan of is
/// `ResourceNotFoundException`.
pub(crate) fn list_report_jobs(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListReportJobsInput,
) -> Result<ListReportJobsOutput, ServiceError> {
    if let Some(status) = input.by_status.as_deref() {
        if !ReportJobStatus::FILTERS.contains(&status) {
            return Err(invalid_parameter(format!(
                "Invalid ByStatus: {status}. Valid statuses are: {}.",
                ReportJobStatus::FILTERS.join(", ")
            )));
        }
    }
    let now = svc.clock.now();
    let settings = svc.engine_settings;
    let scope = format!(
        "ListReportJobs|{:?}|{:?}|{:?}|{:?}",
        input.by_report_plan_name,
        input.by_status,
        millis(input.by_creation_after),
        millis(input.by_creation_before),
    );
    svc.store.with_region(ctx, |region| {
        if let Some(name) = &input.by_report_plan_name {
            report_plans::find(region, name)?;
        }
        let page = newest_first(
            region.report_jobs.values(),
            input.next_token.as_deref().filter(|t| !t.is_empty()),
            &scope,
            page_size::page_size(input.max_results),
            |job: &ReportJob| {
                input
                    .by_report_plan_name
                    .as_ref()
                    .is_none_or(|name| *name == job.plan_name)
                    && input
                        .by_status
                        .as_deref()
                        .is_none_or(|status| status == job.status(now, &settings).as_str())
                    && within(
                        Some(job.creation_time),
                        input.by_creation_after,
                        input.by_creation_before,
                    )
            },
        )
        .map_err(page_size::token_error)?;
        Ok(ListReportJobsOutput {
            report_jobs: Some(
                page.items
                    .iter()
                    .map(|job| job.to_api(now, &settings))
                    .collect(),
            ),
            next_token: page.next_token,
        })
    })
}

/// `GET /_floci/backup/reports/<ReportJobId>`: the job's status and, once it has completed, the
/// files AWS would have written to S3, with their content. Report job ids are unique across
/// accounts and regions, so the job is looked up everywhere.
pub(crate) fn delivered_report(svc: &Backend, job_id: &str) -> Result<Value, ServiceError> {
    let now = svc.clock.now();
    // A read that changes nothing: no partition is recorded as changed.
    for (_, state) in svc.store.regions() {
        let guard = emulator_core::state::lock(&state);
        if let Some(job) = guard.report_jobs.get(job_id) {
            return Ok(job.delivered(now, &svc.engine_settings));
        }
    }
    Err(job_not_found(job_id))
}
