//! What a restore access backup vault keeps beyond a plain vault, and its listing view.

use emulator_core::dto::Timestamp;
use serde::{Deserialize, Serialize};

use crate::api::generated::{
    LatestRevokeRequest, MpaRevokeSessionStatus, RestoreAccessBackupVaultListMember,
};
use crate::model::mpa_session::MpaSession;
use crate::model::vault::Vault;

/// The link of a restore access backup vault to its logically air-gapped source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RestoreAccess {
    /// `SourceBackupVaultArn`.
    pub source_vault_arn: String,
    /// The source's approval team when access was requested (`MpaApprovalTeamArn`).
    pub team_arn: Option<String>,
    /// The session in which that team approves the access (`MpaSessionArn`).
    pub session: MpaSession,
    /// `ApprovalDate`: when the session was approved.
    pub approval_date: Option<Timestamp>,
    /// `LatestRevokeRequest`.
    pub latest_revoke_request: Option<RevokeRequest>,
}

/// A request, made from the source vault's account, to revoke the access.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevokeRequest {
    /// The session the source's team approves it in.
    pub session: MpaSession,
    /// `PENDING`: once approved, the restore access vault is gone.
    pub status: MpaRevokeSessionStatus,
}

impl RestoreAccess {
    /// `ListRestoreAccessBackupVaults`' view of `vault`, the restore access vault.
    pub fn list_member(&self, vault: &Vault) -> RestoreAccessBackupVaultListMember {
        RestoreAccessBackupVaultListMember {
            approval_date: self.approval_date,
            creation_date: Some(vault.creation_date),
            latest_revoke_request: self.latest_revoke_request.as_ref().map(|request| {
                LatestRevokeRequest {
                    expiry_date: Some(request.session.expiry_date),
                    initiation_date: Some(request.session.initiation_date),
                    mpa_session_arn: Some(request.session.arn.clone()),
                    status: Some(request.status),
                    status_message: None,
                }
            }),
            restore_access_backup_vault_arn: Some(vault.arn.clone()),
            vault_state: Some(vault.state),
        }
    }
}
