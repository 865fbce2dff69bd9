//! Time-driven state changes: every transient state (a backup creating, restoring or
//! deleting; a volume creating or deleting) ends by a step on the gateway's timer queue, due
//! one configured delay after it began. A step looks at the state when it comes due, so a
//! state changed meanwhile (`os-reset_status`, `os-force_delete`) is left alone.

use emulator_core::Timers;

use crate::model::backup::{BackupStatus, CHUNK_MIB, DEFAULT_CONTAINER};
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
    inner
        .projects
        .iter()
        .flat_map(|(project, state)| pending_in(project, state, delay))
        .collect()
}

/// The steps one project's state waits for, with when each is due.
pub fn pending_in(project: &ProjectId, state: &ProjectState, delay: f64) -> Vec<(Instant, Due)> {
    let due = |target| Due {
        project: project.clone(),
        target,
    };
    let backups = state
        .backups
        .values()
        .filter(|b| b.status.is_transient())
        .map(|backup| {
            (
                backup.updated_at.plus_seconds(delay),
                due(Target::Backup(backup.id.clone())),
            )
        });
    let volumes = state
        .volumes
        .values()
        .filter(|v| matches!(v.status, VolumeStatus::Creating | VolumeStatus::Deleting))
        .map(|volume| {
            (
                volume.updated_at.plus_seconds(delay),
                due(Target::Volume(volume.id.clone())),
            )
        });
    backups.chain(volumes).collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::backup::{Backup, AVAILABILITY_ZONE};
    use crate::model::volume::Volume;
    use crate::support::ids::UserId;

    fn at(seconds: i64) -> Instant {
        Instant::parse("2026-01-01T00:00:00")
            .unwrap()
            .plus_seconds(seconds as f64)
    }

    fn project() -> ProjectId {
        ProjectId::from_wire("p")
    }

    fn volume(status: VolumeStatus) -> Volume {
        Volume {
            id: VolumeId::from_wire("v"),
            project_id: project(),
            user_id: UserId::from_wire("u"),
            status,
            previous_status: Some(VolumeStatus::Available),
            size: 1,
            availability_zone: AVAILABILITY_ZONE.into(),
            name: None,
            description: None,
            metadata: BTreeMap::new(),
            created_at: at(0),
            updated_at: at(0),
            restoring_from: None,
        }
    }

    fn backup(status: BackupStatus) -> Backup {
        Backup {
            id: BackupId::from_wire("b"),
            project_id: project(),
            user_id: UserId::from_wire("u"),
            volume_id: VolumeId::from_wire("v"),
            status,
            size: 1,
            object_count: 0,
            availability_zone: AVAILABILITY_ZONE.into(),
            container: DEFAULT_CONTAINER.into(),
            created_at: at(0),
            updated_at: at(0),
            data_timestamp: at(0),
            name: None,
            description: None,
            fail_reason: None,
            parent_id: None,
            snapshot_id: None,
            metadata: BTreeMap::new(),
            restore_volume_id: None,
        }
    }

    fn inner_with(volume: Volume, backup: Backup) -> Inner {
        let mut inner = Inner::default();
        let state = inner.project_mut(&project());
        state.volumes.insert(volume.id.clone(), volume);
        state.backups.insert(backup.id.clone(), backup);
        inner
    }

    fn due(target: Target) -> Due {
        Due {
            project: project(),
            target,
        }
    }

    #[test]
    fn a_finished_backup_releases_its_volume() {
        let mut inner = inner_with(
            volume(VolumeStatus::BackingUp),
            backup(BackupStatus::Creating),
        );
        apply(
            &mut inner,
            &due(Target::Backup(BackupId::from_wire("b"))),
            at(1),
        );
        let state = inner.project(&project()).unwrap();
        let b = &state.backups[&BackupId::from_wire("b")];
        assert_eq!(b.status, BackupStatus::Available);
        assert_eq!(b.object_count, 21);
        assert_eq!(
            state.volumes[&VolumeId::from_wire("v")].status,
            VolumeStatus::Available
        );
    }

    #[test]
    fn a_step_leaves_a_state_changed_meanwhile_alone() {
        // Reset to error while creating: the step only releases the volume.
        let mut inner = inner_with(volume(VolumeStatus::BackingUp), backup(BackupStatus::Error));
        apply(
            &mut inner,
            &due(Target::Backup(BackupId::from_wire("b"))),
            at(1),
        );
        let state = inner.project(&project()).unwrap();
        assert_eq!(
            state.backups[&BackupId::from_wire("b")].status,
            BackupStatus::Error
        );
        assert_eq!(
            state.volumes[&VolumeId::from_wire("v")].status,
            VolumeStatus::Available
        );
    }

    #[test]
    fn deleting_ends_in_removal_and_pending_steps_follow_the_state() {
        let mut inner = inner_with(
            volume(VolumeStatus::Deleting),
            backup(BackupStatus::Deleting),
        );
        let steps = pending(&inner, 5.0);
        assert_eq!(steps.len(), 2);
        assert!(steps.iter().all(|(when, _)| *when == at(5)));
        for (_, step) in &steps {
            apply(&mut inner, step, at(5));
        }
        let state = inner.project(&project()).unwrap();
        assert!(state.backups.is_empty() && state.volumes.is_empty());
        assert!(pending(&inner, 5.0).is_empty());
    }
}
