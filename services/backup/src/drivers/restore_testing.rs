//! Restore testing runs: what happens when a restore testing plan's schedule fires, and the
//! deletion of what a restore test restored.
//!
//! A plan's `cron(...)` runs in its time zone on the restore testing queue
//! (`engine/restore_tests.rs`, driven by the gateway's clock). Each run picks, for every
//! protected resource its selections choose, one recovery point of the included vaults within
//! the selection window (`point_choice.rs`), and starts a restore job of it through
//! StartRestoreJob's own code, marked `CreatedBy.RestoreTestingPlanArn` (`run.rs`). Once the job
//! has completed and its selection's `ValidationWindowHours` have passed, the restored resource
//! is deleted: the job's `DeletionStatus` goes `DELETING` → `SUCCESSFUL` (`cleanup.rs`).
//!
//! Events are handled under the queue's delivery lock, on the timer task or a request's thread
//! alike, so a request settling due work waits for a batch in progress. That lock is taken before
//! any region lock.

pub mod cleanup;
pub mod point_choice;
pub mod run;

use std::sync::Arc;

use emulator_core::dto::Timestamp;

use crate::engine::backend::Backend;
use crate::engine::restore_tests::{CleanupCheck, Event, PlanRun};
use crate::state::RegionState;
use crate::support::engine_settings::EngineSettings;

/// Lets the timer task handle events as they come due, on `backend` (held weakly, so the
/// service can still be dropped). Until then events are handled only through [`run_due`].
pub fn attach(backend: &Arc<Backend>) {
    let weak = Arc::downgrade(backend);
    backend
        .restore_testing
        .set_handler(Arc::new(move |events: Vec<Event>| {
            if let Some(backend) = weak.upgrade() {
                handle(&backend, events);
            }
        }));
}

/// Everything the restore testing queue holds for the region `region_name` of `account_id`,
/// rebuilt from its state after a restart (the queue is not stored): each plan's next run (the
/// first after its creation, update or latest run, as `plan_changed` and a firing arm it) and
/// the deletion step every unfinished restore test waits for (`cleanup.rs`).
pub fn pending(
    region: &RegionState,
    account_id: &str,
    region_name: &str,
    settings: &EngineSettings,
) -> Vec<(Timestamp, Event)> {
    let mut events = Vec::new();
    for plan in region.restore_testing_plans.values() {
        let since = [plan.last_update_time, plan.last_execution_time]
            .into_iter()
            .flatten()
            .fold(plan.creation_time, Timestamp::latest);
        if let Some(due) = plan.schedule.next_after(since) {
            let run = PlanRun {
                account_id: account_id.to_owned(),
                region: region_name.to_owned(),
                plan_name: plan.name.clone(),
                plan_arn: plan.arn.clone(),
                generation: plan.generation,
                due,
            };
            events.push((due, Event::Run(run)));
        }
    }
    for job in region.restore_jobs.values() {
        let Some(hours) = job.validation_window_hours else {
            continue;
        };
        let check = CleanupCheck {
            account_id: account_id.to_owned(),
            region: region_name.to_owned(),
            restore_job_id: job.id.clone(),
            validation_window_hours: hours,
        };
        if let Some(due) = cleanup::next_step(job, &check, settings) {
            events.push((due, Event::Cleanup(check)));
        }
    }
    events
}

/// Handles every event already due, including those the handled events queue for a time
/// already reached, on the caller's thread, so a request made right after the clock moved sees
/// the restore tests a run started and the deletions that came due. Events only ever queue
/// others for later than now or for a job that has completed, so this ends.
pub fn run_due(svc: &Backend) {
    svc.restore_testing
        .run_due_with(|events| handle(svc, events));
}

pub fn handle(svc: &Backend, events: Vec<Event>) {
    for event in events {
        match event {
            Event::Run(plan_run) => run::fire(svc, &plan_run),
            Event::Cleanup(check) => cleanup::check(svc, &check),
        }
    }
}
