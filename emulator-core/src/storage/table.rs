//! [`Table`]: a map of records that remembers which keys changed, and [`ChangedKeys`], the
//! same bookkeeping for a service's own collections, so a save writes only those records.
//!
//! Tracking costs a key copy per change, and only once a gateway in this process persists
//! something ([`enable_tracking`]): in memory mode nobody takes the keys, so none are kept.

use std::borrow::Borrow;
use std::collections::btree_map::{self, BTreeMap};
use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::RecordBatch;

/// Whether any storage in this process persists: until then, changes are not tracked.
static TRACKING: AtomicBool = AtomicBool::new(false);

/// Starts tracking changed keys in this process. A store opened in a mode other than memory
/// calls it; a service's tests of its own saving call it too.
pub fn track_changes() {
    TRACKING.store(true, Ordering::SeqCst);
}

/// The keys of a collection that changed (inserted, replaced, modified or removed) since the
/// storage layer last took them. A service's own collection (one with indexes, say) calls
/// [`ChangedKeys::mark`] in each method that changes an entry, and [`ChangedKeys::take`] when
/// saving. Not serialized; every value equals every other, so it never affects a comparison.
#[derive(Default, Clone)]
pub struct ChangedKeys {
    keys: HashSet<String>,
}

impl ChangedKeys {
    /// Whether changes are tracked in this process (see [`track_changes`]).
    pub fn tracking(&self) -> bool {
        TRACKING.load(Ordering::Relaxed)
    }

    /// Records that the entry `key` changed.
    pub fn mark(&mut self, key: &str) {
        if TRACKING.load(Ordering::Relaxed) && !self.keys.contains(key) {
            self.keys.insert(key.to_owned());
        }
    }

    /// Records that every entry of `keys` changed.
    pub fn mark_all<'a>(&mut self, keys: impl IntoIterator<Item = &'a str>) {
        if TRACKING.load(Ordering::Relaxed) {
            self.keys.extend(keys.into_iter().map(str::to_owned));
        }
    }

    /// The keys marked since the last call, sorted, forgetting them.
    pub fn take(&mut self) -> Vec<String> {
        let mut keys: Vec<String> = self.keys.drain().collect();
        keys.sort_unstable();
        keys
    }

    /// Forgets every mark (a full save writes everything anyway).
    pub fn clear(&mut self) {
        self.keys.clear();
    }
}

impl PartialEq for ChangedKeys {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl fmt::Debug for ChangedKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ChangedKeys({})", self.keys.len())
    }
}

/// The key of a [`Table`]: how it is written as a record's id and read back from one. A `String`
/// is its own id; a service may key a table by a fixed-size value (a job id held as the 16 bytes
/// of its UUID) that is stored under its text.
pub trait RecordKey: Ord + Borrow<Self::Ref> + Sized {
    /// What a lookup takes: `str` for a `String` key, the key itself for a value.
    type Ref: ?Sized + Ord;

    /// Calls `f` with `key` as the record id it is stored under.
    fn with_record_id<R>(key: &Self::Ref, f: impl FnOnce(&str) -> R) -> R;

    /// The key stored under record id `id`, if `id` names one.
    fn from_record_id(id: &str) -> Option<Self>;
}

impl RecordKey for String {
    type Ref = str;

    fn with_record_id<R>(key: &str, f: impl FnOnce(&str) -> R) -> R {
        f(key)
    }

    fn from_record_id(id: &str) -> Option<Self> {
        Some(id.to_owned())
    }
}

/// A map of records by id that tracks which ids changed. It reads as a `BTreeMap` (it
/// dereferences to one); every method that can change an entry has the map's name and
/// signature and marks the entry, so code written against the map keeps compiling. Serialized
/// as the map. Keyed by `String` unless a service gives another [`RecordKey`].
#[derive(Clone)]
pub struct Table<V, K = String> {
    rows: BTreeMap<K, V>,
    changed: ChangedKeys,
}

impl<V, K> Default for Table<V, K> {
    fn default() -> Self {
        Self {
            rows: BTreeMap::new(),
            changed: ChangedKeys::default(),
        }
    }
}

impl<V, K> Deref for Table<V, K> {
    type Target = BTreeMap<K, V>;

    fn deref(&self) -> &Self::Target {
        &self.rows
    }
}

impl<V, K: RecordKey> Table<V, K> {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records that the entry `id` changed.
    fn mark(changed: &mut ChangedKeys, id: &K::Ref) {
        if changed.tracking() {
            K::with_record_id(id, |id| changed.mark(id));
        }
    }

    /// Records that every entry changed.
    fn mark_every(changed: &mut ChangedKeys, rows: &BTreeMap<K, V>) {
        if changed.tracking() {
            for id in rows.keys() {
                K::with_record_id(id.borrow(), |id| changed.mark(id));
            }
        }
    }

    /// Inserts `value` under `id`, returning the value it replaces.
    pub fn insert(&mut self, id: K, value: V) -> Option<V> {
        Self::mark(&mut self.changed, id.borrow());
        self.rows.insert(id, value)
    }

    /// Removes and returns the entry `id`.
    pub fn remove(&mut self, id: &K::Ref) -> Option<V> {
        let removed = self.rows.remove(id);
        if removed.is_some() {
            Self::mark(&mut self.changed, id);
        }
        removed
    }

    /// The entry `id`, to change it.
    pub fn get_mut(&mut self, id: &K::Ref) -> Option<&mut V> {
        let value = self.rows.get_mut(id)?;
        Self::mark(&mut self.changed, id);
        Some(value)
    }

    /// The map's entry for `id` (marked as changed).
    pub fn entry(&mut self, id: K) -> btree_map::Entry<'_, K, V> {
        Self::mark(&mut self.changed, id.borrow());
        self.rows.entry(id)
    }

    /// Every value, to change them (each is marked).
    pub fn values_mut(&mut self) -> btree_map::ValuesMut<'_, K, V> {
        Self::mark_every(&mut self.changed, &self.rows);
        self.rows.values_mut()
    }

    /// Every entry, to change them (each is marked).
    pub fn iter_mut(&mut self) -> btree_map::IterMut<'_, K, V> {
        Self::mark_every(&mut self.changed, &self.rows);
        self.rows.iter_mut()
    }

    /// Keeps the entries `keep` accepts; the others are removed (and marked).
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        let changed = &mut self.changed;
        self.rows.retain(|id, value| {
            let kept = keep(id, value);
            if !kept {
                Self::mark(changed, id.borrow());
            }
            kept
        });
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        Self::mark_every(&mut self.changed, &self.rows);
        self.rows.clear();
    }
}

impl<V: Serialize + DeserializeOwned, K: RecordKey> Table<V, K> {
    /// Puts into `batch`, as records of `kind` in JSON, the entries that changed since the
    /// last save (every entry when the batch is full), and removals as deletes.
    pub fn save_changes(&mut self, kind: &str, batch: &mut RecordBatch) -> Result<(), String> {
        if batch.is_full() {
            self.changed.clear();
            for (id, value) in &self.rows {
                K::with_record_id(id.borrow(), |id| batch.put_json(kind, id, value))?;
            }
            return Ok(());
        }
        for id in self.changed.take() {
            let value = K::from_record_id(&id).and_then(|key| self.rows.get(key.borrow()));
            match value {
                Some(value) => batch.put_json(kind, &id, value)?,
                None => batch.delete(kind, &id),
            }
        }
        Ok(())
    }

    /// Puts a stored record back (loading: not marked as changed).
    pub fn load_record(&mut self, id: String, value: &[u8]) -> Result<(), String> {
        let key = K::from_record_id(&id).ok_or_else(|| format!("{id}: not a record id here"))?;
        let value = serde_json::from_slice(value).map_err(|error| format!("{id}: {error}"))?;
        self.rows.insert(key, value);
        Ok(())
    }
}

impl<V: PartialEq, K: PartialEq> PartialEq for Table<V, K> {
    fn eq(&self, other: &Self) -> bool {
        self.rows == other.rows
    }
}

impl<V: fmt::Debug, K: fmt::Debug> fmt::Debug for Table<V, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.rows.fmt(f)
    }
}

impl<V, K: RecordKey> FromIterator<(K, V)> for Table<V, K> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut table = Self::new();
        for (id, value) in iter {
            table.insert(id, value);
        }
        table
    }
}

impl<V: Serialize, K: Serialize> Serialize for Table<V, K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.rows.serialize(serializer)
    }
}

impl<'de, V: Deserialize<'de>, K: Deserialize<'de> + Ord> Deserialize<'de> for Table<V, K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Self {
            rows: BTreeMap::deserialize(deserializer)?,
            changed: ChangedKeys::default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::state::Change;

    fn changes(batch: &RecordBatch) -> Vec<(String, Option<String>)> {
        batch
            .changes
            .iter()
            .map(|(kind, id, change)| {
                let value = match change {
                    Change::Put(bytes) => Some(String::from_utf8(bytes.clone()).unwrap()),
                    _ => None,
                };
                (format!("{kind}/{id}"), value)
            })
            .collect()
    }

    #[test]
    fn a_save_carries_only_what_changed_since_the_last_one() {
        track_changes();
        let mut table: Table<u32> = [("a".to_owned(), 1), ("b".to_owned(), 2)]
            .into_iter()
            .collect();
        let mut batch = RecordBatch::changed();
        table.save_changes("n", &mut batch).unwrap();
        assert_eq!(changes(&batch).len(), 2);

        let _ = table.get("a");
        let mut batch = RecordBatch::changed();
        table.save_changes("n", &mut batch).unwrap();
        assert!(batch.is_empty(), "a read changes nothing");

        *table.get_mut("a").unwrap() = 10;
        table.remove("b");
        table.remove("never-there");
        *table.entry("c".to_owned()).or_insert(0) += 3;
        let mut batch = RecordBatch::changed();
        table.save_changes("n", &mut batch).unwrap();
        assert_eq!(
            changes(&batch),
            [
                ("n/a".to_owned(), Some("10".to_owned())),
                ("n/b".to_owned(), None),
                ("n/c".to_owned(), Some("3".to_owned())),
            ]
        );

        let mut full = RecordBatch::full();
        table.save_changes("n", &mut full).unwrap();
        assert_eq!(changes(&full).len(), 2);
    }

    #[test]
    fn it_serializes_as_the_map() {
        let table: Table<u32> = [("a".to_owned(), 1)].into_iter().collect();
        let json = serde_json::to_string(&table).unwrap();
        assert_eq!(json, r#"{"a":1}"#);
        let back: Table<u32> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, table);
    }
}
