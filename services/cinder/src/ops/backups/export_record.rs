//! `GET /backups/{id}/export_record`: the backup's database record, base64-encoded JSON, as
//! another Cinder imports it.

use base64::Engine;
use serde_json::{json, Value};

use crate::model::backup::{Backup, BackupStatus, BACKUP_SERVICE};
use crate::ops::Call;
use crate::support::fault::Fault;
use crate::support::reply::Reply;

/// The record's fields: Cinder's `Backup` object fields (the ones the import reads back are
/// the ones that matter; the rest keep the record's shape).
pub fn record(backup: &Backup, has_dependents: bool) -> Value {
    json!({
        "id": backup.id.as_str(),
        "user_id": backup.user_id.as_str(),
        "project_id": backup.project_id.as_str(),
        "volume_id": backup.volume_id.as_str(),
        "host": "floci@emulator",
        "availability_zone": backup.availability_zone,
        "container": backup.container,
        "parent_id": backup.parent_id.as_ref().map(|p| p.as_str()),
        "status": backup.status.as_str(),
        "fail_reason": backup.fail_reason,
        "size": backup.size,
        "display_name": backup.name,
        "display_description": backup.description,
        "service_metadata": backup.id.as_str(),
        "service": BACKUP_SERVICE,
        "object_count": backup.object_count,
        "temp_volume_id": null,
        "temp_snapshot_id": null,
        "num_dependent_backups": u8::from(has_dependents),
        "snapshot_id": backup.snapshot_id,
        "data_timestamp": backup.data_timestamp.keystone(),
        "restore_volume_id": null,
        "encryption_key_id": null,
        "metadata": backup.metadata,
        "created_at": backup.created_at.keystone(),
        "updated_at": backup.updated_at.keystone(),
        "deleted_at": null,
        "deleted": false,
        "driver_info": {},
    })
}

/// 200 `{"backup-record": {backup_service, backup_url}}`; only `available` backups.
pub fn run(call: &Call<'_>, id: &str) -> Result<Reply, Fault> {
    let record = call.core.store.with(|inner| {
        let state = inner.project(call.project);
        let backup = super::find(state, id)?;
        if backup.status != BackupStatus::Available {
            return Err(Fault::invalid_backup(&format!(
                "Backup status must be available and not {}.",
                backup.status.as_str()
            )));
        }
        let dependents = state.is_some_and(|s| s.has_dependents(&backup.id));
        Ok(record(backup, dependents))
    })?;
    let url = base64::engine::general_purpose::STANDARD
        .encode(serde_json::to_vec(&record).unwrap_or_default());
    Ok(Reply::json(
        200,
        json!({ "backup-record": { "backup_service": BACKUP_SERVICE, "backup_url": url } }),
    ))
}
