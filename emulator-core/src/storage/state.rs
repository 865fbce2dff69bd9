//! What a service implements to have its state persisted: [`PersistentState`], over partitions
//! named by a [`PartitionKey`].

use std::fmt;

use serde::{Deserialize, Serialize};

use super::ChangeLog;

/// The name of one partition of a service's state, as a path of segments: Backup uses
/// `[account, region]` for a region's state and `[account]` for account-wide settings. Each
/// partition is saved and loaded as a whole, under the service's own lock for it, so a saved
/// partition is always a state the service was in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PartitionKey(Vec<String>);

impl PartitionKey {
    /// The key made of `segments`, in order.
    pub fn new<S: Into<String>>(segments: impl IntoIterator<Item = S>) -> Self {
        Self(segments.into_iter().map(Into::into).collect())
    }

    /// Its segments, in order.
    pub fn segments(&self) -> &[String] {
        &self.0
    }
}

impl fmt::Display for PartitionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("/"))
    }
}

/// A service's state as the storage layer sees it: partitions it can save and load, a log of
/// which ones changed, and a way to restart its timers once everything is loaded.
///
/// The storage layer calls these from blocking threads, never from an async task, and never
/// while holding a lock of the service.
pub trait PersistentState: Send + Sync {
    /// Where the service records which partitions changed (every access that may change a
    /// partition records it; reads may too: a partition that serializes to the same bytes as
    /// last written is not written again).
    fn changes(&self) -> &ChangeLog;

    /// The state of partition `key` now, serialized (JSON), taken under the partition's lock;
    /// `None` when the partition holds nothing worth keeping (its file, if any, is removed).
    fn save(&self, key: &PartitionKey) -> Result<Option<Vec<u8>>, String>;

    /// Restores partition `key` from bytes [`Self::save`] produced. Called at start, before the
    /// gateway serves; an error stops the binary naming the file.
    fn load(&self, key: &PartitionKey, state: &[u8]) -> Result<(), String>;

    /// Called once, inside the async runtime, after every partition is loaded and before the
    /// first request: the service re-creates the timers its state waits for (jobs to finish,
    /// schedules to run). Timers are not stored; they follow from the state.
    fn resume(&self);
}
