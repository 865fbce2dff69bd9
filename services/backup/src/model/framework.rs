//! A framework as stored and its projections onto the API's output shapes.

use emulator_core::dto::Timestamp;
use serde::{Deserialize, Serialize};

use crate::api::generated::{DescribeFrameworkOutput, FrameworkControl};
use crate::model::controls::Control;
use crate::model::deployment::Deployment;

/// `FrameworkStatus`. AWS reports whether AWS Config records the resources the framework
/// governs; the emulator has no Config and treats recording as on for every resource.
const FRAMEWORK_STATUS: &str = "ACTIVE";

/// A framework as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Framework {
    /// `FrameworkName`, unique in its account and region.
    pub name: String,
    /// `arn:aws:backup:{region}:{account}:framework:{name}-{uuid}`.
    pub arn: String,
    /// `FrameworkDescription`.
    pub description: Option<String>,
    /// The validated controls, in the order given.
    pub controls: Vec<Control>,
    /// When CreateFramework ran.
    pub creation_time: Timestamp,
    /// The latest deployment (create or update).
    pub deployment: Deployment,
    /// The `IdempotencyToken` of the latest create or update.
    pub idempotency_token: Option<String>,
}

impl Framework {
    /// `FrameworkControls` as the caller gave them.
    pub fn given_controls(&self) -> Vec<FrameworkControl> {
        self.controls.iter().map(|c| c.given.clone()).collect()
    }

    /// The sorted signatures of its controls: two frameworks with the same are duplicates.
    pub fn signature(controls: &[Control]) -> Vec<String> {
        let mut signature: Vec<String> = controls.iter().map(Control::signature).collect();
        signature.sort();
        signature
    }

    /// `DescribeFramework`'s view at `now`.
    pub fn describe(&self, now: Timestamp) -> DescribeFrameworkOutput {
        DescribeFrameworkOutput {
            creation_time: Some(self.creation_time),
            deployment_status: Some(self.deployment.status(now).as_str().to_owned()),
            framework_arn: Some(self.arn.clone()),
            framework_controls: Some(self.given_controls()),
            framework_description: self.description.clone(),
            framework_name: Some(self.name.clone()),
            framework_status: Some(FRAMEWORK_STATUS.to_owned()),
            idempotency_token: self.idempotency_token.clone(),
        }
    }

    /// `ListFrameworks`' view at `now`.
    pub fn list_member(&self, now: Timestamp) -> crate::api::generated::Framework {
        crate::api::generated::Framework {
            creation_time: Some(self.creation_time),
            deployment_status: Some(self.deployment.status(now).as_str().to_owned()),
            framework_arn: Some(self.arn.clone()),
            framework_description: self.description.clone(),
            framework_name: Some(self.name.clone()),
            number_of_controls: Some(i32::try_from(self.controls.len()).unwrap_or(i32::MAX)),
        }
    }
}
