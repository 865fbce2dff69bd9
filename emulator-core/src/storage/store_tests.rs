//! [`ServiceStore`] end to end on a real directory, with a stand-in service whose partitions
//! are JSON strings.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::service_store::ServiceStore;
use super::wal::{self, LOG_FILE};
use super::{
    ChangeLog, PartitionKey, PersistentState, ServiceStorageConfig, StorageError, StorageMode,
};

#[derive(Default)]
struct Strings {
    partitions: Mutex<BTreeMap<PartitionKey, String>>,
    changes: ChangeLog,
    resumed: AtomicBool,
}

impl Strings {
    fn set(&self, key: &PartitionKey, value: Option<&str>) {
        let mut partitions = self.partitions.lock().unwrap();
        match value {
            Some(value) => partitions.insert(key.clone(), value.to_owned()),
            None => partitions.remove(key),
        };
        self.changes.record(|| key.clone());
    }

    fn all(&self) -> BTreeMap<PartitionKey, String> {
        self.partitions.lock().unwrap().clone()
    }
}

impl PersistentState for Strings {
    fn changes(&self) -> &ChangeLog {
        &self.changes
    }

    fn save(&self, key: &PartitionKey) -> Result<Option<Vec<u8>>, String> {
        let partitions = self.partitions.lock().unwrap();
        Ok(partitions
            .get(key)
            .map(|value| serde_json::to_vec(value).unwrap()))
    }

    fn load(&self, key: &PartitionKey, state: &[u8]) -> Result<(), String> {
        let value: String = serde_json::from_slice(state).map_err(|e| e.to_string())?;
        self.partitions.lock().unwrap().insert(key.clone(), value);
        Ok(())
    }

    fn resume(&self) {
        self.resumed.store(true, Ordering::SeqCst);
    }
}

fn key(region: &str) -> PartitionKey {
    PartitionKey::new(["111122223333", region])
}

fn config(dir: &Path, mode: StorageMode) -> ServiceStorageConfig {
    ServiceStorageConfig {
        mode,
        dir: dir.join("strings"),
        flush_interval: Duration::from_secs(5),
        compaction_interval: Duration::from_secs(30),
    }
}

fn open(dir: &Path, mode: StorageMode) -> Result<(ServiceStore, Arc<Strings>), StorageError> {
    let state = Arc::new(Strings::default());
    let (store, _) = ServiceStore::open("strings", config(dir, mode), state.clone())?;
    Ok((store, state))
}

fn reopen(dir: &Path, mode: StorageMode) -> BTreeMap<PartitionKey, String> {
    open(dir, mode).expect("the store loads").1.all()
}

fn expected(pairs: &[(&str, &str)]) -> BTreeMap<PartitionKey, String> {
    pairs
        .iter()
        .map(|(region, value)| (key(region), (*value).to_owned()))
        .collect()
}

/// Every file below `dir` with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                found.push((path, bytes));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn persistent_mode_writes_each_changed_partition_to_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let (store, state) = open(dir.path(), StorageMode::Persistent).unwrap();
    state.set(&key("a"), Some("one"));
    state.set(&key("b"), Some("two"));
    store.flush().unwrap();
    assert!(dir.path().join("strings/111122223333/a.json").is_file());
    state.set(&key("b"), None);
    state.set(&key("a"), Some("three"));
    store.flush().unwrap();
    assert!(!dir.path().join("strings/111122223333/b.json").exists());
    drop(store);
    assert_eq!(
        reopen(dir.path(), StorageMode::Persistent),
        expected(&[("a", "three")])
    );
}

#[test]
fn a_partition_that_saves_to_the_same_bytes_is_not_written_again() {
    let dir = tempfile::tempdir().unwrap();
    let (store, state) = open(dir.path(), StorageMode::Persistent).unwrap();
    state.set(&key("a"), Some("one"));
    store.flush().unwrap();
    let file = dir.path().join("strings/111122223333/a.json");
    std::fs::remove_file(&file).unwrap();
    state.set(&key("a"), Some("one"));
    store.flush().unwrap();
    assert!(!file.exists(), "an unchanged partition is not rewritten");
    state.set(&key("a"), Some("two"));
    store.flush().unwrap();
    assert!(file.exists());
}

#[test]
fn wal_mode_replays_the_log_and_folds_it_into_files_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let (store, state) = open(dir.path(), StorageMode::Wal).unwrap();
    state.set(&key("a"), Some("one"));
    store.flush().unwrap();
    state.set(&key("b"), Some("two"));
    state.set(&key("a"), Some("three"));
    store.flush().unwrap();
    assert!(!dir.path().join("strings/111122223333/a.json").exists());
    // Dropped without compacting: a crash.
    drop(store);
    let (store, state) = open(dir.path(), StorageMode::Wal).unwrap();
    assert_eq!(state.all(), expected(&[("a", "three"), ("b", "two")]));
    assert!(dir.path().join("strings/111122223333/a.json").is_file());
    let log = wal::read(&dir.path().join("strings").join(LOG_FILE), "strings")
        .unwrap()
        .unwrap();
    assert!(log.records.is_empty(), "the replayed log was replaced");
    drop(store);
    assert_eq!(
        reopen(dir.path(), StorageMode::Persistent),
        expected(&[("a", "three"), ("b", "two")]),
        "switching modes keeps the state"
    );
}

#[test]
fn compaction_leaves_a_loadable_store_and_later_records_replay_over_it() {
    let dir = tempfile::tempdir().unwrap();
    let (store, state) = open(dir.path(), StorageMode::Wal).unwrap();
    state.set(&key("a"), Some("one"));
    state.set(&key("b"), Some("two"));
    store.flush().unwrap();
    store.compact().unwrap();
    let log = wal::read(&dir.path().join("strings").join(LOG_FILE), "strings")
        .unwrap()
        .unwrap();
    assert!(log.records.is_empty(), "compaction starts an empty log");
    drop(store);
    assert_eq!(
        reopen(dir.path(), StorageMode::Wal),
        expected(&[("a", "one"), ("b", "two")])
    );
    let (store, state) = open(dir.path(), StorageMode::Wal).unwrap();
    state.set(&key("a"), Some("three"));
    state.set(&key("b"), None);
    store.flush().unwrap();
    drop(store);
    assert_eq!(
        reopen(dir.path(), StorageMode::Wal),
        expected(&[("a", "three")])
    );
}

#[test]
fn a_compaction_cut_short_before_the_new_log_does_not_roll_files_back() {
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("strings").join(LOG_FILE);
    let (store, state) = open(dir.path(), StorageMode::Wal).unwrap();
    state.set(&key("a"), Some("logged"));
    store.flush().unwrap();
    let old_log = std::fs::read(&log_path).unwrap();
    // A change the compaction writes to the file although no record holds it yet.
    state.set(&key("a"), Some("newer"));
    store.compact().unwrap();
    drop(store);
    // The crash came after the files were written and before the new log replaced the old.
    std::fs::write(&log_path, &old_log).unwrap();
    assert_eq!(
        reopen(dir.path(), StorageMode::Wal),
        expected(&[("a", "newer")])
    );
}

#[test]
fn a_torn_record_at_the_end_of_the_log_is_dropped_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("strings").join(LOG_FILE);
    let (store, state) = open(dir.path(), StorageMode::Wal).unwrap();
    state.set(&key("a"), Some("acknowledged"));
    store.flush().unwrap();
    drop(store);
    let torn = wal::encode(99, &key("a"), Some(b"\"never acknowledged\""));
    let mut bytes = std::fs::read(&log_path).unwrap();
    bytes.extend_from_slice(&torn[..torn.len() - 3]);
    std::fs::write(&log_path, &bytes).unwrap();

    let state = Arc::new(Strings::default());
    let (_store, notes) = ServiceStore::open(
        "strings",
        config(dir.path(), StorageMode::Wal),
        state.clone(),
    )
    .unwrap();
    assert_eq!(state.all(), expected(&[("a", "acknowledged")]));
    assert!(
        notes
            .iter()
            .any(|n| n.warning && n.text.contains("incomplete record")),
        "{notes:?}"
    );
}

#[test]
fn a_refused_load_touches_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let (store, state) = open(dir.path(), StorageMode::Wal).unwrap();
    state.set(&key("a"), Some("one"));
    state.set(&key("b"), Some("two"));
    store.flush().unwrap();
    store.compact().unwrap();
    state.set(&key("a"), Some("three"));
    store.flush().unwrap();
    drop(store);
    let file = dir.path().join("strings/111122223333/b.json");
    let damaged = |edit: &dyn Fn(&mut Vec<u8>)| {
        let mut bytes = std::fs::read(&file).unwrap();
        let original = bytes.clone();
        edit(&mut bytes);
        std::fs::write(&file, &bytes).unwrap();
        let before = snapshot(dir.path());
        let error = open(dir.path(), StorageMode::Wal).err().expect("refused");
        assert_eq!(snapshot(dir.path()), before, "{error}");
        std::fs::write(&file, original).unwrap();
        error
    };
    let unreadable = damaged(&|bytes| {
        bytes.pop();
    });
    assert!(
        matches!(unreadable, StorageError::Corrupt { .. }),
        "{unreadable}"
    );
    assert!(unreadable.to_string().contains("b.json"), "{unreadable}");
    let newer = damaged(&|bytes| {
        let text = String::from_utf8(bytes.clone()).unwrap();
        *bytes = text
            .replacen("\"version\":1", "\"version\":2", 1)
            .into_bytes();
    });
    assert!(
        matches!(newer, StorageError::Newer { version: 2, .. }),
        "{newer}"
    );
    assert_eq!(
        reopen(dir.path(), StorageMode::Wal),
        expected(&[("a", "three"), ("b", "two")])
    );
}

#[test]
fn wiping_deletes_the_state_and_the_store_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    for mode in [StorageMode::Persistent, StorageMode::Wal] {
        let (store, state) = open(dir.path(), mode).unwrap();
        state.set(&key("a"), Some("one"));
        store.flush().unwrap();
        {
            let mut writer = store.lock_writer();
            state.partitions.lock().unwrap().clear();
            store.wipe(&mut writer).unwrap();
        }
        state.set(&key("b"), Some("after"));
        store.flush().unwrap();
        drop(store);
        assert_eq!(reopen(dir.path(), mode), expected(&[("b", "after")]));
        std::fs::remove_dir_all(dir.path().join("strings")).unwrap();
    }
}
