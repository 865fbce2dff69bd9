//! Recovery points: what a completed backup job leaves in a vault.

use emulator_core::dto::Timestamp;

/// A recovery point as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct RecoveryPoint {
    /// `arn:aws:backup:{region}:{account}:recovery-point:{id}`.
    pub arn: String,
    /// The vault that holds it.
    pub vault_name: String,
    /// When it was created.
    pub creation_date: Timestamp,
}
