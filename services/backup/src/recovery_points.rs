//! Recovery points: what a completed backup job leaves in a vault.

use std::collections::BTreeMap;

use emulator_core::dto::Timestamp;

use crate::api::generated::{
    CalculatedLifecycle, Lifecycle, RecoveryPointCreator, RecoveryPointStatus, StorageClass,
};

const DAY_SECONDS: i64 = 86_400;

/// A recovery point as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct RecoveryPoint {
    /// `arn:aws:backup:{region}:{account}:recovery-point:{id}`.
    pub arn: String,
    /// The vault that holds it.
    pub vault_name: String,
    /// The vault's ARN.
    pub vault_arn: String,
    /// The protected resource.
    pub resource_arn: String,
    /// `ResourceType` derived from the resource ARN.
    pub resource_type: String,
    /// `ResourceName`.
    pub resource_name: String,
    /// The role the job ran with.
    pub iam_role_arn: String,
    /// The job that made it.
    pub backup_job_id: String,
    /// When the job started.
    pub creation_date: Timestamp,
    /// When the job completed.
    pub completion_date: Timestamp,
    /// `COMPLETED` once written; lifecycle deletion removes the point.
    pub status: RecoveryPointStatus,
    /// `WARM` until `MoveToColdStorageAt`, then `COLD`.
    pub storage_class: StorageClass,
    /// The lifecycle asked for.
    pub lifecycle: Option<Lifecycle>,
    /// The plan that created it, for scheduled jobs.
    pub created_by: Option<RecoveryPointCreator>,
    /// The vault's key.
    pub encryption_key_arn: Option<String>,
    /// Size of the backup.
    pub backup_size_in_bytes: i64,
    /// Tags given with the job (`RecoveryPointTags`), also held in the tag store.
    pub tags: BTreeMap<String, String>,
}

impl RecoveryPoint {
    /// A completed point with placeholder details, for tests that only need one to exist.
    #[cfg(test)]
    pub fn sample(arn: &str, vault_name: &str) -> Self {
        Self {
            arn: arn.to_owned(),
            vault_name: vault_name.to_owned(),
            vault_arn: format!("arn:aws:backup:us-east-1:111122223333:backup-vault:{vault_name}"),
            resource_arn: "arn:aws:ec2:us-east-1:111122223333:volume/vol-1".to_owned(),
            resource_type: "EBS".to_owned(),
            resource_name: "vol-1".to_owned(),
            iam_role_arn: "arn:aws:iam::111122223333:role/backup".to_owned(),
            backup_job_id: "JOB".to_owned(),
            creation_date: Timestamp::default(),
            completion_date: Timestamp::default(),
            status: RecoveryPointStatus::Completed,
            storage_class: StorageClass::Warm,
            lifecycle: None,
            created_by: None,
            encryption_key_arn: None,
            backup_size_in_bytes: 0,
            tags: BTreeMap::new(),
        }
    }

    /// `CalculatedLifecycle`: the dates the lifecycle settings give from the creation date.
    pub fn calculated_lifecycle(&self) -> Option<CalculatedLifecycle> {
        calculate_lifecycle(self.lifecycle.as_ref(), self.creation_date)
    }
}

/// The dates a lifecycle gives from `created`: `MoveToColdStorageAt` and `DeleteAt`.
pub fn calculate_lifecycle(
    lifecycle: Option<&Lifecycle>,
    created: Timestamp,
) -> Option<CalculatedLifecycle> {
    let lifecycle = lifecycle?;
    let at = |days: Option<i64>| days.map(|d| created.plus_seconds(d.saturating_mul(DAY_SECONDS)));
    let calculated = CalculatedLifecycle {
        delete_at: at(lifecycle.delete_after_days),
        move_to_cold_storage_at: at(lifecycle.move_to_cold_storage_after_days),
    };
    (calculated.delete_at.is_some() || calculated.move_to_cold_storage_at.is_some())
        .then_some(calculated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calculated_lifecycle_adds_whole_days_to_the_creation_date() {
        let created = Timestamp::from_epoch_seconds(1_700_000_000.0);
        let lifecycle = Lifecycle {
            move_to_cold_storage_after_days: Some(30),
            delete_after_days: Some(120),
            ..Default::default()
        };
        let calculated = calculate_lifecycle(Some(&lifecycle), created).unwrap();
        assert_eq!(
            calculated.move_to_cold_storage_at,
            Some(created.plus_seconds(30 * DAY_SECONDS))
        );
        assert_eq!(
            calculated.delete_at,
            Some(created.plus_seconds(120 * DAY_SECONDS))
        );
        assert_eq!(
            calculate_lifecycle(Some(&Lifecycle::default()), created),
            None
        );
        assert_eq!(calculate_lifecycle(None, created), None);
    }
}
