//! What every operation and the timer driver share: the store, the timer queue, the gateway
//! clock and the settings.

use std::sync::Arc;

use emulator_core::{Clock, ServiceSettings, Timers};

use crate::config::Settings;
use crate::engine::{self, Due, Target};
use crate::model::token::Token;
use crate::state::Store;
use crate::support::ids::{ProjectId, TokenId};
use crate::support::times::Instant;

/// What every operation and the timer driver share.
pub struct Core {
    /// Volumes, backups and tokens.
    pub store: Store,
    /// Pending state changes.
    pub timers: Timers<Due>,
    clock: Arc<Clock>,
    /// Settings read at start.
    pub settings: Settings,
}

impl Core {
    /// Now, on the gateway clock.
    pub fn now(&self) -> Instant {
        Instant::from_timestamp(self.clock.now())
    }

    /// Schedules the step that ends `target`'s transient state begun at `from`.
    pub fn later(&self, project: &ProjectId, target: Target, from: Instant) {
        engine::schedule(
            &self.timers,
            self.settings.delay_seconds,
            from,
            project,
            target,
        );
    }

    /// The token `id` when it exists and has not expired on the gateway clock.
    pub fn valid_token(&self, id: &str) -> Option<Token> {
        let now = self.now();
        self.store.with(|inner| {
            inner
                .tokens
                .get(&TokenId::from_wire(id))
                .filter(|token| token.expires_at > now)
                .cloned()
        })
    }

    fn deliver(&self, batch: Vec<Due>) {
        let now = self.now();
        self.store.with(|inner| {
            for due in &batch {
                engine::apply(inner, due, now);
            }
        });
    }
}

impl Core {
    /// Builds the core from the service's settings, its timer queue delivering to it.
    pub fn new(settings: &ServiceSettings) -> Result<Arc<Self>, String> {
        let core = Arc::new(Self {
            store: Store::default(),
            timers: Timers::new(settings.clock.clone()),
            clock: settings.clock.clone(),
            settings: Settings::from_settings(settings)?,
        });
        // A weak reference: the queue (owned by the core) must not keep the core alive.
        let weak = Arc::downgrade(&core);
        core.timers.set_handler(Arc::new(move |batch| {
            if let Some(core) = weak.upgrade() {
                core.deliver(batch);
            }
        }));
        Ok(core)
    }
}
