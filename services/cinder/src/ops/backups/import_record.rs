//! `POST /backups/import_record` (201): a backup from an exported record.

use std::collections::BTreeMap;

use base64::Engine;
use serde_json::{json, Map, Value};

use crate::engine::Target;
use crate::model::backup::{
    Backup, BackupStatus, AVAILABILITY_ZONE, BACKUP_SERVICE, DEFAULT_CONTAINER, IMPORT_VOLUME_ID,
};
use crate::ops::{views, Call};
use crate::support::fault::Fault;
use crate::support::ids::{BackupId, VolumeId};
use crate::support::reply::Reply;
use crate::support::schema::{member, Kind, Member, Wrapped};
use crate::support::times::Instant;

const MEMBERS: [Member; 2] = [
    member("backup_service", Kind::StrictText),
    member("backup_url", Kind::Base64),
];

fn decode(url: &str) -> Result<Map<String, Value>, Fault> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(url.trim())
        .map_err(|_| Fault::invalid_input("Can't decode backup record."))?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(record)) => Ok(record),
        _ => Err(Fault::invalid_input("Can't parse backup record.")),
    }
}

fn text(record: &Map<String, Value>, key: &str) -> Option<String> {
    record.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn time(record: &Map<String, Value>, key: &str) -> Option<Instant> {
    record
        .get(key)
        .and_then(Value::as_str)
        .and_then(Instant::parse)
}

/// Imports the record: 201 `{"backup": {id, name, links}}`.
pub fn run(call: &Call<'_>) -> Result<Reply, Fault> {
    let body = call.json()?;
    let input = Wrapped {
        wrapper: "backup-record",
        nullable: false,
        open: false,
        members: &MEMBERS,
        required: &["backup_service", "backup_url"],
        siblings: &[],
    }
    .check(body.as_ref())?;
    let service = input["backup_service"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let record = decode(input["backup_url"].as_str().unwrap_or_default())?;
    let Some(id) = text(&record, "id") else {
        return Err(Fault::invalid_input(
            "Provided backup record is missing an id",
        ));
    };
    let Some(size) = record.get("size").and_then(Value::as_u64) else {
        return Err(Fault::invalid_input(
            "Provided backup record is missing size attribute",
        ));
    };
    let now = call.now;
    // A service other than the one this emulator runs: Cinder accepts the record, then no
    // backup host can read it and the backup ends in `error`.
    let unknown_service = service != BACKUP_SERVICE;
    let backup = Backup {
        id: BackupId::from_wire(id.clone()),
        project_id: call.project.clone(),
        user_id: call.token.user_id.clone(),
        volume_id: VolumeId::from_wire(
            text(&record, "volume_id").unwrap_or_else(|| IMPORT_VOLUME_ID.into()),
        ),
        status: if unknown_service {
            BackupStatus::Error
        } else {
            BackupStatus::Creating
        },
        size,
        object_count: record
            .get("object_count")
            .and_then(Value::as_u64)
            .unwrap_or(0),
        availability_zone: AVAILABILITY_ZONE.into(),
        container: text(&record, "container").unwrap_or_else(|| DEFAULT_CONTAINER.into()),
        created_at: now,
        updated_at: now,
        data_timestamp: time(&record, "data_timestamp").unwrap_or(now),
        name: text(&record, "display_name"),
        description: text(&record, "display_description"),
        fail_reason: unknown_service.then(|| {
            format!(
                "Import record failed, cannot find backup service to perform the import. \
                 Request service {service}."
            )
        }),
        parent_id: text(&record, "parent_id").map(BackupId::from_wire),
        snapshot_id: text(&record, "snapshot_id"),
        metadata: BTreeMap::new(),
        restore_volume_id: None,
    };
    call.core.store.with(|inner| {
        let exists = inner
            .projects
            .values()
            .any(|state| state.backups.contains_key(&backup.id));
        if exists {
            return Err(Fault::invalid_backup("Backup already exists in database."));
        }
        inner
            .project_mut(call.project)
            .backups
            .insert(backup.id.clone(), backup.clone());
        Ok(())
    })?;
    if !unknown_service {
        call.core
            .later(call.project, Target::Backup(backup.id.clone()), now);
    }
    Ok(Reply::json(
        201,
        json!({ "backup": views::backup_summary(call, &backup) }),
    ))
}
