//! AssociateBackupVaultMpaApprovalTeam and DisassociateBackupVaultMpaApprovalTeam: the
//! multi-party approval team of a logically air-gapped vault.
//!
//! AWS documents approval teams for logically air-gapped vaults only, so any other vault answers
//! `InvalidRequestException`. The first team is associated at once ("If this is the first
//! approval team to be associated with the vault, the team will be associated with the vault").
//! Replacing or removing a team needs the current team's approval: the call starts an MPA
//! session, shown as `LatestMpaApprovalTeamUpdate` (`PENDING`), and the change happens when the
//! session is approved (`APPROVED`; see `mpa_sessions.rs`). One change may be pending at a time.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::engine::EventKind;
use crate::errors::invalid_request;
use crate::mpa_sessions::{self, MpaSession};
use crate::vault_changes::VaultChange;
use crate::vaults::{self, Vault};
use crate::BackupService;

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

    fn pending(&self) -> bool {
        self.latest_update
            .as_ref()
            .is_some_and(|update| update.status == MpaSessionStatus::Pending)
    }
}

/// Applies the approval of session `session_arn`, if it is the vault's pending team change.
pub fn approve(vault: &mut Vault, session_arn: &str) {
    let mpa = &mut vault.mpa;
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

/// The caller's logically air-gapped vault `name`, for a change.
fn air_gapped_vault<'a>(
    region: &'a mut crate::store::RegionState,
    name: &str,
) -> Result<&'a mut Vault, ServiceError> {
    let vault = vaults::find_mut(region, name)?;
    if vault.vault_type != VaultType::LogicallyAirGappedBackupVault {
        return Err(invalid_request(format!(
            "Backup vault {name} is a {}; only logically air-gapped backup vaults can have a \
             Multi-party approval team",
            vault.vault_type.as_str()
        )));
    }
    Ok(vault)
}

/// Starts the session in which `vault`'s current team approves `new_team_arn`, and answers the
/// event that applies the approval.
fn request_change(
    svc: &BackupService,
    vault: &mut Vault,
    current_team: &str,
    new_team_arn: Option<String>,
    requester_comment: Option<String>,
) -> Result<Vec<(emulator_core::dto::Timestamp, EventKind)>, ServiceError> {
    if vault.mpa.pending() {
        return Err(invalid_request(format!(
            "Backup vault {} already has a pending Multi-party approval team change",
            vault.name
        )));
    }
    let now = svc.clock.now();
    let session = mpa_sessions::start(current_team, requester_comment, now)?;
    let change = VaultChange::TeamChangeApproved {
        vault: vault.name.clone(),
        session_arn: session.arn.clone(),
    };
    vault.mpa.latest_update = Some(TeamUpdate {
        session,
        status: MpaSessionStatus::Pending,
        new_team_arn,
    });
    Ok(vec![(
        svc.engine_settings.finish_at(now),
        EventKind::Vault(change),
    )])
}

/// `AssociateBackupVaultMpaApprovalTeam`. Associating the team already associated changes
/// nothing.
pub(crate) fn associate_backup_vault_mpa_approval_team(
    svc: &BackupService,
    ctx: &RequestContext,
    input: AssociateBackupVaultMpaApprovalTeamInput,
) -> Result<(), ServiceError> {
    let team = input.mpa_approval_team_arn;
    mpa_sessions::check_team_arn(&team)?;
    let follow_ups = svc.store.with_region(ctx, |region| {
        let vault = air_gapped_vault(region, &input.backup_vault_name)?;
        match vault.mpa.team_arn.clone() {
            None => {
                vault.mpa.team_arn = Some(team);
                Ok(Vec::new())
            }
            Some(current) if current == team => Ok(Vec::new()),
            Some(current) => {
                request_change(svc, vault, &current, Some(team), input.requester_comment)
            }
        }
    })?;
    svc.schedule(ctx, follow_ups);
    Ok(())
}

/// `DisassociateBackupVaultMpaApprovalTeam`: needs a team to remove.
pub(crate) fn disassociate_backup_vault_mpa_approval_team(
    svc: &BackupService,
    ctx: &RequestContext,
    input: DisassociateBackupVaultMpaApprovalTeamInput,
) -> Result<(), ServiceError> {
    let follow_ups = svc.store.with_region(ctx, |region| {
        let vault = air_gapped_vault(region, &input.backup_vault_name)?;
        let Some(current) = vault.mpa.team_arn.clone() else {
            return Err(invalid_request(format!(
                "Backup vault {} has no Multi-party approval team",
                vault.name
            )));
        };
        request_change(svc, vault, &current, None, input.requester_comment)
    })?;
    svc.schedule(ctx, follow_ups);
    Ok(())
}
