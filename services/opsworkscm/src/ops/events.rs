//! Server events (DescribeEvents): what happened to a server, newest first. Events live and die
//! with their server, as AWS documents.

use aws_pagination::paginate_btree_desc;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{DescribeEventsRequest, DescribeEventsResponse};
use crate::engine::core::Core;
use crate::support::errors;
use crate::support::pages::{invalid_token, page_size};

/// `DescribeEvents`.
pub(crate) fn describe_events(
    core: &Core,
    ctx: &RequestContext,
    input: DescribeEventsRequest,
) -> Result<DescribeEventsResponse, ServiceError> {
    core.with_region(ctx, |state, _| {
        let server = state
            .servers
            .get(&input.server_name)
            .ok_or_else(|| errors::server_not_found(&input.server_name))?;
        let scope = format!("DescribeEvents/{}/{}", input.server_name, server.id);
        let page = paginate_btree_desc(
            server.events.entries(),
            input.next_token.as_deref(),
            &scope,
            page_size(input.max_results),
            |_| true,
        )
        .map_err(invalid_token)?;
        Ok(DescribeEventsResponse {
            server_events: Some(page.items.into_iter().cloned().collect()),
            next_token: page.next_token,
        })
    })
}
