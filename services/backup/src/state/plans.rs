//! Plan and selection look-ups: the active plans, and a plan's selections.

use emulator_core::ServiceError;

use crate::model::plan::Plan;
use crate::model::selection::Selection;
use crate::state::RegionState;
use crate::support::errors::not_found;

/// AWS's message for a plan (or plan version) that does not exist.
pub const PLAN_NOT_FOUND: &str = "Failed reading Backup plan with provided version";

/// The plan `id` if it exists and is not deleted.
pub fn active_plan<'a>(region: &'a RegionState, id: &str) -> Result<&'a Plan, ServiceError> {
    region
        .plans
        .get(id)
        .filter(|plan| !plan.is_deleted())
        .ok_or_else(|| not_found(PLAN_NOT_FOUND))
}

/// The plans the scheduler should run in one region: every plan not deleted.
pub fn active_plans(region: &RegionState) -> impl Iterator<Item = &Plan> {
    region.plans.values().filter(|plan| !plan.is_deleted())
}

/// The selections of one plan, in selection id order: what the scheduler backs up for it.
pub fn selections_of<'a>(
    region: &'a RegionState,
    plan_id: &'a str,
) -> impl Iterator<Item = &'a Selection> {
    region
        .selections
        .values()
        .filter(move |selection| selection.plan_id == plan_id)
}
