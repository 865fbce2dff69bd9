//! An in-process event bus: services publish AWS-style events (the EventBridge envelope:
//! `source`, `detail-type`, `detail`, account, region, time, resources) and any service may
//! subscribe to them, as EventBridge rules subscribe to a real account's default bus.
//!
//! The bus is a bounded broadcast channel: publishing never blocks and never fails. A subscriber
//! that falls more than [`EventBus::DEFAULT_CAPACITY`] events behind loses the oldest ones and is
//! told how many (`RecvError::Lagged`), as a best-effort delivery like EventBridge's.

use std::sync::Arc;

use serde_json::{json, Value};
use tokio::sync::broadcast;

use crate::dto::Timestamp;

/// One event, in EventBridge's terms.
#[derive(Debug, Clone, PartialEq)]
pub struct AwsEvent {
    /// A unique id (`id` in the envelope).
    pub id: String,
    /// Who sent it, e.g. `aws.backup`.
    pub source: String,
    /// What happened, e.g. `Backup Job State Change`.
    pub detail_type: String,
    /// The service-specific payload.
    pub detail: Value,
    /// The account it happened in.
    pub account: String,
    /// The region it happened in.
    pub region: String,
    /// When it happened (the gateway's clock).
    pub time: Timestamp,
    /// ARNs of the resources involved.
    pub resources: Vec<String>,
}

impl AwsEvent {
    /// A new event with a fresh id and no resources.
    pub fn new(
        source: impl Into<String>,
        detail_type: impl Into<String>,
        account: impl Into<String>,
        region: impl Into<String>,
        time: Timestamp,
        detail: Value,
    ) -> Self {
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            source: source.into(),
            detail_type: detail_type.into(),
            detail,
            account: account.into(),
            region: region.into(),
            time,
            resources: Vec::new(),
        }
    }

    /// The same event naming `resources`.
    pub fn with_resources(mut self, resources: Vec<String>) -> Self {
        self.resources = resources;
        self
    }

    /// The event as EventBridge delivers it to a target (`version` "0", `time` to the second).
    pub fn to_json(&self) -> Value {
        json!({
            "version": "0",
            "id": self.id,
            "detail-type": self.detail_type,
            "source": self.source,
            "account": self.account,
            "time": envelope_time(self.time),
            "region": self.region,
            "resources": self.resources,
            "detail": self.detail,
        })
    }
}

/// EventBridge envelopes carry whole seconds: `2020-07-15T21:41:17Z`.
fn envelope_time(time: Timestamp) -> String {
    let whole = time.epoch_millis().div_euclid(1000) * 1000;
    Timestamp::from_epoch_millis(whole).to_string()
}

/// What a subscriber reads events from.
pub type Subscription = broadcast::Receiver<Arc<AwsEvent>>;

/// The gateway-wide event bus.
#[derive(Debug)]
pub struct EventBus {
    sender: broadcast::Sender<Arc<AwsEvent>>,
}

impl Default for EventBus {
    fn default() -> Self {
        Self::new(Self::DEFAULT_CAPACITY)
    }
}

impl EventBus {
    /// How many events a subscriber may fall behind before it loses the oldest.
    pub const DEFAULT_CAPACITY: usize = 1024;

    /// A bus keeping up to `capacity` undelivered events per subscriber (at least one).
    pub fn new(capacity: usize) -> Self {
        Self {
            sender: broadcast::channel(capacity.max(1)).0,
        }
    }

    /// Sends `event` to every current subscriber and answers how many there were. With none,
    /// the event is dropped, as EventBridge drops events no rule matches.
    pub fn publish(&self, event: AwsEvent) -> usize {
        self.sender.send(Arc::new(event)).unwrap_or(0)
    }

    /// Receives every event published from now on.
    pub fn subscribe(&self) -> Subscription {
        self.sender.subscribe()
    }

    /// How many subscribers are listening.
    pub fn subscriber_count(&self) -> usize {
        self.sender.receiver_count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::sync::broadcast::error::TryRecvError;

    fn event(n: u64) -> AwsEvent {
        AwsEvent::new(
            "aws.test",
            "Thing Happened",
            "111122223333",
            "us-east-1",
            Timestamp::from_epoch_millis(1_594_849_277_207),
            json!({ "n": n }),
        )
    }

    #[test]
    fn every_subscriber_gets_every_event_and_publishing_without_one_is_fine() {
        let bus = EventBus::default();
        assert_eq!(bus.publish(event(0)), 0);
        let mut first = bus.subscribe();
        let mut second = bus.subscribe();
        assert_eq!(bus.subscriber_count(), 2);
        assert_eq!(bus.publish(event(1)), 2);
        for subscription in [&mut first, &mut second] {
            let got = subscription.try_recv().expect("delivered");
            assert_eq!(got.detail, json!({ "n": 1 }));
            assert_eq!(subscription.try_recv(), Err(TryRecvError::Empty));
        }
    }

    #[test]
    fn a_slow_subscriber_loses_the_oldest_events_and_the_publisher_never_waits() {
        let bus = EventBus::new(2);
        let mut slow = bus.subscribe();
        for n in 0..5 {
            bus.publish(event(n));
        }
        assert_eq!(slow.try_recv(), Err(TryRecvError::Lagged(3)));
        assert_eq!(slow.try_recv().unwrap().detail, json!({ "n": 3 }));
        assert_eq!(slow.try_recv().unwrap().detail, json!({ "n": 4 }));
    }

    #[test]
    fn the_envelope_has_eventbridge_field_names_and_whole_second_time() {
        let json = event(7)
            .with_resources(vec![
                "arn:aws:backup:us-east-1:111122223333:recovery-point:x".into(),
            ])
            .to_json();
        assert_eq!(json["version"], "0");
        assert_eq!(json["detail-type"], "Thing Happened");
        assert_eq!(json["source"], "aws.test");
        assert_eq!(json["account"], "111122223333");
        assert_eq!(json["region"], "us-east-1");
        assert_eq!(json["time"], "2020-07-15T21:41:17Z");
        assert_eq!(json["resources"].as_array().map(Vec::len), Some(1));
        assert_eq!(json["detail"]["n"], 7);
        assert!(json["id"].as_str().is_some_and(|id| id.len() == 36));
    }
}
