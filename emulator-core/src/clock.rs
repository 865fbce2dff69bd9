//! A controllable clock shared by every service.
//!
//! Services read "now" from here, never from the system, so that a user or a test can move time
//! forward (`POST /_floci/clock`) and see a 35-day lifecycle or tonight's schedule happen at once.
//! Time only moves forward: the offset grows, never shrinks, except on reset (a state reset, or
//! `POST /_floci/clock {"reset": true}`, which goes back to system time).

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use tokio::sync::watch;

use crate::dto::Timestamp;

/// System time plus an offset that only grows.
#[derive(Debug)]
pub struct Clock {
    offset_millis: AtomicI64,
    /// Bumped on every change of the offset, so timer drivers re-evaluate what is due.
    changed: watch::Sender<u64>,
}

impl Default for Clock {
    fn default() -> Self {
        Self {
            offset_millis: AtomicI64::new(0),
            changed: watch::channel(0).0,
        }
    }
}

impl Clock {
    /// The current time: system time plus the offset.
    pub fn now(&self) -> Timestamp {
        Timestamp::from_epoch_millis(self.now_millis())
    }

    /// [`Self::now`] in epoch milliseconds: what timer queues compare, read without the calendar
    /// arithmetic of a date (every request reads it).
    pub fn now_millis(&self) -> i64 {
        let system = match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(since) => i64::try_from(since.as_millis()).unwrap_or(i64::MAX),
            Err(before) => i64::try_from(before.duration().as_millis()).map_or(i64::MIN, |m| -m),
        };
        system.saturating_add(self.offset_millis.load(Ordering::SeqCst))
    }

    /// Moves the clock forward by `seconds`; negative values are ignored (time that went back
    /// would break the ordering AWS guarantees between creation and completion dates).
    pub fn advance(&self, seconds: f64) {
        if !(seconds.is_finite() && seconds > 0.0) {
            return;
        }
        let millis = (seconds * 1000.0).round().min(i64::MAX as f64) as i64;
        self.offset_millis.fetch_add(millis, Ordering::SeqCst);
        self.changed.send_modify(|generation| *generation += 1);
    }

    /// The current offset from system time, in seconds.
    pub fn offset_seconds(&self) -> f64 {
        self.offset_millis.load(Ordering::SeqCst) as f64 / 1000.0
    }

    /// The current offset from system time, in milliseconds.
    pub fn offset_millis(&self) -> i64 {
        self.offset_millis.load(Ordering::SeqCst)
    }

    /// Sets the offset to a stored one, at start (the gateway restores the clock with the
    /// state it persisted, whose times are emulated ones). Negative offsets are ignored.
    pub fn restore_offset_millis(&self, millis: i64) {
        if millis < 0 {
            return;
        }
        self.offset_millis.store(millis, Ordering::SeqCst);
        self.changed.send_modify(|generation| *generation += 1);
    }

    /// Back to system time.
    pub fn reset(&self) {
        self.offset_millis.store(0, Ordering::SeqCst);
        self.changed.send_modify(|generation| *generation += 1);
    }

    /// A receiver that sees every change of the offset.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.changed.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_now_forward_and_never_back() {
        let clock = Clock::default();
        let before = clock.now();
        clock.advance(3600.0);
        assert!(clock.now().epoch_millis() >= before.epoch_millis() + 3_600_000);
        clock.advance(-100.0);
        clock.advance(f64::NAN);
        assert_eq!(clock.offset_seconds(), 3600.0);
        clock.reset();
        assert_eq!(clock.offset_seconds(), 0.0);
    }

    #[test]
    fn subscribers_see_changes() {
        let clock = Clock::default();
        let mut changes = clock.subscribe();
        assert!(!changes.has_changed().unwrap());
        clock.advance(1.0);
        assert!(changes.has_changed().unwrap());
        changes.mark_unchanged();
        clock.reset();
        assert!(changes.has_changed().unwrap());
    }
}
