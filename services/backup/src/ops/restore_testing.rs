//! Restore testing: plans (`plans.rs`) and their selections (`selections.rs`), the metadata a
//! test restores with (`inferred_metadata.rs`), and what happens when a plan's schedule fires.
//!
//! A plan's `cron(...)` runs in its time zone on the restore testing queue (`schedule.rs`,
//! driven by the gateway's clock). Each run picks, for every protected resource its selections
//! choose, one recovery point of the included vaults within the selection window
//! (`point_choice.rs`), and starts a restore job of it through StartRestoreJob's own code, marked
//! `CreatedBy.RestoreTestingPlanArn` (`run.rs`). Once the job has completed and its selection's
//! `ValidationWindowHours` have passed, the restored resource is deleted: the job's
//! `DeletionStatus` goes `DELETING` → `SUCCESSFUL` (`cleanup.rs`).
//!
//! Plans are kept by name in the region's state, each with its selections; a plan's ARN is
//! `arn:aws:backup:{region}:{account}:restore-testing-plan:{name}-{uuid}`, as AWS forms it.

pub mod inferred_metadata;
pub mod plans;
pub mod selections;
#[cfg(test)]
mod tests;

#[cfg(test)]
pub(crate) mod test_support {
    //! Plans and selections for the restore testing unit tests.

    use crate::BackupService;

    use std::collections::BTreeMap;

    use emulator_core::dto::Timestamp;
    use emulator_core::ServiceError;

    use crate::api::generated::*;
    use crate::model::plan::RuleSchedule;
    use crate::model::restore_testing_plan::{PointSelection, RestoreTestingPlan};
    use crate::model::restore_testing_selection::{ResourceScope, RestoreTestingSelection};
    use crate::test_support::ctx;

    /// A daily plan at 01:00 UTC over every vault's snapshots.
    pub fn plan_input(name: &str) -> RestoreTestingPlanForCreate {
        RestoreTestingPlanForCreate {
            recovery_point_selection: RestoreTestingRecoveryPointSelection {
                algorithm: Some(RestoreTestingRecoveryPointSelectionAlgorithm::LatestWithinWindow),
                include_vaults: Some(vec!["*".to_owned()]),
                recovery_point_types: Some(vec![RestoreTestingRecoveryPointType::Snapshot]),
                ..Default::default()
            },
            restore_testing_plan_name: name.to_owned(),
            schedule_expression: "cron(0 1 ? * * *)".to_owned(),
            ..Default::default()
        }
    }

    /// Creates [`plan_input`] `name`.
    pub fn create_plan(
        svc: &BackupService,
        name: &str,
    ) -> Result<CreateRestoreTestingPlanOutput, ServiceError> {
        super::plans::create_restore_testing_plan(
            svc,
            &ctx(),
            CreateRestoreTestingPlanInput {
                restore_testing_plan: plan_input(name),
                ..Default::default()
            },
        )
    }

    /// A selection of every EBS volume.
    pub fn selection_input(name: &str) -> RestoreTestingSelectionForCreate {
        RestoreTestingSelectionForCreate {
            iam_role_arn: "arn:aws:iam::111122223333:role/restore".to_owned(),
            protected_resource_arns: Some(vec!["*".to_owned()]),
            protected_resource_type: "EBS".to_owned(),
            restore_testing_selection_name: name.to_owned(),
            ..Default::default()
        }
    }

    /// Creates `selection` in plan `plan`.
    pub fn create_selection(
        svc: &BackupService,
        plan: &str,
        selection: RestoreTestingSelectionForCreate,
    ) -> Result<CreateRestoreTestingSelectionOutput, ServiceError> {
        super::selections::create_restore_testing_selection(
            svc,
            &ctx(),
            CreateRestoreTestingSelectionInput {
                restore_testing_plan_name: plan.to_owned(),
                restore_testing_selection: selection,
                creator_request_id: None,
            },
        )
    }

    /// A stored plan over the given vaults' snapshots of the last 30 days, latest first.
    pub fn sample_plan(include: &[&str], exclude: &[&str]) -> RestoreTestingPlan {
        let cron = aws_cron::Schedule::parse_cron("cron(0 1 ? * * *)").expect("cron");
        let zone = aws_cron::parse_timezone("Etc/UTC").expect("zone");
        RestoreTestingPlan {
            name: "p".to_owned(),
            arn: "arn:aws:backup:us-east-1:111122223333:restore-testing-plan:p-1".to_owned(),
            creator_request_id: None,
            schedule: RuleSchedule::new("cron(0 1 ? * * *)".into(), "Etc/UTC".into(), cron, zone),
            start_window_hours: 24,
            point_selection: PointSelection {
                algorithm: RestoreTestingRecoveryPointSelectionAlgorithm::LatestWithinWindow,
                include_vaults: include.iter().map(|v| (*v).to_owned()).collect(),
                exclude_vaults: exclude.iter().map(|v| (*v).to_owned()).collect(),
                recovery_point_types: vec![RestoreTestingRecoveryPointType::Snapshot],
                selection_window_days: 30,
            },
            creation_time: Timestamp::default(),
            last_update_time: None,
            last_execution_time: None,
            generation: 0,
            selections: BTreeMap::new(),
        }
    }

    /// A stored EBS selection of plan `p` choosing `scope`.
    pub fn sample_selection(scope: ResourceScope) -> RestoreTestingSelection {
        RestoreTestingSelection {
            name: "s".to_owned(),
            plan_name: "p".to_owned(),
            creator_request_id: None,
            resource_type: "EBS".to_owned(),
            iam_role_arn: "arn:aws:iam::111122223333:role/restore".to_owned(),
            scope,
            metadata_overrides: BTreeMap::new(),
            validation_window_hours: 0,
            creation_time: Timestamp::default(),
            last_update_time: None,
        }
    }
}
