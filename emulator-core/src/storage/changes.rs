//! [`ChangeLog`]: which partitions of a service changed since the storage layer last looked.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use tokio::sync::Notify;

use crate::state::lock;

use super::PartitionKey;

/// The partitions of a service that changed since the storage layer last took them.
///
/// A service records a partition every time it may have changed it, whoever changed it (a
/// request or a timer). Until the storage layer enables the log (any mode but `memory`),
/// recording is one atomic load and nothing else, so services pay nothing in memory mode.
#[derive(Debug, Default)]
pub struct ChangeLog {
    enabled: AtomicBool,
    dirty: Mutex<HashSet<PartitionKey>>,
    wake: Notify,
}

impl ChangeLog {
    /// Records that the partition `key` names may have changed. `key` is only called when the
    /// state is persisted. Call it with the partition's lock held, so that the storage layer,
    /// which saves under the same lock, cannot miss the change.
    pub fn record(&self, key: impl FnOnce() -> PartitionKey) {
        if !self.enabled.load(Ordering::Relaxed) {
            return;
        }
        lock(&self.dirty).insert(key());
        self.wake.notify_one();
    }

    /// Starts recording.
    pub(crate) fn enable(&self) {
        self.enabled.store(true, Ordering::SeqCst);
    }

    /// The partitions recorded since the last call, forgetting them.
    pub(crate) fn take(&self) -> Vec<PartitionKey> {
        let mut dirty = lock(&self.dirty);
        let mut keys: Vec<PartitionKey> = dirty.drain().collect();
        keys.sort();
        keys
    }

    /// Whether nothing is recorded.
    pub(crate) fn is_empty(&self) -> bool {
        lock(&self.dirty).is_empty()
    }

    /// Records `keys` again (a write of them failed; the next flush retries).
    pub(crate) fn restore(&self, keys: impl IntoIterator<Item = PartitionKey>) {
        lock(&self.dirty).extend(keys);
    }

    /// Waits until a partition is recorded.
    pub(crate) async fn changed(&self) {
        self.wake.notified().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_nothing_until_enabled_then_each_key_once() {
        let log = ChangeLog::default();
        log.record(|| panic!("a disabled log never builds a key"));
        assert!(log.take().is_empty());
        log.enable();
        log.record(|| PartitionKey::new(["a", "r"]));
        log.record(|| PartitionKey::new(["a", "r"]));
        log.record(|| PartitionKey::new(["a"]));
        assert_eq!(
            log.take(),
            vec![PartitionKey::new(["a"]), PartitionKey::new(["a", "r"])]
        );
        assert!(log.take().is_empty());
        log.restore([PartitionKey::new(["b"])]);
        assert_eq!(log.take(), vec![PartitionKey::new(["b"])]);
    }
}
