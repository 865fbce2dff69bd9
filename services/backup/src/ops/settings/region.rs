//! Per-region settings: DescribeRegionSettings and UpdateRegionSettings.
//!
//! `ResourceTypeOptInPreference` says, per supported resource type, whether AWS Backup protects
//! that type in the region. AWS opts an account into every type supported at the time it starts
//! using AWS Backup in a region (developer guide, "Assign resources to a backup plan"), so every
//! type starts opted in. `ResourceTypeManagementPreference` switches full AWS Backup management
//! for the types that allow it (the catalogue's `management_preference`); it starts on, which
//! is what an account that never turned it off sees (AWS documents no other default).
//! Describe always answers the full maps, defaults filled in; Update changes only the types it
//! names.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{
    DescribeRegionSettingsInput, DescribeRegionSettingsOutput, UpdateRegionSettingsInput,
};
use crate::engine::backend::Backend;
use crate::support::errors::{invalid_parameter, missing_parameter};
use crate::support::resource_types::{self, is_supported_resource_type};

/// `DescribeRegionSettings`.
pub(crate) fn describe_region_settings(
    svc: &Backend,
    ctx: &RequestContext,
    _input: DescribeRegionSettingsInput,
) -> Result<DescribeRegionSettingsOutput, ServiceError> {
    Ok(svc
        .store
        .with_region(ctx, |region| DescribeRegionSettingsOutput {
            resource_type_opt_in_preference: Some(region.settings.opt_in_preferences()),
            resource_type_management_preference: Some(region.settings.management_preferences()),
            resource_type_opt_in_incremental: Some(region.settings.incremental_preferences()),
        }))
}

/// `UpdateRegionSettings`.
pub(crate) fn update_region_settings(
    svc: &Backend,
    ctx: &RequestContext,
    input: UpdateRegionSettingsInput,
) -> Result<(), ServiceError> {
    let opt_in = input.resource_type_opt_in_preference.unwrap_or_default();
    let management = input
        .resource_type_management_preference
        .unwrap_or_default();
    let incremental = input.resource_type_opt_in_incremental.unwrap_or_default();
    if opt_in.is_empty() && management.is_empty() && incremental.is_empty() {
        return Err(missing_parameter(
            "Either ResourceTypeOptInPreference or ResourceTypeManagementPreference is required",
        ));
    }
    // "Incremental backup opt-in is currently available for Amazon DynamoDB" (API reference,
    // UpdateRegionSettings); AWS's message for an unknown opt-in type, reworded for this map.
    if !incremental
        .keys()
        .all(|name| resource_types::has(name, |t| t.incremental_opt_in))
    {
        return Err(invalid_parameter(
            "Element present in resource type opt in incremental has invalid values. Please use \
             describeRegionSettings API to know the supported resource types",
        ));
    }
    // AWS's own wording (observed on UpdateRegionSettings with a type the region lacks).
    if !opt_in.keys().all(|name| is_supported_resource_type(name)) {
        return Err(invalid_parameter(
            "Element present in resource type opt in preference has invalid values. Please use \
             describeRegionSettings API to know the supported resource types",
        ));
    }
    if !management
        .keys()
        .all(|name| resource_types::has(name, |t| t.management_preference))
    {
        return Err(invalid_parameter(
            "Element present in resource type management preference has invalid values. Please \
             use describeRegionSettings API to know the supported resource types",
        ));
    }
    svc.store.with_region(ctx, |region| {
        region.settings.update(opt_in, management);
        region.settings.update_incremental(incremental);
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    use crate::support::resource_types::CATALOGUE;
    use crate::test_support::{code, ctx, service, ACCOUNT};
    use crate::BackupService;

    fn map(pairs: &[(&str, bool)]) -> Option<BTreeMap<String, bool>> {
        Some(pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect())
    }

    fn describe(svc: &BackupService) -> DescribeRegionSettingsOutput {
        describe_region_settings(svc, &ctx(), DescribeRegionSettingsInput {}).unwrap()
    }

    #[test]
    fn describe_fills_every_type_with_its_default() {
        let out = describe(&service());
        let opt_in = out.resource_type_opt_in_preference.unwrap();
        assert_eq!(opt_in.len(), CATALOGUE.len());
        assert!(opt_in.values().all(|v| *v));
        assert_eq!(
            out.resource_type_management_preference.unwrap(),
            map(&[("DynamoDB", true), ("EFS", true)]).unwrap()
        );
    }

    #[test]
    fn update_changes_only_the_named_types() {
        let svc = service();
        update_region_settings(
            &svc,
            &ctx(),
            UpdateRegionSettingsInput {
                resource_type_opt_in_incremental: None,
                resource_type_opt_in_preference: map(&[
                    ("Aurora", false),
                    ("Storage Gateway", false),
                ]),
                resource_type_management_preference: map(&[("DynamoDB", false)]),
            },
        )
        .unwrap();
        let out = describe(&svc);
        let opt_in = out.resource_type_opt_in_preference.unwrap();
        assert!(!opt_in["Aurora"]);
        assert!(!opt_in["Storage Gateway"]);
        assert!(opt_in["EBS"]);
        let management = out.resource_type_management_preference.unwrap();
        assert!(!management["DynamoDB"]);
        assert!(management["EFS"]);
        update_region_settings(
            &svc,
            &ctx(),
            UpdateRegionSettingsInput {
                resource_type_opt_in_incremental: None,
                resource_type_opt_in_preference: map(&[("Aurora", true)]),
                resource_type_management_preference: None,
            },
        )
        .unwrap();
        let settings = svc
            .store
            .with_region(&ctx(), |region| region.settings.clone());
        assert!(settings.is_opted_in("Aurora"));
        assert!(!settings.is_opted_in("Storage Gateway"));
        assert!(!settings.is_fully_managed("DynamoDB"));
        assert!(!settings.is_opted_in("Lambda"));
        assert!(!settings.is_fully_managed("EBS"));
    }

    #[test]
    fn unknown_types_are_invalid_and_change_nothing() {
        let svc = service();
        let cases = [
            (map(&[("EBS", false), ("Lambda", false)]), None),
            (map(&[("ebs", false)]), None),
            (map(&[("EBS", false)]), map(&[("EBS", false)])),
            (None, map(&[("DynamoDB", false), ("S3", true)])),
        ];
        for (opt_in, management) in cases {
            let err = update_region_settings(
                &svc,
                &ctx(),
                UpdateRegionSettingsInput {
                    resource_type_opt_in_incremental: None,
                    resource_type_opt_in_preference: opt_in.clone(),
                    resource_type_management_preference: management.clone(),
                },
            )
            .unwrap_err();
            assert_eq!(code(&err), "InvalidParameterValueException");
            assert!(err.message().contains("describeRegionSettings"));
        }
        let out = describe(&svc);
        assert!(out.resource_type_opt_in_preference.unwrap()["EBS"]);
        assert!(out.resource_type_management_preference.unwrap()["DynamoDB"]);
    }

    #[test]
    fn an_update_with_nothing_to_change_is_missing_a_parameter() {
        let svc = service();
        for input in [
            UpdateRegionSettingsInput::default(),
            UpdateRegionSettingsInput {
                resource_type_opt_in_incremental: None,
                resource_type_opt_in_preference: map(&[]),
                resource_type_management_preference: map(&[]),
            },
        ] {
            let err = update_region_settings(&svc, &ctx(), input).unwrap_err();
            assert_eq!(code(&err), "MissingParameterValueException");
        }
    }

    #[test]
    fn settings_are_kept_per_region() {
        let svc = service();
        update_region_settings(
            &svc,
            &ctx(),
            UpdateRegionSettingsInput {
                resource_type_opt_in_incremental: None,
                resource_type_opt_in_preference: map(&[("S3", false)]),
                resource_type_management_preference: None,
            },
        )
        .unwrap();
        let other = RequestContext::new(ACCOUNT, "eu-west-1");
        let out = describe_region_settings(&svc, &other, DescribeRegionSettingsInput {}).unwrap();
        assert!(out.resource_type_opt_in_preference.unwrap()["S3"]);
        assert!(!describe(&svc).resource_type_opt_in_preference.unwrap()["S3"]);
    }
}
