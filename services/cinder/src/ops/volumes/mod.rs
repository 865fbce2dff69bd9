//! `/volumes`: the minimum a backup workflow needs (create, show, list, delete).

pub mod create;
pub mod delete;
pub mod list;
pub mod show;

use super::listing::{Column, Listed, Resource};
use crate::model::volume::Volume;
use crate::state::ProjectState;
use crate::support::fault::Fault;
use crate::support::ids::VolumeId;
use crate::support::microversion::ApiVersion;

impl Listed for Volume {
    fn id(&self) -> &str {
        self.id.as_str()
    }

    fn column(&self, name: &str) -> Option<Column> {
        Some(match name {
            "id" => Column::Text(self.id.to_string()),
            "status" => Column::Text(self.status.as_str().into()),
            "size" => Column::Int(self.size as i64),
            "availability_zone" => Column::Text(self.availability_zone.clone()),
            "display_name" => Column::opt(self.name.as_deref()),
            "display_description" => Column::opt(self.description.as_deref()),
            "project_id" => Column::Text(self.project_id.to_string()),
            "user_id" => Column::Text(self.user_id.to_string()),
            "bootable" => Column::Text("false".into()),
            "created_at" => Column::Int(self.created_at.micros()),
            "updated_at" => Column::Int(self.updated_at.micros()),
            _ => return None,
        })
    }
}

fn sort_column(key: &str, _version: ApiVersion) -> Option<&'static str> {
    Some(match key {
        "name" | "display_name" => "display_name",
        "id" => "id",
        "status" => "status",
        "size" => "size",
        "availability_zone" => "availability_zone",
        "project_id" => "project_id",
        "user_id" => "user_id",
        "created_at" => "created_at",
        "updated_at" => "updated_at",
        _ => return None,
    })
}

/// How volume lists page and filter.
pub const RESOURCE: Resource = Resource {
    collection: "volumes",
    user_filters: &[
        "name",
        "status",
        "metadata",
        "bootable",
        "migration_status",
        "availability_zone",
        "group_id",
        "size",
        "created_at",
        "updated_at",
    ],
    marker_missing: Fault::volume_not_found,
    sort_column,
};

/// The volume `id` of a project, or 404.
pub fn find<'s>(state: Option<&'s ProjectState>, id: &str) -> Result<&'s Volume, Fault> {
    state
        .and_then(|s| s.volumes.get(&VolumeId::from_wire(id)))
        .ok_or_else(|| Fault::volume_not_found(id))
}
