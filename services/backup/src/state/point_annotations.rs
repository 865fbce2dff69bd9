//! A recovery point's views with what other features add to them: the status of its backup
//! index (`indexes.rs`) and its latest malware scan (`scan_jobs.rs`).

use crate::api::generated::{
    DescribeRecoveryPointOutput, RecoveryPointByBackupVault, RecoveryPointByResource,
};
use crate::model::vault::Vault;
use crate::state::RegionState;
use crate::state::{points, scan_results};

use crate::model::recovery_point::RecoveryPoint;

/// `DescribeRecoveryPoint`'s view of `point`, held by `vault`.
pub fn describe(
    region: &RegionState,
    point: &RecoveryPoint,
    vault: Option<&Vault>,
) -> DescribeRecoveryPointOutput {
    let index = points::of_point(region, &point.arn);
    DescribeRecoveryPointOutput {
        index_status: index.map(|index| index.status),
        index_status_message: index.and_then(|index| index.status_message.clone()),
        scan_results: scan_results::scan_results(region, &point.arn),
        ..point.describe(vault)
    }
}

/// `ListRecoveryPointsByBackupVault`'s view of `point`, held by `vault`.
pub fn by_backup_vault(
    region: &RegionState,
    point: &RecoveryPoint,
    vault: Option<&Vault>,
) -> RecoveryPointByBackupVault {
    let index = points::of_point(region, &point.arn);
    RecoveryPointByBackupVault {
        aggregated_scan_result: scan_results::aggregated(region, &point.arn),
        index_status: index.map(|index| index.status),
        index_status_message: index.and_then(|index| index.status_message.clone()),
        ..point.by_backup_vault(vault)
    }
}

/// `ListRecoveryPointsByResource`'s view of `point`, held by `vault`.
pub fn by_resource(
    region: &RegionState,
    point: &RecoveryPoint,
    vault: Option<&Vault>,
) -> RecoveryPointByResource {
    let index = points::of_point(region, &point.arn);
    RecoveryPointByResource {
        aggregated_scan_result: scan_results::aggregated(region, &point.arn),
        index_status: index.map(|index| index.status),
        index_status_message: index.and_then(|index| index.status_message.clone()),
        ..point.by_resource(vault)
    }
}

#[cfg(test)]
mod tests {
    use crate::api::generated::{
        DescribeRecoveryPointInput, Index, IndexStatus, ListRecoveryPointsByBackupVaultInput,
        ListRecoveryPointsByResourceInput, ScanJobState,
    };
    use crate::ops::recovery_points::test_support::put;
    use crate::ops::vaults::test_support::create;
    use crate::test_support::{ctx, service};

    #[test]
    fn views_show_the_index_status_and_the_latest_scan() {
        let svc = service();
        create(&svc, "v");
        let point = put(&svc, "v", "RP", 1_000);
        let describe = || {
            crate::ops::recovery_points::describe_recovery_point(
                &svc,
                &ctx(),
                DescribeRecoveryPointInput {
                    backup_vault_name: "v".into(),
                    recovery_point_arn: point.clone(),
                    backup_vault_account_id: None,
                },
            )
            .unwrap()
        };
        let plain = describe();
        assert_eq!((plain.index_status, plain.scan_results), (None, None));

        crate::ops::indexes::test_support::set(&svc, "v", &point, Index::Enabled).unwrap();
        crate::ops::jobs::scan_jobs::test_support::start(
            &svc,
            crate::ops::jobs::scan_jobs::test_support::full_scan("v", &point),
        )
        .unwrap();
        assert_eq!(describe().index_status, Some(IndexStatus::Pending));
        assert_eq!(describe().scan_results, None, "the scan has not finished");

        svc.clock.advance(3.0);
        svc.settle_due();
        let described = describe();
        assert_eq!(described.index_status, Some(IndexStatus::Active));
        let results = described.scan_results.unwrap_or_default();
        assert_eq!(results.len(), 1);
        assert_eq!(results[0].scan_job_state, Some(ScanJobState::Completed));
        assert_eq!(results[0].findings, Some(Vec::new()));

        let listed = crate::ops::recovery_points::listing::list_recovery_points_by_backup_vault(
            &svc,
            &ctx(),
            ListRecoveryPointsByBackupVaultInput {
                backup_vault_name: "v".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .recovery_points
        .unwrap_or_default();
        assert_eq!(listed[0].index_status, Some(IndexStatus::Active));
        let aggregated = listed[0].aggregated_scan_result.clone().unwrap();
        assert_eq!(aggregated.failed_scan, Some(false));
        assert_eq!(aggregated.last_computed, results[0].last_scan_timestamp);

        let by_resource = crate::ops::recovery_points::listing::list_recovery_points_by_resource(
            &svc,
            &ctx(),
            ListRecoveryPointsByResourceInput {
                resource_arn: "arn:aws:ec2:us-east-1:111122223333:volume/vol-1".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .recovery_points
        .unwrap_or_default();
        assert_eq!(by_resource[0].index_status, Some(IndexStatus::Active));
        assert!(by_resource[0].aggregated_scan_result.is_some());
    }
}
