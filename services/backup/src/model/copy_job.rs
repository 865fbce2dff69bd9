//! The stored form of a copy job and its projection onto the API's `CopyJob` shape.

use emulator_core::dto::Timestamp;
use serde::{Deserialize, Serialize};

use crate::api::generated::{CopyJobState, Lifecycle, RecoveryPointCreator};
use crate::support::listing::message_category;
use crate::support::region_key::RegionKey;

/// A copy job as stored, in the region that started it (the source's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopyJob {
    /// `CopyJobId`: an upper-case UUID.
    pub id: String,
    /// The account and region that started it, where the source recovery point lives.
    pub source: RegionKey,
    /// The vault holding the source recovery point.
    pub source_vault_arn: String,
    /// The recovery point copied.
    pub source_recovery_point_arn: String,
    /// Where the copy goes, by ARN.
    pub destination_vault_arn: String,
    /// The destination vault's name, in `destination`'s state.
    pub destination_vault_name: String,
    /// The destination vault's account and region.
    pub destination: RegionKey,
    /// The recovery point the copy becomes, chosen up front; shown once the copy completed
    /// ([`CopyJob::shown_destination_recovery_point_arn`]).
    pub destination_recovery_point_arn: String,
    /// The destination vault's key.
    pub destination_encryption_key_arn: Option<String>,
    /// The lifecycle of the copy: the one asked for, else the source's.
    pub lifecycle: Option<Lifecycle>,
    /// The protected resource the source was taken of.
    pub resource_arn: String,
    /// Its `ResourceType`.
    pub resource_type: String,
    /// Its `ResourceName`.
    pub resource_name: String,
    /// The role it runs with.
    pub iam_role_arn: String,
    /// Where it is in its life.
    pub state: CopyJobState,
    /// Why it ended as it did, when not COMPLETED.
    pub status_message: Option<String>,
    /// When StartCopyJob ran.
    pub creation_date: Timestamp,
    /// When it ended.
    pub completion_date: Option<Timestamp>,
    /// Size of the recovery point copied; shown once the job runs
    /// ([`CopyJob::shown_backup_size_in_bytes`]).
    pub backup_size_in_bytes: i64,
    /// The plan whose copy action started it; none on demand.
    pub created_by: Option<RecoveryPointCreator>,
    /// The token StartCopyJob was called with.
    pub idempotency_token: Option<String>,
}

impl CopyJob {
    /// `MessageCategory`.
    pub fn message_category(&self) -> &str {
        message_category(self.state.as_str())
    }

    /// `DestinationRecoveryPointArn`: only once the copy exists. AWS's "Copy Job State Change"
    /// events (AWS Backup Developer Guide, "Monitoring AWS Backup events using Amazon
    /// EventBridge", https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html)
    /// carry it in the COMPLETED example and leave it empty in the RUNNING and FAILED ones.
    pub fn shown_destination_recovery_point_arn(&self) -> Option<&str> {
        matches!(self.state, CopyJobState::Completed | CopyJobState::Partial)
            .then_some(self.destination_recovery_point_arn.as_str())
    }

    /// `BackupSizeInBytes`: from RUNNING on, as in the same events (the CREATED example has
    /// none; RUNNING, COMPLETED and FAILED carry it), and as a CREATED backup job shows none.
    pub fn shown_backup_size_in_bytes(&self) -> Option<i64> {
        (self.state != CopyJobState::Created).then_some(self.backup_size_in_bytes)
    }

    /// The job as `DescribeCopyJob` and `ListCopyJobs` show it.
    pub fn to_api(&self) -> crate::api::generated::CopyJob {
        crate::api::generated::CopyJob {
            account_id: Some(self.source.account_id.clone()),
            backup_size_in_bytes: self.shown_backup_size_in_bytes(),
            completion_date: self.completion_date,
            copy_job_id: Some(self.id.clone()),
            created_by: self.created_by.clone(),
            creation_date: Some(self.creation_date),
            destination_backup_vault_arn: Some(self.destination_vault_arn.clone()),
            destination_encryption_key_arn: self.destination_encryption_key_arn.clone(),
            destination_recovery_point_arn: self
                .shown_destination_recovery_point_arn()
                .map(str::to_owned),
            destination_recovery_point_lifecycle: self.lifecycle.clone(),
            iam_role_arn: Some(self.iam_role_arn.clone()),
            is_parent: Some(false),
            message_category: Some(self.message_category().to_owned()),
            number_of_child_jobs: Some(0),
            resource_arn: Some(self.resource_arn.clone()),
            resource_name: Some(self.resource_name.clone()),
            resource_type: Some(self.resource_type.clone()),
            source_backup_vault_arn: Some(self.source_vault_arn.clone()),
            source_recovery_point_arn: Some(self.source_recovery_point_arn.clone()),
            state: Some(self.state),
            status_message: self.status_message.clone(),
            ..Default::default()
        }
    }
}

crate::support::newest_first::listed_job!(CopyJob => creation_date);
