//! The service's own settings, read from `FLOCI_SERVICES_OPSWORKSCM_*` variables.

use emulator_core::ServiceSettings;

/// How long each asynchronous step takes on the shared clock, in whole seconds. A delay of 0
/// completes the step inside the call that starts it, so the response already shows the end
/// state (test suites rely on that).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delays {
    /// CREATING → HEALTHY: `SERVER_CREATION_DELAY_SECONDS`, default 3.
    pub server_creation: u64,
    /// A backup's IN_PROGRESS → OK, and its server's BACKING_UP → HEALTHY:
    /// `BACKUP_COMPLETION_DELAY_SECONDS`, default 3.
    pub backup_completion: u64,
    /// RESTORING, UNDER_MAINTENANCE and MODIFYING → HEALTHY, a deleted server's DELETING → gone
    /// and a deleted backup's DELETING → gone: `OPERATION_DELAY_SECONDS`, default 3.
    pub operation: u64,
}

impl Delays {
    /// The delays from the service's variables; a value that is not a whole number of seconds
    /// is a configuration error naming the variable.
    pub fn from_settings(settings: &ServiceSettings) -> Result<Self, String> {
        Ok(Self {
            server_creation: settings.parse_or("SERVER_CREATION_DELAY_SECONDS", 3)?,
            backup_completion: settings.parse_or("BACKUP_COMPLETION_DELAY_SECONDS", 3)?,
            operation: settings.parse_or("OPERATION_DELAY_SECONDS", 3)?,
        })
    }
}
