//! The resource types AWS Backup protects: GetSupportedResourceTypes, and the list every other
//! module that names a resource type (region opt-in settings, resource type derivation from an
//! ARN, backup selections) checks against.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::GetSupportedResourceTypesOutput;
use crate::engine::backend::Backend;
use crate::support::resource_types::SUPPORTED_RESOURCE_TYPES;

/// `GetSupportedResourceTypes`.
pub(crate) fn get_supported_resource_types(
    _svc: &Backend,
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
    use crate::support::resource_types::{
        is_supported_resource_type, MANAGEMENT_PREFERENCE_RESOURCE_TYPES,
    };

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
