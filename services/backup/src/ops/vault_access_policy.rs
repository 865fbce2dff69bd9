//! Vault access policies: Put/Get/DeleteBackupVaultAccessPolicy.
//!
//! The policy is kept exactly as sent (AWS returns the document the caller put); here it is
//! only checked to be a JSON object. Copies from other accounts evaluate it when they arrive
//! (`engine/copy_access.rs`).

use emulator_core::{RequestContext, ServiceError};
use serde_json::Value;

use crate::api::generated::*;
use crate::engine::backend::Backend;
use crate::state::vaults::{find_for_read, find_mut};
use crate::support::errors::{invalid_parameter, missing_parameter, not_found};

/// `PutBackupVaultAccessPolicy`: sets or replaces the vault's resource policy.
pub(crate) fn put_backup_vault_access_policy(
    svc: &Backend,
    ctx: &RequestContext,
    input: PutBackupVaultAccessPolicyInput,
) -> Result<(), ServiceError> {
    let policy = checked_policy(input.policy)?;
    svc.store.with_region(ctx, |region| {
        find_mut(region, &input.backup_vault_name)?.access_policy = Some(policy);
        Ok(())
    })
}

/// `GetBackupVaultAccessPolicy`: a vault without a policy answers `ResourceNotFoundException`
/// with AWS's message ("Backup Vault {arn} has no associated POLICY").
pub(crate) fn get_backup_vault_access_policy(
    svc: &Backend,
    ctx: &RequestContext,
    input: GetBackupVaultAccessPolicyInput,
) -> Result<GetBackupVaultAccessPolicyOutput, ServiceError> {
    svc.store.with_region(ctx, |region| {
        let vault = find_for_read(region, &input.backup_vault_name, svc.missing_vault_error)?;
        let policy = vault.access_policy.clone().ok_or_else(|| {
            not_found(format!(
                "Backup Vault {} has no associated POLICY",
                vault.arn
            ))
        })?;
        Ok(GetBackupVaultAccessPolicyOutput {
            backup_vault_arn: Some(vault.arn.clone()),
            backup_vault_name: Some(vault.name.clone()),
            policy: Some(policy),
        })
    })
}

/// `DeleteBackupVaultAccessPolicy`: removes the policy; a vault without one is left as it is.
pub(crate) fn delete_backup_vault_access_policy(
    svc: &Backend,
    ctx: &RequestContext,
    input: DeleteBackupVaultAccessPolicyInput,
) -> Result<(), ServiceError> {
    svc.store.with_region(ctx, |region| {
        find_mut(region, &input.backup_vault_name)?.access_policy = None;
        Ok(())
    })
}

/// The model leaves `Policy` optional, but there is nothing to put without one; what is sent
/// must be a JSON policy document, i.e. an object.
fn checked_policy(policy: Option<String>) -> Result<String, ServiceError> {
    let policy = policy.ok_or_else(|| missing_parameter("Policy is required."))?;
    match serde_json::from_str::<Value>(&policy) {
        Ok(Value::Object(_)) => Ok(policy),
        Ok(_) => Err(invalid_parameter(
            "Policy must be a JSON policy document (a JSON object).",
        )),
        Err(error) => Err(invalid_parameter(format!(
            "Policy is not valid JSON: {error}."
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::vaults::test_support::create;
    use crate::test_support::{code, ctx, service};
    use crate::BackupService;

    const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"backup:DeleteRecoveryPoint","Resource":"*"}]}"#;

    fn put(svc: &BackupService, policy: Option<&str>) -> Result<(), ServiceError> {
        put_backup_vault_access_policy(
            svc,
            &ctx(),
            PutBackupVaultAccessPolicyInput {
                backup_vault_name: "v1".into(),
                policy: policy.map(str::to_owned),
            },
        )
    }

    fn get(svc: &BackupService) -> Result<GetBackupVaultAccessPolicyOutput, ServiceError> {
        get_backup_vault_access_policy(
            svc,
            &ctx(),
            GetBackupVaultAccessPolicyInput {
                backup_vault_name: "v1".into(),
            },
        )
    }

    #[test]
    fn only_json_objects_are_policies() {
        let svc = service();
        create(&svc, "v1");
        for bad in ["{not json", "[]", "\"text\"", "42", ""] {
            let error = put(&svc, Some(bad)).expect_err(bad);
            assert_eq!(code(&error), "InvalidParameterValueException", "{bad}");
        }
        let error = put(&svc, None).expect_err("missing");
        assert_eq!(code(&error), "MissingParameterValueException");
        let error = get(&svc).expect_err("nothing was stored");
        assert_eq!(code(&error), "ResourceNotFoundException");
        assert_eq!(
            error.message(),
            "Backup Vault arn:aws:backup:us-east-1:111122223333:backup-vault:v1 has no \
             associated POLICY"
        );
    }

    #[test]
    fn the_policy_comes_back_as_sent_and_goes_away_on_delete() {
        let svc = service();
        create(&svc, "v1");
        put(&svc, Some(POLICY)).expect("put");
        assert_eq!(get(&svc).expect("get").policy.as_deref(), Some(POLICY));
        let input = DeleteBackupVaultAccessPolicyInput {
            backup_vault_name: "v1".into(),
        };
        delete_backup_vault_access_policy(&svc, &ctx(), input.clone()).expect("delete");
        delete_backup_vault_access_policy(&svc, &ctx(), input).expect("delete again");
        assert_eq!(
            code(&get(&svc).expect_err("gone")),
            "ResourceNotFoundException"
        );
    }
}
