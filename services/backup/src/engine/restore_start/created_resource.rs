//! The resource a restore job creates (`CreatedResourceArn`), named as the restore `Metadata`
//! asks and shaped like the recovery point's resource type.
//!
//! Metadata keys follow AWS Backup's per-resource restore metadata: `DBInstanceIdentifier` (RDS),
//! `DBClusterIdentifier` (Aurora), `targetTableName` (DynamoDB), `newFileSystem` and
//! `file-system-id` (EFS), `DestinationBucketName` (S3). Without a name AWS would need, the
//! emulator makes one up from the source's name rather than refusing the restore.

use std::collections::BTreeMap;

use crate::support::ids::random_hex;

/// Where the restored resource lives: the caller's account and region.
pub struct Target<'a> {
    /// The account restoring.
    pub account_id: &'a str,
    /// The region restoring.
    pub region: &'a str,
}

/// `CreatedResourceArn` for restoring a recovery point of `resource_type` taken of a resource
/// named `source_name` (ARN `source_arn`); `None` for types whose restores the emulator does not
/// model a resource for.
pub fn created_resource_arn(
    target: &Target<'_>,
    resource_type: &str,
    source_arn: &str,
    source_name: &str,
    metadata: &BTreeMap<String, String>,
) -> Option<String> {
    let partition = aws_arn::partition_for_region(target.region);
    let (region, account) = (target.region, target.account_id);
    let arn = |service: &str, resource: String| {
        format!("arn:{partition}:{service}:{region}:{account}:{resource}")
    };
    // Keys are matched regardless of case: restore testing infers `dbInstanceIdentifier` where
    // on-demand restores say `DBInstanceIdentifier`, and AWS reads both.
    let value = |key: &str| {
        metadata
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
            .filter(|v| !v.is_empty())
    };
    let named = |key: &str| {
        value(key)
            .cloned()
            .unwrap_or_else(|| format!("{source_name}-restored-{}", random_hex(8)))
    };
    let created = match resource_type {
        "EBS" => arn("ec2", format!("volume/vol-{}", random_hex(17))),
        "EC2" => arn("ec2", format!("instance/i-{}", random_hex(17))),
        "RDS" => arn("rds", format!("db:{}", named("DBInstanceIdentifier"))),
        // DocumentDB and Neptune clusters are RDS clusters, restored with the same key.
        "Aurora" | "DocumentDB" | "Neptune" => {
            arn("rds", format!("cluster:{}", named("DBClusterIdentifier")))
        }
        "Redshift" => arn(
            "redshift",
            format!("cluster:{}", named("ClusterIdentifier")),
        ),
        // An EKS restore makes a new cluster unless it restores into an existing one.
        "EKS" => arn("eks", format!("cluster/{}", named("clusterName"))),
        // Aurora DSQL restores to a new cluster with an id of 26 lower-case letters and digits.
        "DSQL" => arn("dsql", format!("cluster/{}", random_hex(26))),
        "DynamoDB" => arn("dynamodb", format!("table/{}", named("targetTableName"))),
        "EFS" => {
            let existing = value("newFileSystem")
                .is_some_and(|v| v.eq_ignore_ascii_case("false"))
                .then(|| value("file-system-id"))
                .flatten();
            let id = existing
                .cloned()
                .unwrap_or_else(|| format!("fs-{}", random_hex(17)));
            arn("elasticfilesystem", format!("file-system/{id}"))
        }
        "FSx" => arn("fsx", format!("file-system/fs-{}", random_hex(17))),
        // Buckets have neither region nor account in their ARN; without a destination the
        // objects go back to the source bucket.
        "S3" => match value("DestinationBucketName") {
            Some(bucket) => format!("arn:{partition}:s3:::{bucket}"),
            None => source_arn.to_owned(),
        },
        _ => return None,
    };
    Some(created)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn created(resource_type: &str, metadata: &[(&str, &str)]) -> Option<String> {
        let metadata = metadata
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let target = Target {
            account_id: "111122223333",
            region: "eu-west-1",
        };
        created_resource_arn(
            &target,
            resource_type,
            "arn:aws:s3:::source-bucket",
            "source",
            &metadata,
        )
    }

    fn has_hex_id(arn: &str, prefix: &str) -> bool {
        arn.strip_prefix(prefix)
            .is_some_and(|id| id.len() == 17 && id.chars().all(|c| c.is_ascii_hexdigit()))
    }

    #[test]
    fn each_resource_type_gets_its_own_arn() {
        let volume = created("EBS", &[]).unwrap();
        assert!(
            has_hex_id(&volume, "arn:aws:ec2:eu-west-1:111122223333:volume/vol-"),
            "{volume}"
        );
        let instance = created("EC2", &[]).unwrap();
        assert!(has_hex_id(
            &instance,
            "arn:aws:ec2:eu-west-1:111122223333:instance/i-"
        ));
        assert_eq!(
            created("RDS", &[("DBInstanceIdentifier", "orders-copy")]).as_deref(),
            Some("arn:aws:rds:eu-west-1:111122223333:db:orders-copy")
        );
        assert_eq!(
            created("Aurora", &[("DBClusterIdentifier", "c2")]).as_deref(),
            Some("arn:aws:rds:eu-west-1:111122223333:cluster:c2")
        );
        assert_eq!(
            created("DynamoDB", &[("targetTableName", "Orders2")]).as_deref(),
            Some("arn:aws:dynamodb:eu-west-1:111122223333:table/Orders2")
        );
        assert_eq!(
            created("S3", &[("DestinationBucketName", "restored")]).as_deref(),
            Some("arn:aws:s3:::restored")
        );
        assert_eq!(
            created("S3", &[]).as_deref(),
            Some("arn:aws:s3:::source-bucket")
        );
        assert_eq!(created("CloudFormation", &[]), None);
    }

    #[test]
    fn efs_restores_to_a_new_file_system_unless_told_otherwise() {
        let new = created("EFS", &[("file-system-id", "fs-1")]).unwrap();
        assert!(has_hex_id(
            &new,
            "arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/fs-"
        ));
        assert_eq!(
            created(
                "EFS",
                &[("newFileSystem", "false"), ("file-system-id", "fs-1")]
            )
            .as_deref(),
            Some("arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/fs-1")
        );
    }

    #[test]
    fn metadata_keys_are_read_regardless_of_case() {
        assert_eq!(
            created(
                "RDS",
                &[("dbInstanceIdentifier", "awsbackup-restore-test-1")]
            )
            .as_deref(),
            Some("arn:aws:rds:eu-west-1:111122223333:db:awsbackup-restore-test-1")
        );
        assert_eq!(
            created("S3", &[("destinationBucketName", "copy")]).as_deref(),
            Some("arn:aws:s3:::copy")
        );
    }

    #[test]
    fn missing_names_are_made_up_from_the_source() {
        let table = created("DynamoDB", &[]).unwrap();
        let name = table
            .strip_prefix("arn:aws:dynamodb:eu-west-1:111122223333:table/source-restored-")
            .unwrap();
        assert_eq!(name.len(), 8);
    }
}
