//! Scan jobs in the engine: CREATED → RUNNING → COMPLETED over the job delay, with the same
//! timing as backup and restore jobs (half the delay to start, the rest to finish), or FAILED
//! when the recovery point (or an incremental scan's base) is deleted before the scan ends.
//!
//! The emulator scans no data, so a completed scan finds no threats: `NO_THREATS_FOUND`, no
//! findings.

use emulator_core::dto::Timestamp;

use crate::api::generated::{ScanResultStatus, ScanState};
use crate::engine::events::{EventKind, FollowUps, PointEvent};
use crate::model::scan_job::ScanJobRecord;
use crate::state::RegionState;
use crate::support::engine_settings::EngineSettings;
use crate::support::ids::random_hex;

/// Every state change of a scan job goes through here.
fn set_state(job: &mut ScanJobRecord, state: ScanState, now: Timestamp, message: Option<String>) {
    job.state = state;
    if job.is_finished() {
        job.completion_date = Some(now);
    }
    if message.is_some() {
        job.status_message = message;
    }
}

/// CREATED → RUNNING: GuardDuty takes the scan and gives it its id.
pub fn run(
    region: &mut RegionState,
    id: &str,
    now: Timestamp,
    settings: &EngineSettings,
) -> FollowUps {
    let Some(job) = region.scan_jobs.get_mut(id) else {
        return Vec::new();
    };
    if job.state != ScanState::Created {
        return Vec::new();
    }
    set_state(job, ScanState::Running, now, None);
    job.scan_id = Some(random_hex(32));
    let finish = settings.finish_at(job.creation_date);
    vec![(
        finish.latest(now),
        EventKind::Point(PointEvent::ScanCompletes(id.to_owned())),
    )]
}

/// RUNNING → COMPLETED with no threats found, or FAILED when a point it reads went away.
pub fn complete(region: &mut RegionState, id: &str, now: Timestamp) -> FollowUps {
    let missing = match region.scan_jobs.get(id) {
        Some(job) if job.state == ScanState::Running => std::iter::once(&job.recovery_point_arn)
            .chain(&job.base_recovery_point_arn)
            // A point DeleteRecoveryPoint is taking away counts as gone.
            .find(|arn| {
                region
                    .recovery_points
                    .get(arn)
                    .is_none_or(|point| point.is_deleting())
            })
            .cloned(),
        _ => return Vec::new(),
    };
    let Some(job) = region.scan_jobs.get_mut(id) else {
        return Vec::new();
    };
    match missing {
        None => {
            set_state(job, ScanState::Completed, now, None);
            job.result = Some(ScanResultStatus::NoThreatsFound);
        }
        Some(arn) => {
            let message = format!("Recovery point {arn} was deleted before the scan finished");
            set_state(job, ScanState::Failed, now, Some(message));
        }
    }
    region.scan_jobs.finished(id);
    Vec::new()
}

/// The events the region's scan jobs wait for, rebuilt from their states after a restart: what
/// [`admit`] and [`run`] queue, at the same times.
pub fn pending(region: &RegionState, settings: &EngineSettings) -> FollowUps {
    region
        .scan_jobs
        .values()
        .filter_map(|job| {
            let id = job.id.clone();
            let (due, event) = match job.state {
                ScanState::Created => (
                    settings.start_at(job.creation_date),
                    PointEvent::ScanRuns(id),
                ),
                ScanState::Running => (
                    settings.finish_at(job.creation_date),
                    PointEvent::ScanCompletes(id),
                ),
                ScanState::Completed
                | ScanState::CompletedWithIssues
                | ScanState::Failed
                | ScanState::Canceled => return None,
            };
            Some((due, EventKind::Point(event)))
        })
        .collect()
}
