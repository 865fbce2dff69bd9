//! Legal holds on the engine's timer queue: a hold finishing its creation or cancellation, and
//! the end of a cancelled hold's record. A cancelled hold releases the points it protected: those
//! past their deletion date go, as AWS deletes them after the hold is removed.

use std::collections::BTreeSet;

use emulator_core::dto::Timestamp;

use crate::api::generated::LegalHoldStatus;
use crate::engine::events::{EventKind, FollowUps, HoldEvent};
use crate::engine::lifecycle::apply_lifecycle_deletion;
use crate::state::RegionState;

/// Applies a due [`HoldEvent`]. Events for holds that moved on meanwhile do nothing.
pub fn apply(region: &mut RegionState, event: &HoldEvent, now: Timestamp) -> FollowUps {
    match event {
        HoldEvent::Settles(id) => {
            let Some(hold) = region
                .legal_holds
                .get_mut(id)
                .filter(|h| h.settles_at <= now)
            else {
                return Vec::new();
            };
            match hold.status {
                LegalHoldStatus::Creating => hold.status = LegalHoldStatus::Active,
                LegalHoldStatus::Canceling => {
                    hold.status = LegalHoldStatus::Canceled;
                    let released = hold.points.clone();
                    return release(region, &released, now);
                }
                LegalHoldStatus::Active | LegalHoldStatus::Canceled => {}
            }
        }
        HoldEvent::RecordExpires(id) => {
            let expired = region.legal_holds.get(id).is_some_and(|hold| {
                hold.cancellation
                    .as_ref()
                    .is_some_and(|c| c.retain_record_until <= now)
            });
            if let Some(hold) = expired.then(|| region.legal_holds.remove(id)).flatten() {
                region.tags.remove_resource(&hold.arn);
            }
        }
    }
    Vec::new()
}

/// The events the region's legal holds wait for, rebuilt from their states after a restart:
/// what CreateLegalHold and CancelLegalHold queue, at the same times.
pub fn pending(region: &RegionState) -> FollowUps {
    let mut events = Vec::new();
    for hold in region.legal_holds.values() {
        if matches!(
            hold.status,
            LegalHoldStatus::Creating | LegalHoldStatus::Canceling
        ) {
            events.push(event(hold.settles_at, HoldEvent::Settles(hold.id.clone())));
        }
        if let Some(cancellation) = &hold.cancellation {
            events.push(event(
                cancellation.retain_record_until,
                HoldEvent::RecordExpires(hold.id.clone()),
            ));
        }
    }
    events
}

/// Lets the lifecycle of points a cancelled hold no longer protects take its course: those
/// past their deletion date go now (or when the vault's lock lets them: the follow-ups).
fn release(region: &mut RegionState, points: &BTreeSet<String>, now: Timestamp) -> FollowUps {
    points
        .iter()
        .flat_map(|arn| apply_lifecycle_deletion(region, arn, now))
        .collect()
}

pub fn event(due: Timestamp, event: HoldEvent) -> (Timestamp, EventKind) {
    (due, EventKind::LegalHold(event))
}
