//! [`Storage`] end to end on a real directory, with a stand-in service whose partitions hold a
//! [`Table`] of notes and one small settings value.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::Connection;

use super::database::DATABASE_FILE;
use super::format1;
use super::{
    ChangeLog, PartitionKey, PersistentState, Record, RecordBatch, Storage, StorageConfig,
    StorageError, StorageMode, Table,
};
use crate::Clock;

#[derive(Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct Partition {
    notes: Table<String>,
    settings: String,
}

#[derive(Default)]
struct Notes {
    partitions: Mutex<BTreeMap<PartitionKey, Partition>>,
    changes: ChangeLog,
}

impl Notes {
    fn with(&self, key: &PartitionKey, f: impl FnOnce(&mut Partition)) {
        let mut partitions = self.partitions.lock().unwrap();
        self.changes.record(|| key.clone());
        f(partitions.entry(key.clone()).or_default());
    }

    fn snapshot(&self) -> BTreeMap<PartitionKey, (BTreeMap<String, String>, String)> {
        self.partitions
            .lock()
            .unwrap()
            .iter()
            .map(|(key, p)| (key.clone(), ((*p.notes).clone(), p.settings.clone())))
            .collect()
    }
}

impl PersistentState for Notes {
    fn changes(&self) -> &ChangeLog {
        &self.changes
    }

    fn save(&self, key: &PartitionKey, batch: &mut RecordBatch) -> Result<(), String> {
        let mut partitions = self.partitions.lock().unwrap();
        let Some(partition) = partitions.get_mut(key) else {
            return Ok(());
        };
        partition.notes.save_changes("note", batch)?;
        let settings = (!partition.settings.is_empty()).then(|| partition.settings.clone());
        batch.put_if_changed("settings", "", settings.map(String::into_bytes));
        Ok(())
    }

    fn load(
        &self,
        key: &PartitionKey,
        records: &mut dyn Iterator<Item = Record>,
    ) -> Result<(), String> {
        let mut partition = Partition::default();
        for record in records {
            match record.kind.as_str() {
                "note" => partition.notes.load_record(record.id, &record.value)?,
                "settings" => {
                    partition.settings =
                        String::from_utf8(record.value).map_err(|e| e.to_string())?
                }
                other => return Err(format!("unknown kind {other}")),
            }
        }
        self.partitions
            .lock()
            .unwrap()
            .insert(key.clone(), partition);
        Ok(())
    }

    fn load_format1(&self, key: &PartitionKey, state: &[u8]) -> Result<(), String> {
        let partition: Partition = serde_json::from_slice(state).map_err(|e| e.to_string())?;
        self.partitions
            .lock()
            .unwrap()
            .insert(key.clone(), partition);
        Ok(())
    }

    fn resume(&self) {}
}

fn key(region: &str) -> PartitionKey {
    PartitionKey::new(["111122223333", region])
}

fn config(dir: &Path, mode: StorageMode) -> StorageConfig {
    StorageConfig {
        mode,
        path: dir.to_owned(),
        hybrid_flush_interval: Duration::from_secs(5),
        wal_compaction_interval: Duration::from_secs(30),
        services: BTreeMap::new(),
    }
}

fn open(dir: &Path, mode: StorageMode) -> Result<(Storage, Arc<Notes>, Clock), StorageError> {
    let notes = Arc::new(Notes::default());
    let config = config(dir, mode);
    let clock = Clock::default();
    let storage = Storage::open_services(
        &config,
        vec![("notes", config.for_service("notes"), notes.clone())],
        &clock,
        Vec::new(),
    )?;
    Ok((storage, notes, clock))
}

fn flush(storage: &Storage) {
    storage.stores[0].flush().unwrap();
}

/// Every stored record of `notes`, read with SQLite directly: (partition, kind, id, value).
fn rows(dir: &Path) -> Vec<(String, String, String, String)> {
    let connection = Connection::open(dir.join(DATABASE_FILE)).unwrap();
    let mut statement = connection
        .prepare("SELECT partition, kind, id, CAST(value AS TEXT) FROM records ORDER BY 1, 2, 3")
        .unwrap();
    statement
        .query_map([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_flush_writes_only_the_records_that_changed_and_a_restart_reads_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let (storage, notes, _) = open(dir.path(), StorageMode::Persistent).unwrap();
    notes.with(&key("us-east-1"), |p| {
        p.notes.insert("a".into(), "first".into());
        p.notes.insert("b".into(), "second".into());
        p.settings = "on".into();
    });
    notes.with(&key("eu-west-1"), |p| {
        p.notes.insert("c".into(), "third".into());
    });
    flush(&storage);
    let stored = rows(dir.path());
    assert_eq!(stored.len(), 4, "{stored:?}");

    // A read records the partition; nothing of it changed, so nothing is written. The
    // database's change counter, read by a connection of its own, would move otherwise.
    let connection = Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
    let version = |c: &Connection| -> u64 {
        c.query_row("PRAGMA data_version", [], |row| row.get(0))
            .unwrap()
    };
    let seen = version(&connection);
    notes.with(&key("us-east-1"), |p| assert_eq!(p.notes.len(), 2));
    flush(&storage);
    assert_eq!(version(&connection), seen, "a read wrote");

    notes.with(&key("us-east-1"), |p| {
        p.notes.remove("a");
        *p.notes.get_mut("b").unwrap() = "changed".into();
    });
    flush(&storage);
    assert_ne!(version(&connection), seen);
    let snapshot = notes.snapshot();
    drop(storage);

    let (_, reloaded, _) = open(dir.path(), StorageMode::Persistent).unwrap();
    assert_eq!(reloaded.snapshot(), snapshot);
    assert_eq!(
        reloaded.snapshot()[&key("us-east-1")].0,
        BTreeMap::from([("b".to_owned(), "changed".to_owned())])
    );
}

#[test]
fn the_clock_offset_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (storage, _, clock) = open(dir.path(), StorageMode::Wal).unwrap();
    clock.restore_offset_millis(86_400_000);
    storage.save_clock(&clock).unwrap();
    drop(storage);
    let (_, _, clock) = open(dir.path(), StorageMode::Wal).unwrap();
    assert_eq!(clock.offset_millis(), 86_400_000);
}

#[test]
fn an_absurd_stored_clock_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    stored_database(dir.path());
    let connection = Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
    connection
        .execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('clock_offset_millis', '-5')",
            [],
        )
        .unwrap();
    connection
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    drop(connection);
    assert_refused_untouched(
        dir.path(),
        |e| matches!(e, StorageError::Corrupt { detail, .. } if detail.contains("clock offset")),
    );
}

#[test]
fn a_reset_removes_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let (storage, notes, _) = open(dir.path(), StorageMode::Persistent).unwrap();
    notes.with(&key("r"), |p| {
        p.notes.insert("a".into(), "x".into());
    });
    flush(&storage);
    storage
        .reset(|| notes.partitions.lock().unwrap().clear())
        .unwrap();
    assert!(rows(dir.path()).is_empty());
}

fn assert_refused_untouched(dir: &Path, expect: impl Fn(&StorageError) -> bool) {
    let path = dir.join(DATABASE_FILE);
    let before = std::fs::read(&path).unwrap();
    let error = open(dir, StorageMode::Persistent)
        .err()
        .expect("the start is refused");
    assert!(expect(&error), "{error}");
    assert!(error.to_string().contains(DATABASE_FILE), "{error}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the database changed"
    );
}

fn stored_database(dir: &Path) {
    let (storage, notes, _) = open(dir, StorageMode::Persistent).unwrap();
    notes.with(&key("r"), |p| {
        p.notes.insert("a".into(), "a value".into());
    });
    flush(&storage);
    drop(storage);
    // Fold the write-ahead log in, so the damage below is in the one file.
    let connection = Connection::open(dir.join(DATABASE_FILE)).unwrap();
    connection
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
}

#[test]
fn a_record_that_fails_its_checksum_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    stored_database(dir.path());
    let bytes = std::fs::read(dir.path().join(DATABASE_FILE)).unwrap();
    let at = bytes
        .windows(7)
        .position(|w| w == b"a value")
        .expect("the value is in the file");
    let mut damaged = bytes;
    damaged[at] = b'A';
    std::fs::write(dir.path().join(DATABASE_FILE), damaged).unwrap();
    assert_refused_untouched(
        dir.path(),
        |e| matches!(e, StorageError::Corrupt { detail, .. } if detail.contains("checksum")),
    );
}

#[test]
fn a_truncated_or_foreign_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    stored_database(dir.path());
    let path = dir.path().join(DATABASE_FILE);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() - 100]).unwrap();
    assert_refused_untouched(dir.path(), |e| matches!(e, StorageError::Corrupt { .. }));
    std::fs::write(
        &path,
        b"not a database, but long enough to have a header of some kind ..",
    )
    .unwrap();
    assert_refused_untouched(dir.path(), |e| matches!(e, StorageError::Corrupt { .. }));
}

#[test]
fn a_newer_format_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    stored_database(dir.path());
    let connection = Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
    connection.pragma_update(None, "user_version", 3).unwrap();
    drop(connection);
    assert_refused_untouched(dir.path(), |e| {
        matches!(e, StorageError::Newer { version: 3, .. })
    });
}

#[test]
fn format1_state_is_converted_once_and_kept_aside() {
    let dir = tempfile::tempdir().unwrap();
    let service_dir = dir.path().join("notes");
    let old = |region: &str, json: &str, seq: u64| {
        let contents = format1::partition_contents("notes", &key(region), seq, json.as_bytes());
        format1::write_atomically(
            &format1::partition_file(&service_dir, &key(region)),
            &contents,
        )
        .unwrap();
    };
    old("us-east-1", r#"{"notes":{"a":"old a"},"settings":"s"}"#, 1);
    old("eu-west-1", r#"{"notes":{"b":"stale"},"settings":""}"#, 1);
    // A wal-mode log whose newer record replaces eu-west-1's file.
    let mut log =
        format1::LogWriter::create(&service_dir.join(format1::LOG_FILE), "notes").unwrap();
    log.append(&format1::encode_record(
        2,
        &key("eu-west-1"),
        Some(br#"{"notes":{"b":"from the log"},"settings":""}"#),
    ))
    .unwrap();
    format1::write_clock(&dir.path().join("clock.json"), 3_600_000).unwrap();

    let (storage, notes, clock) = open(dir.path(), StorageMode::Persistent).unwrap();
    assert_eq!(clock.offset_millis(), 3_600_000);
    assert!(
        storage.notes().iter().any(|n| n.text.contains("converted")),
        "{:?}",
        storage.notes()
    );
    let converted = notes.snapshot();
    assert_eq!(converted[&key("eu-west-1")].0["b"], "from the log");
    assert!(!service_dir.exists() && !dir.path().join("clock.json").exists());
    assert!(dir.path().join("format1-converted/notes").is_dir());
    drop(storage);

    let (storage, notes, clock) = open(dir.path(), StorageMode::Persistent).unwrap();
    assert_eq!(notes.snapshot(), converted);
    assert_eq!(clock.offset_millis(), 3_600_000);
    assert!(!storage.notes().iter().any(|n| n.text.contains("converted")));
}

#[test]
fn damaged_format1_state_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = format1::partition_file(&dir.path().join("notes"), &key("r"));
    format1::write_atomically(&path, b"{\"format\":\"floci-state\",\"version\":1").unwrap();
    let error = open(dir.path(), StorageMode::Persistent)
        .err()
        .expect("refused");
    assert!(matches!(error, StorageError::Corrupt { .. }), "{error}");
    assert!(path.exists());
    let database = dir.path().join(DATABASE_FILE);
    let connection = Connection::open(&database).unwrap();
    let tables: i64 = connection
        .query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get(0))
        .unwrap();
    assert_eq!(tables, 0, "nothing was written to the database");
}
