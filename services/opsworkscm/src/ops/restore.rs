//! RestoreServer: a server comes back from one of the backups, RESTORING, then HEALTHY.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{
    BackupStatus, RestoreServerRequest, RestoreServerResponse, ServerStatus,
};
use crate::engine::core::Core;
use crate::engine::servers::begin_activity;
use crate::model::server::Activity;
use crate::state::servers;
use crate::support::errors;

/// Server states a restore can start from.
const RESTORE_STATES: &[ServerStatus] = &[
    ServerStatus::ConnectionLost,
    ServerStatus::Healthy,
    ServerStatus::Running,
    ServerStatus::Unhealthy,
    ServerStatus::Terminated,
];

/// `RestoreServer`: the instance type comes from the request, else from the backup; the key
/// pair from the request, else it stays.
pub(crate) fn restore_server(
    core: &Core,
    ctx: &RequestContext,
    input: RestoreServerRequest,
) -> Result<RestoreServerResponse, ServiceError> {
    let now = core.now();
    core.with_region(ctx, |state, lifecycle| {
        let server = servers::find(state, &input.server_name)?;
        let backup = state
            .backups
            .get(&input.backup_id)
            .ok_or_else(|| errors::backup_not_found(&input.backup_id))?;
        server.require_status(RESTORE_STATES, "RestoreServer")?;
        if backup.status != BackupStatus::Ok {
            return Err(errors::invalid_state(format!(
                "Backup {} is in state {}; only a backup in state OK can be restored.",
                backup.id,
                backup.status.as_str()
            )));
        }
        if backup.config.engine != server.config.engine {
            return Err(errors::validation(format!(
                "Backup {} is a {} backup and cannot restore {} server {}.",
                backup.id,
                backup.config.engine.as_str(),
                server.config.engine.as_str(),
                server.name
            )));
        }
        let instance_type = input
            .instance_type
            .unwrap_or_else(|| backup.config.instance_type.clone());
        let server = servers::find_mut(state, &input.server_name)?;
        server.config.instance_type = instance_type;
        if let Some(key_pair) = input.key_pair {
            server.config.key_pair = Some(key_pair);
        }
        let name = server.name.clone();
        let message = format!(
            "Server {name} restore from backup {} started.",
            input.backup_id
        );
        let server = begin_activity(state, lifecycle, &name, Activity::Restoring, now, message)?;
        Ok(RestoreServerResponse {
            server: Some(server),
        })
    })
}
