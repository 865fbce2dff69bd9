//! The Backup plan scheduler end to end with aws-sdk-backup: moving the gateway's clock past a
//! rule's cron run starts a job for every resource the plan's selections choose, marked as
//! created by the plan; updates re-arm rules, deleted plans stop. Time is driven by the clock,
//! never by sleeping; reads poll with a deadline only because the timer task may be the one
//! firing the run.

use std::time::{Duration, Instant};

use aws_sdk_backup::types::{
    BackupJob, BackupJobState, BackupPlanInput, BackupRuleInput, BackupSelection, Condition,
    ConditionType, Lifecycle,
};
use aws_sdk_backup::Client;
use integration_tests::{
    admin_request, advance_clock, backup_client, create_vault as vault, start_gateway,
};

const ROLE: &str = "arn:aws:iam::111122223333:role/service-role/AWSBackupDefaultServiceRole";
const VOLUME: &str = "arn:aws:ec2:us-east-1:111122223333:volume/vol-0123456789abcdef0";
const OTHER_VOLUME: &str = "arn:aws:ec2:us-east-1:111122223333:volume/vol-0fedcba9876543210";
const TABLE: &str = "arn:aws:dynamodb:us-east-1:111122223333:table/Orders";
const DAILY: &str = "cron(0 5 ? * * *)";
const ZONE: &str = "Europe/Paris";

fn rule(name: &str, vault: &str, cron: &str) -> BackupRuleInput {
    BackupRuleInput::builder()
        .rule_name(name)
        .target_backup_vault_name(vault)
        .schedule_expression(cron)
        .schedule_expression_timezone(ZONE)
        .start_window_minutes(120)
        .completion_window_minutes(600)
        .lifecycle(Lifecycle::builder().delete_after_days(35).build())
        .recovery_point_tags("team", "data")
        .build()
        .expect("rule")
}

fn plan(name: &str, rules: Vec<BackupRuleInput>) -> BackupPlanInput {
    BackupPlanInput::builder()
        .backup_plan_name(name)
        .set_rules(Some(rules))
        .build()
        .expect("plan")
}

async fn select(client: &Client, plan_id: &str, selection: BackupSelection) -> String {
    client
        .create_backup_selection()
        .backup_plan_id(plan_id)
        .backup_selection(selection)
        .send()
        .await
        .expect("create selection")
        .selection_id
        .expect("selection id")
}

fn by_arns(name: &str, resources: &[&str], not_resources: &[&str]) -> BackupSelection {
    BackupSelection::builder()
        .selection_name(name)
        .iam_role_arn(ROLE)
        .set_resources(Some(resources.iter().map(|r| (*r).to_owned()).collect()))
        .set_not_resources(Some(
            not_resources.iter().map(|r| (*r).to_owned()).collect(),
        ))
        .build()
        .expect("selection")
}

/// The gateway's current time, in epoch seconds.
async fn gateway_now(gateway: &integration_tests::GatewayHandle) -> f64 {
    let (status, body) = admin_request(gateway, "GET", "/_floci/clock", "").await;
    assert_eq!(status, 200, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).expect("json");
    json["now"].as_f64().expect("now")
}

/// The plan's next run, from GetBackupPlan's preview, in epoch seconds.
async fn next_run(client: &Client, plan_id: &str) -> f64 {
    let plan = client
        .get_backup_plan()
        .backup_plan_id(plan_id)
        .max_scheduled_runs_preview(1)
        .send()
        .await
        .expect("get plan");
    plan.scheduled_runs_preview()[0]
        .execution_time()
        .expect("execution time")
        .as_secs_f64()
}

/// Moves the clock just past the plan's next run (and not past the one after, for daily rules).
async fn pass_next_run(
    gateway: &integration_tests::GatewayHandle,
    client: &Client,
    plan_id: &str,
) -> f64 {
    let due = next_run(client, plan_id).await;
    let now = gateway_now(gateway).await;
    advance_clock(gateway, (due - now).ceil() as u64 + 1).await;
    due
}

async fn scheduled_jobs(client: &Client) -> Vec<BackupJob> {
    let mut jobs: Vec<BackupJob> = client
        .list_backup_jobs()
        .send()
        .await
        .expect("list jobs")
        .backup_jobs()
        .iter()
        .filter(|job| job.created_by().is_some())
        .cloned()
        .collect();
    jobs.sort_by(|a, b| a.resource_arn().cmp(&b.resource_arn()));
    jobs
}

/// The jobs plans started, once there are `count` of them (the timer task may still be firing
/// the run when the first read arrives).
async fn wait_for_scheduled_jobs(client: &Client, count: usize) -> Vec<BackupJob> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let jobs = scheduled_jobs(client).await;
        if jobs.len() >= count || Instant::now() > deadline {
            assert_eq!(jobs.len(), count, "scheduled jobs: {jobs:#?}");
            return jobs;
        }
        tokio::task::yield_now().await;
    }
}

#[tokio::test]
async fn a_rule_whose_cron_fires_backs_up_what_its_selection_chooses() {
    let gateway =
        start_gateway(&[("FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS", "0")]).await;
    let client = backup_client(&gateway).await;
    vault(&client, "nightly").await;
    // An on-demand backup makes OTHER_VOLUME known to the gateway, so the wildcard reaches it.
    client
        .start_backup_job()
        .backup_vault_name("nightly")
        .resource_arn(OTHER_VOLUME)
        .iam_role_arn(ROLE)
        .send()
        .await
        .expect("on-demand job");
    let created = client
        .create_backup_plan()
        .backup_plan(plan("nightly-plan", vec![rule("daily", "nightly", DAILY)]))
        .send()
        .await
        .expect("create plan");
    let plan_id = created.backup_plan_id().expect("plan id").to_owned();
    let version = created.version_id().expect("version").to_owned();
    select(
        &client,
        &plan_id,
        by_arns(
            "volumes",
            &[VOLUME, TABLE, "arn:aws:ec2:*:*:volume/*"],
            &[TABLE],
        ),
    )
    .await;
    assert!(
        scheduled_jobs(&client).await.is_empty(),
        "nothing before the run"
    );

    let due = pass_next_run(&gateway, &client, &plan_id).await;
    let jobs = wait_for_scheduled_jobs(&client, 2).await;
    let resources: Vec<&str> = jobs.iter().filter_map(BackupJob::resource_arn).collect();
    assert_eq!(
        resources,
        [VOLUME, OTHER_VOLUME],
        "TABLE is in NotResources"
    );
    let rule_id = client
        .get_backup_plan()
        .backup_plan_id(&plan_id)
        .send()
        .await
        .expect("get plan")
        .backup_plan()
        .expect("plan")
        .rules()[0]
        .rule_id()
        .expect("rule id")
        .to_owned();
    for job in &jobs {
        let creator = job.created_by().expect("created by");
        assert_eq!(creator.backup_plan_id(), Some(plan_id.as_str()));
        assert_eq!(creator.backup_plan_arn(), created.backup_plan_arn());
        assert_eq!(creator.backup_plan_name(), Some("nightly-plan"));
        assert_eq!(creator.backup_plan_version(), Some(version.as_str()));
        assert_eq!(creator.backup_rule_id(), Some(rule_id.as_str()));
        assert_eq!(creator.backup_rule_name(), Some("daily"));
        assert_eq!(creator.backup_rule_cron(), Some(DAILY));
        assert_eq!(creator.backup_rule_timezone(), Some(ZONE));
        assert_eq!(job.backup_vault_name(), Some("nightly"));
        assert_eq!(job.iam_role_arn(), Some(ROLE));
        assert_eq!(job.state(), Some(&BackupJobState::Completed));
        let created_at = job.creation_date().expect("creation").secs();
        assert_eq!(
            job.start_by().expect("start by").secs() - created_at,
            120 * 60
        );
        assert_eq!(
            job.expected_completion_date().expect("expected").secs() - created_at,
            600 * 60
        );
        assert_eq!(
            job.recovery_point_lifecycle()
                .and_then(Lifecycle::delete_after_days),
            Some(35)
        );
        let described = client
            .describe_backup_job()
            .backup_job_id(job.backup_job_id().expect("id"))
            .send()
            .await
            .expect("describe job");
        assert_eq!(described.created_by(), job.created_by());
    }
    let points = client
        .describe_backup_vault()
        .backup_vault_name("nightly")
        .send()
        .await
        .expect("describe vault")
        .number_of_recovery_points();
    assert_eq!(points, 3, "one on-demand and two scheduled recovery points");
    let last_run = client
        .get_backup_plan()
        .backup_plan_id(&plan_id)
        .send()
        .await
        .expect("get plan")
        .last_execution_date()
        .expect("LastExecutionDate")
        .as_secs_f64();
    assert_eq!(
        last_run, due,
        "LastExecutionDate is the run's scheduled time"
    );

    // The rule re-armed itself: the next day's run backs up the same resources again.
    pass_next_run(&gateway, &client, &plan_id).await;
    wait_for_scheduled_jobs(&client, 4).await;
}

#[tokio::test]
async fn updates_re_arm_rules_and_deleted_plans_stop_firing() {
    let gateway =
        start_gateway(&[("FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS", "0")]).await;
    let client = backup_client(&gateway).await;
    vault(&client, "vault").await;
    let plan_id = client
        .create_backup_plan()
        .backup_plan(plan("p", vec![rule("daily", "vault", DAILY)]))
        .send()
        .await
        .expect("create plan")
        .backup_plan_id
        .expect("plan id");
    let selection_id = select(&client, &plan_id, by_arns("one", &[VOLUME], &[])).await;

    // An update moves the run to 17:00; jobs carry the new version.
    let updated = client
        .update_backup_plan()
        .backup_plan_id(&plan_id)
        .backup_plan(plan(
            "p",
            vec![rule("daily", "vault", "cron(0 17 ? * * *)")],
        ))
        .send()
        .await
        .expect("update plan");
    let due = pass_next_run(&gateway, &client, &plan_id).await;
    let jobs = wait_for_scheduled_jobs(&client, 1).await;
    let creator = jobs[0].created_by().expect("created by");
    assert_eq!(creator.backup_plan_version(), updated.version_id());
    assert_eq!(creator.backup_rule_cron(), Some("cron(0 17 ? * * *)"));
    let utc_hour = (due as i64).rem_euclid(86_400) / 3600;
    assert!(
        matches!(utc_hour, 15 | 16),
        "17:00 in Paris is 15:00 or 16:00 UTC, due at {due}"
    );

    // Once the selection and the plan are deleted, passing the next run starts nothing.
    client
        .delete_backup_selection()
        .backup_plan_id(&plan_id)
        .selection_id(&selection_id)
        .send()
        .await
        .expect("delete selection");
    client
        .delete_backup_plan()
        .backup_plan_id(&plan_id)
        .send()
        .await
        .expect("delete plan");
    advance_clock(&gateway, 2 * 86_400).await;
    assert_eq!(scheduled_jobs(&client).await.len(), 1);
}

#[tokio::test]
async fn tag_selections_choose_the_resources_registered_with_those_tags() {
    let gateway =
        start_gateway(&[("FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS", "0")]).await;
    let client = backup_client(&gateway).await;
    vault(&client, "vault").await;
    // Backup has seen this one (an on-demand job) but knows no tags of it.
    client
        .start_backup_job()
        .backup_vault_name("vault")
        .resource_arn("arn:aws:ec2:us-east-1:111122223333:volume/vol-0aaaaaaaaaaaaaaaa")
        .iam_role_arn(ROLE)
        .send()
        .await
        .expect("on-demand job");
    let declared = serde_json::json!({ "resources": [
        { "arn": VOLUME, "tags": { "backup": "daily" } },
        { "arn": OTHER_VOLUME, "tags": { "backup": "weekly" } },
        { "arn": TABLE, "tags": { "backup": "daily", "env": "test" } },
        { "arn": "arn:aws:ec2:eu-west-1:111122223333:volume/vol-0bbbbbbbbbbbbbbbb",
          "tags": { "backup": "daily" } },
    ]});
    let (status, body) =
        admin_request(&gateway, "POST", "/_floci/resources", &declared.to_string()).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = admin_request(&gateway, "GET", "/_floci/resources", "").await;
    assert_eq!(status, 200, "{body}");
    let listed: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(listed["resources"].as_array().map(Vec::len), Some(4));
    let (status, body) = admin_request(
        &gateway,
        "POST",
        "/_floci/resources",
        r#"{"resources": [{"arn": "arn:aws:ec2:us-east-1:111122223333:volume/vol-1", "tags": {"n": 1}}]}"#,
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("InvalidParameterValueException"), "{body}");

    let plan_id = client
        .create_backup_plan()
        .backup_plan(plan("tags", vec![rule("daily", "vault", DAILY)]))
        .send()
        .await
        .expect("create plan")
        .backup_plan_id
        .expect("plan id");
    let by_tag = BackupSelection::builder()
        .selection_name("tagged")
        .iam_role_arn(ROLE)
        .list_of_tags(
            Condition::builder()
                .condition_type(ConditionType::Stringequals)
                .condition_key("backup")
                .condition_value("daily")
                .build()
                .expect("condition"),
        )
        .conditions(
            aws_sdk_backup::types::Conditions::builder()
                .string_not_equals(
                    aws_sdk_backup::types::ConditionParameter::builder()
                        .condition_key("aws:ResourceTag/env")
                        .condition_value("test")
                        .build(),
                )
                .build(),
        )
        .build()
        .expect("selection");
    select(&client, &plan_id, by_tag).await;
    pass_next_run(&gateway, &client, &plan_id).await;
    let jobs = wait_for_scheduled_jobs(&client, 1).await;
    assert_eq!(
        jobs[0].resource_arn(),
        Some(VOLUME),
        "daily-tagged, not env=test, in the plan's region"
    );

    // A reset forgets the declared resources too.
    let (status, _) = admin_request(&gateway, "POST", "/_floci/reset", "").await;
    assert_eq!(status, 200);
    let (_, body) = admin_request(&gateway, "GET", "/_floci/resources", "").await;
    assert_eq!(body.trim(), r#"{"resources":[]}"#);
}

#[tokio::test]
async fn the_vault_notification_log_is_served_under_the_backup_admin_route() {
    let gateway = start_gateway(&[]).await;
    let (status, body) = admin_request(&gateway, "GET", "/_floci/backup/notifications", "").await;
    assert_eq!(status, 200, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(json, serde_json::json!({ "notifications": [] }));
    let (status, _) = admin_request(&gateway, "POST", "/_floci/backup/notifications", "").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_rules_copy_actions_copy_each_scheduled_recovery_point() {
    let gateway =
        start_gateway(&[("FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS", "0")]).await;
    let client = backup_client(&gateway).await;
    let dr = integration_tests::backup_client_for(&gateway, "eu-west-1", "111122223333").await;
    vault(&client, "nightly").await;
    dr.create_backup_vault()
        .backup_vault_name("dr")
        .send()
        .await
        .expect("create dr vault");
    let dr_vault = "arn:aws:backup:eu-west-1:111122223333:backup-vault:dr";
    let copy = aws_sdk_backup::types::CopyAction::builder()
        .destination_backup_vault_arn(dr_vault)
        .lifecycle(Lifecycle::builder().delete_after_days(90).build())
        .build()
        .expect("copy action");
    let mut daily = rule("daily", "nightly", DAILY);
    daily.copy_actions = Some(vec![copy]);
    let plan_id = client
        .create_backup_plan()
        .backup_plan(plan("with-copies", vec![daily]))
        .send()
        .await
        .expect("create plan")
        .backup_plan_id
        .expect("plan id");
    select(&client, &plan_id, by_arns("one", &[VOLUME], &[])).await;
    pass_next_run(&gateway, &client, &plan_id).await;

    let job = wait_for_scheduled_jobs(&client, 1).await.remove(0);
    let point = job.recovery_point_arn().expect("point").to_owned();
    let deadline = Instant::now() + Duration::from_secs(10);
    let copy_job = loop {
        let jobs = client
            .list_copy_jobs()
            .send()
            .await
            .expect("list copy jobs")
            .copy_jobs;
        if let Some(job) = jobs.into_iter().flatten().next() {
            break job;
        }
        assert!(Instant::now() < deadline, "no copy job started");
        tokio::task::yield_now().await;
    };
    assert_eq!(
        copy_job.source_recovery_point_arn(),
        Some(point.as_str()),
        "{copy_job:?}"
    );
    assert_eq!(copy_job.destination_backup_vault_arn(), Some(dr_vault));
    assert_eq!(
        copy_job.state(),
        Some(&aws_sdk_backup::types::CopyJobState::Completed),
        "{copy_job:?}"
    );
    let created_by = copy_job.created_by().expect("created by the plan");
    assert_eq!(created_by.backup_plan_id(), Some(plan_id.as_str()));
    assert_eq!(created_by.backup_rule_name(), Some("daily"));
    assert_eq!(
        copy_job
            .destination_recovery_point_lifecycle()
            .and_then(|l| l.delete_after_days()),
        Some(90)
    );

    let copies = dr
        .list_recovery_points_by_backup_vault()
        .backup_vault_name("dr")
        .send()
        .await
        .expect("list dr points")
        .recovery_points
        .unwrap_or_default();
    assert_eq!(copies.len(), 1);
    assert_eq!(
        copies[0].recovery_point_arn(),
        copy_job.destination_recovery_point_arn()
    );
    assert_eq!(copies[0].resource_arn(), Some(VOLUME));

    // An on-demand job of the same resource makes no copy: copy actions belong to rules.
    client
        .start_backup_job()
        .backup_vault_name("nightly")
        .resource_arn(VOLUME)
        .iam_role_arn(ROLE)
        .send()
        .await
        .expect("on-demand job");
    let copy_jobs = client
        .list_copy_jobs()
        .send()
        .await
        .expect("list copy jobs")
        .copy_jobs
        .unwrap_or_default();
    assert_eq!(copy_jobs.len(), 1);
}

#[tokio::test]
async fn a_run_whose_vault_was_deleted_records_a_failed_job() {
    let gateway =
        start_gateway(&[("FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS", "0")]).await;
    let client = backup_client(&gateway).await;
    vault(&client, "doomed").await;
    let plan_id = client
        .create_backup_plan()
        .backup_plan(plan("orphan", vec![rule("daily", "doomed", DAILY)]))
        .send()
        .await
        .expect("create plan")
        .backup_plan_id
        .expect("plan id");
    select(&client, &plan_id, by_arns("one", &[VOLUME], &[])).await;
    client
        .delete_backup_vault()
        .backup_vault_name("doomed")
        .send()
        .await
        .expect("delete vault");
    pass_next_run(&gateway, &client, &plan_id).await;

    let job = wait_for_scheduled_jobs(&client, 1).await.remove(0);
    assert_eq!(job.state(), Some(&BackupJobState::Failed));
    assert_eq!(job.backup_vault_name(), Some("doomed"));
    assert!(
        job.status_message().unwrap_or_default().contains("doomed"),
        "{job:?}"
    );
    assert!(job.completion_date().is_some());
    assert_eq!(job.message_category(), Some("FAILED"));
    let points = client
        .list_recovery_points_by_resource()
        .resource_arn(VOLUME)
        .send()
        .await
        .expect("list points")
        .recovery_points
        .unwrap_or_default();
    assert!(points.is_empty(), "a failed job writes no recovery point");
}

#[tokio::test]
async fn job_states_reach_the_notification_log_of_a_subscribed_vault() {
    let gateway =
        start_gateway(&[("FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS", "0")]).await;
    let client = backup_client(&gateway).await;
    vault(&client, "watched").await;
    client
        .put_backup_vault_notifications()
        .backup_vault_name("watched")
        .sns_topic_arn("arn:aws:sns:us-east-1:111122223333:backup-events")
        .backup_vault_events(aws_sdk_backup::types::BackupVaultEvent::BackupJobStarted)
        .backup_vault_events(aws_sdk_backup::types::BackupVaultEvent::BackupJobCompleted)
        .send()
        .await
        .expect("put notifications");
    let job_id = client
        .start_backup_job()
        .backup_vault_name("watched")
        .resource_arn(VOLUME)
        .iam_role_arn(ROLE)
        .send()
        .await
        .expect("start job")
        .backup_job_id
        .expect("job id");

    let (status, body) = admin_request(&gateway, "GET", "/_floci/backup/notifications", "").await;
    assert_eq!(status, 200, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).expect("json");
    let entries = json["notifications"].as_array().expect("a list");
    let seen: Vec<(&str, &str)> = entries
        .iter()
        .map(|entry| {
            (
                entry["event"].as_str().unwrap_or_default(),
                entry["messageAttributes"]["State"]
                    .as_str()
                    .unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("BACKUP_JOB_STARTED", "CREATED"),
            ("BACKUP_JOB_COMPLETED", "COMPLETED")
        ],
        "{body}"
    );
    assert!(entries
        .iter()
        .all(|entry| entry["messageAttributes"]["Id"] == job_id.as_str()));
}
