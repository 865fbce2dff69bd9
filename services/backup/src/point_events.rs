//! The timed changes of what hangs off recovery points: scan jobs running and finishing, backup
//! access points becoming available and going away, backup indexes becoming active and being
//! deleted. They ride the engine's one timer queue as `EventKind::Point`, and come here to be
//! applied under the region's lock; each owner module keeps its own state machine.
//!
//! Every step takes the engine's job delay (`FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS`),
//! and a delay of 0 applies it inside the call that asked for it. Events re-check the state they
//! act on when they come due, so superseded events do nothing and nothing is ever cancelled.

use emulator_core::dto::Timestamp;

use crate::engine::{self, EngineSettings, EventKind, FollowUps};
use crate::store::RegionState;
use crate::{access_points, indexes, scan_jobs};

/// A timed change of a scan job, a backup access point or a backup index.
#[derive(Debug, Clone, PartialEq)]
pub enum PointEvent {
    /// Scan job CREATED → RUNNING.
    ScanRuns(String),
    /// Scan job RUNNING → COMPLETED, or FAILED when its recovery point went away.
    ScanCompletes(String),
    /// Access point (by name) CREATING → AVAILABLE.
    AccessPointAvailable(String),
    /// Access point (by name) DELETING → gone; the point's lifecycle resumes with the last one.
    AccessPointDeleted(String),
    /// Index (by recovery point ARN) PENDING → ACTIVE.
    IndexActive(String),
    /// Index (by recovery point ARN) DELETING → gone.
    IndexDeleted(String),
}

/// Applies one due event to `region`.
pub fn apply(
    region: &mut RegionState,
    event: &PointEvent,
    now: Timestamp,
    settings: &EngineSettings,
) -> FollowUps {
    match event {
        PointEvent::ScanRuns(id) => scan_jobs::engine::run(region, id, now, settings),
        PointEvent::ScanCompletes(id) => scan_jobs::engine::complete(region, id, now),
        PointEvent::AccessPointAvailable(name) => {
            access_points::lifecycle::available(region, name, now, settings)
        }
        PointEvent::AccessPointDeleted(name) => {
            access_points::lifecycle::deleted(region, name, now, settings)
        }
        PointEvent::IndexActive(arn) => indexes::lifecycle::active(region, arn, now, settings),
        PointEvent::IndexDeleted(arn) => indexes::lifecycle::deleted(region, arn, now, settings),
    }
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
        engine::settle(region, EventKind::Point(event), now, settings)
    } else {
        vec![(due, EventKind::Point(event))]
    }
}

/// The events the region's scan jobs, access points and indexes wait for, rebuilt from their
/// states after a restart (each owner module rebuilds its own).
pub fn pending(region: &RegionState, settings: &EngineSettings) -> FollowUps {
    let mut events = scan_jobs::engine::pending(region, settings);
    events.extend(access_points::lifecycle::pending(region, settings));
    events.extend(indexes::lifecycle::pending(region, settings));
    events
}
