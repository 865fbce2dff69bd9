//! AWS OpsWorks CM for the emulator gateway: Chef Automate and Puppet Enterprise servers, their
//! backups, nodes, engine attributes, events and tags.
//!
//! The crate owns OpsWorks CM's state and behaviour and knows nothing of HTTP: the gateway
//! decodes each request with the vendored model (`model/`) and calls [`OpsWorksCmService`] with
//! an operation name and a validated input object, which `api::generated::dispatch` turns into a
//! typed call of the [`api::generated::OpsWorksCmApi`] trait. `handlers.rs` implements that
//! trait by delegating each operation to the module that owns it.
//!
//! Servers and backups change state over time (CREATING → HEALTHY, IN_PROGRESS → OK, ...).
//! Every such step is an event on the gateway's shared [`emulator_core::Timers`] queue, read
//! against the shared clock (`scheduler.rs`), so moving the clock forward moves every server
//! forward; see `config.rs` for the delays.

mod account;
pub mod api;
mod arns;
mod backups;
mod config;
mod dashboard;
mod engine;
mod engine_attributes;
mod errors;
mod events;
mod handlers;
mod maintenance;
mod nodes;
mod pages;
mod restore;
mod scheduler;
mod secrets;
mod servers;
mod starter_kit;
mod store;
mod tags;
mod time_window;

use std::sync::Arc;

use emulator_core::dto::{Output, Timestamp};
use emulator_core::{
    Clock, RequestContext, Service, ServiceDescriptor, ServiceError, ServiceSettings, Timers,
    ValidationErrorNames,
};
use serde_json::Value;

use config::Delays;
use scheduler::{Due, Lifecycle};
use store::{RegionKey, RegionState, Store};

/// The vendored OpsWorks CM model (botocore JSON).
pub const MODEL_JSON: &str = include_str!("../model/opsworkscm-2016-11-01.service.json");

/// The AWS OpsWorks CM service.
pub struct OpsWorksCmService {
    core: Arc<Core>,
}

/// What every handler and the timer driver share.
pub(crate) struct Core {
    store: Store,
    /// Every future step of every server and backup, in every account and region.
    timers: Timers<Due>,
    /// The gateway's clock: every timestamp OpsWorks CM records reads it.
    clock: Arc<Clock>,
    delays: Delays,
}

impl Core {
    /// The current time on the shared clock.
    pub(crate) fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Runs `f` with the caller's region state locked and the lifecycle that schedules its
    /// future steps.
    pub(crate) fn with_region<R>(
        &self,
        ctx: &RequestContext,
        f: impl FnOnce(&mut RegionState, &Lifecycle<'_>) -> R,
    ) -> R {
        let key: RegionKey = (ctx.account_id.clone(), ctx.region.clone());
        self.store.with_region(&key, |state| {
            f(state, &Lifecycle::new(&key, &self.timers, self.delays))
        })
    }

    /// Applies steps that came due, each under its own region's lock (the timer driver's
    /// handler, also run before every request).
    fn deliver(&self, batch: Vec<Due>) {
        for due in batch {
            let key = due.key.clone();
            self.store.with_region(&key, |state| {
                Lifecycle::new(&key, &self.timers, self.delays).apply(state, due.at, due.step);
            });
        }
    }
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

    /// The dashboard's view (`dashboard.rs`).
    fn view(
        &self,
        filter: &emulator_core::dashboard::view::ViewFilter,
    ) -> Option<emulator_core::dashboard::view::ServiceView> {
        Some(dashboard::view(&self.core, filter))
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
