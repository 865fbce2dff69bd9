//! After a restart the engine's queue is rebuilt from the state ([`pending_events`]). These
//! tests drive the live path through every kind of event and compare the rebuild with what the
//! live path queued: each rebuilt event is queued live for the same time, and each live event
//! the rebuild leaves out changes nothing when it comes due (it was superseded).

use std::collections::BTreeSet;

use emulator_core::{RequestContext, Service};
use serde_json::json;

use super::*;
use crate::api::generated::CopyJobState;
use crate::engine::events::{HoldEvent, PointEvent, VaultChange};
use crate::support::region_key::RegionKey;
use crate::test_support::{call, ctx, service, text, written_point, ACCOUNT};
use crate::BackupService;
use emulator_core::state::lock;

const ROLE: &str = "arn:aws:iam::111122223333:role/backup";
const VOLUME: &str = "arn:aws:ec2:us-east-1:111122223333:volume/vol-0123456789abcdef0";
const BUCKET: &str = "arn:aws:s3:::reports";
const TABLE: &str = "arn:aws:dynamodb:us-east-1:111122223333:table/Doomed";
const TEAM: &str = "arn:aws:mpa:us-east-1:111122223333:approval-team/team-1";
const OTHER_TEAM: &str = "arn:aws:mpa:us-east-1:111122223333:approval-team/team-2";

/// The name of each kind of event. Exhaustive on purpose: a new kind does not compile until it
/// is named here, and [`every_kind_is_rebuilt_as_the_live_path_queued_it`] then fails until
/// [`pending_events`] rebuilds it (or it is listed in [`HANDED_OVER`]).
fn kind_name(kind: &EventKind) -> &'static str {
    match kind {
        EventKind::JobRuns(_) => "JobRuns",
        EventKind::JobCompletes(_) => "JobCompletes",
        EventKind::JobAborted(_) => "JobAborted",
        EventKind::RestoreRuns(_) => "RestoreRuns",
        EventKind::RestoreCompletes(_) => "RestoreCompletes",
        EventKind::CopyRuns(_) => "CopyRuns",
        EventKind::CopyCompletes(_) => "CopyCompletes",
        EventKind::CopyArrives(_) => "CopyArrives",
        EventKind::CopySettled(_) => "CopySettled",
        EventKind::RecoveryPointToCold(_) => "RecoveryPointToCold",
        EventKind::RecoveryPointExpires(_) => "RecoveryPointExpires",
        EventKind::RecoveryPointDeleted(_) => "RecoveryPointDeleted",
        EventKind::Point(PointEvent::ScanRuns(_)) => "ScanRuns",
        EventKind::Point(PointEvent::ScanCompletes(_)) => "ScanCompletes",
        EventKind::Point(PointEvent::AccessPointAvailable(_)) => "AccessPointAvailable",
        EventKind::Point(PointEvent::AccessPointDeleted(_)) => "AccessPointDeleted",
        EventKind::Point(PointEvent::IndexActive(_)) => "IndexActive",
        EventKind::Point(PointEvent::IndexDeleted(_)) => "IndexDeleted",
        EventKind::LegalHold(HoldEvent::Settles(_)) => "HoldSettles",
        EventKind::LegalHold(HoldEvent::RecordExpires(_)) => "HoldRecordExpires",
        EventKind::Vault(VaultChange::SetUp(_)) => "VaultSetUp",
        EventKind::Vault(VaultChange::TeamChangeApproved { .. }) => "TeamChangeApproved",
        EventKind::Vault(VaultChange::AccessApproved { .. }) => "AccessApproved",
        EventKind::Vault(VaultChange::AccessRevoked { .. }) => "AccessRevoked",
    }
}

/// Kinds the rebuild does not produce: the cross-region hand-over of a copy, which is not state.
/// Its job, still RUNNING, gets `CopyCompletes` back and sends the copy again.
const HANDED_OVER: &[&str] = &["CopyArrives", "CopySettled"];

/// Moves the clock and applies what came due, as the next request would.
fn advance(svc: &BackupService, seconds: f64) {
    svc.clock.advance(seconds);
    svc.settle_due();
}

/// Compares the rebuild with the live queue of `svc` and answers the kinds rebuilt.
fn check(svc: &BackupService) -> BTreeSet<&'static str> {
    let settings = svc.engine_settings;
    let live = svc.timers.snapshot();
    let mut rebuilt = Vec::new();
    for ((account_id, region), state) in svc.store.regions() {
        let key = RegionKey { account_id, region };
        for (due, kind) in pending_events(&lock(&state), &settings) {
            rebuilt.push((due, route(&key, kind)));
        }
    }
    for event in &rebuilt {
        assert!(
            live.contains(event),
            "rebuilt {event:?}, which the live path did not queue: {live:#?}"
        );
    }
    for (due, event) in live.iter().filter(|queued| !rebuilt.contains(queued)) {
        let state = svc
            .store
            .existing_region(&event.key.account_id, &event.key.region)
            .expect("the event's region");
        let before = serde_json::to_vec(&*lock(&state)).unwrap();
        let mut copy: RegionState = serde_json::from_slice(&before).unwrap();
        let follow_ups = apply(&mut copy, &event.kind, *due, &settings);
        assert!(
            follow_ups.is_empty() && serde_json::to_vec(&copy).unwrap() == before,
            "the live path queued {event:?} for {due}, which the rebuild misses"
        );
    }
    rebuilt
        .iter()
        .map(|(_, event)| kind_name(&event.kind))
        .collect()
}

#[tokio::test]
async fn every_kind_is_rebuilt_as_the_live_path_queued_it() {
    let svc = service();
    let mut seen = BTreeSet::new();
    call(&svc, "CreateBackupVault", json!({"BackupVaultName": "v"})).await;
    call(&svc, "CreateBackupVault", json!({"BackupVaultName": "dst"})).await;
    // EBS snapshots go cold (to the archive tier) only when opted in.
    let lifecycle = json!({"MoveToColdStorageAfterDays": 10, "DeleteAfterDays": 100,
        "OptInToArchiveForSupportedResources": true});
    let volume = call(
        &svc,
        "StartBackupJob",
        json!({"BackupVaultName": "v", "ResourceArn": VOLUME,
            "IamRoleArn": ROLE, "Lifecycle": lifecycle}),
    )
    .await;
    let bucket = call(
        &svc,
        "StartBackupJob",
        json!({"BackupVaultName": "v", "ResourceArn": BUCKET,
            "IamRoleArn": ROLE}),
    )
    .await;
    let doomed = call(
        &svc,
        "StartBackupJob",
        json!({"BackupVaultName": "v", "ResourceArn": TABLE,
            "IamRoleArn": ROLE}),
    )
    .await;
    let stopped = call(
        &svc,
        "StartBackupJob",
        json!({"BackupVaultName": "v", "ResourceArn": VOLUME,
            "IamRoleArn": ROLE}),
    )
    .await;
    call(
        &svc,
        "StopBackupJob",
        json!({"BackupJobId": text(&stopped, "BackupJobId")}),
    )
    .await;
    seen.extend(check(&svc));

    advance(&svc, 2.0);
    seen.extend(check(&svc));
    advance(&svc, 2.0);
    seen.extend(check(&svc));
    let point = &written_point(&svc, &volume).await;
    let s3_point = &written_point(&svc, &bucket).await;
    let doomed_point = written_point(&svc, &doomed).await;
    call(
        &svc,
        "DeleteRecoveryPoint",
        json!({"BackupVaultName": "v", "RecoveryPointArn": doomed_point}),
    )
    .await;

    call(
        &svc,
        "StartRestoreJob",
        json!({"RecoveryPointArn": point, "IamRoleArn": ROLE,
            "Metadata": {"VolumeSize": "8"}}),
    )
    .await;
    let destination = "arn:aws:backup:us-east-1:111122223333:backup-vault:dst";
    call(
        &svc,
        "StartCopyJob",
        json!({"RecoveryPointArn": point, "SourceBackupVaultName": "v", "IamRoleArn": ROLE,
            "DestinationBackupVaultArn": destination}),
    )
    .await;
    call(
        &svc,
        "StartScanJob",
        json!({"BackupVaultName": "v", "RecoveryPointArn": point, "IamRoleArn": ROLE,
            "MalwareScanner": "GUARDDUTY", "ScanMode": "FULL_SCAN", "ScannerRoleArn": ROLE}),
    )
    .await;
    let hold = call(
        &svc,
        "CreateLegalHold",
        json!({"Title": "hold", "Description": "audit",
            "RecoveryPointSelection": {"VaultNames": ["v"]}}),
    )
    .await;
    call(
        &svc,
        "UpdateRecoveryPointIndexSettings",
        json!({"BackupVaultName": "v", "RecoveryPointArn": point,
            "IamRoleArn": ROLE, "Index": "ENABLED"}),
    )
    .await;
    let access = call(
        &svc,
        "CreateBackupAccessPoint",
        json!({"Name": "reader", "RecoveryPointArn": s3_point}),
    )
    .await;
    let air = call(
        &svc,
        "CreateLogicallyAirGappedBackupVault",
        json!({"BackupVaultName": "air",
            "MinRetentionDays": 7, "MaxRetentionDays": 30}),
    )
    .await;
    seen.extend(check(&svc));

    advance(&svc, 2.0);
    seen.extend(check(&svc));
    advance(&svc, 2.0);
    call(
        &svc,
        "CancelLegalHold",
        json!({"LegalHoldId": text(&hold, "LegalHoldId"), "CancelDescription": "done"}),
    )
    .await;
    call(
        &svc,
        "UpdateRecoveryPointIndexSettings",
        json!({"BackupVaultName": "v", "RecoveryPointArn": point,
            "Index": "DISABLED"}),
    )
    .await;
    call(
        &svc,
        "DeleteBackupAccessPoint",
        json!({"AccessPointArn": text(&access, "AccessPointArn")}),
    )
    .await;
    call(
        &svc,
        "AssociateBackupVaultMpaApprovalTeam",
        json!({"BackupVaultName": "air", "MpaApprovalTeamArn": TEAM}),
    )
    .await;
    let restore_access = call(
        &svc,
        "CreateRestoreAccessBackupVault",
        json!({
        "SourceBackupVaultArn": text(&air, "BackupVaultArn"), "BackupVaultName": "ra"}),
    )
    .await;
    call(
        &svc,
        "AssociateBackupVaultMpaApprovalTeam",
        json!({"BackupVaultName": "air",
            "MpaApprovalTeamArn": OTHER_TEAM}),
    )
    .await;
    seen.extend(check(&svc));

    advance(&svc, 4.0);
    call(
        &svc,
        "RevokeRestoreAccessBackupVault",
        json!({"BackupVaultName": "air",
            "RestoreAccessBackupVaultArn": text(&restore_access, "RestoreAccessBackupVaultArn")}),
    )
    .await;
    seen.extend(check(&svc));

    let expected: BTreeSet<&str> = [
        "JobRuns",
        "JobCompletes",
        "JobAborted",
        "RestoreRuns",
        "RestoreCompletes",
        "CopyRuns",
        "CopyCompletes",
        "RecoveryPointToCold",
        "RecoveryPointExpires",
        "RecoveryPointDeleted",
        "ScanRuns",
        "ScanCompletes",
        "AccessPointAvailable",
        "AccessPointDeleted",
        "IndexActive",
        "IndexDeleted",
        "HoldSettles",
        "HoldRecordExpires",
        "VaultSetUp",
        "TeamChangeApproved",
        "AccessApproved",
        "AccessRevoked",
    ]
    .into_iter()
    .collect();
    assert_eq!(seen, expected);
    assert!(HANDED_OVER.iter().all(|kind| !seen.contains(kind)));
}

#[tokio::test]
async fn a_copy_cut_off_mid_hand_over_is_sent_again_and_completes_once() {
    let svc = service();
    call(&svc, "CreateBackupVault", json!({"BackupVaultName": "v"})).await;
    let dst = RequestContext::new(ACCOUNT, "eu-west-1");
    svc.call(&dst, "CreateBackupVault", json!({"BackupVaultName": "dst"}))
        .await
        .unwrap();
    let job = call(
        &svc,
        "StartBackupJob",
        json!({"BackupVaultName": "v", "ResourceArn": VOLUME,
            "IamRoleArn": ROLE}),
    )
    .await;
    advance(&svc, 4.0);
    let point = written_point(&svc, &job).await;
    let copy = call(
        &svc,
        "StartCopyJob",
        json!({"RecoveryPointArn": point,
        "SourceBackupVaultName": "v", "IamRoleArn": ROLE,
        "DestinationBackupVaultArn": "arn:aws:backup:eu-west-1:111122223333:backup-vault:dst"}),
    )
    .await;
    let id = text(&copy, "CopyJobId");
    advance(&svc, 4.0);
    // The crash came after the destination's partition was saved with the copy and before the
    // source's was saved with the job's end: the state says RUNNING.
    svc.store.with_region(&ctx(), |region| {
        let job = region.copy_jobs.get_mut(id).expect("the copy job");
        assert_eq!(job.state, CopyJobState::Completed);
        job.state = CopyJobState::Running;
        job.completion_date = None;
    });
    svc.timers.clear();
    let rebuilt: Vec<_> = svc
        .store
        .with_region(&ctx(), |region| {
            pending_events(region, &svc.engine_settings)
        })
        .into_iter()
        .map(|(due, kind)| {
            (
                due,
                route(&crate::support::region_key::region_key(&ctx()), kind),
            )
        })
        .collect();
    assert!(matches!(
        rebuilt.as_slice(),
        [(
            _,
            Event {
                kind: EventKind::CopyCompletes(_),
                ..
            }
        )]
    ));
    run(
        &svc.store,
        &svc.timers,
        rebuilt,
        &svc.clock,
        &svc.engine_settings,
        &*svc.job_events,
    );
    let described = call(&svc, "DescribeCopyJob", json!({"CopyJobId": id})).await;
    assert_eq!(described["CopyJob"]["State"], "COMPLETED");
    let copies = svc
        .call_value(
            &dst,
            "ListRecoveryPointsByBackupVault",
            json!({"BackupVaultName": "dst"}),
        )
        .await
        .unwrap();
    assert_eq!(copies["RecoveryPoints"].as_array().map(Vec::len), Some(1));
}
