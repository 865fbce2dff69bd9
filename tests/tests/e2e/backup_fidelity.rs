//! Issue 22, "Backup fidelity, round 2", end to end with aws-sdk-backup: answers that follow
//! AWS per resource type and per state. Each test names the source it follows.

use std::fmt::Debug;

use aws_sdk_backup::config::http::HttpResponse;
use aws_sdk_backup::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_backup::Client;
use integration_tests::{backup_client, create_vault, start_gateway, GatewayHandle};

/// A gateway whose backup jobs complete inside StartBackupJob (plus `vars`), and a client.
async fn gateway(vars: &[(&str, &str)]) -> (GatewayHandle, Client) {
    let mut all = vec![("FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS", "0")];
    all.extend_from_slice(vars);
    let gateway = start_gateway(&all).await;
    let client = backup_client(&gateway).await;
    (gateway, client)
}

/// Asserts that `result` failed with exception `code` and HTTP `status`.
fn expect_error<T: Debug, E: ProvideErrorMetadata + Debug>(
    result: Result<T, SdkError<E, HttpResponse>>,
    code: &str,
    status: u16,
) {
    let error = result.expect_err(code);
    assert_eq!(error.code(), Some(code), "{error:?}");
    let got = error.raw_response().map(|raw| raw.status().as_u16());
    assert_eq!(got, Some(status), "{error:?}");
}

// Item 7. Terraform's provider (internal/service/backup: findVault, findVaultAccessPolicyByName,
// FindRecoveryPointByTwoPartKey) and Ansible's amazon.aws backup_vault module read
// AccessDeniedException (403) as "this vault does not exist".

#[tokio::test]
async fn reads_of_a_missing_vault_answer_access_denied_as_aws_does() {
    let (_gateway, client) = gateway(&[]).await;
    expect_error(
        client
            .describe_backup_vault()
            .backup_vault_name("absent")
            .send()
            .await,
        "AccessDeniedException",
        403,
    );
    expect_error(
        client
            .get_backup_vault_access_policy()
            .backup_vault_name("absent")
            .send()
            .await,
        "AccessDeniedException",
        403,
    );
    let point =
        "arn:aws:backup:us-east-1:111122223333:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45";
    expect_error(
        client
            .describe_recovery_point()
            .backup_vault_name("absent")
            .recovery_point_arn(point)
            .send()
            .await,
        "AccessDeniedException",
        403,
    );
    // A vault that exists without the point still says the point is not found.
    create_vault(&client, "present").await;
    expect_error(
        client
            .describe_recovery_point()
            .backup_vault_name("present")
            .recovery_point_arn(point)
            .send()
            .await,
        "ResourceNotFoundException",
        400,
    );
    // Writes keep ResourceNotFoundException (Terraform's delete treats it as gone).
    expect_error(
        client
            .delete_backup_vault()
            .backup_vault_name("absent")
            .send()
            .await,
        "ResourceNotFoundException",
        400,
    );
}

#[tokio::test]
async fn the_switch_restores_resource_not_found_for_missing_vaults() {
    let (_gateway, client) = gateway(&[(
        "FLOCI_SERVICES_BACKUP_MISSING_VAULT_ERROR",
        "ResourceNotFoundException",
    )])
    .await;
    expect_error(
        client
            .describe_backup_vault()
            .backup_vault_name("absent")
            .send()
            .await,
        "ResourceNotFoundException",
        400,
    );
    expect_error(
        client
            .get_backup_vault_access_policy()
            .backup_vault_name("absent")
            .send()
            .await,
        "ResourceNotFoundException",
        400,
    );
}

/// The flow of Ansible's `amazon.aws.backup_vault`: look the vault up, read
/// AccessDeniedException as absent, create it, and find it on the second look.
#[tokio::test]
async fn a_vault_created_after_an_access_denied_look_up_is_then_described() {
    let (_gateway, client) = gateway(&[]).await;
    let first = client
        .describe_backup_vault()
        .backup_vault_name("ansible")
        .send()
        .await;
    assert_eq!(
        first.expect_err("absent").code(),
        Some("AccessDeniedException")
    );
    let arn = create_vault(&client, "ansible").await;
    let described = client
        .describe_backup_vault()
        .backup_vault_name("ansible")
        .send()
        .await
        .expect("describe");
    assert_eq!(described.backup_vault_arn(), Some(arn.as_str()));
}

// Item 1. StartBackupJob: "RecoveryPointArn ... This field is only returned for Amazon EFS and
// Advanced DynamoDB resources" (API reference, StartBackupJob, Response Elements); a real EC2
// answer is {BackupJobId, CreationDate, IsParent}.

const ROLE: &str = "arn:aws:iam::111122223333:role/service-role/AWSBackupDefaultServiceRole";
const EFS: &str =
    "arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-0123456789abcdef0";
const TABLE: &str = "arn:aws:dynamodb:us-east-1:111122223333:table/Orders";
const INSTANCE: &str = "arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0";
const VOLUME: &str = "arn:aws:ec2:us-east-1:111122223333:volume/vol-0123456789abcdef0";
const DATABASE: &str = "arn:aws:rds:us-east-1:111122223333:db:orders";

async fn started_point(client: &Client, resource: &str) -> (String, Option<String>) {
    let started = client
        .start_backup_job()
        .backup_vault_name("fidelity")
        .resource_arn(resource)
        .iam_role_arn(ROLE)
        .send()
        .await
        .expect("start backup job");
    (
        started.backup_job_id().expect("job id").to_owned(),
        started.recovery_point_arn().map(str::to_owned),
    )
}

#[tokio::test]
async fn start_backup_job_answers_the_point_only_for_efs_and_advanced_dynamodb() {
    let (_gateway, client) = gateway(&[]).await;
    create_vault(&client, "fidelity").await;
    for resource in [EFS, TABLE] {
        let (job, point) = started_point(&client, resource).await;
        let described = client
            .describe_backup_job()
            .backup_job_id(&job)
            .send()
            .await
            .expect("describe job");
        assert_eq!(
            point.as_deref(),
            described.recovery_point_arn(),
            "{resource}"
        );
        assert!(point.is_some(), "{resource}");
    }
    for resource in [INSTANCE, VOLUME, DATABASE] {
        let (job, point) = started_point(&client, resource).await;
        assert_eq!(point, None, "{resource}");
        // The job still writes its point, which DescribeBackupJob names.
        let described = client
            .describe_backup_job()
            .backup_job_id(&job)
            .send()
            .await
            .expect("describe job");
        assert!(described.recovery_point_arn().is_some(), "{resource}");
    }
}

#[tokio::test]
async fn dynamodb_without_advanced_features_gets_no_point_from_start_backup_job() {
    let (_gateway, client) = gateway(&[]).await;
    create_vault(&client, "fidelity").await;
    client
        .update_region_settings()
        .resource_type_management_preference("DynamoDB", false)
        .send()
        .await
        .expect("advanced DynamoDB off");
    let (_, point) = started_point(&client, TABLE).await;
    assert_eq!(point, None);
}

// Item 3. Members by state: AWS's documented list-backup-jobs example (AWS CLI examples,
// backup/list-backup-jobs.rst) shows a CREATED job without RecoveryPointArn,
// BackupSizeInBytes, BytesTransferred or CompletionDate; they appear once the job runs.
// Sizes per type follow the API reference's BackupJob.BackupSizeInBytes.

#[tokio::test]
async fn a_created_job_names_no_point_and_no_size_until_it_runs() {
    let gateway =
        start_gateway(&[("FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS", "3600")]).await;
    let client = backup_client(&gateway).await;
    create_vault(&client, "fidelity").await;
    let (job, _) = started_point(&client, VOLUME).await;
    let describe = || async {
        client
            .describe_backup_job()
            .backup_job_id(&job)
            .send()
            .await
            .expect("describe job")
    };
    let created = describe().await;
    assert_eq!(created.state().map(|s| s.as_str()), Some("CREATED"));
    assert_eq!(created.recovery_point_arn(), None);
    assert_eq!(created.backup_size_in_bytes(), None);
    assert_eq!(created.bytes_transferred(), None);
    assert_eq!(created.completion_date(), None);
    assert_eq!(created.percent_done(), Some("0.0"));
    let listed = client.list_backup_jobs().send().await.expect("list jobs");
    assert_eq!(listed.backup_jobs()[0].recovery_point_arn(), None);
    assert_eq!(listed.backup_jobs()[0].backup_size_in_bytes(), None);

    integration_tests::advance_clock(&gateway, 1800).await;
    let running = describe().await;
    assert_eq!(running.state().map(|s| s.as_str()), Some("RUNNING"));
    assert!(running.recovery_point_arn().is_some());
    // AWS's RUNNING "Backup Job State Change" example (AWS Backup Developer Guide, eventbridge):
    // the size is known, nothing is transferred yet.
    assert!(running.backup_size_in_bytes().is_some_and(|size| size > 0));
    assert_eq!(running.bytes_transferred(), Some(0));
    integration_tests::advance_clock(&gateway, 1800).await;
    let completed = describe().await;
    assert_eq!(completed.state().map(|s| s.as_str()), Some("COMPLETED"));
    assert_eq!(completed.recovery_point_arn(), running.recovery_point_arn());
    assert!(completed.backup_size_in_bytes().is_some());
    assert_eq!(
        completed.bytes_transferred(),
        completed.backup_size_in_bytes()
    );
    assert!(completed.completion_date().is_some());
}

#[tokio::test]
async fn a_stopped_job_names_no_point() {
    let gateway =
        start_gateway(&[("FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS", "3600")]).await;
    let client = backup_client(&gateway).await;
    create_vault(&client, "fidelity").await;
    let (job, _) = started_point(&client, VOLUME).await;
    client
        .stop_backup_job()
        .backup_job_id(&job)
        .send()
        .await
        .expect("stop");
    integration_tests::advance_clock(&gateway, 3600).await;
    let aborted = client
        .describe_backup_job()
        .backup_job_id(&job)
        .send()
        .await
        .expect("describe job");
    assert_eq!(aborted.state().map(|s| s.as_str()), Some("ABORTED"));
    assert_eq!(aborted.recovery_point_arn(), None);
    assert_eq!(aborted.backup_size_in_bytes(), None);
}

#[tokio::test]
async fn sizes_follow_what_aws_reports_per_type() {
    let (_gateway, client) = gateway(&[]).await;
    create_vault(&client, "fidelity").await;
    let mut sizes = Vec::new();
    for resource in [DATABASE, VOLUME, INSTANCE] {
        let (job, _) = started_point(&client, resource).await;
        let described = client
            .describe_backup_job()
            .backup_job_id(&job)
            .send()
            .await
            .expect("describe job");
        sizes.push(described.backup_size_in_bytes().expect("a size"));
        if resource == VOLUME {
            // EBS: the provisioned size, the one its restore metadata states.
            let point = described.recovery_point_arn().expect("point");
            let metadata = client
                .get_recovery_point_restore_metadata()
                .backup_vault_name("fidelity")
                .recovery_point_arn(point)
                .send()
                .await
                .expect("restore metadata");
            let gib: i64 = metadata.restore_metadata().expect("metadata")["volumeSize"]
                .parse()
                .expect("a number");
            assert_eq!(sizes[1], gib << 30);
        }
    }
    assert_eq!(sizes[0], 0, "RDS reports 0");
    assert_eq!(sizes[1] % (1 << 30), 0, "EBS: whole GiB");
    assert_eq!(sizes[2] % (1 << 30), 0, "EC2: whole GiB");
    assert!(sizes[1] > 0 && sizes[2] > 0);
}

// Item 6. Smaller answers, each after the API reference of its operation.

#[tokio::test]
async fn get_backup_plan_answers_advanced_settings_at_the_top_level_only() {
    use aws_sdk_backup::types::{AdvancedBackupSetting, BackupPlanInput, BackupRuleInput};
    let (_gateway, client) = gateway(&[]).await;
    create_vault(&client, "fidelity").await;
    let plan = BackupPlanInput::builder()
        .backup_plan_name("vss")
        .rules(
            BackupRuleInput::builder()
                .rule_name("daily")
                .target_backup_vault_name("fidelity")
                .build()
                .expect("rule"),
        )
        .advanced_backup_settings(
            AdvancedBackupSetting::builder()
                .resource_type("EC2")
                .backup_options("WindowsVSS", "enabled")
                .build(),
        )
        .build()
        .expect("plan");
    let created = client
        .create_backup_plan()
        .backup_plan(plan)
        .send()
        .await
        .expect("create plan");
    let got = client
        .get_backup_plan()
        .backup_plan_id(created.backup_plan_id().expect("id"))
        .send()
        .await
        .expect("get plan");
    assert_eq!(got.advanced_backup_settings().len(), 1);
    let inner = got.backup_plan().expect("plan");
    assert!(inner.advanced_backup_settings().is_empty(), "{inner:?}");
}

#[tokio::test]
async fn get_backup_selection_of_an_unknown_plan_is_an_invalid_parameter() {
    let (_gateway, client) = gateway(&[]).await;
    let error = client
        .get_backup_selection()
        .backup_plan_id("38f7ec5e-f6d2-4a1c-8f7b-51f1e3d60a1b")
        .selection_id("0b1c1b06-0e3a-4e39-8c53-1b1f43a4e9f2")
        .send()
        .await
        .expect_err("unknown plan");
    assert_eq!(error.code(), Some("InvalidParameterValueException"));
    assert_eq!(
        error.message(),
        Some("Cannot find Backup plan with ID 38f7ec5e-f6d2-4a1c-8f7b-51f1e3d60a1b")
    );
}

#[tokio::test]
async fn rds_listings_by_resource_need_at_least_20_results_a_page() {
    let (_gateway, client) = gateway(&[]).await;
    expect_error(
        client
            .list_recovery_points_by_resource()
            .resource_arn(DATABASE)
            .max_results(19)
            .send()
            .await,
        "InvalidParameterValueException",
        400,
    );
    for (resource, max) in [(DATABASE, 20), (VOLUME, 1)] {
        client
            .list_recovery_points_by_resource()
            .resource_arn(resource)
            .max_results(max)
            .send()
            .await
            .expect("a valid page size");
    }
}

#[tokio::test]
async fn start_backup_job_refuses_delete_after_event() {
    use aws_sdk_backup::types::{Lifecycle, LifecycleDeleteAfterEvent};
    let (_gateway, client) = gateway(&[]).await;
    create_vault(&client, "fidelity").await;
    expect_error(
        client
            .start_backup_job()
            .backup_vault_name("fidelity")
            .resource_arn(VOLUME)
            .iam_role_arn(ROLE)
            .lifecycle(
                Lifecycle::builder()
                    .delete_after_event(LifecycleDeleteAfterEvent::DeleteAfterCopy)
                    .build(),
            )
            .send()
            .await,
        "InvalidParameterValueException",
        400,
    );
    let jobs = client.list_backup_jobs().send().await.expect("list");
    assert!(
        jobs.backup_jobs().is_empty(),
        "a refused call starts nothing"
    );
}

#[tokio::test]
async fn a_copy_does_not_inherit_its_sources_last_restore_time() {
    let (_gateway, client) = gateway(&[]).await;
    create_vault(&client, "fidelity").await;
    let destination = create_vault(&client, "copies").await;
    let (_, point) = started_point(&client, TABLE).await;
    let point = point.expect("DynamoDB names its point");
    client
        .start_restore_job()
        .recovery_point_arn(&point)
        .iam_role_arn(ROLE)
        .set_metadata(Some(Default::default()))
        .send()
        .await
        .expect("restore");
    let source = client
        .describe_recovery_point()
        .backup_vault_name("fidelity")
        .recovery_point_arn(&point)
        .send()
        .await
        .expect("source point");
    assert!(source.last_restore_time().is_some(), "{source:?}");
    let job = client
        .start_copy_job()
        .source_backup_vault_name("fidelity")
        .recovery_point_arn(&point)
        .destination_backup_vault_arn(&destination)
        .iam_role_arn(ROLE)
        .send()
        .await
        .expect("copy")
        .copy_job_id()
        .expect("copy job id")
        .to_owned();
    let copied = client
        .describe_copy_job()
        .copy_job_id(&job)
        .send()
        .await
        .expect("copy job")
        .copy_job()
        .and_then(|j| j.destination_recovery_point_arn().map(str::to_owned))
        .expect("copied point");
    let copy = client
        .describe_recovery_point()
        .backup_vault_name("copies")
        .recovery_point_arn(&copied)
        .send()
        .await
        .expect("copied point");
    assert_eq!(copy.last_restore_time(), None);
}
