//! The stored form of a recovery point, its lifecycle dates, and its projections onto the API's
//! output shapes.

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;
use std::sync::Arc;

use emulator_core::dto::{SharedStr, Timestamp};

use crate::api::generated::{
    CalculatedLifecycle, DescribeRecoveryPointOutput, Lifecycle, RecoveryPointByBackupVault,
    RecoveryPointByResource, RecoveryPointCreator, RecoveryPointStatus, StorageClass,
};
use crate::model::job_id::JobId;
use crate::model::rare::{Rare, RareMembers};
use crate::model::resource_name::ResourceName;
use crate::model::resource_type::ResourceType;
use crate::model::vault::Vault;
use crate::support::point_arns;
use crate::support::resource_types::{self, ColdStorage};

const DAY_SECONDS: i64 = 86_400;

/// A recovery point as stored. Its stored form (`Serialize`, and [`StoredPoint`] read back) is
/// one flat JSON object, the same whichever members sit in [`RarePointMembers`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "StoredPoint")]
pub struct RecoveryPoint {
    /// Its ARN, in the form its resource type's service names it (`support::point_arns`);
    /// points stored before issue 22 keep the Backup-native form they were given.
    pub arn: SharedStr,
    /// The vault that holds it.
    pub vault_name: SharedStr,
    /// The vault's ARN.
    pub vault_arn: SharedStr,
    /// The protected resource.
    pub resource_arn: SharedStr,
    /// `ResourceType` derived from the resource ARN.
    pub resource_type: ResourceType,
    /// `ResourceName`, usually the end of the resource ARN ([`Self::resource_name`]).
    pub resource_name: ResourceName,
    /// The role the job ran with.
    pub iam_role_arn: SharedStr,
    /// The job that made it.
    pub backup_job_id: JobId,
    /// When the job started.
    pub creation_date: Timestamp,
    /// When the job completed.
    pub completion_date: Timestamp,
    /// `COMPLETED` once written; lifecycle deletion removes the point.
    pub status: RecoveryPointStatus,
    /// `WARM` until `MoveToColdStorageAt`, then `COLD`.
    pub storage_class: StorageClass,
    /// Whether it is a composite point with nested children (`IsParent`).
    pub is_parent: bool,
    /// A continuous backup (point-in-time recovery) rather than a snapshot. Only plan rules
    /// with `EnableContinuousBackup` make them; `DisassociateRecoveryPoint` accepts only these.
    pub continuous: bool,
    /// The lifecycle asked for; shared with the job that wrote the point.
    pub lifecycle: Option<Arc<Lifecycle>>,
    /// The plan that created it, for scheduled jobs. Boxed: on-demand points have none, and
    /// inline it weighed 192 bytes in every point.
    pub created_by: Option<Box<RecoveryPointCreator>>,
    /// The vault's key.
    pub encryption_key_arn: Option<SharedStr>,
    /// Size of the backup.
    pub backup_size_in_bytes: i64,
    /// What few points have: a status message, tags, a copy source, composite membership,
    /// restore and deletion dates.
    pub rare: Rare<RarePointMembers>,
}

/// The members of a recovery point that most points leave empty ([`Rare`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RarePointMembers {
    /// Why the point is in its status, when it is not plainly `COMPLETED`.
    pub status_message: Option<String>,
    /// Tags given with the job (`RecoveryPointTags`), also held in the tag store.
    pub tags: BTreeMap<String, String>,
    /// When a restore job last restored from it (`LastRestoreTime`); set by restore jobs.
    pub last_restore_time: Option<Timestamp>,
    /// For a copy: the vault the source point is in (`SourceBackupVaultArn`).
    pub source_backup_vault_arn: Option<String>,
    /// For a child of a composite point: the parent (`ParentRecoveryPointArn`).
    pub parent_recovery_point_arn: Option<String>,
    /// For a child of a composite point: its id inside the composite (CloudFormation's
    /// logical id), `CompositeMemberIdentifier`.
    pub composite_member_identifier: Option<String>,
    /// When `DeleteRecoveryPoint` was accepted: the point is `DELETING` from then until it is
    /// gone a job delay later (`engine/lifecycle.rs`). Absent in state saved before points
    /// passed through `DELETING`.
    pub deletion_requested: Option<Timestamp>,
    /// For a scheduled backup in a local backup vault: the early deletion its rule's
    /// `LocalBackupConfiguration` asks for (`engine/local_backups.rs`). Absent from state
    /// written before local backups ran.
    pub delete_after_next_backup: Option<DeleteAfterNextBackup>,
    /// When [`Self::delete_after_next_backup`]'s conditions were met: the point's deletion date
    /// from then on, if earlier than its lifecycle's.
    pub superseded_at: Option<Timestamp>,
}

static NO_RARE_POINT_MEMBERS: RarePointMembers = RarePointMembers {
    status_message: None,
    tags: BTreeMap::new(),
    last_restore_time: None,
    source_backup_vault_arn: None,
    parent_recovery_point_arn: None,
    composite_member_identifier: None,
    deletion_requested: None,
    delete_after_next_backup: None,
    superseded_at: None,
};

impl RareMembers for RarePointMembers {
    fn none() -> &'static Self {
        &NO_RARE_POINT_MEMBERS
    }
}

/// A recovery point as stored: the members in the order, and with the absent ones written or
/// left out, as before [`RarePointMembers`] held some of them, so state written by either
/// reads back in the other.
impl Serialize for RecoveryPoint {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let rare = &*self.rare;
        let mut record = serializer.serialize_struct("RecoveryPoint", 27)?;
        record.serialize_field("arn", &self.arn)?;
        record.serialize_field("vault_name", &self.vault_name)?;
        record.serialize_field("vault_arn", &self.vault_arn)?;
        record.serialize_field("resource_arn", &self.resource_arn)?;
        record.serialize_field("resource_type", &self.resource_type)?;
        record.serialize_field("resource_name", self.resource_name())?;
        record.serialize_field("iam_role_arn", &self.iam_role_arn)?;
        record.serialize_field("backup_job_id", &self.backup_job_id)?;
        record.serialize_field("creation_date", &self.creation_date)?;
        record.serialize_field("completion_date", &self.completion_date)?;
        record.serialize_field("status", &self.status)?;
        record.serialize_field("status_message", &rare.status_message)?;
        record.serialize_field("storage_class", &self.storage_class)?;
        record.serialize_field("lifecycle", &self.lifecycle.as_deref())?;
        record.serialize_field("created_by", &self.created_by)?;
        record.serialize_field("encryption_key_arn", &self.encryption_key_arn)?;
        record.serialize_field("backup_size_in_bytes", &self.backup_size_in_bytes)?;
        record.serialize_field("tags", &rare.tags)?;
        record.serialize_field("last_restore_time", &rare.last_restore_time)?;
        record.serialize_field("source_backup_vault_arn", &rare.source_backup_vault_arn)?;
        record.serialize_field("is_parent", &self.is_parent)?;
        record.serialize_field("parent_recovery_point_arn", &rare.parent_recovery_point_arn)?;
        record.serialize_field(
            "composite_member_identifier",
            &rare.composite_member_identifier,
        )?;
        record.serialize_field("continuous", &self.continuous)?;
        serialize_if_some(&mut record, "deletion_requested", &rare.deletion_requested)?;
        serialize_if_some(
            &mut record,
            "delete_after_next_backup",
            &rare.delete_after_next_backup,
        )?;
        serialize_if_some(&mut record, "superseded_at", &rare.superseded_at)?;
        record.end()
    }
}

/// Writes `value` as member `name` when it is set, and leaves the member out otherwise.
pub(crate) fn serialize_if_some<S: SerializeStruct, T: Serialize>(
    record: &mut S,
    name: &'static str,
    value: &Option<T>,
) -> Result<(), S::Error> {
    match value {
        Some(_) => record.serialize_field(name, value),
        None => record.skip_field(name),
    }
}

/// A stored recovery point as read back: every member flat, as [`RecoveryPoint`] writes them.
#[derive(Deserialize)]
struct StoredPoint {
    arn: SharedStr,
    vault_name: SharedStr,
    vault_arn: SharedStr,
    resource_arn: SharedStr,
    resource_type: ResourceType,
    resource_name: String,
    iam_role_arn: SharedStr,
    backup_job_id: JobId,
    creation_date: Timestamp,
    completion_date: Timestamp,
    status: RecoveryPointStatus,
    status_message: Option<String>,
    storage_class: StorageClass,
    lifecycle: Option<Lifecycle>,
    created_by: Option<Box<RecoveryPointCreator>>,
    encryption_key_arn: Option<SharedStr>,
    backup_size_in_bytes: i64,
    tags: BTreeMap<String, String>,
    last_restore_time: Option<Timestamp>,
    source_backup_vault_arn: Option<String>,
    is_parent: bool,
    parent_recovery_point_arn: Option<String>,
    composite_member_identifier: Option<String>,
    continuous: bool,
    #[serde(default)]
    deletion_requested: Option<Timestamp>,
    #[serde(default)]
    delete_after_next_backup: Option<DeleteAfterNextBackup>,
    #[serde(default)]
    superseded_at: Option<Timestamp>,
}

impl From<StoredPoint> for RecoveryPoint {
    fn from(stored: StoredPoint) -> Self {
        Self {
            arn: stored.arn,
            vault_name: stored.vault_name,
            vault_arn: stored.vault_arn,
            resource_name: ResourceName::new(&stored.resource_arn, &stored.resource_name),
            resource_arn: stored.resource_arn,
            resource_type: stored.resource_type,
            iam_role_arn: stored.iam_role_arn,
            backup_job_id: stored.backup_job_id,
            creation_date: stored.creation_date,
            completion_date: stored.completion_date,
            status: stored.status,
            storage_class: stored.storage_class,
            is_parent: stored.is_parent,
            continuous: stored.continuous,
            lifecycle: stored.lifecycle.map(Arc::new),
            created_by: stored.created_by,
            encryption_key_arn: stored.encryption_key_arn,
            backup_size_in_bytes: stored.backup_size_in_bytes,
            rare: Rare::new(RarePointMembers {
                status_message: stored.status_message,
                tags: stored.tags,
                last_restore_time: stored.last_restore_time,
                source_backup_vault_arn: stored.source_backup_vault_arn,
                parent_recovery_point_arn: stored.parent_recovery_point_arn,
                composite_member_identifier: stored.composite_member_identifier,
                deletion_requested: stored.deletion_requested,
                delete_after_next_backup: stored.delete_after_next_backup,
                superseded_at: stored.superseded_at,
            }),
        }
    }
}

/// `LocalBackupConfiguration.DeleteAfterNextBackup` on a point in a local backup vault (also
/// AWS's default for a rule without a `LocalBackupConfiguration`): the point is deleted once a
/// newer snapshot of the same resource is in the same local vault and the point's scheduled copy
/// to the rule's target vault has completed; without a copy (`BackupToLocalVaultOnly`) only the
/// first condition applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeleteAfterNextBackup {
    /// The rule's target vault the scheduled copy goes to; `None` when there is no copy.
    pub copy_to_vault_arn: Option<String>,
    /// Whether that copy has completed.
    #[serde(default)]
    pub copied: bool,
}

impl DeleteAfterNextBackup {
    /// Whether the point no longer waits for its copy.
    pub fn copy_done(&self) -> bool {
        self.copy_to_vault_arn.is_none() || self.copied
    }
}

impl RecoveryPoint {
    /// A completed point with placeholder details, for tests that only need one to exist.
    #[cfg(test)]
    pub fn sample(arn: &str, vault_name: &str) -> Self {
        Self {
            arn: arn.into(),
            vault_name: vault_name.into(),
            vault_arn: format!("arn:aws:backup:us-east-1:111122223333:backup-vault:{vault_name}")
                .into(),
            resource_arn: "arn:aws:ec2:us-east-1:111122223333:volume/vol-1".into(),
            resource_type: "EBS".parse().unwrap(),
            resource_name: ResourceName::new(
                "arn:aws:ec2:us-east-1:111122223333:volume/vol-1",
                "vol-1",
            ),
            iam_role_arn: "arn:aws:iam::111122223333:role/backup".into(),
            backup_job_id: "0A1B2C3D-0000-4000-8000-000000000001"
                .parse()
                .expect("a job id"),
            creation_date: Timestamp::default(),
            completion_date: Timestamp::default(),
            status: RecoveryPointStatus::Completed,
            storage_class: StorageClass::Warm,
            is_parent: false,
            continuous: false,
            lifecycle: None,
            created_by: None,
            encryption_key_arn: None,
            backup_size_in_bytes: 0,
            rare: Rare::default(),
        }
    }

    /// `ResourceName`.
    pub fn resource_name(&self) -> &str {
        self.resource_name.read(&self.resource_arn)
    }

    /// `CalculatedLifecycle`: the dates the lifecycle settings give from the creation date.
    ///
    /// A point superseded under `DeleteAfterNextBackup` is deleted at the earlier of its
    /// lifecycle's date and the moment it was superseded.
    ///
    /// A continuous backup is kept current by every run of its rule, and keeps its retention
    /// from the latest one: its dates count from its `CompletionDate` (the latest run), so it
    /// is deleted only once its rule stops running (developer guide, "Stopping or deleting
    /// continuous backups": Backup "remembers the retention period" and deletes it then).
    pub fn calculated_lifecycle(&self) -> Option<CalculatedLifecycle> {
        let calculated =
            calculate_lifecycle(self.dated_lifecycle().as_ref(), self.latest_backup_time());
        let Some(superseded) = self.rare.superseded_at else {
            return calculated;
        };
        let mut calculated = calculated.unwrap_or_default();
        calculated.delete_at = Some(match calculated.delete_at {
            Some(delete_at) if delete_at < superseded => delete_at,
            _ => superseded,
        });
        Some(calculated)
    }

    /// The lifecycle the dates come from: the stored one, less `MoveToColdStorageAfterDays`
    /// where the point's resource type cannot go cold. "AWS Backup ignores this expression for
    /// other resource types" (API reference, `Lifecycle`): such a point has no
    /// `MoveToColdStorageAt` and never becomes `COLD`.
    fn dated_lifecycle(&self) -> Option<Lifecycle> {
        let mut lifecycle = self.lifecycle.as_deref().cloned()?;
        if !self.can_go_cold() {
            lifecycle.move_to_cold_storage_after_days = None;
        }
        Some(lifecycle)
    }

    /// Whether the point's lifecycle may move it to cold storage, per the resource type's
    /// entry in the catalogue ([`resource_types::CATALOGUE`]).
    /// Continuous backups never go cold ("Continuous backups can't transition to cold
    /// storage", and plan rules refuse a cold transition for them).
    pub fn can_go_cold(&self) -> bool {
        if self.continuous {
            return false;
        }
        let Some(info) = resource_types::info(&self.resource_type) else {
            return false;
        };
        match info.cold_storage {
            ColdStorage::Never => false,
            ColdStorage::Always => true,
            ColdStorage::FullyManagedOnly => point_arns::is_backup_native(&self.arn),
            ColdStorage::ArchiveOptIn => self
                .lifecycle
                .as_ref()
                .and_then(|l| l.opt_in_to_archive_for_supported_resources)
                .unwrap_or(false),
        }
    }

    /// When the point last took a backup: its creation, or for a continuous backup the latest
    /// run that kept it current (its `CompletionDate`).
    pub fn latest_backup_time(&self) -> Timestamp {
        if self.continuous {
            self.completion_date
        } else {
            self.creation_date
        }
    }

    /// Whether `DeleteRecoveryPoint` was accepted and the point is on its way out.
    pub fn is_deleting(&self) -> bool {
        self.status == RecoveryPointStatus::Deleting
    }

    /// `IsEncrypted`: every point Backup writes is encrypted with its vault's key.
    fn is_encrypted(&self) -> bool {
        self.encryption_key_arn.is_some()
    }

    /// `DescribeRecoveryPoint`'s view; `vault` is the vault that holds the point.
    pub fn describe(&self, vault: Option<&Vault>) -> DescribeRecoveryPointOutput {
        DescribeRecoveryPointOutput {
            backup_size_in_bytes: Some(self.backup_size_in_bytes),
            backup_vault_arn: Some(self.vault_arn.to_string()),
            backup_vault_name: Some(self.vault_name.to_string()),
            calculated_lifecycle: self.calculated_lifecycle(),
            completion_date: Some(self.completion_date),
            composite_member_identifier: self.rare.composite_member_identifier.clone(),
            created_by: self.created_by.as_deref().cloned(),
            creation_date: Some(self.creation_date),
            encryption_key_arn: self.encryption_key_arn.as_deref().map(str::to_owned),
            encryption_key_type: vault.and_then(|v| v.key.key_type()),
            iam_role_arn: Some(self.iam_role_arn.to_string()),
            initiation_date: Some(self.creation_date),
            is_encrypted: Some(self.is_encrypted()),
            is_parent: Some(self.is_parent),
            last_restore_time: self.rare.last_restore_time,
            lifecycle: self.lifecycle.as_deref().cloned(),
            parent_recovery_point_arn: self.rare.parent_recovery_point_arn.clone(),
            recovery_point_arn: Some(self.arn.to_string()),
            resource_arn: Some(self.resource_arn.to_string()),
            resource_name: Some(self.resource_name().to_owned()),
            resource_type: Some(self.resource_type.to_string()),
            source_backup_vault_arn: self.rare.source_backup_vault_arn.clone(),
            status: Some(self.status),
            status_message: self.rare.status_message.clone(),
            storage_class: Some(self.storage_class),
            vault_type: vault.map(|v| v.vault_type),
            ..DescribeRecoveryPointOutput::default()
        }
    }

    /// `ListRecoveryPointsByBackupVault`'s view.
    pub fn by_backup_vault(&self, vault: Option<&Vault>) -> RecoveryPointByBackupVault {
        RecoveryPointByBackupVault {
            backup_size_in_bytes: Some(self.backup_size_in_bytes),
            backup_vault_arn: Some(self.vault_arn.to_string()),
            backup_vault_name: Some(self.vault_name.to_string()),
            calculated_lifecycle: self.calculated_lifecycle(),
            completion_date: Some(self.completion_date),
            composite_member_identifier: self.rare.composite_member_identifier.clone(),
            created_by: self.created_by.as_deref().cloned(),
            creation_date: Some(self.creation_date),
            encryption_key_arn: self.encryption_key_arn.as_deref().map(str::to_owned),
            encryption_key_type: vault.and_then(|v| v.key.key_type()),
            iam_role_arn: Some(self.iam_role_arn.to_string()),
            initiation_date: Some(self.creation_date),
            is_encrypted: Some(self.is_encrypted()),
            is_parent: Some(self.is_parent),
            last_restore_time: self.rare.last_restore_time,
            lifecycle: self.lifecycle.as_deref().cloned(),
            parent_recovery_point_arn: self.rare.parent_recovery_point_arn.clone(),
            recovery_point_arn: Some(self.arn.to_string()),
            resource_arn: Some(self.resource_arn.to_string()),
            resource_name: Some(self.resource_name().to_owned()),
            resource_type: Some(self.resource_type.to_string()),
            source_backup_vault_arn: self.rare.source_backup_vault_arn.clone(),
            status: Some(self.status),
            status_message: self.rare.status_message.clone(),
            vault_type: vault.map(|v| v.vault_type),
            ..RecoveryPointByBackupVault::default()
        }
    }

    /// `ListRecoveryPointsByResource`'s view.
    pub fn by_resource(&self, vault: Option<&Vault>) -> RecoveryPointByResource {
        RecoveryPointByResource {
            backup_size_bytes: Some(self.backup_size_in_bytes),
            backup_vault_name: Some(self.vault_name.to_string()),
            creation_date: Some(self.creation_date),
            encryption_key_arn: self.encryption_key_arn.as_deref().map(str::to_owned),
            encryption_key_type: vault.and_then(|v| v.key.key_type()),
            is_parent: Some(self.is_parent),
            parent_recovery_point_arn: self.rare.parent_recovery_point_arn.clone(),
            recovery_point_arn: Some(self.arn.to_string()),
            resource_name: Some(self.resource_name().to_owned()),
            status: Some(self.status),
            status_message: self.rare.status_message.clone(),
            vault_type: vault.map(|v| v.vault_type),
            ..RecoveryPointByResource::default()
        }
    }
}

/// The dates a lifecycle gives from `created`: `MoveToColdStorageAt` and `DeleteAt`.
pub fn calculate_lifecycle(
    lifecycle: Option<&Lifecycle>,
    created: Timestamp,
) -> Option<CalculatedLifecycle> {
    let lifecycle = lifecycle?;
    let at = |days: Option<i64>| days.map(|d| created.plus_seconds(d.saturating_mul(DAY_SECONDS)));
    let calculated = CalculatedLifecycle {
        delete_at: at(lifecycle.delete_after_days),
        move_to_cold_storage_at: at(lifecycle.move_to_cold_storage_after_days),
    };
    (calculated.delete_at.is_some() || calculated.move_to_cold_storage_at.is_some())
        .then_some(calculated)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A million points with their jobs are held in memory: their inline sizes are part of
    /// the weight docs/benchmarks.md measures ("Record weight, session 9"). A member that
    /// makes them grow belongs in a box or a shared string.
    #[test]
    fn a_point_and_its_job_stay_small_inline() {
        use crate::model::backup_job::BackupJob;
        assert!(
            std::mem::size_of::<RecoveryPoint>() <= 184,
            "{}",
            std::mem::size_of::<RecoveryPoint>()
        );
        assert!(
            std::mem::size_of::<BackupJob>() <= 248,
            "{}",
            std::mem::size_of::<BackupJob>()
        );
    }

    /// Points as builds before [`RarePointMembers`] stored them: one with every member set, and
    /// an on-demand one with none of the rare ones.
    const STORED_POINTS: [&str; 2] = [
        r#"{"arn":"arn:aws:backup:us-east-1:111122223333:recovery-point:C","vault_name":"v","vault_arn":"arn:aws:backup:us-east-1:111122223333:backup-vault:v","resource_arn":"arn:aws:dynamodb:us-east-1:111122223333:table/t","resource_type":"DynamoDB","resource_name":"t","iam_role_arn":"arn:aws:iam::111122223333:role/backup","backup_job_id":"0A1B2C3D-0000-4000-8000-000000000002","creation_date":1700000000,"completion_date":1700000034.5,"status":"EXPIRED","status_message":"retained","storage_class":"COLD","lifecycle":{"DeleteAfterDays":120,"MoveToColdStorageAfterDays":30},"created_by":{"BackupPlanArn":"arn:aws:backup:us-east-1:111122223333:backup-plan:p","BackupPlanId":"p","BackupPlanVersion":"v1","BackupRuleId":"r"},"encryption_key_arn":"arn:aws:kms:us-east-1:111122223333:key/k","backup_size_in_bytes":1048576,"tags":{"team":"data"},"last_restore_time":1700000100,"source_backup_vault_arn":"arn:aws:backup:us-east-1:111122223333:backup-vault:source","is_parent":true,"parent_recovery_point_arn":"arn:aws:backup:us-east-1:111122223333:recovery-point:P","composite_member_identifier":"Table","continuous":true,"deletion_requested":1700000200,"delete_after_next_backup":{"copy_to_vault_arn":"arn:aws:backup:us-east-1:111122223333:backup-vault:target","copied":true},"superseded_at":1700000300}"#,
        r#"{"arn":"arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0","vault_name":"v","vault_arn":"arn:aws:backup:us-east-1:111122223333:backup-vault:v","resource_arn":"arn:aws:ec2:us-east-1:111122223333:volume/vol-1","resource_type":"EBS","resource_name":"vol-1","iam_role_arn":"arn:aws:iam::111122223333:role/backup","backup_job_id":"0A1B2C3D-0000-4000-8000-000000000001","creation_date":1700000000,"completion_date":1700000034,"status":"COMPLETED","status_message":null,"storage_class":"WARM","lifecycle":null,"created_by":null,"encryption_key_arn":null,"backup_size_in_bytes":8589934592,"tags":{},"last_restore_time":null,"source_backup_vault_arn":null,"is_parent":false,"parent_recovery_point_arn":null,"composite_member_identifier":null,"continuous":false}"#,
    ];

    #[test]
    fn points_stored_by_earlier_builds_read_back_and_are_stored_the_same() {
        for stored in STORED_POINTS {
            let point: RecoveryPoint = serde_json::from_str(stored).expect(stored);
            assert_eq!(serde_json::to_string(&point).unwrap(), stored);
        }
        let full: RecoveryPoint = serde_json::from_str(STORED_POINTS[0]).unwrap();
        assert_eq!(
            full.rare.composite_member_identifier.as_deref(),
            Some("Table")
        );
        assert!(full.rare.delete_after_next_backup.as_ref().unwrap().copied);
        let plain: RecoveryPoint = serde_json::from_str(STORED_POINTS[1]).unwrap();
        assert!(
            plain.rare.is_empty(),
            "no allocation for what the point lacks"
        );
    }

    #[test]
    fn a_point_saved_before_deleting_existed_loads() {
        let point = RecoveryPoint::sample("arn:aws:backup:us-east-1:1:recovery-point:A", "v");
        let saved = serde_json::to_value(&point).unwrap();
        // What a gateway without DELETING wrote: no deletion date at all.
        assert!(saved.get("deletion_requested").is_none(), "{saved}");
        let loaded: RecoveryPoint = serde_json::from_value(saved).unwrap();
        assert_eq!(loaded, point);
        assert!(!loaded.is_deleting());
    }

    #[test]
    fn calculated_lifecycle_adds_whole_days_to_the_creation_date() {
        let created = Timestamp::from_epoch_seconds(1_700_000_000.0);
        let lifecycle = Lifecycle {
            move_to_cold_storage_after_days: Some(30),
            delete_after_days: Some(120),
            ..Default::default()
        };
        let calculated = calculate_lifecycle(Some(&lifecycle), created).unwrap();
        assert_eq!(
            calculated.move_to_cold_storage_at,
            Some(created.plus_seconds(30 * DAY_SECONDS))
        );
        assert_eq!(
            calculated.delete_at,
            Some(created.plus_seconds(120 * DAY_SECONDS))
        );
        assert_eq!(
            calculate_lifecycle(Some(&Lifecycle::default()), created),
            None
        );
        assert_eq!(calculate_lifecycle(None, created), None);
    }

    #[test]
    fn a_superseded_point_is_deleted_then_and_old_records_load_without_it() {
        let mut point = RecoveryPoint::sample("arn", "vault");
        point.creation_date = Timestamp::from_epoch_seconds(1_700_000_000.0);
        point.lifecycle = Some(Arc::new(Lifecycle {
            delete_after_days: Some(3),
            ..Default::default()
        }));
        let superseded = point.creation_date.plus_seconds(3_600);
        point.rare.superseded_at = Some(superseded);
        assert_eq!(
            point.calculated_lifecycle().unwrap().delete_at,
            Some(superseded)
        );
        // A record written before local backups ran has neither member.
        let mut record = serde_json::to_value(RecoveryPoint::sample("arn", "vault")).unwrap();
        let fields = record.as_object_mut().unwrap();
        assert!(!fields.contains_key("delete_after_next_backup"));
        assert!(!fields.contains_key("superseded_at"));
        let loaded: RecoveryPoint = serde_json::from_value(record).unwrap();
        assert_eq!(loaded, RecoveryPoint::sample("arn", "vault"));
    }

    #[test]
    fn continuous_points_count_from_their_latest_run_and_never_go_cold() {
        let mut point = RecoveryPoint::sample("arn", "v");
        point.resource_type = "SAP HANA on Amazon EC2".parse().unwrap();
        point.creation_date = Timestamp::from_epoch_seconds(1_700_000_000.0);
        point.completion_date = point.creation_date.plus_seconds(10 * DAY_SECONDS);
        point.lifecycle = Some(Arc::new(Lifecycle {
            move_to_cold_storage_after_days: Some(1),
            delete_after_days: Some(35),
            ..Default::default()
        }));
        assert!(point.can_go_cold());
        point.continuous = true;
        assert!(!point.can_go_cold());
        let dates = point.calculated_lifecycle().unwrap();
        assert_eq!(dates.move_to_cold_storage_at, None);
        assert_eq!(
            dates.delete_at,
            Some(point.completion_date.plus_seconds(35 * DAY_SECONDS))
        );
    }

    #[test]
    fn only_types_with_cold_storage_get_a_cold_date() {
        let lifecycle = |archive: Option<bool>| Lifecycle {
            move_to_cold_storage_after_days: Some(1),
            delete_after_days: Some(91),
            opt_in_to_archive_for_supported_resources: archive,
            ..Default::default()
        };
        let point = |resource_type: &str, arn: &str, archive: Option<bool>| {
            let mut point = RecoveryPoint::sample(arn, "v");
            point.resource_type = resource_type.parse().unwrap();
            point.lifecycle = Some(Arc::new(lifecycle(archive)));
            point
        };
        let native = "arn:aws:backup:us-east-1:111122223333:recovery-point:A";
        let table =
            "arn:aws:dynamodb:us-east-1:111122223333:table/T/backup/01547087347000-abcdef01";
        let snapshot = "arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0";
        let rds = "arn:aws:rds:us-east-1:111122223333:snapshot:awsbackup:job-a";
        for (point, cold) in [
            (point("EFS", native, None), true),
            (point("DynamoDB", native, None), true),
            (point("DynamoDB", table, None), false),
            (point("EBS", snapshot, None), false),
            (point("EBS", snapshot, Some(true)), true),
            (point("RDS", rds, None), false),
            (point("VMWARE_VM", native, None), false),
        ] {
            assert_eq!(
                point.can_go_cold(),
                cold,
                "{} {}",
                point.resource_type,
                point.arn
            );
            let dates = point.calculated_lifecycle().expect("a deletion date");
            assert_eq!(dates.move_to_cold_storage_at.is_some(), cold);
            assert!(dates.delete_at.is_some());
        }
    }
}
