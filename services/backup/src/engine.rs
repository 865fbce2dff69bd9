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

mod backup;
mod copy;
mod copy_access;
mod restore;

use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::sync::{Arc, Weak};

use emulator_core::dto::Timestamp;
use emulator_core::{Clock, Timers};

use crate::api::generated::StorageClass;
use crate::backup_jobs::BackupJob;
use crate::recovery_points::RecoveryPoint;
use crate::store::{BackupStore, RegionState};

pub use backup::{admit_backup_job, stop_backup_job};
pub use copy::{admit_copy_job, CopyDelivery, CopyOutcome};
pub use restore::admit_restore_job;

/// Engine settings from `FLOCI_SERVICES_BACKUP_*`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EngineSettings {
    /// Seconds from a job's start to its end (default 3; 0 completes inside the call).
    pub job_completion_delay_seconds: f64,
}

impl Default for EngineSettings {
    fn default() -> Self {
        Self {
            job_completion_delay_seconds: 3.0,
        }
    }
}

impl EngineSettings {
    /// When a job created at `created` starts running: after half the delay.
    pub fn start_at(&self, created: Timestamp) -> Timestamp {
        created.plus_millis(millis(self.job_completion_delay_seconds / 2.0))
    }

    /// When a job created at `created` finishes: after the whole delay.
    pub fn finish_at(&self, created: Timestamp) -> Timestamp {
        created.plus_millis(millis(self.job_completion_delay_seconds))
    }
}

fn millis(seconds: f64) -> i64 {
    (seconds * 1000.0).round() as i64
}

/// Which account and region an event belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RegionKey {
    /// The account id.
    pub account_id: String,
    /// The region.
    pub region: String,
}

/// What happens when an event comes due.
///
/// Events are not stored: after a restart [`pending_events`] rebuilds them from the state. A
/// new kind needs its rebuild there too (the exhaustive match in this module's tests names the
/// rebuild of every kind, so a new one does not compile until it is added).
#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    /// Backup job CREATED → RUNNING (or EXPIRED past the start window).
    JobRuns(String),
    /// Backup job RUNNING → COMPLETED, writing the recovery point (or FAILED without a vault).
    JobCompletes(String),
    /// Backup job ABORTING → ABORTED.
    JobAborted(String),
    /// Restore job PENDING → RUNNING.
    RestoreRuns(String),
    /// Restore job RUNNING → COMPLETED (or FAILED when its recovery point is gone).
    RestoreCompletes(String),
    /// Copy job CREATED → RUNNING.
    CopyRuns(String),
    /// Copy job RUNNING: the copy is read from the source and sent to the destination.
    CopyCompletes(String),
    /// In the destination's region: the copied recovery point arrives in its vault.
    CopyArrives(Box<CopyDelivery>),
    /// Back in the source's region: the copy job ends as the destination decided.
    CopySettled(Box<CopyOutcome>),
    /// A recovery point moves to cold storage.
    RecoveryPointToCold(String),
    /// A recovery point's lifecycle deletes it (or, under a legal hold, expires it).
    RecoveryPointExpires(String),
    /// A scan job, backup access point or backup index moves on (`point_events.rs`).
    Point(crate::point_events::PointEvent),
    /// A legal hold finishes being created or cancelled, or its record's retention ends.
    LegalHold(crate::legal_holds::HoldEvent),
    /// An air-gapped or restore access vault finishes a change: its setup, or an approval.
    Vault(crate::vault_changes::VaultChange),
}

impl EventKind {
    /// The region this event must be applied in when it is not the region that raised it.
    pub fn target(&self) -> Option<&RegionKey> {
        match self {
            Self::CopyArrives(delivery) => Some(&delivery.destination),
            Self::CopySettled(outcome) => Some(&outcome.source),
            _ => None,
        }
    }
}

/// A due change of one region's state.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Where.
    pub key: RegionKey,
    /// What.
    pub kind: EventKind,
}

/// Follow-up events an applied event asks for, with their due times. They belong to the region
/// that raised them unless [`EventKind::target`] names another.
pub type FollowUps = Vec<(Timestamp, EventKind)>;

/// The event `kind` raised in `from`, addressed to the region it must be applied in.
pub fn route(from: &RegionKey, kind: EventKind) -> Event {
    let key = kind.target().cloned().unwrap_or_else(|| from.clone());
    Event { key, kind }
}

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
        if crate::access_points::pauses_lifecycle(region, arn) {
            return Vec::new();
        }
    }
    match kind {
        EventKind::Point(event) => crate::point_events::apply(region, event, now, settings),
        EventKind::JobRuns(id) => backup::run(region, id, now, settings),
        EventKind::JobCompletes(id) => backup::complete(region, id, now, settings),
        EventKind::JobAborted(id) => backup::aborted(region, id, now),
        EventKind::RestoreRuns(id) => restore::run(region, id, now, settings),
        EventKind::RestoreCompletes(id) => restore::complete(region, id, now),
        EventKind::CopyRuns(id) => copy::run(region, id, now, settings),
        EventKind::CopyCompletes(id) => copy::send(region, id, now),
        EventKind::CopyArrives(delivery) => copy::arrive(region, delivery, now),
        EventKind::CopySettled(outcome) => copy::settled(region, outcome, now),
        // Lifecycle events re-check the point's current dates: UpdateRecoveryPointLifecycle
        // queues new events instead of cancelling old ones, so a stale event finds its date moved.
        EventKind::RecoveryPointToCold(arn) => {
            if let Some(point) = region.recovery_points.get_mut(arn) {
                let due = point
                    .calculated_lifecycle()
                    .and_then(|c| c.move_to_cold_storage_at);
                if due.is_some_and(|due| due <= now) {
                    point.storage_class = StorageClass::Cold;
                }
            }
            Vec::new()
        }
        EventKind::RecoveryPointExpires(arn) => {
            crate::recovery_points::apply_lifecycle_deletion(region, arn, now)
        }
        EventKind::LegalHold(event) => crate::legal_holds::apply(region, event, now),
        EventKind::Vault(change) => crate::vault_changes::apply(region, change, now),
    }
}

/// The cold-storage and deletion events a recovery point's lifecycle asks for. Call again after
/// changing the lifecycle; the superseded events find their dates moved and do nothing.
pub fn lifecycle_events(point: &RecoveryPoint) -> FollowUps {
    let mut events = Vec::new();
    if let Some(calculated) = point.calculated_lifecycle() {
        if let Some(cold) = calculated.move_to_cold_storage_at {
            events.push((cold, EventKind::RecoveryPointToCold(point.arn.clone())));
        }
        if let Some(delete) = calculated.delete_at {
            events.push((delete, EventKind::RecoveryPointExpires(point.arn.clone())));
        }
    }
    events
}

/// Every event the state of `region` waits for: after a restart (the timer queue is not
/// stored), the events the live path had queued, rebuilt from the jobs, points, holds and vaults
/// that wait for them, at the same due times. Times already past fire at once: pending jobs
/// resume. The cross-region hand-over of a copy is not rebuilt; its job starts the copy again.
pub fn pending_events(region: &RegionState, settings: &EngineSettings) -> FollowUps {
    let mut events = backup::pending(region, settings);
    events.extend(restore::pending(region, settings));
    events.extend(copy::pending(region, settings));
    events.extend(pending_lifecycle_events(region));
    events.extend(crate::point_events::pending(region, settings));
    events.extend(crate::legal_holds::pending(region));
    events.extend(crate::vault_changes::pending(region, settings));
    events
}

/// The lifecycle events of every recovery point still waiting for them: [`lifecycle_events`]
/// less what has happened (already cold; expired under a legal hold, whose release raises the
/// deletion again) and points an access point pauses (its deletion raises them again).
fn pending_lifecycle_events(region: &RegionState) -> FollowUps {
    region
        .recovery_points
        .values()
        .filter(|point| !crate::access_points::pauses_lifecycle(region, &point.arn))
        .flat_map(|point| {
            lifecycle_events(point)
                .into_iter()
                .filter(|(_, kind)| match kind {
                    EventKind::RecoveryPointToCold(_) => point.storage_class != StorageClass::Cold,
                    EventKind::RecoveryPointExpires(_) => {
                        point.status != crate::api::generated::RecoveryPointStatus::Expired
                    }
                    _ => true,
                })
        })
        .collect()
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
    use crate::copy_jobs::CopyJob;
    use crate::test_support::{service, ACCOUNT};
    use crate::vaults::{Vault, VaultKey};
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
