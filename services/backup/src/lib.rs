//! AWS Backup for the emulator gateway.
//!
//! The crate owns Backup's state and behaviour and knows nothing of HTTP: the gateway decodes
//! each request with the vendored model (`services/backup/model/`) and calls [`BackupService`] with an operation
//! name and a validated input object, which `api::generated::dispatch` turns into a typed call
//! of the [`api::generated::BackupApi`] trait. `handlers.rs` implements that trait by calling
//! each operation in the `ops/` file that defines it, with the backend (`engine/backend.rs`).
//!
//! The crate is in layers (docs/architecture.md, "Layers inside a service crate"), imports
//! pointing one way: `api` (generated) and `support` <- `model` (records) <- `state` (the store
//! and queries across records) <- `engine` (the backend and the time-driven machines) <- `ops`
//! (the operations) and `drivers` (plan scheduler, restore testing runs, persistence) <-
//! `lib.rs` / `handlers.rs`. `crates/service-layers` checks it.

pub mod api;
mod drivers;
mod engine;
mod handlers;
mod model;
mod ops;
mod state;
mod support;
#[cfg(test)]
mod test_support;

use std::ops::Deref;
use std::sync::Arc;

use emulator_core::dto::Output;
use emulator_core::storage::PersistentState;
use emulator_core::{RequestContext, Service, ServiceDescriptor, ServiceError, ServiceSettings};
use serde_json::Value;

use engine::backend::Backend;

/// The plan scheduler's queue, for the scheduler benchmark (`benches/scheduler.rs`).
pub use engine::rule_runs as scheduler;

/// The vendored AWS Backup model (botocore JSON).
pub const MODEL_JSON: &str = include_str!("../model/backup-2018-11-15.service.json");

/// The AWS Backup service: its backend (`engine/backend.rs`), which every operation works on,
/// and the drivers that run it between requests.
pub struct BackupService {
    backend: Arc<Backend>,
}

/// Handlers and tests reach the backend through the service.
impl Deref for BackupService {
    type Target = Backend;

    fn deref(&self) -> &Backend {
        &self.backend
    }
}

/// Unit tests set the backend up in place (its engine settings, say) before sharing it.
#[cfg(test)]
impl std::ops::DerefMut for BackupService {
    fn deref_mut(&mut self) -> &mut Backend {
        Arc::get_mut(&mut self.backend).expect("a test's service is not shared yet")
    }
}

impl BackupService {
    /// Builds the service from its settings.
    pub fn new(settings: &ServiceSettings) -> Result<Self, String> {
        Ok(Self {
            backend: Arc::new(Backend::new(settings)?),
        })
    }

    /// Builds the service, shared, with its plan scheduler's and restore testing's timer tasks
    /// able to fire on their own (they hold the backend weakly).
    pub fn new_shared(settings: &ServiceSettings) -> Result<Arc<Self>, String> {
        let service = Arc::new(Self::new(settings)?);
        drivers::scheduler::attach(&service.backend);
        drivers::restore_testing::attach(&service.backend);
        Ok(service)
    }

    /// Applies every event already due, so that a read right after the clock moved sees its
    /// effects without waiting for the timer task.
    pub(crate) fn settle_due(&self) {
        // Rules first: the jobs they start may complete at once, on the engine's queue.
        drivers::scheduler::run_due(&self.backend);
        self.timers.run_due();
        // Restore tests last: their validation windows count from jobs the engine completes.
        drivers::restore_testing::run_due(&self.backend);
    }
}

#[emulator_core::async_trait]
impl Service for BackupService {
    async fn call(
        &self,
        ctx: &RequestContext,
        operation: &str,
        input: Value,
    ) -> Result<Output, ServiceError> {
        // Every operation first applies what has come due (the clock may have just been moved),
        // so reads never race the timer task.
        self.settle_due();
        if operation == ops::plan_templates::FROM_TEMPLATE {
            // AWS's answer leaves out members the model's typed `BackupPlan` requires.
            return ops::plan_templates::get_backup_plan_from_template(self, ctx, input);
        }
        api::generated::dispatch(self, ctx, operation, input).await
    }

    fn reset(&self) {
        self.scheduler.clear();
        self.restore_testing.clear();
        self.timers.clear();
        self.store.clear();
        self.job_events.notifications().clear();
    }

    /// The dashboard's view (`ops/dashboard.rs`), after what is already due has happened.
    fn view(
        &self,
        filter: &emulator_core::dashboard::view::ViewFilter,
    ) -> Option<emulator_core::dashboard::view::ServiceView> {
        self.settle_due();
        Some(ops::dashboard::view(&self.backend, filter))
    }

    /// Backup persists every account and region (`drivers/persistence.rs`).
    fn persistence(self: Arc<Self>) -> Option<Arc<dyn PersistentState>> {
        Some(self.backend.clone())
    }

    /// `GET /_floci/backup/notifications`: the vault notification log (`engine/job_events.rs`).
    /// `GET /_floci/backup/reports/<ReportJobId>`: a report job's files
    /// (`ops/audit/report_jobs.rs`).
    async fn admin(
        &self,
        method: &str,
        path: &str,
        _body: Value,
    ) -> Option<Result<Value, ServiceError>> {
        if let Some(job_id) = path.strip_prefix("reports/") {
            if !matches!(method, "GET" | "HEAD") {
                return None;
            }
            self.settle_due();
            return Some(ops::audit::report_jobs::delivered_report(
                &self.backend,
                job_id,
            ));
        }
        if path != "notifications" || !matches!(method, "GET" | "HEAD") {
            return None;
        }
        self.settle_due();
        Some(Ok(self.job_events.notifications().list()))
    }
}

fn build(settings: &ServiceSettings) -> Result<Arc<dyn Service>, String> {
    Ok(BackupService::new_shared(settings)?)
}

emulator_core::inventory::submit! {
    ServiceDescriptor {
        name: "backup",
        signing_names: &["backup"],
        endpoint_prefix: "backup",
        protocol: emulator_core::Protocol::RestJson,
        target_prefix: None,
        model_json: MODEL_JSON,
        enabled_by_default: true,
        validation_errors: support::errors::VALIDATION_ERRORS,
        build,
    }
}
