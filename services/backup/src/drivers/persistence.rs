//! Backup's state as the gateway persists it (`FLOCI_STORAGE_MODE`; docs/reliability.md,
//! "Persistence"). Backup knows nothing of files: it cuts its state into partitions, one per
//! (account, region) holding that [`RegionState`] and one per account holding its
//! [`AccountState`], each saved and loaded whole, as JSON, under its own lock.
//!
//! Timers are not stored. They follow from the state: after a load, [`resume`]
//! asks each module that schedules events for the ones its state waits for (`engine`,
//! `scheduler`, `restore_testing`) and queues them; those already due fire at once, so pending
//! jobs resume. Not persisted: the vault notification log of `/_floci/backup/notifications`
//! (a diagnostic of deliveries already made) and job state events not yet published.

use emulator_core::storage::{ChangeLog, PartitionKey, PersistentState};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::drivers::restore_testing;
use crate::engine::backend::Backend;
use crate::engine::dispatch::pending_events;
use crate::engine::events::route;
use crate::engine::rule_runs::runs_to_arm;
use crate::state::{AccountState, RegionState};
use crate::support::region_key::RegionKey;
use emulator_core::state::lock;

/// Which part of Backup's state a partition key names.
enum Partition<'a> {
    /// `[account, region]`.
    Region { account: &'a str, region: &'a str },
    /// `[account]`.
    Account { account: &'a str },
}

fn partition(key: &PartitionKey) -> Result<Partition<'_>, String> {
    match key.segments() {
        [account, region] => Ok(Partition::Region { account, region }),
        [account] => Ok(Partition::Account { account }),
        _ => Err(format!("{key} is not [account, region] or [account]")),
    }
}

/// `state` as stored, or `None` when it holds nothing (a region only read, never used): no
/// file is kept for it.
fn encode<T: Serialize + Default + PartialEq>(state: &T) -> Result<Option<Vec<u8>>, String> {
    if *state == T::default() {
        return Ok(None);
    }
    serde_json::to_vec(state)
        .map(Some)
        .map_err(|error| error.to_string())
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    serde_json::from_slice(bytes).map_err(|error| error.to_string())
}

impl PersistentState for Backend {
    fn changes(&self) -> &ChangeLog {
        self.store.changes()
    }

    fn save(&self, key: &PartitionKey) -> Result<Option<Vec<u8>>, String> {
        match partition(key)? {
            Partition::Region { account, region } => self
                .store
                .existing_region(account, region)
                .map_or(Ok(None), |state| encode(&*lock(&state))),
            Partition::Account { account } => self
                .store
                .existing_account(account)
                .map_or(Ok(None), |state| encode(&*lock(&state))),
        }
    }

    fn load(&self, key: &PartitionKey, state: &[u8]) -> Result<(), String> {
        match partition(key)? {
            Partition::Region { account, region } => {
                let state: RegionState = decode(state)?;
                self.store.insert_region(account, region, state);
            }
            Partition::Account { account } => {
                let state: AccountState = decode(state)?;
                self.store.insert_account(account, state);
            }
        }
        Ok(())
    }

    fn resume(&self) {
        resume(self);
    }
}

/// Queues every event the loaded state waits for, region by region: job and lifecycle
/// steps on the engine's queue, plan rules on the scheduler, restore testing runs and
/// deletions on theirs. Each region's lock is held only while its events are read.
pub fn resume(backend: &Backend) {
    let settings = backend.engine_settings;
    for ((account, region_name), state) in backend.store.regions() {
        let (events, runs, tests) = {
            let region = lock(&state);
            (
                pending_events(&region, &settings),
                runs_to_arm(&region, &account, &region_name),
                restore_testing::pending(&region, &account, &region_name, &settings),
            )
        };
        let key = RegionKey {
            account_id: account,
            region: region_name,
        };
        for (due, kind) in events {
            backend.timers.schedule(due, route(&key, kind));
        }
        for (rule, version, due) in runs {
            backend.scheduler.arm(rule, version, due);
        }
        for (due, event) in tests {
            backend.restore_testing.schedule(due, event);
        }
    }
}

#[cfg(test)]
mod tests;
