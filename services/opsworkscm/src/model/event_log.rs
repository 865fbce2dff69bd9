//! A server's events (DescribeEvents), which live and die with their server.

use std::collections::BTreeMap;

use emulator_core::dto::Timestamp;

use crate::api::generated::ServerEvent;

/// One server's events, keyed by (time, sequence) so that listings are ordered even when a
/// step that came due in the past is applied after the clock moved on.
#[derive(Debug, Clone, Default)]
pub struct EventLog {
    events: BTreeMap<(i64, u64), ServerEvent>,
    next: u64,
}

impl EventLog {
    /// The events, oldest first.
    pub fn entries(&self) -> &BTreeMap<(i64, u64), ServerEvent> {
        &self.events
    }

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
