//! Copy jobs a plan rule's `CopyActions` start once the rule's backup job has written its
//! recovery point, as AWS runs them: one copy job per action, created by the plan and rule
//! (`CreatedBy`), with the action's lifecycle and the backup job's role.

use aws_arn::Arn;
use emulator_core::dto::Timestamp;
use emulator_core::RequestContext;

use crate::api::generated::{CopyAction, CopyJobState};
use crate::model::backup_job::BackupJob;
use crate::support::arns::{self, BackupResource};
use crate::support::ids::upper_uuid;
use crate::support::point_arns;
use crate::support::region_key::RegionKey;

use crate::model::copy_job::CopyJob;

impl CopyJob {
    /// The copy job `action` starts for the recovery point `job` has just written, or `None`
    /// when the action's destination is not a vault ARN (plans refuse those when written).
    ///
    /// The destination vault is not looked up here (it may live in another region, whose lock
    /// the engine must not take): a vault that does not exist fails the job when the copy
    /// arrives, as a vault deleted after StartCopyJob does.
    pub fn for_copy_action(job: &BackupJob, action: &CopyAction, now: Timestamp) -> Option<Self> {
        let (arn, BackupResource::Vault(vault_name)) =
            arns::parse(&action.destination_backup_vault_arn)?
        else {
            return None;
        };
        let source_region = Arn::parse(&job.vault_arn).ok()?.region().to_owned();
        let destination = RegionKey {
            account_id: arn.account_id().to_owned(),
            region: arn.region().to_owned(),
        };
        let destination_ctx = RequestContext::new(&destination.account_id, &destination.region);
        let id = upper_uuid();
        Some(Self {
            destination_recovery_point_arn: point_arns::copy_point_arn(
                &destination_ctx,
                &job.recovery_point_arn,
                &job.resource_type,
                job.resource_name(),
                &id,
                now,
            ),
            id,
            source: RegionKey {
                account_id: job.account_id.to_string(),
                region: source_region,
            },
            source_vault_arn: job.vault_arn.to_string(),
            source_recovery_point_arn: job.recovery_point_arn.to_string(),
            destination_vault_arn: action.destination_backup_vault_arn.clone(),
            destination_vault_name: vault_name,
            destination,
            destination_encryption_key_arn: None,
            lifecycle: action.lifecycle.clone(),
            resource_arn: job.resource_arn.to_string(),
            resource_type: job.resource_type.to_string(),
            resource_name: job.resource_name().to_owned(),
            iam_role_arn: job.iam_role_arn.to_string(),
            state: CopyJobState::Created,
            status_message: None,
            creation_date: now,
            completion_date: None,
            backup_size_in_bytes: job.backup_size_in_bytes,
            created_by: job.created_by.as_deref().cloned(),
            idempotency_token: None,
        })
    }
}
