//! [`Database`]: the SQLite file that holds the records of every persisted service and the
//! gateway clock, `<FLOCI_STORAGE_PERSISTENT_PATH>/floci.sqlite3` (schema below; readable with
//! the `sqlite3` shell, docs/reliability.md).
//!
//! Opening reads and checks before anything is written: a file that is not a database, fails
//! SQLite's `quick_check`, or declares a newer format (`PRAGMA user_version`) is refused, and a
//! record whose CRC-32 does not match its value is refused when read, since SQLite keeps no
//! checksum of its own pages. The connection does not checkpoint on close, so a refused start
//! leaves the write-ahead log as it found it.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use rusqlite::config::DbConfig;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};

use super::state::{Change, RecordChange};
use super::{PartitionKey, Record, StorageError};

/// The database's file name under the storage path.
pub(crate) const DATABASE_FILE: &str = "floci.sqlite3";

/// The format version this build writes and reads (`PRAGMA user_version`). Version 1 was the
/// file engine before the database (`format1/`), which is converted, not read in place.
pub(crate) const VERSION: u64 = 2;

/// One row per record. A rowid table, not `WITHOUT ROWID`: a record of a kilobyte or two (a
/// recovery point, a job) then fits in its page, where a `WITHOUT ROWID` row spills past about
/// 1,000 bytes into an overflow page of its own, which made the database 2.5 times the size of
/// its JSON. The primary key's index keeps a partition's records one range scan away.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS records (
    service   TEXT NOT NULL,
    partition TEXT NOT NULL,
    kind      TEXT NOT NULL,
    id        TEXT NOT NULL,
    value     BLOB NOT NULL,
    crc       INTEGER NOT NULL,
    PRIMARY KEY (service, partition, kind, id)
);
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;
";

/// What a checkpoint truncates the write-ahead log to, in bytes.
const JOURNAL_SIZE_LIMIT: i64 = 64 * 1024 * 1024;

/// `meta` key of the clock's offset in milliseconds.
const CLOCK_KEY: &str = "clock_offset_millis";
/// `meta` key saying where the database's state came from: `new`, or `format1` (converted).
pub(crate) const ORIGIN_KEY: &str = "origin";

/// How hard a commit waits for the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Durability {
    /// `synchronous=FULL`: a commit is on disk when it returns (persistent and wal modes).
    Full,
    /// `synchronous=NORMAL`: a commit survives the process dying, not a power loss (hybrid
    /// mode alone, which loses up to an interval by design).
    Normal,
}

/// The changes of one partition of one service, ready to write.
pub(crate) struct PartitionWrite<'a> {
    /// The service.
    pub service: &'a str,
    /// The partition.
    pub partition: &'a PartitionKey,
    /// Whether its stored records are removed first (the batch holds all of it).
    pub replace: bool,
    /// Its record changes: `Change::Compared` resolved by the caller into puts and deletes.
    pub changes: &'a [RecordChange],
}

/// The records of one partition, read as they are asked for.
struct PartitionRows<'a, 'r> {
    database: &'a Database,
    service: &'a str,
    rows: &'a mut rusqlite::Rows<'r>,
    partition: &'a str,
    first: Option<Record>,
    /// Where the first row of the next partition goes.
    next: &'a mut Option<(String, Record)>,
    /// The first damaged row, which ends the iteration.
    failure: &'a mut Option<StorageError>,
}

impl Iterator for PartitionRows<'_, '_> {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        if let Some(first) = self.first.take() {
            return Some(first);
        }
        if self.failure.is_some() || self.next.is_some() {
            return None;
        }
        match self.database.read_row(self.service, self.rows) {
            Ok(Some((partition, record))) if partition == self.partition => Some(record),
            Ok(Some(other)) => {
                *self.next = Some(other);
                None
            }
            Ok(None) => None,
            Err(error) => {
                *self.failure = Some(error);
                None
            }
        }
    }
}

/// The open database.
pub(crate) struct Database {
    path: PathBuf,
    connection: Mutex<Connection>,
}

fn sqlite_error(path: &Path, error: &rusqlite::Error) -> StorageError {
    use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
    match error.sqlite_error_code() {
        Some(DatabaseCorrupt | NotADatabase) => StorageError::corrupt(path, error.to_string()),
        _ => StorageError::Database {
            path: path.to_owned(),
            detail: error.to_string(),
        },
    }
}

fn partition_text(partition: &PartitionKey) -> String {
    // A list of strings always serializes.
    serde_json::to_string(partition).unwrap_or_default()
}

fn checksum(value: &[u8]) -> i64 {
    i64::from(crc32fast::hash(value))
}

impl Database {
    /// Opens the database at `path` (created empty if absent) and checks it, writing nothing.
    pub fn open(path: &Path, durability: Durability) -> Result<Self, StorageError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let connection =
            Connection::open_with_flags(path, flags).map_err(|e| sqlite_error(path, &e))?;
        let error = |e: rusqlite::Error| sqlite_error(path, &e);
        connection
            .set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
            .map_err(error)?;
        let version: i64 = connection
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(error)?;
        let version = u64::try_from(version).unwrap_or(u64::MAX);
        if version > VERSION {
            return Err(StorageError::Newer {
                path: path.to_owned(),
                version,
                reads: VERSION,
            });
        }
        let check: String = connection
            .pragma_query_value(None, "quick_check", |row| row.get(0))
            .map_err(error)?;
        if check != "ok" {
            return Err(StorageError::corrupt(path, format!("quick_check: {check}")));
        }
        let synchronous = match durability {
            Durability::Full => "FULL",
            Durability::Normal => "NORMAL",
        };
        connection
            .pragma_update(None, "synchronous", synchronous)
            .map_err(error)?;
        // The write-ahead log keeps its largest size unless told otherwise: a bulk load would
        // leave hundreds of megabytes of it behind after its checkpoint.
        connection
            .pragma_update(None, "journal_size_limit", JOURNAL_SIZE_LIMIT)
            .map_err(error)?;
        Ok(Self {
            path: path.to_owned(),
            connection: Mutex::new(connection),
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn connection(&self) -> MutexGuard<'_, Connection> {
        self.connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn error(&self, error: rusqlite::Error) -> StorageError {
        sqlite_error(&self.path, &error)
    }

    /// Whether the file holds the schema (a database this engine initialized).
    pub fn is_initialized(&self) -> Result<bool, StorageError> {
        let connection = self.connection();
        let tables: i64 = connection
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
                [],
                |row| row.get(0),
            )
            .map_err(|e| self.error(e))?;
        Ok(tables > 0)
    }

    /// A `meta` value; `None` when unset or not initialized.
    pub fn meta(&self, key: &str) -> Result<Option<String>, StorageError> {
        if !self.is_initialized()? {
            return Ok(None);
        }
        self.connection()
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()
            .map_err(|e| self.error(e))
    }

    /// The stored clock offset, if any.
    pub fn clock(&self) -> Result<Option<i64>, StorageError> {
        match self.meta(CLOCK_KEY)? {
            None => Ok(None),
            Some(text) => text.parse().map(Some).map_err(|_| {
                StorageError::corrupt(&self.path, format!("bad clock offset {text:?}"))
            }),
        }
    }

    /// Streams every record of `service` to `load`, one partition at a time (a partition's
    /// records are never all in memory at once), each checked against its CRC. Returns how
    /// many partitions there were. `load`'s error names the partition; a damaged record is
    /// reported as such even when `load` stopped at it.
    pub fn load_records(
        &self,
        service: &str,
        mut load: impl FnMut(&PartitionKey, &mut dyn Iterator<Item = Record>) -> Result<(), String>,
    ) -> Result<usize, StorageError> {
        if !self.is_initialized()? {
            return Ok(0);
        }
        let connection = self.connection();
        let mut statement = connection
            .prepare(
                "SELECT partition, kind, id, value, crc FROM records WHERE service = ?1 \
                 ORDER BY partition, kind, id",
            )
            .map_err(|e| self.error(e))?;
        let mut rows = statement.query([service]).map_err(|e| self.error(e))?;
        let mut pending = self.read_row(service, &mut rows)?;
        let mut count = 0;
        while let Some((partition, first)) = pending.take() {
            let key: PartitionKey = serde_json::from_str(&partition).map_err(|_| {
                StorageError::corrupt(
                    &self.path,
                    format!("record {service} {partition:?}: not a partition name"),
                )
            })?;
            let mut failure = None;
            let mut records = PartitionRows {
                database: self,
                service,
                rows: &mut rows,
                partition: &partition,
                first: Some(first),
                next: &mut pending,
                failure: &mut failure,
            };
            let loaded = load(&key, &mut records);
            records.by_ref().for_each(drop);
            if let Some(failure) = failure {
                return Err(failure);
            }
            loaded.map_err(|detail| {
                StorageError::corrupt(
                    &self.path,
                    format!("the {service} service cannot read partition {key}: {detail}"),
                )
            })?;
            count += 1;
        }
        Ok(count)
    }

    /// The next row of `rows` as (partition, record), its CRC checked.
    fn read_row(
        &self,
        service: &str,
        rows: &mut rusqlite::Rows<'_>,
    ) -> Result<Option<(String, Record)>, StorageError> {
        let Some(row) = rows.next().map_err(|e| self.error(e))? else {
            return Ok(None);
        };
        let partition: String = row.get(0).map_err(|e| self.error(e))?;
        let kind: String = row.get(1).map_err(|e| self.error(e))?;
        let id: String = row.get(2).map_err(|e| self.error(e))?;
        let value = match row.get_ref(3).map_err(|e| self.error(e))? {
            ValueRef::Text(bytes) | ValueRef::Blob(bytes) => bytes.to_vec(),
            other => {
                return Err(StorageError::corrupt(
                    &self.path,
                    format!(
                        "record {service} {partition} {kind} {id:?} holds a {:?}",
                        other.data_type()
                    ),
                ))
            }
        };
        let crc: i64 = row.get(4).map_err(|e| self.error(e))?;
        if crc != checksum(&value) {
            return Err(StorageError::corrupt(
                &self.path,
                format!("record {service} {partition} {kind} {id:?} fails its checksum"),
            ));
        }
        Ok(Some((partition, Record { kind, id, value })))
    }

    /// Creates the schema if the file has none (in write-ahead log mode, at this build's
    /// version, with `origin`), then writes `writes`, and the clock when given, in one
    /// transaction.
    pub fn initialize(
        &self,
        origin: &str,
        writes: &[PartitionWrite<'_>],
        clock: Option<i64>,
    ) -> Result<(), StorageError> {
        let mut connection = self.connection();
        // Outside a transaction: the journal mode cannot change inside one. Persistent in the
        // file.
        connection
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| self.error(e))?;
        let transaction = connection.transaction().map_err(|e| self.error(e))?;
        transaction
            .execute_batch(SCHEMA)
            .map_err(|e| self.error(e))?;
        transaction
            .pragma_update(None, "user_version", VERSION as i64)
            .map_err(|e| self.error(e))?;
        transaction
            .execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES (?1, ?2)",
                [ORIGIN_KEY, origin],
            )
            .map_err(|e| self.error(e))?;
        self.apply(&transaction, writes, clock)?;
        transaction.commit().map_err(|e| self.error(e))
    }

    /// Writes `writes`, and the clock when given, in one transaction.
    pub fn write(
        &self,
        writes: &[PartitionWrite<'_>],
        clock: Option<i64>,
    ) -> Result<(), StorageError> {
        let mut connection = self.connection();
        let transaction = connection.transaction().map_err(|e| self.error(e))?;
        self.apply(&transaction, writes, clock)?;
        transaction.commit().map_err(|e| self.error(e))
    }

    fn apply(
        &self,
        transaction: &rusqlite::Transaction<'_>,
        writes: &[PartitionWrite<'_>],
        clock: Option<i64>,
    ) -> Result<(), StorageError> {
        let error = |e| self.error(e);
        let mut put = transaction
            .prepare_cached(
                "INSERT OR REPLACE INTO records (service, partition, kind, id, value, crc) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .map_err(error)?;
        let mut delete = transaction
            .prepare_cached(
                "DELETE FROM records WHERE service = ?1 AND partition = ?2 AND kind = ?3 \
                 AND id = ?4",
            )
            .map_err(error)?;
        for write in writes {
            let partition = partition_text(write.partition);
            if write.replace {
                transaction
                    .execute(
                        "DELETE FROM records WHERE service = ?1 AND partition = ?2",
                        [write.service, partition.as_str()],
                    )
                    .map_err(error)?;
            }
            for (kind, id, change) in write.changes {
                match change {
                    Change::Put(value) | Change::Compared(Some(value)) => {
                        // JSON is stored as text, so the sqlite3 shell shows it as it is.
                        let value_ref = ToSqlOutput::Borrowed(match std::str::from_utf8(value) {
                            Ok(text) => ValueRef::Text(text.as_bytes()),
                            Err(_) => ValueRef::Blob(value),
                        });
                        put.execute(params![
                            write.service,
                            partition,
                            kind,
                            id,
                            value_ref,
                            checksum(value)
                        ])
                        .map_err(error)?;
                    }
                    Change::Delete | Change::Compared(None) => {
                        delete
                            .execute(params![write.service, partition, kind, id])
                            .map_err(error)?;
                    }
                }
            }
        }
        if let Some(offset) = clock {
            transaction
                .execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                    [CLOCK_KEY, &offset.to_string()],
                )
                .map_err(error)?;
        }
        Ok(())
    }

    /// Removes every record of `service`.
    pub fn wipe(&self, service: &str) -> Result<(), StorageError> {
        self.connection()
            .execute("DELETE FROM records WHERE service = ?1", [service])
            .map(drop)
            .map_err(|e| self.error(e))
    }

    /// Copies the write-ahead log into the database and empties it (wal mode's compaction).
    pub fn checkpoint(&self) -> Result<(), StorageError> {
        self.connection()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(|e| self.error(e))
    }

    /// Lets closing the connection fold the write-ahead log into the database (a clean stop
    /// leaves one file); called once everything loaded, after the checks.
    pub fn checkpoint_on_close(&self) -> Result<(), StorageError> {
        self.connection()
            .set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)
            .map(drop)
            .map_err(|e| self.error(e))
    }
}
