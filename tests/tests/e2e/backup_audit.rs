//! AWS Backup Audit Manager end to end with aws-sdk-backup: frameworks and report plans deploying
//! over time, report jobs `CREATED → RUNNING → COMPLETED` (driven by the gateway's clock, never by
//! sleeping), report content compiled from the backup, copy and restore jobs, plans, vaults and
//! recovery points that exist, served by `GET /_floci/backup/reports/<ReportJobId>`; validation,
//! not-found errors, idempotency and pagination.

use std::fmt::Debug;

use aws_sdk_backup::error::ProvideErrorMetadata;
use aws_sdk_backup::primitives::DateTime;
use aws_sdk_backup::types::{
    BackupPlanInput, BackupRuleInput, BackupSelection, ControlInputParameter, ControlScope,
    CopyAction, FrameworkControl, Lifecycle, ReportDeliveryChannel, ReportSetting,
};
use aws_sdk_backup::Client;
use integration_tests::{
    admin_request, advance_clock, backup_client, backup_client_for, create_vault as vault,
    instant_gateway, start_gateway, tags_of, GatewayHandle, ACCOUNT,
};
use serde_json::Value;

const ROLE: &str = "arn:aws:iam::111122223333:role/AWSBackupDefaultServiceRole";
const VOLUME: &str = "arn:aws:ec2:us-east-1:111122223333:volume/vol-0123456789abcdef0";
const TABLE: &str = "arn:aws:dynamodb:us-east-1:111122223333:table/Orders";
const BUCKET: &str = "audit-reports";

/// Jobs and deployments take 10 seconds: 5 to start running, 5 more to end.
async fn ten_second_gateway() -> GatewayHandle {
    start_gateway(&[("FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS", "10")]).await
}

fn code<T: Debug, E: ProvideErrorMetadata + Debug>(result: Result<T, E>) -> String {
    result
        .expect_err("the call should fail")
        .code()
        .unwrap_or_default()
        .to_owned()
}

fn control(name: &str, parameters: &[(&str, &str)]) -> FrameworkControl {
    let mut builder = FrameworkControl::builder().control_name(name);
    for (parameter, value) in parameters {
        builder = builder.control_input_parameters(
            ControlInputParameter::builder()
                .parameter_name(*parameter)
                .parameter_value(*value)
                .build(),
        );
    }
    builder.build().expect("control")
}

async fn create_framework(client: &Client, name: &str, controls: Vec<FrameworkControl>) -> String {
    client
        .create_framework()
        .framework_name(name)
        .set_framework_controls(Some(controls))
        .send()
        .await
        .expect("create framework")
        .framework_arn()
        .expect("framework arn")
        .to_owned()
}

fn channel(formats: &[&str], prefix: Option<&str>) -> ReportDeliveryChannel {
    let mut builder = ReportDeliveryChannel::builder()
        .s3_bucket_name(BUCKET)
        .set_s3_key_prefix(prefix.map(str::to_owned));
    for format in formats {
        builder = builder.formats(*format);
    }
    builder.build().expect("channel")
}

fn setting(template: &str, frameworks: &[&str]) -> ReportSetting {
    let mut builder = ReportSetting::builder().report_template(template);
    for arn in frameworks {
        builder = builder.framework_arns(*arn);
    }
    builder.build().expect("setting")
}

async fn create_report_plan(client: &Client, name: &str, setting: ReportSetting) -> String {
    client
        .create_report_plan()
        .report_plan_name(name)
        .report_delivery_channel(channel(&["CSV", "JSON"], Some("audit")))
        .report_setting(setting)
        .send()
        .await
        .expect("create report plan")
        .report_plan_arn()
        .expect("report plan arn")
        .to_owned()
}

async fn start_report(client: &Client, plan: &str) -> String {
    client
        .start_report_job()
        .report_plan_name(plan)
        .send()
        .await
        .expect("start report job")
        .report_job_id()
        .expect("report job id")
        .to_owned()
}

async fn report_job(client: &Client, job: &str) -> aws_sdk_backup::types::ReportJob {
    client
        .describe_report_job()
        .report_job_id(job)
        .send()
        .await
        .expect("describe report job")
        .report_job()
        .cloned()
        .expect("a report job")
}

/// The admin endpoint's answer for `job`.
async fn delivered(gateway: &GatewayHandle, job: &str) -> Value {
    let (status, body) =
        admin_request(gateway, "GET", &format!("/_floci/backup/reports/{job}"), "").await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).expect("json")
}

fn items(report: &Value) -> Vec<Value> {
    report["ReportItems"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

async fn backup(client: &Client, vault: &str, resource: &str, keep_days: Option<i64>) -> String {
    let mut request = client
        .start_backup_job()
        .backup_vault_name(vault)
        .resource_arn(resource)
        .iam_role_arn(ROLE);
    if let Some(days) = keep_days {
        request = request.lifecycle(Lifecycle::builder().delete_after_days(days).build());
    }
    request
        .send()
        .await
        .expect("start backup job")
        .backup_job_id()
        .expect("backup job id")
        .to_owned()
}

fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && groups
            .iter()
            .all(|g| g.chars().all(|c| c.is_ascii_hexdigit()))
}

#[tokio::test]
async fn a_framework_deploys_over_time_and_reads_back_as_created() {
    let gateway = ten_second_gateway().await;
    let client = backup_client(&gateway).await;
    let scoped = FrameworkControl::builder()
        .control_name("BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK")
        .control_input_parameters(
            ControlInputParameter::builder()
                .parameter_name("requiredRetentionDays")
                .parameter_value("35")
                .build(),
        )
        .control_scope(
            ControlScope::builder()
                .compliance_resource_types("EBS")
                .tags("team", "storage")
                .build(),
        )
        .build()
        .unwrap();
    let created = client
        .create_framework()
        .framework_name("Daily_Checks")
        .framework_description("What we promised the auditors")
        .framework_controls(scoped.clone())
        .framework_controls(control("BACKUP_RECOVERY_POINT_ENCRYPTED", &[]))
        .idempotency_token("create-daily-checks")
        .framework_tags("owner", "audit")
        .send()
        .await
        .unwrap();
    let arn = created.framework_arn().unwrap().to_owned();
    assert_eq!(created.framework_name(), Some("Daily_Checks"));
    let id = arn
        .strip_prefix("arn:aws:backup:us-east-1:111122223333:framework:Daily_Checks-")
        .expect(&arn);
    assert!(is_uuid(id), "{arn}");

    let described = client
        .describe_framework()
        .framework_name("Daily_Checks")
        .send()
        .await
        .unwrap();
    assert_eq!(described.framework_arn(), Some(arn.as_str()));
    assert_eq!(described.deployment_status(), Some("CREATE_IN_PROGRESS"));
    assert_eq!(described.framework_status(), Some("ACTIVE"));
    assert_eq!(described.idempotency_token(), Some("create-daily-checks"));
    assert_eq!(
        described.framework_description(),
        Some("What we promised the auditors")
    );
    assert!(described.creation_time().is_some());
    let controls = described.framework_controls();
    assert_eq!(controls.len(), 2);
    assert_eq!(controls[0], scoped);

    // The same request again answers the first call; any other is refused.
    let replay = client
        .create_framework()
        .framework_name("Daily_Checks")
        .framework_controls(control("BACKUP_RECOVERY_POINT_ENCRYPTED", &[]))
        .idempotency_token("create-daily-checks")
        .send()
        .await
        .unwrap();
    assert_eq!(replay.framework_arn(), Some(arn.as_str()));

    // Nothing changes while the deployment runs.
    let update = client
        .update_framework()
        .framework_name("Daily_Checks")
        .framework_description("changed")
        .send()
        .await;
    assert_eq!(code(update), "ConflictException");
    let delete = client
        .delete_framework()
        .framework_name("Daily_Checks")
        .send()
        .await;
    assert_eq!(code(delete), "ConflictException");

    advance_clock(&gateway, 10).await;
    let status = |client: Client| async move {
        client
            .describe_framework()
            .framework_name("Daily_Checks")
            .send()
            .await
            .unwrap()
            .deployment_status()
            .map(str::to_owned)
    };
    assert_eq!(status(client.clone()).await.as_deref(), Some("COMPLETED"));

    let updated = client
        .update_framework()
        .framework_name("Daily_Checks")
        .framework_controls(control(
            "BACKUP_LAST_RECOVERY_POINT_CREATED",
            &[
                ("recoveryPointAgeUnit", "hours"),
                ("recoveryPointAgeValue", "12"),
            ],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(updated.framework_arn(), Some(arn.as_str()));
    assert_eq!(updated.creation_time(), described.creation_time());
    assert_eq!(
        status(client.clone()).await.as_deref(),
        Some("UPDATE_IN_PROGRESS")
    );
    advance_clock(&gateway, 10).await;
    let after = client
        .describe_framework()
        .framework_name("Daily_Checks")
        .send()
        .await
        .unwrap();
    assert_eq!(after.deployment_status(), Some("COMPLETED"));
    assert_eq!(after.framework_controls().len(), 1);
    assert_eq!(
        after.framework_description(),
        Some("What we promised the auditors")
    );

    let tags = tags_of(&client, &arn).await;
    assert_eq!(tags.get("owner").map(String::as_str), Some("audit"));
    client
        .tag_resource()
        .resource_arn(&arn)
        .tags("env", "prod")
        .send()
        .await
        .unwrap();

    client
        .delete_framework()
        .framework_name("Daily_Checks")
        .send()
        .await
        .unwrap();
    let gone = client
        .describe_framework()
        .framework_name("Daily_Checks")
        .send()
        .await;
    assert_eq!(code(gone), "ResourceNotFoundException");
    let tags = client.list_tags().resource_arn(&arn).send().await;
    assert_eq!(code(tags), "ResourceNotFoundException");
}

#[tokio::test]
async fn frameworks_refuse_unknown_controls_bad_parameters_and_duplicates() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    let create = |name: &'static str, controls: Vec<FrameworkControl>| {
        let client = client.clone();
        async move {
            client
                .create_framework()
                .framework_name(name)
                .set_framework_controls(Some(controls))
                .send()
                .await
        }
    };
    for controls in [
        vec![control("BACKUP_EVERYTHING_ALWAYS", &[])],
        vec![control(
            "BACKUP_RECOVERY_POINT_ENCRYPTED",
            &[("requiredRetentionDays", "35")],
        )],
        vec![control(
            "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
            &[("requiredRetentionDays", "zero")],
        )],
        vec![control(
            "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
            &[("requiredFrequencyUnit", "fortnights")],
        )],
        vec![control(
            "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK",
            &[("minRetentionDays", "90"), ("maxRetentionDays", "30")],
        )],
        vec![],
    ] {
        let result = create("Refused", controls.clone()).await;
        assert_eq!(
            code(result),
            "InvalidParameterValueException",
            "{controls:?}"
        );
    }
    // The model's name pattern is checked before the handler runs.
    let bad_name = create(
        "bad-name",
        vec![control("BACKUP_RECOVERY_POINT_ENCRYPTED", &[])],
    )
    .await;
    assert_eq!(code(bad_name), "InvalidParameterValueException");

    create_framework(
        &client,
        "First",
        vec![control("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN", &[])],
    )
    .await;
    let same_name = create(
        "First",
        vec![control("BACKUP_RECOVERY_POINT_ENCRYPTED", &[])],
    )
    .await;
    assert_eq!(code(same_name), "AlreadyExistsException");
    // AWS refuses a framework with the same controls and parameters as another.
    let twin = create(
        "Twin",
        vec![control("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN", &[])],
    )
    .await;
    let error = twin.expect_err("duplicate controls");
    assert_eq!(error.code(), Some("AlreadyExistsException"));
    assert!(
        error
            .message()
            .unwrap_or_default()
            .contains("Controls in framework Twin"),
        "{error:?}"
    );
    let listed = client.list_frameworks().send().await.unwrap();
    assert_eq!(listed.frameworks().len(), 1);

    for result in [
        code(
            client
                .describe_framework()
                .framework_name("Missing")
                .send()
                .await,
        ),
        code(
            client
                .update_framework()
                .framework_name("Missing")
                .send()
                .await,
        ),
        code(
            client
                .delete_framework()
                .framework_name("Missing")
                .send()
                .await,
        ),
    ] {
        assert_eq!(result, "ResourceNotFoundException");
    }
    // Another Region has its own frameworks.
    let west = backup_client_for(&gateway, "us-west-2", ACCOUNT).await;
    let elsewhere = west
        .describe_framework()
        .framework_name("First")
        .send()
        .await;
    assert_eq!(code(elsewhere), "ResourceNotFoundException");
}

#[tokio::test]
async fn list_frameworks_pages_in_name_order_with_control_counts() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    create_framework(
        &client,
        "Charlie",
        vec![control("BACKUP_RECOVERY_POINT_ENCRYPTED", &[])],
    )
    .await;
    create_framework(
        &client,
        "Alpha",
        vec![
            control("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN", &[]),
            control("BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED", &[]),
        ],
    )
    .await;
    create_framework(
        &client,
        "Bravo",
        vec![control(
            "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION",
            &[("crossRegionList", "eu-west-1")],
        )],
    )
    .await;
    let first = client
        .list_frameworks()
        .max_results(2)
        .send()
        .await
        .unwrap();
    let names: Vec<_> = first
        .frameworks()
        .iter()
        .map(|f| f.framework_name().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(names, ["Alpha", "Bravo"]);
    assert_eq!(first.frameworks()[0].number_of_controls(), 2);
    assert_eq!(first.frameworks()[0].deployment_status(), Some("COMPLETED"));
    let token = first.next_token().expect("a next page").to_owned();
    let second = client
        .list_frameworks()
        .max_results(2)
        .next_token(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(second.frameworks().len(), 1);
    assert_eq!(second.frameworks()[0].framework_name(), Some("Charlie"));
    assert_eq!(second.next_token(), None);
    let bad = client.list_frameworks().next_token("garbage").send().await;
    assert_eq!(code(bad), "InvalidParameterValueException");
}

#[tokio::test]
async fn report_plans_validate_their_settings_and_read_back() {
    let gateway = ten_second_gateway().await;
    let client = backup_client(&gateway).await;
    let created = client
        .create_report_plan()
        .report_plan_name("Daily_Jobs")
        .report_plan_description("Backup jobs of the day")
        .report_delivery_channel(channel(&[], Some("audit/")))
        .report_setting(
            ReportSetting::builder()
                .report_template("BACKUP_JOB_REPORT")
                .regions("us-east-1")
                .build()
                .unwrap(),
        )
        .report_plan_tags("team", "storage")
        .send()
        .await
        .unwrap();
    let arn = created.report_plan_arn().unwrap().to_owned();
    let id = arn
        .strip_prefix("arn:aws:backup:us-east-1:111122223333:report-plan:Daily_Jobs-")
        .expect(&arn);
    assert!(is_uuid(id), "{arn}");
    assert!(created.creation_time().is_some());

    let plan = client
        .describe_report_plan()
        .report_plan_name("Daily_Jobs")
        .send()
        .await
        .unwrap()
        .report_plan()
        .cloned()
        .unwrap();
    assert_eq!(plan.report_plan_arn(), Some(arn.as_str()));
    assert_eq!(plan.deployment_status(), Some("CREATE_IN_PROGRESS"));
    assert_eq!(
        plan.report_plan_description(),
        Some("Backup jobs of the day")
    );
    let delivery = plan.report_delivery_channel().unwrap();
    assert_eq!(delivery.s3_bucket_name(), BUCKET);
    assert_eq!(delivery.s3_key_prefix(), Some("audit/"));
    assert_eq!(delivery.formats(), ["CSV"], "CSV is the default format");
    let report_setting = plan.report_setting().unwrap();
    assert_eq!(report_setting.report_template(), "BACKUP_JOB_REPORT");
    assert_eq!(report_setting.number_of_frameworks(), 0);
    assert_eq!(report_setting.regions(), ["us-east-1"]);
    assert!(plan.last_attempted_execution_time().is_none());

    let busy = client
        .update_report_plan()
        .report_plan_name("Daily_Jobs")
        .report_plan_description("changed")
        .send()
        .await;
    assert_eq!(code(busy), "ConflictException");
    advance_clock(&gateway, 10).await;
    client
        .update_report_plan()
        .report_plan_name("Daily_Jobs")
        .report_delivery_channel(channel(&["JSON"], None))
        .report_setting(setting("RESTORE_JOB_REPORT", &[]))
        .send()
        .await
        .unwrap();
    let plan = client
        .describe_report_plan()
        .report_plan_name("Daily_Jobs")
        .send()
        .await
        .unwrap()
        .report_plan()
        .cloned()
        .unwrap();
    assert_eq!(plan.deployment_status(), Some("UPDATE_IN_PROGRESS"));
    assert_eq!(
        plan.report_setting().map(|s| s.report_template()),
        Some("RESTORE_JOB_REPORT")
    );
    assert_eq!(plan.report_delivery_channel().unwrap().formats(), ["JSON"]);
    assert_eq!(
        plan.report_plan_description(),
        Some("Backup jobs of the day")
    );

    let create = |name: &'static str, channel: ReportDeliveryChannel, setting: ReportSetting| {
        let client = client.clone();
        async move {
            client
                .create_report_plan()
                .report_plan_name(name)
                .report_delivery_channel(channel)
                .report_setting(setting)
                .send()
                .await
        }
    };
    let unknown_template = create("Bad", channel(&[], None), setting("EVERYTHING_REPORT", &[]));
    assert_eq!(
        code(unknown_template.await),
        "InvalidParameterValueException"
    );
    let unknown_format = create(
        "Bad",
        channel(&["XML"], None),
        setting("BACKUP_JOB_REPORT", &[]),
    );
    assert_eq!(code(unknown_format.await), "InvalidParameterValueException");
    let bad_bucket = create(
        "Bad",
        ReportDeliveryChannel::builder()
            .s3_bucket_name("Not_A_Bucket")
            .build()
            .unwrap(),
        setting("BACKUP_JOB_REPORT", &[]),
    );
    assert_eq!(code(bad_bucket.await), "InvalidParameterValueException");
    let no_frameworks = create(
        "Bad",
        channel(&[], None),
        setting("CONTROL_COMPLIANCE_REPORT", &[]),
    );
    assert_eq!(code(no_frameworks.await), "MissingParameterValueException");
    let missing_framework = create(
        "Bad",
        channel(&[], None),
        setting(
            "RESOURCE_COMPLIANCE_REPORT",
            &["arn:aws:backup:us-east-1:111122223333:framework:Nope-8a3c1f6e-1111-4222-8333-944455556666"],
        ),
    );
    assert_eq!(
        code(missing_framework.await),
        "InvalidParameterValueException"
    );
    let taken = create(
        "Daily_Jobs",
        channel(&[], None),
        setting("BACKUP_JOB_REPORT", &[]),
    );
    assert_eq!(code(taken.await), "AlreadyExistsException");
    let plans = client.list_report_plans().send().await.unwrap();
    assert_eq!(plans.report_plans().len(), 1);

    for result in [
        code(
            client
                .describe_report_plan()
                .report_plan_name("Missing")
                .send()
                .await,
        ),
        code(
            client
                .update_report_plan()
                .report_plan_name("Missing")
                .send()
                .await,
        ),
        code(
            client
                .delete_report_plan()
                .report_plan_name("Missing")
                .send()
                .await,
        ),
        code(
            client
                .start_report_job()
                .report_plan_name("Missing")
                .send()
                .await,
        ),
    ] {
        assert_eq!(result, "ResourceNotFoundException");
    }

    advance_clock(&gateway, 10).await;
    for name in ["Weekly_Copies", "Monthly_Restores"] {
        create(name, channel(&[], None), setting("COPY_JOB_REPORT", &[]))
            .await
            .unwrap();
    }
    let first = client
        .list_report_plans()
        .max_results(2)
        .send()
        .await
        .unwrap();
    let names: Vec<_> = first
        .report_plans()
        .iter()
        .map(|p| p.report_plan_name().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(names, ["Daily_Jobs", "Monthly_Restores"]);
    let second = client
        .list_report_plans()
        .max_results(2)
        .next_token(first.next_token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(second.report_plans().len(), 1);
    assert_eq!(second.next_token(), None);

    client
        .delete_report_plan()
        .report_plan_name("Daily_Jobs")
        .send()
        .await
        .unwrap();
    let tags = client.list_tags().resource_arn(&arn).send().await;
    assert_eq!(code(tags), "ResourceNotFoundException");
}

#[tokio::test]
async fn a_backup_job_report_lists_the_jobs_of_the_last_day_once_it_completes() {
    let gateway = ten_second_gateway().await;
    let client = backup_client(&gateway).await;
    vault(&client, "reports").await;
    let old_job = backup(&client, "reports", TABLE, None).await;
    // A call after each move of the clock applies what came due, so the old job ends at its own
    // time, two days before the report.
    advance_clock(&gateway, 10).await;
    client.list_backup_jobs().send().await.unwrap();
    advance_clock(&gateway, 2 * 86_400).await;
    let recent = backup(&client, "reports", VOLUME, Some(35)).await;
    advance_clock(&gateway, 10).await;
    let running = backup(&client, "reports", TABLE, None).await;
    let plan_arn = create_report_plan(&client, "Jobs", setting("BACKUP_JOB_REPORT", &[])).await;

    let job = start_report(&client, "Jobs").await;
    let created = report_job(&client, &job).await;
    assert_eq!(created.status(), Some("CREATED"));
    assert_eq!(created.report_plan_arn(), Some(plan_arn.as_str()));
    assert_eq!(created.report_template(), Some("BACKUP_JOB_REPORT"));
    assert!(created.creation_time().is_some());
    assert!(created.completion_time().is_none());
    assert!(created.report_destination().is_none());
    let nothing_yet = delivered(&gateway, &job).await;
    assert_eq!(nothing_yet["Status"], "CREATED");
    assert_eq!(nothing_yet["Files"], serde_json::json!([]));

    advance_clock(&gateway, 5).await;
    assert_eq!(report_job(&client, &job).await.status(), Some("RUNNING"));
    advance_clock(&gateway, 5).await;
    let done = report_job(&client, &job).await;
    assert_eq!(done.status(), Some("COMPLETED"));
    assert!(done.completion_time().is_some());
    let destination = done.report_destination().expect("a destination");
    assert_eq!(destination.s3_bucket_name(), Some(BUCKET));
    let keys = destination.s3_keys();
    assert_eq!(keys.len(), 2);
    let date = done
        .completion_time()
        .unwrap()
        .fmt(aws_sdk_backup::primitives::DateTimeFormat::DateTime)
        .unwrap();
    let (day, _) = date.split_once('T').unwrap();
    let folder = format!(
        "audit/Backup/{ACCOUNT}/us-east-1/{}/Jobs/{job}",
        day.replace('-', "/")
    );
    assert_eq!(keys, [format!("{folder}.csv"), format!("{folder}.json")]);

    let report = delivered(&gateway, &job).await;
    assert_eq!(report["Status"], "COMPLETED");
    let rows = items(&report);
    let ids: Vec<&str> = rows
        .iter()
        .filter_map(|row| row["backupJobId"].as_str())
        .collect();
    assert_eq!(ids, [recent.as_str(), running.as_str()]);
    assert!(!ids.contains(&old_job.as_str()), "older than a day");
    assert_eq!(rows[0]["jobStatus"], "COMPLETED");
    assert_eq!(rows[0]["resourceArn"], VOLUME);
    assert_eq!(rows[0]["deleteAfterDays"], 35);
    assert_eq!(rows[0]["accountId"], ACCOUNT);
    assert_eq!(rows[0]["region"], "us-east-1");
    assert_eq!(rows[0]["jobRunTime"], "00:00:10");
    assert_eq!(rows[1]["jobStatus"], "CREATED");
    let files = report["Files"].as_array().unwrap();
    assert_eq!(files[0]["S3Key"], keys[0].as_str());
    let csv = files[0]["Content"].as_str().unwrap();
    assert!(
        csv.starts_with("reportTimePeriodStart,reportTimePeriodEnd,accountId,region,backupJobId,")
    );
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(csv.contains(&recent));
    let json: Value = serde_json::from_str(files[1]["Content"].as_str().unwrap()).unwrap();
    assert_eq!(json["reportItems"].as_array().map(Vec::len), Some(2));

    let plan = client
        .describe_report_plan()
        .report_plan_name("Jobs")
        .send()
        .await
        .unwrap()
        .report_plan()
        .cloned()
        .unwrap();
    assert_eq!(plan.last_attempted_execution_time(), done.creation_time());
    assert_eq!(
        plan.last_successful_execution_time(),
        done.completion_time()
    );
}

#[tokio::test]
async fn restore_and_copy_reports_list_the_jobs_that_ran() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    vault(&client, "source").await;
    let west = backup_client_for(&gateway, "us-west-2", ACCOUNT).await;
    let destination = vault(&west, "copies").await;
    backup(&client, "source", VOLUME, None).await;
    let point = client
        .list_recovery_points_by_backup_vault()
        .backup_vault_name("source")
        .send()
        .await
        .unwrap()
        .recovery_points()[0]
        .recovery_point_arn()
        .unwrap()
        .to_owned();
    let restore = client
        .start_restore_job()
        .recovery_point_arn(&point)
        .iam_role_arn(ROLE)
        .metadata("availabilityZone", "us-east-1a")
        .send()
        .await
        .unwrap()
        .restore_job_id()
        .unwrap()
        .to_owned();
    let copy = client
        .start_copy_job()
        .source_backup_vault_name("source")
        .recovery_point_arn(&point)
        .destination_backup_vault_arn(&destination)
        .iam_role_arn(ROLE)
        .send()
        .await
        .unwrap()
        .copy_job_id()
        .unwrap()
        .to_owned();

    create_report_plan(&client, "Restores", setting("RESTORE_JOB_REPORT", &[])).await;
    create_report_plan(&client, "Copies", setting("COPY_JOB_REPORT", &[])).await;
    let restores = delivered(&gateway, &start_report(&client, "Restores").await).await;
    let rows = items(&restores);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["restoreJobId"], restore.as_str());
    assert_eq!(rows[0]["jobStatus"], "COMPLETED");
    assert_eq!(rows[0]["sourceResourceArn"], VOLUME);
    assert!(rows[0]["createdResourceArn"]
        .as_str()
        .is_some_and(|arn| arn.starts_with("arn:aws:ec2:us-east-1:111122223333:volume/vol-")));

    let copies = delivered(&gateway, &start_report(&client, "Copies").await).await;
    let rows = items(&copies);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["copyJobId"], copy.as_str());
    assert_eq!(rows[0]["sourceRecoveryPointArn"], point.as_str());
    assert_eq!(rows[0]["destinationBackupVaultArn"], destination.as_str());

    // A report over every Region reads the other Region's jobs too.
    backup(
        &west,
        "copies",
        "arn:aws:ec2:us-west-2:111122223333:volume/vol-0aaaaaaaaaaaaaaaa",
        None,
    )
    .await;
    client
        .create_report_plan()
        .report_plan_name("Everywhere")
        .report_delivery_channel(channel(&["JSON"], None))
        .report_setting(
            ReportSetting::builder()
                .report_template("BACKUP_JOB_REPORT")
                .regions("*")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let everywhere = delivered(&gateway, &start_report(&client, "Everywhere").await).await;
    let mut regions: Vec<String> = items(&everywhere)
        .iter()
        .map(|row| row["region"].as_str().unwrap_or_default().to_owned())
        .collect();
    regions.sort();
    assert_eq!(regions, ["us-east-1", "us-west-2"]);
}

/// Plan "protected" backs up `VOLUME` daily into the locked vault, keeping points 35 days, and
/// copies them to us-west-2; `TABLE` is backed up by hand, kept 7 days, in no plan.
async fn compliance_estate(client: &Client, west: &Client) -> String {
    vault(client, "locked").await;
    vault(client, "open").await;
    let copies = vault(west, "copies").await;
    client
        .put_backup_vault_lock_configuration()
        .backup_vault_name("locked")
        .min_retention_days(7)
        .max_retention_days(365)
        .send()
        .await
        .unwrap();
    client
        .put_backup_vault_access_policy()
        .backup_vault_name("locked")
        .policy(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"backup:DeleteRecoveryPoint","Resource":"*"}]}"#,
        )
        .send()
        .await
        .unwrap();
    let rule = BackupRuleInput::builder()
        .rule_name("daily")
        .target_backup_vault_name("locked")
        .schedule_expression("cron(0 5 ? * * *)")
        .lifecycle(Lifecycle::builder().delete_after_days(35).build())
        .copy_actions(
            CopyAction::builder()
                .destination_backup_vault_arn(&copies)
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    let plan_id = client
        .create_backup_plan()
        .backup_plan(
            BackupPlanInput::builder()
                .backup_plan_name("protected")
                .rules(rule)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .backup_plan_id()
        .unwrap()
        .to_owned();
    client
        .create_backup_selection()
        .backup_plan_id(&plan_id)
        .backup_selection(
            BackupSelection::builder()
                .selection_name("volume")
                .iam_role_arn(ROLE)
                .resources(VOLUME)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    backup(client, "locked", VOLUME, Some(35)).await;
    backup(client, "open", TABLE, Some(7)).await;
    plan_id
}

fn compliance_controls() -> Vec<FrameworkControl> {
    vec![
        control("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN", &[]),
        control(
            "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
            &[("requiredRetentionDays", "30")],
        ),
        control("BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK", &[]),
        control("BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED", &[]),
        control(
            "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION",
            &[("crossRegionList", "us-west-2")],
        ),
        control(
            "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK",
            &[("minRetentionDays", "7")],
        ),
        control("BACKUP_RECOVERY_POINT_ENCRYPTED", &[]),
    ]
}

fn control_status(rows: &[Value], name: &str) -> (String, u64, u64) {
    let row = rows
        .iter()
        .find(|row| row["controlName"] == name)
        .unwrap_or_else(|| panic!("no row for {name} in {rows:?}"));
    (
        row["controlComplianceStatus"].as_str().unwrap().to_owned(),
        row["numResourcesCompliant"].as_u64().unwrap(),
        row["numResourcesNonCompliant"].as_u64().unwrap(),
    )
}

#[tokio::test]
async fn compliance_reports_evaluate_the_plans_vaults_and_recovery_points_that_exist() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    let west = backup_client_for(&gateway, "us-west-2", ACCOUNT).await;
    let plan_id = compliance_estate(&client, &west).await;
    let framework = create_framework(&client, "Estate", compliance_controls()).await;
    create_report_plan(
        &client,
        "Controls",
        setting("CONTROL_COMPLIANCE_REPORT", &[&framework]),
    )
    .await;
    create_report_plan(
        &client,
        "Resources",
        setting("RESOURCE_COMPLIANCE_REPORT", &[&framework]),
    )
    .await;
    let plan = client
        .describe_report_plan()
        .report_plan_name("Controls")
        .send()
        .await
        .unwrap()
        .report_plan()
        .cloned()
        .unwrap();
    assert_eq!(plan.report_setting().unwrap().number_of_frameworks(), 1);
    assert_eq!(
        plan.report_setting().unwrap().framework_arns(),
        [framework.as_str()]
    );

    let report = delivered(&gateway, &start_report(&client, "Controls").await).await;
    let rows = items(&report);
    assert_eq!(rows.len(), 7);
    assert_eq!(rows[0]["frameworkName"], "Estate");
    // VOLUME is in the plan, TABLE is not.
    assert_eq!(
        control_status(&rows, "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN"),
        ("NON_COMPLIANT".to_owned(), 1, 1)
    );
    // The TABLE point is kept 7 days, under the 30 required.
    assert_eq!(
        control_status(&rows, "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK"),
        ("NON_COMPLIANT".to_owned(), 1, 1)
    );
    // A daily rule keeping points 35 days meets the defaults (1 day, 35 days).
    assert_eq!(
        control_status(&rows, "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK"),
        ("COMPLIANT".to_owned(), 1, 0)
    );
    // "locked" denies deletion to everyone, "open" does not.
    assert_eq!(
        control_status(&rows, "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED"),
        ("NON_COMPLIANT".to_owned(), 1, 1)
    );
    assert_eq!(
        control_status(&rows, "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION"),
        ("NON_COMPLIANT".to_owned(), 1, 1)
    );
    assert_eq!(
        control_status(&rows, "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK"),
        ("NON_COMPLIANT".to_owned(), 1, 1)
    );
    assert_eq!(
        control_status(&rows, "BACKUP_RECOVERY_POINT_ENCRYPTED"),
        ("COMPLIANT".to_owned(), 2, 0)
    );
    let parameters: Value = serde_json::from_str(
        rows.iter()
            .find(|row| row["controlName"] == "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK")
            .unwrap()["controlParameters"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        parameters,
        serde_json::json!({
            "requiredFrequencyUnit": "days",
            "requiredFrequencyValue": "1",
            "requiredRetentionDays": "35",
        })
    );

    let resources = delivered(&gateway, &start_report(&client, "Resources").await).await;
    let rows = items(&resources);
    let status_of = |control: &str, resource: &str| {
        rows.iter()
            .find(|row| row["controlName"] == control && row["resourceId"] == resource)
            .map(|row| row["resourceComplianceStatus"].as_str().unwrap().to_owned())
    };
    let volume = "AWS::EC2::Volume/vol-0123456789abcdef0";
    let table = "AWS::DynamoDB::Table/Orders";
    let protected = "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN";
    assert_eq!(status_of(protected, volume).as_deref(), Some("COMPLIANT"));
    assert_eq!(
        status_of(protected, table).as_deref(),
        Some("NON_COMPLIANT")
    );
    assert_eq!(
        status_of(
            "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
            &format!("AWS::Backup::BackupPlan/{plan_id}")
        )
        .as_deref(),
        Some("COMPLIANT")
    );
    assert_eq!(
        status_of(
            "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED",
            "AWS::Backup::BackupVault/open"
        )
        .as_deref(),
        Some("NON_COMPLIANT")
    );
    let row = rows.iter().find(|row| row["resourceId"] == volume).unwrap();
    assert_eq!(row["resourceType"], "AWS::EC2::Volume");

    // Bringing TABLE into the plan makes the next report compliant for it.
    client
        .create_backup_selection()
        .backup_plan_id(&plan_id)
        .backup_selection(
            BackupSelection::builder()
                .selection_name("table")
                .iam_role_arn(ROLE)
                .resources(TABLE)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let again = delivered(&gateway, &start_report(&client, "Controls").await).await;
    assert_eq!(
        control_status(&items(&again), "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN"),
        ("COMPLIANT".to_owned(), 2, 0)
    );
    assert_eq!(
        control_status(&items(&again), "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION"),
        ("COMPLIANT".to_owned(), 2, 0)
    );
}

#[tokio::test]
async fn a_report_plan_outlives_its_deleted_framework_and_its_reports_then_fail() {
    let gateway = instant_gateway().await;
    let client = backup_client(&gateway).await;
    let framework = create_framework(
        &client,
        "Short_Lived",
        vec![control("BACKUP_RECOVERY_POINT_ENCRYPTED", &[])],
    )
    .await;
    create_report_plan(
        &client,
        "Compliance",
        setting("CONTROL_COMPLIANCE_REPORT", &[&framework]),
    )
    .await;
    let first = start_report(&client, "Compliance").await;
    assert_eq!(
        report_job(&client, &first).await.status(),
        Some("COMPLETED")
    );

    // AWS lets the framework go; the plan keeps naming it.
    client
        .delete_framework()
        .framework_name("Short_Lived")
        .send()
        .await
        .unwrap();
    let plan = client
        .describe_report_plan()
        .report_plan_name("Compliance")
        .send()
        .await
        .unwrap()
        .report_plan()
        .cloned()
        .unwrap();
    assert_eq!(
        plan.report_setting().unwrap().framework_arns(),
        [framework.as_str()]
    );

    let failed = start_report(&client, "Compliance").await;
    let job = report_job(&client, &failed).await;
    assert_eq!(job.status(), Some("FAILED"));
    assert!(
        job.status_message()
            .unwrap_or_default()
            .contains(&framework),
        "{job:?}"
    );
    assert!(job.report_destination().is_none());
    let report = delivered(&gateway, &failed).await;
    assert_eq!(report["Files"], serde_json::json!([]));
    let failures = client
        .list_report_jobs()
        .by_status("FAILED")
        .send()
        .await
        .unwrap();
    assert_eq!(failures.report_jobs().len(), 1);
    assert_eq!(
        failures.report_jobs()[0].report_job_id(),
        Some(failed.as_str())
    );
    let plan = client
        .describe_report_plan()
        .report_plan_name("Compliance")
        .send()
        .await
        .unwrap()
        .report_plan()
        .cloned()
        .unwrap();
    assert_eq!(
        plan.last_attempted_execution_time(),
        job.creation_time(),
        "the failed job was the latest attempt"
    );
    assert!(plan.last_successful_execution_time().is_some());

    // The plan cannot be pointed at the missing framework again.
    let update = client
        .update_report_plan()
        .report_plan_name("Compliance")
        .report_setting(setting("RESOURCE_COMPLIANCE_REPORT", &[&framework]))
        .send()
        .await;
    assert_eq!(code(update), "InvalidParameterValueException");
}

#[tokio::test]
async fn report_jobs_list_by_plan_status_and_time_page_and_survive_their_plan() {
    let gateway = ten_second_gateway().await;
    let client = backup_client(&gateway).await;
    create_report_plan(&client, "Alpha", setting("BACKUP_JOB_REPORT", &[])).await;
    create_report_plan(&client, "Beta", setting("COPY_JOB_REPORT", &[])).await;
    let early = start_report(&client, "Alpha").await;
    advance_clock(&gateway, 60).await;
    let middle = start_report(&client, "Beta").await;
    advance_clock(&gateway, 60).await;
    let cutoff = DateTime::from_secs(
        report_job(&client, &middle)
            .await
            .creation_time()
            .unwrap()
            .secs()
            + 30,
    );
    let retried = client
        .start_report_job()
        .report_plan_name("Alpha")
        .idempotency_token("nightly-run")
        .send()
        .await
        .unwrap()
        .report_job_id()
        .unwrap()
        .to_owned();
    let replay = client
        .start_report_job()
        .report_plan_name("Alpha")
        .idempotency_token("nightly-run")
        .send()
        .await
        .unwrap();
    assert_eq!(replay.report_job_id(), Some(retried.as_str()));

    let ids = |jobs: &[aws_sdk_backup::types::ReportJob]| -> Vec<String> {
        jobs.iter()
            .map(|job| job.report_job_id().unwrap_or_default().to_owned())
            .collect()
    };
    let all = client.list_report_jobs().send().await.unwrap();
    assert_eq!(
        ids(all.report_jobs()),
        [retried.as_str(), middle.as_str(), early.as_str()]
    );
    let alpha = client
        .list_report_jobs()
        .by_report_plan_name("Alpha")
        .send()
        .await
        .unwrap();
    assert_eq!(ids(alpha.report_jobs()), [retried.as_str(), early.as_str()]);
    let created = client
        .list_report_jobs()
        .by_status("CREATED")
        .send()
        .await
        .unwrap();
    assert_eq!(ids(created.report_jobs()), [retried.as_str()]);
    let completed = client
        .list_report_jobs()
        .by_status("COMPLETED")
        .send()
        .await
        .unwrap();
    assert_eq!(
        ids(completed.report_jobs()),
        [middle.as_str(), early.as_str()]
    );
    let after = client
        .list_report_jobs()
        .by_creation_after(cutoff)
        .send()
        .await
        .unwrap();
    assert_eq!(ids(after.report_jobs()), [retried.as_str()]);
    let before = client
        .list_report_jobs()
        .by_creation_before(cutoff)
        .send()
        .await
        .unwrap();
    assert_eq!(ids(before.report_jobs()), [middle.as_str(), early.as_str()]);

    let first = client
        .list_report_jobs()
        .max_results(2)
        .send()
        .await
        .unwrap();
    assert_eq!(
        ids(first.report_jobs()),
        [retried.as_str(), middle.as_str()]
    );
    let second = client
        .list_report_jobs()
        .max_results(2)
        .next_token(first.next_token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(ids(second.report_jobs()), [early.as_str()]);
    assert_eq!(second.next_token(), None);

    let bad_status = client.list_report_jobs().by_status("DONE").send().await;
    assert_eq!(code(bad_status), "InvalidParameterValueException");
    let unknown_plan = client
        .list_report_jobs()
        .by_report_plan_name("Gamma")
        .send()
        .await;
    assert_eq!(code(unknown_plan), "ResourceNotFoundException");
    let unknown_job = client
        .describe_report_job()
        .report_job_id("00000000-0000-0000-0000-000000000000")
        .send()
        .await;
    assert_eq!(code(unknown_job), "ResourceNotFoundException");
    let (status, _) = admin_request(
        &gateway,
        "GET",
        "/_floci/backup/reports/00000000-0000-0000-0000-000000000000",
        "",
    )
    .await;
    assert_eq!(status, 400);
    let (status, _) = admin_request(
        &gateway,
        "POST",
        &format!("/_floci/backup/reports/{early}"),
        "",
    )
    .await;
    assert_eq!(status, 404);

    // Report jobs stay readable once their plan is gone.
    advance_clock(&gateway, 10).await;
    client
        .delete_report_plan()
        .report_plan_name("Beta")
        .send()
        .await
        .unwrap();
    assert_eq!(
        report_job(&client, &middle).await.status(),
        Some("COMPLETED")
    );
    assert_eq!(delivered(&gateway, &middle).await["Status"], "COMPLETED");
}
