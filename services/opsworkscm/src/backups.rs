//! Backups: CreateBackup, DescribeBackups, DeleteBackup, automated backups from the backup
//! window, and the backup record.

use aws_pagination::{paginate_sorted, Order};
use emulator_core::dto::Timestamp;
use emulator_core::{RequestContext, ServiceError};
use time::macros::format_description;

use crate::api::generated::{
    Backup, BackupStatus, BackupType, CreateBackupRequest, CreateBackupResponse,
    DeleteBackupRequest, DeleteBackupResponse, DescribeBackupsRequest, DescribeBackupsResponse,
    ServerStatus,
};
use crate::pages::{invalid_token, page_size};
use crate::scheduler::{Lifecycle, ServerRef, Step};
use crate::servers::{self, ServerConfig, ServerState};
use crate::store::RegionState;
use crate::{arns, errors, tags, Core};

/// Manual backups one account may keep in one region (`ManualBackupLimit`).
pub const MANUAL_BACKUP_LIMIT: usize = 50;

/// Server states a backup can start from.
const BACKUP_STATES: &[ServerStatus] = &[
    ServerStatus::Running,
    ServerStatus::Healthy,
    ServerStatus::Unhealthy,
];

/// Who asked for a backup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// CreateBackup.
    Manual {
        /// The user's description.
        description: Option<String>,
        /// The requester.
        user_arn: String,
    },
    /// The server's backup window.
    Automated,
}

/// Everything OpsWorks CM keeps about one backup.
#[derive(Debug, Clone)]
pub struct BackupRecord {
    /// `{ServerName}-{yyyyMMddHHmmssSSS}`.
    pub id: String,
    /// `arn:aws:opsworks-cm:{region}:{account}:backup/{id}`.
    pub arn: String,
    /// Manual or automated.
    pub origin: Origin,
    /// IN_PROGRESS, OK or DELETING.
    pub status: BackupStatus,
    /// When the backup started.
    pub created_at: Timestamp,
    /// The server it was taken from.
    pub server_name: String,
    /// That server's unique id (a later server of the same name is another server).
    pub server_id: String,
    /// The server's settings when the backup started.
    pub config: ServerConfig,
    /// Where the backup's log lives.
    pub s3_log_url: String,
}

impl BackupRecord {
    /// Whether the backup window (not a user) took it.
    pub fn is_automated(&self) -> bool {
        self.origin == Origin::Automated
    }

    /// The backup as the API describes it.
    pub fn to_api(&self) -> Backup {
        let config = &self.config;
        let (backup_type, description, user_arn) = match &self.origin {
            Origin::Manual {
                description,
                user_arn,
            } => (
                BackupType::Manual,
                description.clone(),
                Some(user_arn.clone()),
            ),
            Origin::Automated => (BackupType::Automated, None, None),
        };
        let status_description = match self.status {
            BackupStatus::InProgress => "Backup is in progress.",
            BackupStatus::Ok => "Backup completed successfully.",
            BackupStatus::Failed => "Backup failed.",
            BackupStatus::Deleting => "Backup is being deleted.",
        };
        Backup {
            backup_arn: Some(self.arn.clone()),
            backup_id: Some(self.id.clone()),
            backup_type: Some(backup_type),
            created_at: Some(self.created_at),
            description,
            engine: Some(config.engine.as_str().to_owned()),
            engine_model: Some(config.engine_model.to_owned()),
            engine_version: Some(config.engine_version.to_owned()),
            instance_profile_arn: Some(config.instance_profile_arn.clone()),
            instance_type: Some(config.instance_type.clone()),
            key_pair: config.key_pair.clone(),
            preferred_backup_window: Some(config.preferred_backup_window.to_string()),
            preferred_maintenance_window: Some(config.preferred_maintenance_window.to_string()),
            s3_data_size: None,
            s3_data_url: None,
            s3_log_url: Some(self.s3_log_url.clone()),
            security_group_ids: Some(config.security_group_ids.clone()),
            server_name: Some(self.server_name.clone()),
            service_role_arn: Some(config.service_role_arn.clone()),
            status: Some(self.status),
            status_description: Some(status_description.to_owned()),
            subnet_ids: Some(config.subnet_ids.clone()),
            tools_version: Some("2.0".to_owned()),
            user_arn,
        }
    }
}

/// Manual backups in the account and region, which `ManualBackupLimit` counts.
pub fn manual_backup_count(state: &RegionState) -> usize {
    state
        .backups
        .values()
        .filter(|backup| !backup.is_automated())
        .count()
}

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
fn start(
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

/// `CreateBackup`.
pub(crate) fn create_backup(
    core: &Core,
    ctx: &RequestContext,
    input: CreateBackupRequest,
) -> Result<CreateBackupResponse, ServiceError> {
    let tags = tags::from_request(input.tags)?;
    let now = core.now();
    core.with_region(ctx, |state, lifecycle| {
        let server = servers::find(state, &input.server_name)?;
        server.require_status(BACKUP_STATES, "CreateBackup")?;
        if manual_backup_count(state) >= MANUAL_BACKUP_LIMIT {
            return Err(errors::limit_exceeded(format!(
                "The maximum number of manual backups ({MANUAL_BACKUP_LIMIT}) has been reached."
            )));
        }
        let origin = Origin::Manual {
            description: input.description,
            user_arn: format!("arn:aws:iam::{}:root", ctx.account_id),
        };
        let id = start(state, lifecycle, &input.server_name, now, origin)?;
        let backup = state
            .backups
            .get(&id)
            .ok_or_else(|| errors::backup_not_found(&id))?;
        let described = backup.to_api();
        let arn = backup.arn.clone();
        state
            .tags
            .tag(&arn, tags)
            .map_err(|err| errors::validation(err.to_string()))?;
        Ok(CreateBackupResponse {
            backup: Some(described),
        })
    })
}

/// `DescribeBackups`: newest first, optionally one backup or one server's.
pub(crate) fn describe_backups(
    core: &Core,
    ctx: &RequestContext,
    input: DescribeBackupsRequest,
) -> Result<DescribeBackupsResponse, ServiceError> {
    core.with_region(ctx, |state, _| {
        if let Some(id) = &input.backup_id {
            if !state.backups.contains_key(id) {
                return Err(errors::backup_not_found(id));
            }
        }
        if let Some(name) = &input.server_name {
            let known = state.servers.contains_key(name)
                || state
                    .backups
                    .values()
                    .any(|backup| &backup.server_name == name);
            if !known {
                return Err(errors::server_not_found(name));
            }
        }
        let mut entries: Vec<((i64, String), &BackupRecord)> = state
            .backups
            .values()
            .map(|backup| {
                (
                    (backup.created_at.epoch_millis(), backup.id.clone()),
                    backup,
                )
            })
            .collect();
        entries.sort_by(|(a, _), (b, _)| b.cmp(a));
        let scope = format!(
            "DescribeBackups/{}/{}",
            input.server_name.as_deref().unwrap_or_default(),
            input.backup_id.as_deref().unwrap_or_default()
        );
        let page = paginate_sorted(
            entries,
            Order::Descending,
            input.next_token.as_deref(),
            &scope,
            page_size(input.max_results),
            |backup| {
                input.backup_id.as_ref().is_none_or(|id| &backup.id == id)
                    && input
                        .server_name
                        .as_ref()
                        .is_none_or(|name| &backup.server_name == name)
            },
        )
        .map_err(invalid_token)?;
        Ok(DescribeBackupsResponse {
            backups: Some(page.items.into_iter().map(BackupRecord::to_api).collect()),
            next_token: page.next_token,
        })
    })
}

/// `DeleteBackup`: the backup goes DELETING, then disappears with its tags.
pub(crate) fn delete_backup(
    core: &Core,
    ctx: &RequestContext,
    input: DeleteBackupRequest,
) -> Result<DeleteBackupResponse, ServiceError> {
    let now = core.now();
    core.with_region(ctx, |state, lifecycle| {
        let id = input.backup_id;
        let backup = state
            .backups
            .get_mut(&id)
            .ok_or_else(|| errors::backup_not_found(&id))?;
        match backup.status {
            BackupStatus::Deleting => {
                return Err(errors::invalid_state(format!(
                    "Backup {id} is already being deleted."
                )))
            }
            BackupStatus::InProgress => {
                return Err(errors::invalid_state(format!(
                    "Backup {id} is still in progress and cannot be deleted yet."
                )))
            }
            BackupStatus::Ok | BackupStatus::Failed => {}
        }
        backup.status = BackupStatus::Deleting;
        lifecycle.after(
            state,
            now,
            lifecycle.delays.operation,
            Step::RemoveBackup { backup_id: id },
        );
        Ok(DeleteBackupResponse {})
    })
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
