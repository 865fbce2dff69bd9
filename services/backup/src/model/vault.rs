//! The stored form of a backup vault and its projections onto the API's output shapes.

use emulator_core::dto::Timestamp;
use serde::{Deserialize, Serialize};

use crate::api::generated::{
    BackupVaultListMember, DescribeBackupVaultOutput, EncryptionKeyType, VaultState, VaultType,
};
use crate::model::restore_access::RestoreAccess;
use crate::model::vault_lock::VaultLock;
use crate::model::vault_mpa::VaultMpa;
use crate::model::vault_notifications::VaultNotifications;

/// The KMS key that encrypts a vault's backups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum VaultKey {
    /// No key was given: the account's AWS-managed `aws/backup` key in the region.
    AwsManaged(String),
    /// The key ARN the caller passed as `EncryptionKeyArn`.
    CustomerManaged(String),
    /// The AWS-owned key AWS Backup makes for one logically air-gapped vault. Its ARN marks the
    /// vault's recovery points; the vault itself shows only `EncryptionKeyType`, as on AWS.
    AwsOwned(String),
}

impl VaultKey {
    /// The key ARN shown as `EncryptionKeyArn`.
    pub fn arn(&self) -> &str {
        match self {
            Self::AwsManaged(arn) | Self::CustomerManaged(arn) | Self::AwsOwned(arn) => arn,
        }
    }

    /// `EncryptionKeyType`. The enum only names AWS-owned and customer-managed keys; the
    /// AWS-managed `aws/backup` key is neither, so the member is left out for it.
    pub fn key_type(&self) -> Option<EncryptionKeyType> {
        match self {
            Self::AwsManaged(_) => None,
            Self::CustomerManaged(_) => Some(EncryptionKeyType::CustomerManagedKmsKey),
            Self::AwsOwned(_) => Some(EncryptionKeyType::AwsOwnedKmsKey),
        }
    }
}

/// A backup vault as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vault {
    /// The vault name (unique per account and region).
    pub name: String,
    /// `arn:aws:backup:{region}:{account}:backup-vault:{name}`.
    pub arn: String,
    /// What kind of vault this is; `CreateBackupVault` makes standard vaults.
    pub vault_type: VaultType,
    /// When it was created.
    pub creation_date: Timestamp,
    /// The `CreatorRequestId` of the call that created it (the SDKs fill one in).
    pub creator_request_id: Option<String>,
    /// The key that encrypts its backups.
    pub key: VaultKey,
    /// The resource policy set by `PutBackupVaultAccessPolicy`, as the caller sent it.
    pub access_policy: Option<String>,
    /// The SNS configuration set by `PutBackupVaultNotifications`.
    pub notifications: Option<VaultNotifications>,
    /// Backup Vault Lock, set by `PutBackupVaultLockConfiguration` (built in, in compliance
    /// mode, for logically air-gapped vaults).
    pub lock: Option<VaultLock>,
    /// `VaultState`: standard vaults are `AVAILABLE` at once; logically air-gapped and restore
    /// access vaults are `CREATING` until their setup or approval completes (`vault_changes.rs`).
    pub state: VaultState,
    /// The multi-party approval team of a logically air-gapped vault, and the restore access
    /// vaults made through it (`mpa_approval_teams.rs`).
    pub mpa: VaultMpa,
    /// For a restore access backup vault: its source and approvals (`restore_access_vaults.rs`).
    pub restore_access: Option<RestoreAccess>,
    /// For a local backup vault: the backup appliance whose storage it stands for
    /// (`local_vaults.rs`). Absent from state written before local vaults existed.
    #[serde(default)]
    pub appliance_arn: Option<String>,
}

impl Vault {
    /// A new standard vault with no policy, notifications or lock.
    pub fn new(
        name: String,
        arn: String,
        creation_date: Timestamp,
        creator_request_id: Option<String>,
        key: VaultKey,
    ) -> Self {
        Self {
            name,
            arn,
            vault_type: VaultType::BackupVault,
            creation_date,
            creator_request_id,
            key,
            access_policy: None,
            notifications: None,
            lock: None,
            state: VaultState::Available,
            mpa: VaultMpa::default(),
            restore_access: None,
            appliance_arn: None,
        }
    }

    /// `Locked`: whether Backup Vault Lock applies to the vault. AWS documents the member as
    /// "whether Backup Vault Lock applies to the selected backup vault", which holds from the
    /// moment a lock configuration is put, in governance and in compliance mode alike; whether
    /// the configuration itself can still change is what `LockDate` tells.
    pub fn is_locked(&self) -> bool {
        self.lock.is_some()
    }

    /// `EncryptionKeyArn` as the vault shows it: never for an AWS-owned key, and not before the
    /// vault is available (AWS: "Once the key is visible, the vault is in an available state").
    fn shown_key_arn(&self) -> Option<&str> {
        match &self.key {
            VaultKey::AwsOwned(_) => None,
            _ if self.state == VaultState::Creating => None,
            key => Some(key.arn()),
        }
    }

    /// `DescribeBackupVault`'s view, given how many recovery points the vault holds.
    pub fn describe(&self, recovery_points: usize) -> DescribeBackupVaultOutput<&str> {
        let lock = self.lock.as_ref();
        let access = self.restore_access.as_ref();
        DescribeBackupVaultOutput {
            appliance_arn: self.appliance_arn.as_deref(),
            backup_vault_arn: Some(&self.arn),
            backup_vault_name: Some(&self.name),
            creation_date: Some(self.creation_date),
            creator_request_id: self.creator_request_id.as_deref(),
            encryption_key_arn: self.shown_key_arn(),
            encryption_key_type: self.key.key_type(),
            latest_mpa_approval_team_update: self.mpa.latest_update_output(),
            lock_date: lock.and_then(VaultLock::lock_date),
            locked: Some(self.is_locked()),
            max_retention_days: lock.and_then(|l| l.max_retention_days),
            min_retention_days: lock.and_then(|l| l.min_retention_days),
            mpa_approval_team_arn: self
                .mpa
                .team_arn
                .as_deref()
                .or_else(|| access.and_then(|a| a.team_arn.as_deref())),
            mpa_session_arn: access.map(|a| a.session.arn.as_str()),
            number_of_recovery_points: Some(count(recovery_points)),
            source_backup_vault_arn: access.map(|a| a.source_vault_arn.as_str()),
            vault_state: Some(self.state),
            vault_type: Some(self.vault_type),
        }
    }

    /// `ListBackupVaults`' view, given how many recovery points the vault holds. It borrows
    /// the vault's strings: a page is written while the store is locked, without copying them.
    pub fn list_member(&self, recovery_points: usize) -> BackupVaultListMember<&str> {
        let lock = self.lock.as_ref();
        BackupVaultListMember {
            appliance_arn: self.appliance_arn.as_deref(),
            backup_vault_arn: Some(&self.arn),
            backup_vault_name: Some(&self.name),
            creation_date: Some(self.creation_date),
            creator_request_id: self.creator_request_id.as_deref(),
            encryption_key_arn: self.shown_key_arn(),
            encryption_key_type: self.key.key_type(),
            lock_date: lock.and_then(VaultLock::lock_date),
            locked: Some(self.is_locked()),
            max_retention_days: lock.and_then(|l| l.max_retention_days),
            min_retention_days: lock.and_then(|l| l.min_retention_days),
            number_of_recovery_points: Some(count(recovery_points)),
            vault_state: Some(self.state),
            vault_type: Some(self.vault_type),
        }
    }
}

fn count(recovery_points: usize) -> i64 {
    i64::try_from(recovery_points).unwrap_or(i64::MAX)
}
