//! A restore testing plan as stored, and its projections onto the API's shapes.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use emulator_core::dto::Timestamp;

use crate::api::generated::{
    RestoreTestingPlanForGet, RestoreTestingPlanForList, RestoreTestingRecoveryPointSelection,
    RestoreTestingRecoveryPointSelectionAlgorithm, RestoreTestingRecoveryPointType,
};
use crate::model::plan::RuleSchedule;
use crate::model::restore_testing_selection::RestoreTestingSelection;

/// `IncludeVaults` / `ExcludeVaults` entry that stands for every vault.
pub const ANY_VAULT: &str = "*";

/// A validated `RecoveryPointSelection`, defaults filled in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointSelection {
    /// `Algorithm`.
    pub algorithm: RestoreTestingRecoveryPointSelectionAlgorithm,
    /// `IncludeVaults`: vault ARNs, or `*`.
    pub include_vaults: Vec<String>,
    /// `ExcludeVaults`: vault ARNs (default none).
    pub exclude_vaults: Vec<String>,
    /// `RecoveryPointTypes`.
    pub recovery_point_types: Vec<RestoreTestingRecoveryPointType>,
    /// `SelectionWindowDays` (default 30).
    pub selection_window_days: i32,
}

impl PointSelection {
    /// Whether points of the vault `vault_arn` may be chosen.
    pub fn includes_vault(&self, vault_arn: &str) -> bool {
        let listed = |vaults: &[String]| vaults.iter().any(|v| v == ANY_VAULT || v == vault_arn);
        listed(&self.include_vaults) && !listed(&self.exclude_vaults)
    }

    /// Whether a point that is (or is not) a continuous backup is of an accepted type.
    pub fn accepts(&self, continuous: bool) -> bool {
        let wanted = if continuous {
            RestoreTestingRecoveryPointType::Continuous
        } else {
            RestoreTestingRecoveryPointType::Snapshot
        };
        self.recovery_point_types.contains(&wanted)
    }

    /// The selection as the API shows it, every member present.
    pub fn to_api(&self) -> RestoreTestingRecoveryPointSelection {
        RestoreTestingRecoveryPointSelection {
            algorithm: Some(self.algorithm),
            exclude_vaults: Some(self.exclude_vaults.clone()),
            include_vaults: Some(self.include_vaults.clone()),
            recovery_point_types: Some(self.recovery_point_types.clone()),
            selection_window_days: Some(self.selection_window_days),
        }
    }
}

/// A restore testing plan with its selections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RestoreTestingPlan {
    /// `RestoreTestingPlanName`, unique in the region; never changes.
    pub name: String,
    /// `…:restore-testing-plan:{name}-{uuid}`.
    pub arn: String,
    /// The `CreatorRequestId` it was created with.
    pub creator_request_id: Option<String>,
    /// `ScheduleExpression` in `ScheduleExpressionTimezone`.
    pub schedule: RuleSchedule,
    /// `StartWindowHours` (default 24).
    pub start_window_hours: i32,
    /// `RecoveryPointSelection`.
    pub point_selection: PointSelection,
    /// `CreationTime`.
    pub creation_time: Timestamp,
    /// `LastUpdateTime`: the last UpdateRestoreTestingPlan.
    pub last_update_time: Option<Timestamp>,
    /// `LastExecutionTime`: the scheduled time of the last run.
    pub last_execution_time: Option<Timestamp>,
    /// Bumped by every update: a queued run of an older generation is stale and does nothing.
    pub generation: u64,
    /// The plan's selections, by name.
    pub selections: BTreeMap<String, RestoreTestingSelection>,
}

impl RestoreTestingPlan {
    /// `GetRestoreTestingPlan`'s view.
    pub fn to_get(&self) -> RestoreTestingPlanForGet {
        RestoreTestingPlanForGet {
            creation_time: self.creation_time,
            creator_request_id: self.creator_request_id.clone(),
            last_execution_time: self.last_execution_time,
            last_update_time: self.last_update_time,
            recovery_point_selection: self.point_selection.to_api(),
            restore_testing_plan_arn: self.arn.clone(),
            restore_testing_plan_name: self.name.clone(),
            schedule_expression: self.schedule.expression.clone(),
            schedule_expression_timezone: Some(self.schedule.timezone.clone()),
            start_window_hours: Some(self.start_window_hours),
        }
    }

    /// `ListRestoreTestingPlans`' view.
    pub fn to_list_member(&self) -> RestoreTestingPlanForList {
        RestoreTestingPlanForList {
            creation_time: self.creation_time,
            last_execution_time: self.last_execution_time,
            last_update_time: self.last_update_time,
            restore_testing_plan_arn: self.arn.clone(),
            restore_testing_plan_name: self.name.clone(),
            schedule_expression: self.schedule.expression.clone(),
            schedule_expression_timezone: Some(self.schedule.timezone.clone()),
            start_window_hours: Some(self.start_window_hours),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selection(include: &[&str], exclude: &[&str]) -> PointSelection {
        PointSelection {
            algorithm: RestoreTestingRecoveryPointSelectionAlgorithm::LatestWithinWindow,
            include_vaults: include.iter().map(|v| (*v).to_owned()).collect(),
            exclude_vaults: exclude.iter().map(|v| (*v).to_owned()).collect(),
            recovery_point_types: vec![RestoreTestingRecoveryPointType::Snapshot],
            selection_window_days: 30,
        }
    }

    #[test]
    fn vaults_are_included_by_arn_or_wildcard_and_exclusions_win() {
        let a = "arn:aws:backup:us-east-1:111122223333:backup-vault:a";
        let b = "arn:aws:backup:us-east-1:111122223333:backup-vault:b";
        assert!(selection(&["*"], &[]).includes_vault(a));
        assert!(selection(&[a], &[]).includes_vault(a));
        assert!(!selection(&[a], &[]).includes_vault(b));
        assert!(!selection(&["*"], &[a]).includes_vault(a));
        assert!(selection(&["*"], &[a]).includes_vault(b));
    }

    #[test]
    fn point_types_follow_the_list() {
        let snapshots = selection(&["*"], &[]);
        assert!(snapshots.accepts(false));
        assert!(!snapshots.accepts(true));
        let mut both = snapshots;
        both.recovery_point_types
            .push(RestoreTestingRecoveryPointType::Continuous);
        assert!(both.accepts(true));
    }
}
