//! What scans show elsewhere: a recovery point's latest scan in DescribeRecoveryPoint
//! (`ScanResults`) and in the recovery point listings (`AggregatedScanResult`), and the verdict
//! on a point in time of a continuous backup (GetPITRMalwareScanResults).

use emulator_core::dto::Timestamp;

use crate::api::generated::{
    AggregatedScanResult, GetPITRMalwareScanResultsOutput, MalwareScanner, ScanFinding, ScanResult,
    ScanResultInfo, ScanResultStatus, ScanState,
};
use crate::model::scan_job::ScanJobRecord;
use crate::state::RegionState;

/// What a finished scan found.
fn findings(job: &ScanJobRecord) -> Vec<ScanFinding> {
    match job.result {
        Some(ScanResultStatus::ThreatsFound) => vec![ScanFinding::Malware],
        _ => Vec::new(),
    }
}

/// `ScanResults` of recovery point `arn`: its latest finished scan, per malware scanner.
pub fn scan_results(region: &RegionState, arn: &str) -> Option<Vec<ScanResult>> {
    let job = region.scan_jobs.latest_finished(arn)?;
    Some(vec![ScanResult {
        findings: Some(findings(job)),
        last_scan_timestamp: job.completion_date,
        malware_scanner: Some(job.malware_scanner),
        scan_job_state: job.final_state(),
    }])
}

/// `AggregatedScanResult` of recovery point `arn`, from its latest finished scan.
pub fn aggregated(region: &RegionState, arn: &str) -> Option<AggregatedScanResult> {
    let job = region.scan_jobs.latest_finished(arn)?;
    Some(AggregatedScanResult {
        failed_scan: Some(job.state == ScanState::Failed),
        findings: Some(findings(job)),
        last_computed: job.completion_date,
    })
}

/// The verdict on time `at` of continuous recovery point `arn`: that of the latest completed
/// scan by `scanner` whose span covers `at`, or `UNKNOWN` when none does.
pub fn pitr(
    region: &RegionState,
    arn: &str,
    scanner: MalwareScanner,
    at: Timestamp,
) -> GetPITRMalwareScanResultsOutput {
    let covering = region
        .scan_jobs
        .values()
        .filter(|job| {
            job.recovery_point_arn == arn
                && job.malware_scanner == scanner
                && job.state == ScanState::Completed
                && job.continuous_start.is_some_and(|start| start <= at)
                && job.continuous_end.is_some_and(|end| at <= end)
        })
        .max_by(|a, b| {
            a.completion_date
                .partial_cmp(&b.completion_date)
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    GetPITRMalwareScanResultsOutput {
        last_scan_job_time: covering.and_then(|job| job.completion_date),
        scan_end_time: at,
        scan_id: covering.and_then(|job| job.scan_id.clone()),
        scan_mode: covering.map(|job| job.scan_mode),
        scan_result: ScanResultInfo {
            scan_result_status: covering
                .and_then(|job| job.result)
                .unwrap_or(ScanResultStatus::Unknown),
        },
    }
}
