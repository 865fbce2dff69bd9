//! The resource types AWS Backup protects: GetSupportedResourceTypes, and the list every other
//! module that names a resource type (region opt-in settings, resource type derivation from an
//! ARN, backup selections) checks against.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::GetSupportedResourceTypesOutput;
use crate::engine::backend::Backend;
use crate::support::resource_types;

/// `GetSupportedResourceTypes`.
pub(crate) fn get_supported_resource_types(
    _svc: &Backend,
    _ctx: &RequestContext,
) -> Result<GetSupportedResourceTypesOutput, ServiceError> {
    Ok(GetSupportedResourceTypesOutput {
        resource_types: Some(
            resource_types::names_with(|t| t.listed)
                .into_iter()
                .map(str::to_owned)
                .collect(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::support::resource_types::{is_supported_resource_type, CATALOGUE};
    use crate::test_support::{ctx, service};

    #[test]
    fn the_list_is_the_api_references_without_duplicates() {
        let listed = get_supported_resource_types(&service(), &ctx())
            .unwrap()
            .resource_types
            .unwrap();
        // botocore 1.44.18, GetSupportedResourceTypesOutput.ResourceTypes.
        let documented = [
            "Aurora",
            "CloudFormation",
            "DocumentDB",
            "DynamoDB",
            "EBS",
            "EC2",
            "EFS",
            "EKS",
            "FSx",
            "Neptune",
            "RDS",
            "Redshift",
            "S3",
            "SAP HANA on Amazon EC2",
            "Storage Gateway",
            "Timestream",
            "VirtualMachine",
        ];
        assert_eq!(listed, documented);
        let mut names: Vec<_> = CATALOGUE.iter().map(|t| t.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), CATALOGUE.len());
        for name in ["fsx", "StorageGateway", "Lambda", ""] {
            assert!(!is_supported_resource_type(name), "{name}");
        }
    }
}
