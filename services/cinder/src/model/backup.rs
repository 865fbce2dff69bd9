//! A volume backup as Cinder records it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::support::ids::{BackupId, ProjectId, UserId, VolumeId};
use crate::support::times::Instant;

/// A backup's state (Cinder's `BackupStatus`; a deleted backup is gone, never `deleted`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BackupStatus {
    /// Being written.
    Creating,
    /// Ready: restorable, exportable, deletable.
    Available,
    /// Being deleted; gone once done.
    Deleting,
    /// Failed (or set by `os-reset_status`).
    Error,
    /// Being restored to a volume.
    Restoring,
}

impl BackupStatus {
    /// The status on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Creating => "creating",
            Self::Available => "available",
            Self::Deleting => "deleting",
            Self::Error => "error",
            Self::Restoring => "restoring",
        }
    }

    /// Whether the state changes by itself (a step is pending on the timer queue).
    pub fn is_transient(self) -> bool {
        matches!(self, Self::Creating | Self::Deleting | Self::Restoring)
    }
}

/// One backup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    /// Its id.
    pub id: BackupId,
    /// The project that owns it.
    pub project_id: ProjectId,
    /// The user who made it.
    pub user_id: UserId,
    /// The volume it was taken of (the all-zero id for an imported record without one).
    pub volume_id: VolumeId,
    /// Its state.
    pub status: BackupStatus,
    /// Size in GiB (the volume's).
    pub size: u64,
    /// Objects written to the backup store (0 until written).
    pub object_count: u64,
    /// Availability zone of the backup service.
    pub availability_zone: String,
    /// The object store container.
    pub container: String,
    /// When it was made.
    pub created_at: Instant,
    /// When it last changed.
    pub updated_at: Instant,
    /// When its data was taken.
    pub data_timestamp: Instant,
    /// `name` (null when not given).
    pub name: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// Why it failed.
    pub fail_reason: Option<String>,
    /// The backup an incremental one builds on.
    pub parent_id: Option<BackupId>,
    /// The snapshot it was taken from.
    pub snapshot_id: Option<String>,
    /// User metadata (3.43+).
    pub metadata: BTreeMap<String, String>,
    /// The volume a running restore writes to.
    pub restore_volume_id: Option<VolumeId>,
}

impl Backup {
    /// Whether it builds on a parent.
    pub fn is_incremental(&self) -> bool {
        self.parent_id.is_some()
    }
}

/// The volume id Cinder gives an imported record's backup before its own is read back.
pub const IMPORT_VOLUME_ID: &str = "00000000-0000-0000-0000-000000000000";
/// The backup driver this emulator pretends to run (the export record names it).
pub const BACKUP_SERVICE: &str = "cinder.backup.drivers.swift.SwiftBackupDriver";
/// The container the Swift driver writes to by default.
pub const DEFAULT_CONTAINER: &str = "volumebackups";
/// The availability zone of the emulated backup service and volumes.
pub const AVAILABILITY_ZONE: &str = "nova";
/// The Swift driver's object size: 50 MiB chunks make up `object_count`.
pub const CHUNK_MIB: u64 = 50;
