//! Backups: CreateBackup, DescribeBackups, DeleteBackup, automated backups from the backup
//! window, and the backup record.

use aws_pagination::{paginate_sorted, Order};
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{
    BackupStatus, CreateBackupRequest, CreateBackupResponse, DeleteBackupRequest,
    DeleteBackupResponse, DescribeBackupsRequest, DescribeBackupsResponse,
};
use crate::engine::backups::{start, BACKUP_STATES};
use crate::engine::core::Core;
use crate::engine::lifecycle::Step;
use crate::model::backup::MANUAL_BACKUP_LIMIT;
use crate::model::backup::{BackupRecord, Origin};
use crate::state::backups::manual_backup_count;
use crate::state::servers;
use crate::support::pages::{invalid_token, page_size};
use crate::support::{errors, tags};

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
