//! The stored form of a legal hold and its projections onto the API's output shapes.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use emulator_core::dto::Timestamp;

use crate::api::generated::{
    CreateLegalHoldOutput, GetLegalHoldOutput, LegalHold as LegalHoldSummary, LegalHoldStatus,
    RecoveryPointSelection,
};

/// How and when a hold was cancelled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cancellation {
    /// `CancellationDate`.
    pub date: Timestamp,
    /// `CancelDescription`.
    pub description: String,
    /// `RetainRecordUntil`: when the hold's record goes away.
    pub retain_record_until: Timestamp,
}

/// A legal hold as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegalHold {
    /// `LegalHoldId`.
    pub id: String,
    /// `arn:aws:backup:{region}:{account}:legal-hold:{id}`.
    pub arn: String,
    /// `Title`.
    pub title: String,
    /// `Description`.
    pub description: String,
    /// The `RecoveryPointSelection` as the caller gave it.
    pub selection: Option<RecoveryPointSelection>,
    /// `CreationDate`.
    pub creation_date: Timestamp,
    /// The `IdempotencyToken` of the call that created it.
    pub idempotency_token: Option<String>,
    /// `Status`.
    pub status: LegalHoldStatus,
    /// When the current transitional status (`CREATING` or `CANCELING`) ends.
    pub settles_at: Timestamp,
    /// Set by `CancelLegalHold`.
    pub cancellation: Option<Cancellation>,
    /// The ARNs of the recovery points the selection matched when the hold was created.
    pub points: BTreeSet<String>,
}

impl LegalHold {
    /// Whether the hold still protects its points: from its creation until it is cancelled
    /// (AWS: while a hold is `CANCELING`, deleting its points "may succeed").
    pub fn protects(&self) -> bool {
        self.cancellation.is_none()
    }

    /// `CreateLegalHold`'s answer.
    pub fn created(&self) -> CreateLegalHoldOutput {
        CreateLegalHoldOutput {
            creation_date: Some(self.creation_date),
            description: Some(self.description.clone()),
            legal_hold_arn: Some(self.arn.clone()),
            legal_hold_id: Some(self.id.clone()),
            recovery_point_selection: self.selection.clone(),
            status: Some(self.status),
            title: Some(self.title.clone()),
        }
    }

    /// `GetLegalHold`'s answer.
    pub fn details(&self) -> GetLegalHoldOutput {
        let cancellation = self.cancellation.as_ref();
        GetLegalHoldOutput {
            cancel_description: cancellation.map(|c| c.description.clone()),
            cancellation_date: cancellation.map(|c| c.date),
            creation_date: Some(self.creation_date),
            description: Some(self.description.clone()),
            legal_hold_arn: Some(self.arn.clone()),
            legal_hold_id: Some(self.id.clone()),
            recovery_point_selection: self.selection.clone(),
            retain_record_until: cancellation.map(|c| c.retain_record_until),
            status: Some(self.status),
            title: Some(self.title.clone()),
        }
    }

    /// `ListLegalHolds`' view.
    pub fn summary(&self) -> LegalHoldSummary {
        LegalHoldSummary {
            cancellation_date: self.cancellation.as_ref().map(|c| c.date),
            creation_date: Some(self.creation_date),
            description: Some(self.description.clone()),
            legal_hold_arn: Some(self.arn.clone()),
            legal_hold_id: Some(self.id.clone()),
            status: Some(self.status),
            title: Some(self.title.clone()),
        }
    }
}
