//! [`StorageError`]: what can go wrong reading or writing state, as one line naming the file.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// A storage failure. Its text is one line that names the file and says what to do.
#[derive(Debug)]
pub enum StorageError {
    /// The operating system refused a read or write.
    Io {
        /// What was being done: `write`, `read`, `rename`...
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A file is not a state file this build can trust.
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        detail: String,
    },
    /// Another process holds the storage directory.
    Locked {
        /// The directory.
        path: PathBuf,
    },
    /// A service could not serialize one of its partitions.
    Unsaveable {
        /// The service.
        service: &'static str,
        /// The partition.
        partition: String,
        /// Why.
        detail: String,
    },
    /// A file was written by a newer build, in a format version this one does not know.
    Newer {
        /// The file.
        path: PathBuf,
        /// The version it declares.
        version: u64,
        /// The version this build reads.
        reads: u64,
    },
    /// The database refused an operation (other than finding itself damaged).
    Database {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        detail: String,
    },
}

impl StorageError {
    /// An I/O failure of `action` on `path`.
    pub(crate) fn io(action: &'static str, path: &Path, source: io::Error) -> Self {
        Self::Io {
            action,
            path: path.to_owned(),
            source,
        }
    }

    /// `path` holds something this build cannot read back.
    pub(crate) fn corrupt(path: &Path, detail: impl Into<String>) -> Self {
        Self::Corrupt {
            path: path.to_owned(),
            detail: detail.into(),
        }
    }
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io {
                action,
                path,
                source,
            } => write!(f, "cannot {action} {}: {source}", path.display()),
            Self::Corrupt { path, detail } => write!(
                f,
                "the state file {} is corrupt ({detail}); stopping without touching it: move it \
                 away (or restore it from a copy) to start",
                path.display()
            ),
            Self::Locked { path } => write!(
                f,
                "another floci-gateway is using {} (it holds the lock on {}); stop it, or give \
                 this one another FLOCI_STORAGE_PERSISTENT_PATH",
                path.display(),
                path.join(super::LOCK_FILE).display()
            ),
            Self::Unsaveable {
                service,
                partition,
                detail,
            } => write!(
                f,
                "the {service} service cannot save partition {partition}: {detail}"
            ),
            Self::Newer {
                path,
                version,
                reads,
            } => write!(
                f,
                "the state file {} was written by a newer floci (state format version \
                 {version}; this build reads version {reads}); stopping without touching it: \
                 run that newer floci-gateway, or move the file away to start",
                path.display()
            ),
            Self::Database { path, detail } => {
                write!(f, "the database {} failed: {detail}", path.display())
            }
        }
    }
}

impl std::error::Error for StorageError {}
