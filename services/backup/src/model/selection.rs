//! Backup selections as stored.

use emulator_core::dto::Timestamp;
use serde::{Deserialize, Serialize};

use crate::api::generated::BackupSelection;

/// A backup selection: which resources a plan protects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Selection {
    /// The selection id.
    pub id: String,
    /// The plan it belongs to.
    pub plan_id: String,
    /// The validated selection document, as given: an IAM role ARN, and resources or tag
    /// conditions to select.
    pub document: BackupSelection,
    /// When it was created.
    pub creation_date: Timestamp,
    /// The `CreatorRequestId` it was created with, if any.
    pub creator_request_id: Option<String>,
}
