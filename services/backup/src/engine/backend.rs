//! The backend every operation and driver works on: the store, the gateway's clock, the timer
//! queues, the engine's settings and the job events. `BackupService` (`lib.rs`) owns one and
//! hands it to each operation; nothing below `lib.rs` sees the service itself.

use std::sync::Arc;

use emulator_core::{Clock, RequestContext, ResourceRegistry, ServiceSettings, Timers};

use crate::engine::dispatch::{self, publish_outbox};
use crate::engine::events::{route, Event, FollowUps};
use crate::engine::job_events::JobEvents;
use crate::engine::restore_tests::RestoreTestingSchedule;
use crate::engine::rule_runs::RunQueue;
use crate::state::BackupStore;
use crate::support::engine_settings::EngineSettings;
use crate::support::missing_vault::MissingVaultError;
use crate::support::region_key::region_key;

/// Backup's state and the machinery that changes it over time.
pub struct Backend {
    /// All of Backup's state.
    pub store: Arc<BackupStore>,
    /// The gateway's clock: every timestamp Backup records reads it, so time can be driven.
    pub clock: Arc<Clock>,
    /// Every future event (job transitions, lifecycles) on one queue.
    pub timers: Arc<Timers<Event>>,
    /// `FLOCI_SERVICES_BACKUP_*`.
    pub engine_settings: EngineSettings,
    /// `FLOCI_SERVICES_BACKUP_MISSING_VAULT_ERROR`: how reads of a missing vault are answered.
    pub missing_vault_error: MissingVaultError,
    /// Job state events for the gateway's event bus and the vaults' notification log.
    pub job_events: Arc<JobEvents>,
    /// The gateway's registry of other services' resources and tags, which plans select from.
    pub resources: Arc<ResourceRegistry>,
    /// Plan rules waiting for their next run (fired by `drivers/scheduler.rs`).
    pub scheduler: RunQueue,
    /// Restore testing plans waiting for their next run, restore tests for their deletion
    /// (handled by `drivers/restore_testing.rs`).
    pub restore_testing: RestoreTestingSchedule,
}

impl Backend {
    /// Builds the backend from the service's settings.
    pub fn new(settings: &ServiceSettings) -> Result<Self, String> {
        let delay: f64 = settings.parse_or("JOB_COMPLETION_DELAY_SECONDS", 3.0)?;
        if !(delay.is_finite() && delay >= 0.0) {
            return Err(format!(
                "invalid configuration: {} must be a number of seconds >= 0",
                settings.var_name("JOB_COMPLETION_DELAY_SECONDS")
            ));
        }
        let missing_vault_error = settings
            .parse_or("MISSING_VAULT_ERROR", MissingVaultError::default())
            .map_err(|e| format!("{e}: use AccessDeniedException or ResourceNotFoundException"))?;
        let engine_settings = EngineSettings {
            job_completion_delay_seconds: delay,
        };
        let store = Arc::new(BackupStore::default());
        let job_events = Arc::new(JobEvents::new(
            settings.events.clone(),
            settings.clock.clone(),
        ));
        let timers = Arc::new(Timers::new(settings.clock.clone()));
        timers.set_handler(dispatch::handler(
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
            missing_vault_error,
            scheduler: RunQueue::new(settings.clock.clone()),
            job_events,
            resources: settings.resources.clone(),
            restore_testing: RestoreTestingSchedule::new(settings.clock.clone()),
        })
    }

    /// Publishes the job states the caller's change recorded, then hands follow-up events of the
    /// caller's region to the engine: those already due are applied before this returns (so a
    /// delay of 0 completes cross-region copies inside the call), later ones go on the timer
    /// queue. Call it without holding a region lock, after every change that ran the engine.
    pub fn schedule(&self, ctx: &RequestContext, follow_ups: FollowUps) {
        self.store.with_region(ctx, |region| {
            publish_outbox(region, &*self.job_events);
        });
        let key = region_key(ctx);
        let events = follow_ups
            .into_iter()
            .map(|(due, kind)| (due, route(&key, kind)))
            .collect();
        dispatch::run(
            &self.store,
            &self.timers,
            events,
            &self.clock,
            &self.engine_settings,
            &*self.job_events,
        );
    }
}
