//! OpsWorks CM's state, partitioned by account and region as AWS partitions it.
//!
//! Each (account, region) has its own [`RegionState`] behind its own mutex; a handler takes the
//! lock, checks everything, then mutates, and returns. No lock is held across an `.await`
//! (handlers are synchronous functions), and a failed call changes nothing because every check
//! runs before the first write.

pub mod backups;
pub mod servers;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use emulator_core::state::{lock, RegionStates};

use aws_tagging::TagStore;

use crate::model::backup::BackupRecord;
use crate::model::node_association::NodeAssociation;
use crate::model::server::ServerRecord;
use crate::support::region::RegionKey;

/// Everything OpsWorks CM keeps for one account in one region.
#[derive(Debug)]
pub struct RegionState {
    /// Servers by name (names are unique per account and region).
    pub servers: BTreeMap<String, ServerRecord>,
    /// Backups by id, including manual backups of servers since deleted.
    pub backups: BTreeMap<String, BackupRecord>,
    /// Node association and disassociation requests by status token.
    pub associations: BTreeMap<String, NodeAssociation>,
    /// Tags by server or backup ARN.
    pub tags: TagStore,
}

impl Default for RegionState {
    fn default() -> Self {
        Self {
            servers: BTreeMap::new(),
            backups: BTreeMap::new(),
            associations: BTreeMap::new(),
            tags: TagStore::new(crate::support::tags::RULES),
        }
    }
}

/// All of OpsWorks CM's state.
#[derive(Debug, Default)]
pub struct Store {
    regions: RegionStates<RegionState>,
}

impl Store {
    /// Runs `f` with the state of `key` locked, creating it empty on first use.
    pub fn with_region<R>(&self, key: &RegionKey, f: impl FnOnce(&mut RegionState) -> R) -> R {
        let region = self.regions.get(&key.0, &key.1);
        let mut guard = lock(&region);
        f(&mut guard)
    }

    /// Every (account, region) with its state, sorted, for the dashboard's read-only view.
    pub fn regions(&self) -> Vec<(RegionKey, Arc<Mutex<RegionState>>)> {
        self.regions.all()
    }

    /// Runs `f` with `state` locked (a state [`Self::regions`] listed).
    pub fn read<R>(state: &Mutex<RegionState>, f: impl FnOnce(&RegionState) -> R) -> R {
        f(&lock(state))
    }

    /// Drops everything.
    pub fn clear(&self) {
        self.regions.clear();
    }
}
