//! Restore access backup vaults: CreateRestoreAccessBackupVault, ListRestoreAccessBackupVaults
//! and RevokeRestoreAccessBackupVault.
//!
//! A restore access vault gives an account (often a recovery account other than the owner's)
//! access to a logically air-gapped vault through multi-party approval. It is made in the
//! caller's account and region with `VaultType` `RESTORE_ACCESS_BACKUP_VAULT`, `CREATING` until
//! the source vault's approval team approves the request, then `AVAILABLE` with its
//! `ApprovalDate`. The source must be an available logically air-gapped vault of the caller's
//! region (in any account) with an approval team. The source vault's owner lists the restore
//! access vaults opened on it and revokes them; a revoke request is `PENDING` until approved,
//! and then the restore access vault is gone. Approvals come by themselves after the job
//! completion delay (`mpa_sessions.rs`).

use std::collections::BTreeMap;

use aws_pagination::paginate_btree;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::engine::backend::Backend;
use crate::engine::events::{EventKind, VaultChange};
use crate::model::mpa_session as mpa_sessions;
use crate::model::restore_access::RestoreAccess;
use crate::model::restore_access::RevokeRequest;
use crate::model::vault::Vault;
use crate::state::vaults;
use crate::state::RegionState;
use crate::support::arns::{self, BackupResource};
use crate::support::errors::{already_exists, invalid_parameter, invalid_request, not_found};
use crate::support::ids::random_hex;
use crate::support::listing::max_results;

/// Where a vault ARN points.
struct VaultAddress {
    /// The ARN, as parsed back.
    arn: String,
    account_id: String,
    region: String,
    name: String,
}

impl VaultAddress {
    /// The vault a Backup vault ARN names; `None` for anything else.
    fn parse(text: &str) -> Option<Self> {
        let (arn, resource) = arns::parse(text)?;
        let BackupResource::Vault(name) = resource else {
            return None;
        };
        Some(Self {
            arn: arn.to_string(),
            account_id: arn.account_id().to_owned(),
            region: arn.region().to_owned(),
            name,
        })
    }

    /// The account and region that hold the vault.
    fn ctx(&self) -> RequestContext {
        RequestContext::new(self.account_id.clone(), self.region.clone())
    }
}

fn access_not_found(source: &str, arn: &str) -> ServiceError {
    not_found(format!(
        "Restore access backup vault {arn} was not found for backup vault {source}."
    ))
}

/// The name AWS picks when the request names none: one "based on the name of the logically air
/// gapped vault", here the source's name and a random suffix, within the 50 characters allowed.
fn generated_name(source_name: &str) -> String {
    let prefix: String = source_name.chars().take(41).collect();
    format!("{prefix}-{}", random_hex(8))
}

/// The output of a successful (or replayed) `CreateRestoreAccessBackupVault`.
fn created(vault: &Vault) -> CreateRestoreAccessBackupVaultOutput {
    CreateRestoreAccessBackupVaultOutput {
        creation_date: Some(vault.creation_date),
        restore_access_backup_vault_arn: Some(vault.arn.clone()),
        restore_access_backup_vault_name: Some(vault.name.clone()),
        vault_state: Some(vault.state),
    }
}

/// On the caller's side, before anything changes: the vault a retried request (same
/// `CreatorRequestId`, same source) made, or `AlreadyExistsException` for a taken name.
fn replay_or_conflict(
    region: &RegionState,
    creator_request_id: Option<&str>,
    source_arn: &str,
    requested_name: Option<&str>,
    name: &str,
) -> Result<Option<CreateRestoreAccessBackupVaultOutput>, ServiceError> {
    let replayed = creator_request_id.and_then(|id| {
        region.vaults.values().find(|vault| {
            vault.creator_request_id.as_deref() == Some(id)
                && vault
                    .restore_access
                    .as_ref()
                    .is_some_and(|a| a.source_vault_arn == source_arn)
                && requested_name.is_none_or(|wanted| wanted == vault.name)
        })
    });
    if let Some(vault) = replayed {
        return Ok(Some(created(vault)));
    }
    match region.vaults.get(name) {
        Some(existing) => Err(already_exists(
            "Backup vault with the same name already exists",
            Some(&existing.arn),
            existing.creator_request_id.as_deref(),
        )),
        None => Ok(None),
    }
}

/// Refuses a source that cannot give restore access, answering its approval team.
fn source_team(vault: &Vault) -> Result<String, ServiceError> {
    if vault.vault_type != VaultType::LogicallyAirGappedBackupVault {
        return Err(invalid_request(format!(
            "Backup vault {} is not a logically air-gapped backup vault",
            vault.name
        )));
    }
    if vault.state != VaultState::Available {
        return Err(invalid_request(format!(
            "Backup vault {} is not available yet",
            vault.name
        )));
    }
    vault.mpa.team_arn.clone().ok_or_else(|| {
        invalid_request(format!(
            "Backup vault {} has no Multi-party approval team to approve restore access",
            vault.name
        ))
    })
}

/// `CreateRestoreAccessBackupVault`.
pub(crate) fn create_restore_access_backup_vault(
    svc: &Backend,
    ctx: &RequestContext,
    input: CreateRestoreAccessBackupVaultInput,
) -> Result<CreateRestoreAccessBackupVaultOutput, ServiceError> {
    crate::support::creator_request_id::check(input.creator_request_id.as_deref())?;
    let now = svc.clock.now();
    let source = VaultAddress::parse(&input.source_backup_vault_arn).ok_or_else(|| {
        invalid_parameter(format!(
            "SourceBackupVaultArn must be the ARN of a backup vault: {}",
            input.source_backup_vault_arn
        ))
    })?;
    if source.region != ctx.region {
        return Err(invalid_parameter(format!(
            "SourceBackupVaultArn must name a vault in {}: {}",
            ctx.region, input.source_backup_vault_arn
        )));
    }
    let tags = crate::support::tags::tags_from_input(input.backup_vault_tags.unwrap_or_default())?;
    let requested_name = input.backup_vault_name.as_deref();
    let name = requested_name.map_or_else(|| generated_name(&source.name), str::to_owned);
    let arn = arns::vault(ctx, &name);
    let creator_request_id = input.creator_request_id;
    let replay = svc.store.with_region(ctx, |region| {
        replay_or_conflict(
            region,
            creator_request_id.as_deref(),
            &source.arn,
            requested_name,
            &name,
        )
    })?;
    if let Some(output) = replay {
        return Ok(output);
    }
    // The source's side: check it and link the new vault to it; undone below if the caller's
    // side fails after all.
    let (key, team, session) = svc.store.with_region(&source.ctx(), |region| {
        let vault = vaults::find_mut(region, &source.name)?;
        let team = source_team(vault)?;
        let session = mpa_sessions::start(&team, input.requester_comment, now)?;
        vault.mpa.restore_access_vaults.insert(arn.clone());
        Ok::<_, ServiceError>((vault.key.clone(), team, session))
    })?;
    let approval = VaultChange::AccessApproved {
        vault: name.clone(),
        session_arn: session.arn.clone(),
    };
    let outcome = svc.store.with_region(ctx, |region| {
        replay_or_conflict(region, None, &source.arn, None, &name)?;
        region.tags.remove_resource(&arn);
        region
            .tags
            .tag(&arn, tags)
            .map_err(|error| invalid_parameter(error.to_string()))?;
        let mut vault = Vault::new(name.clone(), arn.clone(), now, creator_request_id, key);
        vault.vault_type = VaultType::RestoreAccessBackupVault;
        vault.state = VaultState::Creating;
        vault.restore_access = Some(RestoreAccess {
            source_vault_arn: source.arn.clone(),
            team_arn: Some(team),
            session,
            approval_date: None,
            latest_revoke_request: None,
        });
        let output = created(&vault);
        region.vaults.insert(name.clone(), vault);
        Ok(output)
    });
    match outcome {
        Ok(output) => {
            let due = svc.engine_settings.finish_at(now);
            svc.schedule(ctx, vec![(due, EventKind::Vault(approval))]);
            Ok(output)
        }
        Err(error) => {
            svc.store.with_region(&source.ctx(), |region| {
                if let Some(vault) = region.vaults.get_mut(&source.name) {
                    vault.mpa.restore_access_vaults.remove(&arn);
                }
            });
            Err(error)
        }
    }
}

/// `ListRestoreAccessBackupVaults`: the restore access vaults opened on the caller's vault, in
/// ARN order, wherever they live.
pub(crate) fn list_restore_access_backup_vaults(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListRestoreAccessBackupVaultsInput,
) -> Result<ListRestoreAccessBackupVaultsOutput, ServiceError> {
    let token = input.next_token.as_deref().filter(|t| !t.is_empty());
    let (source_arn, links) = svc.store.with_region(ctx, |region| {
        let vault = vaults::find(region, &input.backup_vault_name)?;
        Ok::<_, ServiceError>((vault.arn.clone(), vault.mpa.restore_access_vaults.clone()))
    })?;
    // One region locked at a time: each restore access vault is read under its own lock.
    let mut members = BTreeMap::new();
    for link in links {
        let Some(address) = VaultAddress::parse(&link) else {
            continue;
        };
        let member = svc.store.with_region(&address.ctx(), |region| {
            let vault = region.vaults.get(&address.name)?;
            let access = vault.restore_access.as_ref()?;
            (access.source_vault_arn == source_arn).then(|| access.list_member(vault))
        });
        if let Some(member) = member {
            members.insert(link, member);
        }
    }
    let scope = format!("ListRestoreAccessBackupVaults|{source_arn}");
    let page = paginate_btree(
        &members,
        token,
        &scope,
        max_results(input.max_results),
        |_| true,
    )
    .map_err(|error| crate::support::pagination::error(&error))?;
    Ok(ListRestoreAccessBackupVaultsOutput {
        next_token: page.next_token,
        restore_access_backup_vaults: Some(page.items.into_iter().cloned().collect()),
    })
}

/// `RevokeRestoreAccessBackupVault`, from the source vault's account: starts the revoke
/// request; the restore access vault goes when it is approved. A second request while one is
/// pending is `InvalidRequestException`.
pub(crate) fn revoke_restore_access_backup_vault(
    svc: &Backend,
    ctx: &RequestContext,
    input: RevokeRestoreAccessBackupVaultInput,
) -> Result<(), ServiceError> {
    let now = svc.clock.now();
    let source_name = input.backup_vault_name;
    let target_arn = input.restore_access_backup_vault_arn;
    let (source_arn, current_team) = svc.store.with_region(ctx, |region| {
        let vault = vaults::find(region, &source_name)?;
        if !vault.mpa.restore_access_vaults.contains(&target_arn) {
            return Err(access_not_found(&source_name, &target_arn));
        }
        Ok((vault.arn.clone(), vault.mpa.team_arn.clone()))
    })?;
    let target = VaultAddress::parse(&target_arn)
        .ok_or_else(|| access_not_found(&source_name, &target_arn))?;
    let follow_ups = svc.store.with_region(&target.ctx(), |region| {
        let access = region
            .vaults
            .get_mut(&target.name)
            .and_then(|vault| vault.restore_access.as_mut())
            .filter(|access| access.source_vault_arn == source_arn)
            .ok_or_else(|| access_not_found(&source_name, &target_arn))?;
        if access
            .latest_revoke_request
            .as_ref()
            .is_some_and(|r| r.status == MpaRevokeSessionStatus::Pending)
        {
            return Err(invalid_request(format!(
                "A request to revoke {target_arn} is already pending"
            )));
        }
        let team = current_team
            .or_else(|| access.team_arn.clone())
            .ok_or_else(|| {
                invalid_request(format!(
                    "Backup vault {source_name} has no Multi-party approval team"
                ))
            })?;
        let session = mpa_sessions::start(&team, input.requester_comment, now)?;
        let change = VaultChange::AccessRevoked {
            vault: target.name.clone(),
            session_arn: session.arn.clone(),
        };
        access.latest_revoke_request = Some(RevokeRequest {
            session,
            status: MpaRevokeSessionStatus::Pending,
        });
        Ok(vec![(
            svc.engine_settings.finish_at(now),
            EventKind::Vault(change),
        )])
    })?;
    svc.schedule(&target.ctx(), follow_ups);
    Ok(())
}
