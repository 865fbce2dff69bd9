//! `POST /volumes`: an empty volume, or (3.47+) one restored from a backup.

use serde_json::{json, Value};

use crate::engine::Target;
use crate::model::backup::{BackupStatus, AVAILABILITY_ZONE};
use crate::model::volume::{Volume, VolumeStatus};
use crate::ops::views::DEFAULT_TYPE_ID;
use crate::ops::{clean_text, metadata, views, Call};
use crate::support::fault::Fault;
use crate::support::ids::{BackupId, VolumeId};
use crate::support::microversion::ApiVersion;
use crate::support::reply::Reply;
use crate::support::schema::{member, Kind, Member, Wrapped};

const MEMBERS: [Member; 16] = [
    member("name", Kind::Text),
    member("description", Kind::Text),
    member("display_name", Kind::Text),
    member("display_description", Kind::Text),
    member("volume_type", Kind::Text),
    member("metadata", Kind::Metadata),
    member("snapshot_id", Kind::UuidOrNull),
    member("source_volid", Kind::UuidOrNull),
    member("consistencygroup_id", Kind::UuidOrNull),
    member("size", Kind::Size),
    member("availability_zone", Kind::Text),
    member("multiattach", Kind::Any),
    member("image_id", Kind::Any),
    member("imageRef", Kind::Any),
    member("backup_id", Kind::UuidOrNull),
    member("group_id", Kind::Any),
];

fn size_of(value: Option<&Value>) -> Result<Option<u64>, Fault> {
    let invalid = |shown: String| {
        Fault::invalid_input(&format!(
            "Invalid volume size provided for create request: {shown} (size argument must be \
             an integer (or string representation of an integer) and greater than zero)."
        ))
    };
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => match n.as_i64() {
            Some(size) if size > 0 => Ok(Some(size as u64)),
            _ => Err(invalid(n.to_string())),
        },
        Some(Value::String(s)) => match s.trim().parse::<i64>() {
            Ok(size) if size > 0 => Ok(Some(size as u64)),
            _ => Err(invalid(s.clone())),
        },
        Some(other) => Err(invalid(other.to_string())),
    }
}

/// Creates the volume: 202 `{"volume": {...}}` in `creating`.
pub fn run(call: &Call<'_>) -> Result<Reply, Fault> {
    let body = call.json()?;
    let input = Wrapped {
        wrapper: "volume",
        nullable: false,
        open: true,
        members: &MEMBERS,
        required: &[],
        siblings: &["OS-SCH-HNT:scheduler_hints"],
    }
    .check(body.as_ref())?;
    let size = size_of(input.get("size"))?;
    if let Some(id) = input.get("snapshot_id").and_then(Value::as_str) {
        return Err(Fault::not_found(format!(
            "Snapshot {id} could not be found."
        )));
    }
    if let Some(id) = input.get("source_volid").and_then(Value::as_str) {
        return Err(Fault::volume_not_found(id));
    }
    if let Some(kind) = input.get("volume_type").and_then(Value::as_str) {
        if !kind.is_empty() && kind != "__DEFAULT__" && kind != DEFAULT_TYPE_ID {
            return Err(Fault::not_found(format!(
                "Volume type with name {kind} could not be found."
            )));
        }
    }
    if let Some(zone) = input.get("availability_zone").and_then(Value::as_str) {
        if zone != AVAILABILITY_ZONE {
            return Err(Fault::bad_request(format!(
                "Availability zone '{zone}' is invalid."
            )));
        }
    }
    let from_backup = if call.version.at_least(ApiVersion::VOLUME_CREATE_FROM_BACKUP) {
        input
            .get("backup_id")
            .and_then(Value::as_str)
            .map(BackupId::from_wire)
    } else {
        None
    };
    let name = clean_text(input.get("name").or(input.get("display_name")));
    let description = clean_text(
        input
            .get("description")
            .or(input.get("display_description")),
    );
    let now = call.now;
    let volume = call.core.store.with(|inner| {
        let size = match &from_backup {
            None => size.ok_or_else(|| {
                Fault::invalid_input("Volume size 'None' must be an integer and greater than 0")
            })?,
            Some(backup_id) => {
                let backup =
                    super::super::backups::find(inner.project(call.project), backup_id.as_str())?;
                if backup.status != BackupStatus::Available {
                    return Err(Fault::invalid_backup(&format!(
                        "Backup status must be available and not {}.",
                        backup.status.as_str()
                    )));
                }
                let size = size.unwrap_or(backup.size);
                if size < backup.size {
                    return Err(Fault::invalid_input(&format!(
                        "Volume size {size}GB cannot be smaller than the backup size {}GB. It \
                         must be >= backup size.",
                        backup.size
                    )));
                }
                size
            }
        };
        let volume = Volume {
            id: VolumeId::generate(),
            project_id: call.project.clone(),
            user_id: call.token.user_id.clone(),
            status: VolumeStatus::Creating,
            previous_status: None,
            size,
            availability_zone: AVAILABILITY_ZONE.into(),
            name,
            description,
            metadata: metadata(input.get("metadata")),
            created_at: now,
            updated_at: now,
            restoring_from: from_backup.clone(),
        };
        let state = inner.project_mut(call.project);
        if let Some(backup) = from_backup
            .as_ref()
            .and_then(|id| state.backups.get_mut(id))
        {
            backup.status = BackupStatus::Restoring;
            backup.restore_volume_id = Some(volume.id.clone());
            backup.updated_at = now;
        }
        state.volumes.insert(volume.id.clone(), volume.clone());
        Ok(volume)
    })?;
    call.core
        .later(call.project, Target::Volume(volume.id.clone()), now);
    Ok(Reply::json(
        202,
        json!({ "volume": views::volume_detail(call, &volume) }),
    ))
}
