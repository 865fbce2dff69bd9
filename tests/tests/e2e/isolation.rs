//! Account isolation: account A cannot read, list, tag, untag or delete account B's Backup
//! resources, by name or by ARN. Each account signs with its own 12-digit access key id, which
//! the gateway takes as the account.
//!
//! Another account's resource answers exactly as a resource that does not exist
//! (`ResourceNotFoundException`, the error these operations model): the answer does not tell A
//! whether B has the resource.

use std::fmt::Debug;

use aws_sdk_backup::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_backup::types::{BackupPlanInput, BackupRuleInput, BackupSelection};
use aws_sdk_backup::Client;
use integration_tests::{backup_client_for, start_gateway, tags_of, GatewayHandle};

const A: &str = "111122223333";
const B: &str = "444455556666";
const REGION: &str = "us-east-1";

async fn clients(gateway: &GatewayHandle) -> (Client, Client) {
    (
        backup_client_for(gateway, REGION, A).await,
        backup_client_for(gateway, REGION, B).await,
    )
}

/// The exception name and message of a call that must fail with HTTP 400.
fn refused<T: Debug, E: ProvideErrorMetadata + Debug>(
    result: Result<T, SdkError<E>>,
) -> (String, String) {
    let err = result.expect_err("another account's resource must be out of reach");
    assert_eq!(
        err.raw_response().unwrap().status().as_u16(),
        400,
        "{err:?}"
    );
    (
        err.code().unwrap_or_default().to_owned(),
        err.message().unwrap_or_default().to_owned(),
    )
}

fn not_found<T: Debug, E: ProvideErrorMetadata + Debug>(result: Result<T, SdkError<E>>) {
    let (code, message) = refused(result);
    assert_eq!(code, "ResourceNotFoundException", "{message}");
}

/// A read of another account's (or region's) vault gets AWS's answer for a vault the caller
/// cannot see: `AccessDeniedException`, HTTP 403, with no hint that the vault exists.
fn denied<T: Debug, E: ProvideErrorMetadata + Debug>(result: Result<T, SdkError<E>>) {
    let err = result.expect_err("another account's vault must be out of reach");
    assert_eq!(
        err.raw_response().unwrap().status().as_u16(),
        403,
        "{err:?}"
    );
    assert_eq!(err.code(), Some("AccessDeniedException"), "{err:?}");
}

async fn create_vault(client: &Client, name: &str, tags: &[(&str, &str)]) -> String {
    client
        .create_backup_vault()
        .backup_vault_name(name)
        .set_backup_vault_tags(Some(
            tags.iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        ))
        .send()
        .await
        .expect("create vault")
        .backup_vault_arn
        .expect("arn")
}

async fn vault_names(client: &Client) -> Vec<String> {
    let mut names = Vec::new();
    let mut token = None;
    loop {
        let page = client
            .list_backup_vaults()
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        names.extend(
            page.backup_vault_list()
                .iter()
                .filter_map(|v| v.backup_vault_name().map(str::to_owned)),
        );
        token = page.next_token;
        if token.is_none() {
            return names;
        }
    }
}

#[tokio::test]
async fn another_accounts_vault_is_invisible_by_name() {
    let gateway = start_gateway(&[]).await;
    let (a, b) = clients(&gateway).await;
    create_vault(&b, "b-vault", &[]).await;

    denied(
        a.describe_backup_vault()
            .backup_vault_name("b-vault")
            .send()
            .await,
    );
    denied(
        a.describe_backup_vault()
            .backup_vault_name("b-vault")
            .backup_vault_account_id(B)
            .send()
            .await,
    );
    assert!(!vault_names(&a).await.contains(&"b-vault".to_owned()));
    not_found(
        a.delete_backup_vault()
            .backup_vault_name("b-vault")
            .send()
            .await,
    );
    not_found(
        a.list_recovery_points_by_backup_vault()
            .backup_vault_name("b-vault")
            .send()
            .await,
    );
    denied(
        a.get_backup_vault_access_policy()
            .backup_vault_name("b-vault")
            .send()
            .await,
    );

    // B still has its vault, untouched.
    assert_eq!(vault_names(&b).await, vec!["b-vault".to_owned()]);
    b.describe_backup_vault()
        .backup_vault_name("b-vault")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn the_same_name_in_two_accounts_is_two_vaults() {
    let gateway = start_gateway(&[]).await;
    let (a, b) = clients(&gateway).await;
    let a_arn = create_vault(&a, "same", &[("owner", "a")]).await;
    let b_arn = create_vault(&b, "same", &[("owner", "b")]).await;
    assert_eq!(
        a_arn,
        format!("arn:aws:backup:{REGION}:{A}:backup-vault:same")
    );
    assert_eq!(
        b_arn,
        format!("arn:aws:backup:{REGION}:{B}:backup-vault:same")
    );

    a.delete_backup_vault()
        .backup_vault_name("same")
        .send()
        .await
        .unwrap();
    assert!(vault_names(&a).await.is_empty());
    assert_eq!(vault_names(&b).await, vec!["same".to_owned()]);
    assert_eq!(tags_of(&b, &b_arn).await["owner"], "b");
}

#[tokio::test]
async fn another_accounts_arn_cannot_be_tagged_listed_or_untagged() {
    let gateway = start_gateway(&[]).await;
    let (a, b) = clients(&gateway).await;
    let b_arn = create_vault(&b, "tagged", &[("owner", "b")]).await;
    // A has a vault of the same name: its own ARN works, B's does not.
    let a_arn = create_vault(&a, "tagged", &[]).await;

    let (code, existing) = refused(a.list_tags().resource_arn(&b_arn).send().await);
    assert_eq!(code, "ResourceNotFoundException");
    not_found(
        a.tag_resource()
            .resource_arn(&b_arn)
            .tags("owner", "a")
            .send()
            .await,
    );
    not_found(
        a.untag_resource()
            .resource_arn(&b_arn)
            .tag_key_list("owner")
            .send()
            .await,
    );

    // The answer is the same as for a vault B does not have: no existence oracle.
    let missing = format!("arn:aws:backup:{REGION}:{B}:backup-vault:nothing-here");
    let (code, absent) = refused(a.list_tags().resource_arn(&missing).send().await);
    assert_eq!(code, "ResourceNotFoundException");
    assert_eq!(
        existing.replace(&b_arn, "<arn>"),
        absent.replace(&missing, "<arn>")
    );

    a.tag_resource()
        .resource_arn(&a_arn)
        .tags("owner", "a")
        .send()
        .await
        .unwrap();
    assert_eq!(tags_of(&b, &b_arn).await["owner"], "b");
    assert_eq!(tags_of(&a, &a_arn).await["owner"], "a");
}

fn plan_input(name: &str, vault: &str) -> BackupPlanInput {
    BackupPlanInput::builder()
        .backup_plan_name(name)
        .rules(
            BackupRuleInput::builder()
                .rule_name("daily")
                .target_backup_vault_name(vault)
                .build()
                .unwrap(),
        )
        .build()
        .unwrap()
}

fn selection_input(account: &str) -> BackupSelection {
    BackupSelection::builder()
        .selection_name("all-volumes")
        .iam_role_arn(format!("arn:aws:iam::{account}:role/backup"))
        .resources(format!("arn:aws:ec2:{REGION}:{account}:volume/*"))
        .build()
        .unwrap()
}

#[tokio::test]
async fn another_accounts_plans_and_selections_are_out_of_reach() {
    let gateway = start_gateway(&[]).await;
    let (a, b) = clients(&gateway).await;
    create_vault(&b, "b-vault", &[]).await;
    let plan = b
        .create_backup_plan()
        .backup_plan(plan_input("b-plan", "b-vault"))
        .backup_plan_tags("owner", "b")
        .send()
        .await
        .unwrap();
    let plan_id = plan.backup_plan_id.unwrap();
    let plan_arn = plan.backup_plan_arn.unwrap();
    let selection_id = b
        .create_backup_selection()
        .backup_plan_id(&plan_id)
        .backup_selection(selection_input(B))
        .send()
        .await
        .unwrap()
        .selection_id
        .unwrap();

    not_found(a.get_backup_plan().backup_plan_id(&plan_id).send().await);
    not_found(a.delete_backup_plan().backup_plan_id(&plan_id).send().await);
    not_found(
        a.update_backup_plan()
            .backup_plan_id(&plan_id)
            .backup_plan(plan_input("hijacked", "b-vault"))
            .send()
            .await,
    );
    not_found(
        a.list_backup_plan_versions()
            .backup_plan_id(&plan_id)
            .send()
            .await,
    );
    let listed = a.list_backup_plans().send().await.unwrap();
    assert!(listed.backup_plans_list().is_empty());
    not_found(
        a.create_backup_selection()
            .backup_plan_id(&plan_id)
            .backup_selection(selection_input(A))
            .send()
            .await,
    );
    // AWS answers a plan it cannot find with InvalidParameterValueException (issue 22).
    let (code, _) = refused(
        a.get_backup_selection()
            .backup_plan_id(&plan_id)
            .selection_id(&selection_id)
            .send()
            .await,
    );
    assert_eq!(code, "InvalidParameterValueException");
    not_found(
        a.delete_backup_selection()
            .backup_plan_id(&plan_id)
            .selection_id(&selection_id)
            .send()
            .await,
    );
    not_found(
        a.list_backup_selections()
            .backup_plan_id(&plan_id)
            .send()
            .await,
    );
    not_found(a.list_tags().resource_arn(&plan_arn).send().await);
    not_found(
        a.tag_resource()
            .resource_arn(&plan_arn)
            .tags("owner", "a")
            .send()
            .await,
    );

    // B's plan, selection and tags are as B left them.
    let got = b
        .get_backup_plan()
        .backup_plan_id(&plan_id)
        .send()
        .await
        .unwrap();
    assert_eq!(got.backup_plan().unwrap().backup_plan_name(), "b-plan");
    b.get_backup_selection()
        .backup_plan_id(&plan_id)
        .selection_id(&selection_id)
        .send()
        .await
        .unwrap();
    assert_eq!(tags_of(&b, &plan_arn).await["owner"], "b");
}

#[tokio::test]
async fn regions_of_one_account_are_apart_too() {
    let gateway = start_gateway(&[]).await;
    let east = backup_client_for(&gateway, "us-east-1", A).await;
    let west = backup_client_for(&gateway, "eu-west-1", A).await;
    let arn = create_vault(&east, "east-vault", &[]).await;
    denied(
        west.describe_backup_vault()
            .backup_vault_name("east-vault")
            .send()
            .await,
    );
    not_found(west.list_tags().resource_arn(&arn).send().await);
    assert!(vault_names(&west).await.is_empty());
}
