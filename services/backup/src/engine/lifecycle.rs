//! Recovery points' lifecycle on the engine's queue: moving to cold storage, and the deletion
//! ([`apply_lifecycle_deletion`]) that a legal hold or the vault's lock holds back.

use emulator_core::dto::Timestamp;

use crate::api::generated::{RecoveryPointStatus, StorageClass};
use crate::engine::events::{EventKind, FollowUps};
use crate::model::recovery_point::RecoveryPoint;
use crate::model::vault_lock;
use crate::state::points::{deletion_blocked_by_legal_hold, pauses_lifecycle, remove_point};
use crate::state::RegionState;
use crate::support::engine_settings::EngineSettings;

/// Why a point past its deletion date is still there.
const RETAINED_BY_LEGAL_HOLD: &str =
    "The recovery point has expired but is retained by one or more active legal holds";

/// Deletes the point `arn` (with its tags) if its lifecycle's `DeleteAt` has come at `now`.
///
/// A point an active legal hold protects stays instead, `EXPIRED`: AWS delays "lifecycle
/// policies that would alter the backup status (such as transition to a Deleted state)" until
/// the hold is removed, and describes `EXPIRED` as a point past its retention that Backup
/// cannot delete. Called again when a hold is released, it deletes the point then, or returns
/// it to `COMPLETED` if its lifecycle was extended meanwhile.
///
/// A point the vault's lock still retains (younger than `MinRetentionDays`, as when the lock was
/// added after the point was written with a shorter lifecycle) stays until the lock lets it go:
/// the answer is the deletion event to queue for then.
pub fn apply_lifecycle_deletion(region: &mut RegionState, arn: &str, now: Timestamp) -> FollowUps {
    let Some(point) = region.recovery_points.get(arn) else {
        return Vec::new();
    };
    let due = point
        .calculated_lifecycle()
        .and_then(|c| c.delete_at)
        .is_some_and(|delete_at| delete_at <= now);
    let held = deletion_blocked_by_legal_hold(region, point);
    match (due, held) {
        (true, false) => {
            let locked_until = region
                .vaults
                .get(point.vault_name.as_str())
                .and_then(|vault| vault_lock::retained_until(vault, point.creation_date))
                .filter(|until| *until > now);
            if let Some(until) = locked_until {
                return vec![(until, EventKind::RecoveryPointExpires(arn.to_owned()))];
            }
            remove_point(region, arn);
        }
        (true, true) => {
            if let Some(point) = region.recovery_points.get_mut(arn) {
                point.status = RecoveryPointStatus::Expired;
                point.rare.status_message = Some(RETAINED_BY_LEGAL_HOLD.to_owned());
            }
        }
        (false, _) => {
            if let Some(point) = region
                .recovery_points
                .get_mut(arn)
                .filter(|p| p.status == RecoveryPointStatus::Expired)
            {
                point.status = RecoveryPointStatus::Completed;
                point.rare.status_message = None;
            }
        }
    }
    Vec::new()
}

/// `DeleteRecoveryPoint`'s change, checked by the operation: the point is `DELETING` (shown so
/// by describe and the listings, as AWS shows it and as Terraform's provider waits on it) until
/// a job delay later, when [`finish_deletion`] takes it away; with a delay of 0 it is gone at
/// once. Answers the event to queue.
pub fn begin_deletion(
    region: &mut RegionState,
    arn: &str,
    now: Timestamp,
    settings: &EngineSettings,
) -> FollowUps {
    let Some(point) = region.recovery_points.get_mut(arn) else {
        return Vec::new();
    };
    point.status = RecoveryPointStatus::Deleting;
    point.rare.status_message = None;
    point.rare.deletion_requested = Some(now);
    let due = settings.finish_at(now);
    if due <= now {
        finish_deletion(region, arn, now)
    } else {
        vec![(due, EventKind::RecoveryPointDeleted(arn.to_owned()))]
    }
}

/// Removes the point `arn` (with its tags and index) once its deletion, begun by
/// [`begin_deletion`], is due.
pub fn finish_deletion(region: &mut RegionState, arn: &str, now: Timestamp) -> FollowUps {
    let due = region
        .recovery_points
        .get(arn)
        .filter(|point| point.is_deleting())
        .is_some_and(|point| point.rare.deletion_requested.is_none_or(|at| at <= now));
    if due {
        remove_point(region, arn);
    }
    Vec::new()
}

/// Moves the point `arn` to cold storage if its lifecycle's date for it has come. The event
/// re-checks the point's current dates: UpdateRecoveryPointLifecycle queues new events instead
/// of cancelling old ones, so a stale event finds its date moved. A point being deleted stays
/// where it is.
pub fn to_cold(region: &mut RegionState, arn: &str, now: Timestamp) -> FollowUps {
    if let Some(point) = region
        .recovery_points
        .get_mut(arn)
        .filter(|point| !point.is_deleting())
    {
        let due = point
            .calculated_lifecycle()
            .and_then(|c| c.move_to_cold_storage_at);
        if due.is_some_and(|due| due <= now) {
            point.storage_class = StorageClass::Cold;
        }
    }
    Vec::new()
}

/// The cold-storage and deletion events a recovery point's lifecycle asks for. Call again after
/// changing the lifecycle; the superseded events find their dates moved and do nothing.
pub fn lifecycle_events(point: &RecoveryPoint) -> FollowUps {
    let mut events = Vec::new();
    if let Some(calculated) = point.calculated_lifecycle() {
        if let Some(cold) = calculated.move_to_cold_storage_at {
            events.push((cold, EventKind::RecoveryPointToCold(point.arn.to_string())));
        }
        if let Some(delete) = calculated.delete_at {
            events.push((
                delete,
                EventKind::RecoveryPointExpires(point.arn.to_string()),
            ));
        }
    }
    events
}

/// The lifecycle events of every recovery point still waiting for them: [`lifecycle_events`]
/// less what has happened (already cold; expired under a legal hold, whose release raises the
/// deletion again) and points an access point pauses (its deletion raises them again); for a
/// point being deleted, the end of its deletion, at the time [`begin_deletion`] queued it.
pub fn pending_lifecycle_events(region: &RegionState, settings: &EngineSettings) -> FollowUps {
    let deletions = region
        .recovery_points
        .values()
        .filter(|point| point.is_deleting())
        .map(|point| {
            let requested = point.rare.deletion_requested.unwrap_or(point.creation_date);
            (
                settings.finish_at(requested),
                EventKind::RecoveryPointDeleted(point.arn.to_string()),
            )
        });
    let lifecycles = region
        .recovery_points
        .values()
        .filter(|point| !point.is_deleting() && !pauses_lifecycle(region, &point.arn))
        .flat_map(|point| {
            lifecycle_events(point)
                .into_iter()
                .filter(|(_, kind)| match kind {
                    EventKind::RecoveryPointToCold(_) => point.storage_class != StorageClass::Cold,
                    EventKind::RecoveryPointExpires(_) => {
                        point.status != RecoveryPointStatus::Expired
                    }
                    _ => true,
                })
        });
    deletions.chain(lifecycles).collect()
}
