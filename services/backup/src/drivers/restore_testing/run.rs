//! What a plan's run does when it comes due: re-read the plan, record `LastExecutionTime`, arm
//! the next run, and start a restore job of the chosen recovery point of every protected
//! resource its selections choose, marked `CreatedBy.RestoreTestingPlanArn`.
//!
//! The plan is read under the region's lock; the jobs are then started one at a time through
//! StartRestoreJob's own code, each taking the lock on its own, so no two locks are held
//! together. Jobs start when the run fires: AWS spreads them over the plan's
//! `StartWindowHours`, which the emulator does not.
//!
//! A run that comes due after later runs have also passed (the clock moved past several) counts
//! as the latest of them, as a scheduler that was asleep would: its jobs would all start now
//! anyway. To see one test per run, move the clock one run at a time.

use std::collections::BTreeMap;

use emulator_core::dto::Timestamp;
use emulator_core::RequestContext;

use super::cleanup;
use super::point_choice::choose;
use crate::api::generated::{RestoreJobCreator, StartRestoreJobInput};
use crate::engine::backend::Backend;
use crate::engine::inferred_metadata::restore_metadata;
use crate::engine::restore_start::{start_restore_job_created_by, RestoreTestStart};
use crate::engine::restore_tests::{CleanupCheck, Event, PlanRun};
use crate::model::plan::RuleSchedule;
use crate::state::RegionState;

/// At most this many missed runs are stepped over to find the latest.
const MAX_MISSED_RUNS: usize = 10_000;

/// One restore test a run starts.
#[derive(Debug, Clone, PartialEq)]
struct RestoreTest {
    recovery_point_arn: String,
    iam_role_arn: String,
    metadata: BTreeMap<String, String>,
    validation_window_hours: i32,
}

/// What a run that is still wanted does, read from the plan under the lock.
struct Due {
    plan_arn: String,
    tests: Vec<RestoreTest>,
    next: Option<PlanRun>,
}

/// Fires `plan_run` (due at or before now).
pub fn fire(svc: &Backend, plan_run: &PlanRun) {
    let ctx = RequestContext::new(plan_run.account_id.clone(), plan_run.region.clone());
    let now = svc.clock.now();
    let Some(due) = svc
        .store
        .with_region(&ctx, |region| read(region, &ctx.region, plan_run, now))
    else {
        return;
    };
    if let Some(next) = due.next {
        svc.restore_testing.schedule(next.due, Event::Run(next));
    }
    let creator = RestoreJobCreator {
        restore_testing_plan_arn: Some(due.plan_arn),
    };
    for test in due.tests {
        let input = StartRestoreJobInput {
            recovery_point_arn: test.recovery_point_arn,
            iam_role_arn: Some(test.iam_role_arn),
            metadata: test.metadata,
            ..Default::default()
        };
        let start = RestoreTestStart {
            creator: creator.clone(),
            validation_window_hours: test.validation_window_hours,
        };
        // A point deleted since the plan was read gets no test; the others still do.
        let Ok(started) = start_restore_job_created_by(svc, &ctx, input, Some(start)) else {
            continue;
        };
        let Some(restore_job_id) = started.restore_job_id else {
            continue;
        };
        let check = CleanupCheck {
            account_id: ctx.account_id.clone(),
            region: ctx.region.clone(),
            restore_job_id,
            validation_window_hours: test.validation_window_hours,
        };
        let due = cleanup::window_end(svc.engine_settings.finish_at(now), &check);
        svc.restore_testing.schedule(due, Event::Cleanup(check));
    }
}

/// Reads what `plan_run` does and records the execution, or `None` when its plan was deleted,
/// recreated or updated since it was armed.
fn read(
    region: &mut RegionState,
    region_name: &str,
    plan_run: &PlanRun,
    now: Timestamp,
) -> Option<Due> {
    let plan = region
        .restore_testing_plans
        .get(&plan_run.plan_name)
        .filter(|plan| plan.arn == plan_run.plan_arn && plan.generation == plan_run.generation)?;
    let executed_at = latest_run(&plan.schedule, plan_run.due, now);
    let next = plan.schedule.next_after(now).map(|due| PlanRun {
        due,
        ..plan_run.clone()
    });
    let tests = plan
        .selections
        .values()
        .flat_map(|selection| {
            choose(region, plan, selection, executed_at)
                .into_iter()
                .filter_map(move |point| {
                    Some(RestoreTest {
                        recovery_point_arn: point.arn.to_string(),
                        iam_role_arn: selection.iam_role_arn.clone(),
                        metadata: restore_metadata(
                            point,
                            region_name,
                            &selection.metadata_overrides,
                        )?,
                        validation_window_hours: selection.validation_window_hours,
                    })
                })
        })
        .collect();
    let plan_arn = plan.arn.clone();
    if let Some(plan) = region.restore_testing_plans.get_mut(&plan_run.plan_name) {
        plan.last_execution_time = Some(executed_at);
    }
    Some(Due {
        plan_arn,
        tests,
        next,
    })
}

/// The latest scheduled run at or before `now`, starting from the run due at `due`.
fn latest_run(schedule: &RuleSchedule, due: Timestamp, now: Timestamp) -> Timestamp {
    let mut latest = due;
    for _ in 0..MAX_MISSED_RUNS {
        match schedule.next_after(latest) {
            Some(next) if next <= now => latest = next,
            _ => break,
        }
    }
    latest
}
