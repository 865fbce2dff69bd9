//! Tags on Backup resources: TagResource, UntagResource, ListTags.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::BackupService;

/// `TagResource`.
pub(crate) fn tag_resource(
    svc: &BackupService,
    ctx: &RequestContext,
    input: TagResourceInput,
) -> Result<(), ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented("Backup", "TagResource"))
}

/// `UntagResource`.
pub(crate) fn untag_resource(
    svc: &BackupService,
    ctx: &RequestContext,
    input: UntagResourceInput,
) -> Result<(), ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented("Backup", "UntagResource"))
}

/// `ListTags`.
pub(crate) fn list_tags(
    svc: &BackupService,
    ctx: &RequestContext,
    input: ListTagsInput,
) -> Result<ListTagsOutput, ServiceError> {
    let _ = (svc, ctx, input);
    Err(ServiceError::not_implemented("Backup", "ListTags"))
}
