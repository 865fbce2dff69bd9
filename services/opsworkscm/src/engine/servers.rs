//! Servers over time: an activity (creating, restoring, maintenance, modifying) that ends
//! HEALTHY after the operation delay, and a deletion that ends with the server gone.

use emulator_core::dto::Timestamp;
use emulator_core::ServiceError;

use crate::api::generated::{MaintenanceStatus, Server};
use crate::engine::lifecycle::{Lifecycle, Step};
use crate::model::server::{Activity, ServerRef, ServerState};
use crate::state::servers::{describe, find_mut};
use crate::state::RegionState;

/// Puts server `name` (found, and checked by the caller) into `activity` for the configured
/// operation delay, logs `message`, and answers the server as it is now.
pub fn begin_activity(
    state: &mut RegionState,
    lifecycle: &Lifecycle<'_>,
    name: &str,
    activity: Activity,
    now: Timestamp,
    message: String,
) -> Result<Server, ServiceError> {
    let server = find_mut(state, name)?;
    server.state = ServerState::Busy(activity);
    server.events.record(name, now, message);
    let reference = server.reference();
    lifecycle.after(
        state,
        now,
        lifecycle.delays.operation,
        Step::Settle {
            server: reference,
            activity,
        },
    );
    describe(state, name)
}

/// A queued [`Activity`] ends: the server is HEALTHY again. Steps of an earlier server of the
/// same name, or for an activity the server is no longer in, change nothing.
pub fn settle(state: &mut RegionState, reference: &ServerRef, activity: Activity, at: Timestamp) {
    let Some(server) = state.servers.get_mut(&reference.name) else {
        return;
    };
    if !server.is(reference) || server.state != ServerState::Busy(activity) {
        return;
    }
    server.state = ServerState::Healthy;
    let name = server.name.clone();
    let message = match activity {
        Activity::Creating => format!("Server {name} is online and HEALTHY."),
        Activity::Restoring => format!("Server {name} restore completed."),
        Activity::UnderMaintenance => {
            server.maintenance_status = Some(MaintenanceStatus::Success);
            format!("Server {name} maintenance completed successfully.")
        }
        Activity::Modifying => format!("Server {name} engine attributes updated."),
    };
    server.events.record(&name, at, message);
}

/// A queued deletion ends: the server and everything that lives and dies with it are gone.
pub fn remove(state: &mut RegionState, reference: &ServerRef) {
    let deleting = state
        .servers
        .get(&reference.name)
        .is_some_and(|server| server.is(reference) && server.state == ServerState::Deleting);
    if !deleting {
        return;
    }
    if let Some(server) = state.servers.remove(&reference.name) {
        state.tags.remove_resource(&server.arn);
    }
    let automated: Vec<String> = state
        .backups
        .values()
        .filter(|backup| backup.server_id == reference.id && backup.is_automated())
        .map(|backup| backup.id.clone())
        .collect();
    for id in automated {
        if let Some(backup) = state.backups.remove(&id) {
            state.tags.remove_resource(&backup.arn);
        }
    }
    state
        .associations
        .retain(|_, association| association.server_id != reference.id);
}
