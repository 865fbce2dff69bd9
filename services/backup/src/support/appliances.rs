//! Backup appliances and the resources registered with them, as far as AWS Backup sees them.
//!
//! Appliances, and the resources registered with them, belong to another service, AWS Backup
//! External (`backup-external`, API 2026-01-01, shipped in the same botocore release as Backup's
//! `CreateLocalBackupVault`). Its model gives their ARNs:
//!
//! - an appliance: `arn:aws[a-z0-9-]{0,30}:backup-external:[a-z0-9-]{1,30}:[0-9]{12}:appliance:[a-zA-Z0-9-]{36}`;
//! - a resource target, a resource registered through a resource provider of an appliance (a
//!   VMware VM, a NAS file system, a SQL Server or Oracle database, a server's file systems):
//!   `arn:aws[a-z0-9-]{0,30}:backup-external:[a-z0-9-]{1,30}:[0-9]{12}:resource-target:[a-z0-9-]{1,30}/[a-z0-9]{1,36}`.
//!
//! AWS Backup's developer guide ("Resource types reference"): "When you register a resource
//! provider, AWS Backup discovers the resource targets beneath it and assigns each a standard AWS
//! ARN", used "in IAM policies, backup plans, and API calls". So a resource target is what a
//! backup plan's selection names to back up a registered resource.

use aws_arn::Arn;

/// The service that owns appliances and resource targets.
const SERVICE: &str = "backup-external";

/// Whether `arn` has the shape of a backup appliance's ARN (Backup External's `ApplianceArn`
/// pattern), in any account and Region.
pub fn is_appliance_arn(arn: &str) -> bool {
    let Some(parts) = parts(arn) else {
        return false;
    };
    let Some(id) = parts.resource.strip_prefix("appliance:") else {
        return false;
    };
    arn.len() <= 256 && id.len() == 36 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The resource types of the resource targets Backup External registers, by the first segment
/// of a resource target ARN's resource id: the model's `ResourceTargetType` values, spelled in
/// the ARN in lower case with hyphens.
const TARGET_TYPES: &[(&str, &str)] = &[
    ("mssql-database", "MSSQL_DATABASE"),
    ("nas-filesystem", "NAS_FILESYSTEM"),
    ("oracledb-database", "ORACLEDB_DATABASE"),
    ("server-filesystem", "SERVER_FILESYSTEM"),
    ("vmware-vm", "VMWARE_VM"),
];

/// A resource registered with a backup appliance: its resource type and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceTarget<'a> {
    /// `ResourceType`: the target type (`VMWARE_VM`, …).
    pub resource_type: &'static str,
    /// The target's id, the ARN's last segment.
    pub id: &'a str,
}

/// The resource target `arn` names, when it is the ARN of a resource registered with a backup
/// appliance (`…:resource-target:vmware-vm/0123abcd`).
pub fn resource_target(arn: &str) -> Option<ResourceTarget<'_>> {
    let parts = parts(arn)?;
    let (kind, id) = parts
        .resource
        .strip_prefix("resource-target:")?
        .split_once('/')?;
    let resource_type = TARGET_TYPES
        .iter()
        .find(|(segment, _)| *segment == kind)
        .map(|(_, resource_type)| *resource_type)?;
    let id_ok = (1..=36).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    (arn.len() <= 256 && id_ok).then_some(ResourceTarget { resource_type, id })
}

/// The resource target types (`MSSQL_DATABASE`, …), in a fixed order.
pub fn target_type_names() -> impl Iterator<Item = &'static str> {
    TARGET_TYPES.iter().map(|(_, name)| *name)
}

/// Whether `resource_type` is one of the resource target types (`VMWARE_VM`, …).
pub fn is_resource_target_type(resource_type: &str) -> bool {
    TARGET_TYPES.iter().any(|(_, name)| *name == resource_type)
}

/// A Backup External ARN's parts.
struct Parts<'a> {
    resource: &'a str,
}

/// `arn`'s resource when it is a Backup External ARN with a Region and a 12-digit account.
fn parts(arn: &str) -> Option<Parts<'_>> {
    let parsed = Arn::parse(arn).ok()?;
    let partition_ok = parsed.partition().strip_prefix("aws").is_some_and(|rest| {
        rest.len() <= 30
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    });
    let scoped = !parsed.region().is_empty()
        && parsed.account_id().len() == 12
        && parsed.account_id().bytes().all(|b| b.is_ascii_digit());
    if parsed.service() != SERVICE || !partition_ok || !scoped {
        return None;
    }
    // The resource part, borrowed from `arn` itself: everything after the fifth colon.
    let resource = arn.splitn(6, ':').nth(5)?;
    Some(Parts { resource })
}

#[cfg(test)]
mod tests {
    use super::*;

    const APPLIANCE: &str =
        "arn:aws:backup-external:us-east-1:123456789012:appliance:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";

    #[test]
    fn appliance_arns_follow_backup_externals_pattern() {
        assert!(is_appliance_arn(APPLIANCE));
        for bad in [
            "not-an-arn",
            // The shape the emulator accepted before: another service and separator.
            "arn:aws:backup:us-east-1:123456789012:appliance/ap-0123456789abcdef0",
            "arn:aws:backup-external:us-east-1:123456789012:appliance:short",
            "arn:aws:backup-external:us-east-1:123456789012:appliance-node:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
            "arn:aws:backup-external:us-east-1:1234:appliance:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
            "arn:aws:backup-external::123456789012:appliance:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
            "arn:aws:backup-external:us-east-1:123456789012:appliance:0f1e2d3c_4b5a_6978_8a9b_0c1d2e3f4a5b",
        ] {
            assert!(!is_appliance_arn(bad), "{bad}");
        }
    }

    #[test]
    fn resource_targets_name_their_type() {
        let vm = "arn:aws:backup-external:us-east-1:123456789012:resource-target:vmware-vm/0a1b2c";
        assert_eq!(
            resource_target(vm),
            Some(ResourceTarget {
                resource_type: "VMWARE_VM",
                id: "0a1b2c"
            })
        );
        let db =
            "arn:aws:backup-external:us-east-1:123456789012:resource-target:mssql-database/db1";
        assert_eq!(resource_target(db).unwrap().resource_type, "MSSQL_DATABASE");
        for bad in [
            "arn:aws:backup-external:us-east-1:123456789012:resource-target:printer/p1",
            "arn:aws:backup-external:us-east-1:123456789012:resource-target:vmware-vm/",
            "arn:aws:backup-external:us-east-1:123456789012:resource-target:vmware-vm/UPPER",
            "arn:aws:backup-external:us-east-1:123456789012:resource-provider:vmware-vcenter/p1",
            "arn:aws:ec2:us-east-1:123456789012:volume/vol-1",
        ] {
            assert_eq!(resource_target(bad), None, "{bad}");
        }
        assert!(is_resource_target_type("NAS_FILESYSTEM"));
        assert!(!is_resource_target_type("EBS"));
    }
}
