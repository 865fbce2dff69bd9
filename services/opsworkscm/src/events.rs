//! Server events (DescribeEvents): what happened to a server, newest first. Events live and die
//! with their server, as AWS documents.

use std::collections::BTreeMap;

use aws_pagination::paginate_btree_desc;
use emulator_core::dto::Timestamp;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{DescribeEventsRequest, DescribeEventsResponse, ServerEvent};
use crate::pages::{invalid_token, page_size};
use crate::{errors, Core};

/// One server's events, keyed by (time, sequence) so that listings are ordered even when a
/// step that came due in the past is applied after the clock moved on.
#[derive(Debug, Clone, Default)]
pub struct EventLog {
    events: BTreeMap<(i64, u64), ServerEvent>,
    next: u64,
}

impl EventLog {
    /// Records `message` about server `server_name` at `at`.
    pub fn record(&mut self, server_name: &str, at: Timestamp, message: impl Into<String>) {
        self.next += 1;
        self.events.insert(
            (at.epoch_millis(), self.next),
            ServerEvent {
                created_at: Some(at),
                log_url: None,
                message: Some(message.into()),
                server_name: Some(server_name.to_owned()),
            },
        );
    }
}

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
            &server.events.events,
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
