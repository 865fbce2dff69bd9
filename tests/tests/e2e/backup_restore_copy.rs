//! Restore jobs, copy jobs and job summaries end to end with aws-sdk-backup: state machines over
//! time (driven by the gateway's clock, never by sleeping), created resources, cross-region and
//! cross-account copies, vault locks, filters, pagination, idempotency and errors.

use aws_sdk_backup::error::ProvideErrorMetadata;
use aws_sdk_backup::primitives::DateTime;
use aws_sdk_backup::types::{
    AggregationPeriod, BackupJobStatus, CopyJobState, CopyJobStatus, Lifecycle, RestoreJobState,
    RestoreJobStatus, RestoreValidationStatus,
};
use aws_sdk_backup::Client;
use integration_tests::{
    advance_clock, backup_client, backup_client_for, create_vault as vault, instant_gateway,
    start_gateway, GatewayHandle, WrittenPoint, ACCOUNT,
};

const ROLE: &str = "arn:aws:iam::111122223333:role/AWSBackupDefaultServiceRole";
const VOLUME: &str = "arn:aws:ec2:us-east-1:111122223333:volume/vol-0123456789abcdef0";
const TABLE: &str = "arn:aws:dynamodb:us-east-1:111122223333:table/Orders";
const DATABASE: &str = "arn:aws:rds:us-east-1:111122223333:db:orders";
const BUCKET: &str = "arn:aws:s3:::orders-bucket";
const FILE_SYSTEM: &str = "arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-1";
const INSTANCE: &str = "arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0";
const OTHER_ACCOUNT: &str = "444455556666";

async fn slow_gateway() -> GatewayHandle {
    start_gateway(&[("FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS", "3600")]).await
}

/// Backs `resource` up into `vault` and returns the recovery point (complete on a 0 delay).
async fn backup(client: &Client, vault: &str, resource: &str) -> String {
    client
        .start_backup_job()
        .backup_vault_name(vault)
        .resource_arn(resource)
        .iam_role_arn(ROLE)
        .send()
        .await
        .expect("start backup job")
        .written_point(client)
        .await
        .expect("recovery point arn")
}

/// Backs `resource` up on a slow gateway and lets the job finish (an hour): the job names its
/// point once it runs (issue 22).
async fn settled_backup(
    gateway: &integration_tests::GatewayHandle,
    client: &Client,
    vault: &str,
    resource: &str,
) -> String {
    let started = client
        .start_backup_job()
        .backup_vault_name(vault)
        .resource_arn(resource)
        .iam_role_arn(ROLE)
        .send()
        .await
        .expect("start backup job");
    advance_clock(gateway, 3600).await;
    started
        .written_point(client)
        .await
        .expect("recovery point arn")
}

async fn restore(client: &Client, point: &str, metadata: &[(&str, &str)]) -> String {
    let mut request = client
        .start_restore_job()
        .recovery_point_arn(point)
        .iam_role_arn(ROLE);
    for (key, value) in metadata {
        request = request.metadata(*key, *value);
    }
    if metadata.is_empty() {
        request = request.set_metadata(Some(Default::default()));
    }
    request
        .send()
        .await
        .expect("start restore job")
        .restore_job_id()
        .expect("restore job id")
        .to_owned()
}

async fn restore_status(client: &Client, job: &str) -> RestoreJobStatus {
    client
        .describe_restore_job()
        .restore_job_id(job)
        .send()
        .await
        .expect("describe restore job")
        .status()
        .cloned()
        .expect("a status")
}

async fn copy(client: &Client, source_vault: &str, point: &str, destination: &str) -> String {
    client
        .start_copy_job()
        .source_backup_vault_name(source_vault)
        .recovery_point_arn(point)
        .destination_backup_vault_arn(destination)
        .iam_role_arn(ROLE)
        .send()
        .await
        .expect("start copy job")
        .copy_job_id()
        .expect("copy job id")
        .to_owned()
}

async fn copy_job(client: &Client, job: &str) -> aws_sdk_backup::types::CopyJob {
    client
        .describe_copy_job()
        .copy_job_id(job)
        .send()
        .await
        .expect("describe copy job")
        .copy_job()
        .cloned()
        .expect("a copy job")
}

async fn points_in(client: &Client, vault: &str) -> i64 {
    client
        .describe_backup_vault()
        .backup_vault_name(vault)
        .send()
        .await
        .expect("describe vault")
        .number_of_recovery_points()
}

fn is_hex_id(arn: &str, prefix: &str) -> bool {
    arn.strip_prefix(prefix)
        .is_some_and(|id| id.len() == 17 && id.chars().all(|c| c.is_ascii_hexdigit()))
}

#[tokio::test]
async fn a_zero_delay_restore_is_completed_when_start_returns() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    let vault_arn = vault(&client, "restores").await;
    let point = backup(&client, "restores", VOLUME).await;
    let job = restore(&client, &point, &[("availabilityZone", "us-east-1a")]).await;

    let described = client
        .describe_restore_job()
        .restore_job_id(&job)
        .send()
        .await
        .unwrap();
    assert_eq!(described.status(), Some(&RestoreJobStatus::Completed));
    assert_eq!(described.restore_job_id(), Some(job.as_str()));
    assert_eq!(described.account_id(), Some(ACCOUNT));
    assert_eq!(described.recovery_point_arn(), Some(point.as_str()));
    assert_eq!(described.backup_vault_arn(), Some(vault_arn.as_str()));
    assert_eq!(described.source_resource_arn(), Some(VOLUME));
    assert_eq!(described.resource_type(), Some("EBS"));
    assert_eq!(described.iam_role_arn(), Some(ROLE));
    assert_eq!(described.percent_done(), Some("100.00%"));
    assert!(described.backup_size_in_bytes().unwrap_or_default() > 0);
    assert!(described.recovery_point_creation_date().is_some());
    assert!(described.completion_date().is_some());
    assert!(!described.is_parent());
    assert!(described.validation_status().is_none());
    let created = described.created_resource_arn().expect("created resource");
    assert!(
        is_hex_id(created, "arn:aws:ec2:us-east-1:111122223333:volume/vol-"),
        "{created}"
    );

    let metadata = client
        .get_restore_job_metadata()
        .restore_job_id(&job)
        .send()
        .await
        .unwrap();
    assert_eq!(metadata.restore_job_id(), Some(job.as_str()));
    let metadata = metadata.metadata().expect("metadata");
    assert_eq!(
        metadata.get("availabilityZone").map(String::as_str),
        Some("us-east-1a")
    );
    assert_eq!(metadata.len(), 1);
}

#[tokio::test]
async fn restores_create_resources_of_the_recovery_points_type() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    vault(&client, "kinds").await;
    let created = |job: String| {
        let client = client.clone();
        async move {
            client
                .describe_restore_job()
                .restore_job_id(job)
                .send()
                .await
                .unwrap()
                .created_resource_arn()
                .expect("created resource")
                .to_owned()
        }
    };

    let table = backup(&client, "kinds", TABLE).await;
    let job = restore(&client, &table, &[("targetTableName", "OrdersRestored")]).await;
    assert_eq!(
        created(job).await,
        "arn:aws:dynamodb:us-east-1:111122223333:table/OrdersRestored"
    );
    let database = backup(&client, "kinds", DATABASE).await;
    let job = restore(&client, &database, &[("DBInstanceIdentifier", "orders-2")]).await;
    assert_eq!(
        created(job).await,
        "arn:aws:rds:us-east-1:111122223333:db:orders-2"
    );
    let bucket = backup(&client, "kinds", BUCKET).await;
    let job = restore(
        &client,
        &bucket,
        &[
            ("DestinationBucketName", "orders-restored"),
            ("NewBucket", "true"),
        ],
    )
    .await;
    assert_eq!(created(job).await, "arn:aws:s3:::orders-restored");
    let file_system = backup(&client, "kinds", FILE_SYSTEM).await;
    let job = restore(&client, &file_system, &[("newFileSystem", "true")]).await;
    let arn = created(job).await;
    assert!(
        is_hex_id(
            &arn,
            "arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-"
        ),
        "{arn}"
    );
    let job = restore(
        &client,
        &file_system,
        &[("newFileSystem", "false"), ("file-system-id", "fs-1")],
    )
    .await;
    assert_eq!(created(job).await, FILE_SYSTEM);
    let instance = backup(&client, "kinds", INSTANCE).await;
    let job = restore(&client, &instance, &[]).await;
    let arn = created(job).await;
    assert!(
        is_hex_id(&arn, "arn:aws:ec2:us-east-1:111122223333:instance/i-"),
        "{arn}"
    );
}

#[tokio::test]
async fn restores_move_through_pending_running_completed_as_the_clock_advances() {
    let gateway = slow_gateway().await;
    let client = backup_client(&gateway).await;
    vault(&client, "slow").await;
    let point = settled_backup(&gateway, &client, "slow", TABLE).await;
    let job = restore(&client, &point, &[("targetTableName", "Later")]).await;
    let pending = client
        .describe_restore_job()
        .restore_job_id(&job)
        .send()
        .await
        .unwrap();
    assert_eq!(pending.status(), Some(&RestoreJobStatus::Pending));
    assert_eq!(pending.percent_done(), Some("0.00%"));
    assert!(pending.created_resource_arn().is_none());
    assert!(pending.completion_date().is_none());
    advance_clock(&gateway, 1800).await;
    assert_eq!(
        restore_status(&client, &job).await,
        RestoreJobStatus::Running
    );
    advance_clock(&gateway, 1800).await;
    let done = client
        .describe_restore_job()
        .restore_job_id(&job)
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), Some(&RestoreJobStatus::Completed));
    assert_eq!(
        done.created_resource_arn(),
        Some("arn:aws:dynamodb:us-east-1:111122223333:table/Later")
    );
}

#[tokio::test]
async fn a_restore_fails_when_its_recovery_point_expires_first() {
    // Jobs take two days; the backup's window is stretched so it can start after one.
    let gateway = start_gateway(&[(
        "FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS",
        "172800",
    )])
    .await;
    let client = backup_client(&gateway).await;
    vault(&client, "short").await;
    let point = client
        .start_backup_job()
        .backup_vault_name("short")
        .resource_arn(VOLUME)
        .iam_role_arn(ROLE)
        .start_window_minutes(3000)
        .complete_window_minutes(6000)
        .lifecycle(Lifecycle::builder().delete_after_days(3).build())
        .send()
        .await
        .unwrap();
    advance_clock(&gateway, 2 * 86_400).await;
    let point = point.written_point(&client).await.unwrap();
    assert_eq!(points_in(&client, "short").await, 1);
    let job = restore(&client, &point, &[]).await;
    advance_clock(&gateway, 2 * 86_400).await;
    assert_eq!(points_in(&client, "short").await, 0);
    let failed = client
        .describe_restore_job()
        .restore_job_id(&job)
        .send()
        .await
        .unwrap();
    assert_eq!(failed.status(), Some(&RestoreJobStatus::Failed));
    assert!(failed.status_message().unwrap_or_default().contains(&point));
    assert!(failed.created_resource_arn().is_none());
}

#[tokio::test]
async fn bad_restores_get_aws_errors_and_change_nothing() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    let missing = "arn:aws:backup:us-east-1:111122223333:recovery-point:NOPE";
    let err = client
        .start_restore_job()
        .recovery_point_arn(missing)
        .metadata("k", "v")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ResourceNotFoundException"));

    // A point of another region is not the caller's.
    let ireland = backup_client_for(&gateway, "eu-west-1", ACCOUNT).await;
    vault(&ireland, "far").await;
    let far_point = backup(
        &ireland,
        "far",
        "arn:aws:ec2:eu-west-1:111122223333:volume/vol-1",
    )
    .await;
    let err = client
        .start_restore_job()
        .recovery_point_arn(&far_point)
        .metadata("k", "v")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ResourceNotFoundException"));

    vault(&client, "errs").await;
    let point = backup(&client, "errs", VOLUME).await;
    let err = client
        .start_restore_job()
        .recovery_point_arn(&point)
        .metadata("k", "v")
        .resource_type("DynamoDB")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidParameterValueException"));
    let err = client
        .start_restore_job()
        .recovery_point_arn(&point)
        .metadata("k", "v")
        .iam_role_arn("not-a-role")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidParameterValueException"));
    let err = client
        .start_restore_job()
        .recovery_point_arn(&point)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("MissingParameterValueException"));
    let listed = client.list_restore_jobs().send().await.unwrap();
    assert!(listed.restore_jobs().is_empty());

    for err in [
        client
            .describe_restore_job()
            .restore_job_id("NOPE")
            .send()
            .await
            .unwrap_err()
            .code()
            .map(str::to_owned),
        client
            .get_restore_job_metadata()
            .restore_job_id("NOPE")
            .send()
            .await
            .unwrap_err()
            .code()
            .map(str::to_owned),
        client
            .put_restore_validation_result()
            .restore_job_id("NOPE")
            .validation_status(RestoreValidationStatus::Successful)
            .send()
            .await
            .unwrap_err()
            .code()
            .map(str::to_owned),
    ] {
        assert_eq!(err.as_deref(), Some("ResourceNotFoundException"));
    }
}

#[tokio::test]
async fn a_restore_idempotency_token_returns_the_same_job() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    vault(&client, "idem").await;
    let point = backup(&client, "idem", VOLUME).await;
    let other = backup(&client, "idem", TABLE).await;
    let start = |point: &str| {
        client
            .start_restore_job()
            .recovery_point_arn(point)
            .metadata("k", "v")
            .idempotency_token("tok-1")
            .send()
    };
    let first = start(&point).await.unwrap();
    let again = start(&point).await.unwrap();
    assert_eq!(first.restore_job_id(), again.restore_job_id());
    let err = start(&other).await.unwrap_err();
    assert_eq!(err.code(), Some("InvalidRequestException"));
    let listed = client.list_restore_jobs().send().await.unwrap();
    assert_eq!(listed.restore_jobs().len(), 1);
    // Without a role the job runs and shows none.
    let described = client
        .describe_restore_job()
        .restore_job_id(first.restore_job_id().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(described.iam_role_arn(), None);
}

#[tokio::test]
async fn validation_results_are_taken_for_completed_restores_only() {
    let gateway = slow_gateway().await;
    let client = backup_client(&gateway).await;
    vault(&client, "valid").await;
    let point = settled_backup(&gateway, &client, "valid", VOLUME).await;
    let job = restore(&client, &point, &[]).await;
    let err = client
        .put_restore_validation_result()
        .restore_job_id(&job)
        .validation_status(RestoreValidationStatus::Successful)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidRequestException"));
    advance_clock(&gateway, 3600).await;
    for (status, message) in [
        (RestoreValidationStatus::Validating, None),
        (RestoreValidationStatus::Failed, Some("row count differs")),
    ] {
        client
            .put_restore_validation_result()
            .restore_job_id(&job)
            .validation_status(status.clone())
            .set_validation_status_message(message.map(str::to_owned))
            .send()
            .await
            .unwrap();
        let described = client
            .describe_restore_job()
            .restore_job_id(&job)
            .send()
            .await
            .unwrap();
        assert_eq!(described.validation_status(), Some(&status));
        assert_eq!(described.validation_status_message(), message);
    }
    let listed = client.list_restore_jobs().send().await.unwrap();
    assert_eq!(
        listed.restore_jobs()[0].validation_status(),
        Some(&RestoreValidationStatus::Failed)
    );
}

#[tokio::test]
async fn list_restore_jobs_filters_and_pages() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    vault(&client, "lists").await;
    let volume = backup(&client, "lists", VOLUME).await;
    let table = backup(&client, "lists", TABLE).await;
    let first = restore(&client, &volume, &[]).await;
    advance_clock(&gateway, 60).await;
    let second = restore(&client, &table, &[("targetTableName", "T2")]).await;
    advance_clock(&gateway, 60).await;
    let third = restore(&client, &table, &[("targetTableName", "T3")]).await;

    let all = client.list_restore_jobs().send().await.unwrap();
    let ids: Vec<_> = all
        .restore_jobs()
        .iter()
        .filter_map(|j| j.restore_job_id())
        .collect();
    assert_eq!(ids, [third.as_str(), second.as_str(), first.as_str()]);
    let second_created = *all.restore_jobs()[1].creation_date().unwrap();

    let count = |request: aws_sdk_backup::operation::list_restore_jobs::builders::ListRestoreJobsFluentBuilder| async move {
        request.send().await.unwrap().restore_jobs().len()
    };
    assert_eq!(
        count(client.list_restore_jobs().by_resource_type("DynamoDB")).await,
        2
    );
    assert_eq!(
        count(client.list_restore_jobs().by_resource_type("EFS")).await,
        0
    );
    assert_eq!(
        count(
            client
                .list_restore_jobs()
                .by_status(RestoreJobStatus::Completed)
        )
        .await,
        3
    );
    assert_eq!(
        count(
            client
                .list_restore_jobs()
                .by_status(RestoreJobStatus::Running)
        )
        .await,
        0
    );
    assert_eq!(
        count(client.list_restore_jobs().by_account_id(ACCOUNT)).await,
        3
    );
    assert_eq!(
        count(client.list_restore_jobs().by_account_id(OTHER_ACCOUNT)).await,
        0
    );
    assert_eq!(
        count(client.list_restore_jobs().by_created_after(second_created)).await,
        1
    );
    assert_eq!(
        count(client.list_restore_jobs().by_created_before(second_created)).await,
        1
    );
    assert_eq!(
        count(client.list_restore_jobs().by_complete_after(second_created)).await,
        1
    );
    assert_eq!(
        count(
            client
                .list_restore_jobs()
                .by_complete_before(DateTime::from_secs(1))
        )
        .await,
        0
    );
    assert_eq!(
        count(client.list_restore_jobs().by_restore_testing_plan_arn(
            "arn:aws:backup:us-east-1:111122223333:restore-testing-plan:p-1"
        ))
        .await,
        0
    );
    assert_eq!(
        count(client.list_restore_jobs().by_parent_job_id("PARENT")).await,
        0
    );

    let mut seen = Vec::new();
    let mut token = None;
    loop {
        let page = client
            .list_restore_jobs()
            .max_results(2)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        assert!(page.restore_jobs().len() <= 2);
        seen.extend(
            page.restore_jobs()
                .iter()
                .filter_map(|j| j.restore_job_id().map(str::to_owned)),
        );
        token = page.next_token().map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(seen, [third.clone(), second.clone(), first.clone()]);
    let err = client
        .list_restore_jobs()
        .next_token("garbage")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidParameterValueException"));
}

#[tokio::test]
async fn restores_are_listed_by_protected_resource() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    vault(&client, "by-resource").await;
    let old_point = backup(&client, "by-resource", TABLE).await;
    advance_clock(&gateway, 3600).await;
    let new_point = backup(&client, "by-resource", TABLE).await;
    let volume = backup(&client, "by-resource", VOLUME).await;
    let old_restore = restore(&client, &old_point, &[("targetTableName", "A")]).await;
    let new_restore = restore(&client, &new_point, &[("targetTableName", "B")]).await;
    restore(&client, &volume, &[]).await;

    let by_table = client
        .list_restore_jobs_by_protected_resource()
        .resource_arn(TABLE)
        .send()
        .await
        .unwrap();
    assert_eq!(by_table.restore_jobs().len(), 2);
    assert!(by_table
        .restore_jobs()
        .iter()
        .all(|j| j.source_resource_arn() == Some(TABLE)));
    let new_created = *client
        .describe_restore_job()
        .restore_job_id(&new_restore)
        .send()
        .await
        .unwrap()
        .recovery_point_creation_date()
        .unwrap();
    let before = client
        .list_restore_jobs_by_protected_resource()
        .resource_arn(TABLE)
        .by_recovery_point_creation_date_before(new_created)
        .send()
        .await
        .unwrap();
    let ids: Vec<_> = before
        .restore_jobs()
        .iter()
        .filter_map(|j| j.restore_job_id())
        .collect();
    assert_eq!(ids, [old_restore.as_str()]);
    let after = client
        .list_restore_jobs_by_protected_resource()
        .resource_arn(TABLE)
        .by_recovery_point_creation_date_after(DateTime::from_secs(1))
        .by_status(RestoreJobStatus::Completed)
        .max_results(1)
        .send()
        .await
        .unwrap();
    assert_eq!(after.restore_jobs().len(), 1);
    assert!(after.next_token().is_some());
    let failed = client
        .list_restore_jobs_by_protected_resource()
        .resource_arn(TABLE)
        .by_status(RestoreJobStatus::Failed)
        .send()
        .await
        .unwrap();
    assert!(failed.restore_jobs().is_empty());
    let none = client
        .list_restore_jobs_by_protected_resource()
        .resource_arn(BUCKET)
        .send()
        .await
        .unwrap();
    assert!(none.restore_jobs().is_empty());
}

#[tokio::test]
async fn a_zero_delay_copy_lands_in_the_destination_vault_when_start_returns() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    let source_arn = vault(&client, "source").await;
    let destination_arn = vault(&client, "destination").await;
    let point = backup(&client, "source", VOLUME).await;
    let job = copy(&client, "source", &point, &destination_arn).await;

    let described = copy_job(&client, &job).await;
    assert_eq!(described.state(), Some(&CopyJobState::Completed));
    assert_eq!(described.copy_job_id(), Some(job.as_str()));
    assert_eq!(described.account_id(), Some(ACCOUNT));
    assert_eq!(
        described.source_backup_vault_arn(),
        Some(source_arn.as_str())
    );
    assert_eq!(described.source_recovery_point_arn(), Some(point.as_str()));
    assert_eq!(
        described.destination_backup_vault_arn(),
        Some(destination_arn.as_str())
    );
    let copied = described.destination_recovery_point_arn().unwrap();
    // An EBS snapshot copies to a new snapshot.
    assert!(
        copied.starts_with("arn:aws:ec2:us-east-1::snapshot/snap-"),
        "{copied}"
    );
    assert_ne!(copied, point);
    assert_eq!(described.resource_arn(), Some(VOLUME));
    assert_eq!(described.resource_type(), Some("EBS"));
    assert_eq!(described.resource_name(), Some("vol-0123456789abcdef0"));
    assert_eq!(described.iam_role_arn(), Some(ROLE));
    assert_eq!(described.message_category(), Some("SUCCESS"));
    assert!(described.destination_encryption_key_arn().is_some());
    assert!(described.completion_date().is_some());
    assert!(!described.is_parent());
    assert_eq!(points_in(&client, "source").await, 1);
    assert_eq!(points_in(&client, "destination").await, 1);

    // The copy is a recovery point of its own: it can be restored.
    let restored = restore(&client, copied, &[]).await;
    assert_eq!(
        restore_status(&client, &restored).await,
        RestoreJobStatus::Completed
    );
}

#[tokio::test]
async fn copies_reach_vaults_of_other_regions_and_accounts() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    let ireland = backup_client_for(&gateway, "eu-west-1", ACCOUNT).await;
    let partner = backup_client_for(&gateway, "us-west-2", OTHER_ACCOUNT).await;
    vault(&client, "home").await;
    let ireland_arn = vault(&ireland, "dr").await;
    let partner_arn = vault(&partner, "partner").await;
    // A copy into another account needs cross-account backup enabled and the destination
    // vault's policy to let the source account in (`backup_cross_account.rs` tests the refusals).
    client
        .update_global_settings()
        .global_settings("isCrossAccountBackupEnabled", "true")
        .send()
        .await
        .unwrap();
    partner
        .put_backup_vault_access_policy()
        .backup_vault_name("partner")
        .policy(format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{ACCOUNT}:root"}},"Action":"backup:CopyIntoBackupVault","Resource":"*"}}]}}"#
        ))
        .send()
        .await
        .unwrap();
    let point = backup(&client, "home", TABLE).await;

    let to_ireland = copy(&client, "home", &point, &ireland_arn).await;
    let to_partner = copy(&client, "home", &point, &partner_arn).await;
    let ireland_job = copy_job(&client, &to_ireland).await;
    assert_eq!(ireland_job.state(), Some(&CopyJobState::Completed));
    assert!(ireland_job
        .destination_recovery_point_arn()
        .unwrap()
        .starts_with("arn:aws:backup:eu-west-1:111122223333:recovery-point:"));
    let partner_job = copy_job(&client, &to_partner).await;
    assert_eq!(partner_job.state(), Some(&CopyJobState::Completed));
    assert!(partner_job
        .destination_recovery_point_arn()
        .unwrap()
        .starts_with("arn:aws:backup:us-west-2:444455556666:recovery-point:"));
    assert_eq!(points_in(&ireland, "dr").await, 1);
    assert_eq!(points_in(&partner, "partner").await, 1);

    // Copy jobs belong to the region that started them.
    assert_eq!(
        client
            .list_copy_jobs()
            .send()
            .await
            .unwrap()
            .copy_jobs()
            .len(),
        2
    );
    assert!(ireland
        .list_copy_jobs()
        .send()
        .await
        .unwrap()
        .copy_jobs()
        .is_empty());

    // The copy in Ireland can be restored there.
    let copied = ireland_job.destination_recovery_point_arn().unwrap();
    let restored = restore(&ireland, copied, &[("targetTableName", "OrdersDr")]).await;
    let described = ireland
        .describe_restore_job()
        .restore_job_id(&restored)
        .send()
        .await
        .unwrap();
    assert_eq!(
        described.created_resource_arn(),
        Some("arn:aws:dynamodb:eu-west-1:111122223333:table/OrdersDr")
    );
    assert_eq!(described.source_resource_arn(), Some(TABLE));
}

#[tokio::test]
async fn copies_move_through_created_running_completed_as_the_clock_advances() {
    let gateway = slow_gateway().await;
    let client = backup_client(&gateway).await;
    vault(&client, "from").await;
    let ireland = backup_client_for(&gateway, "eu-west-1", ACCOUNT).await;
    let destination = vault(&ireland, "to").await;
    let point = settled_backup(&gateway, &client, "from", VOLUME).await;
    let job = copy(&client, "from", &point, &destination).await;
    assert_eq!(
        copy_job(&client, &job).await.state(),
        Some(&CopyJobState::Created)
    );
    advance_clock(&gateway, 1800).await;
    assert_eq!(
        copy_job(&client, &job).await.state(),
        Some(&CopyJobState::Running)
    );
    assert_eq!(points_in(&ireland, "to").await, 0);
    advance_clock(&gateway, 1800).await;
    let done = copy_job(&client, &job).await;
    assert_eq!(done.state(), Some(&CopyJobState::Completed));
    assert_eq!(points_in(&ireland, "to").await, 1);
}

#[tokio::test]
async fn a_copy_fails_when_its_destination_vault_goes_away() {
    let gateway = slow_gateway().await;
    let client = backup_client(&gateway).await;
    vault(&client, "from").await;
    let destination = vault(&client, "doomed").await;
    let point = settled_backup(&gateway, &client, "from", VOLUME).await;
    let job = copy(&client, "from", &point, &destination).await;
    client
        .delete_backup_vault()
        .backup_vault_name("doomed")
        .send()
        .await
        .unwrap();
    advance_clock(&gateway, 3600).await;
    let failed = copy_job(&client, &job).await;
    assert_eq!(failed.state(), Some(&CopyJobState::Failed));
    assert_eq!(failed.message_category(), Some("FAILED"));
    assert!(failed
        .status_message()
        .unwrap_or_default()
        .contains("doomed"));
}

#[tokio::test]
async fn a_copy_whose_retention_the_destination_lock_refuses_fails() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    vault(&client, "plain").await;
    let locked = vault(&client, "locked").await;
    client
        .put_backup_vault_lock_configuration()
        .backup_vault_name("locked")
        .min_retention_days(7)
        .send()
        .await
        .unwrap();
    let point = backup(&client, "plain", VOLUME).await;
    let short = client
        .start_copy_job()
        .source_backup_vault_name("plain")
        .recovery_point_arn(&point)
        .destination_backup_vault_arn(&locked)
        .iam_role_arn(ROLE)
        .lifecycle(Lifecycle::builder().delete_after_days(1).build())
        .send()
        .await
        .unwrap();
    let short = copy_job(&client, short.copy_job_id().unwrap()).await;
    assert_eq!(short.state(), Some(&CopyJobState::Failed));
    assert_eq!(
        short
            .destination_recovery_point_lifecycle()
            .and_then(|l| l.delete_after_days()),
        Some(1)
    );
    assert_eq!(points_in(&client, "locked").await, 0);
    let long = client
        .start_copy_job()
        .source_backup_vault_name("plain")
        .recovery_point_arn(&point)
        .destination_backup_vault_arn(&locked)
        .iam_role_arn(ROLE)
        .lifecycle(Lifecycle::builder().delete_after_days(30).build())
        .send()
        .await
        .unwrap();
    let long = copy_job(&client, long.copy_job_id().unwrap()).await;
    assert_eq!(long.state(), Some(&CopyJobState::Completed));
    assert_eq!(points_in(&client, "locked").await, 1);
}

#[tokio::test]
async fn bad_copies_get_aws_errors_and_change_nothing() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    vault(&client, "src").await;
    let destination = vault(&client, "dst").await;
    let point = backup(&client, "src", VOLUME).await;
    let missing_vault = "arn:aws:backup:eu-west-1:111122223333:backup-vault:nowhere";
    let start = |vault: &str, point: &str, destination: &str| {
        client
            .start_copy_job()
            .source_backup_vault_name(vault)
            .recovery_point_arn(point)
            .destination_backup_vault_arn(destination)
            .iam_role_arn(ROLE)
            .send()
    };
    let cases = [
        (
            start("src", &point, missing_vault).await,
            "ResourceNotFoundException",
        ),
        (
            start("src", &point, "arn:aws:s3:::bucket").await,
            "InvalidParameterValueException",
        ),
        (
            start("nope", &point, &destination).await,
            "ResourceNotFoundException",
        ),
        (
            start("dst", &point, &destination).await,
            "ResourceNotFoundException",
        ),
        (
            start(
                "src",
                "arn:aws:backup:us-east-1:111122223333:recovery-point:NOPE",
                &destination,
            )
            .await,
            "ResourceNotFoundException",
        ),
    ];
    for (result, code) in cases {
        assert_eq!(result.unwrap_err().code(), Some(code));
    }
    let err = client
        .start_copy_job()
        .source_backup_vault_name("src")
        .recovery_point_arn(&point)
        .destination_backup_vault_arn(&destination)
        .iam_role_arn("role")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidParameterValueException"));
    let err = client
        .start_copy_job()
        .source_backup_vault_name("src")
        .recovery_point_arn(&point)
        .destination_backup_vault_arn(&destination)
        .iam_role_arn(ROLE)
        .lifecycle(
            Lifecycle::builder()
                .move_to_cold_storage_after_days(30)
                .delete_after_days(60)
                .build(),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidParameterValueException"));
    assert!(client
        .list_copy_jobs()
        .send()
        .await
        .unwrap()
        .copy_jobs()
        .is_empty());
    assert_eq!(points_in(&client, "dst").await, 0);
    let err = client
        .describe_copy_job()
        .copy_job_id("NOPE")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
}

#[tokio::test]
async fn a_copy_idempotency_token_returns_the_same_job() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    vault(&client, "src").await;
    let destination = vault(&client, "dst").await;
    let other = vault(&client, "other").await;
    let point = backup(&client, "src", VOLUME).await;
    let start = |destination: &str| {
        client
            .start_copy_job()
            .source_backup_vault_name("src")
            .recovery_point_arn(&point)
            .destination_backup_vault_arn(destination)
            .iam_role_arn(ROLE)
            .idempotency_token("copy-1")
            .send()
    };
    let first = start(&destination).await.unwrap();
    let again = start(&destination).await.unwrap();
    assert_eq!(first.copy_job_id(), again.copy_job_id());
    assert_eq!(first.creation_date(), again.creation_date());
    let err = start(&other).await.unwrap_err();
    assert_eq!(err.code(), Some("InvalidRequestException"));
    assert_eq!(points_in(&client, "dst").await, 1);
}

#[tokio::test]
async fn list_copy_jobs_filters_and_pages() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    vault(&client, "src").await;
    let a = vault(&client, "vault-a").await;
    let b = vault(&client, "vault-b").await;
    let volume = backup(&client, "src", VOLUME).await;
    let table = backup(&client, "src", TABLE).await;
    let first = copy(&client, "src", &volume, &a).await;
    advance_clock(&gateway, 60).await;
    let second = copy(&client, "src", &table, &a).await;
    advance_clock(&gateway, 60).await;
    let third = copy(&client, "src", &table, &b).await;
    let second_created = *copy_job(&client, &second).await.creation_date().unwrap();

    let count = |request: aws_sdk_backup::operation::list_copy_jobs::builders::ListCopyJobsFluentBuilder| async move {
        request.send().await.unwrap().copy_jobs().len()
    };
    assert_eq!(count(client.list_copy_jobs()).await, 3);
    assert_eq!(
        count(client.list_copy_jobs().by_destination_vault_arn(&a)).await,
        2
    );
    assert_eq!(
        count(client.list_copy_jobs().by_resource_arn(TABLE)).await,
        2
    );
    assert_eq!(
        count(client.list_copy_jobs().by_resource_type("EBS")).await,
        1
    );
    assert_eq!(
        count(
            client
                .list_copy_jobs()
                .by_source_recovery_point_arn(&volume)
        )
        .await,
        1
    );
    assert_eq!(
        count(client.list_copy_jobs().by_state(CopyJobState::Completed)).await,
        3
    );
    assert_eq!(
        count(client.list_copy_jobs().by_state(CopyJobState::Failed)).await,
        0
    );
    assert_eq!(
        count(client.list_copy_jobs().by_message_category("SUCCESS")).await,
        3
    );
    assert_eq!(
        count(client.list_copy_jobs().by_message_category("ANY")).await,
        3
    );
    assert_eq!(
        count(client.list_copy_jobs().by_message_category("AccessDenied")).await,
        0
    );
    assert_eq!(
        count(client.list_copy_jobs().by_account_id(ACCOUNT)).await,
        3
    );
    assert_eq!(
        count(client.list_copy_jobs().by_account_id(OTHER_ACCOUNT)).await,
        0
    );
    assert_eq!(
        count(client.list_copy_jobs().by_created_after(second_created)).await,
        1
    );
    assert_eq!(
        count(client.list_copy_jobs().by_created_before(second_created)).await,
        1
    );
    assert_eq!(
        count(client.list_copy_jobs().by_complete_before(second_created)).await,
        1
    );
    assert_eq!(
        count(
            client
                .list_copy_jobs()
                .by_complete_after(DateTime::from_secs(1))
        )
        .await,
        3
    );
    assert_eq!(
        count(client.list_copy_jobs().by_parent_job_id("P")).await,
        0
    );

    let mut seen = Vec::new();
    let mut token = None;
    loop {
        let page = client
            .list_copy_jobs()
            .max_results(1)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        assert!(page.copy_jobs().len() <= 1);
        seen.extend(
            page.copy_jobs()
                .iter()
                .filter_map(|j| j.copy_job_id().map(str::to_owned)),
        );
        token = page.next_token().map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(seen, [third, second, first]);
    let err = client
        .list_copy_jobs()
        .next_token("garbage")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidParameterValueException"));
}

#[tokio::test]
async fn backup_job_summaries_count_jobs_per_state_type_and_category() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    vault(&client, "sums").await;
    vault(&client, "locked").await;
    client
        .put_backup_vault_lock_configuration()
        .backup_vault_name("locked")
        .min_retention_days(7)
        .send()
        .await
        .unwrap();
    backup(&client, "sums", VOLUME).await;
    backup(&client, "sums", VOLUME).await;
    backup(&client, "sums", TABLE).await;
    client
        .start_backup_job()
        .backup_vault_name("locked")
        .resource_arn(TABLE)
        .iam_role_arn(ROLE)
        .lifecycle(Lifecycle::builder().delete_after_days(1).build())
        .send()
        .await
        .unwrap();

    let all = client.list_backup_job_summaries().send().await.unwrap();
    assert_eq!(all.aggregation_period(), Some("ONE_DAY"));
    let mut rows: Vec<_> = all
        .backup_job_summaries()
        .iter()
        .map(|s| {
            (
                s.state().map(|s| s.as_str().to_owned()),
                s.resource_type().map(str::to_owned),
                s.message_category().map(str::to_owned),
                s.count(),
            )
        })
        .collect();
    rows.sort();
    let row = |state: &str, resource: &str, category: &str, count: i32| {
        (
            Some(state.to_owned()),
            Some(resource.to_owned()),
            Some(category.to_owned()),
            count,
        )
    };
    assert_eq!(
        rows,
        [
            row("COMPLETED", "DynamoDB", "SUCCESS", 1),
            row("COMPLETED", "EBS", "SUCCESS", 2),
            row("FAILED", "DynamoDB", "FAILED", 1),
        ]
    );
    let first = &all.backup_job_summaries()[0];
    assert_eq!(first.region(), Some("us-east-1"));
    assert_eq!(first.account_id(), Some(ACCOUNT));
    let (start, end) = (first.start_time().unwrap(), first.end_time().unwrap());
    assert_eq!(end.secs() - start.secs(), 86_400);
    assert_eq!(start.secs() % 86_400, 0);

    let total = client
        .list_backup_job_summaries()
        .state(BackupJobStatus::AggregateAll)
        .resource_type("AGGREGATE_ALL")
        .message_category("AGGREGATE_ALL")
        .aggregation_period(AggregationPeriod::SevenDays)
        .send()
        .await
        .unwrap();
    assert_eq!(total.aggregation_period(), Some("SEVEN_DAYS"));
    let totals = total.backup_job_summaries();
    assert_eq!(totals.len(), 1);
    assert_eq!(totals[0].count(), 4);
    assert_eq!(totals[0].state(), Some(&BackupJobStatus::AggregateAll));
    assert_eq!(totals[0].resource_type(), Some("AGGREGATE_ALL"));
    let (start, end) = (
        totals[0].start_time().unwrap(),
        totals[0].end_time().unwrap(),
    );
    assert_eq!(end.secs() - start.secs(), 7 * 86_400);

    let only = |state: Option<BackupJobStatus>, resource: Option<&str>, category: Option<&str>| {
        client
            .list_backup_job_summaries()
            .set_state(state)
            .set_resource_type(resource.map(str::to_owned))
            .set_message_category(category.map(str::to_owned))
            .account_id(ACCOUNT)
            .send()
    };
    let counts = |out: aws_sdk_backup::operation::list_backup_job_summaries::ListBackupJobSummariesOutput| {
        out.backup_job_summaries()
            .iter()
            .map(|s| s.count())
            .sum::<i32>()
    };
    assert_eq!(
        counts(
            only(Some(BackupJobStatus::Completed), None, None)
                .await
                .unwrap()
        ),
        3
    );
    assert_eq!(counts(only(None, Some("DynamoDB"), None).await.unwrap()), 2);
    assert_eq!(counts(only(None, None, Some("FAILED")).await.unwrap()), 1);
    assert_eq!(
        counts(
            only(Some(BackupJobStatus::Any), Some("ANY"), Some("ANY"))
                .await
                .unwrap()
        ),
        4
    );
    assert_eq!(
        counts(
            only(Some(BackupJobStatus::Aborted), None, None)
                .await
                .unwrap()
        ),
        0
    );

    let first_page = client
        .list_backup_job_summaries()
        .max_results(2)
        .send()
        .await
        .unwrap();
    assert_eq!(first_page.backup_job_summaries().len(), 2);
    let rest = client
        .list_backup_job_summaries()
        .max_results(2)
        .next_token(first_page.next_token().expect("a second page"))
        .send()
        .await
        .unwrap();
    assert_eq!(rest.backup_job_summaries().len(), 1);
    assert!(rest.next_token().is_none());
    let err = client
        .list_backup_job_summaries()
        .next_token("garbage")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidParameterValueException"));

    // Jobs leave the daily counts after 14 days and the 7-day count after 7.
    advance_clock(&gateway, 8 * 86_400).await;
    let seven = client
        .list_backup_job_summaries()
        .aggregation_period(AggregationPeriod::SevenDays)
        .send()
        .await
        .unwrap();
    assert!(seven.backup_job_summaries().is_empty());
    let fourteen = client
        .list_backup_job_summaries()
        .aggregation_period(AggregationPeriod::FourteenDays)
        .send()
        .await
        .unwrap();
    assert_eq!(counts(fourteen), 4);
    advance_clock(&gateway, 7 * 86_400).await;
    let daily = client.list_backup_job_summaries().send().await.unwrap();
    assert!(daily.backup_job_summaries().is_empty());
}

#[tokio::test]
async fn restore_and_copy_job_summaries_count_their_jobs() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    vault(&client, "src").await;
    let destination = vault(&client, "dst").await;
    let volume = backup(&client, "src", VOLUME).await;
    let table = backup(&client, "src", TABLE).await;
    restore(&client, &volume, &[]).await;
    restore(&client, &table, &[("targetTableName", "T")]).await;
    restore(&client, &table, &[("targetTableName", "U")]).await;
    copy(&client, "src", &volume, &destination).await;
    copy(&client, "src", &table, &destination).await;

    let restores = client
        .list_restore_job_summaries()
        .aggregation_period(AggregationPeriod::FourteenDays)
        .send()
        .await
        .unwrap();
    assert_eq!(restores.aggregation_period(), Some("FOURTEEN_DAYS"));
    let mut rows: Vec<_> = restores
        .restore_job_summaries()
        .iter()
        .map(|s| {
            (
                s.state().cloned(),
                s.resource_type().map(str::to_owned),
                s.count(),
            )
        })
        .collect();
    rows.sort_by(|a, b| a.1.cmp(&b.1));
    assert_eq!(
        rows,
        [
            (
                Some(RestoreJobState::Completed),
                Some("DynamoDB".to_owned()),
                2
            ),
            (Some(RestoreJobState::Completed), Some("EBS".to_owned()), 1),
        ]
    );
    let dynamo = client
        .list_restore_job_summaries()
        .resource_type("DynamoDB")
        .state(RestoreJobState::Completed)
        .send()
        .await
        .unwrap();
    assert_eq!(dynamo.restore_job_summaries().len(), 1);
    assert_eq!(dynamo.restore_job_summaries()[0].count(), 2);
    let failed = client
        .list_restore_job_summaries()
        .state(RestoreJobState::Failed)
        .send()
        .await
        .unwrap();
    assert!(failed.restore_job_summaries().is_empty());

    let copies = client
        .list_copy_job_summaries()
        .state(CopyJobStatus::AggregateAll)
        .send()
        .await
        .unwrap();
    let mut rows: Vec<_> = copies
        .copy_job_summaries()
        .iter()
        .map(|s| {
            (
                s.state().cloned(),
                s.resource_type().map(str::to_owned),
                s.message_category().map(str::to_owned),
                s.count(),
            )
        })
        .collect();
    rows.sort_by(|a, b| a.1.cmp(&b.1));
    assert_eq!(
        rows,
        [
            (
                Some(CopyJobStatus::AggregateAll),
                Some("DynamoDB".to_owned()),
                Some("SUCCESS".to_owned()),
                1
            ),
            (
                Some(CopyJobStatus::AggregateAll),
                Some("EBS".to_owned()),
                Some("SUCCESS".to_owned()),
                1
            ),
        ]
    );
    let by_category = client
        .list_copy_job_summaries()
        .message_category("SUCCESS")
        .resource_type("AGGREGATE_ALL")
        .send()
        .await
        .unwrap();
    assert_eq!(by_category.copy_job_summaries().len(), 1);
    assert_eq!(by_category.copy_job_summaries()[0].count(), 2);
    let paged = client
        .list_copy_job_summaries()
        .max_results(1)
        .send()
        .await
        .unwrap();
    assert_eq!(paged.copy_job_summaries().len(), 1);
    assert!(paged.next_token().is_some());
}
