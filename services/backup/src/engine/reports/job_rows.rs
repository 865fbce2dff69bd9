//! Job reports (`BACKUP_JOB_REPORT`, `COPY_JOB_REPORT`, `RESTORE_JOB_REPORT`,
//! `SCAN_JOB_REPORT`): "jobs finished in the last 24 hours and all active jobs" of the Regions
//! the plan covers, with the fields of AWS's sample reports ("Choosing your report template")
//! that Backup's state holds.

use emulator_core::dto::Timestamp;
use serde_json::{json, Value};

use crate::api::generated::{BackupJobState, CopyJobState, Lifecycle, RestoreJobStatus};
use crate::model::backup_job::BackupJob;
use crate::model::copy_job::CopyJob;
use crate::model::report_plan::ReportTemplate;
use crate::model::restore_job::RestoreJob;
use crate::state::RegionState;

use super::table::{Row, Table};

/// The 24 hours a job report covers, ending when it is compiled.
#[derive(Debug, Clone, Copy)]
pub struct Period {
    /// `reportTimePeriodStart`.
    pub start: Timestamp,
    /// `reportTimePeriodEnd`.
    pub end: Timestamp,
}

impl Period {
    /// The 24 hours before `end`.
    pub fn ending(end: Timestamp) -> Self {
        Self {
            start: end.plus_seconds(-86_400),
            end,
        }
    }

    /// Whether a job belongs in the report: still active, or ended within the period.
    fn covers(&self, ended: Option<Timestamp>) -> bool {
        ended.is_none_or(|t| t >= self.start && t <= self.end)
    }
}

const BACKUP_COLUMNS: &[&str] = &[
    "reportTimePeriodStart",
    "reportTimePeriodEnd",
    "accountId",
    "region",
    "backupJobId",
    "jobStatus",
    "statusMessage",
    "resourceType",
    "resourceArn",
    "resourceName",
    "backupPlanArn",
    "backupRuleId",
    "backupPlanName",
    "backupRuleName",
    "initiationDate",
    "creationDate",
    "completionDate",
    "recoveryPointArn",
    "jobRunTime",
    "backupSizeInBytes",
    "backupVaultName",
    "backupVaultArn",
    "vaultType",
    "isEncrypted",
    "encryptionKeyArn",
    "deleteAfterDays",
    "moveToColdAfterDays",
    "iamRoleArn",
];

const COPY_COLUMNS: &[&str] = &[
    "reportTimePeriodStart",
    "reportTimePeriodEnd",
    "accountId",
    "region",
    "copyJobId",
    "jobStatus",
    "statusMessage",
    "resourceType",
    "resourceArn",
    "resourceName",
    "backupPlanArn",
    "backupRuleId",
    "creationDate",
    "completionDate",
    "jobRunTime",
    "backupSizeInBytes",
    "sourceRecoveryPointArn",
    "sourceBackupVaultArn",
    "destinationRecoveryPointArn",
    "destinationBackupVaultArn",
    "encryptionKeyArn",
    "deleteAfterDays",
    "moveToColdAfterDays",
    "iamRoleArn",
];

const RESTORE_COLUMNS: &[&str] = &[
    "reportTimePeriodStart",
    "reportTimePeriodEnd",
    "accountId",
    "region",
    "restoreJobId",
    "jobStatus",
    "statusMessage",
    "recoveryPointArn",
    "resourceType",
    "sourceResourceArn",
    "createdResourceArn",
    "backupVaultArn",
    "creationDate",
    "completionDate",
    "jobRunTime",
    "backupSizeInBytes",
    "percentDone",
    "iamRoleArn",
];

const SCAN_COLUMNS: &[&str] = &[
    "reportTimePeriodStart",
    "reportTimePeriodEnd",
    "accountId",
    "region",
    "scanJobId",
    "jobStatus",
    "resourceType",
    "resourceArn",
    "recoveryPointArn",
    "creationDate",
];

/// An empty report of `template`'s columns.
pub fn empty(template: ReportTemplate) -> Table {
    Table::new(match template {
        ReportTemplate::BackupJobs => BACKUP_COLUMNS,
        ReportTemplate::CopyJobs => COPY_COLUMNS,
        ReportTemplate::RestoreJobs => RESTORE_COLUMNS,
        _ => SCAN_COLUMNS,
    })
}

/// Adds the jobs of `template` in `region` (of `account_id`, named `region_name`) to `table`.
/// Scan jobs are not emulated, so a scan report stays empty.
pub fn add_region(
    table: &mut Table,
    template: ReportTemplate,
    region: &RegionState,
    region_name: &str,
    period: Period,
) {
    let mut rows: Vec<Row> = match template {
        ReportTemplate::BackupJobs => region
            .backup_jobs
            .values()
            .filter(|job| period.covers(backup_ended(job)))
            .map(|job| backup_row(job, region_name, period))
            .collect(),
        ReportTemplate::CopyJobs => region
            .copy_jobs
            .values()
            .filter(|job| period.covers(copy_ended(job)))
            .map(|job| copy_row(job, period))
            .collect(),
        ReportTemplate::RestoreJobs => region
            .restore_jobs
            .values()
            .filter(|job| period.covers(restore_ended(job)))
            .map(|job| restore_row(job, region_name, period))
            .collect(),
        _ => Vec::new(),
    };
    rows.sort_by_key(sort_key);
    for row in rows {
        table.push(row);
    }
}

/// Oldest first, by creation date and then job id, so reports read in the order things happened.
fn sort_key(row: &Row) -> (String, String) {
    let text = |column: &str| {
        row.get(column)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let id = ["backupJobId", "copyJobId", "restoreJobId"]
        .iter()
        .map(|c| text(c))
        .collect();
    (text("creationDate"), id)
}

fn backup_ended(job: &BackupJob) -> Option<Timestamp> {
    use BackupJobState::*;
    matches!(job.state, Completed | Aborted | Failed | Expired | Partial)
        .then(|| job.completion_date.unwrap_or(job.creation_date))
}

fn copy_ended(job: &CopyJob) -> Option<Timestamp> {
    matches!(
        job.state,
        CopyJobState::Completed | CopyJobState::Failed | CopyJobState::Partial
    )
    .then(|| job.completion_date.unwrap_or(job.creation_date))
}

fn restore_ended(job: &RestoreJob) -> Option<Timestamp> {
    matches!(
        job.status,
        RestoreJobStatus::Completed | RestoreJobStatus::Aborted | RestoreJobStatus::Failed
    )
    .then(|| job.completion_date.unwrap_or(job.creation_date))
}

fn time(t: Timestamp) -> Value {
    json!(t.to_string())
}

fn opt_time(t: Option<Timestamp>) -> Value {
    t.map_or(Value::Null, time)
}

/// `jobRunTime`: how long the job ran, as `HH:MM:SS` (until the report, while still active).
fn run_time(created: Timestamp, ended: Option<Timestamp>, period: Period) -> Value {
    let seconds =
        ((ended.unwrap_or(period.end).epoch_millis() - created.epoch_millis()) / 1000).max(0);
    json!(format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    ))
}

fn lifecycle_days(row: &mut Row, lifecycle: Option<&Lifecycle>) {
    row.insert(
        "deleteAfterDays",
        json!(lifecycle.and_then(|l| l.delete_after_days)),
    );
    row.insert(
        "moveToColdAfterDays",
        json!(lifecycle.and_then(|l| l.move_to_cold_storage_after_days)),
    );
}

fn common(period: Period, account_id: &str, region_name: &str) -> Row {
    Row::from([
        ("reportTimePeriodStart", time(period.start)),
        ("reportTimePeriodEnd", time(period.end)),
        ("accountId", json!(account_id)),
        ("region", json!(region_name)),
    ])
}

fn backup_row(job: &BackupJob, region_name: &str, period: Period) -> Row {
    let mut row = common(period, &job.account_id, region_name);
    let creator = job.created_by.as_ref();
    row.extend([
        ("backupJobId", json!(job.id)),
        ("jobStatus", json!(job.state.as_str())),
        ("statusMessage", json!(job.rare.status_message)),
        ("resourceType", json!(job.resource_type)),
        ("resourceArn", json!(job.resource_arn)),
        ("resourceName", json!(job.resource_name())),
        (
            "backupPlanArn",
            json!(creator.and_then(|c| c.backup_plan_arn.clone())),
        ),
        (
            "backupRuleId",
            json!(creator.and_then(|c| c.backup_rule_id.clone())),
        ),
        (
            "backupPlanName",
            json!(creator.and_then(|c| c.backup_plan_name.clone())),
        ),
        (
            "backupRuleName",
            json!(creator.and_then(|c| c.backup_rule_name.clone())),
        ),
        ("initiationDate", time(job.creation_date)),
        ("creationDate", time(job.creation_date)),
        ("completionDate", opt_time(job.completion_date)),
        ("recoveryPointArn", json!(job.recovery_point_arn)),
        (
            "jobRunTime",
            run_time(job.creation_date, backup_ended(job), period),
        ),
        ("backupSizeInBytes", json!(job.backup_size_in_bytes)),
        ("backupVaultName", json!(job.vault_name)),
        ("backupVaultArn", json!(job.vault_arn)),
        ("vaultType", json!("BACKUP_VAULT")),
        ("isEncrypted", json!(job.encryption_key_arn.is_some())),
        ("encryptionKeyArn", json!(job.encryption_key_arn)),
        ("iamRoleArn", json!(job.iam_role_arn)),
    ]);
    lifecycle_days(&mut row, job.lifecycle.as_deref());
    row
}

fn copy_row(job: &CopyJob, period: Period) -> Row {
    let mut row = common(period, &job.source.account_id, &job.source.region);
    let creator = job.created_by.as_ref();
    row.extend([
        ("copyJobId", json!(job.id)),
        ("jobStatus", json!(job.state.as_str())),
        ("statusMessage", json!(job.status_message)),
        ("resourceType", json!(job.resource_type)),
        ("resourceArn", json!(job.resource_arn)),
        ("resourceName", json!(job.resource_name)),
        (
            "backupPlanArn",
            json!(creator.and_then(|c| c.backup_plan_arn.clone())),
        ),
        (
            "backupRuleId",
            json!(creator.and_then(|c| c.backup_rule_id.clone())),
        ),
        ("creationDate", time(job.creation_date)),
        ("completionDate", opt_time(job.completion_date)),
        (
            "jobRunTime",
            run_time(job.creation_date, copy_ended(job), period),
        ),
        ("backupSizeInBytes", json!(job.shown_backup_size_in_bytes())),
        (
            "sourceRecoveryPointArn",
            json!(job.source_recovery_point_arn),
        ),
        ("sourceBackupVaultArn", json!(job.source_vault_arn)),
        (
            "destinationRecoveryPointArn",
            json!(job.shown_destination_recovery_point_arn()),
        ),
        (
            "destinationBackupVaultArn",
            json!(job.destination_vault_arn),
        ),
        (
            "encryptionKeyArn",
            json!(job.destination_encryption_key_arn),
        ),
        ("iamRoleArn", json!(job.iam_role_arn)),
    ]);
    lifecycle_days(&mut row, job.lifecycle.as_ref());
    row
}

fn restore_row(job: &RestoreJob, region_name: &str, period: Period) -> Row {
    let mut row = common(period, &job.account_id, region_name);
    let created = job.shown_created_resource_arn();
    row.extend([
        ("restoreJobId", json!(job.id)),
        ("jobStatus", json!(job.status.as_str())),
        ("statusMessage", json!(job.status_message)),
        ("recoveryPointArn", json!(job.recovery_point_arn)),
        ("resourceType", json!(job.resource_type)),
        ("sourceResourceArn", json!(job.source_resource_arn)),
        ("createdResourceArn", json!(created)),
        ("backupVaultArn", json!(job.vault_arn)),
        ("creationDate", time(job.creation_date)),
        ("completionDate", opt_time(job.completion_date)),
        (
            "jobRunTime",
            run_time(job.creation_date, restore_ended(job), period),
        ),
        ("backupSizeInBytes", json!(job.backup_size_in_bytes)),
        ("percentDone", json!(job.percent_done)),
        ("iamRoleArn", json!(job.iam_role_arn)),
    ]);
    row
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_times_are_hours_minutes_seconds() {
        let t = Timestamp::from_epoch_seconds(1_000.0);
        let period = Period::ending(t.plus_seconds(7_000));
        assert_eq!(run_time(t, Some(t.plus_seconds(3_723)), period), "01:02:03");
        assert_eq!(run_time(t, None, period), "01:56:40");
    }

    #[test]
    fn a_period_covers_active_jobs_and_jobs_ended_within_it() {
        let end = Timestamp::from_epoch_seconds(200_000.0);
        let period = Period::ending(end);
        assert!(period.covers(None));
        assert!(period.covers(Some(end.plus_seconds(-3_600))));
        assert!(!period.covers(Some(end.plus_seconds(-90_000))));
    }
}
