//! The future of every server and backup: steps queued on the gateway's shared
//! [`Timers`] queue and applied when the shared clock reaches them.
//!
//! A step that takes no time (a configured delay of 0) is applied at once, inside the call that
//! started it and under the same lock, so the response already shows its outcome. Every step
//! names its server by name *and* unique id, and checks the state it expects, so a step queued
//! for a server that was deleted (or deleted and created again) changes nothing.

use emulator_core::dto::Timestamp;
use emulator_core::Timers;

use crate::engine::{backups, servers};
use crate::model::server::{Activity, ServerRecord, ServerRef};
use crate::state::RegionState;
use crate::support::config::Delays;
use crate::support::region::RegionKey;

/// One future change to one account's and region's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The server's activity ends: HEALTHY.
    Settle {
        /// The server.
        server: ServerRef,
        /// The activity that ends.
        activity: Activity,
    },
    /// DELETING ends: the server is gone.
    RemoveServer {
        /// The server.
        server: ServerRef,
    },
    /// The backup is taken: OK, and its server leaves BACKING_UP.
    CompleteBackup {
        /// The backup.
        backup_id: String,
    },
    /// DeleteBackup ends: the backup is gone.
    RemoveBackup {
        /// The backup.
        backup_id: String,
    },
    /// The server's backup window opens.
    BackupWindow {
        /// The server.
        server: ServerRef,
        /// The schedule this window belongs to (see [`ServerRecord::backup_schedule`]).
        schedule: u64,
    },
}

/// A [`Step`] queued for a time, with the account and region it applies to.
#[derive(Debug, Clone, PartialEq)]
pub struct Due {
    /// The account and region.
    pub key: RegionKey,
    /// When the step happens; also the time it records.
    pub at: Timestamp,
    /// What happens.
    pub step: Step,
}

/// Schedules and applies steps for one account and region.
pub struct Lifecycle<'a> {
    key: &'a RegionKey,
    timers: &'a Timers<Due>,
    /// The configured delays.
    pub delays: Delays,
}

impl<'a> Lifecycle<'a> {
    /// The lifecycle of `key`'s resources on `timers`.
    pub fn new(key: &'a RegionKey, timers: &'a Timers<Due>, delays: Delays) -> Self {
        Self {
            key,
            timers,
            delays,
        }
    }

    /// The account and region.
    pub fn key(&self) -> &RegionKey {
        self.key
    }

    /// Runs `step` `delay` seconds after `now`: at once when the delay is 0, else when the
    /// clock gets there.
    pub fn after(&self, state: &mut RegionState, now: Timestamp, delay: u64, step: Step) {
        if delay == 0 {
            self.apply(state, now, step);
        } else {
            let at = now.plus_seconds(i64::try_from(delay).unwrap_or(i64::MAX));
            self.queue(at, step);
        }
    }

    fn queue(&self, at: Timestamp, step: Step) {
        self.timers.schedule(
            at,
            Due {
                key: self.key.clone(),
                at,
                step,
            },
        );
    }

    /// Queues the next opening of `server`'s backup window after `after`, unless automated
    /// backups are off.
    pub fn schedule_backup_window(&self, server: &ServerRecord, after: Timestamp) {
        if server.disable_automated_backup {
            return;
        }
        let at = server.config.preferred_backup_window.next_after(after);
        self.queue(
            at,
            Step::BackupWindow {
                server: server.reference(),
                schedule: server.backup_schedule,
            },
        );
    }

    /// Applies `step` as of `at`.
    pub fn apply(&self, state: &mut RegionState, at: Timestamp, step: Step) {
        match step {
            Step::Settle { server, activity } => servers::settle(state, &server, activity, at),
            Step::RemoveServer { server } => servers::remove(state, &server),
            Step::CompleteBackup { backup_id } => backups::complete(state, &backup_id, at),
            Step::RemoveBackup { backup_id } => backups::remove(state, &backup_id),
            Step::BackupWindow { server, schedule } => {
                backups::backup_window(state, self, &server, schedule, at);
            }
        }
    }
}
