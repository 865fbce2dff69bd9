//! Which AWS Backup resource type an ARN names, and the resource name AWS reports for it.
//!
//! AWS derives `ResourceType` from the protected resource's ARN; an ARN of a service Backup
//! cannot protect is refused with `InvalidParameterValueException: Unsupported resource type`.

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
        ("rds", "cluster") => "Aurora",
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

/// Every resource type AWS Backup supports, spelled as the API spells it, in the order
/// GetSupportedResourceTypes answers.
///
/// The names are the API reference's list for GetSupportedResourceTypes (which includes `EKS`
/// since EKS support launched) plus `DSQL` (Aurora DSQL) and `Redshift Serverless`, which AWS
/// accepts and returns in the region opt-in preferences although the reference does not list them
/// yet (the Terraform provider's acceptance test of `aws_backup_region_settings`, run against AWS,
/// sets and reads back all of them). Several names contain spaces.
pub const SUPPORTED_RESOURCE_TYPES: &[&str] = &[
    "Aurora",
    "CloudFormation",
    "DocumentDB",
    "DSQL",
    "DynamoDB",
    "EBS",
    "EC2",
    "EFS",
    "EKS",
    "FSx",
    "Neptune",
    "RDS",
    "Redshift",
    "Redshift Serverless",
    "S3",
    "SAP HANA on Amazon EC2",
    "Storage Gateway",
    "Timestream",
    "VirtualMachine",
];

/// The resource types whose full AWS Backup management can be switched with
/// `ResourceTypeManagementPreference`; DescribeRegionSettings reports exactly these.
pub const MANAGEMENT_PREFERENCE_RESOURCE_TYPES: &[&str] = &["DynamoDB", "EFS"];

/// Whether `name` is one of [`SUPPORTED_RESOURCE_TYPES`] (exact, case-sensitive, as AWS
/// compares them).
pub fn is_supported_resource_type(name: &str) -> bool {
    SUPPORTED_RESOURCE_TYPES.contains(&name)
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
}
