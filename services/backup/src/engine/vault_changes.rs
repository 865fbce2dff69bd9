//! Vault changes that complete later, on the engine's timer queue: a logically air-gapped vault
//! finishing its setup, and the approval of the multi-party approval sessions that change a
//! vault's team or open or revoke a restore access vault (`mpa_sessions.rs`).
//!
//! Each change names its vault (and session), and does nothing if the vault moved on meanwhile:
//! it was deleted, or another request replaced the session.

use emulator_core::dto::Timestamp;

use crate::api::generated::{MpaRevokeSessionStatus, MpaSessionStatus, VaultState, VaultType};
use crate::engine::events::{EventKind, FollowUps, VaultChange};
use crate::state::RegionState;
use crate::support::arns;
use crate::support::engine_settings::EngineSettings;

/// Applies a due [`VaultChange`].
pub fn apply(region: &mut RegionState, change: &VaultChange, now: Timestamp) -> FollowUps {
    match change {
        VaultChange::SetUp(name) => {
            if let Some(vault) = region.vaults.get_mut(name).filter(|v| {
                v.vault_type == VaultType::LogicallyAirGappedBackupVault
                    && v.state == VaultState::Creating
            }) {
                vault.state = VaultState::Available;
            }
        }
        VaultChange::TeamChangeApproved { vault, session_arn } => {
            if let Some(vault) = region.vaults.get_mut(vault) {
                vault.mpa.approve(session_arn);
            }
        }
        VaultChange::AccessApproved { vault, session_arn } => {
            let vault = region.vaults.get_mut(vault).filter(|v| {
                v.state == VaultState::Creating
                    && v.restore_access
                        .as_ref()
                        .is_some_and(|a| a.session.arn == *session_arn)
            });
            if let Some(vault) = vault {
                vault.state = VaultState::Available;
                if let Some(access) = vault.restore_access.as_mut() {
                    access.approval_date = Some(now);
                }
            }
        }
        VaultChange::AccessRevoked { vault, session_arn } => revoke(region, vault, session_arn),
    }
    Vec::new()
}

/// The changes the region's vaults wait for, rebuilt from their states after a restart: what
/// CreateLogicallyAirGappedBackupVault, the approval team changes and the restore access
/// requests queue, at the same times (each session is approved a job delay after it started).
pub fn pending(region: &RegionState, settings: &EngineSettings) -> FollowUps {
    let mut events = Vec::new();
    let mut add = |due: Timestamp, change: VaultChange| {
        events.push((settings.finish_at(due), EventKind::Vault(change)));
    };
    for vault in region.vaults.values() {
        let name = || vault.name.clone();
        if vault.vault_type == VaultType::LogicallyAirGappedBackupVault
            && vault.state == VaultState::Creating
        {
            add(vault.creation_date, VaultChange::SetUp(name()));
        }
        if let Some(update) = vault
            .mpa
            .latest_update
            .as_ref()
            .filter(|u| u.status == MpaSessionStatus::Pending)
        {
            let session_arn = update.session.arn.clone();
            add(
                update.session.initiation_date,
                VaultChange::TeamChangeApproved {
                    vault: name(),
                    session_arn,
                },
            );
        }
        let Some(access) = &vault.restore_access else {
            continue;
        };
        if vault.state == VaultState::Creating {
            add(
                access.session.initiation_date,
                VaultChange::AccessApproved {
                    vault: name(),
                    session_arn: access.session.arn.clone(),
                },
            );
        }
        if let Some(request) = access
            .latest_revoke_request
            .as_ref()
            .filter(|r| r.status == MpaRevokeSessionStatus::Pending)
        {
            add(
                request.session.initiation_date,
                VaultChange::AccessRevoked {
                    vault: name(),
                    session_arn: request.session.arn.clone(),
                },
            );
        }
    }
    events
}

/// Deletes the restore access vault `name` if `session_arn` is its pending revoke request, and
/// forgets it on its source vault when that vault lives in the same account and region (the
/// source's listing skips restore access vaults that are gone in any case).
fn revoke(region: &mut RegionState, name: &str, session_arn: &str) {
    let revoked = region.vaults.get(name).and_then(|vault| {
        let access = vault.restore_access.as_ref()?;
        let request = access.latest_revoke_request.as_ref()?;
        (request.status == MpaRevokeSessionStatus::Pending && request.session.arn == session_arn)
            .then(|| (vault.arn.clone(), access.source_vault_arn.clone()))
    });
    let Some((arn, source_arn)) = revoked else {
        return;
    };
    region.vaults.remove(name);
    region.tags.remove_resource(&arn);
    let same_place = |a: &str, b: &str| {
        let (Some((a, _)), Some((b, _))) = (arns::parse(a), arns::parse(b)) else {
            return false;
        };
        a.account_id() == b.account_id() && a.region() == b.region()
    };
    if !same_place(&arn, &source_arn) {
        return;
    }
    if let Some((_, arns::BackupResource::Vault(source))) = arns::parse(&source_arn) {
        if let Some(source) = region.vaults.get_mut(&source) {
            source.mpa.restore_access_vaults.remove(&arn);
        }
    }
}
