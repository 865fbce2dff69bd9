//! The restore testing queue: every plan's next run and every restore test waiting for its
//! validation window to close, on its own [`emulator_core::Timers`] read against the gateway's
//! clock (nothing polls; moving the clock past a run fires it at once).
//!
//! Nothing is ever cancelled. A run carries the plan's ARN and generation: a run whose plan was
//! deleted (or recreated under the same name, which gives it a new ARN) or updated since (which
//! bumps the generation and arms a run of its own) does nothing when it comes due.

use std::sync::Arc;

use emulator_core::dto::Timestamp;
use emulator_core::timers::DueHandler;
use emulator_core::{Clock, RequestContext, Timers};

use crate::engine::backend::Backend;

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
pub struct RestoreTestingSchedule {
    timers: Timers<Event>,
}

impl RestoreTestingSchedule {
    /// An empty queue reading `clock`.
    pub fn new(clock: Arc<Clock>) -> Self {
        Self {
            timers: Timers::new(clock),
        }
    }

    /// Lets the timer task hand events to `handler` as they come due (the restore testing
    /// driver). Until then events are handled only through [`Self::run_due_with`].
    pub fn set_handler(&self, handler: DueHandler<Event>) {
        self.timers.set_handler(handler);
    }

    /// Hands every event already due to `handle`, on the caller's thread, under the queue's
    /// delivery lock.
    pub fn run_due_with(&self, handle: impl FnMut(Vec<Event>)) {
        self.timers.run_due_with(handle);
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
pub fn plan_changed(svc: &Backend, ctx: &RequestContext, name: &str, generation: u64) {
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
