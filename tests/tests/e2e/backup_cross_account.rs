//! Cross-account copies and values that would poison dates, end to end (issue 16, items 3-6):
//! a copy into another account's vault needs that vault's access policy and cross-account
//! backup enabled, and fails the same way whether or not the vault exists; lifecycles and job
//! windows have AWS's bounds, so listings stay parseable; `CreatorRequestId` is 1-50
//! characters; job summaries with another `AccountId` count only the caller's jobs.

use aws_sdk_backup::error::ProvideErrorMetadata;
use aws_sdk_backup::types::{BackupJobStatus, CopyJobState, Lifecycle};
use aws_sdk_backup::Client;
use integration_tests::{
    backup_client_for, create_vault, instant_gateway, GatewayHandle, WrittenPoint,
};

const SOURCE: &str = "111111111111";
const VICTIM: &str = "222222222222";
const ROLE: &str = "arn:aws:iam::111111111111:role/copy";
const VOLUME: &str = "arn:aws:ec2:us-east-1:111111111111:volume/vol-0123456789abcdef0";
const DENIED: &str = "Access Denied trying to call AWS Backup service";

async fn clients(gateway: &GatewayHandle) -> (Client, Client) {
    (
        backup_client_for(gateway, "us-east-1", SOURCE).await,
        backup_client_for(gateway, "us-east-1", VICTIM).await,
    )
}

/// A completed recovery point of `client`'s vault `vault`.
async fn point(client: &Client, vault: &str) -> String {
    create_vault(client, vault).await;
    client
        .start_backup_job()
        .backup_vault_name(vault)
        .resource_arn(VOLUME)
        .iam_role_arn(ROLE)
        .send()
        .await
        .expect("start backup job")
        .written_point(client)
        .await
        .expect("recovery point")
}

/// Starts a copy of `point` into `destination` and answers the job as it ended.
async fn copy(client: &Client, point: &str, destination: &str) -> aws_sdk_backup::types::CopyJob {
    let id = client
        .start_copy_job()
        .source_backup_vault_name("src")
        .recovery_point_arn(point)
        .destination_backup_vault_arn(destination)
        .iam_role_arn(ROLE)
        .send()
        .await
        .expect("a copy into another account is accepted and decided later")
        .copy_job_id()
        .unwrap()
        .to_owned();
    client
        .describe_copy_job()
        .copy_job_id(id)
        .send()
        .await
        .unwrap()
        .copy_job()
        .cloned()
        .unwrap()
}

async fn enable_cross_account(client: &Client) {
    client
        .update_global_settings()
        .global_settings("isCrossAccountBackupEnabled", "true")
        .send()
        .await
        .unwrap();
}

async fn put_policy(client: &Client, vault: &str, statements: &str) {
    client
        .put_backup_vault_access_policy()
        .backup_vault_name(vault)
        .policy(format!(
            r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#
        ))
        .send()
        .await
        .unwrap();
}

fn allow(principal: &str) -> String {
    format!(
        r#"{{"Effect":"Allow","Principal":{{"AWS":"{principal}"}},"Action":"backup:CopyIntoBackupVault","Resource":"*"}}"#
    )
}

async fn points_in(client: &Client, vault: &str) -> i64 {
    client
        .describe_backup_vault()
        .backup_vault_name(vault)
        .send()
        .await
        .unwrap()
        .number_of_recovery_points()
}

fn failed_denied(job: &aws_sdk_backup::types::CopyJob) {
    assert_eq!(job.state(), Some(&CopyJobState::Failed));
    assert_eq!(job.status_message(), Some(DENIED));
}

#[tokio::test]
async fn a_copy_into_another_accounts_vault_without_its_consent_fails_and_plants_nothing() {
    let gateway = instant_gateway().await;
    let (source, victim) = clients(&gateway).await;
    let point = point(&source, "src").await;
    let victim_vault = create_vault(&victim, "victim").await;

    // No policy, cross-account backup off.
    failed_denied(&copy(&source, &point, &victim_vault).await);
    // Cross-account backup on, still no policy.
    enable_cross_account(&source).await;
    failed_denied(&copy(&source, &point, &victim_vault).await);
    // A policy for a third account.
    put_policy(&victim, "victim", &allow("arn:aws:iam::333333333333:root")).await;
    failed_denied(&copy(&source, &point, &victim_vault).await);
    // Allowed, but a Deny for the source account wins.
    put_policy(
        &victim,
        "victim",
        &format!(
            r#"{},{{"Effect":"Deny","Principal":{{"AWS":"{SOURCE}"}},"Action":"backup:*","Resource":"*"}}"#,
            allow("*")
        ),
    )
    .await;
    failed_denied(&copy(&source, &point, &victim_vault).await);
    // Allowed for another action only.
    put_policy(
        &victim,
        "victim",
        &format!(
            r#"{{"Effect":"Allow","Principal":"*","Action":"backup:DescribeBackupVault","Resource":"{victim_vault}"}}"#
        ),
    )
    .await;
    failed_denied(&copy(&source, &point, &victim_vault).await);

    assert_eq!(points_in(&victim, "victim").await, 0);
    victim
        .delete_backup_vault()
        .backup_vault_name("victim")
        .send()
        .await
        .expect("the victim can still delete its vault");
}

#[tokio::test]
async fn a_missing_vault_of_another_account_answers_exactly_as_a_refused_one() {
    let gateway = instant_gateway().await;
    let (source, victim) = clients(&gateway).await;
    let point = point(&source, "src").await;
    let existing = create_vault(&victim, "exists").await;
    let missing = format!("arn:aws:backup:us-east-1:{VICTIM}:backup-vault:nowhere");
    let a = copy(&source, &point, &existing).await;
    let b = copy(&source, &point, &missing).await;
    failed_denied(&a);
    failed_denied(&b);
    assert_eq!(a.destination_encryption_key_arn(), None);
    assert_eq!(b.destination_encryption_key_arn(), None);
    // Within the caller's own account a missing vault is still refused up front.
    let own_missing = format!("arn:aws:backup:us-east-1:{SOURCE}:backup-vault:nowhere");
    let err = source
        .start_copy_job()
        .source_backup_vault_name("src")
        .recovery_point_arn(&point)
        .destination_backup_vault_arn(own_missing)
        .iam_role_arn(ROLE)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
}

#[tokio::test]
async fn a_copy_the_destination_policy_allows_lands_once_cross_account_backup_is_on() {
    let gateway = instant_gateway().await;
    let (source, victim) = clients(&gateway).await;
    let point = point(&source, "src").await;
    let partner_vault = create_vault(&victim, "partner").await;
    for principal in [
        format!("arn:aws:iam::{SOURCE}:root"),
        SOURCE.to_owned(),
        ROLE.to_owned(),
    ] {
        put_policy(&victim, "partner", &allow(&principal)).await;
        // The setting is still off: refused.
        failed_denied(&copy(&source, &point, &partner_vault).await);
    }
    enable_cross_account(&source).await;
    let job = copy(&source, &point, &partner_vault).await;
    assert_eq!(job.state(), Some(&CopyJobState::Completed), "{job:?}");
    assert!(job.destination_encryption_key_arn().is_some());
    assert_eq!(points_in(&victim, "partner").await, 1);
}

#[tokio::test]
async fn lifecycles_and_windows_that_would_leave_the_parseable_years_are_refused() {
    let gateway = instant_gateway().await;
    let client = backup_client_for(&gateway, "us-east-1", SOURCE).await;
    create_vault(&client, "vv").await;
    let start = || {
        client
            .start_backup_job()
            .backup_vault_name("vv")
            .resource_arn(VOLUME)
            .iam_role_arn(ROLE)
    };
    let too_long = Lifecycle::builder()
        .delete_after_days(1_000_000_000)
        .build();
    let cases = [
        start().lifecycle(too_long.clone()),
        start().lifecycle(Lifecycle::builder().delete_after_days(36_501).build()),
        start().lifecycle(
            Lifecycle::builder()
                .move_to_cold_storage_after_days(i64::MAX)
                .build(),
        ),
        start().complete_window_minutes(100_000_000_000),
        start().start_window_minutes(52_560_001),
        start().start_window_minutes(i64::MAX),
    ];
    for request in cases {
        let err = request.send().await.unwrap_err();
        assert_eq!(
            err.code(),
            Some("InvalidParameterValueException"),
            "{err:?}"
        );
    }
    let point = point(&client, "src").await;
    let err = client
        .start_copy_job()
        .source_backup_vault_name("src")
        .recovery_point_arn(&point)
        .destination_backup_vault_arn(create_vault(&client, "dst").await)
        .iam_role_arn(ROLE)
        .lifecycle(too_long.clone())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidParameterValueException"));
    let err = client
        .update_recovery_point_lifecycle()
        .backup_vault_name("src")
        .recovery_point_arn(&point)
        .lifecycle(too_long)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidParameterValueException"));

    // The largest accepted values still give dates the SDK parses.
    start()
        .start_window_minutes(52_560_000)
        .complete_window_minutes(52_560_000)
        .lifecycle(
            Lifecycle::builder()
                .move_to_cold_storage_after_days(36_410)
                .delete_after_days(36_500)
                .build(),
        )
        .send()
        .await
        .expect("AWS's largest values");
    let jobs = client.list_backup_jobs().send().await.expect("parseable");
    assert_eq!(jobs.backup_jobs().len(), 2);
    for job in jobs.backup_jobs() {
        assert!(job.start_by().unwrap().secs() < 253_402_300_800);
    }
    client
        .list_recovery_points_by_backup_vault()
        .backup_vault_name("vv")
        .send()
        .await
        .expect("parseable");
}

#[tokio::test]
async fn creator_request_ids_are_one_to_fifty_plain_characters() {
    let gateway = instant_gateway().await;
    let client = backup_client_for(&gateway, "us-east-1", SOURCE).await;
    let long = "x".repeat(51);
    let huge = "y".repeat(1_000_000);
    for id in [long.as_str(), huge.as_str(), "", "a b"] {
        let err = client
            .create_backup_vault()
            .backup_vault_name("vv")
            .creator_request_id(id)
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.code(), Some("InvalidParameterValueException"));
        assert!(err.message().unwrap().len() < 200);
        let err = client
            .create_backup_plan()
            .backup_plan(
                aws_sdk_backup::types::BackupPlanInput::builder()
                    .backup_plan_name("p")
                    .rules(
                        aws_sdk_backup::types::BackupRuleInput::builder()
                            .rule_name("r")
                            .target_backup_vault_name("vv")
                            .build()
                            .unwrap(),
                    )
                    .build()
                    .unwrap(),
            )
            .creator_request_id(id)
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.code(), Some("InvalidParameterValueException"));
    }
    let vaults = client.list_backup_vaults().send().await.unwrap();
    assert!(vaults.backup_vault_list().is_empty());
    client
        .create_backup_vault()
        .backup_vault_name("vv")
        .creator_request_id("x".repeat(50))
        .send()
        .await
        .expect("50 characters are fine");
}

#[tokio::test]
async fn job_summaries_for_another_account_id_count_only_the_callers_jobs() {
    let gateway = instant_gateway().await;
    let (source, victim) = clients(&gateway).await;
    point(&victim, "theirs").await;
    point(&victim, "theirs-too").await;
    point(&source, "mine").await;
    let summaries = source
        .list_backup_job_summaries()
        .account_id(VICTIM)
        .send()
        .await
        .unwrap();
    let completed: Vec<_> = summaries
        .backup_job_summaries()
        .iter()
        .filter(|s| s.state() == Some(&BackupJobStatus::Completed))
        .collect();
    assert_eq!(completed.iter().map(|s| s.count()).sum::<i32>(), 1);
    for summary in summaries.backup_job_summaries() {
        assert_eq!(summary.account_id(), Some(SOURCE));
    }
}
