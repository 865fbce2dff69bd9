//! Resources as the API shows them, per microversion (Cinder's view builders).

use serde_json::{json, Map, Value};

use super::Call;
use crate::model::backup::Backup;
use crate::model::volume::Volume;
use crate::support::microversion::ApiVersion;

/// `{id, name, links}`: what create, update, import and the plain list answer.
pub fn backup_summary(call: &Call<'_>, backup: &Backup) -> Value {
    json!({
        "id": backup.id.as_str(),
        "name": backup.name,
        "links": call.links("backups", backup.id.as_str()),
    })
}

/// The full backup object.
pub fn backup_detail(call: &Call<'_>, backup: &Backup, has_dependents: bool) -> Value {
    let mut view = json!({
        "id": backup.id.as_str(),
        "status": backup.status.as_str(),
        "size": backup.size,
        "object_count": backup.object_count,
        "availability_zone": backup.availability_zone,
        "container": (!backup.container.is_empty()).then_some(backup.container.as_str()),
        "created_at": backup.created_at.cinder(),
        "updated_at": backup.updated_at.cinder(),
        "name": backup.name,
        "description": backup.description,
        "fail_reason": backup.fail_reason,
        "volume_id": backup.volume_id.as_str(),
        "links": call.links("backups", backup.id.as_str()),
        "is_incremental": backup.is_incremental(),
        "has_dependent_backups": has_dependents,
        "snapshot_id": backup.snapshot_id,
        "data_timestamp": backup.data_timestamp.cinder(),
    });
    let fields = view.as_object_mut().expect("an object");
    if call.version.at_least(ApiVersion::BACKUP_METADATA) {
        fields.insert("metadata".into(), json!(backup.metadata));
    }
    if call.is_admin() && call.version.at_least(ApiVersion::BACKUP_PROJECT) {
        fields.insert(
            "os-backup-project-attr:project_id".into(),
            json!(backup.project_id.as_str()),
        );
    }
    if call.is_admin() && call.version.at_least(ApiVersion::BACKUP_PROJECT_USER_ID) {
        fields.insert("user_id".into(), json!(backup.user_id.as_str()));
    }
    view
}

/// `{id, name, links}` of a volume.
pub fn volume_summary(call: &Call<'_>, volume: &Volume) -> Value {
    json!({
        "id": volume.id.as_str(),
        "name": volume.name,
        "links": call.links("volumes", volume.id.as_str()),
    })
}

/// The full volume object.
pub fn volume_detail(call: &Call<'_>, volume: &Volume) -> Value {
    let mut view = json!({
        "id": volume.id.as_str(),
        "status": volume.status.as_str(),
        "size": volume.size,
        "availability_zone": volume.availability_zone,
        "created_at": volume.created_at.cinder(),
        "updated_at": volume.updated_at.cinder(),
        "name": volume.name,
        "description": volume.description,
        "volume_type": "__DEFAULT__",
        "snapshot_id": null,
        "source_volid": null,
        "metadata": volume.metadata,
        "links": call.links("volumes", volume.id.as_str()),
        "user_id": volume.user_id.as_str(),
        "bootable": "false",
        "encrypted": false,
        "replication_status": null,
        "consistencygroup_id": null,
        "multiattach": false,
        "attachments": [],
    });
    let fields: &mut Map<String, Value> = view.as_object_mut().expect("an object");
    let v = call.version;
    if call.is_admin() {
        fields.insert("migration_status".into(), Value::Null);
        fields.insert(
            "os-vol-tenant-attr:tenant_id".into(),
            json!(volume.project_id.as_str()),
        );
    }
    if v.at_least(ApiVersion::v3(13)) {
        fields.insert("group_id".into(), Value::Null);
    }
    if call.is_admin() && v.at_least(ApiVersion::v3(21)) {
        fields.insert("provider_id".into(), Value::Null);
    }
    if v.at_least(ApiVersion::v3(48)) {
        fields.insert("shared_targets".into(), json!(false));
        fields.insert("service_uuid".into(), Value::Null);
    }
    if call.is_admin() && v.at_least(ApiVersion::v3(61)) {
        fields.insert("cluster_name".into(), Value::Null);
    }
    if v.at_least(ApiVersion::v3(63)) {
        fields.insert("volume_type_id".into(), json!(DEFAULT_TYPE_ID));
    }
    if v.at_least(ApiVersion::v3(65)) {
        fields.insert("consumes_quota".into(), json!(true));
    }
    view
}

/// The id of the `__DEFAULT__` volume type every volume here has.
pub const DEFAULT_TYPE_ID: &str = "7c4b5f4e-0b7d-4f1b-9b1e-6f3b1d0c0a01";
