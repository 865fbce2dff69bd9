//! Tags (TagResource, UntagResource, ListTags) and settings (GetSupportedResourceTypes,
//! Describe/UpdateGlobalSettings, Describe/UpdateRegionSettings) as a user's SDK sees them.
//!
//! Tagging needs resources to tag; the tests that create vaults and plans are ignored until
//! CreateBackupVault and CreateBackupPlan land, and assume they behave as AWS documents.

use std::collections::BTreeMap;

use aws_sdk_backup::error::ProvideErrorMetadata;
use aws_sdk_backup::types::{BackupPlanInput, BackupRuleInput};
use integration_tests::{
    backup_client, backup_client_for, create_vault, start_gateway, tags_of, ACCOUNT,
};

/// The HTTP status, exception code and message of a call that must fail.
fn status_of<T, E>(result: Result<T, aws_sdk_backup::error::SdkError<E>>) -> (u16, String, String)
where
    E: ProvideErrorMetadata + std::fmt::Debug,
{
    let err = result.err().expect("an error");
    let status = err.raw_response().expect("a response").status().as_u16();
    (
        status,
        err.code().unwrap_or_default().to_owned(),
        err.message().unwrap_or_default().to_owned(),
    )
}

fn vault_arn(region: &str, account: &str, name: &str) -> String {
    format!("arn:aws:backup:{region}:{account}:backup-vault:{name}")
}

/// The tag map of `pairs`, to compare with [`tags_of`].
fn tags(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// GetSupportedResourceTypes

#[tokio::test]
async fn supported_resource_types_use_aws_spellings() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    let out = client.get_supported_resource_types().send().await.unwrap();
    let types = out.resource_types();
    for expected in [
        "Aurora",
        "CloudFormation",
        "DocumentDB",
        "DynamoDB",
        "EBS",
        "EC2",
        "EFS",
        "FSx",
        "Neptune",
        "RDS",
        "Redshift",
        "S3",
        "SAP HANA on Amazon EC2",
        "Storage Gateway",
        "Timestream",
        "VirtualMachine",
    ] {
        assert!(
            types.iter().any(|t| t == expected),
            "{expected} in {types:?}"
        );
    }
    assert!(!types.iter().any(|t| t == "Lambda"));
}

// ---------------------------------------------------------------------------------------------
// Global settings

#[tokio::test]
async fn global_settings_default_to_false_and_updates_are_kept_per_account() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    let out = client.describe_global_settings().send().await.unwrap();
    let settings = out.global_settings().cloned().unwrap_or_default();
    assert_eq!(settings.len(), 3, "{settings:?}");
    for name in [
        "isCrossAccountBackupEnabled",
        "isMpaEnabled",
        "isDelegatedAdministratorEnabled",
    ] {
        assert_eq!(
            settings.get(name).map(String::as_str),
            Some("false"),
            "{name}"
        );
    }
    assert!(out.last_update_time().is_none());

    client
        .update_global_settings()
        .global_settings("isCrossAccountBackupEnabled", "true")
        .send()
        .await
        .unwrap();
    let out = client.describe_global_settings().send().await.unwrap();
    let settings = out.global_settings().cloned().unwrap_or_default();
    assert_eq!(settings["isCrossAccountBackupEnabled"], "true");
    assert_eq!(settings["isMpaEnabled"], "false");
    assert!(out.last_update_time().is_some_and(|t| t.secs() > 0));

    // Global settings are per account, and the same in every region of it.
    let same_account_elsewhere = backup_client_for(&gateway, "ap-southeast-2", ACCOUNT).await;
    let out = same_account_elsewhere
        .describe_global_settings()
        .send()
        .await
        .unwrap();
    assert_eq!(
        out.global_settings().unwrap()["isCrossAccountBackupEnabled"],
        "true"
    );
    let other_account = backup_client_for(&gateway, "us-east-1", "444455556666").await;
    let out = other_account
        .describe_global_settings()
        .send()
        .await
        .unwrap();
    assert_eq!(
        out.global_settings().unwrap()["isCrossAccountBackupEnabled"],
        "false"
    );
    assert!(out.last_update_time().is_none());
}

#[tokio::test]
async fn global_settings_reject_unknown_names_and_non_boolean_values() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    for (name, value) in [("isSomethingEnabled", "true"), ("isMpaEnabled", "maybe")] {
        let (status, code, message) = status_of(
            client
                .update_global_settings()
                .global_settings(name, value)
                .send()
                .await,
        );
        assert_eq!(status, 400);
        assert_eq!(code, "InvalidParameterValueException");
        assert!(message.contains(name), "{message}");
    }
    let (status, code, _) = status_of(client.update_global_settings().send().await);
    assert_eq!(
        (status, code.as_str()),
        (400, "MissingParameterValueException")
    );
    let out = client.describe_global_settings().send().await.unwrap();
    assert_eq!(out.global_settings().unwrap()["isMpaEnabled"], "false");
    assert!(out.last_update_time().is_none());
}

// ---------------------------------------------------------------------------------------------
// Region settings

#[tokio::test]
async fn region_settings_start_opted_in_and_updates_are_kept_per_region_and_account() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    let out = client.describe_region_settings().send().await.unwrap();
    let opt_in = out
        .resource_type_opt_in_preference()
        .cloned()
        .unwrap_or_default();
    // Every listed type, plus DSQL and Redshift Serverless, which AWS opts in and reports
    // without listing them in GetSupportedResourceTypes.
    let supported = client.get_supported_resource_types().send().await.unwrap();
    assert_eq!(opt_in.len(), supported.resource_types().len() + 2);
    assert!(supported
        .resource_types()
        .iter()
        .chain(&["DSQL".to_owned(), "Redshift Serverless".to_owned()])
        .all(|name| opt_in.contains_key(name)));
    assert!(opt_in.values().all(|v| *v), "{opt_in:?}");
    let management = out
        .resource_type_management_preference()
        .cloned()
        .unwrap_or_default();
    let mut keys: Vec<_> = management.keys().cloned().collect();
    keys.sort();
    assert_eq!(keys, ["DynamoDB", "EFS"]);

    client
        .update_region_settings()
        .resource_type_opt_in_preference("EBS", false)
        .resource_type_opt_in_preference("Aurora", false)
        .resource_type_management_preference("DynamoDB", false)
        .send()
        .await
        .unwrap();
    let out = client.describe_region_settings().send().await.unwrap();
    let opt_in = out.resource_type_opt_in_preference().unwrap();
    assert!(!opt_in["EBS"]);
    assert!(!opt_in["Aurora"]);
    assert!(opt_in["RDS"]);
    let management = out.resource_type_management_preference().unwrap();
    assert!(!management["DynamoDB"]);
    assert!(management["EFS"]);

    let other_region = backup_client_for(&gateway, "eu-west-1", ACCOUNT).await;
    let out = other_region
        .describe_region_settings()
        .send()
        .await
        .unwrap();
    assert!(out.resource_type_opt_in_preference().unwrap()["EBS"]);
    let other_account = backup_client_for(&gateway, "us-east-1", "444455556666").await;
    let out = other_account
        .describe_region_settings()
        .send()
        .await
        .unwrap();
    assert!(out.resource_type_opt_in_preference().unwrap()["EBS"]);
    assert!(out.resource_type_management_preference().unwrap()["DynamoDB"]);
}

#[tokio::test]
async fn region_settings_reject_unknown_resource_types() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    let (status, code, message) = status_of(
        client
            .update_region_settings()
            .resource_type_opt_in_preference("EBS", false)
            .resource_type_opt_in_preference("Lambda", true)
            .send()
            .await,
    );
    assert_eq!(
        (status, code.as_str()),
        (400, "InvalidParameterValueException")
    );
    assert!(
        message.contains("resource type opt in preference"),
        "{message}"
    );

    let (status, code, message) = status_of(
        client
            .update_region_settings()
            .resource_type_management_preference("S3", true)
            .send()
            .await,
    );
    assert_eq!(
        (status, code.as_str()),
        (400, "InvalidParameterValueException")
    );
    assert!(message.contains("management preference"), "{message}");

    let (status, code, _) = status_of(client.update_region_settings().send().await);
    assert_eq!(
        (status, code.as_str()),
        (400, "MissingParameterValueException")
    );

    let out = client.describe_region_settings().send().await.unwrap();
    assert!(out.resource_type_opt_in_preference().unwrap()["EBS"]);
}

#[tokio::test]
async fn region_settings_accept_resource_types_with_spaces() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    client
        .update_region_settings()
        .resource_type_opt_in_preference("Storage Gateway", false)
        .resource_type_opt_in_preference("SAP HANA on Amazon EC2", false)
        .send()
        .await
        .expect("types with spaces are valid");
    let out = client.describe_region_settings().send().await.unwrap();
    let opt_in = out.resource_type_opt_in_preference().unwrap();
    assert!(!opt_in["Storage Gateway"]);
    assert!(!opt_in["SAP HANA on Amazon EC2"]);
}

// ---------------------------------------------------------------------------------------------
// Tagging: errors that need no resource

#[tokio::test]
async fn tagging_a_non_backup_or_malformed_arn_is_an_invalid_parameter() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    for arn in [
        "arn:aws:ec2:us-east-1:111122223333:volume/vol-0123456789abcdef0",
        "not-an-arn",
        "arn:aws:backup:us-east-1:111122223333:backup-job:job-1",
    ] {
        let (status, code, message) = status_of(
            client
                .tag_resource()
                .resource_arn(arn)
                .tags("team", "storage")
                .send()
                .await,
        );
        assert_eq!(
            (status, code.as_str()),
            (400, "InvalidParameterValueException"),
            "{arn}"
        );
        assert!(message.contains(arn), "{message}");
        let (status, code, _) = status_of(client.list_tags().resource_arn(arn).send().await);
        assert_eq!(
            (status, code.as_str()),
            (400, "InvalidParameterValueException"),
            "{arn}"
        );
        let (status, code, _) = status_of(
            client
                .untag_resource()
                .resource_arn(arn)
                .tag_key_list("team")
                .send()
                .await,
        );
        assert_eq!(
            (status, code.as_str()),
            (400, "InvalidParameterValueException"),
            "{arn}"
        );
    }
}

#[tokio::test]
async fn tagging_a_resource_that_does_not_exist_is_not_found() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    for arn in [
        vault_arn("us-east-1", ACCOUNT, "nothing-here"),
        format!("arn:aws:backup:us-east-1:{ACCOUNT}:backup-plan:0000-1111"),
        format!("arn:aws:backup:us-east-1:{ACCOUNT}:recovery-point:rp-0000"),
        format!("arn:aws:backup:us-east-1:{ACCOUNT}:framework:fw-0000"),
    ] {
        let (status, code, message) = status_of(
            client
                .tag_resource()
                .resource_arn(&arn)
                .tags("team", "storage")
                .send()
                .await,
        );
        assert_eq!(
            (status, code.as_str()),
            (400, "ResourceNotFoundException"),
            "{arn}"
        );
        assert!(message.contains(&arn), "{message}");
        let (_, code, _) = status_of(client.list_tags().resource_arn(&arn).send().await);
        assert_eq!(code, "ResourceNotFoundException", "{arn}");
        let (_, code, _) = status_of(
            client
                .untag_resource()
                .resource_arn(&arn)
                .tag_key_list("team")
                .send()
                .await,
        );
        assert_eq!(code, "ResourceNotFoundException", "{arn}");
    }
}

#[tokio::test]
async fn tagging_requires_tags_and_untagging_requires_keys() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    let arn = vault_arn("us-east-1", ACCOUNT, "v");
    let (status, code, _) = status_of(client.tag_resource().resource_arn(&arn).send().await);
    assert_eq!(
        (status, code.as_str()),
        (400, "MissingParameterValueException")
    );
    let (status, code, _) = status_of(client.untag_resource().resource_arn(&arn).send().await);
    assert_eq!(
        (status, code.as_str()),
        (400, "MissingParameterValueException")
    );
}

// ---------------------------------------------------------------------------------------------
// Tagging: with resources (need CreateBackupVault / CreateBackupPlan)

#[tokio::test]
async fn tags_are_added_merged_listed_and_removed() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    let arn = create_vault(&client, "my-vault").await;
    assert_eq!(arn, vault_arn("us-east-1", ACCOUNT, "my-vault"));
    assert!(tags_of(&client, &arn).await.is_empty());

    client
        .tag_resource()
        .resource_arn(&arn)
        .tags("team", "storage")
        .tags("env", "dev")
        .send()
        .await
        .unwrap();
    client
        .tag_resource()
        .resource_arn(&arn)
        .tags("env", "prod")
        .tags("empty", "")
        .send()
        .await
        .unwrap();
    assert_eq!(
        tags_of(&client, &arn).await,
        tags(&[("empty", ""), ("env", "prod"), ("team", "storage")])
    );

    client
        .untag_resource()
        .resource_arn(&arn)
        .tag_key_list("env")
        .tag_key_list("never-set")
        .send()
        .await
        .unwrap();
    let keys: Vec<String> = tags_of(&client, &arn).await.into_keys().collect();
    assert_eq!(keys, ["empty", "team"]);
}

#[tokio::test]
async fn tags_given_at_vault_creation_are_listed_and_vanish_with_the_vault() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    let arn = client
        .create_backup_vault()
        .backup_vault_name("tagged")
        .backup_vault_tags("owner", "alice")
        .send()
        .await
        .unwrap()
        .backup_vault_arn()
        .unwrap()
        .to_owned();
    assert_eq!(tags_of(&client, &arn).await, tags(&[("owner", "alice")]));
    client
        .delete_backup_vault()
        .backup_vault_name("tagged")
        .send()
        .await
        .unwrap();
    let (_, code, _) = status_of(client.list_tags().resource_arn(&arn).send().await);
    assert_eq!(code, "ResourceNotFoundException");
    create_vault(&client, "tagged").await;
    assert!(tags_of(&client, &arn).await.is_empty());
}

#[tokio::test]
async fn plans_can_be_tagged_until_they_are_deleted() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    create_vault(&client, "plan-target").await;
    let plan = client
        .create_backup_plan()
        .backup_plan(
            BackupPlanInput::builder()
                .backup_plan_name("daily")
                .rules(
                    BackupRuleInput::builder()
                        .rule_name("daily")
                        .target_backup_vault_name("plan-target")
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let plan_arn = plan.backup_plan_arn().unwrap().to_owned();
    let plan_id = plan.backup_plan_id().unwrap().to_owned();
    client
        .tag_resource()
        .resource_arn(&plan_arn)
        .tags("tier", "gold")
        .send()
        .await
        .unwrap();
    assert_eq!(tags_of(&client, &plan_arn).await, tags(&[("tier", "gold")]));
    client
        .delete_backup_plan()
        .backup_plan_id(&plan_id)
        .send()
        .await
        .unwrap();
    let (_, code, _) = status_of(
        client
            .tag_resource()
            .resource_arn(&plan_arn)
            .tags("tier", "silver")
            .send()
            .await,
    );
    assert_eq!(code, "ResourceNotFoundException");
}

#[tokio::test]
async fn tag_rules_and_the_fifty_tag_limit_are_enforced_without_partial_changes() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    let arn = create_vault(&client, "limits").await;
    for (key, value) in [
        ("aws:owner".to_owned(), "me".to_owned()),
        ("k".repeat(129), "v".to_owned()),
        ("k".to_owned(), "v".repeat(257)),
    ] {
        let (status, code, _) = status_of(
            client
                .tag_resource()
                .resource_arn(&arn)
                .tags("fine", "1")
                .tags(&key, &value)
                .send()
                .await,
        );
        assert_eq!(
            (status, code.as_str()),
            (400, "InvalidParameterValueException"),
            "{key}"
        );
    }
    let (_, code, _) = status_of(
        client
            .untag_resource()
            .resource_arn(&arn)
            .tag_key_list("aws:owner")
            .send()
            .await,
    );
    assert_eq!(code, "InvalidParameterValueException");
    assert!(tags_of(&client, &arn).await.is_empty());

    let mut request = client.tag_resource().resource_arn(&arn);
    for i in 0..50 {
        request = request.tags(format!("key-{i:02}"), "v");
    }
    request.send().await.unwrap();
    let (status, code, _) = status_of(
        client
            .tag_resource()
            .resource_arn(&arn)
            .tags("one-too-many", "v")
            .send()
            .await,
    );
    assert_eq!((status, code.as_str()), (400, "LimitExceededException"));
    assert_eq!(tags_of(&client, &arn).await.len(), 50);
    // Overwriting an existing key stays within the limit.
    client
        .tag_resource()
        .resource_arn(&arn)
        .tags("key-00", "changed")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn list_tags_paginates_over_keys() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    let arn = create_vault(&client, "paged").await;
    let mut request = client.tag_resource().resource_arn(&arn);
    for i in 0..5 {
        request = request.tags(format!("key-{i}"), format!("value-{i}"));
    }
    request.send().await.unwrap();

    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let out = client
            .list_tags()
            .resource_arn(&arn)
            .max_results(2)
            .set_next_token(token.clone())
            .send()
            .await
            .unwrap();
        let tags = out.tags().cloned().unwrap_or_default();
        assert!(tags.len() <= 2);
        let mut keys: Vec<String> = tags.keys().cloned().collect();
        keys.sort();
        seen.extend(keys);
        pages += 1;
        token = out.next_token().map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, ["key-0", "key-1", "key-2", "key-3", "key-4"]);

    let (status, code, _) = status_of(
        client
            .list_tags()
            .resource_arn(&arn)
            .next_token("not-a-token")
            .send()
            .await,
    );
    assert_eq!(
        (status, code.as_str()),
        (400, "InvalidParameterValueException")
    );
}

#[tokio::test]
async fn a_vault_is_tagged_only_from_its_own_account_and_region() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    let arn = create_vault(&client, "home").await;
    client
        .tag_resource()
        .resource_arn(&arn)
        .tags("team", "storage")
        .send()
        .await
        .unwrap();
    for other in [
        backup_client_for(&gateway, "eu-west-1", ACCOUNT).await,
        backup_client_for(&gateway, "us-east-1", "444455556666").await,
    ] {
        let (status, code, _) = status_of(
            other
                .tag_resource()
                .resource_arn(&arn)
                .tags("team", "intruder")
                .send()
                .await,
        );
        assert_eq!((status, code.as_str()), (400, "ResourceNotFoundException"));
        let (_, code, _) = status_of(other.list_tags().resource_arn(&arn).send().await);
        assert_eq!(code, "ResourceNotFoundException");
    }
    // A vault of the same name elsewhere is a different resource with its own tags.
    let eu = backup_client_for(&gateway, "eu-west-1", ACCOUNT).await;
    let eu_arn = create_vault(&eu, "home").await;
    assert_eq!(eu_arn, vault_arn("eu-west-1", ACCOUNT, "home"));
    assert!(tags_of(&eu, &eu_arn).await.is_empty());
    assert_eq!(tags_of(&client, &arn).await, tags(&[("team", "storage")]));
}
