//! OpsWorks CM's tag limits, checked the same way wherever tags are given.

use aws_tagging::{validate_tags, AllowedCharacters, TagRules, Tags};
use emulator_core::ServiceError;

use crate::api::generated::Tag;
use crate::support::errors;

/// OpsWorks CM's tag limits: keys of 1 to 127 characters and values of up to 255, of Unicode
/// letters, digits, separators and `_ . : / = + - @`, at most 50 tags per resource.
pub const RULES: TagRules = TagRules {
    max_tags: 50,
    key_min_len: 1,
    key_max_len: 127,
    value_max_len: 255,
    allowed_characters: AllowedCharacters::AwsGeneral,
    reserve_aws_prefix: true,
};

/// Tags from a request, with leading and trailing white space trimmed from keys and values as
/// AWS does, checked against [`RULES`].
pub fn from_request(tags: Option<Vec<Tag>>) -> Result<Tags, ServiceError> {
    let tags: Tags = tags
        .unwrap_or_default()
        .into_iter()
        .map(|tag| (tag.key.trim().to_owned(), tag.value.trim().to_owned()))
        .collect();
    validate_tags(&RULES, &tags).map_err(|err| errors::validation(err.to_string()))?;
    Ok(tags)
}
