//! `DELETE /backups/{id}` and the forced deletion of `os-force_delete`.

use crate::engine::Target;
use crate::model::backup::BackupStatus;
use crate::ops::Call;
use crate::support::fault::Fault;
use crate::support::ids::BackupId;
use crate::support::reply::Reply;

/// Deletes the backup: only `available` or `error` ones unless `force`, and never one that
/// incremental backups build on. It is `deleting` until the step removes it.
pub fn delete(call: &Call<'_>, id: &str, force: bool) -> Result<(), Fault> {
    let now = call.now;
    call.core.store.with(|inner| {
        let state = inner.project(call.project);
        let backup = super::find(state, id)?;
        if !force && !matches!(backup.status, BackupStatus::Available | BackupStatus::Error) {
            return Err(Fault::invalid_backup(
                "Backup status must be available or error",
            ));
        }
        if state.is_some_and(|s| s.has_dependents(&backup.id)) {
            return Err(Fault::invalid_backup(
                "Incremental backups exist for this backup.",
            ));
        }
        let backup = super::find_mut(inner.project_mut(call.project), id)?;
        backup.status = BackupStatus::Deleting;
        backup.updated_at = now;
        Ok(())
    })?;
    call.core
        .later(call.project, Target::Backup(BackupId::from_wire(id)), now);
    Ok(())
}

/// `DELETE /backups/{id}`: 202, empty body.
pub fn run(call: &Call<'_>, id: &str) -> Result<Reply, Fault> {
    delete(call, id, false)?;
    Ok(Reply::empty(202))
}
