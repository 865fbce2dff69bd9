//! Storage settings from the `FLOCI_STORAGE_*` variables, named as floci names them
//! (docs/configuration.md).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

const SERVICES_PREFIX: &str = "FLOCI_STORAGE_SERVICES_";

/// How a service keeps its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageMode {
    /// In memory only: nothing touches the disk, a restart starts empty.
    Memory,
    /// The records a request changed are written in one synced transaction before it answers.
    Persistent,
    /// In memory, written every flush interval and on a graceful shutdown.
    Hybrid,
    /// As persistent; the database's write-ahead log is also checkpointed and truncated every
    /// compaction interval.
    Wal,
}

impl StorageMode {
    /// The configuration value: `memory`, `persistent`, `hybrid` or `wal`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Memory => "memory",
            Self::Persistent => "persistent",
            Self::Hybrid => "hybrid",
            Self::Wal => "wal",
        }
    }

    fn parse(name: &str, value: &str) -> Result<Self, String> {
        match value.to_ascii_lowercase().as_str() {
            "memory" => Ok(Self::Memory),
            "persistent" => Ok(Self::Persistent),
            "hybrid" => Ok(Self::Hybrid),
            "wal" => Ok(Self::Wal),
            _ => Err(invalid(
                name,
                value,
                "one of memory, persistent, hybrid, wal",
            )),
        }
    }
}

/// What `FLOCI_STORAGE_SERVICES_<NAME>_*` changes for one service.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServiceOverride {
    /// `FLOCI_STORAGE_SERVICES_<NAME>_MODE`.
    pub mode: Option<StorageMode>,
    /// `FLOCI_STORAGE_SERVICES_<NAME>_FLUSH_INTERVAL_MS` (floci's per-service hybrid interval).
    pub flush_interval: Option<Duration>,
}

/// Gateway-wide storage settings.
#[derive(Debug, Clone, PartialEq)]
pub struct StorageConfig {
    /// `FLOCI_STORAGE_MODE` (default `memory`).
    pub mode: StorageMode,
    /// `FLOCI_STORAGE_PERSISTENT_PATH` (default `./data`): the database and its lock.
    pub path: PathBuf,
    /// `FLOCI_STORAGE_HYBRID_FLUSH_INTERVAL_MS` (default 5000): how often hybrid mode writes.
    pub hybrid_flush_interval: Duration,
    /// `FLOCI_STORAGE_WAL_COMPACTION_INTERVAL_MS` (default 30000): how often wal mode
    /// checkpoints the database's write-ahead log.
    pub wal_compaction_interval: Duration,
    /// Per-service overrides, by upper-case service name (`BACKUP`).
    pub services: BTreeMap<String, ServiceOverride>,
}

impl Default for StorageConfig {
    fn default() -> Self {
        Self {
            mode: StorageMode::Memory,
            path: PathBuf::from("./data"),
            hybrid_flush_interval: Duration::from_millis(5_000),
            wal_compaction_interval: Duration::from_millis(30_000),
            services: BTreeMap::new(),
        }
    }
}

/// The storage settings in force for one service.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceStorageConfig {
    /// Its mode.
    pub mode: StorageMode,
    /// Where format 1 kept its files, read once to convert them:
    /// `<FLOCI_STORAGE_PERSISTENT_PATH>/<service>`.
    pub dir: PathBuf,
    /// How often hybrid mode writes.
    pub flush_interval: Duration,
    /// How often wal mode compacts.
    pub compaction_interval: Duration,
}

impl StorageConfig {
    /// Takes one `FLOCI_STORAGE_*` variable. Variables floci knows that this gateway does not
    /// use (`..._S3_CACHE_SIZE_MB`) are accepted and ignored, so a floci setup carries over.
    pub fn apply(&mut self, name: &str, value: &str) -> Result<(), String> {
        match name {
            "FLOCI_STORAGE_MODE" => self.mode = StorageMode::parse(name, value)?,
            "FLOCI_STORAGE_PERSISTENT_PATH" => {
                if value.is_empty() {
                    return Err(invalid(name, value, "a directory path"));
                }
                self.path = PathBuf::from(value);
            }
            "FLOCI_STORAGE_HYBRID_FLUSH_INTERVAL_MS" => {
                self.hybrid_flush_interval = millis(name, value)?;
            }
            "FLOCI_STORAGE_WAL_COMPACTION_INTERVAL_MS" => {
                self.wal_compaction_interval = millis(name, value)?;
            }
            _ => {
                let Some(rest) = name.strip_prefix(SERVICES_PREFIX) else {
                    return Ok(());
                };
                if let Some(service) = rest.strip_suffix("_MODE").filter(|s| !s.is_empty()) {
                    let mode = StorageMode::parse(name, value)?;
                    self.services.entry(service.to_owned()).or_default().mode = Some(mode);
                } else if let Some(service) = rest
                    .strip_suffix("_FLUSH_INTERVAL_MS")
                    .filter(|s| !s.is_empty())
                {
                    let interval = millis(name, value)?;
                    self.services
                        .entry(service.to_owned())
                        .or_default()
                        .flush_interval = Some(interval);
                }
            }
        }
        Ok(())
    }

    /// The settings of the service named `name` (its descriptor name, `backup`).
    pub fn for_service(&self, name: &str) -> ServiceStorageConfig {
        let custom = self
            .services
            .get(&name.to_ascii_uppercase())
            .copied()
            .unwrap_or_default();
        ServiceStorageConfig {
            mode: custom.mode.unwrap_or(self.mode),
            dir: self.path.join(name),
            flush_interval: custom.flush_interval.unwrap_or(self.hybrid_flush_interval),
            compaction_interval: self.wal_compaction_interval,
        }
    }
}

/// A whole number of milliseconds, at least 1 and at most a day.
fn millis(name: &str, value: &str) -> Result<Duration, String> {
    value
        .parse::<u64>()
        .ok()
        .filter(|ms| (1..=86_400_000).contains(ms))
        .map(Duration::from_millis)
        .ok_or_else(|| {
            invalid(
                name,
                value,
                "a whole number of milliseconds from 1 to 86400000",
            )
        })
}

fn invalid(name: &str, value: &str, expected: &str) -> String {
    format!("invalid configuration: {name}={value:?} must be {expected}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> Result<StorageConfig, String> {
        let mut config = StorageConfig::default();
        for (name, value) in vars {
            config.apply(name, value)?;
        }
        Ok(config)
    }

    #[test]
    fn defaults_are_floci_s() {
        let backup = StorageConfig::default().for_service("backup");
        assert_eq!(backup.mode, StorageMode::Memory);
        assert_eq!(backup.dir, PathBuf::from("./data/backup"));
        assert_eq!(backup.flush_interval, Duration::from_secs(5));
        assert_eq!(backup.compaction_interval, Duration::from_secs(30));
    }

    #[test]
    fn a_service_overrides_the_global_mode_and_interval() {
        let config = config(&[
            ("FLOCI_STORAGE_MODE", "hybrid"),
            ("FLOCI_STORAGE_PERSISTENT_PATH", "/var/floci"),
            ("FLOCI_STORAGE_HYBRID_FLUSH_INTERVAL_MS", "250"),
            ("FLOCI_STORAGE_WAL_COMPACTION_INTERVAL_MS", "1000"),
            ("FLOCI_STORAGE_SERVICES_BACKUP_MODE", "WAL"),
            ("FLOCI_STORAGE_SERVICES_APP_CONFIG_FLUSH_INTERVAL_MS", "9"),
            ("FLOCI_STORAGE_SERVICES_S3_CACHE_SIZE_MB", "100"),
        ])
        .unwrap();
        let backup = config.for_service("backup");
        assert_eq!(backup.mode, StorageMode::Wal);
        assert_eq!(backup.dir, PathBuf::from("/var/floci/backup"));
        assert_eq!(backup.compaction_interval, Duration::from_secs(1));
        let other = config.for_service("opsworkscm");
        assert_eq!(other.mode, StorageMode::Hybrid);
        assert_eq!(other.flush_interval, Duration::from_millis(250));
        assert_eq!(
            config.for_service("app_config").flush_interval,
            Duration::from_millis(9)
        );
    }

    #[test]
    fn bad_values_are_one_clear_line() {
        for (name, value) in [
            ("FLOCI_STORAGE_MODE", "disk"),
            ("FLOCI_STORAGE_PERSISTENT_PATH", ""),
            ("FLOCI_STORAGE_HYBRID_FLUSH_INTERVAL_MS", "0"),
            ("FLOCI_STORAGE_WAL_COMPACTION_INTERVAL_MS", "soon"),
            ("FLOCI_STORAGE_SERVICES_BACKUP_MODE", "sync"),
            ("FLOCI_STORAGE_SERVICES_BACKUP_FLUSH_INTERVAL_MS", "-5"),
        ] {
            let err = config(&[(name, value)]).unwrap_err();
            assert!(err.contains(name), "{err}");
            assert!(!err.contains('\n'));
        }
    }
}
