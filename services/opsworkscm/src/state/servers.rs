//! Server look-ups: by name, for reading or changing, and as the API shows them.

use emulator_core::ServiceError;

use crate::api::generated::Server;
use crate::model::server::ServerRecord;
use crate::state::RegionState;
use crate::support::errors;

/// The server `name`, or ResourceNotFoundException.
pub fn find<'a>(state: &'a RegionState, name: &str) -> Result<&'a ServerRecord, ServiceError> {
    state
        .servers
        .get(name)
        .ok_or_else(|| errors::server_not_found(name))
}

/// The server `name` for changing, or ResourceNotFoundException.
pub fn find_mut<'a>(
    state: &'a mut RegionState,
    name: &str,
) -> Result<&'a mut ServerRecord, ServiceError> {
    state
        .servers
        .get_mut(name)
        .ok_or_else(|| errors::server_not_found(name))
}

/// The API form of server `name`, which the caller has just found or changed.
pub fn describe(state: &RegionState, name: &str) -> Result<Server, ServiceError> {
    find(state, name).map(ServerRecord::to_api)
}
