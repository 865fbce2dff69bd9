//! `DELETE /volumes/{id}`: `deleting`, then gone. Its backups stay.

use crate::engine::Target;
use crate::model::volume::VolumeStatus;
use crate::ops::Call;
use crate::support::fault::Fault;
use crate::support::ids::VolumeId;
use crate::support::reply::Reply;

/// Deletes the volume: 202, or 400 unless it is `available` or `error`.
pub fn run(call: &Call<'_>, id: &str) -> Result<Reply, Fault> {
    let now = call.now;
    call.core.store.with(|inner| {
        let volume = super::find(inner.project(call.project), id)?;
        if !volume.status.deletable() {
            return Err(Fault::invalid_volume(
                "Volume status must be available or error or error_restoring or \
                 error_extending or error_managing and must not be migrating, attached, belong \
                 to a group, have snapshots, awaiting a transfer, or be disassociated from \
                 snapshots after volume transfer.",
            ));
        }
        let key = VolumeId::from_wire(id);
        if let Some(volume) = inner.project_mut(call.project).volumes.get_mut(&key) {
            volume.status = VolumeStatus::Deleting;
            volume.updated_at = now;
        }
        Ok(())
    })?;
    call.core
        .later(call.project, Target::Volume(VolumeId::from_wire(id)), now);
    Ok(Reply::empty(202))
}
