//! `GET /backups/{id}`.

use serde_json::json;

use crate::ops::{views, Call};
use crate::support::fault::Fault;
use crate::support::ids::BackupId;
use crate::support::reply::Reply;

/// The full backup object.
pub fn run(call: &Call<'_>, id: &str) -> Result<Reply, Fault> {
    let view = call.core.store.with(|inner| {
        let state = inner.project(call.project);
        let backup = super::find(state, id)?;
        let dependents = state.is_some_and(|s| s.has_dependents(&BackupId::from_wire(id)));
        Ok::<_, Fault>(views::backup_detail(call, backup, dependents))
    })?;
    Ok(Reply::json(200, json!({ "backup": view })))
}
