//! What StartScanJob checks beyond the model: which recovery points can be scanned, the base of
//! an incremental scan, and the span of a continuous backup to scan.

use std::str::FromStr;

use emulator_core::dto::Timestamp;
use emulator_core::ServiceError;

use crate::api::generated::{ScanMode, ScanResourceType};
use crate::model::recovery_point::RecoveryPoint;
use crate::state::RegionState;
use crate::support::errors::{invalid_parameter, invalid_request, missing_parameter, not_found};
use crate::support::resource_types;

/// The scan resource type of `point`: GuardDuty scans EBS, EC2 and S3 backups only.
pub fn resource_type(point: &RecoveryPoint) -> Result<ScanResourceType, ServiceError> {
    let scannable = resource_types::has(&point.resource_type, |t| t.malware_scan);
    let parsed = ScanResourceType::from_str(&point.resource_type).ok();
    parsed.filter(|_| scannable).ok_or_else(|| {
        invalid_request(format!(
            "Malware scanning is not supported for resource type {} (recovery point {}); \
             supported types are EBS, EC2 and S3",
            point.resource_type, point.arn
        ))
    })
}

/// The base of the scan: none for a full scan; for an incremental scan, an older recovery point
/// of the same resource in the same vault.
pub fn base(
    region: &RegionState,
    mode: ScanMode,
    target: &RecoveryPoint,
    base: Option<&str>,
) -> Result<Option<String>, ServiceError> {
    match (mode, base) {
        (ScanMode::FullScan, None) => Ok(None),
        (ScanMode::FullScan, Some(_)) => Err(invalid_parameter(
            "ScanBaseRecoveryPointArn can only be given for an INCREMENTAL_SCAN",
        )),
        (ScanMode::IncrementalScan, None) => Err(missing_parameter(
            "ScanBaseRecoveryPointArn is required for an INCREMENTAL_SCAN",
        )),
        (ScanMode::IncrementalScan, Some(arn)) => {
            let base = region
                .recovery_points
                .get(arn)
                .filter(|point| point.vault_name == target.vault_name)
                .ok_or_else(|| {
                    not_found(format!(
                        "Recovery point {arn} was not found in backup vault {}.",
                        target.vault_name
                    ))
                })?;
            if base.resource_arn != target.resource_arn {
                return Err(invalid_parameter(format!(
                    "The base recovery point {arn} is not a backup of {}",
                    target.resource_arn
                )));
            }
            if base.arn == target.arn || base.creation_date >= target.creation_date {
                return Err(invalid_parameter(format!(
                    "The base recovery point {arn} must be older than recovery point {}",
                    target.arn
                )));
            }
            Ok(Some(base.arn.to_string()))
        }
    }
}

/// The span of a continuous backup to scan, `(start, end)`: from the point's creation to
/// `ContinuousScanEndTime` (now when absent), which must lie in between. A snapshot has none,
/// and takes no end time.
pub fn continuous_span(
    point: &RecoveryPoint,
    end: Option<Timestamp>,
    now: Timestamp,
) -> Result<(Option<Timestamp>, Option<Timestamp>), ServiceError> {
    if !point.continuous {
        return match end {
            None => Ok((None, None)),
            Some(_) => Err(invalid_parameter(format!(
                "ContinuousScanEndTime can only be given for a continuous backup; recovery point \
                 {} is a snapshot",
                point.arn
            ))),
        };
    }
    let end = end.unwrap_or(now);
    if end <= point.creation_date || end > now {
        return Err(invalid_parameter(format!(
            "ContinuousScanEndTime {end} must be after the start of continuous backup {} ({}) \
             and not in the future",
            point.arn, point.creation_date
        )));
    }
    Ok((Some(point.creation_date), Some(end)))
}
