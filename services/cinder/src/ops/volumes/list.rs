//! `GET /volumes` (summaries) and `GET /volumes/detail` (full objects).

use crate::model::volume::Volume;
use crate::ops::listing::Request;
use crate::ops::{views, Call};
use crate::support::fault::Fault;
use crate::support::reply::Reply;

/// Lists the project's volumes (every project's for an admin with `all_tenants`).
pub fn run(call: &Call<'_>, detail: bool) -> Result<Reply, Fault> {
    let request = Request::parse(call, &super::RESOURCE)?;
    let volumes: Vec<Volume> = call.core.store.with(|inner| {
        inner
            .projects
            .iter()
            .filter(|(id, _)| request.all_tenants || *id == call.project)
            .flat_map(|(_, state)| state.volumes.values().cloned())
            .collect()
    });
    let body = request.answer(call, &super::RESOURCE, "volumes", detail, volumes, |v| {
        if detail {
            views::volume_detail(call, v)
        } else {
            views::volume_summary(call, v)
        }
    })?;
    Ok(Reply::json(200, body))
}
