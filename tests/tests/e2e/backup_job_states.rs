//! Issue 22, "Backup fidelity, round 2", continued: what AWS shows per state of a copy job, a
//! restore job and a recovery point being deleted, and GetBackupPlanFromTemplate's document,
//! end to end with aws-sdk-backup against a gateway started in the test. Time moves through the
//! admin clock endpoint, never by sleeping. Each test names the source it follows.

use std::sync::{Arc, Mutex};

use aws_sdk_backup::config::interceptors::AfterDeserializationInterceptorContextRef;
use aws_sdk_backup::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_backup::error::ProvideErrorMetadata;
use aws_sdk_backup::types::{CopyJob, CopyJobState, RecoveryPointStatus, RestoreJobStatus};
use aws_sdk_backup::Client;
use integration_tests::{
    advance_clock, backup_client, create_vault, start_gateway, GatewayHandle, WrittenPoint,
};

const ROLE: &str = "arn:aws:iam::111122223333:role/service-role/AWSBackupDefaultServiceRole";
const VOLUME: &str = "arn:aws:ec2:us-east-1:111122223333:volume/vol-0123456789abcdef0";

/// Every job (and a point's deletion) takes an hour: half to start, half to finish.
const DELAY: u64 = 3600;

async fn slow_gateway() -> (GatewayHandle, Client) {
    let gateway = start_gateway(&[(
        "FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS",
        &DELAY.to_string(),
    )])
    .await;
    let client = backup_client(&gateway).await;
    (gateway, client)
}

/// Backs the volume up into `vault` and lets the job finish; answers the recovery point.
async fn written_point(gateway: &GatewayHandle, client: &Client, vault: &str) -> String {
    let started = client
        .start_backup_job()
        .backup_vault_name(vault)
        .resource_arn(VOLUME)
        .iam_role_arn(ROLE)
        .send()
        .await
        .expect("start backup job");
    advance_clock(gateway, DELAY).await;
    started.written_point(client).await.expect("recovery point")
}

async fn point_status(client: &Client, vault: &str, arn: &str) -> Option<RecoveryPointStatus> {
    client
        .describe_recovery_point()
        .backup_vault_name(vault)
        .recovery_point_arn(arn)
        .send()
        .await
        .ok()
        .and_then(|point| point.status().cloned())
}

/// Starts a copy of `point` from the vault `source` to `destination`; the copy job's id.
async fn start_copy(client: &Client, point: &str, destination: &str) -> String {
    client
        .start_copy_job()
        .source_backup_vault_name("source")
        .recovery_point_arn(point)
        .destination_backup_vault_arn(destination)
        .iam_role_arn(ROLE)
        .send()
        .await
        .expect("copy")
        .copy_job_id()
        .expect("id")
        .to_owned()
}

/// Starts a restore of the EBS `point`; the restore job's id.
async fn start_restore(client: &Client, point: &str) -> String {
    client
        .start_restore_job()
        .recovery_point_arn(point)
        .iam_role_arn(ROLE)
        .metadata("volumeSize", "8")
        .send()
        .await
        .expect("restore")
        .restore_job_id()
        .expect("id")
        .to_owned()
}

async fn describe_copy(client: &Client, id: &str) -> CopyJob {
    client
        .describe_copy_job()
        .copy_job_id(id)
        .send()
        .await
        .expect("copy job")
        .copy_job()
        .expect("a copy job")
        .clone()
}

// GetBackupPlanFromTemplate: the AWS CLI's documented example
// (https://docs.aws.amazon.com/cli/latest/reference/backup/get-backup-plan-from-template.html)
// answers the template's rules only: no BackupPlanName, no TargetBackupVaultName.

/// Keeps the body of the response it sees, as the SDK received it.
#[derive(Debug, Default)]
struct RawBody(Arc<Mutex<Vec<u8>>>);

impl Intercept for RawBody {
    fn name(&self) -> &'static str {
        "RawBody"
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        if let Some(bytes) = context.response().body().bytes() {
            *self.0.lock().unwrap() = bytes.to_vec();
        }
        Ok(())
    }
}

#[tokio::test]
async fn get_backup_plan_from_template_answers_the_documented_document() {
    let (_gateway, client) = slow_gateway().await;
    let body = Arc::new(Mutex::new(Vec::new()));
    let answer = client
        .get_backup_plan_from_template()
        .backup_plan_template_id("87c0c1ef-254d-4180-8fef-2e76a2c38aaa")
        .customize()
        .interceptor(RawBody(body.clone()))
        .send()
        .await
        .expect("the documented template");
    let raw: serde_json::Value =
        serde_json::from_slice(&body.lock().unwrap()).expect("a JSON body");
    assert_eq!(
        raw,
        serde_json::json!({"BackupPlanDocument": {"Rules": [{
            "RuleName": "DailyBackups",
            "ScheduleExpression": "cron(0 5 ? * * *)",
            "StartWindowMinutes": 480,
            "Lifecycle": {"DeleteAfterDays": 35}
        }]}})
    );
    // The SDK reads AWS's answer: the members the model requires come back empty.
    let plan = answer.backup_plan_document().expect("a document");
    assert_eq!(plan.backup_plan_name(), "");
    assert_eq!(plan.rules()[0].rule_name(), "DailyBackups");
    assert_eq!(plan.rules()[0].target_backup_vault_name(), "");
    // Every listed template answers a document with rules and nothing the example lacks.
    let templates = client
        .list_backup_plan_templates()
        .send()
        .await
        .expect("templates");
    for template in templates.backup_plan_templates_list() {
        let id = template.backup_plan_template_id().expect("id");
        client
            .get_backup_plan_from_template()
            .backup_plan_template_id(id)
            .customize()
            .interceptor(RawBody(body.clone()))
            .send()
            .await
            .expect("a listed template");
        let raw: serde_json::Value = serde_json::from_slice(&body.lock().unwrap()).unwrap();
        let document = raw["BackupPlanDocument"].as_object().expect("a document");
        assert_eq!(document.keys().collect::<Vec<_>>(), ["Rules"], "{id}");
        for rule in raw["BackupPlanDocument"]["Rules"].as_array().unwrap() {
            let mut members: Vec<_> = rule.as_object().unwrap().keys().cloned().collect();
            members.sort();
            assert_eq!(
                members,
                [
                    "Lifecycle",
                    "RuleName",
                    "ScheduleExpression",
                    "StartWindowMinutes"
                ],
                "{id}"
            );
        }
    }
    let error = client
        .get_backup_plan_from_template()
        .backup_plan_template_id("00000000-0000-0000-0000-000000000000")
        .send()
        .await
        .expect_err("unknown template");
    assert_eq!(error.code(), Some("ResourceNotFoundException"));
}

// DeleteRecoveryPoint passes through DELETING, as AWS's does: Terraform's provider deletes a
// vault's points one by one and waits while each is DELETING (waitRecoveryPointDeleted in
// hashicorp/terraform-provider-aws internal/service/backup/wait.go) until
// DescribeRecoveryPoint answers ResourceNotFoundException.

#[tokio::test]
async fn a_deleted_recovery_point_is_deleting_for_a_job_delay_then_gone() {
    let (gateway, client) = slow_gateway().await;
    create_vault(&client, "doomed").await;
    let point = written_point(&gateway, &client, "doomed").await;
    client
        .delete_recovery_point()
        .backup_vault_name("doomed")
        .recovery_point_arn(&point)
        .send()
        .await
        .expect("delete");

    // Describe and both listings show it DELETING; the vault still holds it.
    assert_eq!(
        point_status(&client, "doomed", &point).await,
        Some(RecoveryPointStatus::Deleting)
    );
    let by_vault = client
        .list_recovery_points_by_backup_vault()
        .backup_vault_name("doomed")
        .send()
        .await
        .expect("list by vault");
    assert_eq!(
        by_vault.recovery_points()[0].status(),
        Some(&RecoveryPointStatus::Deleting)
    );
    let by_resource = client
        .list_recovery_points_by_resource()
        .resource_arn(VOLUME)
        .send()
        .await
        .expect("list by resource");
    assert_eq!(
        by_resource.recovery_points()[0].status(),
        Some(&RecoveryPointStatus::Deleting)
    );
    let vault = client
        .describe_backup_vault()
        .backup_vault_name("doomed")
        .send()
        .await
        .expect("vault");
    assert_eq!(vault.number_of_recovery_points(), 1);
    let refused = client
        .delete_backup_vault()
        .backup_vault_name("doomed")
        .send()
        .await
        .expect_err("the vault still holds the point");
    assert_eq!(refused.code(), Some("InvalidRequestException"));

    // A second delete is accepted; restoring, copying or changing the point is refused.
    client
        .delete_recovery_point()
        .backup_vault_name("doomed")
        .recovery_point_arn(&point)
        .send()
        .await
        .expect("a second delete");
    let restore = client
        .start_restore_job()
        .recovery_point_arn(&point)
        .iam_role_arn(ROLE)
        .metadata("volumeSize", "8")
        .send()
        .await
        .expect_err("a point being deleted");
    assert_eq!(restore.code(), Some("InvalidRequestException"));
    let lifecycle = client
        .update_recovery_point_lifecycle()
        .backup_vault_name("doomed")
        .recovery_point_arn(&point)
        .lifecycle(
            aws_sdk_backup::types::Lifecycle::builder()
                .delete_after_days(30)
                .build(),
        )
        .send()
        .await
        .expect_err("a point being deleted");
    assert_eq!(lifecycle.code(), Some("InvalidRequestException"));
    let scan = client
        .start_scan_job()
        .backup_vault_name("doomed")
        .recovery_point_arn(&point)
        .iam_role_arn(ROLE)
        .scanner_role_arn(ROLE)
        .malware_scanner(aws_sdk_backup::types::MalwareScanner::Guardduty)
        .scan_mode(aws_sdk_backup::types::ScanMode::FullScan)
        .send()
        .await
        .expect_err("a point being deleted");
    assert_eq!(scan.code(), Some("InvalidRequestException"));

    // Terraform's wait: DELETING until the point is not found.
    advance_clock(&gateway, DELAY - 1).await;
    assert_eq!(
        point_status(&client, "doomed", &point).await,
        Some(RecoveryPointStatus::Deleting)
    );
    advance_clock(&gateway, 1).await;
    let gone = client
        .describe_recovery_point()
        .backup_vault_name("doomed")
        .recovery_point_arn(&point)
        .send()
        .await
        .expect_err("deleted");
    assert_eq!(gone.code(), Some("ResourceNotFoundException"));
    let by_vault = client
        .list_recovery_points_by_backup_vault()
        .backup_vault_name("doomed")
        .send()
        .await
        .expect("list by vault");
    assert!(by_vault.recovery_points().is_empty());
    let again = client
        .delete_recovery_point()
        .backup_vault_name("doomed")
        .recovery_point_arn(&point)
        .send()
        .await
        .expect_err("already gone");
    assert_eq!(again.code(), Some("ResourceNotFoundException"));
    client
        .delete_backup_vault()
        .backup_vault_name("doomed")
        .send()
        .await
        .expect("an empty vault");
}

#[tokio::test]
async fn a_refused_delete_leaves_the_point_completed() {
    let (gateway, client) = slow_gateway().await;
    create_vault(&client, "locked").await;
    let point = written_point(&gateway, &client, "locked").await;
    client
        .put_backup_vault_lock_configuration()
        .backup_vault_name("locked")
        .min_retention_days(7)
        .send()
        .await
        .expect("lock");
    let refused = client
        .delete_recovery_point()
        .backup_vault_name("locked")
        .recovery_point_arn(&point)
        .send()
        .await
        .expect_err("the lock retains it");
    assert_eq!(refused.code(), Some("InvalidRequestException"));
    assert_eq!(
        point_status(&client, "locked", &point).await,
        Some(RecoveryPointStatus::Completed)
    );
}

#[tokio::test]
async fn a_copy_or_restore_of_a_point_being_deleted_fails() {
    let (gateway, client) = slow_gateway().await;
    create_vault(&client, "source").await;
    let destination = create_vault(&client, "copies").await;
    let point = written_point(&gateway, &client, "source").await;
    let copy = start_copy(&client, &point, &destination).await;
    let restore = start_restore(&client, &point).await;
    client
        .delete_recovery_point()
        .backup_vault_name("source")
        .recovery_point_arn(&point)
        .send()
        .await
        .expect("delete");
    advance_clock(&gateway, DELAY).await;
    let copy = describe_copy(&client, &copy).await;
    assert_eq!(copy.state(), Some(&CopyJobState::Failed));
    let restore = client
        .describe_restore_job()
        .restore_job_id(&restore)
        .send()
        .await
        .expect("restore job");
    assert_eq!(restore.status(), Some(&RestoreJobStatus::Failed));
}

/// A gateway keeping Backup's state in `dir` (mode `persistent`), with the hour-long job delay.
async fn persistent_gateway(dir: &std::path::Path) -> (GatewayHandle, Client) {
    let path = dir.display().to_string();
    let delay = DELAY.to_string();
    let vars = [
        (
            "FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS",
            delay.as_str(),
        ),
        ("FLOCI_STORAGE_MODE", "persistent"),
        ("FLOCI_STORAGE_PERSISTENT_PATH", path.as_str()),
    ];
    // A gateway just stopped may hold the directory's lock for a moment.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let gateway = loop {
        let mut all = vec![
            ("FLOCI_HOST".to_owned(), "127.0.0.1".to_owned()),
            ("FLOCI_PORT".to_owned(), "0".to_owned()),
        ];
        all.extend(vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        match emulator_core::Gateway::from_vars(all) {
            Ok(gateway) => {
                break gateway
                    .bind()
                    .await
                    .expect("bind an ephemeral port")
                    .spawn()
                    .expect("serve")
            }
            Err(error) if error.contains("another floci-gateway") => {
                assert!(std::time::Instant::now() < deadline, "{error}");
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            }
            Err(error) => panic!("{error}"),
        }
    };
    let client = backup_client(&gateway).await;
    (gateway, client)
}

#[tokio::test]
async fn a_point_deleting_when_the_gateway_stops_is_gone_after_the_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (gateway, client) = persistent_gateway(dir.path()).await;
    create_vault(&client, "kept").await;
    let point = written_point(&gateway, &client, "kept").await;
    client
        .delete_recovery_point()
        .backup_vault_name("kept")
        .recovery_point_arn(&point)
        .send()
        .await
        .expect("delete");
    gateway.shutdown().await;

    let (gateway, client) = persistent_gateway(dir.path()).await;
    assert_eq!(
        point_status(&client, "kept", &point).await,
        Some(RecoveryPointStatus::Deleting)
    );
    advance_clock(&gateway, DELAY).await;
    assert_eq!(point_status(&client, "kept", &point).await, None);
    let vault = client
        .describe_backup_vault()
        .backup_vault_name("kept")
        .send()
        .await
        .expect("vault");
    assert_eq!(vault.number_of_recovery_points(), 0);
    gateway.shutdown().await;
}

// Copy jobs per state, after the "Copy Job State Change" examples of the AWS Backup Developer
// Guide (https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html): CREATED
// carries no size; RUNNING the size and no destination point; COMPLETED the destination point
// and the completion date; FAILED the size, the completion date and a status message, and no
// destination point.

#[tokio::test]
async fn copy_job_members_follow_its_state() {
    let (gateway, client) = slow_gateway().await;
    create_vault(&client, "source").await;
    let destination = create_vault(&client, "copies").await;
    let point = written_point(&gateway, &client, "source").await;
    let id = start_copy(&client, &point, &destination).await;
    let listed = |client: Client| async move {
        client
            .list_copy_jobs()
            .send()
            .await
            .expect("list copy jobs")
            .copy_jobs()[0]
            .clone()
    };

    let created = describe_copy(&client, &id).await;
    assert_eq!(created.state(), Some(&CopyJobState::Created));
    assert_eq!(created.backup_size_in_bytes(), None);
    assert_eq!(created.destination_recovery_point_arn(), None);
    assert_eq!(created.completion_date(), None);
    assert_eq!(created.status_message(), None);
    assert_eq!(listed(client.clone()).await, created);

    advance_clock(&gateway, DELAY / 2).await;
    let running = describe_copy(&client, &id).await;
    assert_eq!(running.state(), Some(&CopyJobState::Running));
    assert!(running.backup_size_in_bytes().is_some_and(|size| size > 0));
    assert_eq!(running.destination_recovery_point_arn(), None);
    assert_eq!(running.completion_date(), None);
    assert_eq!(listed(client.clone()).await, running);

    advance_clock(&gateway, DELAY / 2).await;
    let completed = describe_copy(&client, &id).await;
    assert_eq!(completed.state(), Some(&CopyJobState::Completed));
    assert_eq!(
        completed.backup_size_in_bytes(),
        running.backup_size_in_bytes()
    );
    let copy = completed
        .destination_recovery_point_arn()
        .expect("the copy's point");
    assert!(completed.completion_date().is_some());
    assert_eq!(completed.status_message(), None);
    assert_eq!(listed(client.clone()).await, completed);
    assert_eq!(
        point_status(&client, "copies", copy).await,
        Some(RecoveryPointStatus::Completed)
    );
}

#[tokio::test]
async fn a_failed_copy_job_names_no_destination_point() {
    let (gateway, client) = slow_gateway().await;
    create_vault(&client, "source").await;
    let destination = create_vault(&client, "copies").await;
    let point = written_point(&gateway, &client, "source").await;
    let id = start_copy(&client, &point, &destination).await;
    // The destination vault goes before the copy arrives.
    client
        .delete_backup_vault()
        .backup_vault_name("copies")
        .send()
        .await
        .expect("delete the empty destination");
    advance_clock(&gateway, DELAY).await;
    let failed = describe_copy(&client, &id).await;
    assert_eq!(failed.state(), Some(&CopyJobState::Failed));
    assert!(failed.backup_size_in_bytes().is_some());
    assert!(failed.completion_date().is_some());
    assert!(failed.status_message().is_some());
    assert_eq!(failed.destination_recovery_point_arn(), None);
}

// Restore jobs per state: the "Restore Job State Change" examples (same page) report
// PercentDone 0 and the size while PENDING, RUNNING and FAILED, and CreatedResourceArn and the
// completion date once COMPLETED; a real `describe-restore-job` of a RUNNING FSx restore (quoted
// in public AWS CLI notes) already names CreatedResourceArn, with PercentDone "0.00%". No real
// answer shows ExpectedCompletionTimeMinutes.

#[tokio::test]
async fn restore_job_members_follow_its_state() {
    let (gateway, client) = slow_gateway().await;
    create_vault(&client, "source").await;
    let point = written_point(&gateway, &client, "source").await;
    let id = start_restore(&client, &point).await;
    let describe = || async {
        client
            .describe_restore_job()
            .restore_job_id(&id)
            .send()
            .await
            .expect("restore job")
    };
    let listed = || async {
        client
            .list_restore_jobs()
            .send()
            .await
            .expect("list restore jobs")
            .restore_jobs()[0]
            .clone()
    };

    let pending = describe().await;
    assert_eq!(pending.status(), Some(&RestoreJobStatus::Pending));
    assert_eq!(pending.percent_done(), Some("0.00%"));
    assert!(pending.backup_size_in_bytes().is_some());
    assert_eq!(pending.created_resource_arn(), None);
    assert_eq!(pending.completion_date(), None);
    assert_eq!(pending.expected_completion_time_minutes(), None);
    assert_eq!(listed().await.created_resource_arn(), None);

    advance_clock(&gateway, DELAY / 2).await;
    let running = describe().await;
    assert_eq!(running.status(), Some(&RestoreJobStatus::Running));
    assert_eq!(running.percent_done(), Some("0.00%"));
    let created = running
        .created_resource_arn()
        .expect("named while running")
        .to_owned();
    assert!(
        created.starts_with("arn:aws:ec2:us-east-1:111122223333:volume/vol-"),
        "{created}"
    );
    assert_eq!(running.completion_date(), None);
    assert_eq!(running.status_message(), None);
    assert_eq!(
        listed().await.created_resource_arn(),
        Some(created.as_str())
    );

    advance_clock(&gateway, DELAY / 2).await;
    let completed = describe().await;
    assert_eq!(completed.status(), Some(&RestoreJobStatus::Completed));
    assert_eq!(completed.percent_done(), Some("100.00%"));
    assert_eq!(completed.created_resource_arn(), Some(created.as_str()));
    assert!(completed.completion_date().is_some());
    assert_eq!(completed.expected_completion_time_minutes(), None);
    assert_eq!(completed.status_message(), None);
    assert_eq!(completed.validation_status(), None);
    assert_eq!(completed.deletion_status(), None);
    let listed = listed().await;
    assert_eq!(listed.percent_done(), Some("100.00%"));
    assert_eq!(listed.completion_date(), completed.completion_date());
}

#[tokio::test]
async fn a_failed_restore_job_names_no_created_resource() {
    let (gateway, client) = slow_gateway().await;
    create_vault(&client, "source").await;
    let point = written_point(&gateway, &client, "source").await;
    let id = start_restore(&client, &point).await;
    advance_clock(&gateway, DELAY / 2).await;
    client
        .delete_recovery_point()
        .backup_vault_name("source")
        .recovery_point_arn(&point)
        .send()
        .await
        .expect("delete the point mid-restore");
    advance_clock(&gateway, DELAY / 2).await;
    let failed = client
        .describe_restore_job()
        .restore_job_id(&id)
        .send()
        .await
        .expect("restore job");
    assert_eq!(failed.status(), Some(&RestoreJobStatus::Failed));
    assert_eq!(failed.percent_done(), Some("0.00%"));
    assert!(failed.status_message().is_some());
    assert!(failed.completion_date().is_some());
    assert!(failed.backup_size_in_bytes().is_some());
    assert_eq!(failed.created_resource_arn(), None);
}
