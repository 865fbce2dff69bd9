//! `RecoveryPointSelection`: which recovery points a new legal hold covers.
//!
//! Every criterion given must match: the point's vault is one of `VaultNames`, its resource is
//! one of `ResourceIdentifiers` (a resource ARN, or a resource type such as `EBS`, as the
//! console's "specific resource types and IDs" choice offers), and its creation date lies in
//! `DateRange` (both ends included). A criterion left out, or given as an empty list, matches
//! every point, so a hold without a selection covers every point of the account and region.

use std::collections::BTreeSet;

use emulator_core::dto::Timestamp;
use emulator_core::ServiceError;

use crate::api::generated::{RecoveryPointSelection, RecoveryPointStatus};
use crate::model::recovery_point::RecoveryPoint;
use crate::state::points::protects;
use crate::state::RegionState;
use crate::support::errors::invalid_parameter;

/// Checks the selection as AWS documents `DateRange`: `FromDate` not after `ToDate`, and
/// "Future DateTime values are not permitted".
pub fn validate(selection: &RecoveryPointSelection, now: Timestamp) -> Result<(), ServiceError> {
    let Some(range) = &selection.date_range else {
        return Ok(());
    };
    if range.from_date > range.to_date {
        return Err(invalid_parameter(format!(
            "DateRange FromDate ({}) must not be after ToDate ({})",
            range.from_date, range.to_date
        )));
    }
    if range.to_date > now {
        return Err(invalid_parameter(format!(
            "DateRange ToDate ({}) must not be in the future",
            range.to_date
        )));
    }
    Ok(())
}

/// Whether `point` meets every criterion of `selection`.
pub fn matches(selection: &RecoveryPointSelection, point: &RecoveryPoint) -> bool {
    let listed = |list: &Option<Vec<String>>, wanted: &[&str]| {
        list.as_ref()
            .filter(|list| !list.is_empty())
            .is_none_or(|list| list.iter().any(|item| wanted.contains(&item.as_str())))
    };
    let in_range = selection.date_range.as_ref().is_none_or(|range| {
        range.from_date <= point.creation_date && point.creation_date <= range.to_date
    });
    listed(&selection.vault_names, &[point.vault_name.as_str()])
        && listed(
            &selection.resource_identifiers,
            &[point.resource_arn.as_str(), point.resource_type.as_str()],
        )
        && in_range
}

/// The ARNs of the points a hold created now with `selection` covers. AWS leaves out points
/// that are `EXPIRED` or `DELETING` (except those an existing hold retains past their retention
/// date, which a new hold may cover too), points still being created, and continuous backups,
/// which legal holds do not apply to.
pub fn covered_points(
    region: &RegionState,
    selection: &RecoveryPointSelection,
) -> BTreeSet<String> {
    region
        .recovery_points
        .values()
        .filter(|point| !point.continuous && matches(selection, point))
        .filter(|point| match point.status {
            RecoveryPointStatus::Deleting | RecoveryPointStatus::Creating => false,
            RecoveryPointStatus::Expired => protects(region, &point.arn),
            _ => true,
        })
        .map(|point| point.arn.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::generated::DateRange;

    fn point(vault: &str, created_millis: i64) -> RecoveryPoint {
        let mut point = RecoveryPoint::sample("arn:aws:backup:us-east-1:1:recovery-point:P", vault);
        point.creation_date = Timestamp::from_epoch_millis(created_millis);
        point
    }

    fn range(from: i64, to: i64) -> Option<DateRange> {
        Some(DateRange {
            from_date: Timestamp::from_epoch_millis(from),
            to_date: Timestamp::from_epoch_millis(to),
        })
    }

    #[test]
    fn every_given_criterion_must_match() {
        let p = point("v", 5_000);
        assert!(matches(&RecoveryPointSelection::default(), &p));
        let by_vault = RecoveryPointSelection {
            vault_names: Some(vec!["w".into(), "v".into()]),
            ..Default::default()
        };
        assert!(matches(&by_vault, &p));
        assert!(!matches(&by_vault, &point("x", 5_000)));
        let by_type = RecoveryPointSelection {
            resource_identifiers: Some(vec!["EBS".into()]),
            ..Default::default()
        };
        assert!(matches(&by_type, &p));
        let by_arn = RecoveryPointSelection {
            resource_identifiers: Some(vec![p.resource_arn.to_string()]),
            date_range: range(5_000, 5_000),
            ..Default::default()
        };
        assert!(matches(&by_arn, &p), "both ends of the range are included");
        let elsewhere = RecoveryPointSelection {
            resource_identifiers: Some(vec!["arn:aws:ec2:us-east-1:1:volume/vol-2".into()]),
            ..Default::default()
        };
        assert!(!matches(&elsewhere, &p));
        let earlier = RecoveryPointSelection {
            date_range: range(0, 4_999),
            ..Default::default()
        };
        assert!(!matches(&earlier, &p));
        let empty_lists = RecoveryPointSelection {
            vault_names: Some(Vec::new()),
            resource_identifiers: Some(Vec::new()),
            ..Default::default()
        };
        assert!(matches(&empty_lists, &p));
    }

    #[test]
    fn date_ranges_must_be_ordered_and_not_in_the_future() {
        let now = Timestamp::from_epoch_millis(10_000);
        let selection = |from, to| RecoveryPointSelection {
            date_range: range(from, to),
            ..Default::default()
        };
        assert!(validate(&selection(0, 10_000), now).is_ok());
        assert!(validate(&selection(10_000, 0), now).is_err());
        assert!(validate(&selection(0, 10_001), now).is_err());
        assert!(validate(&RecoveryPointSelection::default(), now).is_ok());
    }
}
