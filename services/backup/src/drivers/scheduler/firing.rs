//! What happens when a rule's run comes due: re-read the plan, start a job for every resource
//! its selections choose, record `LastExecutionDate`, arm the next run.
//!
//! A run whose plan was deleted, whose plan was updated to another version, or whose rule is gone
//! does nothing and disarms its rule (an update arms the new version's rules itself). The plan is
//! read under the region's lock; jobs are then started one at a time, each StartBackupJob taking
//! the lock on its own, so no two locks are ever held together.

use emulator_core::dto::Timestamp;
use emulator_core::resources::KnownResource;
use emulator_core::RequestContext;

use crate::engine::backend::Backend;
use crate::engine::local_backups;
use crate::engine::plan_jobs::{start_job_for_plan, RuleJobSpec, Target};
use crate::state::RegionState;

use crate::engine::plan_targets as targets;
use crate::engine::rule_runs::timing;
use crate::engine::rule_runs::RuleRun;

/// A run that is still wanted, read from the plan under the lock.
struct Due {
    spec: RuleJobSpec,
    targets: Vec<Target>,
    /// The local backup vault of the region's appliance, for registered resources.
    local_vault: Result<String, &'static str>,
    next: Option<Timestamp>,
}

/// Fires every run of `runs` (due at or before now), in order.
pub fn fire(svc: &Backend, runs: Vec<RuleRun>) {
    for run in runs {
        fire_one(svc, &run, svc.clock.now());
    }
}

fn fire_one(svc: &Backend, run: &RuleRun, now: Timestamp) {
    let queue = &svc.scheduler;
    if !queue.is_current(run) {
        return;
    }
    let ctx = RequestContext::new(run.key.account_id.clone(), run.key.region.clone());
    // Read before the region's lock: the registry has a lock of its own.
    let registered = svc.resources.list(&ctx.account_id, &ctx.region);
    let Some(due) = svc
        .store
        .with_region(&ctx, |region| read(region, &ctx, run, now, &registered))
    else {
        queue.disarm(run);
        return;
    };
    for target in &due.targets {
        // A resource StartBackupJob refuses (the rule's vault was deleted after the plan was
        // written) gets no job; the other resources still do, and the rule stays armed.
        let local_vault = due.local_vault.as_deref().map_err(|message| *message);
        let _ = start_job_for_plan(svc, &ctx, &due.spec, target, local_vault);
    }
    queue.rearm(run, due.next);
}

/// Reads what `run` does, recording the execution, or `None` when its plan, version or rule is
/// gone.
fn read(
    region: &mut RegionState,
    ctx: &RequestContext,
    run: &RuleRun,
    now: Timestamp,
    registered: &[KnownResource],
) -> Option<Due> {
    let plan = region
        .plans
        .get(&run.key.plan_id)
        .filter(|plan| !plan.is_deleted() && plan.current().version_id == *run.version_id)?;
    let rule = plan
        .current_rules()
        .iter()
        .find(|rule| rule.id == run.key.rule_id)?;
    let firing = timing::firing(&rule.spec.schedule, run.due(), now);
    let spec = RuleJobSpec::new(plan, rule);
    let targets = targets::choose(region, ctx, &run.key.plan_id, registered);
    let local_vault = local_backups::appliance_vault(region).map(|vault| vault.name.clone());
    region
        .plans
        .get_mut(&run.key.plan_id)?
        .record_execution(firing.executed_at);
    Some(Due {
        spec,
        targets,
        local_vault,
        next: firing.next,
    })
}
