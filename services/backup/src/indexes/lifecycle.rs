//! Backup indexes in the engine: PENDING → ACTIVE, and DELETING → gone, each after the job
//! delay.

use emulator_core::dto::Timestamp;

use crate::api::generated::IndexStatus;
use crate::engine::{EngineSettings, FollowUps};
use crate::store::RegionState;

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
