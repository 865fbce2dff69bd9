//! The stored form of a tiering configuration and its projections onto the API's output shapes.

use emulator_core::dto::Timestamp;
use serde::{Deserialize, Serialize};

use crate::api::generated::{
    ResourceSelection, TieringConfiguration, TieringConfigurationsListMember,
};

/// What `BackupVaultName` is for a configuration that applies to every vault.
pub const ALL_VAULTS: &str = "*";

/// A tiering configuration as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TieringConfig {
    /// `TieringConfigurationName`, unique per account and region; never changes.
    pub name: String,
    /// `arn:aws:backup:{region}:{account}:tiering-configuration:{name}-{id}`.
    pub arn: String,
    /// The vault it applies to, or `*` for every vault.
    pub vault_name: String,
    /// Which S3 resources move to the low-cost tier, and after how many days.
    pub resource_selection: Vec<ResourceSelection>,
    /// The `CreatorRequestId` of the call that created it (the SDKs fill one in).
    pub creator_request_id: Option<String>,
    /// When it was created.
    pub creation_time: Timestamp,
    /// When it was last created or updated.
    pub last_updated_time: Timestamp,
}

impl TieringConfig {
    /// `GetTieringConfiguration`'s view.
    pub fn to_output(&self) -> TieringConfiguration {
        TieringConfiguration {
            backup_vault_name: self.vault_name.clone(),
            creation_time: Some(self.creation_time),
            creator_request_id: self.creator_request_id.clone(),
            last_updated_time: Some(self.last_updated_time),
            resource_selection: self.resource_selection.clone(),
            tiering_configuration_arn: Some(self.arn.clone()),
            tiering_configuration_name: self.name.clone(),
        }
    }

    /// `ListTieringConfigurations`' view.
    pub fn to_list_member(&self) -> TieringConfigurationsListMember {
        TieringConfigurationsListMember {
            backup_vault_name: Some(self.vault_name.clone()),
            creation_time: Some(self.creation_time),
            last_updated_time: Some(self.last_updated_time),
            tiering_configuration_arn: Some(self.arn.clone()),
            tiering_configuration_name: Some(self.name.clone()),
        }
    }
}
