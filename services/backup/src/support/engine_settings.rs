//! The engine's settings from `FLOCI_SERVICES_BACKUP_*`: how long every job and every timed
//! change takes.

use emulator_core::dto::Timestamp;

/// Engine settings from `FLOCI_SERVICES_BACKUP_*`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EngineSettings {
    /// Seconds from a job's start to its end (default 3; 0 completes inside the call).
    pub job_completion_delay_seconds: f64,
}

impl Default for EngineSettings {
    fn default() -> Self {
        Self {
            job_completion_delay_seconds: 3.0,
        }
    }
}

impl EngineSettings {
    /// When a job created at `created` starts running: after half the delay.
    pub fn start_at(&self, created: Timestamp) -> Timestamp {
        created.plus_millis(millis(self.job_completion_delay_seconds / 2.0))
    }

    /// When a job created at `created` finishes: after the whole delay.
    pub fn finish_at(&self, created: Timestamp) -> Timestamp {
        created.plus_millis(millis(self.job_completion_delay_seconds))
    }
}

fn millis(seconds: f64) -> i64 {
    (seconds * 1000.0).round() as i64
}
