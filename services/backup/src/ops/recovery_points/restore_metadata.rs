//! `GetRecoveryPointRestoreMetadata`: the configuration a point was taken with, as the key-value
//! pairs `StartRestoreJob` takes as `Metadata`.
//!
//! The keys are the ones AWS documents per resource type for restores (the "Restore a backup by
//! resource type" pages and the restore-testing inferred metadata); the values describe the
//! original resource as the emulator knows it: its id or name from the ARN, its size from the
//! backup, and AWS's defaults for what it cannot know (an unencrypted `gp2` volume in the
//! region's first Availability Zone, an instance of the default type).

use std::collections::BTreeMap;

use aws_arn::Arn;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{
    GetRecoveryPointRestoreMetadataInput, GetRecoveryPointRestoreMetadataOutput,
};
use crate::engine::backend::Backend;
use crate::model::recovery_point::RecoveryPoint;
use crate::state::points::{check_vault_account, find_in_vault};

const GIB: i64 = 1024 * 1024 * 1024;

/// `GetRecoveryPointRestoreMetadata`.
pub(crate) fn get_recovery_point_restore_metadata(
    svc: &Backend,
    ctx: &RequestContext,
    input: GetRecoveryPointRestoreMetadataInput,
) -> Result<GetRecoveryPointRestoreMetadataOutput, ServiceError> {
    check_vault_account(
        ctx,
        input.backup_vault_account_id.as_deref(),
        &input.backup_vault_name,
    )?;
    svc.store.with_region(ctx, |region| {
        let (vault, point) =
            find_in_vault(region, &input.backup_vault_name, &input.recovery_point_arn)?;
        Ok(GetRecoveryPointRestoreMetadataOutput {
            backup_vault_arn: Some(vault.arn.clone()),
            recovery_point_arn: Some(point.arn.to_string()),
            resource_type: Some(point.resource_type.to_string()),
            restore_metadata: Some(restore_metadata(point, &ctx.region)),
        })
    })
}

/// The restore metadata of `point`, whose resource is in `region` unless its ARN says otherwise.
fn restore_metadata(point: &RecoveryPoint, region: &str) -> BTreeMap<String, String> {
    let resource_region = Arn::parse(&point.resource_arn)
        .ok()
        .map(|arn| arn.region().to_owned())
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| region.to_owned());
    let zone = format!("{resource_region}a");
    let name = point.resource_name();
    // Whole GiB, rounded up, at least 1; written so no size can overflow.
    let size_gib = (point.backup_size_in_bytes.max(1) - 1) / GIB + 1;
    let pairs: Vec<(&str, String)> = match point.resource_type.as_str() {
        "EBS" => vec![
            ("availabilityZone", zone),
            ("encrypted", "false".into()),
            ("volumeId", name.into()),
            ("volumeSize", size_gib.to_string()),
            ("volumeType", "gp2".into()),
        ],
        "EC2" => vec![
            ("DisableApiTermination", "false".into()),
            ("InstanceType", "t3.micro".into()),
            ("RequireIMDSv2", "true".into()),
        ],
        "DynamoDB" => vec![
            ("deletionProtection", "false".into()),
            ("encryptionType", "Default".into()),
            ("originalTableName", name.into()),
            ("targetTableName", name.into()),
        ],
        "EFS" => vec![
            ("CreationToken", point.backup_job_id.to_string()),
            ("Encrypted", "false".into()),
            ("PerformanceMode", "generalPurpose".into()),
            ("file-system-id", name.into()),
            ("newFileSystem", "true".into()),
        ],
        "RDS" => vec![
            ("AvailabilityZone", zone),
            ("DBInstanceIdentifier", name.into()),
            ("DeletionProtection", "false".into()),
            ("MultiAZ", "false".into()),
        ],
        "Aurora" | "DocumentDB" | "Neptune" => vec![
            ("DBClusterIdentifier", name.into()),
            ("DeletionProtection", "false".into()),
        ],
        "S3" => vec![
            ("DestinationBucketName", name.into()),
            ("EncryptionType", "SSE-S3".into()),
            ("NewBucket", "false".into()),
        ],
        "FSx" => vec![("FileSystemId", name.into())],
        "Redshift" => vec![("ClusterIdentifier", name.into())],
        "Redshift Serverless" => vec![("NamespaceName", name.into())],
        "EKS" => vec![("clusterName", name.into()), ("newCluster", "true".into())],
        "CloudFormation" => vec![("StackName", name.into())],
        "Timestream" => vec![("DatabaseName", name.into())],
        _ => vec![("ResourceName", name.into())],
    };
    pairs
        .into_iter()
        .map(|(key, value)| (key.to_owned(), value))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::put_with;
    use super::*;
    use crate::ops::vaults::test_support::create;
    use crate::test_support::{code, ctx, service};

    fn metadata(point: &RecoveryPoint) -> BTreeMap<String, String> {
        restore_metadata(point, "us-east-1")
    }

    #[test]
    fn ebs_volumes_describe_their_id_zone_and_size() {
        let mut point = RecoveryPoint::sample("rp", "v");
        point.resource_arn = "arn:aws:ec2:eu-west-1:111122223333:volume/vol-9".into();
        point.resource_name = "vol-9".into();
        point.backup_size_in_bytes = 3 * GIB + 1;
        let md = metadata(&point);
        assert_eq!(md["volumeId"], "vol-9");
        assert_eq!(md["availabilityZone"], "eu-west-1a");
        assert_eq!(md["volumeSize"], "4");
        assert_eq!(md["volumeType"], "gp2");
        assert_eq!(md["encrypted"], "false");
    }

    #[test]
    fn every_resource_type_names_its_resource() {
        for (resource_type, key) in [
            ("DynamoDB", "targetTableName"),
            ("EFS", "file-system-id"),
            ("RDS", "DBInstanceIdentifier"),
            ("Aurora", "DBClusterIdentifier"),
            ("S3", "DestinationBucketName"),
            ("FSx", "FileSystemId"),
            ("CloudFormation", "StackName"),
            ("VirtualMachine", "ResourceName"),
        ] {
            let mut point = RecoveryPoint::sample("rp", "v");
            point.resource_type = resource_type.parse().unwrap();
            point.resource_name = "thing".into();
            assert_eq!(metadata(&point).get(key).map(String::as_str), Some("thing"));
        }
        let mut instance = RecoveryPoint::sample("rp", "v");
        instance.resource_type = "EC2".parse().unwrap();
        assert!(metadata(&instance).contains_key("InstanceType"));
    }

    #[test]
    fn the_call_answers_the_vault_point_and_type() {
        let svc = service();
        create(&svc, "v");
        let arn = put_with(&svc, "v", "RP", 0, |p| {
            p.resource_type = "DynamoDB".parse().unwrap();
            p.resource_name = "Orders".into();
        });
        let get = |vault: &str, account: Option<&str>| {
            get_recovery_point_restore_metadata(
                &svc,
                &ctx(),
                GetRecoveryPointRestoreMetadataInput {
                    backup_vault_account_id: account.map(str::to_owned),
                    backup_vault_name: vault.into(),
                    recovery_point_arn: arn.clone(),
                },
            )
        };
        let out = get("v", None).unwrap();
        assert_eq!(out.resource_type.as_deref(), Some("DynamoDB"));
        assert_eq!(out.recovery_point_arn.as_deref(), Some(arn.as_str()));
        assert_eq!(out.restore_metadata.unwrap()["targetTableName"], "Orders");
        for (vault, account) in [("w", None), ("v", Some("444455556666"))] {
            assert_eq!(
                code(&get(vault, account).unwrap_err()),
                "ResourceNotFoundException"
            );
        }
    }
}
