//! The plan scheduler: every rule of every active plan, in every account and region, runs on its
//! `cron(...)` schedule in its time zone and starts a backup job for each resource its plan's
//! selections choose.
//!
//! Each rule's next run waits on the scheduler's own timer queue ([`RunQueue`], driven by the
//! gateway's controllable clock): nothing polls, and moving the clock past a run fires it at
//! once. Creating or updating a plan arms its rules ([`plan_changed`]); a run re-reads its plan
//! when it comes due and does nothing if the plan, its version or the rule has gone, so deleting
//! a plan needs no call. After firing, a rule arms its next run.
//!
//! What a firing does is in `firing.rs`; which resources it backs up in `targets.rs`,
//! `selection_matching.rs` and `catalog.rs` (read the latter for what "known resources" means
//! until the gateway has a registry of other services' resources); late runs in `timing.rs`.

mod catalog;
mod firing;
pub mod run_queue;
mod selection_matching;
pub(crate) mod targets;
mod timing;

use std::sync::{Arc, Weak};

use emulator_core::dto::Timestamp;
use emulator_core::{Clock, RequestContext};

use crate::store::RegionState;
use crate::BackupService;

pub use run_queue::{RuleKey, RuleRun, RunQueue};

/// The scheduler of one [`BackupService`].
///
/// A batch of runs fires under its queue's delivery lock, on the timer task or a request's
/// thread alike, so a request settling due runs waits for a firing in progress instead of reading
/// it half done. That lock is taken before any region lock, never while holding one.
pub(crate) struct Scheduler {
    queue: RunQueue,
}

impl Scheduler {
    /// A scheduler with nothing armed, reading `clock`.
    pub fn new(clock: Arc<Clock>) -> Self {
        Self {
            queue: RunQueue::new(clock),
        }
    }

    /// The queue of pending runs.
    pub fn queue(&self) -> &RunQueue {
        &self.queue
    }

    /// Lets the timer task fire runs as they come due, on `service` (held weakly, so the service
    /// can still be dropped). Until this is called, runs fire only through [`run_due`].
    pub fn attach(&self, service: Weak<BackupService>) {
        self.queue.set_handler(Arc::new(move |runs: Vec<RuleRun>| {
            if let Some(svc) = service.upgrade() {
                firing::fire(&svc, runs);
            }
        }));
    }

    /// Forgets every armed rule and pending run.
    pub fn clear(&self) {
        self.queue.clear();
    }
}

/// Arms every rule of plan `plan_id` (of the caller's account and region) for its next run after
/// now. Call after CreateBackupPlan and UpdateBackupPlan; arming again supersedes the earlier
/// arming, so calling it twice is harmless.
pub(crate) fn plan_changed(svc: &BackupService, ctx: &RequestContext, plan_id: &str) {
    let now = svc.clock.now();
    let runs = svc.store.with_region(ctx, |region| {
        let Some(plan) = crate::plans::active_plans(region).find(|plan| plan.id == plan_id) else {
            return Vec::new();
        };
        let version = plan.current().version_id.to_string();
        plan.current_rules()
            .iter()
            .filter_map(|rule| {
                let due = timing::first_run(&rule.spec.schedule, now)?;
                let key = RuleKey::new(&*ctx.account_id, &*ctx.region, plan_id, &*rule.id);
                Some((key, version.clone(), due))
            })
            .collect::<Vec<_>>()
    });
    for (key, version, due) in runs {
        svc.scheduler.queue.arm(key, version, due);
    }
}

/// The run every rule of the region's active plans waits for, rebuilt from the state after a
/// restart (the queue is not stored): the first run after the plan's version took effect or
/// after its latest run, as [`plan_changed`] and a firing arm it. A run missed while the
/// gateway was down is due at once and fires once, as after a clock jump (`timing.rs`).
pub(crate) fn runs_to_arm(
    region: &RegionState,
    account_id: &str,
    region_name: &str,
) -> Vec<(RuleKey, String, Timestamp)> {
    let mut runs = Vec::new();
    for plan in crate::plans::active_plans(region) {
        let version = plan.current();
        let since = version
            .last_execution_date
            .map_or(version.creation_date, |last| {
                last.latest(version.creation_date)
            });
        for rule in plan.current_rules() {
            if let Some(due) = timing::first_run(&rule.spec.schedule, since) {
                let key = RuleKey::new(account_id, region_name, &*plan.id, &*rule.id);
                runs.push((key, version.version_id.to_string(), due));
            }
        }
    }
    runs
}

/// Fires every run already due, on the caller's thread, so a request made right after the clock
/// moved sees the jobs the runs started.
pub(crate) fn run_due(svc: &BackupService) {
    svc.scheduler
        .queue
        .run_due_with(|runs| firing::fire(svc, runs));
}

#[cfg(test)]
mod tests;
