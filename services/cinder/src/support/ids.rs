//! Identifiers as types: a backup id cannot be passed where a volume id is expected.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The id as sent on the wire.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Wraps an id read from a request or a stored record (already checked by the
            /// caller where the API requires a format).
            pub fn from_wire(text: impl Into<String>) -> Self {
                Self(text.into())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// A Cinder backup id (a UUID).
    BackupId
);
id_type!(
    /// A Cinder volume id (a UUID).
    VolumeId
);
id_type!(
    /// A Keystone project id (32 hex digits).
    ProjectId
);
id_type!(
    /// A Keystone user id (32 hex digits).
    UserId
);
id_type!(
    /// A Keystone token (the `X-Subject-Token` / `X-Auth-Token` value).
    TokenId
);

/// A fresh hyphenated UUID, as Cinder makes its resource ids.
pub fn new_uuid() -> String {
    uuid::Uuid::new_v4().hyphenated().to_string()
}

/// 32 hex digits derived from `seed`: the same project or user name gets the same id on every
/// start, so ids survive restarts and persisted state stays valid.
pub fn stable_hex_id(seed: &str) -> String {
    let digest = Sha256::digest(seed.as_bytes());
    hex::encode(&digest[..16])
}

/// Whether `text` is a UUID in one of the forms Cinder's `uuid` schema format accepts.
pub fn is_uuid(text: &str) -> bool {
    uuid::Uuid::try_parse(text).is_ok()
}

impl BackupId {
    /// A fresh backup id.
    pub fn generate() -> Self {
        Self(new_uuid())
    }
}

impl VolumeId {
    /// A fresh volume id.
    pub fn generate() -> Self {
        Self(new_uuid())
    }
}

impl TokenId {
    /// A fresh opaque token.
    pub fn generate() -> Self {
        Self(format!(
            "gAAAAA{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_ids_are_32_hex_digits_and_repeatable() {
        let a = stable_hex_id("project:admin");
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(a, stable_hex_id("project:admin"));
        assert_ne!(a, stable_hex_id("project:demo"));
    }

    #[test]
    fn uuid_check() {
        assert!(is_uuid(&new_uuid()));
        assert!(!is_uuid("nope"));
    }
}
