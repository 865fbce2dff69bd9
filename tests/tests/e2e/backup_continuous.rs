//! Continuous backup (point-in-time recovery) end to end with aws-sdk-backup: a plan rule with
//! `EnableContinuousBackup` keeps one continuous recovery point per resource and vault for the
//! types that have continuous backup (RDS, S3 here) and makes ordinary snapshots for the others
//! (EBS). The clock is driven through the admin endpoint; reads poll with a deadline only because
//! the timer task may be the one firing the run.

use std::time::{Duration, Instant};

use aws_sdk_backup::error::ProvideErrorMetadata;
use aws_sdk_backup::primitives::{DateTime, DateTimeFormat};
use aws_sdk_backup::types::{
    BackupPlanInput, BackupRuleInput, BackupSelection, Lifecycle, RecoveryPointByBackupVault,
    RecoveryPointStatus, StorageClass,
};
use aws_sdk_backup::Client;
use integration_tests::{
    admin_request, advance_clock, backup_client, create_vault, instant_gateway, GatewayHandle,
};

const ROLE: &str = "arn:aws:iam::111122223333:role/service-role/AWSBackupDefaultServiceRole";
const DB: &str = "arn:aws:rds:us-east-1:111122223333:db:orders";
const VOLUME: &str = "arn:aws:ec2:us-east-1:111122223333:volume/vol-0123456789abcdef0";
const BUCKET: &str = "arn:aws:s3:::reports";
const HOURLY: &str = "cron(0 * ? * * *)";
const DAY: i64 = 86_400;

fn rule(name: &str, vault: &str, delete_after_days: i64) -> BackupRuleInput {
    BackupRuleInput::builder()
        .rule_name(name)
        .target_backup_vault_name(vault)
        .schedule_expression(HOURLY)
        .start_window_minutes(60)
        .completion_window_minutes(120)
        .enable_continuous_backup(true)
        .lifecycle(
            Lifecycle::builder()
                .delete_after_days(delete_after_days)
                .build(),
        )
        .build()
        .expect("rule")
}

fn plan(rules: Vec<BackupRuleInput>) -> BackupPlanInput {
    BackupPlanInput::builder()
        .backup_plan_name("pitr")
        .set_rules(Some(rules))
        .build()
        .expect("plan")
}

/// A plan with one continuous rule into the `pitr` vault (35 days), selecting `resources` in a
/// selection named `selection`; returns the plan's id.
async fn continuous_plan_selecting(client: &Client, selection: &str, resources: &[&str]) -> String {
    let plan_id = client
        .create_backup_plan()
        .backup_plan(plan(vec![rule("continuous", "pitr", 35)]))
        .send()
        .await
        .expect("create plan")
        .backup_plan_id()
        .expect("plan id")
        .to_owned();
    let chosen = resources
        .iter()
        .fold(BackupSelection::builder(), |builder, resource| {
            builder.resources(*resource)
        });
    client
        .create_backup_selection()
        .backup_plan_id(&plan_id)
        .backup_selection(
            chosen
                .selection_name(selection)
                .iam_role_arn(ROLE)
                .build()
                .expect("selection"),
        )
        .send()
        .await
        .expect("create selection");
    plan_id
}

async fn gateway_now(gateway: &GatewayHandle) -> f64 {
    let (status, body) = admin_request(gateway, "GET", "/_floci/clock", "").await;
    assert_eq!(status, 200, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).expect("json");
    json["now"].as_f64().expect("now")
}

/// Moves the clock just past the plan's next run.
async fn pass_next_run(gateway: &GatewayHandle, client: &Client, plan_id: &str) {
    let preview = client
        .get_backup_plan()
        .backup_plan_id(plan_id)
        .max_scheduled_runs_preview(1)
        .send()
        .await
        .expect("get plan");
    let due = preview.scheduled_runs_preview()[0]
        .execution_time()
        .expect("execution time")
        .as_secs_f64();
    let now = gateway_now(gateway).await;
    advance_clock(gateway, (due - now).ceil() as u64 + 1).await;
}

async fn points(client: &Client, vault: &str) -> Vec<RecoveryPointByBackupVault> {
    client
        .list_recovery_points_by_backup_vault()
        .backup_vault_name(vault)
        .send()
        .await
        .expect("list points")
        .recovery_points()
        .to_vec()
}

/// The vault's points once `jobs` scheduled jobs have completed.
async fn after_jobs(client: &Client, vault: &str, jobs: usize) -> Vec<RecoveryPointByBackupVault> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let completed = client
            .list_backup_jobs()
            .by_state(aws_sdk_backup::types::BackupJobState::Completed)
            .send()
            .await
            .expect("list jobs")
            .backup_jobs()
            .len();
        if completed >= jobs || Instant::now() > deadline {
            assert_eq!(completed, jobs, "completed jobs");
            return points(client, vault).await;
        }
        tokio::task::yield_now().await;
    }
}

fn of<'a>(
    points: &'a [RecoveryPointByBackupVault],
    resource: &str,
) -> Vec<&'a RecoveryPointByBackupVault> {
    points
        .iter()
        .filter(|p| p.resource_arn() == Some(resource))
        .collect()
}

#[tokio::test]
async fn a_continuous_rule_keeps_one_point_per_resource_current_and_snapshots_the_rest() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    create_vault(&client, "pitr").await;
    let copies = create_vault(&client, "copies").await;
    let plan_id = continuous_plan_selecting(&client, "all", &[DB, VOLUME, BUCKET]).await;

    pass_next_run(&gateway, &client, &plan_id).await;
    let first = after_jobs(&client, "pitr", 3).await;
    let db_points = of(&first, DB);
    assert_eq!(db_points.len(), 1, "{first:#?}");
    let db_point = db_points[0].recovery_point_arn().expect("arn").to_owned();
    assert!(
        db_point.starts_with("arn:aws:backup:us-east-1:111122223333:recovery-point:continuous:db-"),
        "{db_point}"
    );
    let bucket_point = of(&first, BUCKET)[0]
        .recovery_point_arn()
        .expect("arn")
        .to_owned();
    assert!(
        bucket_point.contains(":recovery-point:continuous:s3-"),
        "{bucket_point}"
    );
    let snapshot = of(&first, VOLUME)[0].recovery_point_arn().expect("arn");
    assert!(
        snapshot.starts_with("arn:aws:ec2:us-east-1::snapshot/snap-"),
        "{snapshot}"
    );
    let first_db = client
        .describe_recovery_point()
        .backup_vault_name("pitr")
        .recovery_point_arn(&db_point)
        .send()
        .await
        .expect("describe");

    // The next run keeps the continuous points current and adds a snapshot of the volume.
    pass_next_run(&gateway, &client, &plan_id).await;
    let second = after_jobs(&client, "pitr", 6).await;
    assert_eq!(of(&second, VOLUME).len(), 2, "{second:#?}");
    assert_eq!(of(&second, DB).len(), 1, "{second:#?}");
    assert_eq!(
        of(&second, DB)[0].recovery_point_arn(),
        Some(db_point.as_str())
    );
    assert_eq!(of(&second, BUCKET).len(), 1, "{second:#?}");
    let db = client
        .describe_recovery_point()
        .backup_vault_name("pitr")
        .recovery_point_arn(&db_point)
        .send()
        .await
        .expect("describe");
    assert_eq!(db.creation_date(), first_db.creation_date());
    let latest = db.completion_date().expect("completion date");
    assert!(latest > first_db.completion_date().expect("first completion"));
    assert_eq!(db.storage_class(), Some(&StorageClass::Warm));
    let dates = db.calculated_lifecycle().expect("calculated lifecycle");
    assert_eq!(dates.move_to_cold_storage_at(), None);
    assert_eq!(
        dates.delete_at().expect("delete at").secs(),
        latest.secs() + 35 * DAY
    );
    let protected = client
        .describe_protected_resource()
        .resource_arn(DB)
        .send()
        .await
        .expect("protected resource");
    assert_eq!(protected.last_backup_time(), Some(latest));
    assert_eq!(protected.last_recovery_point_arn(), Some(db_point.as_str()));
    let jobs = client
        .list_backup_jobs()
        .by_resource_arn(DB)
        .send()
        .await
        .expect("jobs");
    assert_eq!(jobs.backup_jobs().len(), 2);
    assert!(jobs
        .backup_jobs()
        .iter()
        .all(|job| job.recovery_point_arn() == Some(db_point.as_str())));

    // Its lifecycle is the rule's: UpdateRecoveryPointLifecycle refuses continuous points.
    let err = client
        .update_recovery_point_lifecycle()
        .backup_vault_name("pitr")
        .recovery_point_arn(&db_point)
        .lifecycle(Lifecycle::builder().delete_after_days(10).build())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidRequestException"), "{err:?}");

    // An access point to the bucket's continuous point reads it at a point in time.
    let now = gateway_now(&gateway).await as i64;
    let in_time = DateTime::from_secs(now - 60)
        .fmt(DateTimeFormat::DateTime)
        .expect("format");
    client
        .create_backup_access_point()
        .name("reports-at")
        .recovery_point_arn(&bucket_point)
        .access_point_metadata("AccessPointInTime", &in_time)
        .send()
        .await
        .expect("access point at a point in time");
    let err = client
        .create_backup_access_point()
        .name("reports-now")
        .recovery_point_arn(&bucket_point)
        .send()
        .await
        .unwrap_err();
    assert!(err.code().is_some(), "{err:?}");

    // A continuous point restores like any other.
    client
        .start_restore_job()
        .recovery_point_arn(&db_point)
        .iam_role_arn(ROLE)
        .metadata("DBInstanceIdentifier", "orders-restored")
        .send()
        .await
        .expect("restore");

    // A copy of a continuous backup is a snapshot of its type.
    let copy_job = client
        .start_copy_job()
        .recovery_point_arn(&db_point)
        .source_backup_vault_name("pitr")
        .destination_backup_vault_arn(&copies)
        .iam_role_arn(ROLE)
        .send()
        .await
        .expect("copy")
        .copy_job_id()
        .expect("copy job id")
        .to_owned();
    let copy = client
        .describe_copy_job()
        .copy_job_id(&copy_job)
        .send()
        .await
        .expect("describe copy");
    let copied = copy
        .copy_job()
        .and_then(|job| job.destination_recovery_point_arn())
        .expect("destination point");
    assert!(
        copied.starts_with("arn:aws:rds:us-east-1:111122223333:snapshot:awsbackup:copyjob-"),
        "{copied}"
    );

    // Only continuous points can be disassociated; the rule's next run starts a new one.
    let err = client
        .disassociate_recovery_point()
        .backup_vault_name("pitr")
        .recovery_point_arn(snapshot)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidRequestException"), "{err:?}");
    client
        .disassociate_recovery_point()
        .backup_vault_name("pitr")
        .recovery_point_arn(&db_point)
        .send()
        .await
        .expect("disassociate");
    let err = client
        .describe_recovery_point()
        .backup_vault_name("pitr")
        .recovery_point_arn(&db_point)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ResourceNotFoundException"), "{err:?}");
    pass_next_run(&gateway, &client, &plan_id).await;
    let third = after_jobs(&client, "pitr", 9).await;
    let renewed = of(&third, DB);
    assert_eq!(renewed.len(), 1, "{third:#?}");
    let renewed = renewed[0].recovery_point_arn().expect("arn");
    assert_ne!(renewed, db_point);
    assert!(
        renewed.contains(":recovery-point:continuous:db-"),
        "{renewed}"
    );
}

#[tokio::test]
async fn continuous_rules_keep_at_most_35_days_and_no_cold_storage() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    create_vault(&client, "pitr").await;
    let create = |rule: BackupRuleInput| {
        client
            .create_backup_plan()
            .backup_plan(plan(vec![rule]))
            .send()
    };
    let err = create(rule("long", "pitr", 36)).await.unwrap_err();
    assert_eq!(
        err.code(),
        Some("InvalidParameterValueException"),
        "{err:?}"
    );
    let cold = BackupRuleInput::builder()
        .rule_name("cold")
        .target_backup_vault_name("pitr")
        .enable_continuous_backup(true)
        .lifecycle(
            Lifecycle::builder()
                .move_to_cold_storage_after_days(1)
                .delete_after_days(35)
                .build(),
        )
        .build()
        .expect("rule");
    let err = create(cold).await.unwrap_err();
    assert_eq!(
        err.code(),
        Some("InvalidParameterValueException"),
        "{err:?}"
    );
    create(rule("month", "pitr", 35)).await.expect("35 days");
    create(rule("day", "pitr", 1)).await.expect("1 day");
}

#[tokio::test]
async fn a_changed_retention_updates_rds_in_place_and_stops_the_s3_point() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    create_vault(&client, "pitr").await;
    let plan_id = continuous_plan_selecting(&client, "both", &[DB, BUCKET]).await;
    pass_next_run(&gateway, &client, &plan_id).await;
    let first = after_jobs(&client, "pitr", 2).await;
    let db_point = of(&first, DB)[0]
        .recovery_point_arn()
        .expect("arn")
        .to_owned();
    let bucket_point = of(&first, BUCKET)[0]
        .recovery_point_arn()
        .expect("arn")
        .to_owned();

    client
        .update_backup_plan()
        .backup_plan_id(&plan_id)
        .backup_plan(plan(vec![rule("continuous", "pitr", 20)]))
        .send()
        .await
        .expect("update plan");
    pass_next_run(&gateway, &client, &plan_id).await;
    let second = after_jobs(&client, "pitr", 4).await;

    let db = of(&second, DB);
    assert_eq!(db.len(), 1, "{second:#?}");
    assert_eq!(db[0].recovery_point_arn(), Some(db_point.as_str()));
    assert_eq!(
        db[0].lifecycle().and_then(|l| l.delete_after_days()),
        Some(20)
    );

    let bucket = of(&second, BUCKET);
    assert_eq!(bucket.len(), 2, "{second:#?}");
    let status = |arn: &str| {
        bucket
            .iter()
            .find(|p| p.recovery_point_arn() == Some(arn))
            .and_then(|p| p.status().cloned())
    };
    assert_eq!(status(&bucket_point), Some(RecoveryPointStatus::Stopped));
    let renewed = bucket
        .iter()
        .find(|p| p.recovery_point_arn() != Some(bucket_point.as_str()))
        .expect("a new point");
    assert_eq!(renewed.status(), Some(&RecoveryPointStatus::Completed));
    assert_eq!(
        renewed.lifecycle().and_then(|l| l.delete_after_days()),
        Some(20)
    );
}
