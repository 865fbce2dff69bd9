//! Format 1: the files the storage engine wrote before the database (a JSON file per
//! partition, a framed log in wal mode, `clock.json`), read once to convert them
//! (docs/reliability.md, "Converting format 1 state"). Reading keeps every check it had: a
//! damaged or newer file stops the start naming it, and nothing is written until the whole of
//! it has been read.
//!
//! The writers stay for the tests, which make format 1 fixtures with them.

#[cfg_attr(not(test), allow(dead_code))]
mod clock_file;
#[cfg_attr(not(test), allow(dead_code))]
mod files;
#[cfg_attr(not(test), allow(dead_code))]
mod format;
mod load;
mod names;
#[cfg_attr(not(test), allow(dead_code))]
mod wal;

use std::path::{Path, PathBuf};

use super::{PartitionKey, StorageError};
use clock_file::CLOCK_FILE;

pub(crate) use load::{load, Loaded};

#[cfg(test)]
pub(crate) use {
    clock_file::write as write_clock,
    files::partition_contents,
    files::write_atomically,
    names::partition_file,
    wal::{encode as encode_record, LogWriter, LOG_FILE},
};

/// Where converted files are moved, under the storage path.
pub(crate) const CONVERTED_DIR: &str = "format1-converted";

/// The format 1 entries under `path` for the `services` given: `clock.json` and each service's
/// directory, those that exist.
pub(crate) fn entries(path: &Path, services: &[&str]) -> Vec<PathBuf> {
    std::iter::once(CLOCK_FILE)
        .chain(services.iter().copied())
        .map(|name| path.join(name))
        .filter(|entry| entry.exists())
        .collect()
}

/// Where format 1 kept the clock's offset under `path`.
pub(crate) fn clock_path(path: &Path) -> PathBuf {
    path.join(CLOCK_FILE)
}

/// The clock offset format 1 stored under `path`, if any.
pub(crate) fn read_clock(path: &Path) -> Result<Option<i64>, StorageError> {
    clock_file::read(&clock_path(path))
}

/// Moves the format 1 `entries` into `<path>/format1-converted/` (once their state is in the
/// database), so they are neither read again nor lost.
pub(crate) fn move_aside(path: &Path, entries: &[PathBuf]) -> Result<PathBuf, StorageError> {
    let aside = path.join(CONVERTED_DIR);
    std::fs::create_dir_all(&aside).map_err(|e| StorageError::io("create", &aside, e))?;
    for entry in entries {
        let Some(name) = entry.file_name() else {
            continue;
        };
        let target = aside.join(name);
        std::fs::rename(entry, &target).map_err(|e| StorageError::io("move", entry, e))?;
    }
    Ok(aside)
}
