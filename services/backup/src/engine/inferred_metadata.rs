//! The restore metadata a restore test runs with: what AWS infers for the recovery point's
//! resource type (developer guide, "Restore testing inferred metadata"), with the selection's
//! `RestoreMetadataOverrides` on top. `GetRestoreTestingInferredMetadata` answers the inferred
//! part.
//!
//! Restored resources get fresh names starting with `awsbackup-restore-test-`, as on AWS, so a
//! test never collides with the original. What the emulator cannot know of the original (an
//! instance's type, a cluster's engine) takes AWS's usual defaults.

use std::collections::BTreeMap;

use aws_arn::Arn;

use crate::model::recovery_point::RecoveryPoint;
use crate::support::ids::random_hex;

/// The prefix of every name restore testing gives a restored resource.
pub const RESTORED_NAME_PREFIX: &str = "awsbackup-restore-test-";

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
pub fn infer(point: &RecoveryPoint, region: &str) -> Option<BTreeMap<String, String>> {
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
            ("file-system-id", point.resource_name().to_owned()),
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
