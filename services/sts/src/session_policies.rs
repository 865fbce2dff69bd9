//! Session policies and tags as STS checks them: the inline policy is a JSON document of at most
//! 2,048 characters, at most 10 managed policy ARNs, tag keys unique regardless of case,
//! transitive keys among the tags, and everything together within the packed size limit.

use std::collections::BTreeMap;

use emulator_core::ServiceError;

use crate::api::generated::{PolicyDescriptorType, Tag};
use crate::errors;

/// The most characters of an inline session policy.
const MAX_POLICY_CHARS: usize = 2048;
/// The most managed session policies.
const MAX_POLICY_ARNS: usize = 10;
/// The space policies and tags are packed into, in bytes (the emulator's estimate: AWS packs
/// them in an undocumented binary format).
const PACKED_SPACE: usize = 2048;

/// What a caller passed beside the role or name.
#[derive(Debug, Default)]
pub struct SessionExtras {
    /// The inline session policy.
    pub policy: Option<String>,
    /// Managed session policy ARNs.
    pub policy_arns: Vec<String>,
    /// Session tags.
    pub tags: BTreeMap<String, String>,
    /// Keys of transitive tags.
    pub transitive_tag_keys: Vec<String>,
    /// `PackedPolicySize`, when any policy or tag was passed.
    pub packed_policy_size: Option<i32>,
}

/// Checks and gathers a request's session policies and tags.
pub fn check(
    policy: Option<String>,
    policy_arns: Option<Vec<PolicyDescriptorType>>,
    tags: Option<Vec<Tag>>,
    transitive_tag_keys: Option<Vec<String>>,
) -> Result<SessionExtras, ServiceError> {
    if let Some(policy) = &policy {
        if policy.chars().count() > MAX_POLICY_CHARS {
            return Err(errors::constraint(
                policy,
                "policy",
                "Member must have length less than or equal to 2048",
            ));
        }
        let document: serde_json::Value = serde_json::from_str(policy)
            .map_err(|_| errors::malformed_policy("The policy is not in the valid JSON format."))?;
        if !document.is_object() {
            return Err(errors::malformed_policy(
                "The policy is not a JSON object with a Statement.",
            ));
        }
    }
    let policy_arns: Vec<String> = policy_arns
        .unwrap_or_default()
        .into_iter()
        .filter_map(|d| d.arn)
        .collect();
    if policy_arns.len() > MAX_POLICY_ARNS {
        return Err(errors::validation(format!(
            "1 validation error detected: Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to {MAX_POLICY_ARNS}"
        )));
    }
    let mut tag_map = BTreeMap::new();
    let mut lower_keys = std::collections::BTreeSet::new();
    let tags = tags.unwrap_or_default();
    for tag in &tags {
        if !lower_keys.insert(tag.key.to_lowercase()) {
            return Err(errors::validation(
                "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
            ));
        }
        tag_map.insert(tag.key.clone(), tag.value.clone());
    }
    let transitive = transitive_tag_keys.unwrap_or_default();
    if let Some(missing) = transitive
        .iter()
        .find(|key| !lower_keys.contains(&key.to_lowercase()))
    {
        return Err(errors::validation(format!(
            "The specified transitive tag key must be included in the requested tags: {missing}"
        )));
    }
    let passed = policy.is_some() || !policy_arns.is_empty() || !tags.is_empty();
    let packed_bytes = policy.as_deref().map_or(0, packed_len)
        + policy_arns.iter().map(String::len).sum::<usize>()
        + tags
            .iter()
            .map(|t| t.key.len() + t.value.len())
            .sum::<usize>();
    let percent = (packed_bytes * 100).div_ceil(PACKED_SPACE);
    let percent = u32::try_from(percent).unwrap_or(u32::MAX);
    if percent > 100 {
        return Err(errors::packed_policy_too_large(percent));
    }
    Ok(SessionExtras {
        policy,
        policy_arns,
        tags: tag_map,
        transitive_tag_keys: transitive,
        packed_policy_size: passed.then(|| i32::try_from(percent).unwrap_or(i32::MAX)),
    })
}

/// A policy's length once whitespace outside strings is dropped (AWS packs the compact form).
fn packed_len(policy: &str) -> usize {
    serde_json::from_str::<serde_json::Value>(policy)
        .map(|v| v.to_string().len())
        .unwrap_or(policy.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(key: &str, value: &str) -> Tag {
        Tag {
            key: key.to_owned(),
            value: value.to_owned(),
        }
    }

    #[test]
    fn policies_must_be_json_and_fit() {
        assert!(check(
            Some("{\"Version\":\"2012-10-17\"}".into()),
            None,
            None,
            None
        )
        .unwrap()
        .packed_policy_size
        .is_some());
        assert!(check(None, None, None, None)
            .unwrap()
            .packed_policy_size
            .is_none());
        let err = check(Some("not json".into()), None, None, None).unwrap_err();
        assert_eq!(err.message(), "The policy is not in the valid JSON format.");
        let long = format!("{{\"a\":\"{}\"}}", "x".repeat(2100));
        assert!(check(Some(long), None, None, None).is_err());
        let big_tags: Vec<Tag> = (0..50)
            .map(|i| tag(&format!("key-{i:03}-{}", "k".repeat(100)), &"v".repeat(200)))
            .collect();
        let err = check(None, None, Some(big_tags), None).unwrap_err();
        assert!(err.message().starts_with("Packed policy consumes"), "{err}");
    }

    #[test]
    fn tag_keys_are_unique_regardless_of_case_and_transitive_keys_are_tags() {
        let dup = check(
            None,
            None,
            Some(vec![tag("Team", "a"), tag("team", "b")]),
            None,
        );
        assert!(dup.is_err());
        let ok = check(
            None,
            None,
            Some(vec![tag("Team", "a")]),
            Some(vec!["team".into()]),
        );
        assert!(ok.is_ok());
        let missing = check(
            None,
            None,
            Some(vec![tag("Team", "a")]),
            Some(vec!["x".into()]),
        );
        assert!(missing.is_err());
    }
}
