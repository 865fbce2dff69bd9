//! [`ServiceStore`]: one service's state in the database, in its mode: loaded, flushed (the
//! records that changed, in one transaction), checkpointed (wal mode) and wiped (reset).
//!
//! One writer lock per service orders every write. A flush takes the partitions recorded as
//! changed and collects each one's changed records under the partition's own lock, so a request
//! that changed a partition and then flushes finds its change either written by its own flush
//! or by one that took the partition after the change and finished before its own flush could
//! take the writer lock: either way it is on disk before the request answers.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::state::lock;

use super::database::{Database, PartitionWrite};
use super::format1;
use super::state::{Change, RecordChange};
use super::{PartitionKey, PersistentState, RecordBatch, ServiceStorageConfig, StorageError};

/// A fingerprint of a record saved with [`RecordBatch::put_if_changed`]: XXH3-128, which tells
/// a changed value from an unchanged one (a 2^-128 chance of a miss) at memory speed; nothing
/// here needs resistance to a chosen collision.
type Hash = u128;

/// A record's place: partition, kind, id.
type RecordKey = (PartitionKey, String, String);

/// The writer's bookkeeping, behind the writer lock.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    /// What each compared record last stored (`None`: removed). Absent: not known, so the next
    /// save of it is written.
    compared: HashMap<RecordKey, Option<Hash>>,
    /// Partitions to save whole at the next flush: converted ones, and those of a failed write
    /// (the service handed their changes over already).
    whole: BTreeSet<PartitionKey>,
}

/// The record changes of one flush, collected and not yet written.
#[derive(Debug, Default)]
pub(crate) struct Collected {
    /// The partitions taken from the change log (or to be saved whole).
    keys: Vec<PartitionKey>,
    /// Per partition with changes: whether it is replaced whole, and its changes.
    partitions: Vec<(PartitionKey, bool, Vec<RecordChange>)>,
    /// The fingerprints the compared records will have once written.
    fingerprints: Vec<(RecordKey, Option<Hash>)>,
}

impl Collected {
    /// The writes for the database.
    pub fn writes<'a>(&'a self, service: &'a str) -> Vec<PartitionWrite<'a>> {
        self.partitions
            .iter()
            .map(|(partition, replace, changes)| PartitionWrite {
                service,
                partition,
                replace: *replace,
                changes,
            })
            .collect()
    }

    fn is_empty(&self) -> bool {
        self.partitions.is_empty()
    }
}

/// One service's persisted state.
pub(crate) struct ServiceStore {
    name: &'static str,
    config: ServiceStorageConfig,
    state: Arc<dyn PersistentState>,
    database: Arc<Database>,
    writer: Mutex<Writer>,
}

fn hash(value: &[u8]) -> Hash {
    twox_hash::XxHash3_128::oneshot(value)
}

impl ServiceStore {
    /// The store of service `name`, nothing loaded yet.
    pub fn new(
        name: &'static str,
        config: ServiceStorageConfig,
        state: Arc<dyn PersistentState>,
        database: Arc<Database>,
    ) -> Self {
        Self {
            name,
            config,
            state,
            database,
            writer: Mutex::new(Writer::default()),
        }
    }

    /// Reads the service's records back into its state; returns how many partitions it holds.
    /// A record the service cannot read stops the start, naming the database.
    pub fn load(&self) -> Result<usize, StorageError> {
        self.database
            .load_records(self.name, |key, records| self.state.load(key, records))
    }

    /// Reads format 1 state (the file engine's) into the service; each partition is saved
    /// whole by the next collection.
    pub fn load_format1(&self, loaded: &format1::Loaded) -> Result<(), StorageError> {
        let mut writer = lock(&self.writer);
        for (key, partition) in &loaded.partitions {
            self.state
                .load_format1(key, &partition.state)
                .map_err(|detail| {
                    StorageError::corrupt(
                        &partition.source,
                        format!(
                            "the {} service cannot read partition {key}: {detail}",
                            self.name
                        ),
                    )
                })?;
            writer.whole.insert(key.clone());
        }
        Ok(())
    }

    /// Starts recording changes (after loading).
    pub fn enable(&self) {
        super::table::track_changes();
        self.state.changes().enable();
    }

    /// The service's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The settings in force.
    pub fn config(&self) -> &ServiceStorageConfig {
        &self.config
    }

    /// The service's state.
    pub fn state(&self) -> &Arc<dyn PersistentState> {
        &self.state
    }

    /// Writes every record that changed in the partitions recorded as changed, in one
    /// transaction. On error the partitions stay recorded and are saved whole next time.
    pub fn flush(&self) -> Result<(), StorageError> {
        let mut writer = lock(&self.writer);
        let collected = self.collect(&mut writer)?;
        if collected.is_empty() {
            return Ok(());
        }
        let written = self.database.write(&collected.writes(self.name), None);
        self.finish(&mut writer, collected, written)
    }

    /// The changes recorded since the last flush, taken from the service (under the writer
    /// lock, which the caller holds).
    pub fn collect(&self, writer: &mut Writer) -> Result<Collected, StorageError> {
        let mut keys = self.state.changes().take();
        keys.extend(writer.whole.iter().cloned());
        keys.sort();
        keys.dedup();
        let mut collected = Collected::default();
        for key in &keys {
            let whole = writer.whole.contains(key);
            let mut batch = if whole {
                RecordBatch::full()
            } else {
                RecordBatch::changed()
            };
            if let Err(detail) = self.state.save(key, &mut batch) {
                // What was collected so far is lost to the service's own tracking: save all of
                // these whole next time.
                self.state.changes().restore(keys.iter().cloned());
                writer.whole.extend(keys.iter().cloned());
                return Err(StorageError::Unsaveable {
                    service: self.name,
                    partition: key.to_string(),
                    detail,
                });
            }
            let mut changes = Vec::with_capacity(batch.changes.len());
            for (kind, id, change) in batch.changes {
                if let Change::Compared(value) = &change {
                    let record = (key.clone(), kind.clone(), id.clone());
                    let fingerprint = value.as_deref().map(hash);
                    if !whole && writer.compared.get(&record) == Some(&fingerprint) {
                        continue;
                    }
                    collected.fingerprints.push((record, fingerprint));
                }
                changes.push((kind, id, change));
            }
            if whole || !changes.is_empty() {
                collected.partitions.push((key.clone(), whole, changes));
            }
        }
        collected.keys = keys;
        Ok(collected)
    }

    /// After writing `collected`: remembers what was stored, or, when the write failed, keeps
    /// its partitions for the next flush, to be saved whole.
    pub fn finish(
        &self,
        writer: &mut Writer,
        collected: Collected,
        written: Result<(), StorageError>,
    ) -> Result<(), StorageError> {
        match written {
            Ok(()) => {
                for key in &collected.keys {
                    writer.whole.remove(key);
                }
                writer.compared.extend(collected.fingerprints);
                Ok(())
            }
            Err(error) => {
                for key in &collected.keys {
                    writer
                        .compared
                        .retain(|(partition, _, _), _| partition != key);
                }
                self.state.changes().restore(collected.keys.iter().cloned());
                writer.whole.extend(collected.keys);
                Err(error)
            }
        }
    }

    /// Wal mode: folds the write-ahead log into the database file.
    pub fn checkpoint(&self) -> Result<(), StorageError> {
        let _writer = lock(&self.writer);
        self.database.checkpoint()
    }

    /// Holds the writer lock: nothing is written until the guard is dropped.
    pub fn lock_writer(&self) -> MutexGuard<'_, Writer> {
        lock(&self.writer)
    }

    /// Deletes every record of the service (the caller holds the writer lock and has cleared
    /// the service's state).
    pub fn wipe(&self, writer: &mut Writer) -> Result<(), StorageError> {
        let _ = self.state.changes().take();
        self.database.wipe(self.name)?;
        writer.compared.clear();
        writer.whole.clear();
        Ok(())
    }
}
