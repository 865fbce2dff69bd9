//! The resource types AWS Backup protects: GetSupportedResourceTypes, and the list every other
//! module that names a resource type (region opt-in settings, resource type derivation from an
//! ARN, backup selections) checks against.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::GetSupportedResourceTypesOutput;
use crate::BackupService;

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
pub(crate) fn is_supported_resource_type(name: &str) -> bool {
    SUPPORTED_RESOURCE_TYPES.contains(&name)
}

/// `GetSupportedResourceTypes`.
pub(crate) fn get_supported_resource_types(
    _svc: &BackupService,
    _ctx: &RequestContext,
) -> Result<GetSupportedResourceTypesOutput, ServiceError> {
    Ok(GetSupportedResourceTypesOutput {
        resource_types: Some(
            SUPPORTED_RESOURCE_TYPES
                .iter()
                .map(|name| (*name).to_owned())
                .collect(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_has_aws_spellings_without_duplicates() {
        let mut sorted = SUPPORTED_RESOURCE_TYPES.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), SUPPORTED_RESOURCE_TYPES.len());
        for name in [
            "Storage Gateway",
            "SAP HANA on Amazon EC2",
            "VirtualMachine",
            "FSx",
        ] {
            assert!(is_supported_resource_type(name), "{name}");
        }
        for name in ["fsx", "StorageGateway", "Lambda", ""] {
            assert!(!is_supported_resource_type(name), "{name}");
        }
    }

    #[test]
    fn management_preference_types_are_supported_types() {
        assert!(MANAGEMENT_PREFERENCE_RESOURCE_TYPES
            .iter()
            .all(|name| is_supported_resource_type(name)));
    }
}
