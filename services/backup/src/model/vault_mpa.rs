//! A logically air-gapped vault's multi-party approval team and its pending change.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use crate::api::generated::*;
use crate::model::mpa_session::MpaSession;

/// A logically air-gapped vault's multi-party approval state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VaultMpa {
    /// `MpaApprovalTeamArn`: the associated team.
    pub team_arn: Option<String>,
    /// `LatestMpaApprovalTeamUpdate`: the last request to change the team.
    pub latest_update: Option<TeamUpdate>,
    /// The ARNs of the restore access vaults opened on this vault (`restore_access_vaults.rs`).
    pub restore_access_vaults: BTreeSet<String>,
}

/// A request to replace (or, with no new team, remove) a vault's approval team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamUpdate {
    /// The session the current team approves it in.
    pub session: MpaSession,
    /// `PENDING` until approved.
    pub status: MpaSessionStatus,
    /// The team asked for; `None` to disassociate.
    pub new_team_arn: Option<String>,
}

impl VaultMpa {
    /// `LatestMpaApprovalTeamUpdate` as `DescribeBackupVault` shows it.
    pub fn latest_update_output(&self) -> Option<LatestMpaApprovalTeamUpdate<&str>> {
        self.latest_update
            .as_ref()
            .map(|update| LatestMpaApprovalTeamUpdate {
                expiry_date: Some(update.session.expiry_date),
                initiation_date: Some(update.session.initiation_date),
                mpa_session_arn: Some(update.session.arn.as_str()),
                status: Some(update.status),
                status_message: None,
            })
    }

    pub fn pending(&self) -> bool {
        self.latest_update
            .as_ref()
            .is_some_and(|update| update.status == MpaSessionStatus::Pending)
    }
}

impl VaultMpa {
    /// Applies the approval of session `session_arn`, if it is the pending team change.
    pub fn approve(&mut self, session_arn: &str) {
        let mpa = self;
        let Some(update) = mpa
            .latest_update
            .as_mut()
            .filter(|u| u.status == MpaSessionStatus::Pending && u.session.arn == session_arn)
        else {
            return;
        };
        update.status = MpaSessionStatus::Approved;
        mpa.team_arn = update.new_team_arn.clone();
    }
}
