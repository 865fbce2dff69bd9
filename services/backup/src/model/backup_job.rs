//! Backup jobs as stored.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use emulator_core::dto::{SharedStr, Timestamp};

use crate::api::generated::{
    BackupJobState, CopyAction, Lifecycle, RecoveryPointCreator, VaultType,
};
use crate::model::recovery_point::DeleteAfterNextBackup;
use crate::support::newest_first::listed_job;

/// A backup job as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupJob {
    /// `BackupJobId`: an upper-case UUID, as AWS shows them.
    pub id: String,
    /// The account that ran it.
    pub account_id: String,
    /// Target vault.
    pub vault_name: String,
    /// Target vault ARN.
    pub vault_arn: SharedStr,
    /// The protected resource.
    pub resource_arn: SharedStr,
    /// `ResourceType`.
    pub resource_type: SharedStr,
    /// `ResourceName`.
    pub resource_name: SharedStr,
    /// The role it runs with.
    pub iam_role_arn: SharedStr,
    /// Where it is in its life.
    pub state: BackupJobState,
    /// Why it ended as it did, when not COMPLETED.
    pub status_message: Option<String>,
    /// When StartBackupJob ran.
    pub creation_date: Timestamp,
    /// Latest start (creation + StartWindowMinutes).
    pub start_by: Timestamp,
    /// Expected end (creation + CompleteWindowMinutes).
    pub expected_completion_date: Timestamp,
    /// When it ended.
    pub completion_date: Option<Timestamp>,
    /// When StopBackupJob ran: ABORTING ends half a job delay later.
    pub stop_date: Option<Timestamp>,
    /// The recovery point it writes.
    pub recovery_point_arn: SharedStr,
    /// Lifecycle for the recovery point.
    pub lifecycle: Option<Lifecycle>,
    /// Tags for the recovery point.
    pub recovery_point_tags: BTreeMap<String, String>,
    /// `BackupOptions`.
    pub backup_options: Option<BTreeMap<String, String>>,
    /// The plan, for scheduled jobs. Boxed: on-demand jobs have none, and inline it weighed
    /// 192 bytes in every job.
    pub created_by: Option<Box<RecoveryPointCreator>>,
    /// The vault's key.
    pub encryption_key_arn: Option<SharedStr>,
    /// `PercentDone`.
    pub percent_done: String,
    /// Size of the backup (simulated).
    pub backup_size_in_bytes: i64,
    /// Bytes moved so far.
    pub bytes_transferred: i64,
    /// The token StartBackupJob was called with.
    pub idempotency_token: Option<String>,
    /// The copies to make once the recovery point is written: the rule's `CopyActions` for a
    /// scheduled job, none on demand.
    pub copy_actions: Vec<CopyAction>,
    /// For a scheduled backup of a resource registered with a backup appliance: the job writes
    /// into the appliance's local backup vault (`VaultType` `LOCAL_BACKUP_VAULT`). Absent from
    /// state written before local backups ran.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub in_local_vault: bool,
    /// The early deletion its recovery point gets in the local vault
    /// (`LocalBackupConfiguration.DeleteAfterNextBackup`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_after_next_backup: Option<DeleteAfterNextBackup>,
}

/// Who starts a backup job.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum JobOrigin {
    /// A StartBackupJob call.
    OnDemand,
    /// A plan's rule (`engine/plan_jobs.rs`).
    Plan {
        /// `CreatedBy`: the plan, its version and the rule.
        created_by: Box<RecoveryPointCreator>,
        /// The rule's `CopyActions`.
        copy_actions: Vec<CopyAction>,
        /// For a resource registered with a backup appliance: its local backup.
        local: Option<LocalBackupJob>,
        /// The rule's `EnableContinuousBackup`: for a type with continuous backup the job
        /// keeps the resource's continuous recovery point in the vault current.
        continuous: bool,
    },
}

/// What a scheduled backup of a resource registered with a backup appliance does differently
/// (`engine/local_backups.rs`): it writes into the appliance's local backup vault, or fails.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum LocalBackupJob {
    /// Into the local vault the job's input names, with this early deletion.
    Vault(Option<DeleteAfterNextBackup>),
    /// No local vault to write into: the job fails with this message.
    Fails(String),
}

impl BackupJob {
    /// `MessageCategory`.
    pub fn message_category(&self) -> &'static str {
        crate::support::listing::message_category(self.state.as_str())
    }

    /// Whether the job has reached the point where AWS names its recovery point and reports
    /// sizes: RUNNING and the states a run ends in with a point (COMPLETED, PARTIAL). AWS's
    /// documented `list-backup-jobs` example (AWS CLI examples, backup/list-backup-jobs.rst)
    /// shows a CREATED job without `RecoveryPointArn`, `BackupSizeInBytes`, `BytesTransferred`
    /// or `CompletionDate`, and the completed one with them.
    pub fn shows_its_point(&self) -> bool {
        matches!(
            self.state,
            BackupJobState::Running | BackupJobState::Completed | BackupJobState::Partial
        )
    }

    pub fn to_summary(&self) -> crate::api::generated::BackupJob {
        let shows_point = self.shows_its_point();
        crate::api::generated::BackupJob {
            account_id: Some(self.account_id.clone()),
            backup_job_id: Some(self.id.clone()),
            backup_options: self.backup_options.clone(),
            backup_size_in_bytes: shows_point.then_some(self.backup_size_in_bytes),
            backup_type: backup_type(self.backup_options.as_ref()),
            backup_vault_arn: Some(self.vault_arn.to_string()),
            backup_vault_name: Some(self.vault_name.clone()),
            bytes_transferred: shows_point.then_some(self.bytes_transferred),
            completion_date: self.completion_date,
            created_by: self.created_by.as_deref().cloned(),
            creation_date: Some(self.creation_date),
            encryption_key_arn: self.encryption_key_arn.as_deref().map(str::to_owned),
            expected_completion_date: Some(self.expected_completion_date),
            iam_role_arn: Some(self.iam_role_arn.to_string()),
            initiation_date: Some(self.creation_date),
            is_encrypted: Some(self.encryption_key_arn.is_some()),
            is_parent: Some(false),
            percent_done: Some(self.percent_done.clone()),
            recovery_point_arn: shows_point.then(|| self.recovery_point_arn.to_string()),
            recovery_point_lifecycle: self.lifecycle.clone(),
            resource_arn: Some(self.resource_arn.to_string()),
            resource_name: Some(self.resource_name.to_string()),
            resource_type: Some(self.resource_type.to_string()),
            start_by: Some(self.start_by),
            state: Some(self.state),
            status_message: self.status_message.clone(),
            message_category: Some(self.message_category().to_owned()),
            vault_type: Some(
                if self.in_local_vault {
                    VaultType::LocalBackupVault
                } else {
                    VaultType::BackupVault
                }
                .as_str()
                .to_owned(),
            ),
            ..Default::default()
        }
    }
}

/// `BackupType` is `WindowsVSS` when that option is enabled, else absent.
fn backup_type(options: Option<&BTreeMap<String, String>>) -> Option<String> {
    options
        .and_then(|o| o.get("WindowsVSS"))
        .filter(|v| v.eq_ignore_ascii_case("enabled"))
        .map(|_| "WindowsVSS".to_owned())
}

listed_job!(BackupJob => creation_date);
