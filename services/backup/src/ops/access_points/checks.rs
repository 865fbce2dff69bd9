//! What CreateBackupAccessPoint checks beyond the model: the recovery point it reads, the
//! `AccessPointMetadata` it is given and the policy of its S3 access point.

use std::collections::BTreeMap;

use emulator_core::dto::Timestamp;
use emulator_core::ServiceError;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::api::generated::RecoveryPointStatus;
use crate::model::access_point::POINT_IN_TIME;
use crate::model::recovery_point::RecoveryPoint;
use crate::support::errors::{invalid_parameter, invalid_request, missing_parameter};
use crate::support::resource_types;

/// An access point reads an S3 recovery point that is AVAILABLE, STOPPED or COMPLETED.
pub fn recovery_point(point: &RecoveryPoint) -> Result<(), ServiceError> {
    if !resource_types::has(&point.resource_type, |t| t.access_points) {
        return Err(invalid_request(format!(
            "Backup access points are supported only for Amazon S3 recovery points; recovery \
             point {} is of resource type {}",
            point.arn, point.resource_type
        )));
    }
    if !matches!(
        point.status,
        RecoveryPointStatus::Available
            | RecoveryPointStatus::Stopped
            | RecoveryPointStatus::Completed
    ) {
        return Err(invalid_request(format!(
            "Recovery point {} is {}; a backup access point needs an AVAILABLE, STOPPED or \
             COMPLETED recovery point",
            point.arn, point.status
        )));
    }
    Ok(())
}

/// The `AccessPointInTime` of `metadata`, which a continuous backup needs (a time within its
/// retention, up to now) and a snapshot must not have. No other key may be given.
pub fn metadata(
    metadata: Option<&BTreeMap<String, String>>,
    point: &RecoveryPoint,
    now: Timestamp,
) -> Result<Option<String>, ServiceError> {
    let empty = BTreeMap::new();
    let metadata = metadata.unwrap_or(&empty);
    if let Some(key) = metadata.keys().find(|key| *key != POINT_IN_TIME) {
        return Err(invalid_parameter(format!(
            "AccessPointMetadata key {key} is not supported; only {POINT_IN_TIME} can be given"
        )));
    }
    let asked = metadata.get(POINT_IN_TIME);
    match (point.continuous, asked) {
        (false, None) => Ok(None),
        (false, Some(_)) => Err(invalid_parameter(format!(
            "{POINT_IN_TIME} can only be given for a continuous backup; recovery point {} is a \
             snapshot",
            point.arn
        ))),
        (true, None) => Err(missing_parameter(format!(
            "{POINT_IN_TIME} is required in AccessPointMetadata for continuous recovery point {}",
            point.arn
        ))),
        (true, Some(text)) => {
            let at = OffsetDateTime::parse(text, &Rfc3339)
                .map(Timestamp::from)
                .map_err(|_| {
                    invalid_parameter(format!(
                        "{POINT_IN_TIME} must be a timestamp such as 2021-11-27T03:30:27Z: {text}"
                    ))
                })?;
            if at < point.creation_date || at > now {
                return Err(invalid_parameter(format!(
                    "{POINT_IN_TIME} {text} is outside the retention of continuous recovery \
                     point {} ({} to now)",
                    point.arn, point.creation_date
                )));
            }
            Ok(Some(text.clone()))
        }
    }
}

/// `AccessPointPolicy` is an IAM resource policy: a JSON object.
pub fn policy(policy: &str) -> Result<(), ServiceError> {
    match serde_json::from_str::<serde_json::Value>(policy) {
        Ok(serde_json::Value::Object(_)) => Ok(()),
        _ => Err(invalid_parameter(
            "AccessPointPolicy must be a JSON policy document",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(continuous: bool) -> RecoveryPoint {
        let mut point = RecoveryPoint::sample(
            "arn:aws:backup:us-east-1:111122223333:recovery-point:RP",
            "v",
        );
        point.resource_type = "S3".parse().unwrap();
        point.continuous = continuous;
        point.creation_date = Timestamp::from_epoch_seconds(1_700_000_000.0);
        point
    }

    fn asked(at: &str) -> BTreeMap<String, String> {
        [(POINT_IN_TIME.to_owned(), at.to_owned())].into()
    }

    #[test]
    fn continuous_points_need_a_time_within_their_retention_and_snapshots_none() {
        let now = Timestamp::from_epoch_seconds(1_800_000_000.0);
        let inside = "2024-01-01T00:00:00Z";
        assert_eq!(
            metadata(Some(&asked(inside)), &point(true), now).unwrap(),
            Some(inside.to_owned())
        );
        assert_eq!(metadata(None, &point(false), now).unwrap(), None);
        let code = |result: Result<Option<String>, ServiceError>| {
            crate::test_support::code(&result.unwrap_err()).to_owned()
        };
        assert_eq!(
            code(metadata(None, &point(true), now)),
            "MissingParameterValueException"
        );
        for bad in ["2020-01-01T00:00:00Z", "2030-01-01T00:00:00Z", "yesterday"] {
            assert_eq!(
                code(metadata(Some(&asked(bad)), &point(true), now)),
                "InvalidParameterValueException",
                "{bad}"
            );
        }
        assert_eq!(
            code(metadata(Some(&asked(inside)), &point(false), now)),
            "InvalidParameterValueException"
        );
        let other: BTreeMap<String, String> = [("Color".to_owned(), "red".to_owned())].into();
        assert_eq!(
            code(metadata(Some(&other), &point(false), now)),
            "InvalidParameterValueException"
        );
    }

    #[test]
    fn policies_are_json_objects() {
        assert!(policy(r#"{"Version":"2012-10-17","Statement":[]}"#).is_ok());
        assert!(policy("[1]").is_err());
        assert!(policy("not json").is_err());
    }
}
