//! The job engine: every time-driven change of Backup's state is an [`Event`] on the shared
//! timer queue (`emulator_core::Timers`), applied here under the region's lock.
//!
//! Backup jobs go CREATED → RUNNING → COMPLETED over `FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS`
//! (half the delay to start, the rest to finish); a delay of 0 completes the job inside
//! StartBackupJob. A stopped job goes ABORTING → ABORTED. A job still waiting to run when its
//! start window closes expires; a job whose vault disappeared fails. Recovery points move to cold
//! storage and are deleted by their lifecycle at the dates `CalculatedLifecycle` shows.

use std::sync::{Arc, Weak};

use emulator_core::dto::Timestamp;
use emulator_core::{Clock, Timers};

use crate::api::generated::{BackupJobState, RecoveryPointStatus, StorageClass};
use crate::recovery_points::RecoveryPoint;
use crate::store::{BackupStore, RegionState};

/// Engine settings from `FLOCI_SERVICES_BACKUP_*`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EngineSettings {
    /// Seconds from StartBackupJob to COMPLETED (default 3; 0 completes inside the call).
    pub job_completion_delay_seconds: f64,
}

impl Default for EngineSettings {
    fn default() -> Self {
        Self {
            job_completion_delay_seconds: 3.0,
        }
    }
}

/// Which account and region an event belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RegionKey {
    /// The account id.
    pub account_id: String,
    /// The region.
    pub region: String,
}

/// What happens when an event comes due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventKind {
    /// CREATED → RUNNING (or EXPIRED past the start window).
    JobRuns(String),
    /// RUNNING → COMPLETED, writing the recovery point (or FAILED without a vault).
    JobCompletes(String),
    /// ABORTING → ABORTED.
    JobAborted(String),
    /// A recovery point moves to cold storage.
    RecoveryPointToCold(String),
    /// A recovery point's lifecycle deletes it.
    RecoveryPointExpires(String),
}

/// A due change of one region's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Where.
    pub key: RegionKey,
    /// What.
    pub kind: EventKind,
}

/// Follow-up events an applied event asks for, with their due times.
pub type FollowUps = Vec<(Timestamp, EventKind)>;

/// Applies one event to a region. Events for jobs or points that moved on meanwhile (stopped,
/// deleted) are ignored: the timer queue never needs cancelling.
pub fn apply(
    region: &mut RegionState,
    kind: &EventKind,
    now: Timestamp,
    settings: &EngineSettings,
) -> FollowUps {
    match kind {
        EventKind::JobRuns(id) => {
            let Some(job) = region.backup_jobs.get_mut(id) else {
                return Vec::new();
            };
            if job.state != BackupJobState::Created {
                return Vec::new();
            }
            if now > job.start_by {
                job.state = BackupJobState::Expired;
                job.completion_date = Some(now);
                job.status_message =
                    Some("The backup job did not start within its start window".to_owned());
                return Vec::new();
            }
            job.state = BackupJobState::Running;
            job.percent_done = "50.0".to_owned();
            let finish = job
                .creation_date
                .plus_millis(delay_millis(settings.job_completion_delay_seconds));
            vec![(finish.latest(now), EventKind::JobCompletes(id.clone()))]
        }
        EventKind::JobCompletes(id) => complete_job(region, id, now),
        EventKind::JobAborted(id) => {
            if let Some(job) = region.backup_jobs.get_mut(id) {
                if job.state == BackupJobState::Aborting {
                    job.state = BackupJobState::Aborted;
                    job.completion_date = Some(now);
                    job.status_message = Some("Backup job was aborted by the user".to_owned());
                }
            }
            Vec::new()
        }
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
            let due = region
                .recovery_points
                .get(arn)
                .and_then(RecoveryPoint::calculated_lifecycle)
                .and_then(|c| c.delete_at);
            if due.is_some_and(|due| due <= now) {
                region.recovery_points.remove(arn);
                region.tags.remove_resource(arn);
            }
            Vec::new()
        }
    }
}

fn complete_job(region: &mut RegionState, id: &str, now: Timestamp) -> FollowUps {
    let Some(job) = region.backup_jobs.get(id) else {
        return Vec::new();
    };
    if job.state != BackupJobState::Running {
        return Vec::new();
    }
    let vault_exists = region.vaults.contains_key(&job.vault_name);
    let job = match region.backup_jobs.get_mut(id) {
        Some(job) => job,
        None => return Vec::new(),
    };
    job.completion_date = Some(now);
    if !vault_exists {
        job.state = BackupJobState::Failed;
        job.status_message = Some(format!(
            "Backup vault {} does not exist anymore",
            job.vault_name
        ));
        job.percent_done = "0.0".to_owned();
        return Vec::new();
    }
    job.state = BackupJobState::Completed;
    job.percent_done = "100.0".to_owned();
    job.bytes_transferred = job.backup_size_in_bytes;
    let point = RecoveryPoint {
        arn: job.recovery_point_arn.clone(),
        vault_name: job.vault_name.clone(),
        vault_arn: job.vault_arn.clone(),
        resource_arn: job.resource_arn.clone(),
        resource_type: job.resource_type.clone(),
        resource_name: job.resource_name.clone(),
        iam_role_arn: job.iam_role_arn.clone(),
        backup_job_id: job.id.clone(),
        creation_date: job.creation_date,
        completion_date: now,
        status: RecoveryPointStatus::Completed,
        status_message: None,
        storage_class: StorageClass::Warm,
        lifecycle: job.lifecycle.clone(),
        created_by: job.created_by.clone(),
        encryption_key_arn: job.encryption_key_arn.clone(),
        backup_size_in_bytes: job.backup_size_in_bytes,
        tags: job.recovery_point_tags.clone(),
        last_restore_time: None,
        source_backup_vault_arn: None,
        is_parent: false,
        parent_recovery_point_arn: None,
        composite_member_identifier: None,
        continuous: false,
    };
    let follow_ups = lifecycle_events(&point);
    if !point.tags.is_empty() {
        // Tags were validated by StartBackupJob; the store cannot refuse them here.
        let _ = region
            .tags
            .tag(&point.arn, point.tags.clone().into_iter().collect());
    }
    region.recovery_points.insert(point.arn.clone(), point);
    follow_ups
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

fn delay_millis(seconds: f64) -> i64 {
    (seconds * 1000.0).round() as i64
}

/// Applies an event and everything already due after it, in place, under one lock: how a delay
/// of 0 completes a job inside StartBackupJob. Later follow-ups are returned for the queue.
pub fn settle(
    region: &mut RegionState,
    first: EventKind,
    now: Timestamp,
    settings: &EngineSettings,
) -> FollowUps {
    let mut pending = vec![(now, first)];
    let mut later = Vec::new();
    while let Some((due, kind)) = pending.pop() {
        if due <= now {
            pending.extend(apply(region, &kind, now, settings));
        } else {
            later.push((due, kind));
        }
    }
    later
}

/// Builds the timer handler: applies due events region by region and queues their follow-ups.
/// It holds weak references so the service and its queue can be dropped.
pub fn handler(
    store: Weak<BackupStore>,
    timers: Weak<Timers<Event>>,
    clock: Arc<Clock>,
    settings: EngineSettings,
) -> emulator_core::timers::DueHandler<Event> {
    Arc::new(move |events: Vec<Event>| {
        let (Some(store), Some(timers)) = (store.upgrade(), timers.upgrade()) else {
            return;
        };
        for event in events {
            let region = store.region(&event.key.account_id, &event.key.region);
            let follow_ups = {
                let mut guard = region
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                settle(&mut guard, event.kind, clock.now(), &settings)
            };
            for (due, kind) in follow_ups {
                timers.schedule(
                    due,
                    Event {
                        key: event.key.clone(),
                        kind,
                    },
                );
            }
        }
    })
}
