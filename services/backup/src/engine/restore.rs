//! Restore jobs in the engine: PENDING → RUNNING → COMPLETED, or FAILED when the recovery point
//! is deleted before the restore finishes.

use emulator_core::dto::Timestamp;

use crate::api::generated::RestoreJobStatus;
use crate::engine::events::{EventKind, FollowUps};
use crate::model::restore_job::{percent, RestoreJob};
use crate::state::RegionState;
use crate::support::engine_settings::EngineSettings;

/// Every status change of a restore job goes through here: the place to publish the
/// "Restore Job State Change" event.
fn set_status(
    job: &mut RestoreJob,
    status: RestoreJobStatus,
    now: Timestamp,
    message: Option<String>,
) {
    job.status = status;
    // AWS reports `0.00%` while a restore is pending or running and for one that failed (the
    // "Restore Job State Change" examples, and a real RUNNING `describe-restore-job`), and
    // `100.00%` once it completed.
    job.percent_done = percent(match status {
        RestoreJobStatus::Pending
        | RestoreJobStatus::Running
        | RestoreJobStatus::Failed
        | RestoreJobStatus::Aborted => 0,
        RestoreJobStatus::Completed => 100,
    });
    if matches!(
        status,
        RestoreJobStatus::Completed | RestoreJobStatus::Failed | RestoreJobStatus::Aborted
    ) {
        job.completion_date = Some(now);
    }
    if message.is_some() {
        job.status_message = message;
    }
}

/// PENDING → RUNNING.
pub fn run(
    region: &mut RegionState,
    id: &str,
    now: Timestamp,
    settings: &EngineSettings,
) -> FollowUps {
    let Some(job) = region.restore_jobs.get_mut(id) else {
        return Vec::new();
    };
    if job.status != RestoreJobStatus::Pending {
        return Vec::new();
    }
    set_status(job, RestoreJobStatus::Running, now, None);
    let finish = settings.finish_at(job.creation_date);
    vec![(
        finish.latest(now),
        EventKind::RestoreCompletes(id.to_owned()),
    )]
}

/// RUNNING → COMPLETED, or FAILED when the recovery point went away meanwhile.
pub fn complete(region: &mut RegionState, id: &str, now: Timestamp) -> FollowUps {
    let point_exists = match region.restore_jobs.get(id) {
        // A point DeleteRecoveryPoint is taking away counts as gone.
        Some(job) if job.status == RestoreJobStatus::Running => region
            .recovery_points
            .get(&job.recovery_point_arn)
            .is_some_and(|point| !point.is_deleting()),
        _ => return Vec::new(),
    };
    let mut restored_point = None;
    if let Some(job) = region.restore_jobs.get_mut(id) {
        if point_exists {
            set_status(job, RestoreJobStatus::Completed, now, None);
            restored_point = Some(job.recovery_point_arn.clone());
        } else {
            let message = format!(
                "Recovery point {} was deleted before the restore finished",
                job.recovery_point_arn
            );
            set_status(job, RestoreJobStatus::Failed, now, Some(message));
        }
    }
    // `LastRestoreTime` of the point is not an indexed field, so it may change in place.
    if let Some(point) = restored_point.and_then(|arn| region.recovery_points.get_mut(&arn)) {
        point.rare.last_restore_time = Some(now);
    }
    Vec::new()
}

/// The events the region's restore jobs wait for, rebuilt from their states after a restart:
/// what [`admit_restore_job`] and [`run`] queue, at the same times.
pub fn pending(region: &RegionState, settings: &EngineSettings) -> FollowUps {
    region
        .restore_jobs
        .values()
        .filter_map(|job| {
            let id = job.id.clone();
            match job.status {
                RestoreJobStatus::Pending => Some((
                    settings.start_at(job.creation_date),
                    EventKind::RestoreRuns(id),
                )),
                RestoreJobStatus::Running => Some((
                    settings.finish_at(job.creation_date),
                    EventKind::RestoreCompletes(id),
                )),
                RestoreJobStatus::Completed
                | RestoreJobStatus::Aborted
                | RestoreJobStatus::Failed => None,
            }
        })
        .collect()
}
