//! Checking tags and tag keys against a service's [`TagRules`].

use crate::error::TagError;
use crate::rules::TagRules;
use crate::tags::Tags;

/// Checks a set of tags a user asked to write: the count, then each key and
/// value in key order, so the error reported for a bad request is
/// deterministic.
pub fn validate_tags(rules: &TagRules, tags: &Tags) -> Result<(), TagError> {
    if tags.len() > rules.max_tags {
        return Err(TagError::TooManyTags {
            max: rules.max_tags,
            count: tags.len(),
        });
    }
    tags.iter().try_for_each(|(key, value)| {
        validate_key(rules, key)?;
        validate_value(rules, key, value)
    })
}

/// Checks tag keys a user asked to remove. The count is not limited
/// because removing keys can never push a resource over its limit.
pub fn validate_keys(rules: &TagRules, keys: &[String]) -> Result<(), TagError> {
    keys.iter().try_for_each(|key| validate_key(rules, key))
}

fn validate_key(rules: &TagRules, key: &str) -> Result<(), TagError> {
    let length = key.chars().count();
    if length < rules.key_min_len || length > rules.key_max_len {
        return Err(TagError::KeyLength {
            key: key.to_owned(),
            min: rules.key_min_len,
            max: rules.key_max_len,
        });
    }
    if rules.is_reserved_key(key) {
        return Err(TagError::ReservedKeyPrefix {
            key: key.to_owned(),
        });
    }
    if !rules.allowed_characters.allows(key) {
        return Err(TagError::KeyCharacters {
            key: key.to_owned(),
        });
    }
    Ok(())
}

fn validate_value(rules: &TagRules, key: &str, value: &str) -> Result<(), TagError> {
    if value.chars().count() > rules.value_max_len {
        return Err(TagError::ValueLength {
            key: key.to_owned(),
            max: rules.value_max_len,
        });
    }
    if !rules.allowed_characters.allows(value) {
        return Err(TagError::ValueCharacters {
            key: key.to_owned(),
            value: value.to_owned(),
        });
    }
    Ok(())
}
