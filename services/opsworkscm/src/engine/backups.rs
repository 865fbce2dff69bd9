//! Backups over time: a backup runs from IN_PROGRESS to OK (its server BACKING_UP meanwhile),
//! a deleted one goes after the operation delay, and a server's backup window starts
//! automated backups.

use emulator_core::dto::Timestamp;
use emulator_core::ServiceError;
use time::macros::format_description;

use crate::api::generated::{BackupStatus, ServerStatus};
use crate::engine::lifecycle::{Lifecycle, Step};
use crate::model::backup::{BackupRecord, Origin};
use crate::model::server::{ServerRef, ServerState};
use crate::state::servers;
use crate::state::RegionState;
use crate::support::arns;

/// Server states a backup can start from.
pub const BACKUP_STATES: &[ServerStatus] = &[
    ServerStatus::Running,
    ServerStatus::Healthy,
    ServerStatus::Unhealthy,
];

/// `{server}-{yyyyMMddHHmmssSSS}` for a backup started at `at`, moved on by a millisecond
/// while taken, so that ids stay unique.
fn new_backup_id(state: &RegionState, server_name: &str, at: Timestamp) -> String {
    let format =
        format_description!("[year][month][day][hour][minute][second][subsecond digits:3]");
    let mut millis = at.epoch_millis();
    loop {
        let stamp = Timestamp::from_epoch_millis(millis)
            .to_offset_date_time()
            .format(&format)
            .unwrap_or_default();
        let id = format!("{server_name}-{stamp}");
        if !state.backups.contains_key(&id) {
            return id;
        }
        millis += 1;
    }
}

/// Starts a backup of server `server_name` (which the caller found in a state that allows it):
/// the backup is IN_PROGRESS and the server BACKING_UP until the completion step.
pub fn start(
    state: &mut RegionState,
    lifecycle: &Lifecycle<'_>,
    server_name: &str,
    at: Timestamp,
    origin: Origin,
) -> Result<String, ServiceError> {
    let id = new_backup_id(state, server_name, at);
    let arn = arns::backup(lifecycle.key(), &id)?;
    let server = servers::find_mut(state, server_name)?;
    let (account, region) = lifecycle.key();
    let record = BackupRecord {
        arn,
        status: BackupStatus::InProgress,
        created_at: at,
        server_name: server.name.clone(),
        server_id: server.id.clone(),
        config: server.config.clone(),
        s3_log_url: format!(
            "https://opsworks-cm-{account}-{region}.s3.amazonaws.com/{server_name}/{id}/backup.log"
        ),
        origin,
        id: id.clone(),
    };
    server.state = ServerState::BackingUp {
        backup_id: id.clone(),
    };
    let kind = if record.is_automated() {
        "Automated"
    } else {
        "Manual"
    };
    server
        .events
        .record(server_name, at, format!("{kind} backup {id} started."));
    state.backups.insert(id.clone(), record);
    lifecycle.after(
        state,
        at,
        lifecycle.delays.backup_completion,
        Step::CompleteBackup {
            backup_id: id.clone(),
        },
    );
    Ok(id)
}

/// A queued backup completes: OK; its server, if still backing up with it, is HEALTHY again;
/// automated backups beyond the server's retention count go, oldest first.
pub fn complete(state: &mut RegionState, id: &str, at: Timestamp) {
    let Some(backup) = state
        .backups
        .get_mut(id)
        .filter(|backup| backup.status == BackupStatus::InProgress)
    else {
        return;
    };
    backup.status = BackupStatus::Ok;
    let (server_name, server_id, automated) = (
        backup.server_name.clone(),
        backup.server_id.clone(),
        backup.is_automated(),
    );
    let Some(server) = state
        .servers
        .get_mut(&server_name)
        .filter(|server| server.id == server_id)
    else {
        return;
    };
    if matches!(&server.state, ServerState::BackingUp { backup_id } if backup_id == id) {
        server.state = ServerState::Healthy;
    }
    server
        .events
        .record(&server_name, at, format!("Backup {id} completed."));
    if automated {
        let keep = usize::try_from(server.backup_retention_count).unwrap_or(1);
        let mut kept: Vec<(Timestamp, String)> = state
            .backups
            .values()
            .filter(|backup| {
                backup.server_id == server_id
                    && backup.is_automated()
                    && backup.status == BackupStatus::Ok
            })
            .map(|backup| (backup.created_at, backup.id.clone()))
            .collect();
        kept.sort_by(|a, b| {
            a.0.epoch_millis()
                .cmp(&b.0.epoch_millis())
                .then(a.1.cmp(&b.1))
        });
        let excess = kept.len().saturating_sub(keep);
        for (_, old) in kept.into_iter().take(excess) {
            if let Some(removed) = state.backups.remove(&old) {
                state.tags.remove_resource(&removed.arn);
            }
        }
    }
}

/// A queued backup deletion ends: the backup and its tags are gone.
pub fn remove(state: &mut RegionState, id: &str) {
    if state
        .backups
        .get(id)
        .is_some_and(|backup| backup.status == BackupStatus::Deleting)
    {
        if let Some(backup) = state.backups.remove(id) {
            state.tags.remove_resource(&backup.arn);
        }
    }
}

/// The server's backup window opens: an automated backup starts if the server can take one
/// (else the window is skipped and logged), and the next window is queued. Windows of a
/// replaced schedule, of disabled automated backups or of a deleted server change nothing.
pub fn backup_window(
    state: &mut RegionState,
    lifecycle: &Lifecycle<'_>,
    reference: &ServerRef,
    schedule: u64,
    at: Timestamp,
) {
    let Some(server) = state.servers.get_mut(&reference.name) else {
        return;
    };
    if !server.is(reference)
        || server.backup_schedule != schedule
        || server.disable_automated_backup
    {
        return;
    }
    if BACKUP_STATES.contains(&server.state.status()) {
        // The server exists and its state allows a backup: starting cannot fail here.
        let _ = start(state, lifecycle, &reference.name, at, Origin::Automated);
    } else {
        let status = server.state.status();
        server.events.record(
            &reference.name,
            at,
            format!(
                "Automated backup skipped: server was in state {}.",
                status.as_str()
            ),
        );
    }
    if let Some(server) = state.servers.get(&reference.name) {
        lifecycle.schedule_backup_window(server, at);
    }
}
