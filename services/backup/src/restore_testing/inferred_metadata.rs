//! `GetRestoreTestingInferredMetadata`, and the restore metadata a restore test runs with: what
//! AWS infers for the recovery point's resource type (developer guide, "Restore testing inferred
//! metadata"), with the selection's `RestoreMetadataOverrides` on top.
//!
//! Restored resources get fresh names starting with `awsbackup-restore-test-`, as on AWS, so a
//! test never collides with the original. What the emulator cannot know of the original (an
//! instance's type, a cluster's engine) takes AWS's usual defaults.

use std::collections::BTreeMap;

use aws_arn::Arn;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{
    GetRestoreTestingInferredMetadataInput, GetRestoreTestingInferredMetadataOutput,
};
use crate::errors::invalid_parameter;
use crate::jobs::random_hex;
use crate::recovery_points::{check_vault_account, find_in_vault, RecoveryPoint};
use crate::BackupService;

/// The prefix of every name restore testing gives a restored resource.
pub const RESTORED_NAME_PREFIX: &str = "awsbackup-restore-test-";

/// `GetRestoreTestingInferredMetadata`.
pub(crate) fn get_restore_testing_inferred_metadata(
    svc: &BackupService,
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

/// The metadata a restore test of `point` runs with: the inferred metadata with `overrides`
/// replacing keys of the same name in any case (AWS treats them case-insensitively), or `None`
/// for a resource type restore testing does not support.
pub fn restore_metadata(
    point: &RecoveryPoint,
    region: &str,
    overrides: &BTreeMap<String, String>,
) -> Option<BTreeMap<String, String>> {
    let mut metadata = infer(point, region)?;
    for (key, value) in overrides {
        metadata.retain(|existing, _| !existing.eq_ignore_ascii_case(key));
        metadata.insert(key.clone(), value.clone());
    }
    Some(metadata)
}

/// A fresh name for a restored resource.
fn restored_name() -> String {
    format!("{RESTORED_NAME_PREFIX}{}", random_hex(12))
}

/// What AWS infers for restoring `point` (whose resource is in `region` unless its ARN says
/// otherwise), or `None` for a resource type restore testing does not support.
fn infer(point: &RecoveryPoint, region: &str) -> Option<BTreeMap<String, String>> {
    let resource_region = Arn::parse(&point.resource_arn)
        .ok()
        .map(|arn| arn.region().to_owned())
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| region.to_owned());
    let pairs: Vec<(&str, String)> = match point.resource_type.as_str() {
        "DynamoDB" => vec![
            ("deletionProtection", "false".into()),
            ("encryptionType", "Default".into()),
            ("targetTableName", restored_name()),
        ],
        "EBS" => vec![
            ("availabilityZone", zone(&resource_region, &point.arn)),
            ("encrypted", "true".into()),
        ],
        "EC2" => vec![
            ("disableApiTermination", "false".into()),
            ("instanceType", "t3.micro".into()),
            ("requireImdsV2", "true".into()),
        ],
        "EFS" => vec![
            ("encrypted", "true".into()),
            ("file-system-id", point.resource_name.clone()),
            ("kmsKeyId", "alias/aws/elasticfilesystem".into()),
            ("newFileSystem", "true".into()),
            ("performanceMode", "generalPurpose".into()),
        ],
        // Clusters: Aurora here; DocumentDB and Neptune clusters have the same keys.
        "Aurora" | "DocumentDB" | "Neptune" => vec![
            (
                "availabilityZones",
                format!("[\"{resource_region}a\",\"{resource_region}b\",\"{resource_region}c\"]"),
            ),
            ("dbClusterIdentifier", restored_name()),
            ("engine", cluster_engine(&point.resource_type).into()),
        ],
        "RDS" => vec![
            ("dbInstanceIdentifier", restored_name()),
            ("deletionProtection", "false".into()),
            ("multiAz", "false".into()),
            ("publiclyAccessible", "false".into()),
        ],
        "S3" => vec![
            ("destinationBucketName", restored_name()),
            ("encrypted", "true".into()),
            ("encryptionType", "SSE-S3".into()),
            ("newBucket", "true".into()),
            // Backups keep ACLs unless BackupACLs was disabled, so restores restore them.
            ("restoreACLs", "true".into()),
        ],
        // AWS cannot infer FSx metadata: the subnets and security groups must come from
        // RestoreMetadataOverrides.
        "FSx" => Vec::new(),
        _ => return None,
    };
    Some(
        pairs
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value))
            .collect(),
    )
}

/// AWS picks an Availability Zone at random; the emulator derives it from the point, so the
/// same point always restores to the same zone.
fn zone(region: &str, point_arn: &str) -> String {
    let letters = ['a', 'b', 'c'];
    let sum: usize = point_arn.bytes().map(usize::from).sum();
    format!("{region}{}", letters[sum % letters.len()])
}

fn cluster_engine(resource_type: &str) -> &'static str {
    match resource_type {
        "DocumentDB" => "docdb",
        "Neptune" => "neptune",
        _ => "aurora-mysql",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(resource_type: &str, resource_arn: &str, name: &str) -> RecoveryPoint {
        let mut point = RecoveryPoint::sample(
            "arn:aws:backup:eu-west-1:111122223333:recovery-point:RP",
            "v",
        );
        point.resource_type = resource_type.to_owned();
        point.resource_arn = resource_arn.to_owned();
        point.resource_name = name.to_owned();
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
