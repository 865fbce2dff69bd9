//! Backup jobs in the engine: CREATED → RUNNING → COMPLETED (writing the recovery point), or
//! EXPIRED past the start window, FAILED without a vault or refused by the vault lock, and
//! ABORTING → ABORTED when stopped. A job a plan rule started runs the rule's copy actions once
//! its recovery point is written.

use emulator_core::dto::Timestamp;

use crate::api::generated::{BackupJobState, RecoveryPointStatus, StorageClass};
use crate::engine::dispatch::{admit_copy_job, begin, settle};
use crate::engine::events::{EventKind, FollowUps};
use crate::engine::lifecycle::lifecycle_events;
use crate::engine::local_backups;
use crate::model::backup_job::{BackupJob, PercentDone};
use crate::model::copy_job::CopyJob;
use crate::model::job_id::JobId;
use crate::model::rare::Rare;
use crate::model::recovery_point::{RarePointMembers, RecoveryPoint};
use crate::state::RegionState;
use crate::support::engine_settings::EngineSettings;
use crate::support::point_arns;

/// Every state change of a backup job goes through here, recording the state in `outbox` for the
/// "Backup Job State Change" event and the vault's notifications (`job_events.rs`).
fn set_state(
    job: &mut BackupJob,
    outbox: &mut Vec<BackupJob>,
    state: BackupJobState,
    now: Timestamp,
    message: Option<&str>,
) {
    job.state = state;
    if matches!(
        state,
        BackupJobState::Completed
            | BackupJobState::Failed
            | BackupJobState::Expired
            | BackupJobState::Aborted
    ) {
        job.completion_date = Some(now);
    }
    if let Some(message) = message {
        job.rare.status_message = Some(message.to_owned());
    }
    outbox.push(job.clone());
}

/// Takes a new job (in CREATED) into the region and starts it. AWS fails, rather than refuses, a
/// job whose retention the target vault's lock does not allow, and a scheduled job whose target
/// vault no longer exists (StartBackupJob itself refuses a missing vault up front).
pub fn admit_backup_job(
    region: &mut RegionState,
    mut job: BackupJob,
    now: Timestamp,
    settings: &EngineSettings,
) -> FollowUps {
    region.job_outbox.push(job.clone());
    let retention = job.lifecycle.as_ref().and_then(|l| l.delete_after_days);
    let refusal = match region.vaults.get(job.vault_name.as_str()) {
        None => Some(format!("Backup vault {} does not exist", job.vault_name)),
        Some(vault) => vault
            .lock
            .as_ref()
            .filter(|lock| !lock.accepts_retention(retention))
            .map(|_| "The retention period of the recovery point is outside the range the backup vault's lock allows".to_owned()),
    };
    let id = job.id;
    if let Some(message) = refusal {
        set_state(
            &mut job,
            &mut region.job_outbox,
            BackupJobState::Failed,
            now,
            Some(&message),
        );
        region.backup_jobs.insert(id, Box::new(job));
        return Vec::new();
    }
    region.backup_jobs.insert(id, Box::new(job));
    begin(region, EventKind::JobRuns(id), now, settings)
}

/// Takes a new job (in CREATED) into the region and fails it at once with `message`: a plan's
/// job that cannot run (`local_backups.rs`: a registered resource without its local vault).
pub fn admit_failed_backup_job(
    region: &mut RegionState,
    mut job: BackupJob,
    now: Timestamp,
    message: &str,
) -> FollowUps {
    region.job_outbox.push(job.clone());
    set_state(
        &mut job,
        &mut region.job_outbox,
        BackupJobState::Failed,
        now,
        Some(message),
    );
    region.backup_jobs.insert(job.id, Box::new(job));
    Vec::new()
}

/// `StopBackupJob`'s change: the job (checked to be CREATED or RUNNING) goes ABORTING, and
/// ABORTED after half the delay.
pub fn stop_backup_job(
    region: &mut RegionState,
    id: JobId,
    now: Timestamp,
    settings: &EngineSettings,
) -> FollowUps {
    let Some(job) = region.backup_jobs.get_mut(&id) else {
        return Vec::new();
    };
    job.rare.stop_date = Some(now);
    set_state(
        job,
        &mut region.job_outbox,
        BackupJobState::Aborting,
        now,
        None,
    );
    let abort = settings.start_at(now);
    let kind = EventKind::JobAborted(id);
    if abort <= now {
        settle(region, kind, now, settings)
    } else {
        vec![(abort, kind)]
    }
}

/// CREATED → RUNNING, or EXPIRED when the start window closed first.
pub fn run(
    region: &mut RegionState,
    id: JobId,
    now: Timestamp,
    settings: &EngineSettings,
) -> FollowUps {
    let Some(job) = region.backup_jobs.get_mut(&id) else {
        return Vec::new();
    };
    if job.state != BackupJobState::Created {
        return Vec::new();
    }
    if now > job.start_by {
        set_state(
            job,
            &mut region.job_outbox,
            BackupJobState::Expired,
            now,
            Some("The backup job did not start within its start window"),
        );
        return Vec::new();
    }
    set_state(
        job,
        &mut region.job_outbox,
        BackupJobState::Running,
        now,
        None,
    );
    job.percent_done = PercentDone::HALF;
    let finish = settings.finish_at(job.creation_date);
    vec![(finish.latest(now), EventKind::JobCompletes(id))]
}

/// RUNNING → COMPLETED with its recovery point written (then the copies its rule asks for), or
/// FAILED when the vault went away.
pub fn complete(
    region: &mut RegionState,
    id: JobId,
    now: Timestamp,
    settings: &EngineSettings,
) -> FollowUps {
    let vault_exists = match region.backup_jobs.get(&id) {
        Some(job) if job.state == BackupJobState::Running => {
            region.vaults.contains_key(job.vault_name.as_str())
        }
        _ => return Vec::new(),
    };
    let Some(job) = region.backup_jobs.get_mut(&id) else {
        return Vec::new();
    };
    if !vault_exists {
        let message = format!("Backup vault {} does not exist anymore", job.vault_name);
        set_state(
            job,
            &mut region.job_outbox,
            BackupJobState::Failed,
            now,
            Some(&message),
        );
        job.percent_done = PercentDone::NONE;
        return Vec::new();
    }
    job.percent_done = PercentDone::ALL;
    set_state(
        job,
        &mut region.job_outbox,
        BackupJobState::Completed,
        now,
        None,
    );
    let point = RecoveryPoint {
        arn: job.recovery_point_arn.clone(),
        vault_name: job.vault_name.clone(),
        vault_arn: job.vault_arn.clone(),
        resource_arn: job.resource_arn.clone(),
        resource_type: job.resource_type,
        resource_name: job.resource_name.clone(),
        iam_role_arn: job.iam_role_arn.clone(),
        backup_job_id: job.id,
        creation_date: job.creation_date,
        completion_date: now,
        status: RecoveryPointStatus::Completed,
        storage_class: StorageClass::Warm,
        is_parent: false,
        continuous: point_arns::is_continuous(&job.recovery_point_arn),
        lifecycle: job.lifecycle.clone(),
        created_by: job.created_by.clone(),
        encryption_key_arn: job.encryption_key_arn.clone(),
        backup_size_in_bytes: job.backup_size_in_bytes,
        rare: Rare::new(RarePointMembers {
            tags: job.rare.recovery_point_tags.clone(),
            delete_after_next_backup: job.rare.delete_after_next_backup.clone(),
            ..RarePointMembers::default()
        }),
    };
    let copies: Vec<CopyJob> = job
        .rare
        .copy_actions
        .iter()
        .filter_map(|action| CopyJob::for_copy_action(job, action, now))
        .collect();
    let mut follow_ups = lifecycle_events(&point);
    if !point.rare.tags.is_empty() {
        // Tags were validated by StartBackupJob; the store cannot refuse them here.
        let _ = region
            .tags
            .tag(&point.arn, point.rare.tags.clone().into_iter().collect());
    }
    let arn = point.arn.clone();
    let point = match region.recovery_points.get(&arn) {
        Some(current) if point.continuous => kept_current(current, point),
        _ if point.continuous => {
            stop_earlier_continuous(region, &point);
            point
        }
        _ => point,
    };
    region.recovery_points.insert(arn.clone(), point);
    follow_ups.extend(local_backups::point_written(region, &arn, now));
    for copy in copies {
        follow_ups.extend(admit_copy_job(region, copy, now, settings));
    }
    follow_ups
}

/// The continuous recovery point `current` after another run of its rule wrote `run`: the
/// same point, restorable up to the run's completion, with the run's job, plan version and
/// retention ("The change in retention period will take effect when the next backup is
/// completed", developer guide, "Changing your retention period"). It keeps its creation
/// date, the start of its restorable span, and its restore, tag and status history.
fn kept_current(current: &RecoveryPoint, run: RecoveryPoint) -> RecoveryPoint {
    RecoveryPoint {
        backup_job_id: run.backup_job_id,
        completion_date: run.completion_date,
        lifecycle: run.lifecycle,
        created_by: run.created_by,
        iam_role_arn: run.iam_role_arn,
        encryption_key_arn: run.encryption_key_arn,
        backup_size_in_bytes: run.backup_size_in_bytes,
        ..current.clone()
    }
}

/// A new continuous point supersedes the one its resource had in the vault (an S3 point whose
/// rule changed its retention): that one is `STOPPED`, kept until its retention ends.
fn stop_earlier_continuous(region: &mut RegionState, new: &RecoveryPoint) {
    let earlier: Vec<String> = region
        .recovery_points
        .live_continuous(&new.resource_arn, &new.vault_name)
        .map(|point| point.arn.to_string())
        .collect();
    for arn in earlier {
        if let Some(point) = region.recovery_points.get_mut(&arn) {
            point.status = RecoveryPointStatus::Stopped;
        }
    }
}

/// ABORTING → ABORTED.
pub fn aborted(region: &mut RegionState, id: JobId, now: Timestamp) -> FollowUps {
    if let Some(job) = region.backup_jobs.get_mut(&id) {
        if job.state == BackupJobState::Aborting {
            set_state(
                job,
                &mut region.job_outbox,
                BackupJobState::Aborted,
                now,
                Some("Backup job was aborted by the user"),
            );
        }
    }
    Vec::new()
}

/// The events the region's backup jobs wait for, rebuilt from their states after a restart:
/// what [`admit_backup_job`], [`run`] and [`stop_backup_job`] queue, at the same times. A time
/// already past fires at once.
pub fn pending(region: &RegionState, settings: &EngineSettings) -> FollowUps {
    region
        .backup_jobs
        .values()
        .filter_map(|job| {
            let id = job.id;
            match job.state {
                BackupJobState::Created => {
                    Some((settings.start_at(job.creation_date), EventKind::JobRuns(id)))
                }
                BackupJobState::Running => Some((
                    settings.finish_at(job.creation_date),
                    EventKind::JobCompletes(id),
                )),
                BackupJobState::Aborting => Some((
                    settings.start_at(job.rare.stop_date.unwrap_or(job.creation_date)),
                    EventKind::JobAborted(id),
                )),
                BackupJobState::Pending
                | BackupJobState::Aborted
                | BackupJobState::Completed
                | BackupJobState::Failed
                | BackupJobState::Expired
                | BackupJobState::Partial => None,
            }
        })
        .collect()
}
