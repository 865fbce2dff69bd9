//! Backup's state as the gateway persists it (`FLOCI_STORAGE_MODE`; docs/reliability.md,
//! "Persistence"). Backup knows nothing of the database: its state is cut into partitions, one
//! per (account, region) holding that [`RegionState`] and one per account holding its
//! [`AccountState`], and each partition into records (`records.rs`): one per vault, plan, job,
//! recovery point, idempotency token and so on, so a request writes the records it changed.
//!
//! Timers are not stored. They follow from the state: after a load, [`resume`]
//! asks each module that schedules events for the ones its state waits for (`engine`,
//! `scheduler`, `restore_testing`) and queues them; those already due fire at once, so pending
//! jobs resume. Not persisted: the vault notification log of `/_floci/backup/notifications`
//! (a diagnostic of deliveries already made) and job state events not yet published.

mod records;

use emulator_core::storage::{ChangeLog, PartitionKey, PersistentState, Record, RecordBatch};
use serde::de::DeserializeOwned;

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

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    serde_json::from_slice(bytes).map_err(|error| error.to_string())
}

impl PersistentState for Backend {
    fn changes(&self) -> &ChangeLog {
        self.store.changes()
    }

    fn save(&self, key: &PartitionKey, batch: &mut RecordBatch) -> Result<(), String> {
        match partition(key)? {
            Partition::Region { account, region } => {
                match self.store.existing_region(account, region) {
                    Some(state) => records::save_region(&mut lock(&state), batch),
                    None => Ok(()),
                }
            }
            Partition::Account { account } => match self.store.existing_account(account) {
                Some(state) => records::save_account(&lock(&state), batch),
                None => Ok(()),
            },
        }
    }

    fn load(
        &self,
        key: &PartitionKey,
        stored: &mut dyn Iterator<Item = Record>,
    ) -> Result<(), String> {
        match partition(key)? {
            Partition::Region { account, region } => {
                let state = records::load_region(stored)?;
                self.store.insert_region(account, region, state);
            }
            Partition::Account { account } => {
                let state = records::load_account(stored)?;
                self.store.insert_account(account, state);
            }
        }
        Ok(())
    }

    fn load_format1(&self, key: &PartitionKey, state: &[u8]) -> Result<(), String> {
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
