//! Persistence of service state: `FLOCI_STORAGE_MODE` = `memory` (default), `persistent`,
//! `hybrid` or `wal`, per service overridable (docs/configuration.md; design and guarantees in
//! docs/reliability.md, "Persistence").
//!
//! A service opts in by answering [`crate::Service::persistence`] with its
//! [`PersistentState`]: state cut into partitions of keyed records, a [`ChangeLog`] of the
//! partitions that changed, and, inside each, the records that changed ([`Table`],
//! [`ChangedKeys`]). The gateway owns the database; a service never sees it. Layout under
//! `FLOCI_STORAGE_PERSISTENT_PATH`:
//!
//! ```text
//! .lock                 held (flock) by the running gateway
//! floci.sqlite3         SQLite: table `records` (service, partition, kind, id, value, crc),
//! floci.sqlite3-wal     table `meta` (the clock's offset, where the state came from)
//! format1-converted/    format 1 files, once converted
//! ```
//!
//! In memory mode nothing here runs: no directory is read or created.

mod changes;
mod config;
mod database;
mod error;
mod format1;
mod service_store;
mod state;
#[cfg(test)]
mod store_tests;
mod table;
mod tasks;

use std::fs::File;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::{json, Map, Value};
use tokio::sync::watch;

use crate::registry::Registry;
use crate::Clock;
use database::{Database, Durability, ORIGIN_KEY};
use service_store::ServiceStore;

pub use changes::ChangeLog;
pub use config::{ServiceOverride, ServiceStorageConfig, StorageConfig, StorageMode};
pub use error::StorageError;
pub use state::{document, PartitionKey, PersistentState, Record, RecordBatch, DOCUMENT};
pub use table::{track_changes, ChangedKeys, RecordKey, Table};

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
    /// The database, when any service persists.
    database: Option<Arc<Database>>,
    /// The locked `.lock` of the storage directory, held while the gateway lives.
    _lock: Option<File>,
    /// Orders clock writes, so the database ends with the latest offset.
    clock_writes: Mutex<()>,
    notes: Vec<StartupNote>,
    /// Set to stop the background tasks.
    stop: watch::Sender<bool>,
}

impl Storage {
    /// Reads back the state of every running service whose mode is not memory, and the clock
    /// offset stored with it, converting format 1 files on the first start. Nothing is read or
    /// written when every service is in memory mode; nothing is written before everything has
    /// been read and checked.
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
        Self::open_services(config, persisted, clock, notes)
    }

    /// [`Self::open`] for the services given, each with its settings and state.
    fn open_services(
        config: &StorageConfig,
        persisted: Vec<(&'static str, ServiceStorageConfig, Arc<dyn PersistentState>)>,
        clock: &Clock,
        mut notes: Vec<StartupNote>,
    ) -> Result<Self, StorageError> {
        if persisted.is_empty() {
            return Ok(Self::without_database(config, notes));
        }
        let lock = lock_dir(&config.path)?;
        let durability = if persisted
            .iter()
            .all(|(_, settings, _)| settings.mode == StorageMode::Hybrid)
        {
            Durability::Normal
        } else {
            Durability::Full
        };
        let database = Arc::new(Database::open(
            &config.path.join(database::DATABASE_FILE),
            durability,
        )?);
        let names: Vec<&str> = persisted.iter().map(|(name, _, _)| *name).collect();
        let origin = database.meta(ORIGIN_KEY)?;
        let old_files = format1::entries(&config.path, &names);
        // Format 1 files are converted when the database holds no state yet; a database that
        // came from them and still has them beside it was stopped before moving them away.
        let convert = !old_files.is_empty() && origin.is_none();
        let (offset, offset_source) = if convert {
            (
                format1::read_clock(&config.path)?,
                format1::clock_path(&config.path),
            )
        } else {
            (database.clock()?, database.path().to_owned())
        };
        if let Some(offset) = offset {
            // An absurd offset (damage, or a build without the clock's bounds) is refused.
            clock
                .try_restore_offset_millis(offset)
                .map_err(|error| StorageError::corrupt(&offset_source, error.to_string()))?;
        }
        let mut stores = Vec::new();
        for (name, settings, state) in persisted {
            let store = ServiceStore::new(name, settings, state, database.clone());
            let partitions = if convert {
                let loaded = format1::load(&store.config().dir, name)?;
                store.load_format1(&loaded)?;
                if let Some((log, torn)) = loaded.log.as_ref().and_then(|l| Some((l, l.torn?))) {
                    notes.push(StartupNote::warning(format!(
                        "storage: dropped an incomplete record at the end of {} (byte {}, {} \
                         bytes, after {} complete records): a write cut short by a crash, never \
                         acknowledged",
                        log.path.display(),
                        torn.offset,
                        torn.bytes,
                        log.records
                    )));
                }
                loaded.partitions.len()
            } else {
                store.load()?
            };
            notes.push(StartupNote::info(format!(
                "storage: {name} is {} in {} ({partitions} partitions loaded)",
                store.config().mode.as_str(),
                database.path().display(),
            )));
            stores.push(Arc::new(store));
        }
        // Everything is read: from here on, writing is safe.
        let mut writers: Vec<_> = stores.iter().map(|store| store.lock_writer()).collect();
        let mut collected = Vec::new();
        for (store, writer) in stores.iter().zip(writers.iter_mut()) {
            collected.push(store.collect(writer)?);
        }
        let writes: Vec<_> = stores
            .iter()
            .zip(&collected)
            .flat_map(|(store, collected)| collected.writes(store.name()))
            .collect();
        let initialized = database.initialize(
            if convert { "format1" } else { "new" },
            &writes,
            offset.filter(|_| convert),
        );
        drop(writes);
        initialized?;
        for ((store, writer), collected) in stores.iter().zip(writers.iter_mut()).zip(collected) {
            store.finish(writer, collected, Ok(()))?;
        }
        drop(writers);
        database.checkpoint_on_close()?;
        if !old_files.is_empty() && (convert || origin.as_deref() == Some("format1")) {
            let aside = format1::move_aside(&config.path, &old_files)?;
            notes.push(StartupNote::info(format!(
                "storage: converted the format 1 state files into {} (once); the old files \
                 are kept in {}",
                database.path().display(),
                aside.display()
            )));
        }
        for store in &stores {
            store.enable();
        }
        Ok(Self {
            config: config.clone(),
            stores,
            database: Some(database),
            _lock: Some(lock),
            clock_writes: Mutex::new(()),
            notes,
            stop: watch::channel(false).0,
        })
    }

    fn without_database(config: &StorageConfig, notes: Vec<StartupNote>) -> Self {
        Self {
            config: config.clone(),
            stores: Vec::new(),
            database: None,
            _lock: None,
            clock_writes: Mutex::new(()),
            notes,
            stop: watch::channel(false).0,
        }
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
        let Some(database) = &self.database else {
            return Ok(());
        };
        let _ordered = self
            .clock_writes
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        database.write(&[], Some(clock.offset_millis()))
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
    std::fs::create_dir_all(dir).map_err(|e| StorageError::io("create the directory", dir, e))?;
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
