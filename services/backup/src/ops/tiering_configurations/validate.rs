//! The rules a tiering configuration's body follows beyond the model (the gateway already holds
//! names to their patterns and `TieringDownSettingsInDays` to 60..=36500): at most 5 resource
//! selections, of resource type `S3` only, each listing `*` alone or S3 bucket ARNs, at most 100
//! specific resources in all; a `CreatorRequestId` of 1 to 50 alphanumeric or `-_.`
//! characters; and a vault that exists, unless the configuration is for every vault.

use emulator_core::ServiceError;

use crate::api::generated::ResourceSelection;
use crate::model::tiering_config::ALL_VAULTS;
use crate::state::RegionState;
use crate::support::errors::{invalid_parameter, limit_exceeded};
use crate::support::resource_types;

/// Resource selections per configuration.
const MAX_SELECTIONS: usize = 5;
/// Specific resources (ARNs rather than `*`) per configuration.
const MAX_RESOURCES: usize = 100;
/// The only resource type that can be tiered today.
const TIERED_TYPE: &str = "S3";
/// "Every resource of the type".
const WILDCARD: &str = "*";

/// Checks a configuration's `ResourceSelection`.
pub fn resource_selection(selections: &[ResourceSelection]) -> Result<(), ServiceError> {
    if selections.is_empty() {
        return Err(invalid_parameter(
            "ResourceSelection must contain at least one resource selection",
        ));
    }
    if selections.len() > MAX_SELECTIONS {
        return Err(limit_exceeded(format!(
            "A tiering configuration can have at most {MAX_SELECTIONS} resource selections; \
             {} were given",
            selections.len()
        )));
    }
    let mut specific = 0;
    for selection in selections {
        if selection.resource_type != TIERED_TYPE {
            return Err(invalid_parameter(format!(
                "ResourceType {} is not supported for tiering; only {TIERED_TYPE} is",
                selection.resource_type
            )));
        }
        if selection.resources.is_empty() {
            return Err(invalid_parameter(
                "Resources must list at least one resource ARN or *",
            ));
        }
        let wildcard = selection.resources.iter().any(|r| r == WILDCARD);
        if wildcard && selection.resources.len() > 1 {
            return Err(invalid_parameter(
                "Resources must be either * alone or a list of resource ARNs",
            ));
        }
        if let Some(bad) = selection.resources.iter().find(|arn| {
            *arn != WILDCARD
                && resource_types::classify(arn).map(|kind| kind.resource_type) != Some(TIERED_TYPE)
        }) {
            return Err(invalid_parameter(format!(
                "Resource {bad} is not the ARN of an Amazon S3 bucket"
            )));
        }
        if !wildcard {
            specific += selection.resources.len();
        }
    }
    if specific > MAX_RESOURCES {
        return Err(limit_exceeded(format!(
            "A tiering configuration can name at most {MAX_RESOURCES} specific resources; \
             {specific} were given"
        )));
    }
    Ok(())
}

/// Checks that `vault_name` is `*` or a vault of the region.
pub fn vault(region: &RegionState, vault_name: &str) -> Result<(), ServiceError> {
    if vault_name == ALL_VAULTS || region.vaults.contains_key(vault_name) {
        Ok(())
    } else {
        Err(invalid_parameter(format!(
            "Backup vault {vault_name} does not exist"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selection(resource_type: &str, resources: &[&str]) -> ResourceSelection {
        ResourceSelection {
            resource_type: resource_type.to_owned(),
            resources: resources.iter().map(|r| (*r).to_owned()).collect(),
            tiering_down_settings_in_days: 60,
        }
    }

    fn code(result: Result<(), ServiceError>) -> String {
        crate::test_support::code(&result.unwrap_err()).to_owned()
    }

    #[test]
    fn selections_are_s3_buckets_or_a_lone_wildcard_within_the_limits() {
        assert!(resource_selection(&[selection("S3", &["*"])]).is_ok());
        assert!(
            resource_selection(&[selection("S3", &["arn:aws:s3:::a", "arn:aws:s3:::b"])]).is_ok()
        );
        for bad in [
            vec![],
            vec![selection("EBS", &["*"])],
            vec![selection("S3", &[])],
            vec![selection("S3", &["*", "arn:aws:s3:::a"])],
            vec![selection(
                "S3",
                &["arn:aws:ec2:us-east-1:111122223333:volume/vol-1"],
            )],
            vec![selection("S3", &["bucket"])],
        ] {
            assert_eq!(
                code(resource_selection(&bad)),
                "InvalidParameterValueException"
            );
        }
        let six = vec![selection("S3", &["*"]); 6];
        assert_eq!(code(resource_selection(&six)), "LimitExceededException");
        let buckets: Vec<String> = (0..101).map(|i| format!("arn:aws:s3:::b{i}")).collect();
        let refs: Vec<&str> = buckets.iter().map(String::as_str).collect();
        assert_eq!(
            code(resource_selection(&[selection("S3", &refs)])),
            "LimitExceededException"
        );
    }
}
