//! The gateway clock's offset (`POST /_floci/clock`), kept beside the services' state in
//! `<FLOCI_STORAGE_PERSISTENT_PATH>/clock.json` whenever a service persists.
//!
//! Persisted state holds emulated times: a job created after the clock was moved a day ahead
//! finishes a day ahead. Restarting with the clock back at system time would leave such a job
//! waiting a real day and break "time never goes back" (creation dates in the future), so the
//! offset is stored with the state and restored before it.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::files;
use super::format::{self, Content, Header};
use super::StorageError;

/// The file's name under the storage path.
pub(crate) const CLOCK_FILE: &str = "clock.json";

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Body {
    offset_millis: i64,
}

/// The stored offset in milliseconds; `None` when there is no file.
pub(crate) fn read(path: &Path) -> Result<Option<i64>, StorageError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(StorageError::io("read", path, error)),
    };
    let (_, body) = format::decode(path, &bytes, Content::Clock, None)?;
    let body: Body = serde_json::from_slice(body)
        .map_err(|error| StorageError::corrupt(path, format!("bad clock offset: {error}")))?;
    Ok(Some(body.offset_millis))
}

/// Stores `offset_millis`, atomically and durably.
pub(crate) fn write(path: &Path, offset_millis: i64) -> Result<(), StorageError> {
    let mut contents = Header::new(Content::Clock, None).encode();
    // A struct of one number always serializes.
    contents.extend(serde_json::to_vec(&Body { offset_millis }).unwrap_or_default());
    files::write_atomically(path, &contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offset_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CLOCK_FILE);
        assert_eq!(read(&path).unwrap(), None);
        write(&path, 86_400_000).unwrap();
        assert_eq!(read(&path).unwrap(), Some(86_400_000));
        std::fs::write(
            &path,
            b"{\"format\":\"floci-state\",\"version\":1,\"content\":\"clock\"}\n{",
        )
        .unwrap();
        assert!(matches!(read(&path), Err(StorageError::Corrupt { .. })));
    }
}
