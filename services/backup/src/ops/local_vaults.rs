//! CreateLocalBackupVault.
//!
//! A local backup vault stands, in the AWS Cloud, for the backup storage of a backup appliance
//! that runs in the customer's own environment. It shares the namespace of every other vault,
//! so `DescribeBackupVault`, `ListBackupVaults` (`ByVaultType` `LOCAL_BACKUP_VAULT`), tagging
//! and `DeleteBackupVault` serve it; it shows its `ApplianceArn`. AWS: "Each backup appliance
//! can have one local backup vault. A local backup vault must be encrypted with a customer
//! managed KMS key". There is no appliance service in the emulator: the ARN's shape, account
//! and Region are checked (the shape is Backup External's); whether the appliance exists and is activated is not (see
//! docs/services/backup.md, "Known differences").

use aws_arn::Arn;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::engine::backend::Backend;
use crate::model::vault::{Vault, VaultKey};
use crate::state::vaults;
use crate::support::errors::{already_exists, invalid_parameter};
use crate::support::{appliances, arns};

/// Checks that `arn` names a backup appliance of the caller's account and Region (AWS: "The
/// appliance must be activated and exist in the same account and Region"). Appliances belong to
/// AWS Backup External, whose model gives their ARN's shape (`support/appliances.rs`).
fn check_appliance_arn(ctx: &RequestContext, arn: &str) -> Result<(), ServiceError> {
    if !appliances::is_appliance_arn(arn) {
        return Err(invalid_parameter(format!(
            "ApplianceArn must be the ARN of a backup appliance \
             (arn:aws:backup-external:REGION:ACCOUNT:appliance:ID): {arn}"
        )));
    }
    let parsed = Arn::parse(arn).map_err(|error| invalid_parameter(error.to_string()))?;
    if parsed.account_id() != ctx.account_id || parsed.region() != ctx.region {
        return Err(invalid_parameter(format!(
            "The backup appliance {arn} must be in the same account ({}) and Region ({}) as \
             the local backup vault.",
            ctx.account_id, ctx.region
        )));
    }
    Ok(())
}

/// The output of a successful (or replayed) creation.
fn created(vault: &Vault) -> CreateLocalBackupVaultOutput {
    CreateLocalBackupVaultOutput {
        backup_vault_arn: Some(vault.arn.clone()),
        backup_vault_name: Some(vault.name.clone()),
        creation_date: Some(vault.creation_date),
    }
}

/// `CreateLocalBackupVault`.
///
/// Retrying with the same name, appliance and `CreatorRequestId` answers the first call's vault;
/// a taken name (of any vault type), or an appliance that already has its local vault, fails
/// with `AlreadyExistsException`.
pub(crate) fn create_local_backup_vault(
    svc: &Backend,
    ctx: &RequestContext,
    input: CreateLocalBackupVaultInput,
) -> Result<CreateLocalBackupVaultOutput, ServiceError> {
    check_appliance_arn(ctx, &input.appliance_arn)?;
    crate::support::creator_request_id::check(input.creator_request_id.as_deref())?;
    let key = VaultKey::CustomerManaged(arns::checked_key_arn(input.encryption_key_arn)?);
    let tags = crate::support::tags::tags_from_input(input.backup_vault_tags.unwrap_or_default())?;
    let name = input.backup_vault_name;
    let appliance = input.appliance_arn;
    let arn = arns::vault(ctx, &name);
    let now = svc.clock.now();
    svc.store.with_region(ctx, |region| {
        if let Some(existing) = region.vaults.get(&name) {
            let replay = input.creator_request_id.is_some()
                && existing.creator_request_id == input.creator_request_id
                && existing.appliance_arn.as_deref() == Some(appliance.as_str());
            if replay {
                return Ok(created(existing));
            }
            return Err(already_exists(
                vaults::NAME_TAKEN,
                Some(&existing.arn),
                existing.creator_request_id.as_deref(),
            ));
        }
        if let Some(existing) = region
            .vaults
            .values()
            .find(|vault| vault.appliance_arn.as_deref() == Some(appliance.as_str()))
        {
            return Err(already_exists(
                format!(
                    "Backup appliance {appliance} already has a local backup vault ({}); each \
                     appliance can have one.",
                    existing.name
                ),
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
        vault.vault_type = VaultType::LocalBackupVault;
        vault.appliance_arn = Some(appliance);
        let output = created(&vault);
        region.vaults.insert(name, vault);
        Ok(output)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appliance_arns_must_name_an_appliance_of_the_caller() {
        let ctx = RequestContext::new("123456789012", "eu-west-1");
        let good =
            "arn:aws:backup-external:eu-west-1:123456789012:appliance:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
        assert!(check_appliance_arn(&ctx, good).is_ok());
        for bad in [
            "not-an-arn",
            "arn:aws:backup:eu-west-1:123456789012:backup-vault:v",
            "arn:aws:backup:eu-west-1:123456789012:appliance/ap-0123456789abcdef",
            "arn:aws:backup-external:us-east-1:123456789012:appliance:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
            "arn:aws:backup-external:eu-west-1:210987654321:appliance:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
        ] {
            let error = check_appliance_arn(&ctx, bad).expect_err(bad);
            assert_eq!(
                error.code(),
                &emulator_core::ErrorCode::InvalidParameter,
                "{bad}"
            );
        }
    }
}
