//! The plan scheduler: every rule of every active plan, in every account and region, runs on its
//! `cron(...)` schedule in its time zone and starts a backup job for each resource its plan's
//! selections choose.
//!
//! Each rule's next run waits on the scheduler's own timer queue ([`RunQueue`], driven by the
//! gateway's controllable clock): nothing polls, and moving the clock past a run fires it at
//! once. Creating or updating a plan arms its rules (`engine/rule_runs.rs`, `plan_changed`); a run re-reads its plan
//! when it comes due and does nothing if the plan, its version or the rule has gone, so deleting
//! a plan needs no call. After firing, a rule arms its next run.
//!
//! What a firing does is in `firing.rs`; which resources it backs up in
//! `engine/plan_targets.rs` (with `selection_matching.rs` and `catalog.rs`: read the latter for what "known resources" means
//! until the gateway has a registry of other services' resources); late runs in `engine/rule_runs/timing.rs`.

pub mod firing;

use std::sync::Arc;

use crate::engine::backend::Backend;
use crate::engine::rule_runs::RuleRun;

/// Lets the timer task fire runs as they come due, on `backend` (held weakly, so the service
/// can still be dropped). Until this is called, runs fire only through [`run_due`].
pub fn attach(backend: &Arc<Backend>) {
    let weak = Arc::downgrade(backend);
    backend
        .scheduler
        .set_handler(Arc::new(move |runs: Vec<RuleRun>| {
            if let Some(backend) = weak.upgrade() {
                firing::fire(&backend, runs);
            }
        }));
}

/// Fires every run already due, on the caller's thread, so a request made right after the clock
/// moved sees the jobs the runs started.
///
/// A batch of runs fires under the queue's delivery lock, on the timer task or a request's
/// thread alike, so a request settling due runs waits for a firing in progress instead of reading
/// it half done. That lock is taken before any region lock, never while holding one.
pub fn run_due(svc: &Backend) {
    svc.scheduler.run_due_with(|runs| firing::fire(svc, runs));
}

#[cfg(test)]
mod tests;
