//! Plan version ids. AWS's look like `ZjQ2ZTI5YWQtZDg5Yi00MzYzLWJmZTAtMDI1MzhlMDhjYjEz`: the
//! standard base64 of a random UUID's text (36 bytes, so 48 characters and no padding), as the
//! AWS CLI examples show. Generating them the same way keeps them opaque, unique and familiar.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A backup plan version id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct VersionId(String);

impl VersionId {
    /// A fresh, random version id.
    pub fn generate() -> Self {
        Self(base64(uuid::Uuid::new_v4().to_string().as_bytes()))
    }

    /// The id as sent on the wire.
    #[allow(dead_code)] // Read by the plan scheduler (issue 4) for CreatedBy.BackupPlanVersion.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for VersionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for VersionId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

/// Standard base64 (RFC 4648, with padding). A UUID's text never needs padding, but the function
/// stays correct for any input.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_a_uuid_like_aws_version_ids() {
        // The pair from the AWS CLI `create-backup-plan` example.
        assert_eq!(
            base64(b"f46e29ad-d89b-4363-bfe0-02538e08cb13"),
            "ZjQ2ZTI5YWQtZDg5Yi00MzYzLWJmZTAtMDI1MzhlMDhjYjEz"
        );
    }

    #[test]
    fn pads_like_rfc_4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
    }

    #[test]
    fn generated_ids_are_48_characters_and_distinct() {
        let a = VersionId::generate();
        let b = VersionId::generate();
        assert_eq!(a.as_str().len(), 48);
        assert_ne!(a, b);
        assert!(a
            .as_str()
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/'));
    }
}
