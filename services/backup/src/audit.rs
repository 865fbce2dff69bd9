//! AWS Backup Audit Manager: frameworks of controls, report plans, and the report jobs that
//! compile reports from Backup's own state.
//!
//! - `frameworks.rs`: Create/Describe/Update/Delete/ListFrameworks; the controls AWS offers and
//!   their parameters are in `controls.rs`.
//! - `report_plans.rs`: Create/Describe/Update/Delete/ListReportPlans.
//! - `report_jobs.rs`: StartReportJob, DescribeReportJob, ListReportJobs; what a report holds
//!   and where it is "written" is in `reports.rs`.
//!
//! # Timing
//!
//! Deploying a framework or report plan and running a report job take the job engine's
//! completion delay (`FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS`, see `engine.rs`): a
//! deployment is `*_IN_PROGRESS` for the whole delay, a report job is `CREATED` for the first
//! half, `RUNNING` for the second and then `COMPLETED` (or `FAILED`).
//!
//! These timelines are fixed the moment the call that starts them returns: nothing that happens
//! later can change when they end or how (there is no S3 to fail a delivery). So the status is
//! derived from the service clock at every read ([`deployment::Deployment::status`],
//! [`report_jobs::ReportJob::status`]) instead of being driven by timer events: no engine event
//! kinds, no queue entries to cancel when a framework or plan is deleted, and a read right after
//! `POST /_floci/clock` sees the new status exactly as it sees the engine's jobs. A report's
//! content is compiled when its job starts, as a snapshot of the state at that instant (the 24
//! hours before it for job reports), and withheld until the clock reaches the job's completion.
//!
//! Reports are not written anywhere: the gateway has no S3. Each completed job records the S3
//! keys AWS would have written, and `GET /_floci/backup/reports/<ReportJobId>` serves the files'
//! content ([`delivered_report`]).

mod controls;
mod deployment;
mod frameworks;
mod report_jobs;
mod report_plans;
mod reports;

use emulator_core::ServiceError;
use serde_json::Value;

use crate::store::RegionState;
use crate::BackupService;

pub use frameworks::Framework;
pub use report_jobs::ReportJob;
pub use report_plans::ReportPlan;

pub(crate) use frameworks::{
    create_framework, delete_framework, describe_framework, list_frameworks, update_framework,
};
pub(crate) use report_jobs::{describe_report_job, list_report_jobs, start_report_job};
pub(crate) use report_plans::{
    create_report_plan, delete_report_plan, describe_report_plan, list_report_plans,
    update_report_plan,
};

/// Whether `name_and_id` (the text after `framework:` in an ARN) names a framework of `region`.
pub(crate) fn framework_exists(region: &RegionState, name_and_id: &str) -> bool {
    frameworks::find_by_arn_suffix(region, name_and_id).is_some()
}

/// Whether `name_and_id` (the text after `report-plan:` in an ARN) names a report plan of
/// `region`.
pub(crate) fn report_plan_exists(region: &RegionState, name_and_id: &str) -> bool {
    report_plans::find_by_arn_suffix(region, name_and_id).is_some()
}

/// `GET /_floci/backup/reports/<ReportJobId>`: the job's status and, once it has completed, the
/// files AWS would have written to S3, with their content. Report job ids are unique across
/// accounts and regions, so the job is looked up everywhere.
pub(crate) fn delivered_report(svc: &BackupService, job_id: &str) -> Result<Value, ServiceError> {
    let now = svc.clock.now();
    // A read that changes nothing: no partition is recorded as changed.
    for (_, state) in svc.store.regions() {
        let guard = crate::store::lock(&state);
        if let Some(job) = guard.report_jobs.get(job_id) {
            return Ok(job.delivered(now, &svc.engine_settings));
        }
    }
    Err(report_jobs::job_not_found(job_id))
}
