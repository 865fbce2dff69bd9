//! The stored form of a restore job and its projections onto the API's output shapes.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use emulator_core::dto::Timestamp;

use crate::api::generated::{
    DescribeRestoreJobOutput, RestoreDeletionStatus, RestoreJobCreator, RestoreJobStatus,
    RestoreJobsListMember, RestoreValidationStatus,
};

/// A restore job as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RestoreJob {
    /// `RestoreJobId`: an upper-case UUID.
    pub id: String,
    /// The account that started it.
    pub account_id: String,
    /// The recovery point being restored.
    pub recovery_point_arn: String,
    /// When that recovery point was created.
    pub recovery_point_creation_date: Timestamp,
    /// The vault holding the recovery point.
    pub vault_arn: String,
    /// The resource the recovery point was taken of (`SourceResourceArn`).
    pub source_resource_arn: String,
    /// `ResourceType` of the recovery point.
    pub resource_type: String,
    /// The resource the restore creates, known from the start and shown once the job runs
    /// ([`RestoreJob::shown_created_resource_arn`]).
    pub created_resource_arn: Option<String>,
    /// The role it runs with, when one was given.
    pub iam_role_arn: Option<String>,
    /// The `Metadata` it was started with (`GetRestoreJobMetadata`).
    pub metadata: BTreeMap<String, String>,
    /// Where it is in its life.
    pub status: RestoreJobStatus,
    /// Why it ended as it did, when not COMPLETED.
    pub status_message: Option<String>,
    /// When StartRestoreJob ran.
    pub creation_date: Timestamp,
    /// When it ended.
    pub completion_date: Option<Timestamp>,
    /// `PercentDone`: `0.00%` until the job completed, then `100.00%` (`engine/restore.rs`).
    pub percent_done: String,
    /// Size of the recovery point restored.
    pub backup_size_in_bytes: i64,
    /// `ValidationStatus` from PutRestoreValidationResult.
    pub validation_status: Option<RestoreValidationStatus>,
    /// `ValidationStatusMessage` from PutRestoreValidationResult.
    pub validation_status_message: Option<String>,
    /// The restore testing plan that started it; none for on-demand restores.
    pub created_by: Option<RestoreJobCreator>,
    /// For a restore test: its selection's `ValidationWindowHours` when it started, after which
    /// the restored resource is deleted (`restore_testing/cleanup.rs`).
    pub validation_window_hours: Option<i32>,
    /// `DeletionStatus`: a restore test's resource is deleted after its validation window.
    pub deletion_status: Option<RestoreDeletionStatus>,
    /// `DeletionStatusMessage`.
    pub deletion_status_message: Option<String>,
    /// The token StartRestoreJob was called with.
    pub idempotency_token: Option<String>,
}

/// `PercentDone` as AWS formats it for restore jobs.
pub fn percent(done: u32) -> String {
    format!("{done}.00%")
}

impl RestoreJob {
    /// The job as `ListRestoreJobs` and `ListRestoreJobsByProtectedResource` show it.
    pub fn to_list_member(&self) -> RestoreJobsListMember {
        RestoreJobsListMember {
            account_id: Some(self.account_id.clone()),
            backup_size_in_bytes: Some(self.backup_size_in_bytes),
            backup_vault_arn: Some(self.vault_arn.clone()),
            completion_date: self.completion_date,
            created_by: self.created_by.clone(),
            created_resource_arn: self.shown_created_resource_arn(),
            creation_date: Some(self.creation_date),
            deletion_status: self.deletion_status,
            deletion_status_message: self.deletion_status_message.clone(),
            expected_completion_time_minutes: None,
            iam_role_arn: self.iam_role_arn.clone(),
            is_parent: Some(false),
            parent_job_id: None,
            percent_done: Some(self.percent_done.clone()),
            recovery_point_arn: Some(self.recovery_point_arn.clone()),
            recovery_point_creation_date: Some(self.recovery_point_creation_date),
            resource_type: Some(self.resource_type.clone()),
            restore_job_id: Some(self.id.clone()),
            source_resource_arn: Some(self.source_resource_arn.clone()),
            status: Some(self.status),
            status_message: self.status_message.clone(),
            validation_status: self.validation_status,
            validation_status_message: self.validation_status_message.clone(),
        }
    }

    /// The job as `DescribeRestoreJob` shows it.
    pub fn describe(&self) -> DescribeRestoreJobOutput {
        let m = self.to_list_member();
        DescribeRestoreJobOutput {
            account_id: m.account_id,
            backup_size_in_bytes: m.backup_size_in_bytes,
            backup_vault_arn: m.backup_vault_arn,
            completion_date: m.completion_date,
            created_by: m.created_by,
            created_resource_arn: m.created_resource_arn,
            creation_date: m.creation_date,
            deletion_status: m.deletion_status,
            deletion_status_message: m.deletion_status_message,
            expected_completion_time_minutes: m.expected_completion_time_minutes,
            iam_role_arn: m.iam_role_arn,
            is_parent: m.is_parent,
            parent_job_id: m.parent_job_id,
            percent_done: m.percent_done,
            recovery_point_arn: m.recovery_point_arn,
            recovery_point_creation_date: m.recovery_point_creation_date,
            resource_type: m.resource_type,
            restore_job_id: m.restore_job_id,
            source_resource_arn: m.source_resource_arn,
            status: m.status,
            status_message: m.status_message,
            validation_status: m.validation_status,
            validation_status_message: m.validation_status_message,
        }
    }

    /// `CreatedResourceArn`: named once the restore runs, as a real `describe-restore-job`
    /// of a RUNNING FSx restore shows it (quoted in public AWS CLI notes, 2022), and kept once
    /// it completed; a PENDING job has not started creating anything, and a job that FAILED or
    /// was ABORTED created nothing (AWS's FAILED "Restore Job State Change" event carries none:
    /// https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html).
    pub fn shown_created_resource_arn(&self) -> Option<String> {
        matches!(
            self.status,
            RestoreJobStatus::Running | RestoreJobStatus::Completed
        )
        .then(|| self.created_resource_arn.clone())
        .flatten()
    }
}

crate::support::newest_first::listed_job!(RestoreJob => creation_date);
