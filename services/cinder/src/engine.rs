//! Time-driven state changes: every transient state (a backup creating, restoring or
//! deleting; a volume creating or deleting) ends by a step on the gateway's timer queue, due
//! one configured delay after it began. A step looks at the state when it comes due, so a
//! state changed meanwhile (`os-reset_status`, `os-force_delete`) is left alone.

use emulator_core::Timers;

use crate::model::backup::{Backup, BackupStatus, CHUNK_MIB, DEFAULT_CONTAINER};
use crate::model::volume::VolumeStatus;
use crate::state::{Inner, ProjectState};
use crate::support::ids::{BackupId, ProjectId, VolumeId};
use crate::support::times::Instant;

/// What a step settles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A backup (and the volume it is taken of or restored to).
    Backup(BackupId),
    /// A volume.
    Volume(VolumeId),
}

/// A step due on the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// The project owning the target.
    pub project: ProjectId,
    /// The target.
    pub target: Target,
}

/// Schedules the step that ends `target`'s current transient state, `delay` after `from`.
pub fn schedule(
    timers: &Timers<Due>,
    delay: f64,
    from: Instant,
    project: &ProjectId,
    target: Target,
) {
    timers.schedule(
        from.plus_seconds(delay).to_timestamp(),
        Due {
            project: project.clone(),
            target,
        },
    );
}

/// Applies one due step at `now`.
pub fn apply(inner: &mut Inner, due: &Due, now: Instant) {
    if inner.project(&due.project).is_none() {
        return;
    }
    let state = inner.project_mut(&due.project);
    match &due.target {
        Target::Backup(id) => settle_backup(state, id, now),
        Target::Volume(id) => settle_volume(state, id, now),
    }
}

fn objects_for(size: u64) -> u64 {
    (size * 1024).div_ceil(CHUNK_MIB).max(1)
}

fn settle_backup(state: &mut ProjectState, id: &BackupId, now: Instant) {
    let Some(backup) = state.backups.get_mut(id) else {
        return;
    };
    match backup.status {
        BackupStatus::Creating => {
            backup.status = BackupStatus::Available;
            backup.object_count = objects_for(backup.size);
            if backup.container.is_empty() {
                backup.container = DEFAULT_CONTAINER.into();
            }
            backup.updated_at = now;
        }
        BackupStatus::Restoring => {
            backup.status = BackupStatus::Available;
            backup.updated_at = now;
            if let Some(volume_id) = backup.restore_volume_id.take() {
                if let Some(volume) = state.volumes.get_mut(&volume_id) {
                    if volume.status == VolumeStatus::RestoringBackup {
                        volume.status = VolumeStatus::Available;
                        volume.restoring_from = None;
                        volume.updated_at = now;
                    }
                }
            }
        }
        BackupStatus::Deleting => {
            state.backups.remove(id);
        }
        BackupStatus::Available | BackupStatus::Error => {}
    }
    release_volumes(state, now);
}

/// A volume stays `backing-up` while a backup of it is being written; once none is, it returns
/// to the state it had (also after a reset or forced deletion of the backup).
fn release_volumes(state: &mut ProjectState, now: Instant) {
    let busy: Vec<VolumeId> = state
        .backups
        .values()
        .filter(|b| b.status == BackupStatus::Creating)
        .map(|b| b.volume_id.clone())
        .collect();
    for volume in state.volumes.values_mut() {
        if volume.status == VolumeStatus::BackingUp && !busy.contains(&volume.id) {
            volume.status = volume
                .previous_status
                .take()
                .unwrap_or(VolumeStatus::Available);
            volume.updated_at = now;
        }
    }
}

fn settle_volume(state: &mut ProjectState, id: &VolumeId, now: Instant) {
    let Some(volume) = state.volumes.get_mut(id) else {
        return;
    };
    match volume.status {
        VolumeStatus::Creating => {
            volume.status = VolumeStatus::Available;
            volume.updated_at = now;
            // A volume created from a backup (3.47) was being restored from it.
            if let Some(backup_id) = volume.restoring_from.take() {
                if let Some(backup) = state.backups.get_mut(&backup_id) {
                    if backup.status == BackupStatus::Restoring {
                        backup.status = BackupStatus::Available;
                        backup.restore_volume_id = None;
                        backup.updated_at = now;
                    }
                }
            }
        }
        VolumeStatus::Deleting => {
            state.volumes.remove(id);
        }
        _ => {}
    }
}

/// Every step the state waits for, with when it is due (to rebuild the queue after a load).
pub fn pending(inner: &Inner, delay: f64) -> Vec<(Instant, Due)> {
    let mut steps = Vec::new();
    for (project, state) in &inner.projects {
        let due = |target| Due {
            project: project.clone(),
            target,
        };
        for backup in state.backups.values().filter(|b| b.status.is_transient()) {
            steps.push((
                backup.updated_at.plus_seconds(delay),
                due(Target::Backup(backup.id.clone())),
            ));
        }
        for volume in state
            .volumes
            .values()
            .filter(|v| matches!(v.status, VolumeStatus::Creating | VolumeStatus::Deleting))
        {
            steps.push((
                volume.updated_at.plus_seconds(delay),
                due(Target::Volume(volume.id.clone())),
            ));
        }
    }
    steps
}

/// Whether `backup` may be the parent of an incremental backup.
pub fn can_be_parent(backup: &Backup) -> bool {
    backup.status == BackupStatus::Available
}
