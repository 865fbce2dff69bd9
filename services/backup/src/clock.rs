//! The service's notion of "now". Every timestamp Backup records and every scheduled event
//! reads this clock, so tests and users can move time forward (a 35-day lifecycle, tonight's
//! schedule) without waiting.

use std::sync::atomic::{AtomicI64, Ordering};

use emulator_core::dto::Timestamp;
use time::OffsetDateTime;

/// The system clock plus an offset that only ever grows.
#[derive(Debug, Default)]
pub struct Clock {
    offset_millis: AtomicI64,
}

impl Clock {
    /// The current time: system time plus the offset.
    pub fn now(&self) -> Timestamp {
        let system = Timestamp::from(OffsetDateTime::now_utc());
        Timestamp::from_epoch_millis(
            system
                .epoch_millis()
                .saturating_add(self.offset_millis.load(Ordering::SeqCst)),
        )
    }

    /// Moves the clock forward by `seconds` (never backward: time that went back would break
    /// the ordering AWS guarantees between creation and completion dates).
    pub fn advance(&self, seconds: i64) {
        self.offset_millis
            .fetch_add(seconds.max(0).saturating_mul(1000), Ordering::SeqCst);
    }

    /// The current offset from system time, in seconds.
    pub fn offset_seconds(&self) -> f64 {
        self.offset_millis.load(Ordering::SeqCst) as f64 / 1000.0
    }

    /// Back to system time.
    pub fn reset(&self) {
        self.offset_millis.store(0, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_now_forward_and_never_back() {
        let clock = Clock::default();
        let before = clock.now();
        clock.advance(3600);
        assert!(clock.now().epoch_millis() >= before.epoch_millis() + 3_600_000);
        clock.advance(-100);
        assert_eq!(clock.offset_seconds(), 3600.0);
        clock.reset();
        assert_eq!(clock.offset_seconds(), 0.0);
    }
}
