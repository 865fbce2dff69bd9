//! Checks on a `BackupSelection` that the model cannot express.

use aws_arn::Arn;
use emulator_core::ServiceError;

use crate::api::generated::BackupSelection;
use crate::support::errors::{invalid_parameter, limit_exceeded, missing_parameter};

/// At most this many resource ARNs without wildcards (CreateBackupSelection reference).
const MAX_RESOURCES: usize = 500;
/// At most this many resource ARNs with wildcards.
const MAX_WILDCARD_RESOURCES: usize = 30;

/// Validates a selection before it is stored.
pub fn validate_selection(selection: &BackupSelection) -> Result<(), ServiceError> {
    validate_iam_role_arn(&selection.iam_role_arn)?;
    let resources = selection.resources.as_deref().unwrap_or_default();
    let tags = selection.list_of_tags.as_deref().unwrap_or_default();
    // AWS answers differently when nothing at all selects resources and when only `Conditions`
    // (which narrow, never select) are given.
    if selection.resources.is_none()
        && selection.list_of_tags.is_none()
        && selection.conditions.is_none()
    {
        return Err(missing_parameter(
            "Either Resources or Conditions must not be null",
        ));
    }
    if resources.is_empty() && tags.is_empty() {
        return Err(invalid_parameter(
            "Invalid backup selection. Either 'ListOfTags' or 'Resources' section must be \
             non-empty.",
        ));
    }
    for (list, name) in [
        (resources, "Resources"),
        (
            selection.not_resources.as_deref().unwrap_or_default(),
            "NotResources",
        ),
    ] {
        let wildcards = list.iter().filter(|arn| arn.contains('*')).count();
        if list.len() > MAX_RESOURCES || wildcards > MAX_WILDCARD_RESOURCES {
            return Err(limit_exceeded(format!(
                "Invalid backup selection. {name} can contain at most {MAX_RESOURCES} ARNs \
                 without wildcards or {MAX_WILDCARD_RESOURCES} ARNs with wildcards."
            )));
        }
    }
    Ok(())
}

/// `arn:{partition}:iam::{account}:role/{path and name}`.
fn validate_iam_role_arn(text: &str) -> Result<(), ServiceError> {
    let is_role = Arn::parse(text).is_ok_and(|arn| {
        arn.service() == "iam"
            && arn.region().is_empty()
            && arn.account_id().len() == 12
            && arn
                .resource()
                .strip_prefix("role/")
                .is_some_and(|name| !name.is_empty() && !name.ends_with('/'))
    });
    if is_role {
        Ok(())
    } else {
        Err(invalid_parameter(format!(
            "Invalid IamRoleArn {text}. It must be the ARN of an IAM role, such as \
             arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole."
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::generated::{Condition, ConditionType, Conditions};

    fn code(selection: &BackupSelection) -> String {
        crate::test_support::code(&validate_selection(selection).unwrap_err()).to_owned()
    }

    fn selection() -> BackupSelection {
        BackupSelection {
            selection_name: "s".into(),
            iam_role_arn: "arn:aws:iam::123456789012:role/service-role/Backup".into(),
            resources: Some(vec!["arn:aws:ec2:*:*:volume/*".into()]),
            ..Default::default()
        }
    }

    #[test]
    fn a_role_arn_is_required() {
        assert!(validate_selection(&selection()).is_ok());
        for bad in [
            "arn:aws:iam::123456789012:user/bob",
            "arn:aws:iam::123456789012:role/",
            "arn:aws:s3:::bucket",
            "role/x",
            "arn:aws:iam:us-east-1:123456789012:role/x",
        ] {
            let mut s = selection();
            s.iam_role_arn = bad.into();
            assert_eq!(code(&s), "InvalidParameterValueException", "{bad}");
        }
    }

    #[test]
    fn something_must_select_resources() {
        let mut s = selection();
        s.resources = None;
        assert_eq!(code(&s), "MissingParameterValueException");
        s.conditions = Some(Conditions::default());
        assert!(validate_selection(&s)
            .unwrap_err()
            .message()
            .contains("Either 'ListOfTags' or 'Resources'"));
        s.list_of_tags = Some(vec![Condition {
            condition_key: "backup".into(),
            condition_type: ConditionType::Stringequals,
            condition_value: "yes".into(),
        }]);
        assert!(validate_selection(&s).is_ok());
    }

    #[test]
    fn too_many_wildcards_exceed_a_limit() {
        let mut s = selection();
        s.resources = Some(
            (0..31)
                .map(|i| format!("arn:aws:ec2:*:*:volume/v{i}*"))
                .collect(),
        );
        assert_eq!(code(&s), "LimitExceededException");
    }
}
