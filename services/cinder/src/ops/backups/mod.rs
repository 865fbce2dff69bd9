//! `/backups`: every endpoint of the api-ref's "Backups (backups)" page.

pub mod actions;
pub mod create;
pub mod delete;
pub mod export_record;
pub mod import_record;
pub mod list;
pub mod restore;
pub mod show;
pub mod update;

use super::listing::{Column, Listed, Resource};
use crate::model::backup::Backup;
use crate::state::ProjectState;
use crate::support::fault::Fault;
use crate::support::ids::BackupId;
use crate::support::microversion::ApiVersion;

impl Listed for Backup {
    fn id(&self) -> &str {
        self.id.as_str()
    }

    fn column(&self, name: &str) -> Option<Column> {
        Some(match name {
            "id" => Column::Text(self.id.to_string()),
            "status" => Column::Text(self.status.as_str().into()),
            "size" => Column::Int(self.size as i64),
            "object_count" => Column::Int(self.object_count as i64),
            "volume_id" => Column::Text(self.volume_id.to_string()),
            "container" => Column::Text(self.container.clone()),
            "availability_zone" => Column::Text(self.availability_zone.clone()),
            "display_name" => Column::opt(self.name.as_deref()),
            "display_description" => Column::opt(self.description.as_deref()),
            "fail_reason" => Column::opt(self.fail_reason.as_deref()),
            "parent_id" => Column::opt(self.parent_id.as_ref().map(BackupId::as_str)),
            "snapshot_id" => Column::opt(self.snapshot_id.as_deref()),
            "project_id" => Column::Text(self.project_id.to_string()),
            "user_id" => Column::Text(self.user_id.to_string()),
            "created_at" => Column::Int(self.created_at.micros()),
            "updated_at" => Column::Int(self.updated_at.micros()),
            "data_timestamp" => Column::Int(self.data_timestamp.micros()),
            _ => return None,
        })
    }
}

fn sort_column(key: &str, version: ApiVersion) -> Option<&'static str> {
    Some(match key {
        "name" if version.at_least(ApiVersion::BACKUP_SORT_NAME) => "display_name",
        "id" => "id",
        "status" => "status",
        "size" => "size",
        "object_count" => "object_count",
        "volume_id" => "volume_id",
        "container" => "container",
        "availability_zone" => "availability_zone",
        "display_name" => "display_name",
        "display_description" => "display_description",
        "project_id" => "project_id",
        "user_id" => "user_id",
        "created_at" => "created_at",
        "updated_at" => "updated_at",
        "data_timestamp" => "data_timestamp",
        _ => return None,
    })
}

/// How backup lists page and filter.
pub const RESOURCE: Resource = Resource {
    collection: "backups",
    user_filters: &["name", "status", "volume_id"],
    marker_missing: Fault::backup_not_found,
    sort_column,
};

/// The backup `id` of a project, or 404.
pub fn find<'s>(state: Option<&'s ProjectState>, id: &str) -> Result<&'s Backup, Fault> {
    state
        .and_then(|s| s.backups.get(&BackupId::from_wire(id)))
        .ok_or_else(|| Fault::backup_not_found(id))
}

/// The backup `id` of a project for changing, or 404.
pub fn find_mut<'s>(state: &'s mut ProjectState, id: &str) -> Result<&'s mut Backup, Fault> {
    state
        .backups
        .get_mut(&BackupId::from_wire(id))
        .ok_or_else(|| Fault::backup_not_found(id))
}
