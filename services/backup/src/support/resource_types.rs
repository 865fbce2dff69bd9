//! Which AWS Backup resource type an ARN names, and the resource name AWS reports for it.
//!
//! AWS derives `ResourceType` from the protected resource's ARN; an ARN of a service Backup
//! cannot protect is refused with `InvalidParameterValueException: Unsupported resource type`.

use std::collections::BTreeMap;

use aws_arn::Arn;

/// A protected resource as Backup reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtectedResourceKind {
    /// `ResourceType`, e.g. `EBS`, `DynamoDB`.
    pub resource_type: &'static str,
    /// `ResourceName`: the resource's own name or id.
    pub resource_name: String,
}

/// The resource type and name of `resource_arn`, or `None` when Backup cannot protect it.
pub fn classify(resource_arn: &str) -> Option<ProtectedResourceKind> {
    // Resources registered with a backup appliance (Backup External's resource targets).
    if let Some(target) = super::appliances::resource_target(resource_arn) {
        return Some(ProtectedResourceKind {
            resource_type: target.resource_type,
            resource_name: target.id.to_owned(),
        });
    }
    let arn = Arn::parse(resource_arn).ok()?;
    let resource = arn.resource();
    let (kind, id) = arn
        .resource_type_and_id()
        .map_or(("", resource), |(kind, id)| (kind, id));
    let resource_type = match (arn.service(), kind) {
        ("ec2", "volume") => "EBS",
        ("ec2", "instance") => "EC2",
        ("rds", "db") => "RDS",
        // DocumentDB and Neptune clusters have the same ARN form; AWS tells them apart by the
        // cluster's engine, which only RDS knows ([`classify_with`]).
        ("rds", "cluster") => "Aurora",
        ("eks", "cluster") => "EKS",
        ("dsql", "cluster") => "DSQL",
        ("dynamodb", "table") => "DynamoDB",
        ("elasticfilesystem", "file-system") => "EFS",
        ("fsx", "file-system" | "volume") => "FSx",
        ("s3", _) if !resource.is_empty() && !resource.contains('/') => "S3",
        ("storagegateway", "gateway") => "Storage Gateway",
        ("backup-gateway", "vm") => "VirtualMachine",
        ("cloudformation", "stack") => "CloudFormation",
        ("redshift", "cluster") => "Redshift",
        ("redshift-serverless", "namespace") => "Redshift Serverless",
        ("timestream", "database") => "Timestream",
        ("ssm-sap", _) => "SAP HANA on Amazon EC2",
        _ => return None,
    };
    // The name is the last path element for `table/Orders`, `stack/name/uuid` keeps its name.
    let name = match resource_type {
        "CloudFormation" => id.split('/').next().unwrap_or(id),
        "S3" => resource,
        _ => id.rsplit('/').next().unwrap_or(id),
    };
    Some(ProtectedResourceKind {
        resource_type,
        resource_name: name.to_owned(),
    })
}

/// [`classify`], reading what the resource's own service reports of it (`properties`, from the
/// gateway's resource registry) where its ARN alone cannot tell: an RDS cluster ARN is Aurora's,
/// DocumentDB's or Neptune's by the cluster's `Engine` (`docdb`, `neptune`; anything else or
/// nothing known is Aurora), as AWS Backup reads it from RDS.
pub fn classify_with(
    resource_arn: &str,
    properties: Option<&BTreeMap<String, String>>,
) -> Option<ProtectedResourceKind> {
    let mut kind = classify(resource_arn)?;
    if kind.resource_type == "Aurora" {
        match properties.and_then(|p| p.get("Engine")).map(String::as_str) {
            Some("docdb") => kind.resource_type = "DocumentDB",
            Some("neptune") => kind.resource_type = "Neptune",
            _ => {}
        }
    }
    Some(kind)
}

/// Whether a resource type's recovery points can move to cold storage (developer guide,
/// "Feature availability by resource", column "Lifecycle to cold storage"; API reference,
/// `Lifecycle`: "AWS Backup ignores this expression for other resource types").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColdStorage {
    /// `MoveToColdStorageAfterDays` is ignored.
    Never,
    /// Always, on the lifecycle's date.
    Always,
    /// Only for backups AWS Backup fully manages (DynamoDB with advanced features, whose
    /// recovery points have Backup's own ARN).
    FullyManagedOnly,
    /// Only with `OptInToArchiveForSupportedResources` (EBS snapshots to the archive tier).
    ArchiveOptIn,
}

/// What names a resource type's recovery points (developer guide, "Working with backups":
/// "Recovery point ID example" per resource type; "Access control", "Resources and
/// operations"). The ARN is built in one place, `support::point_arns`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointIdentity {
    /// `arn:aws:backup:REGION:ACCOUNT:recovery-point:ID`.
    Backup,
    /// An AMI: `arn:aws:ec2:REGION::image/ami-…`.
    Ec2Image,
    /// An EBS snapshot: `arn:aws:ec2:REGION::snapshot/snap-…`.
    EbsSnapshot,
    /// An RDS DB snapshot: `arn:aws:rds:REGION:ACCOUNT:snapshot:awsbackup:job-…`.
    RdsSnapshot,
    /// An RDS cluster snapshot: `arn:aws:rds:REGION:ACCOUNT:cluster-snapshot:awsbackup:job-…`.
    RdsClusterSnapshot,
    /// A DynamoDB backup (`…:table/NAME/backup/…`), or Backup's own ARN while the region's
    /// `ResourceTypeManagementPreference` for DynamoDB (advanced features) is on.
    DynamoDbBackup,
    /// An FSx backup: `arn:aws:fsx:REGION:ACCOUNT:backup/backup-…`.
    FsxBackup,
    /// A Redshift cluster snapshot: `arn:aws:redshift:REGION:ACCOUNT:snapshot:CLUSTER/awsbackup:job-…`.
    RedshiftSnapshot,
}

/// One resource type AWS Backup protects and the features it has there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceTypeInfo {
    /// `ResourceType` as the API spells it (several names contain spaces).
    pub name: &'static str,
    /// Listed by `GetSupportedResourceTypes` (the API reference's list, botocore 1.44.18).
    pub listed: bool,
    /// Lifecycle to cold storage.
    pub cold_storage: ColdStorage,
    /// Restore testing (developer guide, "Restore testing": supported resource types).
    pub restore_testing: bool,
    /// Backup indexes and search (developer guide, "Backup search": EBS snapshots and S3).
    pub index: bool,
    /// Malware scanning with GuardDuty (`ScanResourceType`: EBS, EC2, S3).
    pub malware_scan: bool,
    /// Backup access points (API reference, `CreateBackupAccessPoint`: S3 recovery points).
    pub access_points: bool,
    /// Full AWS Backup management switchable with `ResourceTypeManagementPreference`
    /// (DescribeRegionSettings reports exactly these).
    pub management_preference: bool,
    /// Incremental backups switchable with `ResourceTypeOptInIncremental` ("Incremental
    /// backup opt-in is currently available for Amazon DynamoDB", API reference).
    pub incremental_opt_in: bool,
    /// What names its recovery points.
    pub points: PointIdentity,
}

const fn entry(name: &'static str, points: PointIdentity) -> ResourceTypeInfo {
    ResourceTypeInfo {
        name,
        listed: true,
        cold_storage: ColdStorage::Never,
        restore_testing: false,
        index: false,
        malware_scan: false,
        access_points: false,
        management_preference: false,
        incremental_opt_in: false,
        points,
    }
}

/// Every resource type AWS Backup supports, in the order `GetSupportedResourceTypes` answers,
/// with its features: the one table every place where a type matters reads.
///
/// Sources: the API reference's `GetSupportedResourceTypes` list (botocore 1.44.18:
/// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_GetSupportedResourceTypes.html);
/// the developer guide's "Feature availability by resource" table
/// (https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html#features-by-resource);
/// the recovery point id examples of "Working with backups"
/// (https://docs.aws.amazon.com/aws-backup/latest/devguide/recovery-points.html). `DSQL`
/// (Aurora DSQL) and `Redshift Serverless` are not in the API reference's list, but AWS accepts
/// and returns them in the region opt-in preferences (the Terraform provider's acceptance test of
/// `aws_backup_region_settings`, run against AWS, sets and reads back both), so they are
/// protected and opted in but not listed.
pub const CATALOGUE: &[ResourceTypeInfo] = &[
    ResourceTypeInfo {
        restore_testing: true,
        ..entry("Aurora", PointIdentity::RdsClusterSnapshot)
    },
    ResourceTypeInfo {
        cold_storage: ColdStorage::Always,
        ..entry("CloudFormation", PointIdentity::Backup)
    },
    ResourceTypeInfo {
        restore_testing: true,
        ..entry("DocumentDB", PointIdentity::RdsClusterSnapshot)
    },
    ResourceTypeInfo {
        listed: false,
        ..entry("DSQL", PointIdentity::Backup)
    },
    ResourceTypeInfo {
        cold_storage: ColdStorage::FullyManagedOnly,
        restore_testing: true,
        management_preference: true,
        incremental_opt_in: true,
        ..entry("DynamoDB", PointIdentity::DynamoDbBackup)
    },
    ResourceTypeInfo {
        cold_storage: ColdStorage::ArchiveOptIn,
        restore_testing: true,
        index: true,
        malware_scan: true,
        ..entry("EBS", PointIdentity::EbsSnapshot)
    },
    ResourceTypeInfo {
        restore_testing: true,
        malware_scan: true,
        ..entry("EC2", PointIdentity::Ec2Image)
    },
    ResourceTypeInfo {
        cold_storage: ColdStorage::Always,
        restore_testing: true,
        management_preference: true,
        ..entry("EFS", PointIdentity::Backup)
    },
    entry("EKS", PointIdentity::Backup),
    ResourceTypeInfo {
        restore_testing: true,
        ..entry("FSx", PointIdentity::FsxBackup)
    },
    ResourceTypeInfo {
        restore_testing: true,
        ..entry("Neptune", PointIdentity::RdsClusterSnapshot)
    },
    ResourceTypeInfo {
        restore_testing: true,
        ..entry("RDS", PointIdentity::RdsSnapshot)
    },
    entry("Redshift", PointIdentity::RedshiftSnapshot),
    ResourceTypeInfo {
        listed: false,
        ..entry("Redshift Serverless", PointIdentity::Backup)
    },
    ResourceTypeInfo {
        restore_testing: true,
        index: true,
        malware_scan: true,
        access_points: true,
        ..entry("S3", PointIdentity::Backup)
    },
    ResourceTypeInfo {
        cold_storage: ColdStorage::Always,
        ..entry("SAP HANA on Amazon EC2", PointIdentity::Backup)
    },
    entry("Storage Gateway", PointIdentity::EbsSnapshot),
    ResourceTypeInfo {
        cold_storage: ColdStorage::Always,
        ..entry("Timestream", PointIdentity::Backup)
    },
    ResourceTypeInfo {
        cold_storage: ColdStorage::Always,
        ..entry("VirtualMachine", PointIdentity::Backup)
    },
];

/// The catalogue entry of `name` (exact, case-sensitive, as AWS compares them).
pub fn info(name: &str) -> Option<&'static ResourceTypeInfo> {
    CATALOGUE.iter().find(|info| info.name == name)
}

/// Whether `name` is a resource type AWS Backup protects.
pub fn is_supported_resource_type(name: &str) -> bool {
    info(name).is_some()
}

/// The names of the catalogue's types that have `feature`, in catalogue order.
pub fn names_with(feature: impl Fn(&ResourceTypeInfo) -> bool) -> Vec<&'static str> {
    CATALOGUE
        .iter()
        .filter(|info| feature(info))
        .map(|info| info.name)
        .collect()
}

/// Whether `name` has `feature` (false for unknown types).
pub fn has(name: &str, feature: impl Fn(&ResourceTypeInfo) -> bool) -> bool {
    info(name).is_some_and(feature)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(arn: &str) -> Option<(&'static str, String)> {
        classify(arn).map(|k| (k.resource_type, k.resource_name))
    }

    #[test]
    fn classifies_the_resources_backup_protects() {
        let cases = [
            (
                "arn:aws:ec2:us-east-1:123456789012:volume/vol-0abc",
                "EBS",
                "vol-0abc",
            ),
            (
                "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc",
                "EC2",
                "i-0abc",
            ),
            (
                "arn:aws:rds:us-east-1:123456789012:db:orders",
                "RDS",
                "orders",
            ),
            (
                "arn:aws:rds:us-east-1:123456789012:cluster:aurora-1",
                "Aurora",
                "aurora-1",
            ),
            (
                "arn:aws:dynamodb:us-east-1:123456789012:table/Orders",
                "DynamoDB",
                "Orders",
            ),
            (
                "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-1",
                "EFS",
                "fs-1",
            ),
            ("arn:aws:s3:::my-bucket", "S3", "my-bucket"),
            (
                "arn:aws:fsx:us-east-1:123456789012:file-system/fs-0123",
                "FSx",
                "fs-0123",
            ),
            (
                "arn:aws:cloudformation:us-east-1:123456789012:stack/app/1b2c",
                "CloudFormation",
                "app",
            ),
            (
                "arn:aws:backup-gateway:us-east-1:123456789012:vm/vm-1",
                "VirtualMachine",
                "vm-1",
            ),
        ];
        for (arn, resource_type, name) in cases {
            assert_eq!(kind(arn), Some((resource_type, name.to_owned())), "{arn}");
        }
    }

    #[test]
    fn refuses_what_backup_cannot_protect() {
        for arn in [
            "arn:aws:lambda:us-east-1:123456789012:function:f",
            "arn:aws:ec2:us-east-1::snapshot/snap-1",
            "arn:aws:s3:::bucket/key",
            "not-an-arn",
        ] {
            assert_eq!(kind(arn), None, "{arn}");
        }
    }

    #[test]
    fn every_type_an_arn_gives_is_in_the_catalogue() {
        let arns = [
            "arn:aws:rds:us-east-1:123456789012:cluster:c",
            "arn:aws:cloudformation:us-east-1:123456789012:stack/app/1b2c",
            "arn:aws:dsql:us-east-1:123456789012:cluster/abcdefghijklmnopqrstuvwxyz",
            "arn:aws:dynamodb:us-east-1:123456789012:table/T",
            "arn:aws:ec2:us-east-1:123456789012:volume/vol-1",
            "arn:aws:ec2:us-east-1:123456789012:instance/i-1",
            "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-1",
            "arn:aws:eks:us-east-1:123456789012:cluster/prod",
            "arn:aws:fsx:us-east-1:123456789012:file-system/fs-1",
            "arn:aws:rds:us-east-1:123456789012:db:d",
            "arn:aws:redshift:us-east-1:123456789012:cluster:dw",
            "arn:aws:redshift-serverless:us-east-1:123456789012:namespace/n",
            "arn:aws:s3:::bucket",
            "arn:aws:ssm-sap:us-east-1:123456789012:HANA/app/DB/SYSTEMDB",
            "arn:aws:storagegateway:us-east-1:123456789012:gateway/sgw-1/volume/vol-1",
            "arn:aws:timestream:us-east-1:123456789012:database/db/table/t",
            "arn:aws:backup-gateway:us-east-1:123456789012:vm/vm-1",
        ];
        let mut reached: Vec<&str> = arns
            .iter()
            .map(|arn| classify(arn).expect(arn).resource_type)
            .collect();
        assert!(reached.iter().all(|name| is_supported_resource_type(name)));
        reached.sort_unstable();
        reached.dedup();
        // Every type but the two engines an RDS cluster ARN cannot tell apart from Aurora.
        let mut expected = names_with(|t| !matches!(t.name, "DocumentDB" | "Neptune"));
        expected.sort_unstable();
        assert_eq!(reached, expected);
        assert_eq!(
            kind("arn:aws:eks:us-east-1:123456789012:cluster/prod"),
            Some(("EKS", "prod".to_owned()))
        );
    }

    #[test]
    fn the_feature_columns_follow_the_developer_guide() {
        assert_eq!(names_with(|t| t.management_preference), ["DynamoDB", "EFS"]);
        assert_eq!(names_with(|t| t.incremental_opt_in), ["DynamoDB"]);
        assert_eq!(names_with(|t| t.index), ["EBS", "S3"]);
        assert_eq!(names_with(|t| t.malware_scan), ["EBS", "EC2", "S3"]);
        assert_eq!(names_with(|t| t.access_points), ["S3"]);
        assert_eq!(names_with(|t| !t.listed), ["DSQL", "Redshift Serverless"]);
        assert!(!has("RDS", |t| t.cold_storage != ColdStorage::Never));
        assert!(has("EFS", |t| t.cold_storage == ColdStorage::Always));
    }

    #[test]
    fn rds_clusters_take_their_type_from_their_engine() {
        let arn = "arn:aws:rds:us-east-1:123456789012:cluster:c1";
        let engine = |e: &str| BTreeMap::from([("Engine".to_owned(), e.to_owned())]);
        let typed =
            |p: Option<&BTreeMap<String, String>>| classify_with(arn, p).map(|k| k.resource_type);
        assert_eq!(typed(None), Some("Aurora"));
        assert_eq!(typed(Some(&engine("aurora-postgresql"))), Some("Aurora"));
        assert_eq!(typed(Some(&engine("docdb"))), Some("DocumentDB"));
        assert_eq!(typed(Some(&engine("neptune"))), Some("Neptune"));
        let db = "arn:aws:rds:us-east-1:123456789012:db:d";
        assert_eq!(
            classify_with(db, Some(&engine("docdb"))).map(|k| k.resource_type),
            Some("RDS")
        );
    }
}
