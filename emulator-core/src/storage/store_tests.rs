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

fn expected(pairs: &[(&str, &str)]) -> BTreeMap<PartitionKey, String> {
    pairs
        .iter()
        .map(|(region, value)| (key(region), (*value).to_owned()))
        .collect()
}

/// A store and the state it persists, as [`Dir::open`] opened them.
struct Opened {
    store: ServiceStore,
    state: Arc<Strings>,
}

impl Opened {
    /// Gives each region in `changes` its value (`None` removes it), then flushes once.
    fn write(&self, changes: &[(&str, Option<&str>)]) {
        for (region, value) in changes {
            self.state.set(&key(region), *value);
        }
        self.store.flush().unwrap();
    }
}

/// A test's own store directory, deleted when the test ends.
struct Dir(tempfile::TempDir);

impl Dir {
    fn new() -> Self {
        Self(tempfile::tempdir().unwrap())
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    fn config(&self, mode: StorageMode) -> ServiceStorageConfig {
        ServiceStorageConfig {
            mode,
            dir: self.path().join("strings"),
            flush_interval: Duration::from_secs(5),
            compaction_interval: Duration::from_secs(30),
        }
    }

    /// Opens the store in `mode` over a fresh state, which it loads.
    fn open(&self, mode: StorageMode) -> Result<Opened, StorageError> {
        let state = Arc::new(Strings::default());
        let (store, _) = ServiceStore::open("strings", self.config(mode), state.clone())?;
        Ok(Opened { store, state })
    }

    /// What a store opened in `mode` loads.
    fn reopen(&self, mode: StorageMode) -> BTreeMap<PartitionKey, String> {
        self.open(mode).expect("the store loads").state.all()
    }

    /// The file that holds region `region`'s partition.
    fn partition_file(&self, region: &str) -> PathBuf {
        self.path()
            .join(format!("strings/111122223333/{region}.json"))
    }

    fn log_path(&self) -> PathBuf {
        self.path().join("strings").join(LOG_FILE)
    }

    /// How many records the log holds.
    fn logged_records(&self) -> usize {
        wal::read(&self.log_path(), "strings")
            .unwrap()
            .unwrap()
            .records
            .len()
    }

    /// Every file below the directory with its bytes.
    fn snapshot(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut found = Vec::new();
        let mut stack = vec![self.path().to_owned()];
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
}

#[test]
fn persistent_mode_writes_each_changed_partition_to_its_file() {
    let dir = Dir::new();
    let opened = dir.open(StorageMode::Persistent).unwrap();
    opened.write(&[("a", Some("one")), ("b", Some("two"))]);
    assert!(dir.partition_file("a").is_file());
    opened.write(&[("b", None), ("a", Some("three"))]);
    assert!(!dir.partition_file("b").exists());
    drop(opened);
    assert_eq!(
        dir.reopen(StorageMode::Persistent),
        expected(&[("a", "three")])
    );
}

#[test]
fn a_partition_that_saves_to_the_same_bytes_is_not_written_again() {
    let dir = Dir::new();
    let opened = dir.open(StorageMode::Persistent).unwrap();
    opened.write(&[("a", Some("one"))]);
    let file = dir.partition_file("a");
    std::fs::remove_file(&file).unwrap();
    opened.write(&[("a", Some("one"))]);
    assert!(!file.exists(), "an unchanged partition is not rewritten");
    opened.write(&[("a", Some("two"))]);
    assert!(file.exists());
}

#[test]
fn wal_mode_replays_the_log_and_folds_it_into_files_at_start() {
    let dir = Dir::new();
    let opened = dir.open(StorageMode::Wal).unwrap();
    opened.write(&[("a", Some("one"))]);
    opened.write(&[("b", Some("two")), ("a", Some("three"))]);
    assert!(!dir.partition_file("a").exists());
    // Dropped without compacting: a crash.
    drop(opened);
    let opened = dir.open(StorageMode::Wal).unwrap();
    assert_eq!(
        opened.state.all(),
        expected(&[("a", "three"), ("b", "two")])
    );
    assert!(dir.partition_file("a").is_file());
    assert_eq!(dir.logged_records(), 0, "the replayed log was replaced");
    drop(opened);
    assert_eq!(
        dir.reopen(StorageMode::Persistent),
        expected(&[("a", "three"), ("b", "two")]),
        "switching modes keeps the state"
    );
}

#[test]
fn compaction_leaves_a_loadable_store_and_later_records_replay_over_it() {
    let dir = Dir::new();
    let opened = dir.open(StorageMode::Wal).unwrap();
    opened.write(&[("a", Some("one")), ("b", Some("two"))]);
    opened.store.compact().unwrap();
    assert_eq!(dir.logged_records(), 0, "compaction starts an empty log");
    drop(opened);
    assert_eq!(
        dir.reopen(StorageMode::Wal),
        expected(&[("a", "one"), ("b", "two")])
    );
    let opened = dir.open(StorageMode::Wal).unwrap();
    opened.write(&[("a", Some("three")), ("b", None)]);
    drop(opened);
    assert_eq!(dir.reopen(StorageMode::Wal), expected(&[("a", "three")]));
}

#[test]
fn a_compaction_cut_short_before_the_new_log_does_not_roll_files_back() {
    let dir = Dir::new();
    let opened = dir.open(StorageMode::Wal).unwrap();
    opened.write(&[("a", Some("logged"))]);
    let old_log = std::fs::read(dir.log_path()).unwrap();
    // A change the compaction writes to the file although no record holds it yet.
    opened.state.set(&key("a"), Some("newer"));
    opened.store.compact().unwrap();
    drop(opened);
    // The crash came after the files were written and before the new log replaced the old.
    std::fs::write(dir.log_path(), &old_log).unwrap();
    assert_eq!(dir.reopen(StorageMode::Wal), expected(&[("a", "newer")]));
}

#[test]
fn a_torn_record_at_the_end_of_the_log_is_dropped_and_reported() {
    let dir = Dir::new();
    let opened = dir.open(StorageMode::Wal).unwrap();
    opened.write(&[("a", Some("acknowledged"))]);
    drop(opened);
    let torn = wal::encode(99, &key("a"), Some(b"\"never acknowledged\""));
    let mut bytes = std::fs::read(dir.log_path()).unwrap();
    bytes.extend_from_slice(&torn[..torn.len() - 3]);
    std::fs::write(dir.log_path(), &bytes).unwrap();

    let state = Arc::new(Strings::default());
    let (_store, notes) =
        ServiceStore::open("strings", dir.config(StorageMode::Wal), state.clone()).unwrap();
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
    let dir = Dir::new();
    let opened = dir.open(StorageMode::Wal).unwrap();
    opened.write(&[("a", Some("one")), ("b", Some("two"))]);
    opened.store.compact().unwrap();
    opened.write(&[("a", Some("three"))]);
    drop(opened);
    let file = dir.partition_file("b");
    let damaged = |edit: &dyn Fn(&mut Vec<u8>)| {
        let mut bytes = std::fs::read(&file).unwrap();
        let original = bytes.clone();
        edit(&mut bytes);
        std::fs::write(&file, &bytes).unwrap();
        let before = dir.snapshot();
        let error = dir.open(StorageMode::Wal).err().expect("refused");
        assert_eq!(dir.snapshot(), before, "{error}");
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
        dir.reopen(StorageMode::Wal),
        expected(&[("a", "three"), ("b", "two")])
    );
}

#[test]
fn wiping_deletes_the_state_and_the_store_goes_on() {
    let dir = Dir::new();
    for mode in [StorageMode::Persistent, StorageMode::Wal] {
        let opened = dir.open(mode).unwrap();
        opened.write(&[("a", Some("one"))]);
        {
            let mut writer = opened.store.lock_writer();
            opened.state.partitions.lock().unwrap().clear();
            opened.store.wipe(&mut writer).unwrap();
        }
        opened.write(&[("b", Some("after"))]);
        drop(opened);
        assert_eq!(dir.reopen(mode), expected(&[("b", "after")]));
        std::fs::remove_dir_all(dir.path().join("strings")).unwrap();
    }
}
