//! The stored form of a backup access point and its projections onto the API's output shapes.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use emulator_core::dto::Timestamp;

use crate::api::generated::{
    AccessPointStatus, DescribeBackupAccessPointResponse, ListAccessPointsMember,
};

/// `AccessPointMetadata` key of the point in time a continuous backup is read at.
pub const POINT_IN_TIME: &str = "AccessPointInTime";
/// `AccessPointMetadata` key of the S3 access point's ARN, once available.
const S3_ARN: &str = "S3AccessPointArn";
/// `AccessPointMetadata` key of the S3 access point's alias, once available.
const S3_ALIAS: &str = "S3AccessPointAlias";

/// The S3 access point Backup provisions behind a backup access point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct S3AccessPoint {
    /// `arn:aws:s3:{region}:{account}:accesspoint/{name}`.
    pub arn: String,
    /// `{name}-{random}-ext-s3alias`: the alias S3 gives access points whose data is not in a
    /// bucket of the account (backup data is Backup's).
    pub alias: String,
}

/// A backup access point as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccessPoint {
    /// The name, unique per account and region (it is the S3 access point's name too).
    pub name: String,
    /// `arn:aws:backup:{region}:{account}:accesspoint/{name}`.
    pub arn: String,
    /// The recovery point it reads.
    pub recovery_point_arn: String,
    /// The vault holding that point.
    pub vault_name: String,
    /// That vault's ARN.
    pub vault_arn: String,
    /// The resource the point was taken of.
    pub resource_arn: String,
    /// The point's `ResourceType` (always `S3`).
    pub resource_type: String,
    /// CREATING → AVAILABLE, and DELETING once deleted.
    pub status: AccessPointStatus,
    /// Why it is in its status, when that needs saying.
    pub status_message: Option<String>,
    /// When it was created.
    pub creation_time: Timestamp,
    /// When DeleteBackupAccessPoint was called.
    pub deletion_time: Option<Timestamp>,
    /// `AccessPointInTime`, for an access point to a continuous backup.
    pub point_in_time: Option<String>,
    /// `AccessPointPolicy`, the S3 access point's resource policy, as given.
    pub policy: Option<String>,
    /// The S3 access point to read through, once provisioned (AVAILABLE).
    pub s3: Option<S3AccessPoint>,
}

impl AccessPoint {
    /// `AccessPointMetadata`: the point in time asked for, and the S3 access point once there.
    pub fn metadata(&self) -> BTreeMap<String, String> {
        let mut metadata = BTreeMap::new();
        if let Some(at) = &self.point_in_time {
            metadata.insert(POINT_IN_TIME.to_owned(), at.clone());
        }
        if let Some(s3) = &self.s3 {
            metadata.insert(S3_ARN.to_owned(), s3.arn.clone());
            metadata.insert(S3_ALIAS.to_owned(), s3.alias.clone());
        }
        metadata
    }

    /// The access point as the three listings show it.
    pub fn to_list_member(&self) -> ListAccessPointsMember {
        ListAccessPointsMember {
            access_point_arn: self.arn.clone(),
            access_point_metadata: self.metadata(),
            backup_vault_arn: Some(self.vault_arn.clone()),
            backup_vault_name: self.vault_name.clone(),
            creation_time: self.creation_time,
            name: self.name.clone(),
            recovery_point_arn: self.recovery_point_arn.clone(),
            resource_arn: self.resource_arn.clone(),
            resource_type: self.resource_type.clone(),
            status: self.status,
            status_message: self.status_message.clone(),
        }
    }

    /// The access point as `DescribeBackupAccessPoint` shows it.
    pub fn describe(&self) -> DescribeBackupAccessPointResponse {
        let m = self.to_list_member();
        DescribeBackupAccessPointResponse {
            access_point_arn: m.access_point_arn,
            access_point_metadata: Some(m.access_point_metadata),
            backup_vault_arn: m.backup_vault_arn,
            backup_vault_name: m.backup_vault_name,
            creation_time: m.creation_time,
            name: m.name,
            recovery_point_arn: m.recovery_point_arn,
            resource_arn: m.resource_arn,
            resource_type: m.resource_type,
            status: m.status,
            status_message: m.status_message,
        }
    }
}
