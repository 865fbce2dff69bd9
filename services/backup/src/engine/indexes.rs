//! Backup indexes in the engine: PENDING → ACTIVE, and DELETING → gone, each after the job
//! delay.

use emulator_core::dto::Timestamp;

use crate::api::generated::IndexStatus;
use crate::engine::events::{EventKind, FollowUps, PointEvent};
use crate::state::RegionState;
use crate::support::engine_settings::EngineSettings;

/// PENDING → ACTIVE once the delay since indexing was asked for has passed. The index of a
/// point deleted meanwhile goes with it.
pub fn active(
    region: &mut RegionState,
    arn: &str,
    now: Timestamp,
    settings: &EngineSettings,
) -> FollowUps {
    let Some(index) = region.indexes.get_mut(arn) else {
        return Vec::new();
    };
    if index.status != IndexStatus::Pending || settings.finish_at(index.creation_date) > now {
        return Vec::new();
    }
    match region.recovery_points.get(arn) {
        Some(point) => index.activate(point, now),
        None => {
            region.indexes.remove(arn);
        }
    }
    Vec::new()
}

/// DELETING → gone once the delay since the deletion was asked for has passed.
pub fn deleted(
    region: &mut RegionState,
    arn: &str,
    now: Timestamp,
    settings: &EngineSettings,
) -> FollowUps {
    let due = region.indexes.get(arn).is_some_and(|index| {
        index.status == IndexStatus::Deleting
            && index
                .deletion_date
                .is_some_and(|at| settings.finish_at(at) <= now)
    });
    if due {
        region.indexes.remove(arn);
    }
    Vec::new()
}

/// The events the region's backup indexes wait for, rebuilt from their states after a restart:
/// what UpdateRecoveryPointIndexSettings queues, at the same times.
pub fn pending(region: &RegionState, settings: &EngineSettings) -> FollowUps {
    region
        .indexes
        .iter()
        .filter_map(|(arn, index)| {
            let (due, event) = match index.status {
                IndexStatus::Pending => (
                    settings.finish_at(index.creation_date),
                    PointEvent::IndexActive(arn.clone()),
                ),
                IndexStatus::Deleting => (
                    settings.finish_at(index.deletion_date.unwrap_or(index.creation_date)),
                    PointEvent::IndexDeleted(arn.clone()),
                ),
                IndexStatus::Active | IndexStatus::Failed => return None,
            };
            Some((due, EventKind::Point(event)))
        })
        .collect()
}
