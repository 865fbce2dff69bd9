//! The scheduler driven by hand (no timer task): plan changes arm rules, runs fire when the clock
//! passes them, superseded and orphaned runs do nothing.

use crate::api::generated::*;
use crate::engine::rule_runs::{runs_to_arm, RuleKey};
use crate::ops::vaults::test_support::create;
use crate::ops::{plans, selections};
use crate::test_support::{ctx, service};
use crate::BackupService;

const VOLUME: &str = "arn:aws:ec2:us-east-1:111122223333:volume/vol-1";
const DAY: f64 = 86_400.0;

fn plan_input(cron: &str) -> BackupPlanInput {
    BackupPlanInput {
        backup_plan_name: "nightly".into(),
        rules: vec![BackupRuleInput {
            rule_name: "daily".into(),
            target_backup_vault_name: "vault".into(),
            schedule_expression: Some(cron.into()),
            recovery_point_tags: Some([("team".to_owned(), "data".to_owned())].into()),
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn setup() -> (BackupService, String) {
    let svc = service();
    create(&svc, "vault");
    let plan_id = plans::create_backup_plan(
        &svc,
        &ctx(),
        CreateBackupPlanInput {
            backup_plan: plan_input("cron(0 5 ? * * *)"),
            ..Default::default()
        },
    )
    .expect("create plan")
    .backup_plan_id
    .expect("plan id");
    selections::create_backup_selection(
        &svc,
        &ctx(),
        CreateBackupSelectionInput {
            backup_plan_id: plan_id.clone(),
            backup_selection: BackupSelection {
                selection_name: "one".into(),
                iam_role_arn: "arn:aws:iam::111122223333:role/backup".into(),
                resources: Some(vec![VOLUME.into()]),
                ..Default::default()
            },
            creator_request_id: None,
        },
    )
    .expect("create selection");
    (svc, plan_id)
}

fn jobs(svc: &BackupService) -> Vec<crate::model::backup_job::BackupJob> {
    svc.store.with_region(&ctx(), |region| {
        region
            .backup_jobs
            .values()
            .map(|job| (**job).clone())
            .collect()
    })
}

#[test]
fn a_created_plan_fires_once_a_day_and_marks_its_jobs() {
    let (svc, plan_id) = setup();
    assert_eq!(svc.scheduler.armed(), 1);
    super::run_due(&svc);
    assert!(jobs(&svc).is_empty(), "nothing is due yet");

    svc.clock.advance(DAY);
    super::run_due(&svc);
    let started = jobs(&svc);
    assert_eq!(started.len(), 1);
    let job = &started[0];
    assert_eq!(job.resource_arn, VOLUME);
    assert_eq!(job.vault_name, "vault");
    assert_eq!(
        job.rare.recovery_point_tags.get("team").map(String::as_str),
        Some("data")
    );
    let creator = job.created_by.as_ref().expect("created by");
    assert_eq!(creator.backup_plan_id.as_deref(), Some(plan_id.as_str()));
    assert_eq!(creator.backup_rule_name.as_deref(), Some("daily"));
    assert_eq!(
        creator.backup_rule_cron.as_deref(),
        Some("cron(0 5 ? * * *)")
    );
    let (last_run, next) = svc.store.with_region(&ctx(), |region| {
        let plan = &region.plans[&plan_id];
        (
            plan.current().last_execution_date.expect("recorded"),
            plan.current_rules()[0]
                .spec
                .schedule
                .next_after(svc.clock.now()),
        )
    });
    assert!(last_run <= svc.clock.now());
    assert_eq!(svc.scheduler.next_due(), next, "the next run is armed");

    svc.clock.advance(DAY);
    super::run_due(&svc);
    assert_eq!(jobs(&svc).len(), 2);
}

#[test]
fn an_update_supersedes_the_armed_run_and_a_deleted_plan_disarms() {
    let (svc, plan_id) = setup();
    let updated = plans::update_backup_plan(
        &svc,
        &ctx(),
        UpdateBackupPlanInput {
            backup_plan_id: plan_id.clone(),
            backup_plan: plan_input("cron(0 17 ? * * *)"),
        },
    )
    .expect("update plan");
    let queue = &svc.scheduler;
    assert_eq!((queue.pending(), queue.armed()), (2, 1));
    svc.clock.advance(DAY);
    super::run_due(&svc);
    let started = jobs(&svc);
    assert_eq!(started.len(), 1, "the superseded 05:00 run did nothing");
    assert_eq!(
        started[0]
            .created_by
            .as_ref()
            .and_then(|c| c.backup_plan_version.clone()),
        updated.version_id
    );

    svc.store
        .with_region(&ctx(), |region| region.selections.clear());
    plans::delete_backup_plan(
        &svc,
        &ctx(),
        DeleteBackupPlanInput {
            backup_plan_id: plan_id,
        },
    )
    .expect("delete plan");
    svc.clock.advance(DAY);
    super::run_due(&svc);
    assert_eq!(jobs(&svc).len(), 1);
    assert_eq!((queue.pending(), queue.armed()), (0, 0));
}

/// The runs a restart rebuilds from the plans (`runs_to_arm`) are the runs the live
/// path has armed: same rule, version and time.
fn assert_rebuild_matches_live(svc: &BackupService) {
    let queue = &svc.scheduler;
    let key = |(rule, version, due): &(RuleKey, String, emulator_core::dto::Timestamp)| {
        (
            due.epoch_millis(),
            rule.plan_id.clone(),
            rule.rule_id.clone(),
            version.clone(),
        )
    };
    let mut live: Vec<_> = queue
        .queued()
        .into_iter()
        .filter(|run| queue.is_current(run))
        .map(|run| key(&(run.key.clone(), run.version_id.clone(), run.due())))
        .collect();
    let mut rebuilt: Vec<_> = svc
        .store
        .with_region(&ctx(), |region| {
            runs_to_arm(region, &ctx().account_id, &ctx().region)
        })
        .iter()
        .map(key)
        .collect();
    live.sort();
    rebuilt.sort();
    assert!(!live.is_empty());
    assert_eq!(rebuilt, live);
}

#[test]
fn the_runs_rebuilt_from_plans_are_the_runs_the_live_path_armed() {
    let (svc, plan_id) = setup();
    assert_rebuild_matches_live(&svc);
    svc.clock.advance(DAY + 3_600.0);
    super::run_due(&svc);
    assert_eq!(jobs(&svc).len(), 1, "the run fired and armed the next");
    assert_rebuild_matches_live(&svc);
    plans::update_backup_plan(
        &svc,
        &ctx(),
        UpdateBackupPlanInput {
            backup_plan_id: plan_id,
            backup_plan: plan_input("cron(0 17 ? * * *)"),
        },
    )
    .expect("update plan");
    assert_rebuild_matches_live(&svc);
}
