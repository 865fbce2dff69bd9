//! Resource tags: the [`Tags`] collection, the [`TagRules`] a service
//! enforces, validation against those rules, and a [`TagStore`] holding the
//! tags of many resources.
//!
//! This crate owns the generic AWS tagging semantics (limits, reserved
//! prefixes, merge-on-tag, idempotent untag). It must not know HTTP, wire
//! formats, or any specific service: a service picks its [`TagRules`] and
//! decides what a resource identifier (usually an ARN) looks like.
//!
//! ```
//! use aws_tagging::{TagRules, TagStore, Tags};
//!
//! let mut store = TagStore::new(TagRules::AWS_DEFAULT);
//! let arn = "arn:aws:backup:us-east-1:123456789012:backup-vault:v";
//! store.tag(arn, Tags::from_iter([("team", "storage")])).unwrap();
//! assert_eq!(store.list(arn).get("team"), Some("storage"));
//! assert!(store.tag(arn, Tags::from_iter([("aws:owner", "me")])).is_err());
//! ```

#![warn(missing_docs)]

mod error;
mod rules;
mod store;
mod tags;
mod validate;

pub use error::TagError;
pub use rules::{AllowedCharacters, TagRules};
pub use store::TagStore;
pub use tags::Tags;
pub use validate::{validate_keys, validate_tags};
