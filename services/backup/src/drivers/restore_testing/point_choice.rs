//! Which recovery points a run of a plan restores for one selection (developer guide, "Restore
//! testing", "Recovery point determination"):
//!
//! - a protected resource is chosen when the selection names its ARN, or, with the wildcard,
//!   when the tags of its latest recovery point in the plan's vaults meet the selection's
//!   conditions;
//! - its eligible points are the completed ones of the selection's resource type, in a vault
//!   the plan includes and does not exclude, of an accepted type (snapshot or continuous),
//!   created within the last `SelectionWindowDays`;
//! - one point per resource is restored: the newest (`LATEST_WITHIN_WINDOW`) or one at random
//!   (`RANDOM_WITHIN_WINDOW`); a resource without eligible points is left out of the run.
//!
//! The random pick is seeded from the plan's ARN, the run's scheduled time and the resource, so
//! the same run always picks the same point.

use std::collections::BTreeMap;

use emulator_core::dto::Timestamp;

use crate::api::generated::{RecoveryPointStatus, RestoreTestingRecoveryPointSelectionAlgorithm};
use crate::model::recovery_point::RecoveryPoint;
use crate::model::restore_testing_plan::RestoreTestingPlan;
use crate::model::restore_testing_selection::{ResourceScope, RestoreTestingSelection};
use crate::state::RegionState;

const DAY_SECONDS: i64 = 86_400;

/// The points a run at `run_time` (its scheduled time) restores for `selection`, one per
/// chosen protected resource, in resource ARN order.
pub fn choose<'a>(
    region: &'a RegionState,
    plan: &RestoreTestingPlan,
    selection: &RestoreTestingSelection,
    run_time: Timestamp,
) -> Vec<&'a RecoveryPoint> {
    let resources: Vec<&str> = match &selection.scope {
        ResourceScope::Arns(arns) => {
            let mut arns: Vec<&str> = arns.iter().map(String::as_str).collect();
            arns.sort_unstable();
            arns
        }
        ResourceScope::Tagged(_) => region
            .recovery_points
            .by_resource()
            .keys()
            .map(|arn| &**arn)
            .collect(),
    };
    resources
        .into_iter()
        .filter_map(|resource| choose_for_resource(region, plan, selection, resource, run_time))
        .collect()
}

fn choose_for_resource<'a>(
    region: &'a RegionState,
    plan: &RestoreTestingPlan,
    selection: &RestoreTestingSelection,
    resource: &str,
    run_time: Timestamp,
) -> Option<&'a RecoveryPoint> {
    let rules = &plan.point_selection;
    // The resource's points in the plan's vaults, newest first.
    let mut in_vaults = region
        .recovery_points
        .of_resource(resource)?
        .iter()
        .rev()
        .filter_map(|(_, arn)| region.recovery_points.get(arn))
        .filter(|point| {
            point.resource_type == selection.resource_type && rules.includes_vault(&point.vault_arn)
        })
        .peekable();
    if let ResourceScope::Tagged(conditions) = &selection.scope {
        let latest = in_vaults.peek()?;
        let empty = BTreeMap::new();
        let tags = region
            .tags
            .get(&latest.arn)
            .map_or(&empty, |tags| tags.as_map());
        if !conditions.hold_for(tags) {
            return None;
        }
    }
    let window_start = run_time.plus_seconds(-i64::from(rules.selection_window_days) * DAY_SECONDS);
    let eligible: Vec<&RecoveryPoint> = in_vaults
        .filter(|point| {
            point.status == RecoveryPointStatus::Completed
                // A continuous backup is restorable from its creation to its latest run.
                && point.latest_backup_time() >= window_start
                && point.creation_date <= run_time
                && rules.accepts(point.continuous)
        })
        .collect();
    match rules.algorithm {
        RestoreTestingRecoveryPointSelectionAlgorithm::LatestWithinWindow => {
            eligible.first().copied()
        }
        RestoreTestingRecoveryPointSelectionAlgorithm::RandomWithinWindow => {
            if eligible.is_empty() {
                return None;
            }
            let seed = seed(&[
                plan.arn.as_bytes(),
                &run_time.epoch_millis().to_le_bytes(),
                resource.as_bytes(),
            ]);
            // The remainder is below the length, a usize, so it converts back losslessly.
            let index = (seed % eligible.len() as u64) as usize;
            eligible.get(index).copied()
        }
    }
}

/// FNV-1a over `parts`: stable across builds and platforms, unlike the standard hasher.
fn seed(parts: &[&[u8]]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    parts
        .iter()
        .flat_map(|part| part.iter())
        .fold(OFFSET, |hash, byte| {
            (hash ^ u64::from(*byte)).wrapping_mul(PRIME)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::generated::{KeyValue, RestoreTestingRecoveryPointType};
    use crate::model::restore_testing_selection::TagConditions;
    use crate::ops::restore_testing::test_support::{sample_plan, sample_selection};

    const VOLUME: &str = "arn:aws:ec2:us-east-1:111122223333:volume/vol-1";
    const OTHER: &str = "arn:aws:ec2:us-east-1:111122223333:volume/vol-2";
    const DAY_MILLIS: i64 = DAY_SECONDS * 1000;
    const NOW: i64 = 100 * DAY_MILLIS;

    fn vault_arn(name: &str) -> String {
        format!("arn:aws:backup:us-east-1:111122223333:backup-vault:{name}")
    }

    fn add(region: &mut RegionState, id: &str, vault: &str, resource: &str, age_days: i64) {
        let arn = format!("arn:aws:backup:us-east-1:111122223333:recovery-point:{id}");
        let mut point = RecoveryPoint::sample(&arn, vault);
        point.vault_arn = vault_arn(vault).into();
        point.resource_arn = resource.into();
        point.creation_date = Timestamp::from_epoch_millis(NOW - age_days * DAY_MILLIS);
        crate::state::points::insert_point(region, point);
    }

    fn ids(points: Vec<&RecoveryPoint>) -> Vec<String> {
        points
            .into_iter()
            .map(|p| p.arn.rsplit(':').next().unwrap_or_default().to_owned())
            .collect()
    }

    fn now() -> Timestamp {
        Timestamp::from_epoch_millis(NOW)
    }

    #[test]
    fn the_latest_point_within_the_window_of_each_resource() {
        let mut region = RegionState::default();
        add(&mut region, "old", "v", VOLUME, 40);
        add(&mut region, "recent", "v", VOLUME, 2);
        add(&mut region, "newest", "v", VOLUME, 1);
        add(&mut region, "other", "v", OTHER, 3);
        add(&mut region, "stale", "v", OTHER, 31);
        let plan = sample_plan(&["*"], &[]);
        let selection = sample_selection(ResourceScope::Tagged(TagConditions::default()));
        assert_eq!(
            ids(choose(&region, &plan, &selection, now())),
            ["newest", "other"]
        );
        let by_arn = sample_selection(ResourceScope::Arns(vec![OTHER.to_owned()]));
        assert_eq!(ids(choose(&region, &plan, &by_arn, now())), ["other"]);
        // A window too short for every point leaves the resources out.
        let mut narrow = plan.clone();
        narrow.point_selection.selection_window_days = 1;
        assert_eq!(ids(choose(&region, &narrow, &selection, now())), ["newest"]);
    }

    #[test]
    fn vaults_types_and_kinds_narrow_the_choice() {
        let mut region = RegionState::default();
        add(&mut region, "in-a", "a", VOLUME, 2);
        add(&mut region, "in-b", "b", VOLUME, 1);
        let selection = sample_selection(ResourceScope::Tagged(TagConditions::default()));
        let only_a = sample_plan(&[&vault_arn("a")], &[]);
        assert_eq!(ids(choose(&region, &only_a, &selection, now())), ["in-a"]);
        let not_b = sample_plan(&["*"], &[&vault_arn("b")]);
        assert_eq!(ids(choose(&region, &not_b, &selection, now())), ["in-a"]);
        let mut tables = selection.clone();
        tables.resource_type = "DynamoDB".into();
        assert!(choose(&region, &not_b, &tables, now()).is_empty());
        let mut continuous_only = not_b.clone();
        continuous_only.point_selection.recovery_point_types =
            vec![RestoreTestingRecoveryPointType::Continuous];
        assert!(choose(&region, &continuous_only, &selection, now()).is_empty());
    }

    #[test]
    fn a_continuous_point_counts_by_its_latest_run() {
        let mut region = RegionState::default();
        add(&mut region, "pitr", "v", VOLUME, 40);
        let arn = "arn:aws:backup:us-east-1:111122223333:recovery-point:pitr";
        let selection = sample_selection(ResourceScope::Tagged(TagConditions::default()));
        let mut plan = sample_plan(&["*"], &[]);
        plan.point_selection.recovery_point_types =
            vec![RestoreTestingRecoveryPointType::Continuous];
        let last_run = |region: &mut RegionState, days_ago: i64| {
            let point = region.recovery_points.get_mut(arn).expect("point");
            point.continuous = true;
            point.completion_date = Timestamp::from_epoch_millis(NOW - days_ago * DAY_MILLIS);
        };
        last_run(&mut region, 35);
        assert!(choose(&region, &plan, &selection, now()).is_empty());
        last_run(&mut region, 1);
        assert_eq!(ids(choose(&region, &plan, &selection, now())), ["pitr"]);
    }

    #[test]
    fn tag_conditions_read_the_latest_points_tags() {
        let mut region = RegionState::default();
        add(&mut region, "older", "v", VOLUME, 2);
        add(&mut region, "latest", "v", VOLUME, 1);
        let point = |id: &str| format!("arn:aws:backup:us-east-1:111122223333:recovery-point:{id}");
        let _ = region.tags.tag(
            &point("older"),
            [("env".to_owned(), "prod".to_owned())]
                .into_iter()
                .collect(),
        );
        let conditions = TagConditions {
            string_equals: vec![KeyValue {
                key: "aws:ResourceTag/env".into(),
                value: "prod".into(),
            }],
            string_not_equals: vec![],
        };
        let selection = sample_selection(ResourceScope::Tagged(conditions));
        let plan = sample_plan(&["*"], &[]);
        assert!(choose(&region, &plan, &selection, now()).is_empty());
        let _ = region.tags.tag(
            &point("latest"),
            [("env".to_owned(), "prod".to_owned())]
                .into_iter()
                .collect(),
        );
        assert_eq!(ids(choose(&region, &plan, &selection, now())), ["latest"]);
    }

    #[test]
    fn random_picks_are_reproducible_and_stay_in_the_window() {
        let mut region = RegionState::default();
        for age in 1..=10 {
            add(&mut region, &format!("p{age}"), "v", VOLUME, age);
        }
        add(&mut region, "outside", "v", VOLUME, 45);
        let mut plan = sample_plan(&["*"], &[]);
        plan.point_selection.algorithm =
            RestoreTestingRecoveryPointSelectionAlgorithm::RandomWithinWindow;
        let selection = sample_selection(ResourceScope::Arns(vec![VOLUME.to_owned()]));
        let mut seen = std::collections::BTreeSet::new();
        for day in 0..20 {
            let run = Timestamp::from_epoch_millis(NOW + day * 1000);
            let first = ids(choose(&region, &plan, &selection, run));
            assert_eq!(first, ids(choose(&region, &plan, &selection, run)));
            assert_ne!(first, ["outside"]);
            seen.extend(first);
        }
        assert!(
            seen.len() > 1,
            "different runs pick different points: {seen:?}"
        );
    }
}
