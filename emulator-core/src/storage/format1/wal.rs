//! The write-ahead log of wal mode: `wal.log` in the service's directory, a header line
//! (`format.rs`) followed by one framed record per saved partition.
//!
//! A record is a 12-byte frame header, then its payload:
//!
//! ```text
//! payload length (u32 LE) | payload CRC-32 (u32 LE) | CRC-32 of the previous 8 bytes (u32 LE)
//! payload: sequence number (u64 LE) | key length (u32 LE) | key (JSON array) | state (JSON; empty = partition removed)
//! ```
//!
//! Reading tells a write cut short by a crash from damage. Appends are synced before the write
//! they carry is acknowledged, and a process that dies mid-append leaves a prefix of what it
//! wrote, so only the last record can be incomplete: a record at the very end that is short, or
//! whose payload fails its checksum, or a zero-filled tail (a file system that extended the file
//! but never wrote it) is an unacknowledged write and is dropped. A bad record with good data
//! after it, or a record whose frame header fails its own checksum, is corruption.

use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use super::format::{self, Content, Header};
use super::{files, PartitionKey, StorageError};

/// The log's file name in the service's directory.
pub(crate) const LOG_FILE: &str = "wal.log";
const FRAME_BYTES: usize = 12;

/// One record: partition `key`'s state as of sequence number `seq`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Record {
    /// Its place in the order of every write of the service (never reused).
    pub seq: u64,
    /// The partition.
    pub key: PartitionKey,
    /// The partition's state; `None` when it was removed.
    pub state: Option<Vec<u8>>,
}

/// The records of `key`'s state `state` (`None`: removed) numbered `seq`, framed.
pub(crate) fn encode(seq: u64, key: &PartitionKey, state: Option<&[u8]>) -> Vec<u8> {
    // A list of strings always serializes.
    let key_json = serde_json::to_vec(key).unwrap_or_default();
    let state = state.unwrap_or_default();
    let mut payload = Vec::with_capacity(12 + key_json.len() + state.len());
    payload.extend_from_slice(&seq.to_le_bytes());
    payload.extend_from_slice(&len_u32(key_json.len()).to_le_bytes());
    payload.extend_from_slice(&key_json);
    payload.extend_from_slice(state);
    let mut frame = Vec::with_capacity(FRAME_BYTES + payload.len());
    frame.extend_from_slice(&len_u32(payload.len()).to_le_bytes());
    frame.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
    let header_crc = crc32fast::hash(&frame[..8]);
    frame.extend_from_slice(&header_crc.to_le_bytes());
    frame.extend_from_slice(&payload);
    frame
}

fn len_u32(len: usize) -> u32 {
    // Partitions are far below 4 GiB; saturating keeps a monster from wrapping silently (its
    // record then fails its checksum on reading and the log is refused, not misread).
    u32::try_from(len).unwrap_or(u32::MAX)
}

/// An incomplete last record, dropped on reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TornTail {
    /// Where it starts in the file.
    pub offset: usize,
    /// How many bytes were dropped.
    pub bytes: usize,
}

/// What a log holds.
#[derive(Debug, Default)]
pub(crate) struct LogContents {
    /// Its complete records, in order.
    pub records: Vec<Record>,
    /// The incomplete last record, if any.
    pub torn: Option<TornTail>,
}

/// Reads the log at `path` of `service`; `None` when there is none.
pub(crate) fn read(path: &Path, service: &str) -> Result<Option<LogContents>, StorageError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(StorageError::io("read", path, error)),
    };
    let (_, body) = format::decode(path, &bytes, Content::Log, Some(service))?;
    parse(path, body, bytes.len() - body.len()).map(Some)
}

fn parse(path: &Path, body: &[u8], body_offset: usize) -> Result<LogContents, StorageError> {
    let mut contents = LogContents::default();
    let mut pos = 0;
    while pos < body.len() {
        let offset = body_offset + pos;
        let torn = Some(TornTail {
            offset,
            bytes: body.len() - pos,
        });
        let Some(frame) = body.get(pos..pos + FRAME_BYTES) else {
            contents.torn = torn;
            break;
        };
        let word = |at: usize| {
            u32::from_le_bytes([frame[at], frame[at + 1], frame[at + 2], frame[at + 3]])
        };
        if crc32fast::hash(&frame[..8]) != word(8) {
            if body[pos..].iter().all(|b| *b == 0) {
                contents.torn = torn;
                break;
            }
            return Err(StorageError::corrupt(
                path,
                format!("the record at byte {offset} has a damaged frame header"),
            ));
        }
        let end = pos + FRAME_BYTES + word(0) as usize;
        let Some(payload) = body.get(pos + FRAME_BYTES..end) else {
            contents.torn = torn;
            break;
        };
        if crc32fast::hash(payload) != word(4) {
            if end == body.len() {
                contents.torn = torn;
                break;
            }
            return Err(StorageError::corrupt(
                path,
                format!(
                    "the record at byte {offset} fails its checksum and {} bytes of records \
                     follow it",
                    body.len() - end
                ),
            ));
        }
        let record = decode_payload(payload).ok_or_else(|| {
            StorageError::corrupt(
                path,
                format!("the record at byte {offset} passes its checksum but cannot be read"),
            )
        })?;
        contents.records.push(record);
        pos = end;
    }
    Ok(contents)
}

fn decode_payload(payload: &[u8]) -> Option<Record> {
    let seq = u64::from_le_bytes(payload.get(..8)?.try_into().ok()?);
    let key_len = u32::from_le_bytes(payload.get(8..12)?.try_into().ok()?) as usize;
    let key_json = payload.get(12..12 + key_len)?;
    let key: PartitionKey = serde_json::from_slice(key_json).ok()?;
    let state = &payload[12 + key_len..];
    Some(Record {
        seq,
        key,
        state: (!state.is_empty()).then(|| state.to_vec()),
    })
}

/// The open log of a service, appended to.
#[derive(Debug)]
pub(crate) struct LogWriter {
    file: File,
    path: PathBuf,
    /// The length of everything written and synced: an append that fails is cut back to it.
    len: u64,
    /// Set when a failed append could not be cut back: appending more would bury the damage.
    broken: bool,
}

impl LogWriter {
    /// Replaces the log at `path` with an empty one, atomically, and opens it.
    pub fn create(path: &Path, service: &str) -> Result<Self, StorageError> {
        let header = Header::new(Content::Log, Some(service)).encode();
        files::write_atomically(path, &header)?;
        let file = OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(|e| StorageError::io("open", path, e))?;
        Ok(Self {
            file,
            path: path.to_owned(),
            len: header.len() as u64,
            broken: false,
        })
    }

    /// Appends `records` (framed by [`encode`]) and syncs them: once this returns they survive
    /// a crash.
    pub fn append(&mut self, records: &[u8]) -> Result<(), StorageError> {
        if self.broken {
            return Err(StorageError::corrupt(
                &self.path,
                "an earlier write failed and could not be undone; restart the gateway",
            ));
        }
        let written = self
            .file
            .write_all(records)
            .and_then(|()| self.file.sync_data());
        match written {
            Ok(()) => {
                self.len += records.len() as u64;
                Ok(())
            }
            Err(error) => {
                if self.file.set_len(self.len).is_err() {
                    self.broken = true;
                }
                Err(StorageError::io("append to", &self.path, error))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(region: &str) -> PartitionKey {
        PartitionKey::new(["111122223333", region])
    }

    fn log_with(records: &[Vec<u8>]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LOG_FILE);
        let mut log = LogWriter::create(&path, "backup").unwrap();
        for record in records {
            log.append(record).unwrap();
        }
        (dir, path)
    }

    #[test]
    fn records_round_trip_in_order() {
        let (_dir, path) = log_with(&[
            encode(1, &key("us-east-1"), Some(b"{\"a\":1}")),
            encode(2, &key("eu-west-1"), None),
        ]);
        let contents = read(&path, "backup").unwrap().unwrap();
        assert_eq!(contents.torn, None);
        assert_eq!(
            contents.records,
            [
                Record {
                    seq: 1,
                    key: key("us-east-1"),
                    state: Some(b"{\"a\":1}".to_vec())
                },
                Record {
                    seq: 2,
                    key: key("eu-west-1"),
                    state: None
                },
            ]
        );
        assert!(read(&path.with_file_name("none.log"), "backup")
            .unwrap()
            .is_none());
    }

    #[test]
    fn a_torn_last_record_is_dropped_at_every_cut() {
        let first = encode(1, &key("us-east-1"), Some(b"{\"first\":true}"));
        let second = encode(2, &key("us-east-1"), Some(b"{\"second\":true}"));
        let (_dir, path) = log_with(std::slice::from_ref(&first));
        let whole = std::fs::read(&path).unwrap();
        for cut in 1..second.len() {
            let mut bytes = whole.clone();
            bytes.extend_from_slice(&second[..cut]);
            std::fs::write(&path, &bytes).unwrap();
            let contents = read(&path, "backup").unwrap().unwrap();
            assert_eq!(contents.records.len(), 1, "cut at {cut}");
            assert_eq!(
                contents.torn,
                Some(TornTail {
                    offset: whole.len(),
                    bytes: cut
                })
            );
        }
        let mut zeros = whole.clone();
        zeros.extend_from_slice(&[0; 40]);
        std::fs::write(&path, &zeros).unwrap();
        assert_eq!(read(&path, "backup").unwrap().unwrap().records.len(), 1);
    }

    #[test]
    fn a_bad_record_followed_by_good_ones_is_corruption() {
        let records = [
            encode(1, &key("us-east-1"), Some(b"{\"n\":1}")),
            encode(2, &key("us-east-1"), Some(b"{\"n\":2}")),
            encode(3, &key("us-east-1"), Some(b"{\"n\":3}")),
        ];
        let (_dir, path) = log_with(&records);
        let whole = std::fs::read(&path).unwrap();
        let second_payload = whole.len() - records[2].len() - records[1].len() + FRAME_BYTES;
        let second_frame = second_payload - FRAME_BYTES;
        for at in [second_payload + 3, second_frame + 1] {
            let mut bytes = whole.clone();
            bytes[at] ^= 0x40;
            std::fs::write(&path, &bytes).unwrap();
            let error = read(&path, "backup").unwrap_err();
            assert!(matches!(error, StorageError::Corrupt { .. }), "{error}");
            assert!(error.to_string().contains("wal.log"), "{error}");
        }
    }

    #[test]
    fn creating_a_log_replaces_the_old_one_with_an_empty_one() {
        let (_dir, path) = log_with(&[encode(1, &key("us-east-1"), Some(b"{}"))]);
        let mut log = LogWriter::create(&path, "backup").unwrap();
        assert!(read(&path, "backup").unwrap().unwrap().records.is_empty());
        log.append(&encode(2, &key("us-east-1"), Some(b"{}")))
            .unwrap();
        let records = read(&path, "backup").unwrap().unwrap().records;
        assert_eq!(records.iter().map(|r| r.seq).collect::<Vec<_>>(), [2]);
    }
}
