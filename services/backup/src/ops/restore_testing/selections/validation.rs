//! Validation of restore testing selection input (API reference,
//! `CreateRestoreTestingSelection`, `RestoreTestingSelectionForCreate`; developer guide,
//! "Restore testing quotas and parameters"):
//!
//! - a selection names its resources by `ProtectedResourceArns` (up to 30 ARNs of its
//!   `ProtectedResourceType`) or by the wildcard `["*"]` and/or `ProtectedResourceConditions`
//!   (up to 30 tag conditions); specific ARNs and conditions together are refused;
//! - `ValidationWindowHours` is 0 to 168 (default 0: deleted as soon as the test completes).

use std::collections::BTreeMap;

use emulator_core::ServiceError;

use crate::api::generated::{
    ProtectedResourceConditions, RestoreTestingSelectionForCreate, RestoreTestingSelectionForUpdate,
};
use crate::model::restore_testing_selection::{
    ResourceScope, RestoreTestingSelection, TagConditions, ANY_RESOURCE,
};
use crate::support::arns::check_role_arn;
use crate::support::errors::{invalid_parameter, missing_parameter};
use crate::support::resource_types;

/// The longest selection name.
const MAX_NAME_LENGTH: usize = 50;
/// At most this many ARNs, and this many conditions, per selection.
const MAX_PER_SELECTION: usize = 30;
/// `ValidationWindowHours` bounds: none to a week.
const VALIDATION_WINDOW_HOURS: std::ops::RangeInclusive<i32> = 0..=168;

/// Everything about a selection that UpdateRestoreTestingSelection may change.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectionSettings {
    /// `IamRoleArn`.
    pub iam_role_arn: String,
    /// `ProtectedResourceArns` / `ProtectedResourceConditions`.
    pub scope: ResourceScope,
    /// `RestoreMetadataOverrides`.
    pub metadata_overrides: BTreeMap<String, String>,
    /// `ValidationWindowHours`.
    pub validation_window_hours: i32,
}

/// A validated CreateRestoreTestingSelection selection.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSelection {
    /// `RestoreTestingSelectionName`.
    pub name: String,
    /// `ProtectedResourceType`.
    pub resource_type: String,
    /// The rest.
    pub settings: SelectionSettings,
}

/// Validates CreateRestoreTestingSelection's selection.
pub fn validate_create(
    input: RestoreTestingSelectionForCreate,
) -> Result<NewSelection, ServiceError> {
    check_name(&input.restore_testing_selection_name)?;
    check_resource_type(&input.protected_resource_type)?;
    check_role_arn(&input.iam_role_arn)?;
    let scope = scope(
        input.protected_resource_arns,
        input.protected_resource_conditions,
        &input.protected_resource_type,
    )?;
    Ok(NewSelection {
        name: input.restore_testing_selection_name,
        resource_type: input.protected_resource_type,
        settings: SelectionSettings {
            iam_role_arn: input.iam_role_arn,
            scope,
            metadata_overrides: input.restore_metadata_overrides.unwrap_or_default(),
            validation_window_hours: validation_window(input.validation_window_hours)?,
        },
    })
}

/// The settings `current` has after UpdateRestoreTestingSelection with `input`: given members
/// replace the selection's. To move from specific ARNs to tags, give the wildcard with the
/// conditions (developer guide); giving specific ARNs alone drops the conditions.
pub fn validate_update(
    current: &RestoreTestingSelection,
    input: RestoreTestingSelectionForUpdate,
) -> Result<SelectionSettings, ServiceError> {
    let iam_role_arn = match input.iam_role_arn {
        Some(role) => {
            check_role_arn(&role)?;
            role
        }
        None => current.iam_role_arn.clone(),
    };
    let scope = if input.protected_resource_arns.is_none()
        && input.protected_resource_conditions.is_none()
    {
        current.scope.clone()
    } else {
        let gives_specific_arns = input
            .protected_resource_arns
            .as_ref()
            .is_some_and(|arns| !arns.is_empty() && !is_wildcard(arns));
        let conditions = match input.protected_resource_conditions {
            Some(given) => Some(given),
            None if gives_specific_arns => None,
            None => current.scope.conditions().map(TagConditions::to_api),
        };
        let arns = input
            .protected_resource_arns
            .or_else(|| Some(current.scope.arns()));
        scope(arns, conditions, &current.resource_type)?
    };
    Ok(SelectionSettings {
        iam_role_arn,
        scope,
        metadata_overrides: input
            .restore_metadata_overrides
            .unwrap_or_else(|| current.metadata_overrides.clone()),
        validation_window_hours: match input.validation_window_hours {
            Some(hours) => validation_window(Some(hours))?,
            None => current.validation_window_hours,
        },
    })
}

/// `RestoreTestingSelectionName`: 1 to 50 letters, digits, hyphens or underscores, starting
/// with a letter or digit.
fn check_name(name: &str) -> Result<(), ServiceError> {
    let valid = (1..=MAX_NAME_LENGTH).contains(&name.chars().count())
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'));
    if valid {
        Ok(())
    } else {
        Err(invalid_parameter(format!(
            "Invalid RestoreTestingSelectionName {name}. The name must consist of 1 to \
             {MAX_NAME_LENGTH} letters, numbers, hyphens or underscores and start with a letter \
             or number."
        )))
    }
}

/// Restore testing supports the catalogue's types marked `restore_testing` (developer guide,
/// "Restore testing").
fn check_resource_type(resource_type: &str) -> Result<(), ServiceError> {
    if resource_types::has(resource_type, |t| t.restore_testing) {
        Ok(())
    } else {
        Err(invalid_parameter(format!(
            "Invalid ProtectedResourceType {resource_type}. Restore testing supports {}.",
            resource_types::names_with(|t| t.restore_testing).join(", ")
        )))
    }
}

fn validation_window(hours: Option<i32>) -> Result<i32, ServiceError> {
    let hours = hours.unwrap_or(0);
    if VALIDATION_WINDOW_HOURS.contains(&hours) {
        Ok(hours)
    } else {
        Err(invalid_parameter(format!(
            "Invalid ValidationWindowHours {hours}. ValidationWindowHours must be between {} and \
             {} hours.",
            VALIDATION_WINDOW_HOURS.start(),
            VALIDATION_WINDOW_HOURS.end()
        )))
    }
}

fn is_wildcard(arns: &[String]) -> bool {
    arns.iter().all(|arn| arn == ANY_RESOURCE)
}

/// Which resources the selection chooses, from `ProtectedResourceArns` and
/// `ProtectedResourceConditions`.
fn scope(
    arns: Option<Vec<String>>,
    conditions: Option<ProtectedResourceConditions>,
    resource_type: &str,
) -> Result<ResourceScope, ServiceError> {
    let conditions = TagConditions::from_api(conditions);
    if conditions.len() > MAX_PER_SELECTION {
        return Err(invalid_parameter(format!(
            "Invalid ProtectedResourceConditions: at most {MAX_PER_SELECTION} conditions may be \
             given."
        )));
    }
    let arns = arns.unwrap_or_default();
    if arns.is_empty() {
        return if conditions.is_empty() {
            Err(missing_parameter(
                "A restore testing selection must include ProtectedResourceArns or \
                 ProtectedResourceConditions.",
            ))
        } else {
            Ok(ResourceScope::Tagged(conditions))
        };
    }
    if is_wildcard(&arns) {
        return Ok(ResourceScope::Tagged(conditions));
    }
    if arns.iter().any(|arn| arn == ANY_RESOURCE) {
        return Err(invalid_parameter(
            "Invalid ProtectedResourceArns: give either the wildcard \"*\" or specific ARNs, \
             not both.",
        ));
    }
    if !conditions.is_empty() {
        return Err(invalid_parameter(
            "Invalid restore testing selection: ProtectedResourceConditions can only be used \
             with the wildcard ProtectedResourceArns [\"*\"], not with specific ARNs.",
        ));
    }
    if arns.len() > MAX_PER_SELECTION {
        return Err(invalid_parameter(format!(
            "Invalid ProtectedResourceArns: at most {MAX_PER_SELECTION} ARNs may be given."
        )));
    }
    for arn in &arns {
        check_resource_arn(arn, resource_type)?;
    }
    let mut unique = Vec::with_capacity(arns.len());
    for arn in arns {
        if !unique.contains(&arn) {
            unique.push(arn);
        }
    }
    Ok(ResourceScope::Arns(unique))
}

/// A protected resource ARN must name a resource of the selection's type (DocumentDB and
/// Neptune clusters have RDS cluster ARNs).
fn check_resource_arn(arn: &str, resource_type: &str) -> Result<(), ServiceError> {
    let Some(kind) = resource_types::classify(arn) else {
        return Err(invalid_parameter(format!(
            "Invalid ProtectedResourceArns value {arn}: not the ARN of a resource AWS Backup \
             protects."
        )));
    };
    let compatible = kind.resource_type == resource_type
        || (kind.resource_type == "Aurora" && matches!(resource_type, "DocumentDB" | "Neptune"));
    if compatible {
        Ok(())
    } else {
        Err(invalid_parameter(format!(
            "Invalid ProtectedResourceArns value {arn}: it is a {} resource, but the selection's \
             ProtectedResourceType is {resource_type}.",
            kind.resource_type
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::generated::KeyValue;

    const ROLE: &str = "arn:aws:iam::111122223333:role/restore";
    const VOLUME: &str = "arn:aws:ec2:us-east-1:111122223333:volume/vol-1";

    fn create(arns: Option<&[&str]>, conditions: usize) -> RestoreTestingSelectionForCreate {
        RestoreTestingSelectionForCreate {
            iam_role_arn: ROLE.to_owned(),
            protected_resource_arns: arns.map(|a| a.iter().map(|s| (*s).to_owned()).collect()),
            protected_resource_conditions: (conditions > 0).then(|| ProtectedResourceConditions {
                string_equals: Some(
                    (0..conditions)
                        .map(|i| KeyValue {
                            key: format!("k{i}"),
                            value: "v".to_owned(),
                        })
                        .collect(),
                ),
                string_not_equals: None,
            }),
            protected_resource_type: "EBS".to_owned(),
            restore_testing_selection_name: "volumes".to_owned(),
            ..Default::default()
        }
    }

    fn error(input: RestoreTestingSelectionForCreate) -> String {
        validate_create(input)
            .expect_err("invalid")
            .message()
            .to_owned()
    }

    #[test]
    fn arns_or_the_wildcard_with_conditions() {
        let specific = validate_create(create(Some(&[VOLUME, VOLUME]), 0)).unwrap();
        assert_eq!(
            specific.settings.scope,
            ResourceScope::Arns(vec![VOLUME.to_owned()])
        );
        assert_eq!(specific.settings.validation_window_hours, 0);
        let tagged = validate_create(create(Some(&["*"]), 2)).unwrap();
        assert_eq!(
            tagged.settings.scope.conditions().map(TagConditions::len),
            Some(2)
        );
        assert!(validate_create(create(None, 1)).is_ok());
        assert!(validate_create(create(Some(&["*"]), 0)).is_ok());
        assert!(error(create(None, 0)).contains("must include"));
        assert!(error(create(Some(&[VOLUME]), 1)).contains("only be used with the wildcard"));
        assert!(error(create(Some(&["*", VOLUME]), 0)).contains("not both"));
        assert!(error(create(None, 31)).contains("at most 30 conditions"));
    }

    #[test]
    fn arns_must_be_of_the_selection_type_and_at_most_thirty() {
        let table = "arn:aws:dynamodb:us-east-1:111122223333:table/T";
        assert!(error(create(Some(&[table]), 0)).contains("DynamoDB resource"));
        assert!(error(create(Some(&["not-an-arn"]), 0)).contains("not-an-arn"));
        let many: Vec<String> = (0..31)
            .map(|i| format!("arn:aws:ec2:us-east-1:111122223333:volume/vol-{i}"))
            .collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert!(error(create(Some(&many), 0)).contains("at most 30 ARNs"));
    }

    #[test]
    fn names_types_roles_and_windows_are_checked() {
        let mut input = create(Some(&["*"]), 0);
        input.restore_testing_selection_name = "-bad".into();
        assert!(error(input).contains("RestoreTestingSelectionName"));
        let mut input = create(Some(&["*"]), 0);
        input.protected_resource_type = "Lambda".into();
        assert!(error(input).contains("ProtectedResourceType Lambda"));
        let mut input = create(Some(&["*"]), 0);
        input.iam_role_arn = "role".into();
        assert!(error(input).contains("IAM role"));
        let mut input = create(Some(&["*"]), 0);
        input.validation_window_hours = Some(169);
        assert!(error(input).contains("ValidationWindowHours"));
    }

    #[test]
    fn updates_replace_given_members_only() {
        let new = validate_create(create(Some(&[VOLUME]), 0)).unwrap();
        let current = RestoreTestingSelection {
            name: new.name,
            plan_name: "p".into(),
            creator_request_id: None,
            resource_type: new.resource_type,
            iam_role_arn: new.settings.iam_role_arn,
            scope: new.settings.scope,
            metadata_overrides: BTreeMap::new(),
            validation_window_hours: 0,
            creation_time: Default::default(),
            last_update_time: None,
        };
        let window = validate_update(
            &current,
            RestoreTestingSelectionForUpdate {
                validation_window_hours: Some(4),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(window.validation_window_hours, 4);
        assert_eq!(window.scope, current.scope);
        let conditions = Some(ProtectedResourceConditions {
            string_equals: Some(vec![KeyValue {
                key: "env".into(),
                value: "prod".into(),
            }]),
            string_not_equals: None,
        });
        // Conditions alone cannot join specific ARNs; with the wildcard they replace them.
        assert!(validate_update(
            &current,
            RestoreTestingSelectionForUpdate {
                protected_resource_conditions: conditions.clone(),
                ..Default::default()
            },
        )
        .is_err());
        let tagged = validate_update(
            &current,
            RestoreTestingSelectionForUpdate {
                protected_resource_arns: Some(vec!["*".into()]),
                protected_resource_conditions: conditions,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(tagged.scope.arns(), ["*"]);
    }
}
