//! Backup plans, their versions, selections and templates, end to end with `aws-sdk-backup`
//! against a gateway on an ephemeral port.

use std::collections::BTreeSet;
use std::fmt::Debug;

use aws_sdk_backup::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_backup::types::{
    BackupPlanInput, BackupRuleInput, BackupSelection, Condition, ConditionType, CopyAction,
    Lifecycle, RuleExecutionType,
};
use aws_sdk_backup::Client;
use integration_tests::{backup_client, backup_client_for, start_gateway, ACCOUNT};

const ROLE: &str = "arn:aws:iam::111122223333:role/service-role/AWSBackupDefaultServiceRole";

/// Asserts a call failed with `code` and HTTP 400, and returns the message.
fn expect_error<T: Debug, E: ProvideErrorMetadata + Debug>(
    result: Result<T, SdkError<E>>,
    code: &str,
) -> String {
    let err = result.expect_err("the call should fail");
    assert_eq!(err.code(), Some(code), "{err:?}");
    let status = err.raw_response().expect("a response").status().as_u16();
    assert_eq!(status, 400, "{err:?}");
    err.message().unwrap_or_default().to_owned()
}

async fn create_vault(client: &Client, name: &str) {
    client
        .create_backup_vault()
        .backup_vault_name(name)
        .send()
        .await
        .expect("create vault");
}

fn rule(name: &str, vault: &str) -> BackupRuleInput {
    BackupRuleInput::builder()
        .rule_name(name)
        .target_backup_vault_name(vault)
        .build()
        .unwrap()
}

fn plan(name: &str, rules: Vec<BackupRuleInput>) -> BackupPlanInput {
    BackupPlanInput::builder()
        .backup_plan_name(name)
        .set_rules(Some(rules))
        .build()
        .unwrap()
}

async fn create_plan(client: &Client, name: &str, vault: &str) -> String {
    client
        .create_backup_plan()
        .backup_plan(plan(name, vec![rule("daily", vault)]))
        .send()
        .await
        .expect("create plan")
        .backup_plan_id
        .expect("plan id")
}

fn selection(name: &str) -> BackupSelection {
    BackupSelection::builder()
        .selection_name(name)
        .iam_role_arn(ROLE)
        .resources("arn:aws:ec2:us-east-1:111122223333:volume/*")
        .build()
        .unwrap()
}

async fn plan_count(client: &Client) -> usize {
    client
        .list_backup_plans()
        .send()
        .await
        .unwrap()
        .backup_plans_list()
        .len()
}

#[tokio::test]
async fn create_then_get_fills_in_aws_defaults() {
    let gw = start_gateway(&[]).await;
    let client = backup_client(&gw).await;
    create_vault(&client, "my-vault").await;

    let daily = BackupRuleInput::builder()
        .rule_name("daily")
        .target_backup_vault_name("my-vault")
        .lifecycle(Lifecycle::builder().delete_after_days(35).build())
        .recovery_point_tags("team", "storage")
        .build()
        .unwrap();
    let created = client
        .create_backup_plan()
        .backup_plan(plan("my-plan", vec![daily]))
        .backup_plan_tags("env", "test")
        .creator_request_id("req-1")
        .send()
        .await
        .unwrap();
    let id = created.backup_plan_id().unwrap();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    assert_eq!(
        created.backup_plan_arn(),
        Some(format!("arn:aws:backup:us-east-1:{ACCOUNT}:backup-plan:{id}").as_str())
    );
    let version = created.version_id().unwrap();
    assert_eq!(version.len(), 48, "base64 of a UUID like AWS: {version}");
    assert!(created.creation_date().is_some());
    assert!(created.advanced_backup_settings().is_empty());

    let got = client
        .get_backup_plan()
        .backup_plan_id(id)
        .send()
        .await
        .unwrap();
    assert_eq!(got.backup_plan_id(), Some(id));
    assert_eq!(got.version_id(), Some(version));
    assert_eq!(got.creator_request_id(), Some("req-1"));
    assert_eq!(got.creation_date(), created.creation_date());
    assert!(got.deletion_date().is_none());
    assert!(got.last_execution_date().is_none());
    assert!(got.scheduled_runs_preview().is_empty());
    let document = got.backup_plan().unwrap();
    assert_eq!(document.backup_plan_name(), "my-plan");
    let rule = &document.rules()[0];
    assert_eq!(rule.rule_name(), "daily");
    assert_eq!(rule.target_backup_vault_name(), "my-vault");
    assert_eq!(rule.schedule_expression(), Some("cron(0 5 ? * * *)"));
    assert_eq!(rule.schedule_expression_timezone(), Some("Etc/UTC"));
    assert_eq!(rule.start_window_minutes(), Some(480));
    assert_eq!(rule.completion_window_minutes(), Some(10080));
    assert_eq!(rule.lifecycle().unwrap().delete_after_days(), Some(35));
    assert_eq!(
        rule.recovery_point_tags()
            .unwrap()
            .get("team")
            .map(String::as_str),
        Some("storage")
    );
    assert_eq!(rule.rule_id().map(str::len), Some(36));
}

#[tokio::test]
async fn creator_request_id_makes_create_idempotent() {
    let gw = start_gateway(&[]).await;
    let client = backup_client(&gw).await;
    create_vault(&client, "v1").await;
    let send = |name: &'static str| {
        client
            .create_backup_plan()
            .backup_plan(plan(name, vec![rule("r", "v1")]))
            .creator_request_id("token-1")
            .send()
    };
    let first = send("p").await.unwrap();
    let retry = send("p").await.unwrap();
    assert_eq!(retry.backup_plan_id(), first.backup_plan_id());
    assert_eq!(retry.version_id(), first.version_id());
    assert_eq!(plan_count(&client).await, 1);

    let message = expect_error(send("other").await, "AlreadyExistsException");
    assert!(message.contains("token-1"), "{message}");
    assert_eq!(plan_count(&client).await, 1);
}

#[tokio::test]
async fn an_identical_document_is_refused_but_a_name_may_repeat() {
    let gw = start_gateway(&[]).await;
    let client = backup_client(&gw).await;
    create_vault(&client, "v1").await;
    let first = create_plan(&client, "same", "v1").await;

    let message = expect_error(
        client
            .create_backup_plan()
            .backup_plan(plan("same", vec![rule("daily", "v1")]))
            .send()
            .await,
        "AlreadyExistsException",
    );
    assert_eq!(
        message,
        "Backup plan with the same plan document already exists"
    );

    // AWS keeps plans apart by document, not by name.
    let other_rules = client
        .create_backup_plan()
        .backup_plan(plan("same", vec![rule("weekly", "v1")]))
        .send()
        .await
        .unwrap();
    assert_ne!(other_rules.backup_plan_id(), Some(first.as_str()));

    // Once the first plan is deleted its document is free again.
    client
        .delete_backup_plan()
        .backup_plan_id(&first)
        .send()
        .await
        .unwrap();
    create_plan(&client, "same", "v1").await;
}

#[tokio::test]
async fn invalid_rules_are_refused_and_change_nothing() {
    let gw = start_gateway(&[]).await;
    let client = backup_client(&gw).await;
    create_vault(&client, "v1").await;
    let with = |f: fn(
        aws_sdk_backup::types::builders::BackupRuleInputBuilder,
    ) -> aws_sdk_backup::types::builders::BackupRuleInputBuilder| {
        f(BackupRuleInput::builder()
            .rule_name("r")
            .target_backup_vault_name("v1"))
        .build()
        .unwrap()
    };
    let cases: Vec<(Vec<BackupRuleInput>, &str)> = vec![
        (
            vec![with(|b| b.schedule_expression("cron(0 5 * * * *)"))],
            "Error in rule r : Invalid schedule expression",
        ),
        (
            vec![with(|b| b.schedule_expression("rate(1 day)"))],
            "Invalid schedule expression rate(1 day)",
        ),
        (
            vec![with(|b| b.schedule_expression("cron(0/15 * ? * * *)"))],
            "at most once an hour",
        ),
        (
            vec![with(|b| b.schedule_expression_timezone("Moon/Base"))],
            "Invalid ScheduleExpressionTimezone Moon/Base",
        ),
        (
            vec![with(|b| b.start_window_minutes(30))],
            "Invalid StartWindowMinutes 30",
        ),
        (
            vec![with(|b| b.start_window_minutes(120).completion_window_minutes(90))],
            "at least 60 minutes greater than StartWindowMinutes",
        ),
        (
            vec![with(|b| {
                b.lifecycle(
                    Lifecycle::builder()
                        .move_to_cold_storage_after_days(30)
                        .delete_after_days(100)
                        .build(),
                )
            })],
            "Error in rule r : Invalid lifecycle. DeleteAfterDays cannot be less than 90 days apart from MoveToColdStorageAfterDays",
        ),
        (
            vec![with(|b| {
                b.enable_continuous_backup(true).lifecycle(
                    Lifecycle::builder()
                        .move_to_cold_storage_after_days(30)
                        .delete_after_days(200)
                        .build(),
                )
            })],
            "Invalid lifecycle. MoveToColdStorageAfterDays is unavailable",
        ),
        (
            vec![with(|b| {
                b.copy_actions(
                    CopyAction::builder()
                        .destination_backup_vault_arn("arn:aws:s3:::not-a-vault")
                        .build()
                        .unwrap(),
                )
            })],
            "Invalid DestinationBackupVaultArn",
        ),
        (vec![rule("r", "v1"), rule("r", "v1")], "Rule name r"),
        (vec![rule("r", "no-such-vault")], "no-such-vault does not exist"),
        (vec![], "at least one rule"),
    ];
    for (rules, expected) in cases {
        let message = expect_error(
            client
                .create_backup_plan()
                .backup_plan(plan("p", rules))
                .send()
                .await,
            "InvalidParameterValueException",
        );
        assert!(
            message.contains(expected),
            "{expected:?} not in {message:?}"
        );
    }
    let message = expect_error(
        client
            .create_backup_plan()
            .backup_plan(plan("p", vec![rule("r", "v1")]))
            .backup_plan_tags("aws:reserved", "x")
            .send()
            .await,
        "InvalidParameterValueException",
    );
    assert!(message.contains("aws:"), "{message}");
    assert_eq!(plan_count(&client).await, 0);
}

#[tokio::test]
async fn update_adds_a_version_and_keeps_the_old_ones_readable() {
    let gw = start_gateway(&[]).await;
    let client = backup_client(&gw).await;
    create_vault(&client, "v1").await;
    create_vault(&client, "v2").await;
    let id = create_plan(&client, "p", "v1").await;
    let before = client
        .get_backup_plan()
        .backup_plan_id(&id)
        .send()
        .await
        .unwrap();
    let old_version = before.version_id().unwrap().to_owned();
    let daily_id = before.backup_plan().unwrap().rules()[0]
        .rule_id()
        .unwrap()
        .to_owned();

    let changed_daily = BackupRuleInput::builder()
        .rule_name("daily")
        .target_backup_vault_name("v2")
        .schedule_expression("cron(0 3 ? * * *)")
        .build()
        .unwrap();
    let updated = client
        .update_backup_plan()
        .backup_plan_id(&id)
        .backup_plan(plan("p-renamed", vec![changed_daily, rule("weekly", "v1")]))
        .send()
        .await
        .unwrap();
    let new_version = updated.version_id().unwrap().to_owned();
    assert_ne!(new_version, old_version);
    assert_eq!(updated.backup_plan_id(), Some(id.as_str()));

    let now = client
        .get_backup_plan()
        .backup_plan_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(now.version_id(), Some(new_version.as_str()));
    let document = now.backup_plan().unwrap();
    assert_eq!(document.backup_plan_name(), "p-renamed");
    assert_eq!(
        document.rules()[0].rule_id(),
        Some(daily_id.as_str()),
        "same name, same id"
    );
    assert_eq!(
        document.rules()[0].schedule_expression(),
        Some("cron(0 3 ? * * *)")
    );
    let weekly_id = document.rules()[1].rule_id().unwrap();
    assert_ne!(weekly_id, daily_id);

    let old = client
        .get_backup_plan()
        .backup_plan_id(&id)
        .version_id(&old_version)
        .send()
        .await
        .unwrap();
    assert_eq!(old.backup_plan().unwrap().backup_plan_name(), "p");
    assert_eq!(old.backup_plan().unwrap().rules().len(), 1);
    assert!(
        old.deletion_date().is_some(),
        "a superseded version has a deletion date"
    );

    let versions = client
        .list_backup_plan_versions()
        .backup_plan_id(&id)
        .send()
        .await
        .unwrap();
    let ids: Vec<_> = versions
        .backup_plan_versions_list()
        .iter()
        .map(|v| v.version_id().unwrap().to_owned())
        .collect();
    assert_eq!(
        ids,
        [new_version.clone(), old_version.clone()],
        "newest first"
    );

    expect_error(
        client
            .update_backup_plan()
            .backup_plan_id("no-such-plan")
            .backup_plan(plan("p", vec![rule("r", "v1")]))
            .send()
            .await,
        "ResourceNotFoundException",
    );
    let message = expect_error(
        client
            .update_backup_plan()
            .backup_plan_id(&id)
            .backup_plan(plan("p", vec![rule("r", "missing")]))
            .send()
            .await,
        "InvalidParameterValueException",
    );
    assert!(message.contains("missing"), "{message}");
    let unchanged = client
        .get_backup_plan()
        .backup_plan_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(unchanged.version_id(), Some(new_version.as_str()));
    expect_error(
        client
            .get_backup_plan()
            .backup_plan_id(&id)
            .version_id("bm8tc3VjaC12ZXJzaW9u")
            .send()
            .await,
        "ResourceNotFoundException",
    );
}

#[tokio::test]
async fn delete_is_refused_while_selections_remain_then_soft_deletes() {
    let gw = start_gateway(&[]).await;
    let client = backup_client(&gw).await;
    create_vault(&client, "v1").await;
    let id = create_plan(&client, "p", "v1").await;
    let version = client
        .get_backup_plan()
        .backup_plan_id(&id)
        .send()
        .await
        .unwrap()
        .version_id()
        .unwrap()
        .to_owned();
    let selection_id = client
        .create_backup_selection()
        .backup_plan_id(&id)
        .backup_selection(selection("s"))
        .send()
        .await
        .unwrap()
        .selection_id()
        .unwrap()
        .to_owned();

    let message = expect_error(
        client.delete_backup_plan().backup_plan_id(&id).send().await,
        "InvalidRequestException",
    );
    assert_eq!(
        message,
        "Related backup plan selections must be deleted prior to backup plan deletion"
    );
    client
        .delete_backup_selection()
        .backup_plan_id(&id)
        .selection_id(&selection_id)
        .send()
        .await
        .unwrap();

    let deleted = client
        .delete_backup_plan()
        .backup_plan_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.backup_plan_id(), Some(id.as_str()));
    assert_eq!(deleted.version_id(), Some(version.as_str()));
    assert!(deleted.backup_plan_arn().unwrap().ends_with(&id));
    let deletion_date = deleted.deletion_date().unwrap();

    let message = expect_error(
        client.get_backup_plan().backup_plan_id(&id).send().await,
        "ResourceNotFoundException",
    );
    assert_eq!(message, "Failed reading Backup plan with provided version");
    let by_version = client
        .get_backup_plan()
        .backup_plan_id(&id)
        .version_id(&version)
        .send()
        .await
        .unwrap();
    assert_eq!(by_version.deletion_date(), Some(deletion_date));

    assert_eq!(plan_count(&client).await, 0);
    let all = client
        .list_backup_plans()
        .include_deleted(true)
        .send()
        .await
        .unwrap();
    assert_eq!(all.backup_plans_list().len(), 1);
    assert_eq!(
        all.backup_plans_list()[0].deletion_date(),
        Some(deletion_date)
    );

    expect_error(
        client.delete_backup_plan().backup_plan_id(&id).send().await,
        "ResourceNotFoundException",
    );
    expect_error(
        client
            .update_backup_plan()
            .backup_plan_id(&id)
            .backup_plan(plan("p", vec![rule("r", "v1")]))
            .send()
            .await,
        "ResourceNotFoundException",
    );
    expect_error(
        client
            .create_backup_selection()
            .backup_plan_id(&id)
            .backup_selection(selection("s"))
            .send()
            .await,
        "ResourceNotFoundException",
    );
    expect_error(
        client
            .delete_backup_plan()
            .backup_plan_id("no-such-plan")
            .send()
            .await,
        "ResourceNotFoundException",
    );
    // The versions of a deleted plan stay listed.
    let versions = client
        .list_backup_plan_versions()
        .backup_plan_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(versions.backup_plan_versions_list().len(), 1);
}

#[tokio::test]
async fn list_backup_plans_pages_stay_stable_across_changes() {
    let gw = start_gateway(&[]).await;
    let client = backup_client(&gw).await;
    create_vault(&client, "v1").await;
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(create_plan(&client, &format!("plan-{i}"), "v1").await);
    }
    ids.sort();

    let first = client
        .list_backup_plans()
        .max_results(2)
        .send()
        .await
        .unwrap();
    let mut seen: Vec<String> = first
        .backup_plans_list()
        .iter()
        .map(|p| p.backup_plan_id().unwrap().to_owned())
        .collect();
    assert_eq!(seen.len(), 2);
    let mut token = first.next_token().map(str::to_owned);
    assert!(token.is_some());

    // Between pages: delete a plan not returned yet and create another.
    let unseen = ids.iter().find(|id| !seen.contains(id)).unwrap().clone();
    client
        .delete_backup_plan()
        .backup_plan_id(&unseen)
        .send()
        .await
        .unwrap();
    create_plan(&client, "late", "v1").await;

    while let Some(next) = token {
        let page = client
            .list_backup_plans()
            .max_results(2)
            .next_token(next)
            .send()
            .await
            .unwrap();
        assert!(page.backup_plans_list().len() <= 2);
        seen.extend(
            page.backup_plans_list()
                .iter()
                .map(|p| p.backup_plan_id().unwrap().to_owned()),
        );
        token = page.next_token().map(str::to_owned);
    }
    let unique: BTreeSet<_> = seen.iter().cloned().collect();
    assert_eq!(unique.len(), seen.len(), "no plan twice: {seen:?}");
    assert!(!unique.contains(&unseen), "the deleted plan is not listed");
    for id in ids.iter().filter(|id| **id != unseen) {
        assert!(unique.contains(id), "{id} present throughout is listed");
    }

    let message = expect_error(
        client
            .list_backup_plans()
            .next_token("garbage")
            .send()
            .await,
        "InvalidParameterValueException",
    );
    assert!(message.contains("NextToken"), "{message}");
    // A token from another listing is refused too.
    let versions_token = {
        let id = &ids[0];
        client
            .update_backup_plan()
            .backup_plan_id(id)
            .backup_plan(plan("v2", vec![rule("r", "v1")]))
            .send()
            .await
            .unwrap();
        client
            .list_backup_plan_versions()
            .backup_plan_id(id)
            .max_results(1)
            .send()
            .await
            .unwrap()
            .next_token()
            .unwrap()
            .to_owned()
    };
    expect_error(
        client
            .list_backup_plans()
            .next_token(versions_token)
            .send()
            .await,
        "InvalidParameterValueException",
    );
}

#[tokio::test]
async fn list_backup_plan_versions_paginates_newest_first() {
    let gw = start_gateway(&[]).await;
    let client = backup_client(&gw).await;
    create_vault(&client, "v1").await;
    let id = create_plan(&client, "p", "v1").await;
    let mut expected = vec![client
        .get_backup_plan()
        .backup_plan_id(&id)
        .send()
        .await
        .unwrap()
        .version_id()
        .unwrap()
        .to_owned()];
    for i in 0..2 {
        let updated = client
            .update_backup_plan()
            .backup_plan_id(&id)
            .backup_plan(plan(&format!("p{i}"), vec![rule("r", "v1")]))
            .send()
            .await
            .unwrap();
        expected.push(updated.version_id().unwrap().to_owned());
    }
    expected.reverse();

    let mut seen = Vec::new();
    let mut token = None;
    loop {
        let page = client
            .list_backup_plan_versions()
            .backup_plan_id(&id)
            .max_results(1)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        assert_eq!(page.backup_plan_versions_list().len(), 1);
        seen.push(
            page.backup_plan_versions_list()[0]
                .version_id()
                .unwrap()
                .to_owned(),
        );
        token = page.next_token().map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(seen, expected);
    expect_error(
        client
            .list_backup_plan_versions()
            .backup_plan_id("no-such-plan")
            .send()
            .await,
        "ResourceNotFoundException",
    );
    expect_error(
        client
            .list_backup_plan_versions()
            .backup_plan_id(&id)
            .next_token("bad")
            .send()
            .await,
        "InvalidParameterValueException",
    );
}

#[tokio::test]
async fn get_backup_plan_previews_scheduled_runs() {
    let gw = start_gateway(&[]).await;
    let client = backup_client(&gw).await;
    create_vault(&client, "v1").await;
    let hourly = BackupRuleInput::builder()
        .rule_name("hourly")
        .target_backup_vault_name("v1")
        .schedule_expression("cron(0 * ? * * *)")
        .build()
        .unwrap();
    let id = client
        .create_backup_plan()
        .backup_plan(plan("p", vec![hourly]))
        .send()
        .await
        .unwrap()
        .backup_plan_id()
        .unwrap()
        .to_owned();
    let got = client
        .get_backup_plan()
        .backup_plan_id(&id)
        .max_scheduled_runs_preview(3)
        .send()
        .await
        .unwrap();
    let rule_id = got.backup_plan().unwrap().rules()[0].rule_id().unwrap();
    let runs = got.scheduled_runs_preview();
    assert_eq!(runs.len(), 3);
    let times: Vec<i64> = runs
        .iter()
        .map(|r| r.execution_time().unwrap().secs())
        .collect();
    assert_eq!(times[0] % 3600, 0, "on the hour");
    assert_eq!(times[1] - times[0], 3600);
    assert_eq!(times[2] - times[1], 3600);
    assert!(times[0] > got.creation_date().unwrap().secs() - 1);
    for run in runs {
        assert_eq!(run.rule_id(), Some(rule_id));
        assert_eq!(
            run.rule_execution_type(),
            Some(&RuleExecutionType::Snapshots)
        );
    }
    expect_error(
        client
            .get_backup_plan()
            .backup_plan_id(&id)
            .max_scheduled_runs_preview(11)
            .send()
            .await,
        "InvalidParameterValueException",
    );
}

#[tokio::test]
async fn selections_are_created_read_listed_and_deleted() {
    let gw = start_gateway(&[]).await;
    let client = backup_client(&gw).await;
    create_vault(&client, "v1").await;
    let id = create_plan(&client, "p", "v1").await;

    let by_tag = BackupSelection::builder()
        .selection_name("by-tag")
        .iam_role_arn(ROLE)
        .list_of_tags(
            Condition::builder()
                .condition_type(ConditionType::Stringequals)
                .condition_key("backup")
                .condition_value("daily")
                .build()
                .unwrap(),
        )
        .not_resources("arn:aws:ec2:us-east-1:111122223333:volume/vol-1")
        .build()
        .unwrap();
    let created = client
        .create_backup_selection()
        .backup_plan_id(&id)
        .backup_selection(by_tag.clone())
        .creator_request_id("sel-token")
        .send()
        .await
        .unwrap();
    let selection_id = created.selection_id().unwrap().to_owned();
    assert_eq!(selection_id.len(), 36);
    assert_eq!(created.backup_plan_id(), Some(id.as_str()));
    assert!(created.creation_date().is_some());

    let retry = client
        .create_backup_selection()
        .backup_plan_id(&id)
        .backup_selection(by_tag.clone())
        .creator_request_id("sel-token")
        .send()
        .await
        .unwrap();
    assert_eq!(retry.selection_id(), Some(selection_id.as_str()));

    let got = client
        .get_backup_selection()
        .backup_plan_id(&id)
        .selection_id(&selection_id)
        .send()
        .await
        .unwrap();
    assert_eq!(got.backup_selection(), Some(&by_tag));
    assert_eq!(got.creator_request_id(), Some("sel-token"));
    assert_eq!(got.creation_date(), created.creation_date());

    for i in 0..2 {
        client
            .create_backup_selection()
            .backup_plan_id(&id)
            .backup_selection(selection(&format!("s{i}")))
            .send()
            .await
            .unwrap();
    }
    let mut names = Vec::new();
    let mut token = None;
    loop {
        let page = client
            .list_backup_selections()
            .backup_plan_id(&id)
            .max_results(2)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        assert!(page.backup_selections_list().len() <= 2);
        for member in page.backup_selections_list() {
            assert_eq!(member.backup_plan_id(), Some(id.as_str()));
            assert_eq!(member.iam_role_arn(), Some(ROLE));
            names.push(member.selection_name().unwrap().to_owned());
        }
        token = page.next_token().map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    names.sort();
    assert_eq!(names, ["by-tag", "s0", "s1"]);

    client
        .delete_backup_selection()
        .backup_plan_id(&id)
        .selection_id(&selection_id)
        .send()
        .await
        .unwrap();
    expect_error(
        client
            .get_backup_selection()
            .backup_plan_id(&id)
            .selection_id(&selection_id)
            .send()
            .await,
        "ResourceNotFoundException",
    );
    expect_error(
        client
            .delete_backup_selection()
            .backup_plan_id(&id)
            .selection_id(&selection_id)
            .send()
            .await,
        "ResourceNotFoundException",
    );
    expect_error(
        client
            .list_backup_selections()
            .backup_plan_id(&id)
            .next_token("nope")
            .send()
            .await,
        "InvalidParameterValueException",
    );
}

#[tokio::test]
async fn invalid_selections_are_refused() {
    let gw = start_gateway(&[]).await;
    let client = backup_client(&gw).await;
    create_vault(&client, "v1").await;
    let id = create_plan(&client, "p", "v1").await;

    let with_resources = |resources: Option<Vec<String>>| {
        BackupSelection::builder()
            .selection_name("s")
            .iam_role_arn(ROLE)
            .set_resources(resources)
            .build()
            .unwrap()
    };
    let empty = with_resources(Some(Vec::new()));
    let message = expect_error(
        client
            .create_backup_selection()
            .backup_plan_id(&id)
            .backup_selection(empty)
            .send()
            .await,
        "InvalidParameterValueException",
    );
    assert_eq!(
        message,
        "Invalid backup selection. Either 'ListOfTags' or 'Resources' section must be non-empty."
    );
    let absent = with_resources(None);
    expect_error(
        client
            .create_backup_selection()
            .backup_plan_id(&id)
            .backup_selection(absent)
            .send()
            .await,
        "MissingParameterValueException",
    );
    let not_a_role = BackupSelection::builder()
        .selection_name("s")
        .iam_role_arn("arn:aws:iam::111122223333:user/alice")
        .resources("*")
        .build()
        .unwrap();
    let message = expect_error(
        client
            .create_backup_selection()
            .backup_plan_id(&id)
            .backup_selection(not_a_role)
            .send()
            .await,
        "InvalidParameterValueException",
    );
    assert!(message.contains("IamRoleArn"), "{message}");
    expect_error(
        client
            .create_backup_selection()
            .backup_plan_id("no-such-plan")
            .backup_selection(selection("s"))
            .send()
            .await,
        "ResourceNotFoundException",
    );
    expect_error(
        client
            .list_backup_selections()
            .backup_plan_id("no-such-plan")
            .send()
            .await,
        "ResourceNotFoundException",
    );
    let listed = client
        .list_backup_selections()
        .backup_plan_id(&id)
        .send()
        .await
        .unwrap();
    assert!(listed.backup_selections_list().is_empty());
}

#[tokio::test]
async fn aws_templates_are_listed_and_readable() {
    let gw = start_gateway(&[]).await;
    let client = backup_client(&gw).await;
    let first = client
        .list_backup_plan_templates()
        .max_results(3)
        .send()
        .await
        .unwrap();
    assert_eq!(first.backup_plan_templates_list().len(), 3);
    let second = client
        .list_backup_plan_templates()
        .max_results(3)
        .next_token(first.next_token().unwrap())
        .send()
        .await
        .unwrap();
    assert!(second.next_token().is_none());
    let names: Vec<_> = first
        .backup_plan_templates_list()
        .iter()
        .chain(second.backup_plan_templates_list())
        .map(|t| t.backup_plan_template_name().unwrap().to_owned())
        .collect();
    assert_eq!(
        names,
        [
            "Daily-35day-Retention",
            "Daily-Monthly-1yr-Retention",
            "Daily-Weekly-Monthly-5yr-Retention",
            "Daily-Weekly-Monthly-7yr-Retention"
        ]
    );

    let daily = client
        .get_backup_plan_from_template()
        .backup_plan_template_id("87c0c1ef-254d-4180-8fef-2e76a2c38aaa")
        .send()
        .await
        .unwrap();
    let document = daily.backup_plan_document().unwrap();
    let rule = &document.rules()[0];
    assert_eq!(rule.rule_name(), "DailyBackups");
    assert_eq!(rule.schedule_expression(), Some("cron(0 5 ? * * *)"));
    assert_eq!(rule.start_window_minutes(), Some(480));
    assert_eq!(rule.lifecycle().unwrap().delete_after_days(), Some(35));

    let monthly = second.backup_plan_templates_list()[0]
        .backup_plan_template_id()
        .unwrap();
    let seven_years = client
        .get_backup_plan_from_template()
        .backup_plan_template_id(monthly)
        .send()
        .await
        .unwrap();
    let rules = seven_years.backup_plan_document().unwrap().rules();
    assert_eq!(rules.len(), 3);
    assert_eq!(
        rules[2].lifecycle().unwrap().delete_after_days(),
        Some(2555)
    );

    expect_error(
        client
            .get_backup_plan_from_template()
            .backup_plan_template_id("00000000-0000-0000-0000-000000000000")
            .send()
            .await,
        "ResourceNotFoundException",
    );
    expect_error(
        client
            .list_backup_plan_templates()
            .next_token("x")
            .send()
            .await,
        "InvalidParameterValueException",
    );
}

#[tokio::test]
async fn exported_templates_round_trip_through_get_backup_plan_from_json() {
    let gw = start_gateway(&[]).await;
    let client = backup_client(&gw).await;
    create_vault(&client, "v1").await;
    let daily = BackupRuleInput::builder()
        .rule_name("daily")
        .target_backup_vault_name("v1")
        .schedule_expression("cron(0 2 ? * * *)")
        .schedule_expression_timezone("Europe/Paris")
        .lifecycle(
            Lifecycle::builder()
                .move_to_cold_storage_after_days(30)
                .delete_after_days(365)
                .build(),
        )
        .build()
        .unwrap();
    let id = client
        .create_backup_plan()
        .backup_plan(plan("exported", vec![daily]))
        .send()
        .await
        .unwrap()
        .backup_plan_id()
        .unwrap()
        .to_owned();
    let json = client
        .export_backup_plan_template()
        .backup_plan_id(&id)
        .send()
        .await
        .unwrap()
        .backup_plan_template_json()
        .unwrap()
        .to_owned();
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed["BackupPlanName"], "exported");
    assert_eq!(
        parsed["Rules"][0]["ScheduleExpressionTimezone"],
        "Europe/Paris"
    );

    let from_json = client
        .get_backup_plan_from_json()
        .backup_plan_template_json(&json)
        .send()
        .await
        .unwrap();
    let document = from_json.backup_plan().unwrap();
    assert_eq!(document.backup_plan_name(), "exported");
    let rule = &document.rules()[0];
    assert_eq!(rule.schedule_expression(), Some("cron(0 2 ? * * *)"));
    assert_eq!(rule.lifecycle().unwrap().delete_after_days(), Some(365));
    assert_eq!(rule.completion_window_minutes(), Some(10080));

    expect_error(
        client
            .get_backup_plan_from_json()
            .backup_plan_template_json("{not json")
            .send()
            .await,
        "InvalidRequestException",
    );
    let message = expect_error(
        client
            .get_backup_plan_from_json()
            .backup_plan_template_json(
                r#"{"BackupPlanName":"p","Rules":[{"RuleName":"r","TargetBackupVaultName":"v","ScheduleExpression":"cron(bad)"}]}"#,
            )
            .send()
            .await,
        "InvalidParameterValueException",
    );
    assert!(
        message.starts_with("Error in rule r : Invalid schedule expression"),
        "{message}"
    );
    expect_error(
        client
            .export_backup_plan_template()
            .backup_plan_id("no-such-plan")
            .send()
            .await,
        "ResourceNotFoundException",
    );
}

#[tokio::test]
async fn plans_are_isolated_by_region_and_account() {
    let gw = start_gateway(&[]).await;
    let home = backup_client(&gw).await;
    create_vault(&home, "v1").await;
    let id = create_plan(&home, "p", "v1").await;

    let other_region = backup_client_for(&gw, "eu-west-1", ACCOUNT).await;
    let other_account = backup_client_for(&gw, "us-east-1", "444455556666").await;
    for client in [&other_region, &other_account] {
        expect_error(
            client.get_backup_plan().backup_plan_id(&id).send().await,
            "ResourceNotFoundException",
        );
        assert_eq!(plan_count(client).await, 0);
        // Vaults are per region and account too, so the same plan cannot be created there.
        expect_error(
            client
                .create_backup_plan()
                .backup_plan(plan("p", vec![rule("daily", "v1")]))
                .send()
                .await,
            "InvalidParameterValueException",
        );
    }
    assert_eq!(plan_count(&home).await, 1);
}
