//! `GetRestoreTestingInferredMetadata`, and the restore metadata a restore test runs with: what
//! AWS infers for the recovery point's resource type (developer guide, "Restore testing inferred
//! metadata"), with the selection's `RestoreMetadataOverrides` on top.
//!
//! Restored resources get fresh names starting with `awsbackup-restore-test-`, as on AWS, so a
//! test never collides with the original. What the emulator cannot know of the original (an
//! instance's type, a cluster's engine) takes AWS's usual defaults.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{
    GetRestoreTestingInferredMetadataInput, GetRestoreTestingInferredMetadataOutput,
};
use crate::engine::backend::Backend;
use crate::engine::inferred_metadata::infer;
use crate::state::points::{check_vault_account, find_in_vault};
use crate::support::errors::invalid_parameter;

/// `GetRestoreTestingInferredMetadata`.
pub(crate) fn get_restore_testing_inferred_metadata(
    svc: &Backend,
    ctx: &RequestContext,
    input: GetRestoreTestingInferredMetadataInput,
) -> Result<GetRestoreTestingInferredMetadataOutput, ServiceError> {
    check_vault_account(
        ctx,
        input.backup_vault_account_id.as_deref(),
        &input.backup_vault_name,
    )?;
    svc.store.with_region(ctx, |region| {
        let (_, point) =
            find_in_vault(region, &input.backup_vault_name, &input.recovery_point_arn)?;
        let inferred = infer(point, &ctx.region).ok_or_else(|| {
            invalid_parameter(format!(
                "Restore testing does not support resource type {} of recovery point {}.",
                point.resource_type, point.arn
            ))
        })?;
        Ok(GetRestoreTestingInferredMetadataOutput {
            inferred_metadata: inferred,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    use crate::engine::inferred_metadata::{restore_metadata, RESTORED_NAME_PREFIX};
    use crate::model::recovery_point::RecoveryPoint;

    fn point(resource_type: &str, resource_arn: &str, name: &str) -> RecoveryPoint {
        let mut point = RecoveryPoint::sample(
            "arn:aws:backup:eu-west-1:111122223333:recovery-point:RP",
            "v",
        );
        point.resource_type = resource_type.parse().unwrap();
        point.resource_arn = resource_arn.into();
        point.resource_name = name.into();
        point
    }

    #[test]
    fn each_type_gets_the_documented_keys() {
        let table = infer(
            &point("DynamoDB", "arn:aws:dynamodb:eu-west-1:1:table/T", "T"),
            "us-east-1",
        )
        .unwrap();
        assert!(table["targetTableName"].starts_with(RESTORED_NAME_PREFIX));
        assert_eq!(table["encryptionType"], "Default");
        let volume = infer(
            &point("EBS", "arn:aws:ec2:eu-west-1:1:volume/vol-1", "vol-1"),
            "us-east-1",
        )
        .unwrap();
        assert!(volume["availabilityZone"].starts_with("eu-west-1"));
        assert_eq!(volume["encrypted"], "true");
        let fs = infer(
            &point(
                "EFS",
                "arn:aws:elasticfilesystem:eu-west-1:1:file-system/fs-9",
                "fs-9",
            ),
            "eu-west-1",
        )
        .unwrap();
        assert_eq!(fs["file-system-id"], "fs-9");
        assert_eq!(fs["newFileSystem"], "true");
        let db = infer(
            &point("RDS", "arn:aws:rds:eu-west-1:1:db:orders", "orders"),
            "eu-west-1",
        )
        .unwrap();
        assert!(db["dbInstanceIdentifier"].starts_with(RESTORED_NAME_PREFIX));
        let bucket = infer(&point("S3", "arn:aws:s3:::b", "b"), "eu-west-1").unwrap();
        assert!(bucket["destinationBucketName"].starts_with(RESTORED_NAME_PREFIX));
        assert!(infer(
            &point(
                "Storage Gateway",
                "arn:aws:storagegateway:eu-west-1:1:gateway/g",
                "g"
            ),
            "eu-west-1"
        )
        .is_none());
    }

    #[test]
    fn overrides_replace_keys_in_any_case() {
        let overrides: BTreeMap<String, String> = [
            ("EncryptionType".to_owned(), "KMS".to_owned()),
            (
                "kmsMasterKeyArn".to_owned(),
                "arn:aws:kms:eu-west-1:1:key/k".to_owned(),
            ),
        ]
        .into_iter()
        .collect();
        let metadata = restore_metadata(
            &point("DynamoDB", "arn:aws:dynamodb:eu-west-1:1:table/T", "T"),
            "eu-west-1",
            &overrides,
        )
        .unwrap();
        assert_eq!(
            metadata.get("EncryptionType").map(String::as_str),
            Some("KMS")
        );
        assert!(!metadata.contains_key("encryptionType"));
        assert!(metadata.contains_key("kmsMasterKeyArn"));
        assert!(metadata.contains_key("targetTableName"));
    }
}
