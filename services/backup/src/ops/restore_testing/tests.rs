//! Restore testing driven by hand (no timer task): a plan's run comes due when the clock passes
//! it and starts restore jobs of the chosen points; their restored resources are deleted once
//! the validation window has closed; stale runs do nothing.

use emulator_core::dto::Timestamp;

use super::test_support::{create_plan, create_selection, selection_input};
use crate::api::generated::*;
use crate::model::restore_job::RestoreJob;
use crate::ops::recovery_points::test_support::put_with;
use crate::ops::vaults::test_support::create;
use crate::test_support::{ctx, service};
use crate::BackupService;

const VOLUME: &str = "arn:aws:ec2:us-east-1:111122223333:volume/vol-1";
const DAY_MILLIS: i64 = 86_400_000;

/// A vault holding one EBS point of [`VOLUME`] a day old, and plan `p` with a selection of
/// every EBS volume kept `window_hours` for validation.
fn setup(window_hours: i32) -> (BackupService, String, String) {
    let svc = service();
    create(&svc, "v");
    let yesterday = svc.clock.now().epoch_millis() - DAY_MILLIS;
    let point = put_with(&svc, "v", "RP-1", yesterday, |p| {
        p.resource_arn = VOLUME.into();
        p.resource_name = "vol-1".into();
        p.backup_size_in_bytes = 1 << 30;
    });
    let plan_arn = create_plan(&svc, "p").unwrap().restore_testing_plan_arn;
    let mut selection = selection_input("volumes");
    selection.validation_window_hours = Some(window_hours);
    selection.restore_metadata_overrides =
        Some([("volumeType".to_owned(), "gp3".to_owned())].into());
    create_selection(&svc, "p", selection).unwrap();
    (svc, plan_arn, point)
}

fn jobs(svc: &BackupService) -> Vec<RestoreJob> {
    svc.store.with_region(&ctx(), |region| {
        region.restore_jobs.values().cloned().collect()
    })
}

/// The plan's next run.
fn next_run(svc: &BackupService) -> Timestamp {
    let now = svc.clock.now();
    svc.store
        .with_region(&ctx(), |region| {
            region.restore_testing_plans["p"].schedule.next_after(now)
        })
        .expect("a next run")
}

/// Moves the clock to `seconds` after `at` and applies what came due, as a request would.
fn move_to(svc: &BackupService, at: Timestamp, seconds: i64) {
    let target = at.plus_seconds(seconds).epoch_millis();
    let now = svc.clock.now().epoch_millis();
    svc.clock.advance((target - now).max(0) as f64 / 1000.0);
    svc.settle_due();
}

fn last_execution(svc: &BackupService) -> Option<Timestamp> {
    svc.store.with_region(&ctx(), |region| {
        region.restore_testing_plans["p"].last_execution_time
    })
}

#[test]
fn a_run_restores_the_point_and_deletes_it_after_the_validation_window() {
    let (svc, plan_arn, point) = setup(2);
    let due = next_run(&svc);
    move_to(&svc, due, -10);
    assert!(jobs(&svc).is_empty(), "nothing before the run");

    move_to(&svc, due, 1);
    let started = jobs(&svc);
    assert_eq!(started.len(), 1);
    let job = &started[0];
    assert_eq!(job.recovery_point_arn, point);
    assert_eq!(
        job.created_by,
        Some(RestoreJobCreator {
            restore_testing_plan_arn: Some(plan_arn),
        })
    );
    assert_eq!(
        job.iam_role_arn.as_deref(),
        Some("arn:aws:iam::111122223333:role/restore")
    );
    assert_eq!(job.metadata["volumeType"], "gp3");
    assert_eq!(job.metadata["encrypted"], "true");
    assert_eq!(last_execution(&svc), Some(due));

    // The default job delay is 3 seconds.
    move_to(&svc, due, 5);
    let job = jobs(&svc).remove(0);
    assert_eq!(job.status, RestoreJobStatus::Completed);
    assert_eq!(job.deletion_status, None);
    let completed = job.completion_date.expect("completed");

    move_to(&svc, completed, 2 * 3600 - 1);
    assert_eq!(jobs(&svc)[0].deletion_status, None, "still in the window");
    move_to(&svc, completed, 2 * 3600);
    assert_eq!(
        jobs(&svc)[0].deletion_status,
        Some(RestoreDeletionStatus::Deleting)
    );
    // The deletion takes the job delay (3 s) from the moment the end of the window was seen,
    // which the clock's real milliseconds may have put a little after it: 4 s leaves room.
    move_to(&svc, completed, 2 * 3600 + 4);
    let job = jobs(&svc).remove(0);
    assert_eq!(job.deletion_status, Some(RestoreDeletionStatus::Successful));
    assert!(job.deletion_status_message.is_some());
}

#[test]
fn each_run_arms_the_next_and_finds_points_of_the_window() {
    let (svc, _, _) = setup(0);
    let first = next_run(&svc);
    move_to(&svc, first, 1);
    assert_eq!(jobs(&svc).len(), 1);
    let second = next_run(&svc);
    assert_eq!(second.epoch_millis() - first.epoch_millis(), DAY_MILLIS);
    move_to(&svc, second, 1);
    assert_eq!(jobs(&svc).len(), 2, "the daily run fires again");
    assert_eq!(last_execution(&svc), Some(second));
    // A window of 0 hours deletes as soon as the restore completes (after the 3 second job
    // delay), and the deletion takes the job delay too.
    move_to(&svc, second, 5);
    move_to(&svc, second, 20);
    assert!(jobs(&svc)
        .iter()
        .all(|job| job.deletion_status == Some(RestoreDeletionStatus::Successful)));
}

#[test]
fn updated_and_deleted_plans_leave_their_queued_runs_stale() {
    let (svc, _, _) = setup(0);
    let due = next_run(&svc);
    // From 00:50, the next 02:00 comes after the queued 01:00 run, whatever the time of day.
    move_to(&svc, due, -600);
    // Moving the schedule an hour later supersedes the queued run.
    super::plans::update_restore_testing_plan(
        &svc,
        &ctx(),
        UpdateRestoreTestingPlanInput {
            restore_testing_plan_name: "p".into(),
            restore_testing_plan: RestoreTestingPlanForUpdate {
                schedule_expression: Some("cron(0 2 ? * * *)".into()),
                ..Default::default()
            },
        },
    )
    .unwrap();
    move_to(&svc, due, 1);
    assert!(jobs(&svc).is_empty(), "the 01:00 run was superseded");
    move_to(&svc, due, 3601);
    assert_eq!(jobs(&svc).len(), 1, "the 02:00 run fired");

    super::selections::delete_restore_testing_selection(
        &svc,
        &ctx(),
        DeleteRestoreTestingSelectionInput {
            restore_testing_plan_name: "p".into(),
            restore_testing_selection_name: "volumes".into(),
        },
    )
    .unwrap();
    super::plans::delete_restore_testing_plan(
        &svc,
        &ctx(),
        DeleteRestoreTestingPlanInput {
            restore_testing_plan_name: "p".into(),
        },
    )
    .unwrap();
    // Recreated under the same name, the plan has a new ARN: the old plan's run stays stale.
    create_plan(&svc, "p").unwrap();
    create_selection(&svc, "p", selection_input("volumes")).unwrap();
    move_to(&svc, due, DAY_MILLIS / 1000 + 3601);
    assert_eq!(jobs(&svc).len(), 2, "only the new plan's 01:00 run fired");
}

/// A service loaded from what `svc` would have saved, its clock where `svc`'s is, its queues
/// rebuilt from the state: `svc` after a restart.
fn restarted(svc: &BackupService) -> BackupService {
    use emulator_core::storage::{PersistentState, RecordBatch};
    let loaded = service();
    loaded
        .clock
        .restore_offset_millis(svc.clock.offset_millis());
    let key = crate::state::region_partition(&ctx().account_id, &ctx().region);
    let mut batch = RecordBatch::full();
    svc.save(&key, &mut batch).unwrap();
    let (records, _) = batch.into_records();
    loaded.load(&key, &mut records.into_iter()).unwrap();
    loaded.resume();
    loaded
}

/// Each job's status and deletion status.
fn outcome(svc: &BackupService) -> Vec<(RestoreJobStatus, Option<RestoreDeletionStatus>)> {
    jobs(svc)
        .into_iter()
        .map(|job| (job.status, job.deletion_status))
        .collect()
}

#[test]
fn restarted_mid_test_the_run_and_the_deletion_happen_when_they_would_have() {
    let (svc, _, _) = setup(2);
    let due = next_run(&svc);
    // A copy restarted at each stage moves through the same times as the service itself.
    let mut copies = vec![restarted(&svc)];
    let step = |copies: &[BackupService], at: Timestamp, seconds: i64| {
        move_to(&svc, at, seconds);
        for copy in copies {
            move_to(copy, at, seconds);
            assert_eq!(outcome(copy), outcome(&svc), "{seconds} s after {at}");
        }
    };
    step(&copies, due, 1);
    assert_eq!(outcome(&svc), [(RestoreJobStatus::Pending, None)]);
    copies.push(restarted(&svc));
    step(&copies, due, 5);
    let completed = jobs(&svc)[0].completion_date.expect("completed");
    copies.push(restarted(&svc));
    step(&copies, completed, 2 * 3600 - 1);
    assert_eq!(outcome(&svc), [(RestoreJobStatus::Completed, None)]);
    step(&copies, completed, 2 * 3600);
    assert_eq!(
        outcome(&svc),
        [(
            RestoreJobStatus::Completed,
            Some(RestoreDeletionStatus::Deleting)
        )]
    );
    copies.push(restarted(&svc));
    // A second past the job delay: the live deletion counts from when it saw the window end,
    // a few real milliseconds after it.
    step(&copies, completed, 2 * 3600 + 4);
    assert_eq!(
        outcome(&svc),
        [(
            RestoreJobStatus::Completed,
            Some(RestoreDeletionStatus::Successful)
        )]
    );
    let next = next_run(&svc);
    for copy in &copies {
        let queued = copy.restore_testing.queued();
        assert!(queued.iter().any(|(at, _)| *at == next), "{queued:?}");
    }
}
