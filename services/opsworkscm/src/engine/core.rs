//! The backend every operation works on: the store, the shared timer queue and clock, and the
//! delays. `OpsWorksCmService` (`lib.rs`) owns one and hands it to each operation.

use std::sync::Arc;

use emulator_core::dto::Timestamp;
use emulator_core::{Clock, RequestContext, Timers};

use crate::engine::lifecycle::{Due, Lifecycle};
use crate::state::{RegionState, Store};
use crate::support::config::Delays;
use crate::support::region::RegionKey;

/// What every handler and the timer driver share.
pub struct Core {
    /// All of OpsWorks CM's state.
    pub store: Store,
    /// Every future step of every server and backup, in every account and region.
    pub timers: Timers<Due>,
    /// The gateway's clock: every timestamp OpsWorks CM records reads it.
    pub clock: Arc<Clock>,
    /// How long each step takes.
    pub delays: Delays,
}

impl Core {
    /// The current time on the shared clock.
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Runs `f` with the caller's region state locked and the lifecycle that schedules its
    /// future steps.
    pub fn with_region<R>(
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
    pub fn deliver(&self, batch: Vec<Due>) {
        for due in batch {
            let key = due.key.clone();
            self.store.with_region(&key, |state| {
                Lifecycle::new(&key, &self.timers, self.delays).apply(state, due.at, due.step);
            });
        }
    }
}
