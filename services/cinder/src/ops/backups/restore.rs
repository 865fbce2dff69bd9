//! `POST /backups/{id}/restore`: onto a new volume or an existing one.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::engine::Target;
use crate::model::backup::{BackupStatus, AVAILABILITY_ZONE};
use crate::model::volume::{Volume, VolumeStatus};
use crate::ops::Call;
use crate::support::fault::Fault;
use crate::support::ids::{BackupId, VolumeId};
use crate::support::reply::Reply;
use crate::support::schema::{member, Kind, Member, Wrapped};

const MEMBERS: [Member; 2] = [
    member("name", Kind::Text),
    member("volume_id", Kind::UuidOrNull),
];

/// Starts the restore: 202 `{"restore": {backup_id, volume_id, volume_name}}`.
pub fn run(call: &Call<'_>, id: &str) -> Result<Reply, Fault> {
    let body = call.json()?;
    let input = Wrapped {
        wrapper: "restore",
        nullable: true,
        open: false,
        members: &MEMBERS,
        required: &[],
        siblings: &[],
    }
    .check(body.as_ref())?;
    let target = input
        .get("volume_id")
        .and_then(Value::as_str)
        .map(VolumeId::from_wire);
    let name = input.get("name").and_then(Value::as_str).map(str::to_owned);
    let now = call.now;
    let answer = call.core.store.with(|inner| {
        let state = inner.project(call.project);
        let backup = super::find(state, id)?;
        if backup.status != BackupStatus::Available {
            return Err(Fault::invalid_backup("Backup status must be available"));
        }
        let size = backup.size;
        let backup_id = backup.id.clone();
        let volume = match &target {
            None => Volume {
                id: VolumeId::generate(),
                project_id: call.project.clone(),
                user_id: call.token.user_id.clone(),
                // Cinder waits for the new volume to leave `creating` before it answers.
                status: VolumeStatus::Available,
                previous_status: None,
                size,
                availability_zone: AVAILABILITY_ZONE.into(),
                name: Some(name.unwrap_or_else(|| format!("restore_backup_{id}"))),
                description: Some("auto-created_from_restore_from_backup".into()),
                metadata: BTreeMap::new(),
                created_at: now,
                updated_at: now,
                restoring_from: None,
            },
            Some(volume_id) => state
                .and_then(|s| s.volumes.get(volume_id))
                .cloned()
                .ok_or_else(|| Fault::volume_not_found(volume_id.as_str()))?,
        };
        if volume.status != VolumeStatus::Available {
            return Err(Fault::invalid_volume(
                "Volume to be restored to must be available",
            ));
        }
        if size > volume.size {
            return Err(Fault::invalid_volume(&format!(
                "volume size {} is too small to restore backup of size {size}.",
                volume.size
            )));
        }
        let state = inner.project_mut(call.project);
        let mut volume = volume;
        volume.status = VolumeStatus::RestoringBackup;
        volume.restoring_from = Some(backup_id.clone());
        volume.updated_at = now;
        let answer = json!({
            "backup_id": id,
            "volume_id": volume.id.as_str(),
            "volume_name": volume.name,
        });
        if let Some(backup) = state.backups.get_mut(&backup_id) {
            backup.status = BackupStatus::Restoring;
            backup.restore_volume_id = Some(volume.id.clone());
            backup.updated_at = now;
        }
        state.volumes.insert(volume.id.clone(), volume);
        Ok(answer)
    })?;
    call.core
        .later(call.project, Target::Backup(BackupId::from_wire(id)), now);
    Ok(Reply::json(202, json!({ "restore": answer })))
}
