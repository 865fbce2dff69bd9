//! OpenStack Block Storage (Cinder) v3 volume backups for the emulator gateway, with the
//! Keystone v3 minimum its clients need, behind the gateway's one port.
//!
//! This crate is a path-route plugin (`emulator_core::path_routes`): it registers the
//! DevStack prefixes `/identity` (Keystone) and `/volume` (Cinder) and receives raw requests,
//! since OpenStack clients send no SigV4 scope and expect their own auth, microversions and
//! error shapes. Layers, each importing only those before it:
//! `support` (ids, times, microversions, faults, schemas) <- `model` (records) <- `state`
//! (the store) <- `engine` (time-driven state changes) <-
//! `shared` (state, timers, clock and settings shared by operations) <- `ops` (one file per
//! operation) <- `routes` (the driver from HTTP to operations) <- this file (the plugin).
//!
//! Volumes and backups move through their transient states on the gateway's timer queue and
//! clock (`FLOCI_SERVICES_CINDER_STATE_DELAY_SECONDS`); their state persists with the storage
//! modes (`persistence.rs`); the dashboard shows them (`ops/dashboard.rs`). See
//! docs/services/cinder.md.

pub mod config;
pub mod engine;
pub mod model;
pub mod ops;
mod persistence;
pub mod routes;
pub mod shared;
pub mod state;
pub mod support;

use std::sync::Arc;

use emulator_core::dashboard::view::{ServiceView, ViewFilter};
use emulator_core::storage::PersistentState;
use emulator_core::{
    PathContext, PathRequest, PathResponse, PathRouteDescriptor, PathService, ServiceSettings,
};

pub use crate::shared::Core;

/// The plugin.
pub struct CinderService {
    core: Arc<Core>,
}

impl CinderService {
    /// Builds the service from its settings and the gateway clock.
    pub fn new(settings: &ServiceSettings) -> Result<Self, String> {
        Ok(Self {
            core: Core::new(settings)?,
        })
    }

    /// The shared core (tests drive operations through it).
    pub fn core(&self) -> &Core {
        &self.core
    }
}

#[emulator_core::async_trait]
impl PathService for CinderService {
    async fn handle(&self, ctx: &PathContext, request: PathRequest<'_>) -> PathResponse {
        // Steps the clock has passed are applied before the answer, and (delay 0) the ones
        // the request itself started are applied before it returns.
        self.core.timers.run_due();
        let response = routes::handle(&self.core, ctx, &request);
        self.core.timers.run_due();
        response
    }

    fn reset(&self) {
        self.core.timers.clear();
        self.core.store.clear();
    }

    fn persistence(self: Arc<Self>) -> Option<Arc<dyn PersistentState>> {
        Some(self)
    }

    /// Each project's volumes and backups (`ops/dashboard.rs`), after the steps the clock has
    /// passed, as before any request.
    fn view(&self, filter: &ViewFilter) -> Option<ServiceView> {
        self.core.timers.run_due();
        Some(ops::dashboard::view(&self.core, filter))
    }
}

fn build(settings: &ServiceSettings) -> Result<Arc<dyn PathService>, String> {
    Ok(Arc::new(CinderService::new(settings)?))
}

emulator_core::inventory::submit! {
    PathRouteDescriptor {
        name: "cinder",
        prefixes: &["/identity", "/volume"],
        enabled_by_default: true,
        build,
    }
}
