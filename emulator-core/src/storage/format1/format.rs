//! The header line every state file starts with, so that a file says what it holds, which
//! service wrote it, and in which format version:
//!
//! ```text
//! {"format":"floci-state","version":1,"content":"partition","service":"backup","partition":["111122223333","us-east-1"],"seq":42}
//! ```
//!
//! A partition file continues with the partition's JSON; the log continues with binary
//! records (`wal.rs`); the clock file with the clock's offset.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{PartitionKey, StorageError};

/// The `format` of every state file.
pub(crate) const FORMAT: &str = "floci-state";
/// The format version this build writes, and the newest it reads.
pub(crate) const VERSION: u64 = 1;
/// A header longer than this is not one.
const MAX_HEADER_BYTES: usize = 64 * 1024;

/// What a state file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Content {
    /// One partition's state.
    Partition,
    /// A service's write-ahead log.
    Log,
    /// The gateway clock's offset.
    Clock,
}

/// The first line of a state file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Header {
    pub format: String,
    pub version: u64,
    pub content: Content,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition: Option<PartitionKey>,
    /// For a partition file: the sequence number of the last log record its state includes
    /// (records up to it are older than the file and are not replayed over it).
    #[serde(default)]
    pub seq: u64,
}

impl Header {
    /// A header of this build's format.
    pub fn new(content: Content, service: Option<&str>) -> Self {
        Self {
            format: FORMAT.to_owned(),
            version: VERSION,
            content,
            service: service.map(str::to_owned),
            partition: None,
            seq: 0,
        }
    }

    /// The header as its line, newline included.
    pub fn encode(&self) -> Vec<u8> {
        // A struct of strings and numbers always serializes.
        let mut line = serde_json::to_vec(self).unwrap_or_default();
        line.push(b'\n');
        line
    }
}

/// Splits `bytes` (the whole file at `path`) into its header and the rest, checking that it is
/// a state file of a version this build reads, holding `content` of `service`.
pub(crate) fn decode<'a>(
    path: &Path,
    bytes: &'a [u8],
    content: Content,
    service: Option<&str>,
) -> Result<(Header, &'a [u8]), StorageError> {
    let end = bytes
        .iter()
        .take(MAX_HEADER_BYTES)
        .position(|b| *b == b'\n')
        .ok_or_else(|| StorageError::corrupt(path, "it does not start with a header line"))?;
    let value: Value = serde_json::from_slice(&bytes[..end])
        .map_err(|_| StorageError::corrupt(path, "its header line is not JSON"))?;
    if value.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(StorageError::corrupt(
            path,
            format!("its header does not say \"format\":\"{FORMAT}\""),
        ));
    }
    // Checked before the other fields: a newer version may have changed them.
    match value.get("version").and_then(Value::as_u64) {
        Some(version) if version > VERSION => {
            return Err(StorageError::Newer {
                path: path.to_owned(),
                version,
                reads: VERSION,
            })
        }
        Some(version) if version >= 1 => {}
        _ => {
            return Err(StorageError::corrupt(
                path,
                "its header has no valid version",
            ))
        }
    }
    let header: Header = serde_json::from_value(value)
        .map_err(|error| StorageError::corrupt(path, format!("bad header: {error}")))?;
    if header.content != content || header.service.as_deref() != service {
        return Err(StorageError::corrupt(
            path,
            format!(
                "it holds {:?} of {:?} where {content:?} of {service:?} belongs",
                header.content, header.service
            ),
        ));
    }
    if content == Content::Partition && header.partition.is_none() {
        return Err(StorageError::corrupt(path, "its header names no partition"));
    }
    Ok((header, &bytes[end + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path() -> &'static Path {
        Path::new("/data/backup/1.json")
    }

    #[test]
    fn a_header_round_trips_and_the_rest_follows_it() {
        let mut header = Header::new(Content::Partition, Some("backup"));
        header.partition = Some(PartitionKey::new(["111122223333", "us-east-1"]));
        header.seq = 7;
        let mut file = header.encode();
        file.extend_from_slice(b"{\"vaults\":{}}");
        let (read, rest) = decode(path(), &file, Content::Partition, Some("backup")).unwrap();
        assert_eq!(read, header);
        assert_eq!(rest, b"{\"vaults\":{}}");
    }

    #[test]
    fn a_newer_version_is_refused_as_newer() {
        let file = b"{\"format\":\"floci-state\",\"version\":2,\"whatever\":true}\n{}";
        let error = decode(path(), file, Content::Partition, Some("backup")).unwrap_err();
        assert!(matches!(error, StorageError::Newer { version: 2, .. }));
        let text = error.to_string();
        assert!(text.contains("newer floci") && text.contains("/data/backup/1.json"));
    }

    #[test]
    fn anything_else_is_corrupt() {
        for file in [
            &b"no header at all"[..],
            b"[1,2]\n{}",
            b"{\"format\":\"other\",\"version\":1}\n",
            b"{\"format\":\"floci-state\",\"version\":0,\"content\":\"log\"}\n",
            b"{\"format\":\"floci-state\",\"version\":1,\"content\":\"log\",\"service\":\"backup\"}\n",
            b"{\"format\":\"floci-state\",\"version\":1,\"content\":\"partition\",\"service\":\"backup\"}\n",
            b"{\"format\":\"floci-state\",\"version\":1,\"content\":\"partition\",\"service\":\"other\",\"partition\":[\"a\"]}\n",
        ] {
            let error = decode(path(), file, Content::Partition, Some("backup")).unwrap_err();
            assert!(matches!(error, StorageError::Corrupt { .. }), "{error}");
        }
    }
}
