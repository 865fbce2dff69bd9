//! `PUT /backups/{id}` (3.9+): name and description; metadata from 3.43.

use serde_json::json;

use crate::ops::{clean_text, metadata, views, Call};
use crate::support::fault::Fault;
use crate::support::microversion::ApiVersion;
use crate::support::reply::Reply;
use crate::support::schema::{member, Kind, Member, Wrapped};

/// Updates the backup: 200 `{"backup": {id, name, links}}`.
pub fn run(call: &Call<'_>, id: &str) -> Result<Reply, Fault> {
    if !call.version.at_least(ApiVersion::BACKUP_UPDATE) {
        return Err(Fault::no_route());
    }
    let mut members: Vec<Member> = vec![
        member("name", Kind::Text),
        member("description", Kind::Text),
    ];
    let with_metadata = call.version.at_least(ApiVersion::BACKUP_METADATA);
    if with_metadata {
        members.push(member("metadata", Kind::StrictMetadata));
    }
    let body = call.json()?;
    let input = Wrapped {
        wrapper: "backup",
        nullable: true,
        open: false,
        members: &members,
        required: &[],
        siblings: &[],
    }
    .check(body.as_ref())?;
    let now = call.now;
    let view = call.core.store.with(|inner| {
        super::find(inner.project(call.project), id)?;
        let backup = super::find_mut(inner.project_mut(call.project), id)?;
        if input.contains_key("name") {
            backup.name = clean_text(input.get("name"));
        }
        if input.contains_key("description") {
            backup.description = clean_text(input.get("description"));
        }
        if with_metadata && input.contains_key("metadata") {
            backup.metadata = metadata(input.get("metadata"));
        }
        backup.updated_at = now;
        Ok::<_, Fault>(views::backup_summary(call, backup))
    })?;
    Ok(Reply::json(200, json!({ "backup": view })))
}
