//! Backup vaults: CreateBackupVault, DescribeBackupVault, ListBackupVaults, DeleteBackupVault,
//! and the lookups sibling modules use to reach a caller's vault.

pub mod listing;

use aws_tagging::{validate_tags, Tags};
use emulator_core::dto::Written;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::engine::backend::Backend;
use crate::model::vault::{Vault, VaultKey};
use crate::state::vaults::{find, find_for_read, NAME_TAKEN};
use crate::support::arns::checked_key_arn;
use crate::support::default_key;
use crate::support::errors::{already_exists, invalid_parameter, invalid_request};

/// The message of AWS's `AlreadyExistsException` for a taken vault name.
/// The message of AWS's `InvalidRequestException` (`ERROR_9101`) for a non-empty vault.
const NOT_EMPTY: &str = "Backup vault cannot be deleted because it contains recovery points.";

/// `CreateBackupVault`.
///
/// Retrying with the same name and `CreatorRequestId` returns the first call's output (the SDKs
/// fill the id in when the caller does not, so two plain calls are two distinct requests); any
/// other request for a taken name fails with `AlreadyExistsException` naming the existing vault.
pub(crate) fn create_backup_vault(
    svc: &Backend,
    ctx: &RequestContext,
    input: CreateBackupVaultInput,
) -> Result<Written<CreateBackupVaultOutput>, ServiceError> {
    crate::support::creator_request_id::check(input.creator_request_id.as_deref())?;
    let key = match input.encryption_key_arn {
        Some(arn) => VaultKey::CustomerManaged(checked_key_arn(arn)?),
        None => VaultKey::AwsManaged(default_key::aws_backup_key_arn(ctx)),
    };
    let tags = Tags::from(input.backup_vault_tags.unwrap_or_default());
    let name = input.backup_vault_name;
    let arn = crate::support::arns::vault(ctx, &name);
    let now = svc.clock.now();
    svc.store.with_region(ctx, |region| {
        validate_tags(region.tags.rules(), &tags)
            .map_err(|error| invalid_parameter(error.to_string()))?;
        if let Some(existing) = region.vaults.get(&name) {
            if input.creator_request_id.is_some()
                && existing.creator_request_id == input.creator_request_id
            {
                return Ok(created(existing));
            }
            return Err(already_exists(
                NAME_TAKEN,
                Some(&existing.arn),
                existing.creator_request_id.as_deref(),
            ));
        }
        // Tags left behind under this ARN by an earlier vault of the same name are not this
        // vault's. The new set was validated above and the ARN now holds none, so tagging
        // cannot fail; the error path only keeps the call total.
        region.tags.remove_resource(&arn);
        region
            .tags
            .tag(&arn, tags)
            .map_err(|error| invalid_parameter(error.to_string()))?;
        let vault = Vault::new(name.clone(), arn, now, input.creator_request_id, key);
        let output = created(&vault);
        region.vaults.insert(name, vault);
        Ok(output)
    })
}

/// `DescribeBackupVault`.
///
/// `BackupVaultAccountId` names the account that owns the vault. The emulator models no
/// cross-account sharing, so another account's vault is never visible: asking for one answers
/// `ResourceNotFoundException`, exactly as for a name the caller does not have.
pub(crate) fn describe_backup_vault(
    svc: &Backend,
    ctx: &RequestContext,
    input: DescribeBackupVaultInput,
) -> Result<Written<DescribeBackupVaultOutput>, ServiceError> {
    let name = input.backup_vault_name;
    if input
        .backup_vault_account_id
        .is_some_and(|account| account != ctx.account_id)
    {
        return Err(svc.missing_vault_error.error(&name));
    }
    svc.store.with_region(ctx, |region| {
        let vault = find_for_read(region, &name, svc.missing_vault_error)?;
        // Written while the region is locked, from a view that borrows the vault's strings.
        Ok(Written::new(
            &vault.describe(region.recovery_point_count(&name)),
        ))
    })
}

/// `DeleteBackupVault`: only an empty vault goes, and never one whose Vault Lock has become
/// immutable, except a logically air-gapped vault, whose built-in compliance lock AWS lets go
/// with the empty vault. Its tags, access policy, notifications and lock go with it.
pub(crate) fn delete_backup_vault(
    svc: &Backend,
    ctx: &RequestContext,
    input: DeleteBackupVaultInput,
) -> Result<(), ServiceError> {
    let name = input.backup_vault_name;
    let now = svc.clock.now();
    svc.store.with_region(ctx, |region| {
        let vault = find(region, &name)?;
        if region.recovery_point_count(&name) > 0 {
            return Err(invalid_request(NOT_EMPTY));
        }
        let built_in_lock = vault.vault_type == VaultType::LogicallyAirGappedBackupVault;
        if let Some(lock) = vault
            .lock
            .as_ref()
            .filter(|lock| !built_in_lock && lock.is_immutable(now))
        {
            return Err(invalid_request(format!(
                "Backup vault {name} cannot be deleted: its Vault Lock in compliance mode has \
                 been immutable since {}.",
                lock.lock_date().unwrap_or(now)
            )));
        }
        let arn = vault.arn.clone();
        region.vaults.remove(&name);
        region.tags.remove_resource(&arn);
        Ok(())
    })
}

/// The output of a successful (or replayed) `CreateBackupVault`, written from a view that
/// borrows the vault's strings (the region is locked).
fn created(vault: &Vault) -> Written<CreateBackupVaultOutput> {
    Written::new(&CreateBackupVaultOutput {
        backup_vault_arn: Some(vault.arn.as_str()),
        backup_vault_name: Some(vault.name.as_str()),
        creation_date: Some(vault.creation_date),
    })
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Vaults for the handler unit tests of the modules that need one.

    use crate::BackupService;

    use crate::api::generated::CreateBackupVaultInput;
    use crate::test_support::ctx;

    /// Creates vault `name` for [`ctx`].
    pub fn create(svc: &BackupService, name: &str) {
        let input = CreateBackupVaultInput {
            backup_vault_name: name.to_owned(),
            ..CreateBackupVaultInput::default()
        };
        if let Err(error) = super::create_backup_vault(svc, &ctx(), input) {
            panic!("create {name}: {error}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::create;
    use super::*;
    use crate::model::recovery_point::RecoveryPoint;
    use crate::test_support::{code, ctx, service};
    use crate::BackupService;

    #[test]
    fn key_arns_must_name_a_kms_key() {
        let good = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        assert_eq!(checked_key_arn(good.to_owned()).ok().as_deref(), Some(good));
        for bad in [
            "1234abcd-12ab-34cd-56ef-1234567890ab",
            "alias/aws/backup",
            "arn:aws:kms:us-east-1:111122223333:alias/aws/backup",
            "arn:aws:kms:us-east-1:111122223333:key/",
            "arn:aws:s3:::bucket",
        ] {
            let error = checked_key_arn(bad.to_owned()).expect_err(bad);
            assert_eq!(code(&error), "InvalidParameterValueException");
        }
    }

    fn create_tagged(
        svc: &BackupService,
        name: &str,
        tags: &[(&str, &str)],
    ) -> Result<CreateBackupVaultOutput, ServiceError> {
        let tags = tags
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        create_backup_vault(
            svc,
            &ctx(),
            CreateBackupVaultInput {
                backup_vault_name: name.to_owned(),
                backup_vault_tags: Some(tags),
                ..CreateBackupVaultInput::default()
            },
        )
        .map(|written| written.to_output().expect("a written output reads back"))
    }

    fn tags_of(svc: &BackupService, arn: &str) -> Tags {
        svc.store
            .with_region(&ctx(), |region| region.tags.list(arn))
    }

    #[test]
    fn tags_live_under_the_vault_arn_until_the_vault_is_deleted() {
        let svc = service();
        let created =
            create_tagged(&svc, "tagged", &[("team", "storage"), ("env", "")]).expect("create");
        let arn = created.backup_vault_arn.expect("arn");
        let tags = tags_of(&svc, &arn);
        assert_eq!(tags.get("team"), Some("storage"));
        assert_eq!(tags.get("env"), Some(""));
        delete_backup_vault(
            &svc,
            &ctx(),
            DeleteBackupVaultInput {
                backup_vault_name: "tagged".into(),
            },
        )
        .expect("delete");
        assert!(tags_of(&svc, &arn).is_empty());
    }

    #[test]
    fn a_bad_tag_fails_the_whole_call() {
        let svc = service();
        let too_many: Vec<(String, String)> =
            (0..51).map(|i| (format!("k{i}"), "v".to_owned())).collect();
        let too_many: Vec<(&str, &str)> = too_many
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        for tags in [&[("aws:owner", "me")][..], &[("", "v")][..], &too_many[..]] {
            let error = create_tagged(&svc, "doomed", tags).expect_err("bad tags");
            assert_eq!(code(&error), "InvalidParameterValueException");
        }
        let arn = crate::support::arns::vault(&ctx(), "doomed");
        assert!(tags_of(&svc, &arn).is_empty());
        assert!(svc
            .store
            .with_region(&ctx(), |region| region.vaults.is_empty()));
    }

    #[test]
    fn a_vault_holding_recovery_points_is_not_deleted() {
        let svc = service();
        create(&svc, "full");
        let point_arn = crate::support::arns::recovery_point(&ctx(), "rp-1");
        svc.store.with_region(&ctx(), |region| {
            region
                .recovery_points
                .insert(point_arn.clone(), RecoveryPoint::sample(&point_arn, "full"));
        });
        let error = delete_backup_vault(
            &svc,
            &ctx(),
            DeleteBackupVaultInput {
                backup_vault_name: "full".into(),
            },
        )
        .expect_err("not empty");
        assert_eq!(code(&error), "InvalidRequestException");
        assert_eq!(error.message(), NOT_EMPTY);
        let described = describe_backup_vault(
            &svc,
            &ctx(),
            DescribeBackupVaultInput {
                backup_vault_name: "full".into(),
                backup_vault_account_id: None,
            },
        )
        .expect("still there")
        .to_output()
        .unwrap();
        assert_eq!(described.number_of_recovery_points, Some(1));
    }
}
