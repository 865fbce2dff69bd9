//! The stored form of a recovery point's backup index and its projections onto the API's output
//! shapes. What an index says about its recovery point (vault, resource, backup date) is read
//! from the point itself.

use emulator_core::dto::Timestamp;
use serde::{Deserialize, Serialize};

use crate::api::generated::{
    GetRecoveryPointIndexDetailsOutput, IndexStatus, IndexedRecoveryPoint,
};
use crate::model::recovery_point::RecoveryPoint;

/// Bytes per indexed item: the emulator holds no file lists, so an index counts one item per
/// MiB of backup, which keeps `TotalItemsIndexed` stable for a given point.
const BYTES_PER_ITEM: i64 = 1024 * 1024;

/// A backup index as stored, keyed by its recovery point's ARN.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointIndex {
    /// PENDING → ACTIVE; DELETING once disabled, then gone.
    pub status: IndexStatus,
    /// Why it is in its status, when that needs saying.
    pub status_message: Option<String>,
    /// The role the index was built with.
    pub iam_role_arn: String,
    /// When indexing was asked for.
    pub creation_date: Timestamp,
    /// When the index became ACTIVE.
    pub completion_date: Option<Timestamp>,
    /// When its deletion was asked for.
    pub deletion_date: Option<Timestamp>,
    /// How many items it holds, once ACTIVE.
    pub total_items: Option<i64>,
}

impl PointIndex {
    /// A new index of a point, PENDING.
    pub fn pending(iam_role_arn: String, now: Timestamp) -> Self {
        Self {
            status: IndexStatus::Pending,
            status_message: None,
            iam_role_arn,
            creation_date: now,
            completion_date: None,
            deletion_date: None,
            total_items: None,
        }
    }

    /// PENDING → ACTIVE at `now`, counting `point`'s items.
    pub fn activate(&mut self, point: &RecoveryPoint, now: Timestamp) {
        self.status = IndexStatus::Active;
        self.completion_date = Some(now);
        self.total_items = Some((point.backup_size_in_bytes / BYTES_PER_ITEM).max(1));
    }

    /// `GetRecoveryPointIndexDetails`' view of the index of `point`.
    pub fn details(&self, point: &RecoveryPoint) -> GetRecoveryPointIndexDetailsOutput {
        GetRecoveryPointIndexDetailsOutput {
            backup_vault_arn: Some(point.vault_arn.to_string()),
            index_completion_date: self.completion_date,
            index_creation_date: Some(self.creation_date),
            index_deletion_date: self.deletion_date,
            index_status: Some(self.status),
            index_status_message: self.status_message.clone(),
            recovery_point_arn: Some(point.arn.to_string()),
            source_resource_arn: Some(point.resource_arn.to_string()),
            total_items_indexed: self.total_items,
        }
    }

    /// `ListIndexedRecoveryPoints`' view of the index of `point`.
    pub fn indexed(&self, point: &RecoveryPoint) -> IndexedRecoveryPoint {
        IndexedRecoveryPoint {
            backup_creation_date: Some(point.creation_date),
            backup_vault_arn: Some(point.vault_arn.to_string()),
            iam_role_arn: Some(self.iam_role_arn.clone()),
            index_creation_date: Some(self.creation_date),
            index_status: Some(self.status),
            index_status_message: self.status_message.clone(),
            recovery_point_arn: Some(point.arn.to_string()),
            resource_type: Some(point.resource_type.to_string()),
            source_resource_arn: Some(point.resource_arn.to_string()),
        }
    }
}
