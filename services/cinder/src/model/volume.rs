//! A volume, the minimum a backup workflow needs.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::support::ids::{BackupId, ProjectId, UserId, VolumeId};
use crate::support::times::Instant;

/// A volume's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VolumeStatus {
    /// Being created.
    Creating,
    /// Ready.
    Available,
    /// Attached (never reached here: no compute; kept for completeness of checks).
    InUse,
    /// A backup of it is being taken.
    BackingUp,
    /// A backup is being restored onto it.
    RestoringBackup,
    /// Being deleted; gone once done.
    Deleting,
    /// Failed.
    Error,
}

impl VolumeStatus {
    /// The status on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Creating => "creating",
            Self::Available => "available",
            Self::InUse => "in-use",
            Self::BackingUp => "backing-up",
            Self::RestoringBackup => "restoring-backup",
            Self::Deleting => "deleting",
            Self::Error => "error",
        }
    }

    /// Whether `DELETE` accepts a volume in this state (Cinder's expected statuses).
    pub fn deletable(self) -> bool {
        matches!(self, Self::Available | Self::Error)
    }
}

/// One volume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Volume {
    /// Its id.
    pub id: VolumeId,
    /// The project that owns it.
    pub project_id: ProjectId,
    /// The user who made it.
    pub user_id: UserId,
    /// Its state.
    pub status: VolumeStatus,
    /// The state to return to when a backup of it completes.
    pub previous_status: Option<VolumeStatus>,
    /// Size in GiB.
    pub size: u64,
    /// Availability zone.
    pub availability_zone: String,
    /// `name`.
    pub name: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// User metadata.
    pub metadata: BTreeMap<String, String>,
    /// When it was made.
    pub created_at: Instant,
    /// When it last changed.
    pub updated_at: Instant,
    /// The backup it is being restored from, or was created from.
    pub restoring_from: Option<BackupId>,
}
