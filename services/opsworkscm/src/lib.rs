//! AWS OpsWorks CM for the emulator gateway: Chef Automate and Puppet Enterprise servers, their
//! backups, nodes, engine attributes, events and tags.
//!
//! The crate owns OpsWorks CM's state and behaviour and knows nothing of HTTP: the gateway
//! decodes each request with the vendored model (`services/opsworkscm/model/`) and calls
//! [`OpsWorksCmService`] with an operation name and a validated input object, which
//! `api::generated::dispatch` turns into a typed call of the [`api::generated::OpsWorksCmApi`]
//! trait. `handlers.rs` implements that trait by calling each operation in the `ops/` file that
//! defines it, with the backend (`engine/core.rs`).
//!
//! Servers and backups change state over time (CREATING → HEALTHY, IN_PROGRESS → OK, ...).
//! Every such step is an event on the gateway's shared [`emulator_core::Timers`] queue, read
//! against the shared clock (`engine/lifecycle.rs`), so moving the clock forward moves every server
//! forward; see `support/config.rs` for the delays.
//!
//! The crate is in layers (docs/architecture.md): `support` and `api` <- `model` (records) <-
//! `state` (the store) <- `engine` (the backend and the lifecycle of servers and backups) <-
//! `ops` (the operations, one file per resource) <- `lib.rs` / `handlers.rs`.

pub mod api;
mod engine;
mod handlers;
mod model;
mod ops;
mod state;
mod support;

use std::sync::Arc;

use emulator_core::dto::Output;
use emulator_core::{
    RequestContext, Service, ServiceDescriptor, ServiceError, ServiceSettings, Timers,
    ValidationErrorNames,
};
use serde_json::Value;

use engine::core::Core;
use state::Store;
use support::config::Delays;

/// The vendored OpsWorks CM model (botocore JSON).
pub const MODEL_JSON: &str = include_str!("../model/opsworkscm-2016-11-01.service.json");

/// The AWS OpsWorks CM service.
pub struct OpsWorksCmService {
    core: Arc<Core>,
}

impl OpsWorksCmService {
    /// Builds the service from its settings: the delays and the gateway's clock.
    pub fn new(settings: &ServiceSettings) -> Result<Self, String> {
        let core = Arc::new(Core {
            store: Store::default(),
            timers: Timers::new(settings.clock.clone()),
            clock: settings.clock.clone(),
            delays: Delays::from_settings(settings)?,
        });
        // A weak reference: the queue (owned by the core) must not keep the core alive.
        let weak = Arc::downgrade(&core);
        core.timers.set_handler(Arc::new(move |batch| {
            if let Some(core) = weak.upgrade() {
                core.deliver(batch);
            }
        }));
        Ok(Self { core })
    }

    /// The backend the operations work on.
    pub(crate) fn core(&self) -> &Core {
        &self.core
    }
}

#[emulator_core::async_trait]
impl Service for OpsWorksCmService {
    async fn call(
        &self,
        ctx: &RequestContext,
        operation: &str,
        input: Value,
    ) -> Result<Output, ServiceError> {
        // The clock may have moved past due steps before the driver ran: settle them first, so
        // every answer reflects the current time.
        self.core.timers.run_due();
        api::generated::dispatch(self, ctx, operation, input).await
    }

    fn reset(&self) {
        self.core.timers.clear();
        self.core.store.clear();
    }

    /// The dashboard's view (`ops/dashboard.rs`).
    fn view(
        &self,
        filter: &emulator_core::dashboard::view::ViewFilter,
    ) -> Option<emulator_core::dashboard::view::ServiceView> {
        Some(ops::dashboard::view(&self.core, filter))
    }
}

fn build(settings: &ServiceSettings) -> Result<Arc<dyn Service>, String> {
    Ok(Arc::new(OpsWorksCmService::new(settings)?))
}

emulator_core::inventory::submit! {
    ServiceDescriptor {
        name: "opsworkscm",
        signing_names: &["opsworks-cm"],
        endpoint_prefix: "opsworks-cm",
        protocol: emulator_core::Protocol::Json { version: "1.1" },
        target_prefix: Some("OpsWorksCM_V2016_11_01"),
        model_json: MODEL_JSON,
        enabled_by_default: true,
        validation_errors: ValidationErrorNames::DEFAULT,
        build,
    }
}
