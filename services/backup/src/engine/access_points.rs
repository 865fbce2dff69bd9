//! Access points in the engine: CREATING → AVAILABLE with the S3 access point provisioned, and
//! DELETING → gone, after which a recovery point left without access points takes up its
//! lifecycle again.

use aws_arn::Arn;
use emulator_core::dto::Timestamp;

use crate::api::generated::AccessPointStatus;
use crate::engine::events::{EventKind, FollowUps, PointEvent};
use crate::engine::lifecycle::lifecycle_events;
use crate::model::access_point::S3AccessPoint;
use crate::state::points::pauses_lifecycle;
use crate::state::RegionState;
use crate::support::engine_settings::EngineSettings;
use crate::support::ids::random_hex;

/// The longest alias S3 gives an access point; a long name is cut to fit.
const MAX_ALIAS_LEN: usize = 63;
/// The random part of an alias.
const ALIAS_RANDOM_LEN: usize = 34;
/// The end of the alias of an access point whose data is not in one of the account's buckets.
const ALIAS_SUFFIX: &str = "-ext-s3alias";

/// The S3 access point Backup provisions for access point `name` of `arn`.
fn provision(name: &str, arn: &str) -> S3AccessPoint {
    let (region, account) = Arn::parse(arn)
        .map(|arn| (arn.region().to_owned(), arn.account_id().to_owned()))
        .unwrap_or_default();
    let s3_arn = Arn::new("s3", &region, &account, format!("accesspoint/{name}"))
        .map(|arn| arn.to_string())
        .unwrap_or_else(|_| format!("arn:aws:s3:{region}:{account}:accesspoint/{name}"));
    let room = MAX_ALIAS_LEN - ALIAS_RANDOM_LEN - ALIAS_SUFFIX.len() - 1;
    let prefix = name.get(..room.min(name.len())).unwrap_or(name);
    let prefix = prefix.trim_end_matches('-');
    S3AccessPoint {
        arn: s3_arn,
        alias: format!("{prefix}-{}{ALIAS_SUFFIX}", random_hex(ALIAS_RANDOM_LEN)),
    }
}

/// CREATING → AVAILABLE, once the delay since creation has passed.
pub fn available(
    region: &mut RegionState,
    name: &str,
    now: Timestamp,
    settings: &EngineSettings,
) -> FollowUps {
    if let Some(point) = region.access_points.get_mut(name) {
        if point.status == AccessPointStatus::Creating
            && settings.finish_at(point.creation_time) <= now
        {
            point.status = AccessPointStatus::Available;
            point.s3 = Some(provision(&point.name, &point.arn));
        }
    }
    Vec::new()
}

/// DELETING → gone, once the delay since the deletion has passed. When it was the recovery
/// point's last access point, the point's lifecycle events are raised again: those already due
/// apply at once.
pub fn deleted(
    region: &mut RegionState,
    name: &str,
    now: Timestamp,
    settings: &EngineSettings,
) -> FollowUps {
    let due = region.access_points.get(name).is_some_and(|point| {
        point.status == AccessPointStatus::Deleting
            && point
                .deletion_time
                .is_some_and(|at| settings.finish_at(at) <= now)
    });
    if !due {
        return Vec::new();
    }
    let Some(gone) = region.access_points.remove(name) else {
        return Vec::new();
    };
    region.tags.remove_resource(&gone.arn);
    if pauses_lifecycle(region, &gone.recovery_point_arn) {
        return Vec::new();
    }
    region
        .recovery_points
        .get(&gone.recovery_point_arn)
        .map(lifecycle_events)
        .unwrap_or_default()
}

/// The events the region's access points wait for, rebuilt from their states after a restart:
/// what CreateBackupAccessPoint and DeleteBackupAccessPoint queue, at the same times.
pub fn pending(region: &RegionState, settings: &EngineSettings) -> FollowUps {
    region
        .access_points
        .values()
        .filter_map(|point| {
            let name = point.name.clone();
            let (due, event) = match point.status {
                AccessPointStatus::Creating => (
                    settings.finish_at(point.creation_time),
                    PointEvent::AccessPointAvailable(name),
                ),
                AccessPointStatus::Deleting => (
                    settings.finish_at(point.deletion_time.unwrap_or(point.creation_time)),
                    PointEvent::AccessPointDeleted(name),
                ),
                _ => return None,
            };
            Some((due, EventKind::Point(event)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_s3_access_point_is_named_after_the_backup_access_point() {
        let s3 = provision(
            "reader",
            "arn:aws:backup:eu-west-1:111122223333:accesspoint/reader",
        );
        assert_eq!(
            s3.arn,
            "arn:aws:s3:eu-west-1:111122223333:accesspoint/reader"
        );
        assert!(s3.alias.starts_with("reader-"));
        assert!(s3.alias.ends_with(ALIAS_SUFFIX));
        let long = "a".repeat(50);
        let s3 = provision(&long, "arn:aws:backup:eu-west-1:111122223333:accesspoint/x");
        assert_eq!(s3.alias.len(), MAX_ALIAS_LEN);
    }
}
