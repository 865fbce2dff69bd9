//! The deployment of a framework or report plan: `CREATE_IN_PROGRESS` or `UPDATE_IN_PROGRESS`
//! for the job engine's completion delay after the call, then `COMPLETED` (see the module
//! documentation of `audit.rs` for why the status is read off the clock).

use emulator_core::dto::Timestamp;
use serde::{Deserialize, Serialize};

use crate::support::engine_settings::EngineSettings;
use crate::support::errors::conflict;

/// What the latest deployment does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeploymentKind {
    /// The resource's first deployment.
    Create,
    /// A redeployment after an update.
    Update,
}

/// `DeploymentStatus` as AWS spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeploymentStatus {
    /// Being created.
    CreateInProgress,
    /// Being updated.
    UpdateInProgress,
    /// Deployed.
    Completed,
}

impl DeploymentStatus {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CreateInProgress => "CREATE_IN_PROGRESS",
            Self::UpdateInProgress => "UPDATE_IN_PROGRESS",
            Self::Completed => "COMPLETED",
        }
    }
}

/// The latest deployment of a framework or report plan.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Deployment {
    kind: DeploymentKind,
    completes_at: Timestamp,
}

impl Deployment {
    /// A deployment of `kind` started `now`, done after the engine's completion delay (at once
    /// with a delay of 0).
    pub fn begin(kind: DeploymentKind, now: Timestamp, settings: &EngineSettings) -> Self {
        Self {
            kind,
            completes_at: settings.finish_at(now),
        }
    }

    /// `DeploymentStatus` at `now`.
    pub fn status(&self, now: Timestamp) -> DeploymentStatus {
        match self.kind {
            _ if now >= self.completes_at => DeploymentStatus::Completed,
            DeploymentKind::Create => DeploymentStatus::CreateInProgress,
            DeploymentKind::Update => DeploymentStatus::UpdateInProgress,
        }
    }

    /// AWS refuses to update or delete a resource while it is being deployed
    /// (`ConflictException`: "AWS Backup can't perform the action that you requested until it
    /// finishes performing a previous action").
    pub fn check_settled(
        &self,
        what: &str,
        now: Timestamp,
    ) -> Result<(), emulator_core::ServiceError> {
        match self.status(now) {
            DeploymentStatus::Completed => Ok(()),
            status => Err(conflict(format!(
                "AWS Backup can't perform the action that you requested until it finishes \
                 performing a previous action: {what} is {}. Try again later.",
                status.as_str()
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deployment_completes_after_the_engine_delay() {
        let settings = EngineSettings {
            job_completion_delay_seconds: 10.0,
        };
        let t = Timestamp::from_epoch_seconds(1_000.0);
        let created = Deployment::begin(DeploymentKind::Create, t, &settings);
        assert_eq!(created.status(t), DeploymentStatus::CreateInProgress);
        assert_eq!(
            created.status(t.plus_seconds(9)),
            DeploymentStatus::CreateInProgress
        );
        assert_eq!(
            created.status(t.plus_seconds(10)),
            DeploymentStatus::Completed
        );
        assert!(created.check_settled("framework f", t).is_err());
        assert!(created
            .check_settled("framework f", t.plus_seconds(10))
            .is_ok());
        let updated = Deployment::begin(DeploymentKind::Update, t, &settings);
        assert_eq!(updated.status(t), DeploymentStatus::UpdateInProgress);
        let instant = Deployment::begin(
            DeploymentKind::Create,
            t,
            &EngineSettings {
                job_completion_delay_seconds: 0.0,
            },
        );
        assert_eq!(instant.status(t), DeploymentStatus::Completed);
    }
}
