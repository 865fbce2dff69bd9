//! Persistence of service state: `FLOCI_STORAGE_MODE` = `memory` (default), `persistent`,
//! `hybrid` or `wal`, per service overridable (docs/configuration.md; design and guarantees in
//! docs/reliability.md, "Persistence").
//!
//! A service opts in by answering [`crate::Service::persistence`] with its
//! [`PersistentState`]: state cut into partitions it saves and loads whole, and a [`ChangeLog`]
//! of the partitions that changed. The gateway owns everything about files; a service never
//! sees one. Layout under `FLOCI_STORAGE_PERSISTENT_PATH`:
//!
//! ```text
//! clock.json                            the gateway clock's offset
//! backup/111122223333.json              a partition: header line, then its JSON
//! backup/111122223333/us-east-1.json
//! backup/wal.log                        wal mode: header line, then framed records
//! ```
//!
//! In memory mode nothing here runs: no directory is read or created.

mod changes;
mod clock_file;
mod config;
mod error;
mod files;
mod format;
mod load;
mod names;
mod service_store;
mod state;
#[cfg(test)]
mod store_tests;
mod tasks;
mod wal;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::{json, Map, Value};
use tokio::sync::watch;

use crate::registry::Registry;
use crate::Clock;
use service_store::ServiceStore;

pub use changes::ChangeLog;
pub use config::{ServiceOverride, ServiceStorageConfig, StorageConfig, StorageMode};
pub use error::StorageError;
pub use state::{PartitionKey, PersistentState};

/// The file a gateway holds locked while it uses a storage directory: two gateways writing one
/// directory would destroy each other's state.
const LOCK_FILE: &str = ".lock";

/// A line for the start-up log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartupNote {
    /// Whether it reports something that went wrong (a dropped log record).
    pub warning: bool,
    /// The line.
    pub text: String,
}

impl StartupNote {
    fn info(text: String) -> Self {
        Self {
            warning: false,
            text,
        }
    }

    fn warning(text: String) -> Self {
        Self {
            warning: true,
            text,
        }
    }
}

/// The persisted state of every service that keeps some, and the gateway clock with it.
pub(crate) struct Storage {
    config: StorageConfig,
    stores: Vec<Arc<ServiceStore>>,
    /// The clock file, when any service persists.
    clock_file: Option<PathBuf>,
    /// The locked `.lock` of the storage directory, held while the gateway lives.
    _lock: Option<File>,
    /// Orders clock writes, so the file ends with the latest offset.
    clock_writes: Mutex<()>,
    notes: Vec<StartupNote>,
    /// Set to stop the background tasks.
    stop: watch::Sender<bool>,
}

impl Storage {
    /// Reads back the state of every running service whose mode is not memory, and the clock
    /// offset stored with it. Nothing is read or written when every service is in memory mode.
    pub fn open(
        config: &StorageConfig,
        registry: &Registry,
        clock: &Clock,
    ) -> Result<Self, StorageError> {
        let mut notes = Vec::new();
        let mut persisted = Vec::new();
        for (name, persistence) in registry.persistence() {
            let settings = config.for_service(name);
            if settings.mode == StorageMode::Memory {
                continue;
            }
            match persistence {
                Some(state) => persisted.push((name, settings, state)),
                None => notes.push(StartupNote::info(format!(
                    "storage: {name} keeps its state in memory ({} storage is not supported by \
                     this service yet)",
                    settings.mode.as_str()
                ))),
            }
        }
        let lock = if persisted.is_empty() {
            None
        } else {
            Some(lock_dir(&config.path)?)
        };
        let clock_file = lock
            .is_some()
            .then(|| config.path.join(clock_file::CLOCK_FILE));
        if let Some(path) = &clock_file {
            if let Some(offset) = clock_file::read(path)? {
                clock.restore_offset_millis(offset);
            }
        }
        let mut stores = Vec::new();
        for (name, settings, state) in persisted {
            let (store, opened) = ServiceStore::open(name, settings, state)?;
            notes.extend(opened);
            stores.push(Arc::new(store));
        }
        Ok(Self {
            config: config.clone(),
            stores,
            clock_file,
            _lock: lock,
            clock_writes: Mutex::new(()),
            notes,
            stop: watch::channel(false).0,
        })
    }

    /// What opening found, for the start-up log.
    pub fn notes(&self) -> &[StartupNote] {
        &self.notes
    }

    /// Inside the runtime, before serving: each service re-creates its timers from the loaded
    /// state, and the background writers start.
    pub fn start(&self) {
        for store in &self.stores {
            store.state().resume();
            tasks::spawn(store.clone(), self.stop.subscribe());
        }
    }

    /// Before a response of `service` is sent: in persistent and wal modes, stores what the
    /// request (or anything before it) changed. Other modes return at once.
    pub async fn commit(&self, service: &str) -> Result<(), StorageError> {
        let Some(store) = self.stores.iter().find(|store| store.name() == service) else {
            return Ok(());
        };
        // No shortcut when nothing is recorded: a flush that took this request's partition may
        // still be writing it, and waiting for the writer lock is what waits for that flush.
        if !matches!(
            store.config().mode,
            StorageMode::Persistent | StorageMode::Wal
        ) {
            return Ok(());
        }
        tasks::blocking(store.clone(), |store| store.flush()).await
    }

    /// After the last request: stops the background writers and stores everything that
    /// changed (the flush on graceful shutdown of hybrid mode).
    pub async fn shutdown(&self) {
        let _ = self.stop.send(true);
        for store in &self.stores {
            if let Err(error) = tasks::blocking(store.clone(), |store| store.flush()).await {
                tracing::error!(service = store.name(), %error, "storage: the final flush failed");
            }
        }
    }

    /// Runs `clear` (which drops every service's state and resets the clock) with every writer
    /// held, then deletes the stored state. Blocking file work, inline: a reset is rare, and
    /// in memory mode there is none.
    pub fn reset(&self, clear: impl FnOnce()) -> Result<(), StorageError> {
        let mut writers: Vec<_> = self.stores.iter().map(|s| s.lock_writer()).collect();
        clear();
        for (store, writer) in self.stores.iter().zip(writers.iter_mut()) {
            store.wipe(writer)?;
        }
        Ok(())
    }

    /// Stores the clock's offset (after it moved or was reset), when any service persists.
    pub fn save_clock(&self, clock: &Clock) -> Result<(), StorageError> {
        let Some(path) = &self.clock_file else {
            return Ok(());
        };
        let _ordered = self
            .clock_writes
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        clock_file::write(path, clock.offset_millis())
    }

    /// The configuration in force, for `/_floci/info`.
    pub fn describe(&self, registry: &Registry) -> Value {
        let services: Map<String, Value> = registry
            .statuses()
            .map(|(name, _)| {
                let mode = match self.stores.iter().find(|store| store.name() == name) {
                    Some(store) => store.config().mode,
                    None => StorageMode::Memory,
                };
                (name.to_owned(), json!(mode.as_str()))
            })
            .collect();
        json!({
            "mode": self.config.mode.as_str(),
            "persistentPath": self.config.path.display().to_string(),
            "hybridFlushIntervalMs": self.config.hybrid_flush_interval.as_millis() as u64,
            "walCompactionIntervalMs": self.config.wal_compaction_interval.as_millis() as u64,
            "services": services,
        })
    }
}

/// Creates `dir` if needed and takes the lock on its `.lock` file, or says who holds it.
fn lock_dir(dir: &Path) -> Result<File, StorageError> {
    files::ensure_dir(dir)?;
    let path = dir.join(LOCK_FILE);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| StorageError::io("open", &path, e))?;
    // Called through the trait: the standard library's inherent `File::try_lock` is newer than
    // this workspace's minimum Rust version.
    match fs4::FileExt::try_lock(&file) {
        Ok(()) => Ok(file),
        Err(fs4::TryLockError::WouldBlock) => Err(StorageError::Locked {
            path: dir.to_owned(),
        }),
        Err(fs4::TryLockError::Error(error)) => Err(StorageError::io("lock", &path, error)),
    }
}
