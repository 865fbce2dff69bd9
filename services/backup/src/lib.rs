//! AWS Backup for the emulator gateway.
//!
//! The crate owns Backup's state and behaviour and knows nothing of HTTP: the gateway decodes
//! each request with the vendored model (`model/`) and calls [`BackupService`] with an operation
//! name and a validated input object, which `api::generated::dispatch` turns into a typed call
//! of the [`api::generated::BackupApi`] trait. `handlers.rs` implements that trait by
//! delegating each operation to the module that owns it.

mod access_points;
mod air_gapped_vaults;
pub mod api;
mod audit;
mod backup_jobs;
mod copy_jobs;
mod dashboard;
mod creator_request_id;
mod engine;
mod errors;
mod handlers;
mod idempotency;
mod indexes;
mod job_events;
mod job_summaries;
mod jobs;
mod legal_holds;
mod lifecycle_rules;
mod mpa_approval_teams;
mod mpa_sessions;
mod pagination;
mod persistence;
mod plan_templates;
mod plans;
mod point_events;
mod protected_resources;
mod recovery_points;
mod resource_arns;
mod resource_types;
mod restore_access_vaults;
mod restore_jobs;
mod restore_testing;
mod scan_jobs;
mod scheduled_jobs;
pub mod scheduler;
mod selections;
mod settings;
mod store;
mod tags;
#[cfg(test)]
mod test_support;
mod tiering_configurations;
mod vault_access_policy;
mod vault_changes;
mod vault_lock;
mod vault_notifications;
mod vaults;

use std::sync::Arc;

use emulator_core::dto::Output;
use emulator_core::storage::PersistentState;
use emulator_core::{RequestContext, Service, ServiceDescriptor, ServiceError, ServiceSettings};
use serde_json::Value;

use store::BackupStore;

/// The vendored AWS Backup model (botocore JSON).
pub const MODEL_JSON: &str = include_str!("../model/backup-2018-11-15.service.json");

/// The AWS Backup service.
pub struct BackupService {
    store: Arc<BackupStore>,
    /// The gateway's clock: every timestamp Backup records reads it, so time can be driven.
    clock: Arc<emulator_core::Clock>,
    /// Every future event (job transitions, lifecycles) on one queue.
    timers: Arc<emulator_core::Timers<engine::Event>>,
    engine_settings: engine::EngineSettings,
    /// Plan rules waiting for their next run.
    scheduler: scheduler::Scheduler,
    /// Job state events for the gateway's event bus and the vaults' notification log.
    job_events: Arc<job_events::JobEvents>,
    /// The gateway's registry of other services' resources and tags, which plans select from.
    resources: Arc<emulator_core::ResourceRegistry>,
    /// Restore testing plans waiting for their next run, restore tests for their deletion.
    restore_testing: restore_testing::RestoreTestingSchedule,
}

impl BackupService {
    /// Builds the service from its settings.
    pub fn new(settings: &ServiceSettings) -> Result<Self, String> {
        let delay: f64 = settings.parse_or("JOB_COMPLETION_DELAY_SECONDS", 3.0)?;
        if !(delay.is_finite() && delay >= 0.0) {
            return Err(format!(
                "invalid configuration: {} must be a number of seconds >= 0",
                settings.var_name("JOB_COMPLETION_DELAY_SECONDS")
            ));
        }
        let engine_settings = engine::EngineSettings {
            job_completion_delay_seconds: delay,
        };
        let store = Arc::new(BackupStore::default());
        let job_events = Arc::new(job_events::JobEvents::new(
            settings.events.clone(),
            settings.clock.clone(),
        ));
        let timers = Arc::new(emulator_core::Timers::new(settings.clock.clone()));
        timers.set_handler(engine::handler(
            Arc::downgrade(&store),
            Arc::downgrade(&timers),
            settings.clock.clone(),
            engine_settings,
            job_events.clone(),
        ));
        Ok(Self {
            store,
            clock: settings.clock.clone(),
            timers,
            engine_settings,
            scheduler: scheduler::Scheduler::new(settings.clock.clone()),
            job_events,
            resources: settings.resources.clone(),
            restore_testing: restore_testing::RestoreTestingSchedule::new(settings.clock.clone()),
        })
    }

    /// Builds the service, shared, with its plan scheduler's timer task able to fire rules on
    /// their own (it holds the service weakly).
    pub fn new_shared(settings: &ServiceSettings) -> Result<Arc<Self>, String> {
        let service = Arc::new(Self::new(settings)?);
        service.scheduler.attach(Arc::downgrade(&service));
        service.restore_testing.attach(Arc::downgrade(&service));
        Ok(service)
    }

    /// Applies every event already due, so that a read right after the clock moved sees its
    /// effects without waiting for the timer task.
    pub(crate) fn settle_due(&self) {
        // Rules first: the jobs they start may complete at once, on the engine's queue.
        scheduler::run_due(self);
        self.timers.run_due();
        // Restore tests last: their validation windows count from jobs the engine completes.
        restore_testing::run_due(self);
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
        api::generated::dispatch(self, ctx, operation, input).await
    }

    fn reset(&self) {
        self.scheduler.clear();
        self.restore_testing.clear();
        self.timers.clear();
        self.store.clear();
        self.job_events.notifications().clear();
    }

    /// The dashboard's view (`dashboard.rs`).
    fn view(
        &self,
        filter: &emulator_core::dashboard::view::ViewFilter,
    ) -> Option<emulator_core::dashboard::view::ServiceView> {
        Some(dashboard::view(self, filter))
    }

    /// Backup persists every account and region (`persistence.rs`).
    fn persistence(self: Arc<Self>) -> Option<Arc<dyn PersistentState>> {
        Some(self)
    }

    /// `GET /_floci/backup/notifications`: the vault notification log (see `job_events`).
    /// `GET /_floci/backup/reports/<ReportJobId>`: a report job's files (see `audit`).
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
            return Some(audit::delivered_report(self, job_id));
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
        validation_errors: errors::VALIDATION_ERRORS,
        build,
    }
}
