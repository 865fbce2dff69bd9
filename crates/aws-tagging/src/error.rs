//! The error type for rejected tag operations.

use std::fmt;

/// Why a set of tags or tag keys was rejected. Each variant carries the
/// offending key and the limit it broke so a service can phrase its own
/// AWS-style error message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagError {
    /// The resource would carry more tags than allowed.
    TooManyTags {
        /// The limit from the rules.
        max: usize,
        /// How many tags the resource would have had.
        count: usize,
    },
    /// A key is shorter or longer than allowed.
    KeyLength {
        /// The offending key.
        key: String,
        /// Shortest allowed key, in characters.
        min: usize,
        /// Longest allowed key, in characters.
        max: usize,
    },
    /// A value is longer than allowed.
    ValueLength {
        /// The key whose value is too long.
        key: String,
        /// Longest allowed value, in characters.
        max: usize,
    },
    /// A key contains characters the rules do not allow.
    KeyCharacters {
        /// The offending key.
        key: String,
    },
    /// A value contains characters the rules do not allow.
    ValueCharacters {
        /// The key whose value is invalid.
        key: String,
        /// The offending value.
        value: String,
    },
    /// A key uses the reserved `aws:` prefix.
    ReservedKeyPrefix {
        /// The offending key.
        key: String,
    },
}

const ALLOWED_CHARACTERS: &str = "Unicode letters, digits, white space and _ . : / = + - @";

impl fmt::Display for TagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TagError::TooManyTags { max, count } => write!(
                f,
                "A resource can have at most {max} tags; this request would result in {count}"
            ),
            TagError::KeyLength { key, min, max } => write!(
                f,
                "Tag key must be between {min} and {max} characters long; \
                 \"{key}\" has {}",
                key.chars().count()
            ),
            TagError::ValueLength { key, max } => write!(
                f,
                "Tag value must be at most {max} characters long; \
                 the value of tag \"{key}\" is longer"
            ),
            TagError::KeyCharacters { key } => write!(
                f,
                "Tag key \"{key}\" contains characters that are not allowed; \
                 use only {ALLOWED_CHARACTERS}"
            ),
            TagError::ValueCharacters { key, value } => write!(
                f,
                "Tag value \"{value}\" of key \"{key}\" contains characters that are not allowed; \
                 use only {ALLOWED_CHARACTERS}"
            ),
            TagError::ReservedKeyPrefix { key } => write!(
                f,
                "Tag keys starting with \"aws:\" are reserved for AWS use; \"{key}\" cannot be \
                 added or removed"
            ),
        }
    }
}

impl std::error::Error for TagError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_length_message_states_range_and_actual_length() {
        let err = TagError::KeyLength {
            key: String::new(),
            min: 1,
            max: 128,
        };
        assert_eq!(
            err.to_string(),
            "Tag key must be between 1 and 128 characters long; \"\" has 0"
        );
    }

    #[test]
    fn count_message_states_limit_and_result() {
        let err = TagError::TooManyTags { max: 50, count: 51 };
        assert_eq!(
            err.to_string(),
            "A resource can have at most 50 tags; this request would result in 51"
        );
    }

    #[test]
    fn messages_name_the_offending_key() {
        let errors = [
            TagError::ValueLength {
                key: "k1".into(),
                max: 256,
            },
            TagError::KeyCharacters { key: "k1".into() },
            TagError::ValueCharacters {
                key: "k1".into(),
                value: "v*".into(),
            },
            TagError::ReservedKeyPrefix { key: "k1".into() },
        ];
        for err in errors {
            assert!(err.to_string().contains("\"k1\""), "{err}");
        }
    }
}
