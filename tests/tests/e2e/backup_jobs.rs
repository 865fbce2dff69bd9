//! Backup jobs end to end with aws-sdk-backup: the state machine over time (driven by the
//! gateway's clock, never by sleeping), recovery points, stop, filters, idempotency, errors.

use aws_sdk_backup::error::ProvideErrorMetadata;
use aws_sdk_backup::types::{BackupJobState, Lifecycle};
use aws_sdk_backup::Client;
use integration_tests::{
    advance_clock, backup_client, create_vault as vault, start_gateway, WrittenPoint,
};

const ROLE: &str = "arn:aws:iam::111122223333:role/AWSBackupDefaultServiceRole";
const VOLUME: &str = "arn:aws:ec2:us-east-1:111122223333:volume/vol-0123456789abcdef0";
const TABLE: &str = "arn:aws:dynamodb:us-east-1:111122223333:table/Orders";

async fn start(client: &Client, vault: &str, resource: &str) -> (String, Option<String>) {
    let out = client
        .start_backup_job()
        .backup_vault_name(vault)
        .resource_arn(resource)
        .iam_role_arn(ROLE)
        .send()
        .await
        .expect("start job");
    // Named once the job runs (issue 22): `None` while it is CREATED.
    let point = out.written_point(client).await;
    (out.backup_job_id().expect("job id").to_owned(), point)
}

async fn state(client: &Client, job: &str) -> BackupJobState {
    client
        .describe_backup_job()
        .backup_job_id(job)
        .send()
        .await
        .expect("describe job")
        .state()
        .cloned()
        .expect("a state")
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

#[tokio::test]
async fn a_zero_delay_job_is_completed_when_start_returns() {
    let gateway =
        start_gateway(&[("FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS", "0")]).await;
    let client = backup_client(&gateway).await;
    vault(&client, "jobs").await;
    let (job, point) = start(&client, "jobs", VOLUME).await;
    let point = point.expect("a completed job names its point");
    assert!(
        point.starts_with("arn:aws:ec2:us-east-1::snapshot/snap-"),
        "{point}"
    );
    let described = client
        .describe_backup_job()
        .backup_job_id(&job)
        .send()
        .await
        .unwrap();
    assert_eq!(described.state(), Some(&BackupJobState::Completed));
    assert_eq!(described.resource_type(), Some("EBS"));
    assert_eq!(described.resource_name(), Some("vol-0123456789abcdef0"));
    assert_eq!(described.percent_done(), Some("100.0"));
    assert_eq!(described.recovery_point_arn(), Some(point.as_str()));
    assert_eq!(described.backup_vault_name(), Some("jobs"));
    assert!(described.completion_date().is_some());
    assert_eq!(points_in(&client, "jobs").await, 1);

    let err = client
        .delete_backup_vault()
        .backup_vault_name("jobs")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidRequestException"));
}

#[tokio::test]
async fn jobs_move_through_created_running_completed_as_the_clock_advances() {
    let gateway =
        start_gateway(&[("FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS", "3600")]).await;
    let client = backup_client(&gateway).await;
    vault(&client, "slow").await;
    let (job, _) = start(&client, "slow", TABLE).await;
    assert_eq!(state(&client, &job).await, BackupJobState::Created);
    assert_eq!(points_in(&client, "slow").await, 0);
    advance_clock(&gateway, 1800).await;
    assert_eq!(state(&client, &job).await, BackupJobState::Running);
    advance_clock(&gateway, 1800).await;
    assert_eq!(state(&client, &job).await, BackupJobState::Completed);
    assert_eq!(points_in(&client, "slow").await, 1);
}

#[tokio::test]
async fn a_stopped_job_is_aborted_and_leaves_no_recovery_point() {
    let gateway =
        start_gateway(&[("FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS", "3600")]).await;
    let client = backup_client(&gateway).await;
    vault(&client, "stop").await;
    let (job, _) = start(&client, "stop", VOLUME).await;
    client
        .stop_backup_job()
        .backup_job_id(&job)
        .send()
        .await
        .expect("stop");
    assert_eq!(state(&client, &job).await, BackupJobState::Aborting);
    advance_clock(&gateway, 3600).await;
    assert_eq!(state(&client, &job).await, BackupJobState::Aborted);
    assert_eq!(points_in(&client, "stop").await, 0);
    let err = client
        .stop_backup_job()
        .backup_job_id(&job)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidRequestException"));
    let err = client
        .stop_backup_job()
        .backup_job_id("NOPE")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
}

#[tokio::test]
async fn a_job_that_cannot_start_within_its_window_expires() {
    // Half of a 20-hour delay is past the default 8-hour start window.
    let gateway = start_gateway(&[(
        "FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS",
        "72000",
    )])
    .await;
    let client = backup_client(&gateway).await;
    vault(&client, "late").await;
    let (job, _) = start(&client, "late", VOLUME).await;
    advance_clock(&gateway, 36_000).await;
    assert_eq!(state(&client, &job).await, BackupJobState::Expired);
    assert_eq!(points_in(&client, "late").await, 0);
}

#[tokio::test]
async fn list_backup_jobs_filters_and_pages() {
    let gateway =
        start_gateway(&[("FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS", "0")]).await;
    let client = backup_client(&gateway).await;
    vault(&client, "a-vault").await;
    vault(&client, "b-vault").await;
    start(&client, "a-vault", VOLUME).await;
    start(&client, "a-vault", TABLE).await;
    start(&client, "b-vault", TABLE).await;

    let by_vault = client
        .list_backup_jobs()
        .by_backup_vault_name("a-vault")
        .send()
        .await
        .unwrap();
    assert_eq!(by_vault.backup_jobs().len(), 2);
    let by_type = client
        .list_backup_jobs()
        .by_resource_type("DynamoDB")
        .send()
        .await
        .unwrap();
    assert_eq!(by_type.backup_jobs().len(), 2);
    let by_state = client
        .list_backup_jobs()
        .by_state(BackupJobState::Running)
        .send()
        .await
        .unwrap();
    assert!(by_state.backup_jobs().is_empty());
    let by_resource = client
        .list_backup_jobs()
        .by_resource_arn(VOLUME)
        .send()
        .await
        .unwrap();
    assert_eq!(by_resource.backup_jobs().len(), 1);

    let mut seen = Vec::new();
    let mut token = None;
    loop {
        let page = client
            .list_backup_jobs()
            .max_results(1)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        assert!(page.backup_jobs().len() <= 1);
        seen.extend(
            page.backup_jobs()
                .iter()
                .filter_map(|j| j.backup_job_id().map(str::to_owned)),
        );
        token = page.next_token().map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 3);
    let err = client
        .list_backup_jobs()
        .next_token("garbage")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidParameterValueException"));
}

#[tokio::test]
async fn an_idempotency_token_returns_the_same_job() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    vault(&client, "idem").await;
    let first = client
        .start_backup_job()
        .backup_vault_name("idem")
        .resource_arn(VOLUME)
        .iam_role_arn(ROLE)
        .idempotency_token("tok-1")
        .send()
        .await
        .unwrap();
    let again = client
        .start_backup_job()
        .backup_vault_name("idem")
        .resource_arn(VOLUME)
        .iam_role_arn(ROLE)
        .idempotency_token("tok-1")
        .send()
        .await
        .unwrap();
    assert_eq!(first.backup_job_id(), again.backup_job_id());
    let other = client
        .start_backup_job()
        .backup_vault_name("idem")
        .resource_arn(VOLUME)
        .iam_role_arn(ROLE)
        .idempotency_token("tok-2")
        .send()
        .await
        .unwrap();
    assert_ne!(first.backup_job_id(), other.backup_job_id());
}

#[tokio::test]
async fn bad_starts_get_aws_errors_and_change_nothing() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    let err = client
        .start_backup_job()
        .backup_vault_name("missing")
        .resource_arn(VOLUME)
        .iam_role_arn(ROLE)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    vault(&client, "errs").await;
    let err = client
        .start_backup_job()
        .backup_vault_name("errs")
        .resource_arn("arn:aws:lambda:us-east-1:111122223333:function:f")
        .iam_role_arn(ROLE)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidParameterValueException"));
    assert!(err
        .message()
        .unwrap_or_default()
        .contains("Unsupported resource type"));
    let bad_lifecycle = Lifecycle::builder()
        .move_to_cold_storage_after_days(30)
        .delete_after_days(60)
        .build();
    let err = client
        .start_backup_job()
        .backup_vault_name("errs")
        .resource_arn(VOLUME)
        .iam_role_arn(ROLE)
        .lifecycle(bad_lifecycle)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidParameterValueException"));
    let listed = client.list_backup_jobs().send().await.unwrap();
    assert!(listed.backup_jobs().is_empty());
}

#[tokio::test]
async fn lifecycles_delete_recovery_points_when_the_clock_reaches_delete_at() {
    let gateway =
        start_gateway(&[("FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS", "0")]).await;
    let client = backup_client(&gateway).await;
    vault(&client, "life").await;
    client
        .start_backup_job()
        .backup_vault_name("life")
        .resource_arn(VOLUME)
        .iam_role_arn(ROLE)
        .lifecycle(Lifecycle::builder().delete_after_days(35).build())
        .send()
        .await
        .unwrap();
    assert_eq!(points_in(&client, "life").await, 1);
    advance_clock(&gateway, 34 * 86_400).await;
    assert_eq!(points_in(&client, "life").await, 1);
    advance_clock(&gateway, 86_400).await;
    assert_eq!(points_in(&client, "life").await, 0);
}

#[tokio::test]
async fn a_job_whose_retention_the_vault_lock_refuses_fails() {
    let gateway =
        start_gateway(&[("FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS", "0")]).await;
    let client = backup_client(&gateway).await;
    vault(&client, "locked").await;
    client
        .put_backup_vault_lock_configuration()
        .backup_vault_name("locked")
        .min_retention_days(7)
        .send()
        .await
        .unwrap();
    let short = client
        .start_backup_job()
        .backup_vault_name("locked")
        .resource_arn(VOLUME)
        .iam_role_arn(ROLE)
        .lifecycle(Lifecycle::builder().delete_after_days(1).build())
        .send()
        .await
        .unwrap();
    let job = short.backup_job_id().unwrap();
    assert_eq!(state(&client, job).await, BackupJobState::Failed);
    assert_eq!(points_in(&client, "locked").await, 0);
    let (long, _) = start(&client, "locked", TABLE).await;
    assert_eq!(state(&client, &long).await, BackupJobState::Completed);
    assert_eq!(points_in(&client, "locked").await, 1);
}
