//! Restore testing end to end with aws-sdk-backup: plans and selections (defaults, validation,
//! pagination, tags, idempotency, errors), inferred metadata, and the effect: moving the
//! gateway's clock past a plan's cron run starts restore jobs of the chosen recovery points,
//! marked `CreatedBy.RestoreTestingPlanArn`, which complete, take validation results and have
//! their restored resources deleted after the validation window. Time is driven by the clock,
//! never by sleeping; reads poll with a deadline only because the timer task may be the one
//! firing the run.

use std::time::{Duration, Instant};

use aws_sdk_backup::error::ProvideErrorMetadata;
use aws_sdk_backup::types::{
    KeyValue, ProtectedResourceConditions, RestoreDeletionStatus, RestoreJobStatus,
    RestoreJobsListMember, RestoreTestingPlanForCreate, RestoreTestingPlanForUpdate,
    RestoreTestingRecoveryPointSelection, RestoreTestingRecoveryPointSelectionAlgorithm,
    RestoreTestingRecoveryPointType, RestoreTestingSelectionForCreate,
    RestoreTestingSelectionForUpdate, RestoreValidationStatus,
};
use aws_sdk_backup::Client;
use integration_tests::{
    advance_clock, backup_client, create_vault as vault, instant_gateway, tags_of, WrittenPoint,
    ACCOUNT,
};

const ROLE: &str = "arn:aws:iam::111122223333:role/service-role/AWSBackupDefaultServiceRole";
const VOLUME: &str = "arn:aws:ec2:us-east-1:111122223333:volume/vol-0123456789abcdef0";
const OTHER_VOLUME: &str = "arn:aws:ec2:us-east-1:111122223333:volume/vol-0fedcba9876543210";
const TABLE: &str = "arn:aws:dynamodb:us-east-1:111122223333:table/Orders";
/// Every hour on the hour: moving the clock an hour always passes exactly one run.
const HOURLY: &str = "cron(0 * ? * * *)";
const HOUR: u64 = 3_600;

/// Backs `resource` up into `vault` with `tags` on the recovery point (complete on a 0 delay).
async fn backup(client: &Client, vault: &str, resource: &str, tags: &[(&str, &str)]) -> String {
    let mut request = client
        .start_backup_job()
        .backup_vault_name(vault)
        .resource_arn(resource)
        .iam_role_arn(ROLE);
    for (key, value) in tags {
        request = request.recovery_point_tags(*key, *value);
    }
    request
        .send()
        .await
        .expect("start backup job")
        .written_point(client)
        .await
        .expect("recovery point arn")
}

fn point_selection(vaults: &[&str]) -> RestoreTestingRecoveryPointSelection {
    RestoreTestingRecoveryPointSelection::builder()
        .algorithm(RestoreTestingRecoveryPointSelectionAlgorithm::LatestWithinWindow)
        .set_include_vaults(Some(vaults.iter().map(|v| (*v).to_owned()).collect()))
        .recovery_point_types(RestoreTestingRecoveryPointType::Snapshot)
        .build()
}

fn plan(
    name: &str,
    cron: &str,
    selection: RestoreTestingRecoveryPointSelection,
) -> RestoreTestingPlanForCreate {
    RestoreTestingPlanForCreate::builder()
        .restore_testing_plan_name(name)
        .schedule_expression(cron)
        .recovery_point_selection(selection)
        .build()
        .expect("plan")
}

async fn create_plan(client: &Client, plan: RestoreTestingPlanForCreate) -> String {
    client
        .create_restore_testing_plan()
        .restore_testing_plan(plan)
        .send()
        .await
        .expect("create restore testing plan")
        .restore_testing_plan_arn
}

fn by_arns(name: &str, resource_type: &str, arns: &[&str]) -> RestoreTestingSelectionForCreate {
    RestoreTestingSelectionForCreate::builder()
        .restore_testing_selection_name(name)
        .protected_resource_type(resource_type)
        .iam_role_arn(ROLE)
        .set_protected_resource_arns(Some(arns.iter().map(|a| (*a).to_owned()).collect()))
        .build()
        .expect("selection")
}

fn key_value(key: &str, value: &str) -> KeyValue {
    KeyValue::builder()
        .key(key)
        .value(value)
        .build()
        .expect("key value")
}

async fn select(client: &Client, plan: &str, selection: RestoreTestingSelectionForCreate) {
    client
        .create_restore_testing_selection()
        .restore_testing_plan_name(plan)
        .restore_testing_selection(selection)
        .send()
        .await
        .expect("create restore testing selection");
}

async fn jobs_of(client: &Client, plan_arn: &str) -> Vec<RestoreJobsListMember> {
    client
        .list_restore_jobs()
        .by_restore_testing_plan_arn(plan_arn)
        .send()
        .await
        .expect("list restore jobs")
        .restore_jobs()
        .to_vec()
}

/// The restore jobs of `plan_arn`, once there are `count` of them (the timer task may still be
/// firing the run when the first read arrives).
async fn wait_for_jobs(
    client: &Client,
    plan_arn: &str,
    count: usize,
) -> Vec<RestoreJobsListMember> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let jobs = jobs_of(client, plan_arn).await;
        if jobs.len() >= count || Instant::now() > deadline {
            assert_eq!(jobs.len(), count, "restore jobs: {jobs:#?}");
            return jobs;
        }
        tokio::task::yield_now().await;
    }
}

#[tokio::test]
async fn plans_are_created_with_defaults_read_updated_listed_and_deleted() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    let vault_arn = vault(&client, "tested").await;
    let created = client
        .create_restore_testing_plan()
        .restore_testing_plan(plan(
            "nightly_tests",
            "cron(0 1 ? * * *)",
            point_selection(&[&vault_arn]),
        ))
        .creator_request_id("req-1")
        .tags("team", "storage")
        .send()
        .await
        .expect("create");
    assert_eq!(created.restore_testing_plan_name(), "nightly_tests");
    let arn = created.restore_testing_plan_arn().to_owned();
    let suffix = arn
        .strip_prefix(&format!(
            "arn:aws:backup:us-east-1:{ACCOUNT}:restore-testing-plan:nightly_tests-"
        ))
        .expect("AWS's ARN form");
    assert_eq!(suffix.len(), 36, "a UUID suffix: {suffix}");

    let got = client
        .get_restore_testing_plan()
        .restore_testing_plan_name("nightly_tests")
        .send()
        .await
        .expect("get")
        .restore_testing_plan
        .expect("plan");
    assert_eq!(got.restore_testing_plan_arn(), arn);
    assert_eq!(got.schedule_expression(), "cron(0 1 ? * * *)");
    assert_eq!(got.schedule_expression_timezone(), Some("Etc/UTC"));
    assert_eq!(got.start_window_hours(), 24);
    assert_eq!(got.creator_request_id(), Some("req-1"));
    assert_eq!(got.creation_time(), created.creation_time());
    assert!(got.last_execution_time().is_none());
    let selection = got.recovery_point_selection().expect("selection");
    assert_eq!(selection.selection_window_days(), 30);
    assert_eq!(selection.include_vaults(), [vault_arn.as_str()]);
    assert!(selection.exclude_vaults().is_empty());

    // A retry with the same CreatorRequestId answers the first plan; another request for the
    // name is refused.
    let again = client
        .create_restore_testing_plan()
        .restore_testing_plan(plan(
            "nightly_tests",
            "cron(0 1 ? * * *)",
            point_selection(&["*"]),
        ))
        .creator_request_id("req-1")
        .send()
        .await
        .expect("retry");
    assert_eq!(again.restore_testing_plan_arn(), arn);
    let err = client
        .create_restore_testing_plan()
        .restore_testing_plan(plan(
            "nightly_tests",
            "cron(0 1 ? * * *)",
            point_selection(&["*"]),
        ))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("AlreadyExistsException"));

    let tags = tags_of(&client, &arn).await;
    assert_eq!(tags.get("team").map(String::as_str), Some("storage"));

    let updated = client
        .update_restore_testing_plan()
        .restore_testing_plan_name("nightly_tests")
        .restore_testing_plan(
            RestoreTestingPlanForUpdate::builder()
                .schedule_expression("cron(30 2 ? * MON *)")
                .schedule_expression_timezone("Europe/Paris")
                .start_window_hours(6)
                .recovery_point_selection(
                    RestoreTestingRecoveryPointSelection::builder()
                        .selection_window_days(7)
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .expect("update");
    assert_eq!(updated.restore_testing_plan_arn(), arn);
    let got = client
        .get_restore_testing_plan()
        .restore_testing_plan_name("nightly_tests")
        .send()
        .await
        .unwrap()
        .restore_testing_plan
        .unwrap();
    assert_eq!(got.schedule_expression(), "cron(30 2 ? * MON *)");
    assert_eq!(got.schedule_expression_timezone(), Some("Europe/Paris"));
    assert_eq!(got.start_window_hours(), 6);
    assert_eq!(got.last_update_time(), Some(updated.update_time()));
    let selection = got.recovery_point_selection().unwrap();
    assert_eq!(selection.selection_window_days(), 7);
    assert_eq!(
        selection.include_vaults(),
        [vault_arn],
        "untouched members stay"
    );

    for name in ["b_plan", "a_plan"] {
        create_plan(&client, plan(name, HOURLY, point_selection(&["*"]))).await;
    }
    let first = client
        .list_restore_testing_plans()
        .max_results(2)
        .send()
        .await
        .expect("list");
    let names: Vec<_> = first
        .restore_testing_plans()
        .iter()
        .map(|p| p.restore_testing_plan_name())
        .collect();
    assert_eq!(names, ["a_plan", "b_plan"]);
    let rest = client
        .list_restore_testing_plans()
        .max_results(2)
        .next_token(first.next_token().expect("more"))
        .send()
        .await
        .unwrap();
    assert_eq!(rest.restore_testing_plans().len(), 1);
    assert_eq!(
        rest.restore_testing_plans()[0].restore_testing_plan_arn(),
        arn
    );
    assert!(rest.next_token().is_none());

    client
        .delete_restore_testing_plan()
        .restore_testing_plan_name("nightly_tests")
        .send()
        .await
        .expect("delete");
    let err = client
        .get_restore_testing_plan()
        .restore_testing_plan_name("nightly_tests")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    let err = client
        .list_tags()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
}

#[tokio::test]
async fn invalid_plans_are_refused_and_change_nothing() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    let create = |plan: RestoreTestingPlanForCreate| {
        let client = client.clone();
        async move {
            client
                .create_restore_testing_plan()
                .restore_testing_plan(plan)
                .send()
                .await
                .unwrap_err()
        }
    };
    let err = create(plan("has-hyphen", HOURLY, point_selection(&["*"]))).await;
    assert_eq!(err.code(), Some("InvalidParameterValueException"));
    let err = create(plan("p", "rate(1 day)", point_selection(&["*"]))).await;
    assert_eq!(err.code(), Some("InvalidParameterValueException"));
    assert!(err
        .message()
        .unwrap_or_default()
        .contains("ScheduleExpression"));
    let err = create(
        RestoreTestingPlanForCreate::builder()
            .restore_testing_plan_name("p")
            .schedule_expression(HOURLY)
            .schedule_expression_timezone("Mars/Olympus")
            .recovery_point_selection(point_selection(&["*"]))
            .build()
            .unwrap(),
    )
    .await;
    assert_eq!(err.code(), Some("InvalidParameterValueException"));
    let err = create(
        RestoreTestingPlanForCreate::builder()
            .restore_testing_plan_name("p")
            .schedule_expression(HOURLY)
            .start_window_hours(169)
            .recovery_point_selection(point_selection(&["*"]))
            .build()
            .unwrap(),
    )
    .await;
    assert!(err
        .message()
        .unwrap_or_default()
        .contains("StartWindowHours"));
    let no_algorithm = RestoreTestingRecoveryPointSelection::builder()
        .include_vaults("*")
        .recovery_point_types(RestoreTestingRecoveryPointType::Snapshot)
        .build();
    let err = create(plan("p", HOURLY, no_algorithm)).await;
    assert_eq!(err.code(), Some("MissingParameterValueException"));
    let err = create(plan("p", HOURLY, point_selection(&["not-a-vault-arn"]))).await;
    assert_eq!(err.code(), Some("InvalidParameterValueException"));
    let wide = RestoreTestingRecoveryPointSelection::builder()
        .algorithm(RestoreTestingRecoveryPointSelectionAlgorithm::RandomWithinWindow)
        .include_vaults("*")
        .recovery_point_types(RestoreTestingRecoveryPointType::Continuous)
        .selection_window_days(366)
        .build();
    let err = create(plan("p", HOURLY, wide)).await;
    assert!(err
        .message()
        .unwrap_or_default()
        .contains("SelectionWindowDays"));

    let listed = client.list_restore_testing_plans().send().await.unwrap();
    assert!(listed.restore_testing_plans().is_empty());

    let err = client
        .update_restore_testing_plan()
        .restore_testing_plan_name("missing")
        .restore_testing_plan(
            RestoreTestingPlanForUpdate::builder()
                .start_window_hours(2)
                .build(),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    let err = client
        .delete_restore_testing_plan()
        .restore_testing_plan_name("missing")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    let err = client
        .list_restore_testing_plans()
        .next_token("not-a-token")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidParameterValueException"));
}

#[tokio::test]
async fn selections_are_validated_read_updated_listed_and_block_plan_deletion() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    let plan_arn = create_plan(&client, plan("weekly", HOURLY, point_selection(&["*"]))).await;

    let created = client
        .create_restore_testing_selection()
        .restore_testing_plan_name("weekly")
        .restore_testing_selection(
            RestoreTestingSelectionForCreate::builder()
                .restore_testing_selection_name("tagged_volumes")
                .protected_resource_type("EBS")
                .iam_role_arn(ROLE)
                .protected_resource_arns("*")
                .protected_resource_conditions(
                    ProtectedResourceConditions::builder()
                        .string_equals(key_value("aws:ResourceTag/env", "prod"))
                        .build(),
                )
                .restore_metadata_overrides("volumeType", "gp3")
                .validation_window_hours(4)
                .build()
                .unwrap(),
        )
        .creator_request_id("sel-1")
        .send()
        .await
        .expect("create selection");
    assert_eq!(created.restore_testing_plan_arn(), plan_arn);
    assert_eq!(created.restore_testing_selection_name(), "tagged_volumes");

    let got = client
        .get_restore_testing_selection()
        .restore_testing_plan_name("weekly")
        .restore_testing_selection_name("tagged_volumes")
        .send()
        .await
        .expect("get selection")
        .restore_testing_selection
        .expect("selection");
    assert_eq!(got.protected_resource_type(), "EBS");
    assert_eq!(got.protected_resource_arns(), ["*"]);
    assert_eq!(got.validation_window_hours(), 4);
    assert_eq!(got.creator_request_id(), Some("sel-1"));
    assert_eq!(
        got.restore_metadata_overrides()
            .and_then(|m| m.get("volumeType"))
            .map(String::as_str),
        Some("gp3")
    );
    let conditions = got.protected_resource_conditions().expect("conditions");
    assert_eq!(conditions.string_equals()[0].value(), "prod");
    assert!(conditions.string_not_equals().is_empty());

    select(&client, "weekly", by_arns("tables", "DynamoDB", &[TABLE])).await;
    let listed = client
        .list_restore_testing_selections()
        .restore_testing_plan_name("weekly")
        .max_results(1)
        .send()
        .await
        .expect("list selections");
    assert_eq!(listed.restore_testing_selections().len(), 1);
    assert_eq!(
        listed.restore_testing_selections()[0].restore_testing_selection_name(),
        "tables"
    );
    let rest = client
        .list_restore_testing_selections()
        .restore_testing_plan_name("weekly")
        .next_token(listed.next_token().expect("a second page"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        rest.restore_testing_selections()[0].restore_testing_selection_name(),
        "tagged_volumes"
    );

    // Specific ARNs replace the wildcard and its conditions.
    let updated = client
        .update_restore_testing_selection()
        .restore_testing_plan_name("weekly")
        .restore_testing_selection_name("tagged_volumes")
        .restore_testing_selection(
            RestoreTestingSelectionForUpdate::builder()
                .protected_resource_arns(VOLUME)
                .validation_window_hours(8)
                .build(),
        )
        .send()
        .await
        .expect("update selection");
    assert_eq!(updated.restore_testing_plan_arn(), plan_arn);
    let got = client
        .get_restore_testing_selection()
        .restore_testing_plan_name("weekly")
        .restore_testing_selection_name("tagged_volumes")
        .send()
        .await
        .unwrap()
        .restore_testing_selection
        .unwrap();
    assert_eq!(got.protected_resource_arns(), [VOLUME]);
    assert_eq!(got.validation_window_hours(), 8);
    assert!(got
        .protected_resource_conditions()
        .is_none_or(|c| c.string_equals().is_empty()));

    // Invalid selections.
    let refuse = |selection: RestoreTestingSelectionForCreate| {
        let client = client.clone();
        async move {
            client
                .create_restore_testing_selection()
                .restore_testing_plan_name("weekly")
                .restore_testing_selection(selection)
                .send()
                .await
                .unwrap_err()
        }
    };
    let err = refuse(by_arns("tagged_volumes", "EBS", &[VOLUME])).await;
    assert_eq!(err.code(), Some("AlreadyExistsException"));
    let err = refuse(by_arns("lambdas", "Lambda", &["*"])).await;
    assert_eq!(err.code(), Some("InvalidParameterValueException"));
    let err = refuse(by_arns("wrong_type", "EBS", &[TABLE])).await;
    assert_eq!(err.code(), Some("InvalidParameterValueException"));
    let both = RestoreTestingSelectionForCreate::builder()
        .restore_testing_selection_name("both")
        .protected_resource_type("EBS")
        .iam_role_arn(ROLE)
        .protected_resource_arns(VOLUME)
        .protected_resource_conditions(
            ProtectedResourceConditions::builder()
                .string_equals(key_value("env", "prod"))
                .build(),
        )
        .build()
        .unwrap();
    let err = refuse(both).await;
    assert_eq!(err.code(), Some("InvalidParameterValueException"));
    let mut window = by_arns("window", "EBS", &["*"]);
    window.validation_window_hours = 169;
    assert_eq!(
        refuse(window).await.code(),
        Some("InvalidParameterValueException")
    );
    let mut role = by_arns("role", "EBS", &["*"]);
    role.iam_role_arn = "not-a-role".into();
    assert_eq!(
        refuse(role).await.code(),
        Some("InvalidParameterValueException")
    );

    // Not found.
    let err = client
        .create_restore_testing_selection()
        .restore_testing_plan_name("missing")
        .restore_testing_selection(by_arns("s", "EBS", &["*"]))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    let err = client
        .get_restore_testing_selection()
        .restore_testing_plan_name("weekly")
        .restore_testing_selection_name("missing")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    let err = client
        .list_restore_testing_selections()
        .restore_testing_plan_name("missing")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    let err = client
        .delete_restore_testing_selection()
        .restore_testing_plan_name("weekly")
        .restore_testing_selection_name("missing")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ResourceNotFoundException"));

    // The plan goes only once its selections have.
    let err = client
        .delete_restore_testing_plan()
        .restore_testing_plan_name("weekly")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidRequestException"));
    for name in ["tagged_volumes", "tables"] {
        client
            .delete_restore_testing_selection()
            .restore_testing_plan_name("weekly")
            .restore_testing_selection_name(name)
            .send()
            .await
            .expect("delete selection");
    }
    client
        .delete_restore_testing_plan()
        .restore_testing_plan_name("weekly")
        .send()
        .await
        .expect("delete plan");
}

#[tokio::test]
async fn inferred_metadata_names_a_fresh_resource_of_the_points_type() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    vault(&client, "meta").await;
    let table_point = backup(&client, "meta", TABLE, &[]).await;
    let volume_point = backup(&client, "meta", VOLUME, &[]).await;

    let metadata = client
        .get_restore_testing_inferred_metadata()
        .backup_vault_name("meta")
        .recovery_point_arn(&table_point)
        .send()
        .await
        .expect("inferred metadata")
        .inferred_metadata
        .clone();
    assert!(metadata["targetTableName"].starts_with("awsbackup-restore-test-"));
    assert_eq!(metadata["deletionProtection"], "false");
    assert_eq!(metadata["encryptionType"], "Default");
    let metadata = client
        .get_restore_testing_inferred_metadata()
        .backup_vault_name("meta")
        .backup_vault_account_id(ACCOUNT)
        .recovery_point_arn(&volume_point)
        .send()
        .await
        .unwrap()
        .inferred_metadata
        .clone();
    assert!(metadata["availabilityZone"].starts_with("us-east-1"));
    assert_eq!(metadata["encrypted"], "true");

    for (vault_name, point) in [
        ("missing", table_point.clone()),
        (
            "meta",
            format!("arn:aws:backup:us-east-1:{ACCOUNT}:recovery-point:none"),
        ),
    ] {
        let err = client
            .get_restore_testing_inferred_metadata()
            .backup_vault_name(vault_name)
            .recovery_point_arn(point)
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            err.code(),
            Some("ResourceNotFoundException"),
            "{vault_name}"
        );
    }
    let err = client
        .get_restore_testing_inferred_metadata()
        .backup_vault_name("meta")
        .backup_vault_account_id("444455556666")
        .recovery_point_arn(&table_point)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
}

#[tokio::test]
async fn a_plans_cron_run_starts_restore_tests_that_complete_validate_and_clean_up() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    let vault_arn = vault(&client, "prod").await;
    let point = backup(&client, "prod", VOLUME, &[]).await;
    let table_point = backup(&client, "prod", TABLE, &[]).await;
    let plan_arn = create_plan(
        &client,
        plan("hourly_tests", HOURLY, point_selection(&[&vault_arn])),
    )
    .await;
    let mut volumes = by_arns("volumes", "EBS", &[VOLUME]);
    volumes.validation_window_hours = 1;
    volumes.restore_metadata_overrides = Some([("volumeType".to_owned(), "gp3".to_owned())].into());
    select(&client, "hourly_tests", volumes).await;
    select(
        &client,
        "hourly_tests",
        by_arns("tables", "DynamoDB", &["*"]),
    )
    .await;
    assert!(
        jobs_of(&client, &plan_arn).await.is_empty(),
        "nothing before the run"
    );

    advance_clock(&gateway, HOUR).await;
    let jobs = wait_for_jobs(&client, &plan_arn, 2).await;
    let volume_job = jobs
        .iter()
        .find(|job| job.resource_type() == Some("EBS"))
        .expect("a volume restore test");
    let table_job = jobs
        .iter()
        .find(|job| job.resource_type() == Some("DynamoDB"))
        .expect("a table restore test");
    assert_eq!(volume_job.recovery_point_arn(), Some(point.as_str()));
    assert_eq!(table_job.recovery_point_arn(), Some(table_point.as_str()));
    let job_id = volume_job.restore_job_id().expect("job id").to_owned();

    let described = client
        .describe_restore_job()
        .restore_job_id(&job_id)
        .send()
        .await
        .expect("describe");
    assert_eq!(
        described
            .created_by()
            .and_then(|c| c.restore_testing_plan_arn()),
        Some(plan_arn.as_str())
    );
    assert_eq!(described.status(), Some(&RestoreJobStatus::Completed));
    assert_eq!(described.iam_role_arn(), Some(ROLE));
    assert_eq!(described.source_resource_arn(), Some(VOLUME));
    assert!(described
        .created_resource_arn()
        .is_some_and(|arn| arn.starts_with("arn:aws:ec2:us-east-1:111122223333:volume/vol-")));
    assert!(
        described.deletion_status().is_none(),
        "inside the validation window"
    );
    let table_resource = client
        .describe_restore_job()
        .restore_job_id(table_job.restore_job_id().unwrap())
        .send()
        .await
        .unwrap()
        .created_resource_arn()
        .expect("created table")
        .to_owned();
    assert!(
        table_resource
            .starts_with("arn:aws:dynamodb:us-east-1:111122223333:table/awsbackup-restore-test-"),
        "{table_resource}"
    );
    let metadata = client
        .get_restore_job_metadata()
        .restore_job_id(&job_id)
        .send()
        .await
        .expect("job metadata")
        .metadata
        .expect("metadata");
    assert_eq!(metadata["volumeType"], "gp3");
    assert_eq!(metadata["encrypted"], "true");

    // The run is recorded, and other plans' filters do not see its jobs.
    let got = client
        .get_restore_testing_plan()
        .restore_testing_plan_name("hourly_tests")
        .send()
        .await
        .unwrap()
        .restore_testing_plan
        .unwrap();
    let executed = got.last_execution_time().expect("last execution").secs();
    assert_eq!(executed % 3600, 0, "the run's scheduled time, on the hour");
    assert!(jobs_of(&client, &format!("{plan_arn}x")).await.is_empty());

    client
        .put_restore_validation_result()
        .restore_job_id(&job_id)
        .validation_status(RestoreValidationStatus::Successful)
        .validation_status_message("volume mounted and checked")
        .send()
        .await
        .expect("put validation result");
    let validated = client
        .describe_restore_job()
        .restore_job_id(&job_id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        validated.validation_status(),
        Some(&RestoreValidationStatus::Successful)
    );
    assert_eq!(
        validated.validation_status_message(),
        Some("volume mounted and checked")
    );

    // An hour later the validation window has closed and the restored volume is deleted; the
    // table's window was 0 hours. The next hourly run has started new tests meanwhile.
    advance_clock(&gateway, HOUR).await;
    let after = client
        .describe_restore_job()
        .restore_job_id(&job_id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        after.deletion_status(),
        Some(&RestoreDeletionStatus::Successful)
    );
    assert!(after.deletion_status_message().is_some());
    let table_after = client
        .describe_restore_job()
        .restore_job_id(table_job.restore_job_id().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(
        table_after.deletion_status(),
        Some(&RestoreDeletionStatus::Successful)
    );
    wait_for_jobs(&client, &plan_arn, 4).await;
}

#[tokio::test]
async fn tag_conditions_and_excluded_vaults_narrow_what_a_run_restores() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    vault(&client, "main").await;
    let excluded = vault(&client, "excluded").await;
    let prod_point = backup(&client, "main", VOLUME, &[("env", "prod")]).await;
    backup(&client, "main", OTHER_VOLUME, &[("env", "dev")]).await;
    backup(&client, "excluded", VOLUME, &[("env", "prod")]).await;
    let selection = RestoreTestingRecoveryPointSelection::builder()
        .algorithm(RestoreTestingRecoveryPointSelectionAlgorithm::RandomWithinWindow)
        .include_vaults("*")
        .exclude_vaults(&excluded)
        .recovery_point_types(RestoreTestingRecoveryPointType::Snapshot)
        .selection_window_days(1)
        .build();
    let plan_arn = create_plan(&client, plan("tagged_tests", HOURLY, selection)).await;
    select(
        &client,
        "tagged_tests",
        RestoreTestingSelectionForCreate::builder()
            .restore_testing_selection_name("prod_volumes")
            .protected_resource_type("EBS")
            .iam_role_arn(ROLE)
            .protected_resource_arns("*")
            .protected_resource_conditions(
                ProtectedResourceConditions::builder()
                    .string_equals(key_value("aws:ResourceTag/env", "prod"))
                    .build(),
            )
            .build()
            .unwrap(),
    )
    .await;

    advance_clock(&gateway, HOUR).await;
    let jobs = wait_for_jobs(&client, &plan_arn, 1).await;
    assert_eq!(jobs[0].recovery_point_arn(), Some(prod_point.as_str()));
    assert_eq!(jobs[0].source_resource_arn(), Some(VOLUME));

    // Two days on, the points are outside the one-day window: runs restore nothing more.
    advance_clock(&gateway, 48 * HOUR).await;
    let got = client
        .get_restore_testing_plan()
        .restore_testing_plan_name("tagged_tests")
        .send()
        .await
        .unwrap()
        .restore_testing_plan
        .unwrap();
    assert!(got.last_execution_time().is_some());
    assert_eq!(jobs_of(&client, &plan_arn).await.len(), 1);
}
