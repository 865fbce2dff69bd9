//! Report plan look-ups: by name, and by the name and id an ARN ends in.

use emulator_core::dto::Timestamp;
use emulator_core::ServiceError;

use crate::model::report_plan::{Executions, ReportPlan};
use crate::state::RegionState;
use crate::support::engine_settings::EngineSettings;
use crate::support::errors::not_found;

/// `ResourceNotFoundException` for a report plan the caller does not have.
pub fn plan_not_found(name: &str) -> ServiceError {
    not_found(format!(
        "Report plan {name} does not exist in this account and Region."
    ))
}

/// The caller's report plan `name`, or `ResourceNotFoundException`.
pub fn find<'a>(region: &'a RegionState, name: &str) -> Result<&'a ReportPlan, ServiceError> {
    region
        .report_plans
        .get(name)
        .ok_or_else(|| plan_not_found(name))
}

/// The report plan whose ARN ends in `report-plan:{name_and_id}`.
pub fn find_by_arn_suffix<'a>(
    region: &'a RegionState,
    name_and_id: &str,
) -> Option<&'a ReportPlan> {
    // Names cannot contain `-`, so the name is what precedes the first one.
    let name = name_and_id
        .split_once('-')
        .map_or(name_and_id, |(name, _)| name);
    region.report_plans.get(name).filter(|plan| {
        plan.arn
            .rsplit_once(":report-plan:")
            .is_some_and(|(_, id)| id == name_and_id)
    })
}

/// When the plan with ARN `plan_arn` last ran, as of `now`.
pub fn executions(
    region: &RegionState,
    plan_arn: &str,
    now: Timestamp,
    settings: &EngineSettings,
) -> Executions {
    let jobs = || {
        region
            .report_jobs
            .values()
            .filter(|job| job.plan_arn == plan_arn)
    };
    let latest = |times: &mut dyn Iterator<Item = Timestamp>| {
        times.fold(None, |latest: Option<Timestamp>, t| {
            Some(latest.map_or(t, |l| l.latest(t)))
        })
    };
    Executions {
        last_attempted: latest(&mut jobs().map(|job| job.creation_time)),
        last_successful: latest(
            &mut jobs()
                .filter(|job| job.succeeded_by(now, settings))
                .map(|job| job.completion_time(settings)),
        ),
    }
}
