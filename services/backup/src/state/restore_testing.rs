//! Restore testing plan look-ups.

use emulator_core::ServiceError;

use crate::model::restore_testing_plan::RestoreTestingPlan;
use crate::state::RegionState;
use crate::support::errors::not_found;

pub fn plan_not_found(name: &str) -> ServiceError {
    not_found(format!("Restore testing plan {name} does not exist."))
}

pub fn selection_not_found(plan: &str, name: &str) -> ServiceError {
    not_found(format!(
        "Restore testing selection {name} does not exist in restore testing plan {plan}."
    ))
}

/// The plan named `name`, or `ResourceNotFoundException`.
pub fn find_plan<'a>(
    region: &'a RegionState,
    name: &str,
) -> Result<&'a RestoreTestingPlan, ServiceError> {
    region
        .restore_testing_plans
        .get(name)
        .ok_or_else(|| plan_not_found(name))
}

/// The plan named `name`, for changes, or `ResourceNotFoundException`.
pub fn find_plan_mut<'a>(
    region: &'a mut RegionState,
    name: &str,
) -> Result<&'a mut RestoreTestingPlan, ServiceError> {
    region
        .restore_testing_plans
        .get_mut(name)
        .ok_or_else(|| plan_not_found(name))
}

/// Whether a plan whose ARN ends in `restore-testing-plan:{id}` exists, for tagging. Plan names
/// hold no `-`, so the name is the id up to its first `-`.
pub fn plan_exists_with_id(region: &RegionState, id: &str) -> bool {
    let name = id.split_once('-').map_or(id, |(name, _)| name);
    region
        .restore_testing_plans
        .get(name)
        .is_some_and(|plan| plan.arn.ends_with(&format!(":{id}")))
}
