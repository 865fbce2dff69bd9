//! The scheduler's queue: the next run of every armed plan rule, on its own
//! [`emulator_core::Timers`] (a min-heap read against the shared clock; one sleeping task, zero
//! CPU while nothing is due).
//!
//! Nothing is ever cancelled. Each arming of a rule gets a fresh generation number, remembered
//! per rule; a run that comes due is acted on only if its generation is still the rule's, so a
//! plan update simply arms again and the superseded run falls through when it comes due.

pub mod timing;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use emulator_core::dto::Timestamp;
use emulator_core::state::lock;
use emulator_core::timers::DueHandler;
use emulator_core::{Clock, RequestContext, Timers};

use crate::engine::backend::Backend;
use crate::state::plans::active_plans;
use crate::state::RegionState;

/// Which rule of which plan, in which account and region. Cloning shares one allocation, so the
/// queue entry and the armed-generation map do not each copy the identifiers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RuleKey(Arc<RuleIdentity>);

/// The parts of a [`RuleKey`].
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct RuleIdentity {
    /// The plan's account.
    pub account_id: String,
    /// The plan's region.
    pub region: String,
    /// `BackupPlanId`.
    pub plan_id: String,
    /// `RuleId`.
    pub rule_id: String,
}

impl RuleKey {
    /// The key of rule `rule_id` of plan `plan_id`.
    pub fn new(
        account_id: impl Into<String>,
        region: impl Into<String>,
        plan_id: impl Into<String>,
        rule_id: impl Into<String>,
    ) -> Self {
        Self(Arc::new(RuleIdentity {
            account_id: account_id.into(),
            region: region.into(),
            plan_id: plan_id.into(),
            rule_id: rule_id.into(),
        }))
    }
}

impl std::ops::Deref for RuleKey {
    type Target = RuleIdentity;

    fn deref(&self) -> &RuleIdentity {
        &self.0
    }
}

/// One pending run of a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleRun {
    /// The rule.
    pub key: RuleKey,
    /// The plan version the run was computed from; a run of a superseded version is dropped.
    pub version_id: String,
    /// The scheduled time, in epoch milliseconds.
    pub due_millis: i64,
    /// The arming this run belongs to.
    pub generation: u64,
}

impl RuleRun {
    /// The scheduled time.
    pub fn due(&self) -> Timestamp {
        Timestamp::from_epoch_millis(self.due_millis)
    }
}

/// Pending rule runs and the current arming of every rule.
pub struct RunQueue {
    timers: Timers<RuleRun>,
    armed: Mutex<HashMap<RuleKey, u64>>,
    generations: AtomicU64,
}

impl RunQueue {
    /// An empty queue reading `clock`.
    pub fn new(clock: Arc<Clock>) -> Self {
        Self {
            timers: Timers::new(clock),
            armed: Mutex::new(HashMap::new()),
            generations: AtomicU64::new(0),
        }
    }

    /// Sets the function that receives due runs (the timer driver calls it on its own task).
    pub fn set_handler(&self, handler: DueHandler<RuleRun>) {
        self.timers.set_handler(handler);
    }

    /// Arms `key` to run version `version_id` at `due`, superseding any earlier arming.
    pub fn arm(&self, key: RuleKey, version_id: String, due: Timestamp) {
        let generation = self.generations.fetch_add(1, Ordering::Relaxed) + 1;
        lock(&self.armed).insert(key.clone(), generation);
        self.push(key, version_id, due, generation);
    }

    /// Arms the run after `previous` at `next` (or forgets the rule when `next` is `None`), but
    /// only while `previous` is still the rule's arming: a plan change that armed the rule
    /// meanwhile wins. Answers whether it armed.
    pub fn rearm(&self, previous: &RuleRun, next: Option<Timestamp>) -> bool {
        let generation = self.generations.fetch_add(1, Ordering::Relaxed) + 1;
        {
            let mut armed = lock(&self.armed);
            if armed.get(&previous.key) != Some(&previous.generation) {
                return false;
            }
            match next {
                Some(_) => armed.insert(previous.key.clone(), generation),
                None => armed.remove(&previous.key),
            };
        }
        if let Some(due) = next {
            self.push(
                previous.key.clone(),
                previous.version_id.clone(),
                due,
                generation,
            );
        }
        next.is_some()
    }

    /// Whether `run` is still the arming of its rule.
    pub fn is_current(&self, run: &RuleRun) -> bool {
        lock(&self.armed).get(&run.key) == Some(&run.generation)
    }

    /// Forgets the rule if `run` is still its arming (its plan, version or rule is gone).
    pub fn disarm(&self, run: &RuleRun) {
        let mut armed = lock(&self.armed);
        if armed.get(&run.key) == Some(&run.generation) {
            armed.remove(&run.key);
        }
    }

    fn push(&self, key: RuleKey, version_id: String, due: Timestamp, generation: u64) {
        self.timers.schedule(
            due,
            RuleRun {
                key,
                version_id,
                due_millis: due.epoch_millis(),
                generation,
            },
        );
    }

    /// Removes and returns every run due at or before `now`, earliest first.
    pub fn pop_due(&self, now: Timestamp) -> Vec<RuleRun> {
        self.timers.pop_due(now)
    }

    /// Fires every run due now with `fire`, then the runs firing armed for a time already
    /// reached, waiting for a batch the timer task is firing ([`Timers::run_due_with`]).
    pub fn run_due_with(&self, fire: impl FnMut(Vec<RuleRun>)) {
        self.timers.run_due_with(fire);
    }

    /// Every queued run, earliest first (superseded ones included), without removing any.
    #[cfg(test)]
    pub fn queued(&self) -> Vec<RuleRun> {
        self.timers
            .snapshot()
            .into_iter()
            .map(|(_, run)| run)
            .collect()
    }

    /// How many runs are queued (superseded ones included until they come due).
    pub fn pending(&self) -> usize {
        self.timers.len()
    }

    /// How many rules are armed.
    pub fn armed(&self) -> usize {
        lock(&self.armed).len()
    }

    /// The earliest queued run's time.
    pub fn next_due(&self) -> Option<Timestamp> {
        self.timers.next_due()
    }

    /// Drops every queued run and arming.
    pub fn clear(&self) {
        lock(&self.armed).clear();
        self.timers.clear();
    }
}

/// Arms every rule of plan `plan_id` (of the caller's account and region) for its next run after
/// now. Call after CreateBackupPlan and UpdateBackupPlan; arming again supersedes the earlier
/// arming, so calling it twice is harmless.
pub fn plan_changed(svc: &Backend, ctx: &RequestContext, plan_id: &str) {
    let now = svc.clock.now();
    let runs = svc.store.with_region(ctx, |region| {
        let Some(plan) = active_plans(region).find(|plan| plan.id == plan_id) else {
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
        svc.scheduler.arm(key, version, due);
    }
}

/// The run every rule of the region's active plans waits for, rebuilt from the state after a
/// restart (the queue is not stored): the first run after the plan's version took effect or
/// after its latest run, as [`plan_changed`] and a firing arm it. A run missed while the
/// gateway was down is due at once and fires once, as after a clock jump (`timing.rs`).
pub fn runs_to_arm(
    region: &RegionState,
    account_id: &str,
    region_name: &str,
) -> Vec<(RuleKey, String, Timestamp)> {
    let mut runs = Vec::new();
    for plan in active_plans(region) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_epoch_millis(seconds * 1000)
    }

    fn queue() -> RunQueue {
        RunQueue::new(Arc::new(Clock::default()))
    }

    #[test]
    fn arming_again_supersedes_the_earlier_run() {
        let queue = queue();
        let key = RuleKey::new("111122223333", "us-east-1", "plan", "rule");
        queue.arm(key.clone(), "v1".into(), at(10));
        queue.arm(key.clone(), "v2".into(), at(20));
        assert_eq!(queue.pending(), 2);
        assert_eq!(queue.armed(), 1);
        let runs = queue.pop_due(at(30));
        assert_eq!(runs.len(), 2);
        assert!(
            !queue.is_current(&runs[0]),
            "the first arming is superseded"
        );
        assert!(queue.is_current(&runs[1]));
        assert_eq!(runs[1].version_id, "v2");
        assert_eq!(runs[1].due(), at(20));
    }

    #[test]
    fn rearming_yields_to_a_plan_change_made_meanwhile() {
        let queue = queue();
        let key = RuleKey::new("111122223333", "us-east-1", "plan", "rule");
        queue.arm(key.clone(), "v1".into(), at(10));
        let fired = queue.pop_due(at(10)).remove(0);
        queue.arm(key.clone(), "v2".into(), at(50));
        assert!(!queue.rearm(&fired, Some(at(40))));
        assert_eq!(queue.pending(), 1, "only the plan change's run is queued");

        let fired = queue.pop_due(at(50)).remove(0);
        assert!(queue.rearm(&fired, Some(at(60))));
        let next = queue.pop_due(at(60)).remove(0);
        assert!(queue.is_current(&next));
        assert_eq!(next.version_id, "v2");
        assert!(!queue.rearm(&next, None), "a schedule that ends disarms");
        assert_eq!(queue.armed(), 0);
    }

    #[test]
    fn disarming_forgets_only_the_current_arming() {
        let queue = queue();
        let key = RuleKey::new("111122223333", "us-east-1", "plan", "rule");
        queue.arm(key.clone(), "v1".into(), at(10));
        queue.arm(key.clone(), "v2".into(), at(20));
        let runs = queue.pop_due(at(20));
        queue.disarm(&runs[0]);
        assert_eq!(queue.armed(), 1);
        queue.disarm(&runs[1]);
        assert_eq!(queue.armed(), 0);
        queue.arm(key, "v3".into(), at(30));
        queue.clear();
        assert_eq!((queue.pending(), queue.armed()), (0, 0));
    }
}
