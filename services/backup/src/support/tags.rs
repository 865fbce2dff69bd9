//! AWS Backup's tag limits, checked the same way wherever tags are given.

use std::collections::BTreeMap;

use aws_tagging::{validate_tags, TagError, TagRules, Tags};
use emulator_core::ServiceError;

use crate::support::errors::{invalid_parameter, limit_exceeded};

/// AWS Backup's tag limits: at most 50 tags per resource ("Metadata tags per backup", AWS Backup
/// quotas), keys of 1 to 128 characters that may not start with `aws:` and values of up to 256
/// characters (the `KeyValue` API type). TagResource does not restrict characters.
pub const TAG_RULES: TagRules = TagRules::AWS_DEFAULT;

/// Checks tags a caller wants to set against [`TAG_RULES`], for TagResource and for resources
/// that take tags at creation (`BackupVaultTags`, `BackupPlanTags`, recovery point tags): the
/// same limits and the same exceptions everywhere.
pub fn tags_from_input(tags: BTreeMap<String, String>) -> Result<Tags, ServiceError> {
    let tags = Tags::from(tags);
    validate_tags(&TAG_RULES, &tags).map_err(tag_error)?;
    Ok(tags)
}

/// Too many tags is a limit (`LimitExceededException`); every other broken rule is a bad value.
pub fn tag_error(err: TagError) -> ServiceError {
    match err {
        TagError::TooManyTags { .. } => limit_exceeded(err.to_string()),
        _ => invalid_parameter(err.to_string()),
    }
}
