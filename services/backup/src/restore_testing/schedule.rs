//! The restore testing queue: every plan's next run and every restore test waiting for its
//! validation window to close, on its own [`emulator_core::Timers`] read against the gateway's
//! clock (nothing polls; moving the clock past a run fires it at once).
//!
//! Nothing is ever cancelled. A run carries the plan's ARN and generation: a run whose plan was
//! deleted (or recreated under the same name, which gives it a new ARN) or updated since (which
//! bumps the generation and arms a run of its own) does nothing when it comes due.

use std::sync::{Arc, Weak};

use emulator_core::dto::Timestamp;
use emulator_core::{Clock, RequestContext, Timers};

use super::{cleanup, run};
use crate::engine::EngineSettings;
use crate::store::RegionState;
use crate::BackupService;

/// A plan's scheduled run.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRun {
    /// The plan's account.
    pub account_id: String,
    /// The plan's region.
    pub region: String,
    /// `RestoreTestingPlanName`.
    pub plan_name: String,
    /// The plan's ARN when the run was armed.
    pub plan_arn: String,
    /// The plan's generation when the run was armed.
    pub generation: u64,
    /// The scheduled time.
    pub due: Timestamp,
}

/// A restore test whose restored resource is deleted once its validation window has closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanupCheck {
    /// The job's account.
    pub account_id: String,
    /// The job's region.
    pub region: String,
    /// `RestoreJobId`.
    pub restore_job_id: String,
    /// The selection's `ValidationWindowHours` when the test started.
    pub validation_window_hours: i32,
}

/// What comes due on the restore testing queue.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// Run a plan.
    Run(PlanRun),
    /// Look at a restore test's validation window and deletion.
    Cleanup(CleanupCheck),
}

/// The restore testing queue of one [`BackupService`].
///
/// A batch of events is handled under the queue's delivery lock, on the timer task or a
/// request's thread alike, so a request settling due work waits for a batch in progress. That
/// lock is taken before any region lock.
pub(crate) struct RestoreTestingSchedule {
    timers: Timers<Event>,
}

impl RestoreTestingSchedule {
    /// An empty queue reading `clock`.
    pub fn new(clock: Arc<Clock>) -> Self {
        Self {
            timers: Timers::new(clock),
        }
    }

    /// Lets the timer task handle events as they come due, on `service` (held weakly, so the
    /// service can still be dropped). Until then events are handled only through [`run_due`].
    pub fn attach(&self, service: Weak<BackupService>) {
        self.timers.set_handler(Arc::new(move |events: Vec<Event>| {
            if let Some(svc) = service.upgrade() {
                handle(&svc, events);
            }
        }));
    }

    /// Queues `event` for `due`.
    pub fn schedule(&self, due: Timestamp, event: Event) {
        self.timers.schedule(due, event);
    }

    /// Everything queued, earliest first, without removing any.
    #[cfg(test)]
    pub fn queued(&self) -> Vec<(Timestamp, Event)> {
        self.timers.snapshot()
    }

    /// Forgets everything queued.
    pub fn clear(&self) {
        self.timers.clear();
    }
}

/// Arms plan `name` (generation `generation`) of the caller's region for its first run after
/// now. Call after CreateRestoreTestingPlan and UpdateRestoreTestingPlan.
pub(crate) fn plan_changed(svc: &BackupService, ctx: &RequestContext, name: &str, generation: u64) {
    let now = svc.clock.now();
    let armed = svc.store.with_region(ctx, |region| {
        let plan = region.restore_testing_plans.get(name)?;
        let due = plan.schedule.next_after(now)?;
        Some(PlanRun {
            account_id: ctx.account_id.clone(),
            region: ctx.region.clone(),
            plan_name: plan.name.clone(),
            plan_arn: plan.arn.clone(),
            generation,
            due,
        })
    });
    if let Some(run) = armed {
        svc.restore_testing.schedule(run.due, Event::Run(run));
    }
}

/// Everything the restore testing queue holds for the region `region_name` of `account_id`,
/// rebuilt from its state after a restart (the queue is not stored): each plan's next run (the
/// first after its creation, update or latest run, as [`plan_changed`] and a firing arm it) and
/// the deletion step every unfinished restore test waits for (`cleanup.rs`).
pub(crate) fn pending(
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
pub(crate) fn run_due(svc: &BackupService) {
    svc.restore_testing
        .timers
        .run_due_with(|events| handle(svc, events));
}

fn handle(svc: &BackupService, events: Vec<Event>) {
    for event in events {
        match event {
            Event::Run(plan_run) => run::fire(svc, &plan_run),
            Event::Cleanup(check) => cleanup::check(svc, &check),
        }
    }
}
