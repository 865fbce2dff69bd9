//! Backup jobs as stored.

use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use emulator_core::dto::{SharedStr, Timestamp};

use crate::api::generated::{
    BackupJobState, CopyAction, Lifecycle, RecoveryPointCreator, VaultType,
};
use crate::model::idempotency::Token;
use crate::model::job_id::JobId;
use crate::model::rare::{Rare, RareMembers};
use crate::model::recovery_point::{serialize_if_some, DeleteAfterNextBackup};
use crate::model::resource_name::ResourceName;
use crate::model::resource_type::ResourceType;
use crate::support::newest_first::listed_job;

/// A backup job as stored. Its stored form (`Serialize`, and [`StoredJob`] read back) is one
/// flat JSON object, the same whichever members sit in [`RareJobMembers`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "StoredJob")]
pub struct BackupJob {
    /// `BackupJobId`: an upper-case UUID, as AWS shows them.
    pub id: JobId,
    /// The account that ran it.
    pub account_id: SharedStr,
    /// Target vault.
    pub vault_name: SharedStr,
    /// Target vault ARN.
    pub vault_arn: SharedStr,
    /// The protected resource.
    pub resource_arn: SharedStr,
    /// `ResourceType`.
    pub resource_type: ResourceType,
    /// `ResourceName`, usually the end of the resource ARN ([`Self::resource_name`]).
    pub resource_name: ResourceName,
    /// The role it runs with.
    pub iam_role_arn: SharedStr,
    /// The recovery point it writes.
    pub recovery_point_arn: SharedStr,
    /// The vault's key.
    pub encryption_key_arn: Option<SharedStr>,
    /// When StartBackupJob ran.
    pub creation_date: Timestamp,
    /// Latest start (creation + StartWindowMinutes).
    pub start_by: Timestamp,
    /// Expected end (creation + CompleteWindowMinutes).
    pub expected_completion_date: Timestamp,
    /// When it ended.
    pub completion_date: Option<Timestamp>,
    /// Where it is in its life.
    pub state: BackupJobState,
    /// `PercentDone`.
    pub percent_done: PercentDone,
    /// For a scheduled backup of a resource registered with a backup appliance: the job writes
    /// into the appliance's local backup vault (`VaultType` `LOCAL_BACKUP_VAULT`). Absent from
    /// state written before local backups ran.
    pub in_local_vault: bool,
    /// Lifecycle for the recovery point, which the point shares.
    pub lifecycle: Option<Arc<Lifecycle>>,
    /// The plan, for scheduled jobs. Boxed: on-demand jobs have none, and inline it weighed
    /// 192 bytes in every job.
    pub created_by: Option<Box<RecoveryPointCreator>>,
    /// Size of the backup (simulated).
    pub backup_size_in_bytes: i64,
    /// The token StartBackupJob was called with.
    pub idempotency_token: Option<Token>,
    /// What few jobs have: a status message, a stop date, tags and options for the point, copy
    /// actions, a local backup's early deletion.
    pub rare: Rare<RareJobMembers>,
}

/// The members of a backup job that most jobs leave empty ([`Rare`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RareJobMembers {
    /// Why it ended as it did, when not COMPLETED.
    pub status_message: Option<String>,
    /// When StopBackupJob ran: ABORTING ends half a job delay later.
    pub stop_date: Option<Timestamp>,
    /// Tags for the recovery point.
    pub recovery_point_tags: BTreeMap<String, String>,
    /// `BackupOptions`.
    pub backup_options: Option<BTreeMap<String, String>>,
    /// The copies to make once the recovery point is written: the rule's `CopyActions` for a
    /// scheduled job, none on demand.
    pub copy_actions: Vec<CopyAction>,
    /// The early deletion its recovery point gets in the local vault
    /// (`LocalBackupConfiguration.DeleteAfterNextBackup`).
    pub delete_after_next_backup: Option<DeleteAfterNextBackup>,
}

static NO_RARE_JOB_MEMBERS: RareJobMembers = RareJobMembers {
    status_message: None,
    stop_date: None,
    recovery_point_tags: BTreeMap::new(),
    backup_options: None,
    copy_actions: Vec::new(),
    delete_after_next_backup: None,
};

impl RareMembers for RareJobMembers {
    fn none() -> &'static Self {
        &NO_RARE_JOB_MEMBERS
    }
}

/// `PercentDone`, in tenths of a percent: shown and stored as the text AWS shows (`"50.0"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PercentDone(u16);

impl PercentDone {
    /// Not started, or failed: `0.0`.
    pub const NONE: Self = Self(0);
    /// Running: `50.0`.
    pub const HALF: Self = Self(500);
    /// Completed: `100.0`.
    pub const ALL: Self = Self(1000);
}

impl fmt::Display for PercentDone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0 / 10, self.0 % 10)
    }
}

impl FromStr for PercentDone {
    type Err = String;

    /// Percentages with at most one decimal, as the engine writes them.
    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || format!("bad PercentDone {text:?}");
        let (whole, tenth) = text.split_once('.').unwrap_or((text, "0"));
        let whole: u16 = whole.parse().map_err(|_| bad())?;
        let tenth: u16 = match tenth.as_bytes() {
            [digit] if digit.is_ascii_digit() => u16::from(digit - b'0'),
            _ => return Err(bad()),
        };
        whole
            .checked_mul(10)
            .and_then(|tenths| tenths.checked_add(tenth))
            .filter(|tenths| *tenths <= 1000)
            .map(Self)
            .ok_or_else(bad)
    }
}

impl Serialize for PercentDone {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PercentDone {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A backup job as stored: the members in the order, and with the absent ones written or left
/// out, as before [`RareJobMembers`] held some of them, so state written by either reads back
/// in the other.
impl Serialize for BackupJob {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let rare = &*self.rare;
        let mut record = serializer.serialize_struct("BackupJob", 28)?;
        record.serialize_field("id", &self.id)?;
        record.serialize_field("account_id", &self.account_id)?;
        record.serialize_field("vault_name", &self.vault_name)?;
        record.serialize_field("vault_arn", &self.vault_arn)?;
        record.serialize_field("resource_arn", &self.resource_arn)?;
        record.serialize_field("resource_type", &self.resource_type)?;
        record.serialize_field("resource_name", self.resource_name())?;
        record.serialize_field("iam_role_arn", &self.iam_role_arn)?;
        record.serialize_field("state", &self.state)?;
        record.serialize_field("status_message", &rare.status_message)?;
        record.serialize_field("creation_date", &self.creation_date)?;
        record.serialize_field("start_by", &self.start_by)?;
        record.serialize_field("expected_completion_date", &self.expected_completion_date)?;
        record.serialize_field("completion_date", &self.completion_date)?;
        record.serialize_field("stop_date", &rare.stop_date)?;
        record.serialize_field("recovery_point_arn", &self.recovery_point_arn)?;
        record.serialize_field("lifecycle", &self.lifecycle.as_deref())?;
        record.serialize_field("recovery_point_tags", &rare.recovery_point_tags)?;
        record.serialize_field("backup_options", &rare.backup_options)?;
        record.serialize_field("created_by", &self.created_by)?;
        record.serialize_field("encryption_key_arn", &self.encryption_key_arn)?;
        record.serialize_field("percent_done", &self.percent_done)?;
        record.serialize_field("backup_size_in_bytes", &self.backup_size_in_bytes)?;
        record.serialize_field("bytes_transferred", &self.bytes_transferred())?;
        record.serialize_field("idempotency_token", &self.idempotency_token)?;
        record.serialize_field("copy_actions", &rare.copy_actions)?;
        if self.in_local_vault {
            record.serialize_field("in_local_vault", &self.in_local_vault)?;
        } else {
            record.skip_field("in_local_vault")?;
        }
        serialize_if_some(
            &mut record,
            "delete_after_next_backup",
            &rare.delete_after_next_backup,
        )?;
        record.end()
    }
}

/// A stored backup job as read back: every member flat, as [`BackupJob`] writes them.
#[derive(Deserialize)]
struct StoredJob {
    id: JobId,
    account_id: SharedStr,
    vault_name: SharedStr,
    vault_arn: SharedStr,
    resource_arn: SharedStr,
    resource_type: ResourceType,
    resource_name: String,
    iam_role_arn: SharedStr,
    state: BackupJobState,
    status_message: Option<String>,
    creation_date: Timestamp,
    start_by: Timestamp,
    expected_completion_date: Timestamp,
    completion_date: Option<Timestamp>,
    stop_date: Option<Timestamp>,
    recovery_point_arn: SharedStr,
    lifecycle: Option<Lifecycle>,
    recovery_point_tags: BTreeMap<String, String>,
    backup_options: Option<BTreeMap<String, String>>,
    created_by: Option<Box<RecoveryPointCreator>>,
    encryption_key_arn: Option<SharedStr>,
    percent_done: PercentDone,
    backup_size_in_bytes: i64,
    idempotency_token: Option<Token>,
    copy_actions: Vec<CopyAction>,
    #[serde(default)]
    in_local_vault: bool,
    #[serde(default)]
    delete_after_next_backup: Option<DeleteAfterNextBackup>,
}

impl From<StoredJob> for BackupJob {
    fn from(stored: StoredJob) -> Self {
        Self {
            id: stored.id,
            account_id: stored.account_id,
            vault_name: stored.vault_name,
            vault_arn: stored.vault_arn,
            resource_name: ResourceName::new(&stored.resource_arn, &stored.resource_name),
            resource_arn: stored.resource_arn,
            resource_type: stored.resource_type,
            iam_role_arn: stored.iam_role_arn,
            recovery_point_arn: stored.recovery_point_arn,
            encryption_key_arn: stored.encryption_key_arn,
            creation_date: stored.creation_date,
            start_by: stored.start_by,
            expected_completion_date: stored.expected_completion_date,
            completion_date: stored.completion_date,
            state: stored.state,
            percent_done: stored.percent_done,
            in_local_vault: stored.in_local_vault,
            lifecycle: stored.lifecycle.map(Arc::new),
            created_by: stored.created_by,
            backup_size_in_bytes: stored.backup_size_in_bytes,
            idempotency_token: stored.idempotency_token,
            rare: Rare::new(RareJobMembers {
                status_message: stored.status_message,
                stop_date: stored.stop_date,
                recovery_point_tags: stored.recovery_point_tags,
                backup_options: stored.backup_options,
                copy_actions: stored.copy_actions,
                delete_after_next_backup: stored.delete_after_next_backup,
            }),
        }
    }
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
    /// `ResourceName`.
    pub fn resource_name(&self) -> &str {
        self.resource_name.read(&self.resource_arn)
    }

    /// `BytesTransferred`: the engine moves a backup's bytes as the job completes, so a
    /// completed job has moved all of them and any other none.
    pub fn bytes_transferred(&self) -> i64 {
        if self.state == BackupJobState::Completed {
            self.backup_size_in_bytes
        } else {
            0
        }
    }

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
            account_id: Some(self.account_id.to_string()),
            backup_job_id: Some(self.id.to_string()),
            backup_options: self.rare.backup_options.clone(),
            backup_size_in_bytes: shows_point.then_some(self.backup_size_in_bytes),
            backup_type: backup_type(self.rare.backup_options.as_ref()),
            backup_vault_arn: Some(self.vault_arn.to_string()),
            backup_vault_name: Some(self.vault_name.to_string()),
            bytes_transferred: shows_point.then_some(self.bytes_transferred()),
            completion_date: self.completion_date,
            created_by: self.created_by.as_deref().cloned(),
            creation_date: Some(self.creation_date),
            encryption_key_arn: self.encryption_key_arn.as_deref().map(str::to_owned),
            expected_completion_date: Some(self.expected_completion_date),
            iam_role_arn: Some(self.iam_role_arn.to_string()),
            initiation_date: Some(self.creation_date),
            is_encrypted: Some(self.encryption_key_arn.is_some()),
            is_parent: Some(false),
            percent_done: Some(self.percent_done.to_string()),
            recovery_point_arn: shows_point.then(|| self.recovery_point_arn.to_string()),
            recovery_point_lifecycle: self.lifecycle.as_deref().cloned(),
            resource_arn: Some(self.resource_arn.to_string()),
            resource_name: Some(self.resource_name().to_owned()),
            resource_type: Some(self.resource_type.to_string()),
            start_by: Some(self.start_by),
            state: Some(self.state),
            status_message: self.rare.status_message.clone(),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Jobs as builds before [`RareJobMembers`] stored them: a scheduled one with every member
    /// set, and an on-demand one with none of the rare ones.
    const STORED_JOBS: [&str; 2] = [
        r#"{"id":"0A1B2C3D-0000-4000-8000-000000000002","account_id":"111122223333","vault_name":"local","vault_arn":"arn:aws:backup:us-east-1:111122223333:backup-vault:local","resource_arn":"arn:aws:ec2:us-east-1:111122223333:instance/i-1","resource_type":"EC2","resource_name":"i-1","iam_role_arn":"arn:aws:iam::111122223333:role/backup","state":"ABORTED","status_message":"Backup job was aborted by the user","creation_date":1700000000,"start_by":1700028800,"expected_completion_date":1700604800,"completion_date":1700000060.25,"stop_date":1700000030,"recovery_point_arn":"arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0","lifecycle":{"DeleteAfterDays":35},"recovery_point_tags":{"team":"data"},"backup_options":{"WindowsVSS":"enabled"},"created_by":{"BackupPlanArn":"arn:aws:backup:us-east-1:111122223333:backup-plan:p","BackupPlanId":"p","BackupPlanVersion":"v1","BackupRuleId":"r"},"encryption_key_arn":"arn:aws:kms:us-east-1:111122223333:key/k","percent_done":"50.0","backup_size_in_bytes":8589934592,"bytes_transferred":0,"idempotency_token":"6d9c6f4e-1d4b-4b8e-9d2f-7a1c3b5e9f00","copy_actions":[{"DestinationBackupVaultArn":"arn:aws:backup:us-west-2:111122223333:backup-vault:dr","Lifecycle":{"DeleteAfterDays":90}}],"in_local_vault":true,"delete_after_next_backup":{"copy_to_vault_arn":null,"copied":false}}"#,
        r#"{"id":"0A1B2C3D-0000-4000-8000-000000000001","account_id":"111122223333","vault_name":"v","vault_arn":"arn:aws:backup:us-east-1:111122223333:backup-vault:v","resource_arn":"arn:aws:ec2:us-east-1:111122223333:volume/vol-1","resource_type":"EBS","resource_name":"vol-1","iam_role_arn":"arn:aws:iam::111122223333:role/backup","state":"COMPLETED","status_message":null,"creation_date":1700000000,"start_by":1700028800,"expected_completion_date":1700604800,"completion_date":1700000034,"stop_date":null,"recovery_point_arn":"arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0","lifecycle":null,"recovery_point_tags":{},"backup_options":null,"created_by":null,"encryption_key_arn":"arn:aws:kms:us-east-1:111122223333:key/k","percent_done":"100.0","backup_size_in_bytes":8589934592,"bytes_transferred":8589934592,"idempotency_token":null,"copy_actions":[]}"#,
    ];

    #[test]
    fn jobs_stored_by_earlier_builds_read_back_and_are_stored_the_same() {
        for stored in STORED_JOBS {
            let job: BackupJob = serde_json::from_str(stored).expect(stored);
            assert_eq!(serde_json::to_string(&job).unwrap(), stored);
        }
        let full: BackupJob = serde_json::from_str(STORED_JOBS[0]).unwrap();
        assert_eq!(full.percent_done, PercentDone::HALF);
        assert_eq!(full.rare.copy_actions.len(), 1);
        assert!(full.in_local_vault);
        let plain: BackupJob = serde_json::from_str(STORED_JOBS[1]).unwrap();
        assert!(
            plain.rare.is_empty(),
            "no allocation for what the job lacks"
        );
        assert_eq!(plain.percent_done.to_string(), "100.0");
    }

    #[test]
    fn percent_done_reads_and_shows_as_the_text_aws_shows() {
        for (text, value) in [
            ("0.0", PercentDone::NONE),
            ("50.0", PercentDone::HALF),
            ("100.0", PercentDone::ALL),
        ] {
            assert_eq!(text.parse(), Ok(value));
            assert_eq!(value.to_string(), text);
        }
        assert_eq!(
            "12.5".parse::<PercentDone>().map(|p| p.to_string()),
            Ok("12.5".to_owned())
        );
        for bad in ["", "100.1", "-1.0", "5.55", "x"] {
            assert!(bad.parse::<PercentDone>().is_err(), "{bad}");
        }
    }
}
