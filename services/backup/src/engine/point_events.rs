//! The timed changes of what hangs off recovery points: scan jobs running and finishing, backup
//! access points becoming available and going away, backup indexes becoming active and being
//! deleted. They ride the engine's one timer queue as `EventKind::Point`, and come here to be
//! applied under the region's lock; each owner module keeps its own state machine.
//!
//! Every step takes the engine's job delay (`FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS`),
//! and a delay of 0 applies it inside the call that asked for it. Events re-check the state they
//! act on when they come due, so superseded events do nothing and nothing is ever cancelled.

use emulator_core::dto::Timestamp;

use crate::engine::events::{FollowUps, PointEvent};
use crate::engine::{access_points, indexes, scan};
use crate::state::RegionState;
use crate::support::engine_settings::EngineSettings;

/// Applies one due event to `region`.
pub fn apply(
    region: &mut RegionState,
    event: &PointEvent,
    now: Timestamp,
    settings: &EngineSettings,
) -> FollowUps {
    match event {
        PointEvent::ScanRuns(id) => scan::run(region, id, now, settings),
        PointEvent::ScanCompletes(id) => scan::complete(region, id, now),
        PointEvent::AccessPointAvailable(name) => {
            access_points::available(region, name, now, settings)
        }
        PointEvent::AccessPointDeleted(name) => access_points::deleted(region, name, now, settings),
        PointEvent::IndexActive(arn) => indexes::active(region, arn, now, settings),
        PointEvent::IndexDeleted(arn) => indexes::deleted(region, arn, now, settings),
    }
}

/// The events the region's scan jobs, access points and indexes wait for, rebuilt from their
/// states after a restart (each owner module rebuilds its own).
pub fn pending(region: &RegionState, settings: &EngineSettings) -> FollowUps {
    let mut events = scan::pending(region, settings);
    events.extend(access_points::pending(region, settings));
    events.extend(indexes::pending(region, settings));
    events
}
