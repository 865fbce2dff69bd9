//! CreateLogicallyAirGappedBackupVault.
//!
//! A logically air-gapped vault is a vault of `VaultType` `LOGICALLY_AIR_GAPPED_BACKUP_VAULT`
//! in the same namespace as every other vault, so `DescribeBackupVault`, `ListBackupVaults`
//! (`ByVaultType`), tagging and `DeleteBackupVault` serve it. AWS equips each one with Backup
//! Vault Lock in compliance mode from its creation: `Locked`, `LockDate` (the creation date) and
//! the given retention bounds show on the vault, the lock can never be changed or removed
//! (`InvalidRequestException` from Put/DeleteBackupVaultLockConfiguration), and `DeleteRecoveryPoint`
//! honours `MinRetentionDays`. It is encrypted with an AWS-owned key unless `EncryptionKeyArn`
//! names a customer-managed one. The vault is `CREATING` until its key is ready, after the job
//! completion delay, and then `AVAILABLE` (AWS: "Once the key is visible, the vault is in an
//! available state").

use aws_arn::Arn;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::engine::backend::Backend;
use crate::engine::events::{EventKind, VaultChange};
use crate::model::vault::{Vault, VaultKey};
use crate::model::vault_lock::VaultLock;
use crate::model::vault_lock::{LockMode, MAX_RETENTION_DAYS};
use crate::state::vaults;
use crate::support::arns;
use crate::support::errors::{already_exists, invalid_parameter};

/// AWS: "The minimum value accepted is 7 days."
const MIN_RETENTION_DAYS: i64 = 7;

/// Checks the retention bounds the vault's lock will have.
fn check_retention(min: i64, max: i64) -> Result<(), ServiceError> {
    if !(MIN_RETENTION_DAYS..=MAX_RETENTION_DAYS).contains(&min) {
        return Err(invalid_parameter(format!(
            "MinRetentionDays must be between {MIN_RETENTION_DAYS} and {MAX_RETENTION_DAYS} \
             days; got {min}."
        )));
    }
    if !(min..=MAX_RETENTION_DAYS).contains(&max) {
        return Err(invalid_parameter(format!(
            "MaxRetentionDays must be between MinRetentionDays ({min}) and \
             {MAX_RETENTION_DAYS} days; got {max}."
        )));
    }
    Ok(())
}

/// A key ARN for the AWS-owned key AWS Backup makes for one vault.
fn aws_owned_key(ctx: &RequestContext) -> VaultKey {
    let resource = format!("key/{}", uuid::Uuid::new_v4());
    let arn = Arn::new("kms", &ctx.region, &ctx.account_id, &resource).map_or_else(
        |_| format!("arn:aws:kms:{}:{}:{resource}", ctx.region, ctx.account_id),
        |arn| arn.to_string(),
    );
    VaultKey::AwsOwned(arn)
}

/// The output of a successful (or replayed) creation.
fn created(vault: &Vault) -> CreateLogicallyAirGappedBackupVaultOutput {
    CreateLogicallyAirGappedBackupVaultOutput {
        backup_vault_arn: Some(vault.arn.clone()),
        backup_vault_name: Some(vault.name.clone()),
        creation_date: Some(vault.creation_date),
        vault_state: Some(vault.state),
    }
}

/// `CreateLogicallyAirGappedBackupVault`.
///
/// Retrying with the same name and `CreatorRequestId` answers the first call's vault; any other
/// request for a taken name (of any vault type) fails with `AlreadyExistsException`.
pub(crate) fn create_logically_air_gapped_backup_vault(
    svc: &Backend,
    ctx: &RequestContext,
    input: CreateLogicallyAirGappedBackupVaultInput,
) -> Result<CreateLogicallyAirGappedBackupVaultOutput, ServiceError> {
    check_retention(input.min_retention_days, input.max_retention_days)?;
    crate::support::creator_request_id::check(input.creator_request_id.as_deref())?;
    let key = match input.encryption_key_arn {
        Some(arn) => VaultKey::CustomerManaged(arns::checked_key_arn(arn)?),
        None => aws_owned_key(ctx),
    };
    let tags = crate::support::tags::tags_from_input(input.backup_vault_tags.unwrap_or_default())?;
    let name = input.backup_vault_name;
    let arn = arns::vault(ctx, &name);
    let now = svc.clock.now();
    let (output, follow_ups) = svc.store.with_region(ctx, |region| {
        if let Some(existing) = region.vaults.get(&name) {
            let replay = input.creator_request_id.is_some()
                && existing.creator_request_id == input.creator_request_id
                && existing.vault_type == VaultType::LogicallyAirGappedBackupVault;
            if replay {
                return Ok((created(existing), Vec::new()));
            }
            return Err(already_exists(
                vaults::NAME_TAKEN,
                Some(&existing.arn),
                existing.creator_request_id.as_deref(),
            ));
        }
        // Tags left under this ARN by an earlier vault of the same name are not this vault's.
        region.tags.remove_resource(&arn);
        region
            .tags
            .tag(&arn, tags)
            .map_err(|error| invalid_parameter(error.to_string()))?;
        let mut vault = Vault::new(name.clone(), arn, now, input.creator_request_id, key);
        vault.vault_type = VaultType::LogicallyAirGappedBackupVault;
        vault.state = VaultState::Creating;
        vault.lock = Some(VaultLock {
            min_retention_days: Some(input.min_retention_days),
            max_retention_days: Some(input.max_retention_days),
            mode: LockMode::Compliance { lock_date: now },
        });
        let output = created(&vault);
        region.vaults.insert(name.clone(), vault);
        let ready = svc.engine_settings.finish_at(now);
        Ok((
            output,
            vec![(ready, EventKind::Vault(VaultChange::SetUp(name)))],
        ))
    })?;
    svc.schedule(ctx, follow_ups);
    Ok(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_bounds_follow_aws() {
        assert!(check_retention(7, 7).is_ok());
        assert!(check_retention(7, MAX_RETENTION_DAYS).is_ok());
        for (min, max) in [
            (6, 30),
            (0, 30),
            (30, 29),
            (7, MAX_RETENTION_DAYS + 1),
            (-1, 5),
        ] {
            let error = check_retention(min, max).expect_err("refused");
            assert_eq!(
                error.code(),
                &emulator_core::ErrorCode::InvalidParameter,
                "{min} {max}"
            );
        }
    }
}
