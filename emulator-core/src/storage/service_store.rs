//! [`ServiceStore`]: one service's state on disk, in its mode: opened (read back, then made
//! tidy), flushed (files in persistent and hybrid modes, log records in wal mode), compacted
//! (wal mode) and wiped (reset).
//!
//! One writer lock per service orders every write. A flush takes the partitions recorded as
//! changed and saves each under its own lock, so a request that changed a partition and then
//! flushes finds its change either written by its own flush or by one that took the partition
//! after the change and finished before its own flush could take the writer lock: either way it
//! is on disk before the request answers.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::files::{self, partition_contents};
use super::load::{self, Loaded};
use super::wal::{self, LogWriter, LOG_FILE};
use super::{
    names, PartitionKey, PersistentState, ServiceStorageConfig, StartupNote, StorageError,
    StorageMode,
};

/// A fingerprint of a partition's state: XXH3-128, which tells a changed state from an unchanged
/// one (a 2^-128 chance of a miss) at memory speed. SHA-256 showed up as most of the cost of a
/// read in persistent mode (the whole partition is fingerprinted per request); nothing here
/// needs resistance to a chosen collision.
type Hash = u128;

/// The writer's bookkeeping, behind the writer lock.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    /// The fingerprint of each partition's state as last stored (file or log record): a
    /// partition that saves to the same bytes is not stored again. Absent: nothing stored.
    written: HashMap<PartitionKey, Hash>,
    /// The sequence number of the last state stored.
    seq: u64,
    /// The open log (wal mode). `None` after a failed attempt to start a new one.
    log: Option<LogWriter>,
    /// Partitions with records in the current log: the next compaction writes their files.
    logged: BTreeSet<PartitionKey>,
}

/// One service's persisted state.
pub(crate) struct ServiceStore {
    name: &'static str,
    config: ServiceStorageConfig,
    state: Arc<dyn PersistentState>,
    writer: Mutex<Writer>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn hash(state: &[u8]) -> Hash {
    twox_hash::XxHash3_128::oneshot(state)
}

impl ServiceStore {
    /// Reads the state of service `name` back into `state`, then tidies the directory: a
    /// replayed log is folded into the partition files and replaced (wal mode) or removed. A
    /// damaged or newer file is an error before anything is written.
    pub fn open(
        name: &'static str,
        config: ServiceStorageConfig,
        state: Arc<dyn PersistentState>,
    ) -> Result<(Self, Vec<StartupNote>), StorageError> {
        let loaded = load::load(&config.dir, name)?;
        for (key, partition) in &loaded.partitions {
            state.load(key, &partition.state).map_err(|detail| {
                StorageError::corrupt(
                    &partition.source,
                    format!("the {name} service cannot read partition {key}: {detail}"),
                )
            })?;
        }
        let notes = notes(name, &config, &loaded);
        let store = Self {
            name,
            writer: Mutex::new(Writer {
                written: loaded
                    .partitions
                    .iter()
                    .map(|(key, partition)| (key.clone(), hash(&partition.state)))
                    .collect(),
                seq: loaded.last_seq,
                log: None,
                logged: BTreeSet::new(),
            }),
            config,
            state,
        };
        store.tidy(&loaded)?;
        store.state.changes().enable();
        Ok((store, notes))
    }

    /// After a successful load: replayed partitions get their files, the log is replaced by an
    /// empty one (wal mode) or removed, and a reset cut short is finished.
    fn tidy(&self, loaded: &Loaded) -> Result<(), StorageError> {
        let mut writer = lock(&self.writer);
        files::ensure_dir(&self.config.dir)?;
        for key in &loaded.replayed {
            let path = names::partition_file(&self.config.dir, key);
            match loaded.partitions.get(key) {
                Some(partition) => {
                    let contents = partition_contents(self.name, key, writer.seq, &partition.state);
                    files::write_atomically(&path, &contents)?;
                }
                None => files::remove_durably(&path)?,
            }
        }
        let log_path = self.log_path();
        if self.config.mode == StorageMode::Wal {
            writer.log = Some(LogWriter::create(&log_path, self.name)?);
        } else if loaded.log.is_some() {
            files::remove_durably(&log_path)?;
        }
        let aside = self.reset_aside();
        if aside.exists() {
            std::fs::remove_dir_all(&aside).map_err(|e| StorageError::io("remove", &aside, e))?;
        }
        Ok(())
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

    fn log_path(&self) -> PathBuf {
        self.config.dir.join(LOG_FILE)
    }

    /// Where a reset moves the directory before deleting it, so a crash mid-reset leaves either
    /// the old state or none, never a part of it.
    fn reset_aside(&self) -> PathBuf {
        let parent = self.config.dir.parent().unwrap_or_else(|| Path::new("."));
        parent.join(format!(".{}.reset", self.name))
    }

    /// Stores every partition recorded as changed: its file (persistent and hybrid modes) or a
    /// log record (wal mode). On error the partitions stay recorded for the next flush.
    pub fn flush(&self) -> Result<(), StorageError> {
        let mut writer = lock(&self.writer);
        let keys = self.state.changes().take();
        if keys.is_empty() {
            return Ok(());
        }
        let result = match self.config.mode {
            StorageMode::Wal => self.append(&mut writer, &keys),
            _ => self.write_files(&mut writer, &keys),
        };
        if result.is_err() {
            self.state.changes().restore(keys);
        }
        result
    }

    fn save(&self, key: &PartitionKey) -> Result<Option<Vec<u8>>, StorageError> {
        self.state
            .save(key)
            .map_err(|detail| StorageError::Unsaveable {
                service: self.name,
                partition: key.to_string(),
                detail,
            })
    }

    fn write_files(&self, writer: &mut Writer, keys: &[PartitionKey]) -> Result<(), StorageError> {
        for key in keys {
            let path = names::partition_file(&self.config.dir, key);
            match self.save(key)? {
                Some(state) => {
                    let hash = hash(&state);
                    if writer.written.get(key) == Some(&hash) {
                        continue;
                    }
                    let contents = partition_contents(self.name, key, writer.seq, &state);
                    files::write_atomically(&path, &contents)?;
                    writer.written.insert(key.clone(), hash);
                }
                None => {
                    if writer.written.contains_key(key) {
                        files::remove_durably(&path)?;
                        writer.written.remove(key);
                    }
                }
            }
        }
        Ok(())
    }

    fn append(&self, writer: &mut Writer, keys: &[PartitionKey]) -> Result<(), StorageError> {
        let mut batch = Vec::new();
        let mut stored = Vec::new();
        for key in keys {
            let state = self.save(key)?;
            let hash = state.as_deref().map(hash);
            if writer.written.get(key) == hash.as_ref() {
                continue;
            }
            writer.seq += 1;
            batch.extend(wal::encode(writer.seq, key, state.as_deref()));
            stored.push((key, hash));
        }
        if batch.is_empty() {
            return Ok(());
        }
        if writer.log.is_none() {
            // The last compaction wrote every file and then failed to start the new log: the
            // files hold everything, so a fresh log is safe.
            writer.log = Some(LogWriter::create(&self.log_path(), self.name)?);
        }
        if let Some(log) = writer.log.as_mut() {
            log.append(&batch)?;
        }
        for (key, hash) in stored {
            match hash {
                Some(hash) => writer.written.insert(key.clone(), hash),
                None => writer.written.remove(key),
            };
            writer.logged.insert(key.clone());
        }
        Ok(())
    }

    /// Wal mode: writes the current state of every partition the log holds records of to its
    /// file, then starts an empty log. A crash at any point leaves a loadable store: files
    /// written so far carry the sequence number of the last record, so the old log's records
    /// are not replayed over them.
    pub fn compact(&self) -> Result<(), StorageError> {
        let mut writer = lock(&self.writer);
        let taken = self.state.changes().take();
        let mut keys = writer.logged.clone();
        keys.extend(taken.iter().cloned());
        if keys.is_empty() {
            return Ok(());
        }
        let result = self.compact_keys(&mut writer, &keys);
        if result.is_err() {
            self.state.changes().restore(taken);
        }
        result
    }

    fn compact_keys(
        &self,
        writer: &mut Writer,
        keys: &BTreeSet<PartitionKey>,
    ) -> Result<(), StorageError> {
        // Written whatever the hashes say: a hash names the last state stored, which may be in
        // the log only. Every change made before now is at most `writer.seq` old, so files
        // stamped with it are newer than every record of the old log.
        for key in keys {
            let path = names::partition_file(&self.config.dir, key);
            match self.save(key)? {
                Some(state) => {
                    let contents = partition_contents(self.name, key, writer.seq, &state);
                    files::write_atomically(&path, &contents)?;
                    writer.written.insert(key.clone(), hash(&state));
                }
                None => {
                    files::remove_durably(&path)?;
                    writer.written.remove(key);
                }
            }
        }
        // Without a log until the new one exists: appends would otherwise go to the old file
        // after a failure that had already replaced it.
        writer.log = None;
        writer.log = Some(LogWriter::create(&self.log_path(), self.name)?);
        writer.logged.clear();
        Ok(())
    }

    /// Holds the writer lock: nothing is written until the guard is dropped.
    pub fn lock_writer(&self) -> MutexGuard<'_, Writer> {
        lock(&self.writer)
    }

    /// Deletes every file of the service (the caller holds the writer lock and has cleared the
    /// service's state): the directory is moved aside in one rename, then removed.
    pub fn wipe(&self, writer: &mut Writer) -> Result<(), StorageError> {
        let _ = self.state.changes().take();
        let aside = self.reset_aside();
        if aside.exists() {
            std::fs::remove_dir_all(&aside).map_err(|e| StorageError::io("remove", &aside, e))?;
        }
        writer.log = None;
        if self.config.dir.exists() {
            std::fs::rename(&self.config.dir, &aside)
                .map_err(|e| StorageError::io("move aside", &self.config.dir, e))?;
            files::sync_dir(aside.parent().unwrap_or_else(|| Path::new(".")))?;
            std::fs::remove_dir_all(&aside).map_err(|e| StorageError::io("remove", &aside, e))?;
        }
        writer.written.clear();
        writer.logged.clear();
        files::ensure_dir(&self.config.dir)?;
        if self.config.mode == StorageMode::Wal {
            writer.log = Some(LogWriter::create(&self.log_path(), self.name)?);
        }
        Ok(())
    }
}

/// The start-up log lines for a service opened in `config` from `loaded`.
fn notes(name: &str, config: &ServiceStorageConfig, loaded: &Loaded) -> Vec<StartupNote> {
    let mut text = format!(
        "storage: {name} is {} in {} ({} partitions loaded",
        config.mode.as_str(),
        config.dir.display(),
        loaded.partitions.len()
    );
    if let Some(log) = &loaded.log {
        text.push_str(&format!(
            ", {} log records read, {} partitions replayed",
            log.records,
            loaded.replayed.len()
        ));
    }
    text.push(')');
    let mut notes = vec![StartupNote::info(text)];
    if let Some((log, torn)) = loaded.log.as_ref().and_then(|log| Some((log, log.torn?))) {
        notes.push(StartupNote::warning(format!(
            "storage: dropped an incomplete record at the end of {} (byte {}, {} bytes): a write \
             cut short by a crash, never acknowledged",
            log.path.display(),
            torn.offset,
            torn.bytes
        )));
    }
    notes
}
