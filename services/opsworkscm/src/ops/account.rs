//! DescribeAccountAttributes: the account's limits and how much of each is used, per region.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{
    AccountAttribute, DescribeAccountAttributesRequest, DescribeAccountAttributesResponse,
};
use crate::engine::core::Core;
use crate::model::backup::MANUAL_BACKUP_LIMIT;
use crate::model::server::SERVER_LIMIT;
use crate::state::backups::manual_backup_count;

fn limit(name: &str, maximum: usize, used: usize) -> AccountAttribute {
    AccountAttribute {
        name: Some(name.to_owned()),
        maximum: Some(i32::try_from(maximum).unwrap_or(i32::MAX)),
        used: Some(i32::try_from(used).unwrap_or(i32::MAX)),
    }
}

/// `DescribeAccountAttributes`: `ServerLimit` and `ManualBackupLimit`.
pub(crate) fn describe_account_attributes(
    core: &Core,
    ctx: &RequestContext,
    _input: DescribeAccountAttributesRequest,
) -> Result<DescribeAccountAttributesResponse, ServiceError> {
    core.with_region(ctx, |state, _| {
        Ok(DescribeAccountAttributesResponse {
            attributes: Some(vec![
                limit("ServerLimit", SERVER_LIMIT, state.servers.len()),
                limit(
                    "ManualBackupLimit",
                    MANUAL_BACKUP_LIMIT,
                    manual_backup_count(state),
                ),
            ]),
        })
    })
}
