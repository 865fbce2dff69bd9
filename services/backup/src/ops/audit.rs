//! AWS Backup Audit Manager: frameworks of controls, report plans, and the report jobs that
//! compile reports from Backup's own state.
//!
//! - `frameworks.rs`: Create/Describe/Update/Delete/ListFrameworks; the controls AWS offers and
//!   their parameters are in `controls.rs`.
//! - `report_plans.rs`: Create/Describe/Update/Delete/ListReportPlans.
//! - `report_jobs.rs`: StartReportJob, DescribeReportJob, ListReportJobs; what a report holds
//!   and where it is "written" is in `report_jobs/reports.rs`.
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
//! derived from the service clock at every read (`model/deployment.rs`, `Deployment::status`;
//! `model/report_job.rs`, `ReportJob::status`) instead of being driven by timer events: no engine event
//! kinds, no queue entries to cancel when a framework or plan is deleted, and a read right after
//! `POST /_floci/clock` sees the new status exactly as it sees the engine's jobs. A report's
//! content is compiled when its job starts, as a snapshot of the state at that instant (the 24
//! hours before it for job reports), and withheld until the clock reaches the job's completion.
//!
//! Reports are not written anywhere: the gateway has no S3. Each completed job records the S3
//! keys AWS would have written, and `GET /_floci/backup/reports/<ReportJobId>` serves the files'
//! content (`report_jobs.rs`, `delivered_report`).

pub mod frameworks;
pub mod report_jobs;
pub mod report_plans;
