//! Backup's partitions saved and loaded: a region holding one of nearly everything survives the
//! round trip unchanged, and a service loaded from it carries on where the first one stopped.

use emulator_core::storage::{track_changes, PartitionKey, PersistentState, Record, RecordBatch};
use serde_json::{json, Value};

use emulator_core::state::lock;

use crate::state::{account_partition, region_partition, RegionState};
use crate::test_support::{call, service, text, written_point, ACCOUNT};
use crate::BackupService;

const ROLE: &str = "arn:aws:iam::111122223333:role/backup";
const VOLUME: &str = "arn:aws:ec2:us-east-1:111122223333:volume/vol-0123456789abcdef0";

/// Calls that give vault `v` a policy, notifications and a lock, plan `$PLAN` a selection, and
/// set region and account settings. `$ROLE` and `$VOLUME`
/// stand for [`ROLE`] and [`VOLUME`], `$PLAN` for the plan's id.
const BEFORE_THE_POINT: &[(&str, &str)] = &[
    (
        "PutBackupVaultAccessPolicy",
        r#"{"BackupVaultName": "v", "Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[]}"}"#,
    ),
    (
        "PutBackupVaultNotifications",
        r#"{"BackupVaultName": "v", "SNSTopicArn": "arn:aws:sns:us-east-1:111122223333:t",
            "BackupVaultEvents": ["BACKUP_JOB_COMPLETED"]}"#,
    ),
    (
        "PutBackupVaultLockConfiguration",
        r#"{"BackupVaultName": "v", "MinRetentionDays": 1, "MaxRetentionDays": 3650}"#,
    ),
    (
        "CreateBackupSelection",
        r#"{"BackupPlanId": "$PLAN", "BackupSelection": {"SelectionName": "s",
            "IamRoleArn": "$ROLE", "Resources": ["arn:aws:ec2:*:*:volume/*"]}}"#,
    ),
    (
        "UpdateRegionSettings",
        r#"{"ResourceTypeOptInPreference": {"EBS": true, "RDS": false}}"#,
    ),
    (
        "UpdateGlobalSettings",
        r#"{"GlobalSettings": {"isCrossAccountBackupEnabled": "true"}}"#,
    ),
];

/// Calls that add, once the recovery point `$POINT` exists: a backup job still running, a
/// restore, copy and scan job in flight, a legal hold, an index, a logically air-gapped vault,
/// a tiering configuration, a restore testing plan and selection, an Audit Manager framework,
/// report plan and report job.
const AFTER_THE_POINT: &[(&str, &str)] = &[
    (
        "StartBackupJob",
        r#"{"BackupVaultName": "v", "ResourceArn": "$VOLUME", "IamRoleArn": "$ROLE"}"#,
    ),
    (
        "StartRestoreJob",
        r#"{"RecoveryPointArn": "$POINT", "IamRoleArn": "$ROLE",
            "Metadata": {"VolumeSize": "8"}}"#,
    ),
    (
        "StartCopyJob",
        r#"{"RecoveryPointArn": "$POINT", "SourceBackupVaultName": "v", "IamRoleArn": "$ROLE",
            "DestinationBackupVaultArn":
                "arn:aws:backup:us-east-1:111122223333:backup-vault:dst"}"#,
    ),
    (
        "StartScanJob",
        r#"{"BackupVaultName": "v", "RecoveryPointArn": "$POINT", "IamRoleArn": "$ROLE",
            "MalwareScanner": "GUARDDUTY", "ScanMode": "FULL_SCAN", "ScannerRoleArn": "$ROLE"}"#,
    ),
    (
        "CreateLegalHold",
        r#"{"Title": "hold", "Description": "audit", "Tags": {"case": "7"},
            "RecoveryPointSelection": {"VaultNames": ["v"]}}"#,
    ),
    (
        "UpdateRecoveryPointIndexSettings",
        r#"{"BackupVaultName": "v", "RecoveryPointArn": "$POINT", "IamRoleArn": "$ROLE",
            "Index": "ENABLED"}"#,
    ),
    (
        "CreateLogicallyAirGappedBackupVault",
        r#"{"BackupVaultName": "air", "MinRetentionDays": 7, "MaxRetentionDays": 30}"#,
    ),
    (
        "CreateTieringConfiguration",
        r#"{"TieringConfiguration": {"TieringConfigurationName": "tier", "BackupVaultName": "v",
            "ResourceSelection": [{"ResourceType": "S3", "Resources": ["*"],
            "TieringDownSettingsInDays": 60}]}}"#,
    ),
    (
        "CreateRestoreTestingPlan",
        r#"{"RestoreTestingPlan": {"RestoreTestingPlanName": "rtp",
            "ScheduleExpression": "cron(0 1 ? * * *)",
            "RecoveryPointSelection": {"Algorithm": "LATEST_WITHIN_WINDOW",
            "IncludeVaults": ["*"], "RecoveryPointTypes": ["SNAPSHOT"]}}}"#,
    ),
    (
        "CreateRestoreTestingSelection",
        r#"{"RestoreTestingPlanName": "rtp", "RestoreTestingSelection": {
            "RestoreTestingSelectionName": "rts", "IamRoleArn": "$ROLE",
            "ProtectedResourceType": "EBS", "ProtectedResourceArns": ["*"],
            "ValidationWindowHours": 2}}"#,
    ),
    (
        "CreateFramework",
        r#"{"FrameworkName": "fw", "FrameworkControls": [
            {"ControlName": "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
             "ControlInputParameters": [
                {"ParameterName": "requiredRetentionDays", "ParameterValue": "35"}]}]}"#,
    ),
    (
        "CreateReportPlan",
        r#"{"ReportPlanName": "rp", "ReportSetting": {"ReportTemplate": "BACKUP_JOB_REPORT"},
            "ReportDeliveryChannel": {"S3BucketName": "reports", "Formats": ["CSV", "JSON"]}}"#,
    ),
    ("StartReportJob", r#"{"ReportPlanName": "rp"}"#),
];

/// `template` with its placeholders filled in from `values`, as JSON.
fn input(template: &str, values: &[(&str, &str)]) -> Value {
    let text = values
        .iter()
        .fold(template.to_owned(), |text, (name, value)| {
            text.replace(name, value)
        });
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{error}: {text}"))
}

/// A region holding one of nearly everything Backup keeps (see [`BEFORE_THE_POINT`] and
/// [`AFTER_THE_POINT`]), around a completed backup whose recovery point has a lifecycle and
/// tags. Answers the service and the point's ARN.
async fn populated() -> (BackupService, String) {
    let svc = service();
    let tagged = json!({"BackupVaultName": "v", "BackupVaultTags": {"team": "a"}});
    call(&svc, "CreateBackupVault", tagged).await;
    call(&svc, "CreateBackupVault", json!({"BackupVaultName": "dst"})).await;
    let plan = call(
        &svc,
        "CreateBackupPlan",
        json!({"BackupPlan": {"BackupPlanName": "p", "Rules": [{
            "RuleName": "daily", "TargetBackupVaultName": "v",
            "ScheduleExpression": "cron(0 5 ? * * *)", "ScheduleExpressionTimezone": "Europe/Paris",
            "Lifecycle": {"DeleteAfterDays": 35}}]}}),
    )
    .await;
    let plan_id = text(&plan, "BackupPlanId").to_owned();
    let mut values = vec![("$ROLE", ROLE), ("$VOLUME", VOLUME), ("$PLAN", &plan_id)];
    for (operation, template) in BEFORE_THE_POINT {
        call(&svc, operation, input(template, &values)).await;
    }
    call(
        &svc,
        "TagResource",
        json!({"ResourceArn": text(&plan, "BackupPlanArn"), "Tags": {"owner": "me"}}),
    )
    .await;
    let done = call(
        &svc,
        "StartBackupJob",
        json!({"BackupVaultName": "v", "ResourceArn": VOLUME, "IamRoleArn": ROLE,
            "Lifecycle": {"MoveToColdStorageAfterDays": 10, "DeleteAfterDays": 100},
            "RecoveryPointTags": {"rp": "1"}}),
    )
    .await;
    svc.clock.advance(5.0);
    let point = written_point(&svc, &done).await;
    values.push(("$POINT", &point));
    for (operation, template) in AFTER_THE_POINT {
        call(&svc, operation, input(template, &values)).await;
    }
    (svc, point)
}

fn region_key() -> PartitionKey {
    region_partition(ACCOUNT, "us-east-1")
}

/// Every record of partition `key`, as a save after a conversion puts them.
fn saved(svc: &BackupService, key: &PartitionKey) -> Vec<Record> {
    let mut batch = RecordBatch::full();
    svc.save(key, &mut batch).expect("saved");
    let (records, removed) = batch.into_records();
    assert!(removed.is_empty(), "{removed:?}");
    assert!(!records.is_empty(), "{key} holds state");
    records
}

/// What a save of `key` would write now: the records put, and the (kind, id) removed. The
/// `region` record, put unless its bytes match the last ones stored (the storage layer
/// compares), counts only when its bytes differ from those of `region` (updated).
fn changed(
    svc: &BackupService,
    key: &PartitionKey,
    region: &mut Option<Vec<u8>>,
) -> (Vec<String>, Vec<(String, String)>) {
    let mut batch = RecordBatch::changed();
    svc.save(key, &mut batch).expect("saved");
    let (records, removed) = batch.into_records();
    let mut put = Vec::new();
    for record in records {
        if record.kind == "region" && region.as_ref() == Some(&record.value) {
            continue;
        }
        if record.kind == "region" {
            *region = Some(record.value.clone());
        }
        put.push(format!("{}/{}", record.kind, record.id));
    }
    (put, removed)
}

#[tokio::test]
async fn a_populated_region_survives_the_round_trip_unchanged() {
    let (svc, point) = populated().await;
    let back =
        super::records::load_region(saved(&svc, &region_key()).into_iter()).expect("reads back");
    let original = svc
        .store
        .existing_region(ACCOUNT, "us-east-1")
        .expect("the region exists");
    let original = lock(&original);
    assert!(
        original.job_outbox.is_empty(),
        "published before the lock was released"
    );
    assert_eq!(back, *original);
    // Format 1 stored the whole region as one document; the conversion reads it the same way.
    let format1 = serde_json::to_vec(&*original).unwrap();
    let converted: RegionState = serde_json::from_slice(&format1).unwrap();
    assert_eq!(converted, *original);
    // The parts most worth a look, so a derive that stored nothing would not pass unseen.
    let vault = &back.vaults["v"];
    assert!(vault.lock.is_some() && vault.access_policy.is_some() && vault.notifications.is_some());
    assert_eq!(back.tags.list(&vault.arn).get("team"), Some("a"));
    assert_eq!(back.recovery_point_count("v"), 1);
    let stored_point = back.recovery_points.get(&point).expect("the point");
    assert!(stored_point
        .calculated_lifecycle()
        .and_then(|c| c.delete_at)
        .is_some());
    assert_eq!(back.backup_jobs.len(), 2);
    assert_eq!(back.plans.len(), 1);
    assert_eq!(back.selections.len(), 1);
    for (what, count) in [
        ("restore jobs", back.restore_jobs.len()),
        ("copy jobs", back.copy_jobs.len()),
        ("scan jobs", back.scan_jobs.values().count()),
        ("legal holds", back.legal_holds.len()),
        ("indexes", back.indexes.len()),
        ("tiering configurations", back.tiering_configurations.len()),
        ("restore testing plans", back.restore_testing_plans.len()),
        ("frameworks", back.frameworks.len()),
        ("report plans", back.report_plans.len()),
        ("report jobs", back.report_jobs.len()),
    ] {
        assert_eq!(count, 1, "{what}");
    }
}

#[tokio::test]
async fn a_service_loaded_from_saved_partitions_answers_as_the_first_did() {
    let (svc, _) = populated().await;
    let account = account_partition(ACCOUNT);
    let loaded = service();
    loaded
        .load(&region_key(), &mut saved(&svc, &region_key()).into_iter())
        .unwrap();
    loaded
        .load(&account, &mut saved(&svc, &account).into_iter())
        .unwrap();
    for (operation, input) in [
        ("ListBackupVaults", json!({})),
        ("ListBackupPlans", json!({})),
        ("ListBackupJobs", json!({})),
        (
            "ListRecoveryPointsByBackupVault",
            json!({"BackupVaultName": "v"}),
        ),
        ("ListLegalHolds", json!({})),
        ("ListRestoreTestingPlans", json!({})),
        ("DescribeGlobalSettings", json!({})),
        ("DescribeRegionSettings", json!({})),
    ] {
        assert_eq!(
            call(&loaded, operation, input.clone()).await,
            call(&svc, operation, input).await,
            "{operation}"
        );
    }
}

#[tokio::test]
async fn an_unused_region_saves_as_nothing_and_a_bad_key_or_state_is_an_error() {
    let svc = service();
    call(&svc, "ListBackupVaults", json!({})).await;
    assert_eq!(
        changed(&svc, &region_key(), &mut None),
        (vec![], vec![("region".to_owned(), String::new())])
    );
    assert!(svc
        .save(
            &PartitionKey::new(["a", "b", "c"]),
            &mut RecordBatch::changed()
        )
        .is_err());
    let record = |kind: &str, id: &str, value: &str| Record {
        kind: kind.to_owned(),
        id: id.to_owned(),
        value: value.as_bytes().to_vec(),
    };
    assert!(svc
        .load(&region_key(), &mut [record("vault", "v", "7")].into_iter())
        .is_err());
    assert!(svc
        .load(
            &region_key(),
            &mut [record("plan", "x", r#"{"id":"x"}"#)].into_iter()
        )
        .is_err());
    assert!(svc
        .load(
            &region_key(),
            &mut [record("unknown", "x", "{}")].into_iter()
        )
        .is_err());
    assert!(svc.load_format1(&region_key(), b"{\"vaults\": 7}").is_err());
}

#[tokio::test]
async fn a_save_writes_the_records_a_call_changed_and_a_read_writes_nothing() {
    track_changes();
    let (svc, _) = populated().await;
    let key = region_key();
    let region = &mut None;
    let _ = changed(&svc, &key, region);
    call(&svc, "DescribeBackupVault", json!({"BackupVaultName": "v"})).await;
    call(
        &svc,
        "ListRecoveryPointsByBackupVault",
        json!({"BackupVaultName": "v"}),
    )
    .await;
    assert_eq!(changed(&svc, &key, region), (vec![], vec![]));

    call(&svc, "CreateBackupVault", json!({"BackupVaultName": "w"})).await;
    assert_eq!(
        changed(&svc, &key, region),
        (vec!["vault/w".to_owned()], vec![])
    );

    call(&svc, "DeleteBackupVault", json!({"BackupVaultName": "w"})).await;
    assert_eq!(
        changed(&svc, &key, region),
        (vec![], vec![("vault".to_owned(), "w".to_owned())])
    );
}

#[tokio::test]
async fn tags_are_saved_per_resource_as_they_change() {
    track_changes();
    let (svc, _) = populated().await;
    let vault = call(&svc, "DescribeBackupVault", json!({"BackupVaultName": "v"})).await;
    let vault = text(&vault, "BackupVaultArn").to_owned();
    let key = region_key();
    let region = &mut None;
    let _ = changed(&svc, &key, region);
    call(&svc, "ListTags", json!({"ResourceArn": vault})).await;
    assert_eq!(changed(&svc, &key, region), (vec![], vec![]));

    call(
        &svc,
        "TagResource",
        json!({"ResourceArn": vault, "Tags": {"more": "x"}}),
    )
    .await;
    assert_eq!(
        changed(&svc, &key, region),
        (vec![format!("tags/{vault}")], vec![])
    );

    call(
        &svc,
        "UntagResource",
        json!({"ResourceArn": vault, "TagKeyList": ["team", "more"]}),
    )
    .await;
    assert_eq!(
        changed(&svc, &key, region),
        (vec![], vec![("tags".to_owned(), vault.clone())])
    );
}

/// Applies what a save put and removed to `stored`, as the database does.
fn apply(stored: &mut Vec<Record>, batch: RecordBatch) {
    let (put, removed) = batch.into_records();
    for (kind, id) in removed {
        stored.retain(|record| (&record.kind, &record.id) != (&kind, &id));
    }
    for record in put {
        stored.retain(|old| (&old.kind, &old.id) != (&record.kind, &record.id));
        stored.push(record);
    }
    stored.sort_by(|a, b| (&a.kind, &a.id).cmp(&(&b.kind, &b.id)));
}

#[tokio::test]
async fn a_region_stored_with_tags_and_scans_in_one_record_loads_and_is_converted_once() {
    track_changes();
    let (svc, point) = populated().await;
    // The scan finishes, so the point has a latest scan too.
    svc.clock.advance(3600.0);
    svc.settle_due();
    let key = region_key();
    let records = saved(&svc, &key);
    // The state to find again, held by another service (a save locks `svc`'s region).
    let expected = service();
    expected
        .load(&key, &mut records.clone().into_iter())
        .unwrap();
    let original = expected
        .store
        .existing_region(ACCOUNT, "us-east-1")
        .unwrap();
    let original = lock(&original);
    assert!(original.scan_jobs.latest_finished(&point).is_some());
    assert!(
        original.tags.resources().count() >= 3,
        "{:?}",
        original.tags
    );

    // The records an older build wrote: tags and scan jobs inside the `region` record.
    let older = json!({
        "tags": &original.tags,
        "settings": &original.settings,
        "scan_jobs": &original.scan_jobs,
    });
    let mut stored: Vec<Record> = records
        .into_iter()
        .filter(|record| !["tags", "scan_job", "latest_scan", "region"].contains(&&*record.kind))
        .collect();
    stored.push(Record {
        kind: "region".to_owned(),
        id: String::new(),
        value: serde_json::to_vec(&older).unwrap(),
    });

    let loaded = service();
    loaded.load(&key, &mut stored.clone().into_iter()).unwrap();
    let state = loaded.store.existing_region(ACCOUNT, "us-east-1").unwrap();
    assert_eq!(*lock(&state), *original, "the older form reads back whole");

    // The next save writes every tag and scan as a record and the `region` record without them.
    let mut batch = RecordBatch::changed();
    loaded.save(&key, &mut batch).unwrap();
    apply(&mut stored, batch);
    let kinds = |kind: &str| stored.iter().filter(|r| r.kind == kind).count();
    assert_eq!(kinds("tags"), original.tags.resources().count());
    assert_eq!(kinds("scan_job"), original.scan_jobs.values().count());
    assert_eq!(kinds("latest_scan"), 1);
    let region: Value = stored
        .iter()
        .find(|record| record.kind == "region")
        .map(|record| serde_json::from_slice(&record.value).unwrap())
        .expect("the settings");
    assert_eq!(
        region.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["settings"]
    );

    // Once: the save after writes nothing but the unchanged `region` record.
    let mut again = RecordBatch::changed();
    loaded.save(&key, &mut again).unwrap();
    let (put, removed) = again.into_records();
    assert!(removed.is_empty(), "{removed:?}");
    assert_eq!(
        put.iter().map(|r| r.kind.as_str()).collect::<Vec<_>>(),
        ["region"]
    );

    // Nothing lost: a gateway reading the converted records holds the same state.
    let converted = service();
    converted.load(&key, &mut stored.into_iter()).unwrap();
    let state = converted
        .store
        .existing_region(ACCOUNT, "us-east-1")
        .unwrap();
    assert_eq!(*lock(&state), *original);
}
