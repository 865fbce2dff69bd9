//! Tags on servers and backups: TagResource, UntagResource, ListTagsForResource, and the tags
//! CreateServer and CreateBackup attach.

use std::collections::BTreeMap;

use aws_pagination::paginate_btree;
use aws_tagging::validate_keys;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{
    BackupStatus, ListTagsForResourceRequest, ListTagsForResourceResponse, ServerStatus, Tag,
    TagResourceRequest, TagResourceResponse, UntagResourceRequest, UntagResourceResponse,
};
use crate::engine::core::Core;
use crate::state::RegionState;
use crate::support::arns::{self, Resource};
use crate::support::errors;
use crate::support::pages::page_size;
use crate::support::region::RegionKey;
use crate::support::tags::{from_request, RULES};

/// The ARN `text` names, after checking that the resource exists and may change tags now.
fn resource_arn(
    state: &RegionState,
    key: &RegionKey,
    text: &str,
    changing: bool,
) -> Result<String, ServiceError> {
    let missing = || errors::not_found(format!("Resource {text} does not exist."));
    match arns::parse(key, text)? {
        Resource::Server { name } => {
            let server = state
                .servers
                .get(&name)
                .filter(|server| server.arn == text)
                .ok_or_else(missing)?;
            if changing && server.state.status() == ServerStatus::Deleting {
                return Err(errors::invalid_state(format!(
                    "Server {name} is being deleted; its tags cannot change."
                )));
            }
        }
        Resource::Backup { id } => {
            let backup = state
                .backups
                .get(&id)
                .filter(|backup| backup.arn == text)
                .ok_or_else(missing)?;
            if changing && backup.status == BackupStatus::Deleting {
                return Err(errors::invalid_state(format!(
                    "Backup {id} is being deleted; its tags cannot change."
                )));
            }
        }
    }
    Ok(text.to_owned())
}

/// `TagResource`.
pub(crate) fn tag_resource(
    core: &Core,
    ctx: &RequestContext,
    input: TagResourceRequest,
) -> Result<TagResourceResponse, ServiceError> {
    let tags = from_request(Some(input.tags))?;
    core.with_region(ctx, |state, lifecycle| {
        let arn = resource_arn(state, lifecycle.key(), &input.resource_arn, true)?;
        state
            .tags
            .tag(&arn, tags)
            .map_err(|err| errors::validation(err.to_string()))?;
        Ok(TagResourceResponse {})
    })
}

/// `UntagResource`.
pub(crate) fn untag_resource(
    core: &Core,
    ctx: &RequestContext,
    input: UntagResourceRequest,
) -> Result<UntagResourceResponse, ServiceError> {
    let keys: Vec<String> = input
        .tag_keys
        .iter()
        .map(|key| key.trim().to_owned())
        .collect();
    validate_keys(&RULES, &keys).map_err(|err| errors::validation(err.to_string()))?;
    core.with_region(ctx, |state, lifecycle| {
        let arn = resource_arn(state, lifecycle.key(), &input.resource_arn, true)?;
        state
            .tags
            .untag(&arn, &keys)
            .map_err(|err| errors::validation(err.to_string()))?;
        Ok(UntagResourceResponse {})
    })
}

/// `ListTagsForResource`.
pub(crate) fn list_tags_for_resource(
    core: &Core,
    ctx: &RequestContext,
    input: ListTagsForResourceRequest,
) -> Result<ListTagsForResourceResponse, ServiceError> {
    core.with_region(ctx, |state, lifecycle| {
        let arn = resource_arn(state, lifecycle.key(), &input.resource_arn, false)?;
        let tags: BTreeMap<String, Tag> = state
            .tags
            .list(&arn)
            .into_iter()
            .map(|(key, value)| (key.clone(), Tag { key, value }))
            .collect();
        // This operation models no InvalidNextTokenException: a bad token is a validation error.
        let page = paginate_btree(
            &tags,
            input.next_token.as_deref(),
            &format!("ListTagsForResource/{arn}"),
            page_size(input.max_results),
            |_| true,
        )
        .map_err(|err| errors::validation(err.to_string()))?;
        Ok(ListTagsForResourceResponse {
            tags: Some(page.items.into_iter().cloned().collect()),
            next_token: page.next_token,
        })
    })
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
    fn keys_and_values_are_trimmed_then_checked() {
        let tags = from_request(Some(vec![tag("  Stage ", " prod\u{a0}")])).unwrap();
        assert_eq!(tags.get("Stage"), Some("prod"));
        for bad in [
            tag("   ", "x"),
            tag(&"k".repeat(128), "x"),
            tag("k", &"v".repeat(256)),
            tag("a*b", "x"),
            tag("k", "v#"),
            tag("aws:owner", "x"),
        ] {
            assert!(from_request(Some(vec![bad.clone()])).is_err(), "{bad:?}");
        }
        assert!(from_request(Some(vec![tag(&"k".repeat(127), &"v".repeat(255))])).is_ok());
        let fifty_one: Vec<Tag> = (0..51).map(|i| tag(&format!("k{i}"), "v")).collect();
        assert!(from_request(Some(fifty_one)).is_err());
    }
}
