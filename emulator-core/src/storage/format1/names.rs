//! Where a partition's file lives: `<service dir>/<segment>/.../<last segment>.json`, each
//! segment made safe for any file system.
//!
//! Segments come from requests (a region is whatever the credential scope says), so they are
//! encoded: lower-case letters, digits and `-` stay as they are (account ids and region names
//! read as themselves); every other byte becomes `%XX`, so no name is `.` or `..`, holds a
//! separator, or differs from another only in case. An empty segment is `%`, and a very long
//! one is cut and ends in `~` and a hash of the whole, to stay within file name limits. The
//! file's header carries the exact key, so names never need decoding.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::PartitionKey;

/// Encoded segments longer than this are shortened.
const MAX_SEGMENT_BYTES: usize = 120;
/// How much of a long segment's encoding is kept before its hash.
const KEPT_BYTES: usize = 64;

/// The file holding partition `key` of the service whose directory is `dir`.
pub(crate) fn partition_file(dir: &Path, key: &PartitionKey) -> PathBuf {
    let mut path = dir.to_owned();
    let segments = key.segments();
    if let Some((last, parents)) = segments.split_last() {
        for segment in parents {
            path.push(encode(segment));
        }
        path.push(format!("{}.json", encode(last)));
    } else {
        path.push("%.json");
    }
    path
}

/// `segment` as a file name.
fn encode(segment: &str) -> String {
    if segment.is_empty() {
        return "%".to_owned();
    }
    let mut name = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-' {
            name.push(char::from(byte));
        } else {
            let _ = write!(name, "%{byte:02X}");
        }
    }
    if name.len() > MAX_SEGMENT_BYTES {
        // The encoding is ASCII, so any byte index is a character boundary.
        let hash = Sha256::digest(segment.as_bytes());
        name.truncate(KEPT_BYTES);
        name.push('~');
        for byte in &hash[..16] {
            let _ = write!(name, "{byte:02x}");
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_and_regions_read_as_themselves() {
        let dir = Path::new("/data/backup");
        assert_eq!(
            partition_file(dir, &PartitionKey::new(["111122223333", "us-east-1"])),
            PathBuf::from("/data/backup/111122223333/us-east-1.json")
        );
        assert_eq!(
            partition_file(dir, &PartitionKey::new(["111122223333"])),
            PathBuf::from("/data/backup/111122223333.json")
        );
    }

    #[test]
    fn hostile_segments_stay_inside_the_directory_and_apart() {
        let names: Vec<String> = ["..", ".", "a/b", "A", "a", "", "%", "wal.log", "é"]
            .iter()
            .map(|s| encode(s))
            .collect();
        assert_eq!(
            names,
            [
                "%2E%2E",
                "%2E",
                "a%2Fb",
                "%41",
                "a",
                "%",
                "%25",
                "wal%2Elog",
                "%C3%A9"
            ]
        );
        let long = encode(&"x".repeat(1000));
        assert!(long.len() <= MAX_SEGMENT_BYTES && long.contains('~'));
        assert_ne!(long, encode(&"x".repeat(999)));
    }
}
