//! The job engine: every time-driven change of Backup's state is an [`Event`] on the shared
//! timer queue (`emulator_core::Timers`), applied here under the region's lock.
//!
//! Jobs enter through the `admit_*` functions and change state only in this module's files
//! (`engine/backup.rs`, `engine/restore.rs`, `engine/copy.rs`), each through one setter. The
//! backup job setter records each state entered in the region's `job_outbox`; whoever releases
//! the region's lock after applying events hands the outbox to a [`JobObserver`]
//! ([`publish_outbox`]), which publishes the "Backup Job State Change" events. Every job takes `FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS` from start to end:
//! half the delay to start running, the rest to finish; a delay of 0 finishes the job inside the
//! call that started it.
//!
//! Events belong to one (account, region). A copy job writes into another region's state, so
//! its hand-over events name their own region ([`EventKind::target`]); [`run`] applies each event
//! under its own region's lock and never holds two locks at once.
//!
//! Recovery points move to cold storage and are deleted by their lifecycle at the dates
//! `CalculatedLifecycle` shows.

use std::collections::VecDeque;
use std::sync::{Arc, Weak};

use emulator_core::dto::Timestamp;
use emulator_core::{Clock, Timers};

use crate::engine::events::{route, Event, EventKind, FollowUps, PointEvent};
use crate::engine::{
    backup, copy, copy_access, legal_holds, lifecycle, point_events, restore, vault_changes,
};
use crate::model::backup_job::BackupJob;
use crate::model::copy_job::CopyJob;
use crate::model::restore_job::RestoreJob;
use crate::model::scan_job::ScanJobRecord;
use crate::state::{points, BackupStore, RegionState};
use crate::support::engine_settings::EngineSettings;

/// Applies one event to a region. Events for jobs or points that moved on meanwhile (stopped,
/// deleted) are ignored: the timer queue never needs cancelling.
pub fn apply(
    region: &mut RegionState,
    kind: &EventKind,
    now: Timestamp,
    settings: &EngineSettings,
) -> FollowUps {
    // A backup access point pauses its recovery point's lifecycle; deleting the last one
    // queues the lifecycle events again (`access_points/lifecycle.rs`).
    if let EventKind::RecoveryPointToCold(arn) | EventKind::RecoveryPointExpires(arn) = kind {
        if points::pauses_lifecycle(region, arn) {
            return Vec::new();
        }
    }
    match kind {
        EventKind::Point(event) => point_events::apply(region, event, now, settings),
        EventKind::JobRuns(id) => backup::run(region, *id, now, settings),
        EventKind::JobCompletes(id) => backup::complete(region, *id, now, settings),
        EventKind::JobAborted(id) => backup::aborted(region, *id, now),
        EventKind::RestoreRuns(id) => restore::run(region, id, now, settings),
        EventKind::RestoreCompletes(id) => restore::complete(region, id, now),
        EventKind::CopyRuns(id) => copy::run(region, id, now, settings),
        EventKind::CopyCompletes(id) => copy::send(region, id, now),
        EventKind::CopyArrives(delivery) => copy::arrive(region, delivery, now),
        EventKind::CopySettled(outcome) => copy::settled(region, outcome, now),
        // Lifecycle events re-check the point's current dates: UpdateRecoveryPointLifecycle
        // queues new events instead of cancelling old ones, so a stale event finds its date moved.
        EventKind::RecoveryPointToCold(arn) => lifecycle::to_cold(region, arn, now),
        EventKind::RecoveryPointExpires(arn) => {
            lifecycle::apply_lifecycle_deletion(region, arn, now)
        }
        EventKind::RecoveryPointDeleted(arn) => lifecycle::finish_deletion(region, arn, now),
        EventKind::LegalHold(event) => legal_holds::apply(region, event, now),
        EventKind::Vault(change) => vault_changes::apply(region, change, now),
    }
}

/// Every event the state of `region` waits for: after a restart (the timer queue is not
/// stored), the events the live path had queued, rebuilt from the jobs, points, holds and vaults
/// that wait for them, at the same due times. Times already past fire at once: pending jobs
/// resume. The cross-region hand-over of a copy is not rebuilt; its job starts the copy again.
pub fn pending_events(region: &RegionState, settings: &EngineSettings) -> FollowUps {
    let mut events = backup::pending(region, settings);
    events.extend(restore::pending(region, settings));
    events.extend(copy::pending(region, settings));
    events.extend(lifecycle::pending_lifecycle_events(region, settings));
    events.extend(point_events::pending(region, settings));
    events.extend(legal_holds::pending(region));
    events.extend(vault_changes::pending(region, settings));
    events
}

/// Applies an event of `region` (the caller has locked the region it belongs to) and everything
/// already due after it, in place, under that one lock: how a delay of 0 completes a job inside
/// the call that started it. Later follow-ups, and follow-ups for another region (which must not
/// be applied under this lock), are returned for [`run`].
pub fn settle(
    region: &mut RegionState,
    first: EventKind,
    now: Timestamp,
    settings: &EngineSettings,
) -> FollowUps {
    let mut pending = apply(region, &first, now, settings);
    let mut later = Vec::new();
    while let Some((due, kind)) = pending.pop() {
        if due <= now && kind.target().is_none() {
            pending.extend(apply(region, &kind, now, settings));
        } else {
            later.push((due, kind));
        }
    }
    later
}

/// The first event of a job created `now`: queued for its start, or applied at once (with
/// everything due after it) when the delay is 0.
pub fn begin(
    region: &mut RegionState,
    first: EventKind,
    now: Timestamp,
    settings: &EngineSettings,
) -> FollowUps {
    let start = settings.start_at(now);
    if start <= now {
        settle(region, first, now, settings)
    } else {
        vec![(start, first)]
    }
}

/// Takes a new job (in CREATED) into the source's region and starts it.
pub fn admit_copy_job(
    region: &mut RegionState,
    job: CopyJob,
    now: Timestamp,
    settings: &EngineSettings,
) -> FollowUps {
    let id = job.id.clone();
    region.copy_jobs.insert(id.clone(), job);
    begin(region, EventKind::CopyRuns(id), now, settings)
}

/// Takes a new job (in PENDING) into the region and starts it.
pub fn admit_restore_job(
    region: &mut RegionState,
    job: RestoreJob,
    now: Timestamp,
    settings: &EngineSettings,
) -> FollowUps {
    let id = job.id.clone();
    region.restore_jobs.insert(id.clone(), job);
    begin(region, EventKind::RestoreRuns(id), now, settings)
}

/// Takes a new job (in CREATED) into the region and starts it.
pub fn admit_scan_job(
    region: &mut RegionState,
    job: ScanJobRecord,
    now: Timestamp,
    settings: &EngineSettings,
) -> FollowUps {
    let id = job.id.clone();
    region.scan_jobs.insert(job);
    begin(
        region,
        EventKind::Point(PointEvent::ScanRuns(id)),
        now,
        settings,
    )
}

/// `event` at `due`: applied now, with everything due after it, when `due` has come (a delay of
/// 0), else queued.
pub fn at(
    region: &mut RegionState,
    due: Timestamp,
    event: PointEvent,
    now: Timestamp,
    settings: &EngineSettings,
) -> FollowUps {
    if due <= now {
        settle(region, EventKind::Point(event), now, settings)
    } else {
        vec![(due, EventKind::Point(event))]
    }
}

/// Receives the backup job states the engine recorded, in the order they were entered.
pub trait JobObserver: Send + Sync {
    /// Called with `region` (the jobs' region) still locked, so that what it reads of the
    /// region (a vault's notification settings) is what the states were entered under.
    fn backup_job_states(&self, region: &RegionState, jobs: Vec<BackupJob>);
}

/// Hands the states recorded in `region`'s outbox to `observer`, emptying it.
pub fn publish_outbox(region: &mut RegionState, observer: &dyn JobObserver) {
    if !region.job_outbox.is_empty() {
        let jobs = std::mem::take(&mut region.job_outbox);
        observer.backup_job_states(region, jobs);
    }
}

/// Applies every due event, each under its own region's lock and one region at a time, together
/// with the due events they raise in other regions; queues the rest on `timers`. The job states
/// each region enters go to `observer` before its lock is released.
pub fn run(
    store: &BackupStore,
    timers: &Timers<Event>,
    events: Vec<(Timestamp, Event)>,
    clock: &Clock,
    settings: &EngineSettings,
    observer: &dyn JobObserver,
) {
    let mut pending = VecDeque::from(events);
    while let Some((due, event)) = pending.pop_front() {
        let now = clock.now();
        if due > now {
            timers.schedule(due, event);
            continue;
        }
        let mut event = event;
        copy_access::note_source_settings(store, &mut event.kind);
        let follow_ups = store.with_region_of(&event.key.account_id, &event.key.region, |region| {
            let follow_ups = settle(region, event.kind, now, settings);
            publish_outbox(region, observer);
            follow_ups
        });
        pending.extend(
            follow_ups
                .into_iter()
                .map(|(due, kind)| (due, route(&event.key, kind))),
        );
    }
}

/// Builds the timer handler: applies due events region by region and queues their follow-ups.
/// It holds weak references so the service and its queue can be dropped.
pub fn handler(
    store: Weak<BackupStore>,
    timers: Weak<Timers<Event>>,
    clock: Arc<Clock>,
    settings: EngineSettings,
    observer: Arc<dyn JobObserver>,
) -> emulator_core::timers::DueHandler<Event> {
    Arc::new(move |events: Vec<Event>| {
        let (Some(store), Some(timers)) = (store.upgrade(), timers.upgrade()) else {
            return;
        };
        let now = clock.now();
        let events = events.into_iter().map(|event| (now, event)).collect();
        run(&store, &timers, events, &clock, &settings, &*observer);
    })
}

#[cfg(test)]
mod rebuild_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::generated::CopyJobState;
    use crate::model::copy_job::CopyJob;
    use crate::model::recovery_point::RecoveryPoint;
    use crate::model::vault::{Vault, VaultKey};
    use crate::support::region_key::RegionKey;
    use crate::test_support::{service, ACCOUNT};
    use crate::BackupService;

    fn key(region: &str) -> RegionKey {
        RegionKey {
            account_id: ACCOUNT.to_owned(),
            region: region.to_owned(),
        }
    }

    fn vault_arn(region: &str, name: &str) -> String {
        format!("arn:aws:backup:{region}:{ACCOUNT}:backup-vault:{name}")
    }

    fn add_vault(svc: &BackupService, region: &str, name: &str) {
        let state = svc.store.region_for_tests(ACCOUNT, region);
        let mut guard = state.lock().unwrap();
        let vault = Vault::new(
            name.to_owned(),
            vault_arn(region, name),
            Timestamp::default(),
            None,
            VaultKey::AwsManaged(format!("arn:aws:kms:{region}:{ACCOUNT}:key/k")),
        );
        guard.vaults.insert(name.to_owned(), vault);
    }

    fn copy_job(source_point: &str, destination: &str) -> CopyJob {
        CopyJob {
            id: "JOB".to_owned(),
            source: key("us-east-1"),
            source_vault_arn: vault_arn("us-east-1", "src"),
            source_recovery_point_arn: source_point.to_owned(),
            destination_vault_arn: vault_arn("eu-west-1", destination),
            destination_vault_name: destination.to_owned(),
            destination: key("eu-west-1"),
            destination_recovery_point_arn: format!(
                "arn:aws:backup:eu-west-1:{ACCOUNT}:recovery-point:COPY"
            ),
            destination_encryption_key_arn: None,
            lifecycle: None,
            resource_arn: "arn:aws:ec2:us-east-1:111122223333:volume/vol-1".to_owned(),
            resource_type: "EBS".to_owned(),
            resource_name: "vol-1".to_owned(),
            iam_role_arn: "arn:aws:iam::111122223333:role/backup".to_owned(),
            state: CopyJobState::Created,
            status_message: None,
            creation_date: Timestamp::default(),
            completion_date: None,
            backup_size_in_bytes: 1,
            created_by: None,
            idempotency_token: None,
        }
    }

    /// Starts the copy with a delay of 0 and runs what it raises, as a handler does.
    fn start_copy(svc: &BackupService, job: CopyJob) -> CopyJob {
        let settings = EngineSettings {
            job_completion_delay_seconds: 0.0,
        };
        let now = svc.clock.now();
        let source = svc.store.region_for_tests(ACCOUNT, "us-east-1");
        let follow_ups = {
            let mut guard = source.lock().unwrap();
            admit_copy_job(&mut guard, job, now, &settings)
        };
        // The hand-over to the other region cannot happen under the source's lock.
        assert!(matches!(
            follow_ups.as_slice(),
            [(_, EventKind::CopyArrives(_))]
        ));
        let events = follow_ups
            .into_iter()
            .map(|(due, kind)| (due, route(&key("us-east-1"), kind)))
            .collect();
        run(
            &svc.store,
            &svc.timers,
            events,
            &svc.clock,
            &settings,
            &*svc.job_events,
        );
        let guard = source.lock().unwrap();
        guard.copy_jobs["JOB"].clone()
    }

    fn points_in(svc: &BackupService, region: &str) -> Vec<RecoveryPoint> {
        let state = svc.store.region_for_tests(ACCOUNT, region);
        let guard = state.lock().unwrap();
        guard.recovery_points.values().cloned().collect()
    }

    #[test]
    fn a_copy_is_handed_over_to_the_destination_region_and_back() {
        let svc = service();
        add_vault(&svc, "us-east-1", "src");
        add_vault(&svc, "eu-west-1", "dst");
        let point_arn = format!("arn:aws:backup:us-east-1:{ACCOUNT}:recovery-point:SRC");
        let mut point = RecoveryPoint::sample(&point_arn, "src");
        point.creation_date = Timestamp::from_epoch_seconds(1_000.0);
        svc.store
            .region_for_tests(ACCOUNT, "us-east-1")
            .lock()
            .unwrap()
            .recovery_points
            .insert(point_arn.clone(), point);

        let job = start_copy(&svc, copy_job(&point_arn, "dst"));
        assert_eq!(job.state, CopyJobState::Completed);
        assert_eq!(
            job.destination_encryption_key_arn.as_deref(),
            Some("arn:aws:kms:eu-west-1:111122223333:key/k")
        );
        let copies = points_in(&svc, "eu-west-1");
        assert_eq!(copies.len(), 1);
        let copy = &copies[0];
        assert_eq!(copy.arn, job.destination_recovery_point_arn);
        assert_eq!(copy.vault_name, "dst");
        assert_eq!(copy.vault_arn, vault_arn("eu-west-1", "dst"));
        // A copy keeps its source's creation date.
        assert_eq!(copy.creation_date, Timestamp::from_epoch_seconds(1_000.0));
        assert_eq!(points_in(&svc, "us-east-1").len(), 1);
    }

    #[test]
    fn a_copy_to_a_vault_that_is_gone_fails_and_writes_nothing() {
        let svc = service();
        add_vault(&svc, "us-east-1", "src");
        let point_arn = format!("arn:aws:backup:us-east-1:{ACCOUNT}:recovery-point:SRC");
        svc.store
            .region_for_tests(ACCOUNT, "us-east-1")
            .lock()
            .unwrap()
            .recovery_points
            .insert(point_arn.clone(), RecoveryPoint::sample(&point_arn, "src"));
        let job = start_copy(&svc, copy_job(&point_arn, "gone"));
        assert_eq!(job.state, CopyJobState::Failed);
        assert!(job.status_message.unwrap_or_default().contains("gone"));
        assert!(points_in(&svc, "eu-west-1").is_empty());
    }

    #[test]
    fn a_copy_of_a_deleted_point_fails_in_the_source_region() {
        let svc = service();
        let settings = EngineSettings {
            job_completion_delay_seconds: 0.0,
        };
        let source = svc.store.region_for_tests(ACCOUNT, "us-east-1");
        let mut guard = source.lock().unwrap();
        let later = admit_copy_job(
            &mut guard,
            copy_job(
                "arn:aws:backup:us-east-1:111122223333:recovery-point:NONE",
                "dst",
            ),
            svc.clock.now(),
            &settings,
        );
        assert!(later.is_empty());
        assert_eq!(guard.copy_jobs["JOB"].state, CopyJobState::Failed);
    }

    #[test]
    fn delays_split_into_start_and_finish() {
        let settings = EngineSettings {
            job_completion_delay_seconds: 3.0,
        };
        let t = Timestamp::from_epoch_seconds(100.0);
        assert_eq!(settings.start_at(t), Timestamp::from_epoch_seconds(101.5));
        assert_eq!(settings.finish_at(t), Timestamp::from_epoch_seconds(103.0));
    }
}
