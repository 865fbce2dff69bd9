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

/// The latest emulated time: 3000-01-01T00:00:00Z. Far enough for any test (a 100-year
/// retention expires well before it), and far enough from the year 9999, where SDKs stop
/// parsing dates, that every date a service derives from "now" plus AWS's longest durations
/// (100 years) stays parseable.
pub const MAX_EMULATED_MILLIS: i64 = 32_503_680_000_000;

/// Why the clock refused to move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockError(pub String);

impl std::fmt::Display for ClockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ClockError {}

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
        system_millis().saturating_add(self.offset_millis.load(Ordering::SeqCst))
    }

    /// Moves the clock forward by `seconds`: finite, not negative, and not past
    /// [`MAX_EMULATED_MILLIS`] (time that went back would break the ordering AWS guarantees
    /// between creation and completion dates). A refused advance changes nothing.
    pub fn try_advance(&self, seconds: f64) -> Result<(), ClockError> {
        if !(seconds.is_finite() && seconds >= 0.0) {
            return Err(ClockError(format!(
                "advanceSeconds must be a finite number of seconds, 0 or more; got {seconds}"
            )));
        }
        let millis = (seconds * 1000.0).round();
        let too_far = || {
            ClockError(format!(
                "advanceSeconds {seconds} would move the emulated clock past 3000-01-01T00:00:00Z, the latest time it keeps"
            ))
        };
        if millis > MAX_EMULATED_MILLIS as f64 {
            return Err(too_far());
        }
        let millis = millis as i64;
        let system = system_millis();
        self.offset_millis
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |offset| {
                offset.checked_add(millis).filter(|new| {
                    system
                        .checked_add(*new)
                        .is_some_and(|now| now <= MAX_EMULATED_MILLIS)
                })
            })
            .map_err(|_| too_far())?;
        self.changed.send_modify(|generation| *generation += 1);
        Ok(())
    }

    /// [`Self::try_advance`] for callers that know their advance is small (tests, benches):
    /// a refused advance changes nothing.
    pub fn advance(&self, seconds: f64) {
        let _ = self.try_advance(seconds);
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
    /// state it persisted, whose times are emulated ones). A negative offset, or one that puts
    /// the clock past [`MAX_EMULATED_MILLIS`], is refused: the file was damaged or written by a
    /// build without the bound.
    pub fn try_restore_offset_millis(&self, millis: i64) -> Result<(), ClockError> {
        let fits = millis >= 0
            && system_millis()
                .checked_add(millis)
                .is_some_and(|now| now <= MAX_EMULATED_MILLIS);
        if !fits {
            return Err(ClockError(format!(
                "the stored clock offset {millis} ms is negative or puts the clock past 3000-01-01T00:00:00Z"
            )));
        }
        self.offset_millis.store(millis, Ordering::SeqCst);
        self.changed.send_modify(|generation| *generation += 1);
        Ok(())
    }

    /// [`Self::try_restore_offset_millis`] for tests that copy one clock into another: a
    /// refused offset changes nothing.
    pub fn restore_offset_millis(&self, millis: i64) {
        let _ = self.try_restore_offset_millis(millis);
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

/// System time in epoch milliseconds.
fn system_millis() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_millis()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_millis()).map_or(i64::MIN, |m| -m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_now_forward_and_never_back() {
        let clock = Clock::default();
        let before = clock.now();
        clock.try_advance(3600.0).unwrap();
        assert!(clock.now().epoch_millis() >= before.epoch_millis() + 3_600_000);
        assert!(clock.try_advance(-100.0).is_err());
        assert!(clock.try_advance(f64::NAN).is_err());
        assert!(clock.try_advance(f64::INFINITY).is_err());
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

    #[test]
    fn the_clock_stops_before_the_year_3000() {
        let clock = Clock::default();
        clock.try_advance(86_400.0).unwrap();
        for seconds in [1e300, f64::MAX, 1e15, 31_000_000_000.0] {
            assert!(clock.try_advance(seconds).is_err(), "{seconds}");
        }
        assert_eq!(clock.offset_seconds(), 86_400.0);
        let to_the_end = (MAX_EMULATED_MILLIS - clock.now_millis()) as f64 / 1000.0 - 10.0;
        clock.try_advance(to_the_end).unwrap();
        assert!(clock.now().to_string().starts_with("2999-12-31T23:59"));
        assert!(clock.try_advance(3600.0).is_err());
        assert!(clock.try_restore_offset_millis(-1).is_err());
        assert!(clock.try_restore_offset_millis(i64::MAX).is_err());
        clock.try_restore_offset_millis(1000).unwrap();
        assert_eq!(clock.offset_millis(), 1000);
    }
}
