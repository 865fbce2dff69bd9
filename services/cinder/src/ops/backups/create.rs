//! `POST /backups`: a full or incremental backup of a volume.

use serde_json::{json, Value};

use crate::engine::Target;
use crate::model::backup::{Backup, BackupStatus, AVAILABILITY_ZONE, DEFAULT_CONTAINER};
use crate::model::volume::VolumeStatus;
use crate::ops::{clean_text, metadata, views, Call};
use crate::support::fault::Fault;
use crate::support::ids::{BackupId, VolumeId};
use crate::support::microversion::ApiVersion;
use crate::support::reply::Reply;
use crate::support::schema::{member, truth, Kind, Member, Wrapped};

const BASE: [Member; 7] = [
    member("volume_id", Kind::Uuid),
    member("container", Kind::Text),
    member("description", Kind::Text),
    member("incremental", Kind::Boolean),
    member("force", Kind::Boolean),
    member("name", Kind::Text),
    member("snapshot_id", Kind::UuidOrNull),
];

fn members(version: ApiVersion) -> Vec<Member> {
    let mut members = BASE.to_vec();
    if version.at_least(ApiVersion::BACKUP_METADATA) {
        members.push(member("metadata", Kind::Metadata));
    }
    if version.at_least(ApiVersion::BACKUP_AZ) {
        members.push(member("availability_zone", Kind::Text));
    }
    members
}

/// Creates the backup: 202 `{"backup": {id, name, links}}`.
pub fn run(call: &Call<'_>) -> Result<Reply, Fault> {
    let body = call.json()?;
    let members = members(call.version);
    let input = Wrapped {
        wrapper: "backup",
        nullable: false,
        open: false,
        members: &members,
        required: &["volume_id"],
        siblings: &[],
    }
    .check(body.as_ref())?;
    let volume_id = VolumeId::from_wire(input["volume_id"].as_str().unwrap_or_default());
    let incremental = truth(input.get("incremental"));
    let force = truth(input.get("force"));
    if let Some(zone) = input.get("availability_zone").and_then(Value::as_str) {
        if zone != AVAILABILITY_ZONE {
            return Err(Fault::new(503, "Service cinder-backup could not be found."));
        }
    }
    let container = input
        .get("container")
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty())
        .unwrap_or(DEFAULT_CONTAINER)
        .to_owned();
    let core = call.core;
    let now = call.now;
    let backup = core.store.with(|inner| {
        let state = inner.project(call.project);
        let volume = state
            .and_then(|s| s.volumes.get(&volume_id))
            .ok_or_else(|| Fault::volume_not_found(volume_id.as_str()))?;
        if let Some(snapshot) = input.get("snapshot_id").and_then(Value::as_str) {
            return Err(Fault::not_found(format!(
                "Snapshot {snapshot} could not be found."
            )));
        }
        match volume.status {
            VolumeStatus::Available => {}
            VolumeStatus::InUse if force => {}
            VolumeStatus::InUse => {
                return Err(Fault::invalid_volume(
                    "Backing up an in-use volume must use the force flag.",
                ))
            }
            other => {
                return Err(Fault::invalid_volume(&format!(
                    "Volume to be backed up must be available or in-use, but the current \
                     status is \"{}\".",
                    other.as_str()
                )))
            }
        }
        let parent_id = if incremental {
            let latest = state
                .into_iter()
                .flat_map(|s| s.backups.values())
                .filter(|b| b.volume_id == volume_id && b.status == BackupStatus::Available)
                .max_by_key(|b| (b.data_timestamp, b.created_at));
            match latest {
                Some(parent) => Some(parent.id.clone()),
                None => {
                    return Err(Fault::invalid_backup(
                        "No backups available to do an incremental backup.",
                    ))
                }
            }
        } else {
            None
        };
        let backup = Backup {
            id: BackupId::generate(),
            project_id: call.project.clone(),
            user_id: call.token.user_id.clone(),
            volume_id: volume_id.clone(),
            status: BackupStatus::Creating,
            size: volume.size,
            object_count: 0,
            availability_zone: AVAILABILITY_ZONE.into(),
            container,
            created_at: now,
            updated_at: now,
            data_timestamp: now,
            name: clean_text(input.get("name")),
            description: clean_text(input.get("description")),
            fail_reason: None,
            parent_id,
            snapshot_id: None,
            metadata: metadata(input.get("metadata")),
            restore_volume_id: None,
        };
        let state = inner.project_mut(call.project);
        if let Some(volume) = state.volumes.get_mut(&volume_id) {
            volume.previous_status = Some(volume.status);
            volume.status = VolumeStatus::BackingUp;
            volume.updated_at = now;
        }
        state.backups.insert(backup.id.clone(), backup.clone());
        Ok(backup)
    })?;
    core.later(call.project, Target::Backup(backup.id.clone()), now);
    Ok(Reply::json(
        202,
        json!({ "backup": views::backup_summary(call, &backup) }),
    ))
}
