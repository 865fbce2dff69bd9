//! StartMaintenance: UNDER_MAINTENANCE, then HEALTHY with `MaintenanceStatus` SUCCESS.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{ServerStatus, StartMaintenanceRequest, StartMaintenanceResponse};
use crate::engine::core::Core;
use crate::engine::engine_attributes::check_names;
use crate::engine::servers::begin_activity;
use crate::model::server::Activity;
use crate::state::servers;

/// `StartMaintenance`: only HEALTHY and UNHEALTHY servers.
pub(crate) fn start_maintenance(
    core: &Core,
    ctx: &RequestContext,
    input: StartMaintenanceRequest,
) -> Result<StartMaintenanceResponse, ServiceError> {
    let now = core.now();
    core.with_region(ctx, |state, lifecycle| {
        let server = servers::find(state, &input.server_name)?;
        check_names(
            input.engine_attributes.as_deref().unwrap_or_default(),
            server.config.engine.maintenance_attributes(),
            "StartMaintenance",
        )?;
        server.require_status(
            &[ServerStatus::Healthy, ServerStatus::Unhealthy],
            "StartMaintenance",
        )?;
        let name = server.name.clone();
        let message = format!("Server {name} maintenance started.");
        let server = begin_activity(
            state,
            lifecycle,
            &name,
            Activity::UnderMaintenance,
            now,
            message,
        )?;
        Ok(StartMaintenanceResponse {
            server: Some(server),
        })
    })
}
