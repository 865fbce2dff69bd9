//! The stored form of a scan job and its projections onto the API's output shapes.

use emulator_core::dto::Timestamp;
use serde::{Deserialize, Serialize};

use crate::api::generated::{
    DescribeScanJobOutput, MalwareScanner, ScanJob, ScanJobCreator, ScanJobState, ScanMode,
    ScanResourceType, ScanResultInfo, ScanResultStatus, ScanState,
};

/// A scan job as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanJobRecord {
    /// `ScanJobId`: an upper-case UUID.
    pub id: String,
    /// The account that started it.
    pub account_id: String,
    /// The vault holding the scanned point.
    pub vault_name: String,
    /// That vault's ARN.
    pub vault_arn: String,
    /// The recovery point scanned.
    pub recovery_point_arn: String,
    /// The resource the point was taken of.
    pub resource_arn: String,
    /// Its `ResourceName`.
    pub resource_name: String,
    /// Its type (EBS, EC2 or S3: the types GuardDuty scans).
    pub resource_type: ScanResourceType,
    /// The role that created the point (`IamRoleArn`).
    pub iam_role_arn: String,
    /// The role the scanner runs with (`ScannerRoleArn`).
    pub scanner_role_arn: String,
    /// `MalwareScanner`.
    pub malware_scanner: MalwareScanner,
    /// `FULL_SCAN`, or `INCREMENTAL_SCAN` against `base_recovery_point_arn`.
    pub scan_mode: ScanMode,
    /// The base of an incremental scan.
    pub base_recovery_point_arn: Option<String>,
    /// For a continuous backup: where the scanned span starts (`ContinuousScanStartTime`).
    pub continuous_start: Option<Timestamp>,
    /// For a continuous backup: where the scanned span ends (`ContinuousScanEndTime`).
    pub continuous_end: Option<Timestamp>,
    /// CREATED → RUNNING → COMPLETED, or FAILED.
    pub state: ScanState,
    /// Why it ended as it did, when not COMPLETED.
    pub status_message: Option<String>,
    /// When StartScanJob ran.
    pub creation_date: Timestamp,
    /// When it ended.
    pub completion_date: Option<Timestamp>,
    /// The scanner's own id for the scan, from when it runs (`ScanId`).
    pub scan_id: Option<String>,
    /// The verdict of a COMPLETED scan.
    pub result: Option<ScanResultStatus>,
    /// The plan and rule that started it; none for on-demand scans.
    pub created_by: Option<ScanJobCreator>,
    /// The token StartScanJob was called with.
    pub idempotency_token: Option<String>,
}

impl ScanJobRecord {
    /// Whether the job has ended.
    pub fn is_finished(&self) -> bool {
        matches!(
            self.state,
            ScanState::Completed
                | ScanState::CompletedWithIssues
                | ScanState::Failed
                | ScanState::Canceled
        )
    }

    /// `ScanJobState` of a finished job, as recovery points show their last scan.
    pub fn final_state(&self) -> Option<ScanJobState> {
        match self.state {
            ScanState::Completed => Some(ScanJobState::Completed),
            ScanState::CompletedWithIssues => Some(ScanJobState::CompletedWithIssues),
            ScanState::Failed => Some(ScanJobState::Failed),
            ScanState::Canceled => Some(ScanJobState::Canceled),
            ScanState::Created | ScanState::Running => None,
        }
    }

    /// The job as `ListScanJobs` shows it. `CreatedBy` is required on the wire; an on-demand
    /// scan has no plan, so its members are empty.
    pub fn to_list_member(&self) -> ScanJob {
        ScanJob {
            account_id: self.account_id.clone(),
            backup_vault_arn: self.vault_arn.clone(),
            backup_vault_name: self.vault_name.clone(),
            completion_date: self.completion_date,
            continuous_scan_end_time: self.continuous_end,
            continuous_scan_start_time: self.continuous_start,
            created_by: self.created_by.clone().unwrap_or_default(),
            creation_date: self.creation_date,
            iam_role_arn: self.iam_role_arn.clone(),
            malware_scanner: self.malware_scanner,
            recovery_point_arn: self.recovery_point_arn.clone(),
            resource_arn: self.resource_arn.clone(),
            resource_name: self.resource_name.clone(),
            resource_type: self.resource_type,
            scan_base_recovery_point_arn: self.base_recovery_point_arn.clone(),
            scan_id: self.scan_id.clone(),
            scan_job_id: self.id.clone(),
            scan_mode: self.scan_mode,
            scan_result: self.result.map(|status| ScanResultInfo {
                scan_result_status: status,
            }),
            scanner_role_arn: self.scanner_role_arn.clone(),
            state: Some(self.state),
            status_message: self.status_message.clone(),
        }
    }

    /// The job as `DescribeScanJob` shows it.
    pub fn describe(&self) -> DescribeScanJobOutput {
        let m = self.to_list_member();
        DescribeScanJobOutput {
            account_id: m.account_id,
            backup_vault_arn: m.backup_vault_arn,
            backup_vault_name: m.backup_vault_name,
            completion_date: m.completion_date,
            continuous_scan_end_time: m.continuous_scan_end_time,
            continuous_scan_start_time: m.continuous_scan_start_time,
            created_by: m.created_by,
            creation_date: m.creation_date,
            iam_role_arn: m.iam_role_arn,
            malware_scanner: m.malware_scanner,
            recovery_point_arn: m.recovery_point_arn,
            resource_arn: m.resource_arn,
            resource_name: m.resource_name,
            resource_type: m.resource_type,
            scan_base_recovery_point_arn: m.scan_base_recovery_point_arn,
            scan_id: m.scan_id,
            scan_job_id: m.scan_job_id,
            scan_mode: m.scan_mode,
            scan_result: m.scan_result,
            scanner_role_arn: m.scanner_role_arn,
            state: self.state,
            status_message: m.status_message,
        }
    }
}

crate::support::newest_first::listed_job!(ScanJobRecord => creation_date);
