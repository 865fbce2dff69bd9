//! `GET /volumes/{id}`.

use serde_json::json;

use crate::ops::{views, Call};
use crate::support::fault::Fault;
use crate::support::reply::Reply;

/// The full volume object.
pub fn run(call: &Call<'_>, id: &str) -> Result<Reply, Fault> {
    let view = call.core.store.with(|inner| {
        super::find(inner.project(call.project), id).map(|v| views::volume_detail(call, v))
    })?;
    Ok(Reply::json(200, json!({ "volume": view })))
}
