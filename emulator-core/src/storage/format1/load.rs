//! Reading a service's directory back: its partition files and, over them, the records of its
//! log that are newer than each file.
//!
//! Every state a service saves gets the next sequence number. A partition file records the
//! last number its state includes; a log record carries its own. A record is replayed over a
//! partition only when its number is higher than the file's, so a file written by a compaction
//! that was cut short (the old log still in place) is never rolled back by older records.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::wal::{self, TornTail, LOG_FILE};
use super::{files, PartitionKey, StorageError};

/// A partition's state as read back, with the file it came from (for error messages).
#[derive(Debug)]
pub(crate) struct Partition {
    /// The state to load.
    pub state: Vec<u8>,
    /// The partition file, or the log when a record was newer.
    pub source: PathBuf,
}

/// What a log held.
#[derive(Debug)]
pub(crate) struct LogReport {
    /// The log file.
    pub path: PathBuf,
    /// Complete records in it.
    pub records: usize,
    /// The incomplete record at its end, dropped.
    pub torn: Option<TornTail>,
}

/// A service's directory, read and merged.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    /// Every partition that holds state.
    pub partitions: BTreeMap<PartitionKey, Partition>,
    /// Partitions whose newest state (or removal) came from the log: their files are stale.
    pub replayed: BTreeSet<PartitionKey>,
    /// Partitions that have a file.
    pub on_disk: BTreeSet<PartitionKey>,
    /// The highest sequence number found; the next write takes a higher one.
    pub last_seq: u64,
    /// The log, if there was one.
    pub log: Option<LogReport>,
}

/// Reads everything `service` has in `dir`. Nothing is written; any damage is an error naming
/// the file.
pub(crate) fn load(dir: &Path, service: &str) -> Result<Loaded, StorageError> {
    let mut loaded = Loaded::default();
    let mut newest: BTreeMap<PartitionKey, (u64, Option<Partition>)> = BTreeMap::new();
    for file in files::read_partitions(dir, service)? {
        loaded.last_seq = loaded.last_seq.max(file.seq);
        loaded.on_disk.insert(file.key.clone());
        let partition = Partition {
            state: file.state,
            source: file.path,
        };
        newest.insert(file.key, (file.seq, Some(partition)));
    }
    let log_path = dir.join(LOG_FILE);
    if let Some(log) = wal::read(&log_path, service)? {
        loaded.log = Some(LogReport {
            path: log_path.clone(),
            records: log.records.len(),
            torn: log.torn,
        });
        for record in log.records {
            loaded.last_seq = loaded.last_seq.max(record.seq);
            let current = newest.get(&record.key).map_or(0, |(seq, _)| *seq);
            if record.seq <= current {
                continue;
            }
            let partition = record.state.map(|state| Partition {
                state,
                source: log_path.clone(),
            });
            loaded.replayed.insert(record.key.clone());
            newest.insert(record.key, (record.seq, partition));
        }
    }
    loaded.partitions = newest
        .into_iter()
        .filter_map(|(key, (_, partition))| Some((key, partition?)))
        .collect();
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::format1::files::{partition_contents, write_atomically};
    use crate::storage::format1::names::partition_file;
    use crate::storage::format1::wal::{encode, LogWriter};

    fn key(region: &str) -> PartitionKey {
        PartitionKey::new(["111122223333", region])
    }

    fn write_file(dir: &Path, key: &PartitionKey, seq: u64, state: &[u8]) {
        let contents = partition_contents("backup", key, seq, state);
        write_atomically(&partition_file(dir, key), &contents).unwrap();
    }

    #[test]
    fn records_newer_than_a_file_replace_it_and_older_ones_do_not() {
        let dir = tempfile::tempdir().unwrap();
        write_file(dir.path(), &key("a"), 5, b"file-a");
        write_file(dir.path(), &key("b"), 5, b"file-b");
        write_file(dir.path(), &key("c"), 1, b"file-c");
        let mut log = LogWriter::create(&dir.path().join(LOG_FILE), "backup").unwrap();
        let mut records = encode(4, &key("a"), Some(b"old-a"));
        records.extend(encode(6, &key("b"), Some(b"new-b")));
        records.extend(encode(7, &key("c"), None));
        records.extend(encode(8, &key("d"), Some(b"log-d")));
        log.append(&records).unwrap();

        let loaded = load(dir.path(), "backup").unwrap();
        let states: Vec<(String, &[u8])> = loaded
            .partitions
            .iter()
            .map(|(k, p)| (k.to_string(), p.state.as_slice()))
            .collect();
        assert_eq!(
            states,
            [
                ("111122223333/a".to_owned(), &b"file-a"[..]),
                ("111122223333/b".to_owned(), b"new-b"),
                ("111122223333/d".to_owned(), b"log-d"),
            ]
        );
        assert_eq!(
            loaded.replayed.into_iter().collect::<Vec<_>>(),
            [key("b"), key("c"), key("d")]
        );
        assert_eq!(loaded.last_seq, 8);
        assert_eq!(loaded.log.unwrap().records, 4);
    }

    #[test]
    fn an_empty_directory_loads_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let loaded = load(&dir.path().join("never-created"), "backup").unwrap();
        assert!(loaded.partitions.is_empty() && loaded.log.is_none());
    }
}
