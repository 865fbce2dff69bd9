//! AssociateBackupVaultMpaApprovalTeam and DisassociateBackupVaultMpaApprovalTeam: the
//! multi-party approval team of a logically air-gapped vault.
//!
//! AWS documents approval teams for logically air-gapped vaults only, so any other vault answers
//! `InvalidRequestException`. The first team is associated at once ("If this is the first
//! approval team to be associated with the vault, the team will be associated with the vault").
//! Replacing or removing a team needs the current team's approval: the call starts an MPA
//! session, shown as `LatestMpaApprovalTeamUpdate` (`PENDING`), and the change happens when the
//! session is approved (`APPROVED`; see `mpa_sessions.rs`). One change may be pending at a time.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::engine::backend::Backend;
use crate::engine::events::{EventKind, VaultChange};
use crate::model::mpa_session::{self as mpa_sessions};
use crate::model::vault::Vault;
use crate::model::vault_mpa::TeamUpdate;
use crate::state::vaults;
use crate::support::errors::invalid_request;

/// The caller's logically air-gapped vault `name`, for a change.
fn air_gapped_vault<'a>(
    region: &'a mut crate::state::RegionState,
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
    svc: &Backend,
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
    svc: &Backend,
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
    svc: &Backend,
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
