//! What a service implements to have its state persisted: [`PersistentState`], over partitions
//! named by a [`PartitionKey`], each stored as keyed records ([`RecordBatch`], [`Record`]).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::ChangeLog;

/// The name of one partition of a service's state, as a path of segments: Backup uses
/// `[account, region]` for a region's state and `[account]` for account-wide settings. A
/// partition is guarded by one lock of the service, and is stored as records (a kind and an id
/// each: `("vault", "my-vault")`), so a request writes only the records it changed.
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

/// One stored record of a partition, as read back at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// What it is (a table name such as `vault`).
    pub kind: String,
    /// Which one (its primary key: a name, an id, an ARN); empty for a singleton.
    pub id: String,
    /// What [`RecordBatch::put`] stored (JSON, for every service so far).
    pub value: Vec<u8>,
}

/// A change to one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Change {
    /// Store `value` under the record's key, replacing what was there.
    Put(Vec<u8>),
    /// Remove the record (nothing happens if it is not stored).
    Delete,
    /// Store `Some(value)` or remove the record on `None`, unless the storage layer knows the
    /// last stored state was the same (a fingerprint comparison).
    Compared(Option<Vec<u8>>),
}

/// A record's kind, id and change.
pub(crate) type RecordChange = (String, String, Change);

/// The record changes of one partition, which [`PersistentState::save`] fills and the storage
/// layer writes in one transaction with every other partition of the same flush.
#[derive(Debug, Default)]
pub struct RecordBatch {
    full: bool,
    pub(crate) changes: Vec<RecordChange>,
}

impl RecordBatch {
    /// A batch for the records that changed since the last save.
    pub fn changed() -> Self {
        Self::default()
    }

    /// A batch that replaces the whole partition: every record of it must be put (the stored
    /// ones not put are removed). Asked for when converting older state, and after a failed
    /// write, whose changes the service already handed over.
    pub fn full() -> Self {
        Self {
            full: true,
            changes: Vec::new(),
        }
    }

    /// Whether the service must put every record of the partition, not only the changed ones.
    pub fn is_full(&self) -> bool {
        self.full
    }

    /// Stores `value` as record (`kind`, `id`).
    pub fn put(&mut self, kind: &str, id: &str, value: Vec<u8>) {
        self.changes
            .push((kind.to_owned(), id.to_owned(), Change::Put(value)));
    }

    /// Stores `value` serialized as JSON as record (`kind`, `id`).
    pub fn put_json<T: Serialize + ?Sized>(
        &mut self,
        kind: &str,
        id: &str,
        value: &T,
    ) -> Result<(), String> {
        let bytes = serde_json::to_vec(value).map_err(|error| format!("{kind} {id}: {error}"))?;
        self.put(kind, id, bytes);
        Ok(())
    }

    /// Removes record (`kind`, `id`).
    pub fn delete(&mut self, kind: &str, id: &str) {
        self.changes
            .push((kind.to_owned(), id.to_owned(), Change::Delete));
    }

    /// For a small record the service cannot track changes of (settings kept as one value):
    /// stores `value` (or removes the record on `None`) only when it differs from what this
    /// gateway last stored there, which the storage layer remembers as a fingerprint.
    pub fn put_if_changed(&mut self, kind: &str, id: &str, value: Option<Vec<u8>>) {
        self.changes
            .push((kind.to_owned(), id.to_owned(), Change::Compared(value)));
    }

    /// For a partition a service keeps as one JSON document (state that stays small: a few
    /// sessions, a project's volumes): stores it as the partition's one record, kind
    /// [`DOCUMENT`], when it changed (`None`: the partition holds nothing). Read it back with
    /// [`document`]. A partition that grows with use should be records instead.
    pub fn put_document(&mut self, value: Option<Vec<u8>>) {
        self.put_if_changed(DOCUMENT, "", value);
    }

    /// Whether nothing is to be written.
    pub fn is_empty(&self) -> bool {
        !self.full && self.changes.is_empty()
    }

    /// The records the batch puts, in order, and the (`kind`, `id`) of those it removes: for
    /// a service's tests of its own saving.
    pub fn into_records(self) -> (Vec<Record>, Vec<(String, String)>) {
        let mut put = Vec::new();
        let mut removed = Vec::new();
        for (kind, id, change) in self.changes {
            match change {
                Change::Put(value) | Change::Compared(Some(value)) => {
                    put.push(Record { kind, id, value })
                }
                Change::Delete | Change::Compared(None) => removed.push((kind, id)),
            }
        }
        (put, removed)
    }
}

/// The record kind of a partition kept as one document ([`RecordBatch::put_document`]).
pub const DOCUMENT: &str = "document";

/// The document [`RecordBatch::put_document`] stored for a partition, from its records.
pub fn document(records: &mut dyn Iterator<Item = Record>) -> Result<Option<Vec<u8>>, String> {
    let mut found = None;
    for record in records {
        if record.kind != DOCUMENT || !record.id.is_empty() {
            return Err(format!(
                "record {} {:?} in a partition kept as one document",
                record.kind, record.id
            ));
        }
        found = Some(record.value);
    }
    Ok(found)
}

/// A service's state as the storage layer sees it: partitions of keyed records it can save and
/// load, a log of which partitions changed, and a way to restart its timers once everything is
/// loaded.
///
/// The storage layer calls these from blocking threads, never from an async task, and never
/// while holding a lock of the service. A service tracks which records of a partition changed
/// (a [`super::Table`] does it for a map of records; [`super::ChangedKeys`] for a collection of
/// the service's own), so a save costs what changed, not the size of the partition.
pub trait PersistentState: Send + Sync {
    /// Where the service records which partitions changed (every access that may change a
    /// partition records it).
    fn changes(&self) -> &ChangeLog;

    /// Puts into `batch` the records of partition `key` that changed since the last save
    /// (every record of it when [`RecordBatch::is_full`]), taken under the partition's lock.
    /// A partition that holds nothing simply puts nothing.
    fn save(&self, key: &PartitionKey, batch: &mut RecordBatch) -> Result<(), String>;

    /// Restores partition `key` from its stored records, streamed from the database in
    /// (kind, id) order. Called at start, before the gateway serves; an error stops the binary
    /// naming the database.
    fn load(
        &self,
        key: &PartitionKey,
        records: &mut dyn Iterator<Item = Record>,
    ) -> Result<(), String>;

    /// Restores partition `key` from the JSON document that format 1 (the file engine before
    /// the database, docs/reliability.md) stored for it: the conversion on first start, after
    /// which the partition is saved whole. `Err` for a service that never persisted in format 1.
    fn load_format1(&self, key: &PartitionKey, state: &[u8]) -> Result<(), String> {
        let _ = state;
        Err(format!("no format 1 state is known for partition {key}"))
    }

    /// Called once, inside the async runtime, after every partition is loaded and before the
    /// first request: the service re-creates the timers its state waits for (jobs to finish,
    /// schedules to run). Timers are not stored; they follow from the state.
    fn resume(&self);
}
