//! A vault's SNS notification configuration.

use serde::{Deserialize, Serialize};

use crate::api::generated::{BackupVaultEvent, ReportsInS3Configuration};

/// A vault's SNS notification configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VaultNotifications {
    /// The topic events go to.
    pub sns_topic_arn: String,
    /// The events to send, without duplicates, in the order the caller listed them.
    pub events: Vec<BackupVaultEvent>,
    /// `ReportsInS3`: where AWS Backup writes reports of the vault's jobs, as given. Absent from
    /// configurations stored before the member existed.
    #[serde(default)]
    pub reports_in_s3: Option<ReportsInS3Configuration>,
}

impl VaultNotifications {
    /// Whether `event` is one the vault's topic receives.
    #[allow(dead_code)] // Asked by the job-state events (issue 4).
    pub fn wants(&self, event: BackupVaultEvent) -> bool {
        self.events.contains(&event)
    }
}
