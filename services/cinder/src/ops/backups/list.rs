//! `GET /backups` (summaries) and `GET /backups/detail` (full objects).

use std::collections::HashSet;

use crate::model::backup::Backup;
use crate::ops::listing::Request;
use crate::ops::{views, Call};
use crate::support::fault::Fault;
use crate::support::ids::BackupId;
use crate::support::reply::Reply;

/// Lists the project's backups (every project's for an admin with `all_tenants`).
pub fn run(call: &Call<'_>, detail: bool) -> Result<Reply, Fault> {
    let request = Request::parse(call, &super::RESOURCE)?;
    let backups: Vec<Backup> = call.core.store.with(|inner| {
        inner
            .projects
            .iter()
            .filter(|(id, _)| request.all_tenants || *id == call.project)
            .flat_map(|(_, state)| state.backups.values().cloned())
            .collect()
    });
    let parents: HashSet<BackupId> = backups.iter().filter_map(|b| b.parent_id.clone()).collect();
    let body = request.answer(call, &super::RESOURCE, "backups", detail, backups, |b| {
        if detail {
            views::backup_detail(call, b, parents.contains(&b.id))
        } else {
            views::backup_summary(call, b)
        }
    })?;
    Ok(Reply::json(200, body))
}
