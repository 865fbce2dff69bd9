//! The end of a restore test: once its restore job has completed and its selection's
//! `ValidationWindowHours` have passed, AWS deletes the restored resource. The job shows it in
//! `DeletionStatus`: `DELETING` while the resource goes (as long as a job takes, the configured
//! job delay), then `SUCCESSFUL`. A test whose restore failed created nothing to delete.
//!
//! Validation results (`PutRestoreValidationResult`) are taken before and after the deletion
//! alike; the deletion does not wait for them.

use emulator_core::dto::Timestamp;
use emulator_core::RequestContext;

use crate::api::generated::{RestoreDeletionStatus, RestoreJobStatus};
use crate::engine::backend::Backend;
use crate::engine::restore_tests::{CleanupCheck, Event};
use crate::model::restore_job::RestoreJob;
use crate::state::RegionState;
use crate::support::engine_settings::EngineSettings;

const HOUR_SECONDS: i64 = 3_600;

/// When the validation window of a test whose restore completes at `completed` closes.
pub fn window_end(completed: Timestamp, check: &CleanupCheck) -> Timestamp {
    completed.plus_seconds(i64::from(check.validation_window_hours) * HOUR_SECONDS)
}

/// Moves the test's deletion on as far as now allows, and queues the next look when there is
/// more to do.
pub fn check(svc: &Backend, check: &CleanupCheck) {
    let ctx = RequestContext::new(check.account_id.clone(), check.region.clone());
    let now = svc.clock.now();
    let settings = svc.engine_settings;
    let again = svc
        .store
        .with_region(&ctx, |region| step(region, check, now, &settings));
    if let Some(due) = again {
        svc.restore_testing
            .schedule(due, Event::Cleanup(check.clone()));
    }
}

/// One step of the test's deletion at `now`; answers when to look again, if ever.
fn step(
    region: &mut RegionState,
    check: &CleanupCheck,
    now: Timestamp,
    settings: &EngineSettings,
) -> Option<Timestamp> {
    let job = region.restore_jobs.get_mut(&check.restore_job_id)?;
    match job.deletion_status {
        Some(RestoreDeletionStatus::Deleting) => {
            deleted(job);
            return None;
        }
        Some(_) => return None,
        None => {}
    }
    match job.status {
        RestoreJobStatus::Completed => {
            let end = window_end(job.completion_date.unwrap_or(now), check);
            if end > now {
                return Some(end);
            }
            job.deletion_status = Some(RestoreDeletionStatus::Deleting);
            job.deletion_status_message = Some(
                "The validation window has closed; the restored resource is being deleted."
                    .to_owned(),
            );
            let done = settings.finish_at(now);
            if done <= now {
                deleted(job);
                None
            } else {
                Some(done)
            }
        }
        // Not finished yet: look again once it should have, and never at a time already
        // reached, so a job the engine has yet to complete is not looked at in a loop.
        RestoreJobStatus::Pending | RestoreJobStatus::Running => {
            let completes = settings
                .finish_at(job.creation_date)
                .latest(now.plus_seconds(1));
            Some(window_end(completes, check))
        }
        RestoreJobStatus::Failed | RestoreJobStatus::Aborted => None,
    }
}

/// When the test of `job` takes its next deletion step, as the live path queued it: at the end
/// of its validation window (counted from the job's completion, or from when it should
/// complete), or a job delay after that while the resource is being deleted. `None` once the
/// deletion is done or the restore failed.
pub fn next_step(
    job: &RestoreJob,
    check: &CleanupCheck,
    settings: &EngineSettings,
) -> Option<Timestamp> {
    let completed = || job.completion_date.unwrap_or(job.creation_date);
    match (job.deletion_status, job.status) {
        (Some(RestoreDeletionStatus::Deleting), _) => {
            Some(settings.finish_at(window_end(completed(), check)))
        }
        (Some(_), _) | (None, RestoreJobStatus::Failed | RestoreJobStatus::Aborted) => None,
        (None, RestoreJobStatus::Completed) => Some(window_end(completed(), check)),
        (None, RestoreJobStatus::Pending | RestoreJobStatus::Running) => {
            Some(window_end(settings.finish_at(job.creation_date), check))
        }
    }
}

fn deleted(job: &mut RestoreJob) {
    job.deletion_status = Some(RestoreDeletionStatus::Successful);
    job.deletion_status_message = Some("The restored resource was deleted.".to_owned());
}
