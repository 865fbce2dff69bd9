//! Backup vaults end to end with the real `aws-sdk-backup` client: create, describe, list,
//! delete, access policies, notifications and Vault Lock, their errors, pagination, isolation
//! by account and region, and concurrent creation.

use std::collections::BTreeSet;
use std::fmt::Debug;

use aws_sdk_backup::config::http::HttpResponse;
use aws_sdk_backup::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_backup::operation::create_backup_vault::CreateBackupVaultError;
use aws_sdk_backup::types::{BackupVaultEvent, EncryptionKeyType, VaultState, VaultType};
use aws_sdk_backup::Client;
use integration_tests::{backup_client, backup_client_for, start_gateway, ACCOUNT};

const OTHER_ACCOUNT: &str = "444455556666";
const TOPIC: &str = "arn:aws:sns:us-east-1:111122223333:vault-events";
const CUSTOMER_KEY: &str =
    "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"backup:DeleteRecoveryPoint","Resource":"*"}]}"#;

/// Asserts that `result` failed with HTTP 400 and the exception `code`, and returns the error.
fn expect_error<T: Debug, E: ProvideErrorMetadata + Debug>(
    result: Result<T, SdkError<E, HttpResponse>>,
    code: &str,
) -> SdkError<E, HttpResponse> {
    let error = result.expect_err(code);
    assert_eq!(error.code(), Some(code), "{error:?}");
    let status = error.raw_response().map(|raw| raw.status().as_u16());
    assert_eq!(status, Some(400), "{error:?}");
    error
}

/// Asserts that `result` failed with AWS's answer for a vault that does not exist:
/// `AccessDeniedException`, HTTP 403 (issue 22; docs/services/backup.md).
fn expect_denied<T: Debug, E: ProvideErrorMetadata + Debug>(
    result: Result<T, SdkError<E, HttpResponse>>,
) {
    let error = result.expect_err("AccessDeniedException");
    assert_eq!(error.code(), Some("AccessDeniedException"), "{error:?}");
    let status = error.raw_response().map(|raw| raw.status().as_u16());
    assert_eq!(status, Some(403), "{error:?}");
}

async fn create(
    client: &Client,
    name: &str,
) -> aws_sdk_backup::operation::create_backup_vault::CreateBackupVaultOutput {
    client
        .create_backup_vault()
        .backup_vault_name(name)
        .send()
        .await
        .expect("create vault")
}

async fn listed_names(client: &Client) -> Vec<String> {
    let output = client
        .list_backup_vaults()
        .send()
        .await
        .expect("list vaults");
    output
        .backup_vault_list()
        .iter()
        .filter_map(|vault| vault.backup_vault_name().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn a_vault_is_created_described_listed_and_deleted() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;

    let created = client
        .create_backup_vault()
        .backup_vault_name("daily")
        .backup_vault_tags("team", "storage")
        .creator_request_id("req-1")
        .send()
        .await
        .expect("create");
    let arn = format!("arn:aws:backup:us-east-1:{ACCOUNT}:backup-vault:daily");
    assert_eq!(created.backup_vault_name(), Some("daily"));
    assert_eq!(created.backup_vault_arn(), Some(arn.as_str()));
    let creation_date = created.creation_date().copied().expect("creation date");

    let described = client
        .describe_backup_vault()
        .backup_vault_name("daily")
        .send()
        .await
        .expect("describe");
    assert_eq!(described.backup_vault_name(), Some("daily"));
    assert_eq!(described.backup_vault_arn(), Some(arn.as_str()));
    assert_eq!(described.vault_type(), Some(&VaultType::BackupVault));
    assert_eq!(described.vault_state(), Some(&VaultState::Available));
    assert_eq!(described.creation_date(), Some(&creation_date));
    assert_eq!(described.creator_request_id(), Some("req-1"));
    assert_eq!(described.number_of_recovery_points(), 0);
    assert_eq!(described.locked(), Some(false));
    assert_eq!(described.min_retention_days(), None);
    assert_eq!(described.max_retention_days(), None);
    assert_eq!(described.lock_date(), None);
    // Without a key, AWS uses the account's `aws/backup` key: the same for every vault.
    let key = described.encryption_key_arn().expect("a key").to_owned();
    assert!(
        key.starts_with(&format!("arn:aws:kms:us-east-1:{ACCOUNT}:key/")),
        "{key}"
    );
    assert_eq!(described.encryption_key_type(), None);
    create(&client, "weekly").await;
    let weekly = client
        .describe_backup_vault()
        .backup_vault_name("weekly")
        .send()
        .await
        .expect("describe");
    assert_eq!(weekly.encryption_key_arn(), Some(key.as_str()));
    // The owner's own account id is accepted.
    let own = client
        .describe_backup_vault()
        .backup_vault_name("daily")
        .backup_vault_account_id(ACCOUNT)
        .send()
        .await
        .expect("describe by owner");
    assert_eq!(own.backup_vault_arn(), Some(arn.as_str()));

    let listed = client.list_backup_vaults().send().await.expect("list");
    assert_eq!(listed.next_token(), None);
    let daily = listed
        .backup_vault_list()
        .iter()
        .find(|vault| vault.backup_vault_name() == Some("daily"))
        .expect("daily is listed");
    assert_eq!(daily.backup_vault_arn(), Some(arn.as_str()));
    assert_eq!(daily.encryption_key_arn(), Some(key.as_str()));
    assert_eq!(daily.creator_request_id(), Some("req-1"));
    assert_eq!(daily.creation_date(), Some(&creation_date));
    assert_eq!(daily.vault_type(), Some(&VaultType::BackupVault));
    assert_eq!(daily.vault_state(), Some(&VaultState::Available));
    assert_eq!(daily.locked(), Some(false));
    assert_eq!(daily.number_of_recovery_points(), 0);

    client
        .delete_backup_vault()
        .backup_vault_name("daily")
        .send()
        .await
        .expect("delete");
    assert_eq!(listed_names(&client).await, ["weekly"]);
    expect_denied(
        client
            .describe_backup_vault()
            .backup_vault_name("daily")
            .send()
            .await,
    );
}

#[tokio::test]
async fn a_customer_key_is_kept_and_a_key_that_is_not_a_kms_key_arn_is_refused() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    client
        .create_backup_vault()
        .backup_vault_name("cmk")
        .encryption_key_arn(CUSTOMER_KEY)
        .send()
        .await
        .expect("create");
    let described = client
        .describe_backup_vault()
        .backup_vault_name("cmk")
        .send()
        .await
        .expect("describe");
    assert_eq!(described.encryption_key_arn(), Some(CUSTOMER_KEY));
    assert_eq!(
        described.encryption_key_type(),
        Some(&EncryptionKeyType::CustomerManagedKmsKey)
    );

    for bad in [
        "alias/aws/backup",
        "arn:aws:kms:us-east-1:111122223333:alias/mine",
    ] {
        expect_error(
            client
                .create_backup_vault()
                .backup_vault_name("bad-key")
                .encryption_key_arn(bad)
                .send()
                .await,
            "InvalidParameterValueException",
        );
    }
    assert_eq!(listed_names(&client).await, ["cmk"]);
}

#[tokio::test]
async fn creation_is_idempotent_per_creator_request_id_and_names_are_unique() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    let send = |id: &'static str| {
        client
            .create_backup_vault()
            .backup_vault_name("once")
            .creator_request_id(id)
            .send()
    };
    let first = send("token-a").await.expect("create");
    let replay = send("token-a").await.expect("same request again");
    assert_eq!(replay.backup_vault_arn(), first.backup_vault_arn());
    assert_eq!(replay.creation_date(), first.creation_date());

    let error = expect_error(send("token-b").await, "AlreadyExistsException");
    assert_eq!(
        error.message(),
        Some("Backup vault with the same name already exists")
    );
    match error.into_service_error() {
        CreateBackupVaultError::AlreadyExistsException(exists) => {
            assert_eq!(exists.arn(), first.backup_vault_arn());
            assert_eq!(exists.creator_request_id(), Some("token-a"));
        }
        other => panic!("unexpected error {other:?}"),
    }
    // Without an explicit id the SDK generates a fresh one: a second plain create collides.
    expect_error(
        client
            .create_backup_vault()
            .backup_vault_name("once")
            .send()
            .await,
        "AlreadyExistsException",
    );
    assert_eq!(listed_names(&client).await, ["once"]);
}

#[tokio::test]
async fn invalid_input_and_unknown_vaults_are_rejected() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    expect_error(
        client
            .create_backup_vault()
            .backup_vault_name("has a space")
            .send()
            .await,
        "InvalidParameterValueException",
    );
    expect_error(
        client
            .create_backup_vault()
            .backup_vault_name("tagged")
            .backup_vault_tags("aws:reserved", "x")
            .send()
            .await,
        "InvalidParameterValueException",
    );
    expect_error(
        client
            .create_backup_vault()
            .backup_vault_name("tagged")
            .backup_vault_tags("k".repeat(129), "x")
            .send()
            .await,
        "InvalidParameterValueException",
    );
    assert!(listed_names(&client).await.is_empty(), "nothing created");

    expect_denied(
        client
            .describe_backup_vault()
            .backup_vault_name("missing")
            .send()
            .await,
    );
    expect_error(
        client
            .delete_backup_vault()
            .backup_vault_name("missing")
            .send()
            .await,
        "ResourceNotFoundException",
    );
    create(&client, "mine").await;
    // Another account's vault is never visible, even under a name the caller has.
    expect_denied(
        client
            .describe_backup_vault()
            .backup_vault_name("mine")
            .backup_vault_account_id(OTHER_ACCOUNT)
            .send()
            .await,
    );
}

#[tokio::test]
async fn listing_pages_by_name_and_survives_changes_between_pages() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    for name in ["v-a", "v-c", "v-e", "v-g", "v-i"] {
        create(&client, name).await;
    }
    let first = client
        .list_backup_vaults()
        .max_results(2)
        .send()
        .await
        .expect("page 1");
    let names = |page: &aws_sdk_backup::operation::list_backup_vaults::ListBackupVaultsOutput| {
        page.backup_vault_list()
            .iter()
            .filter_map(|v| v.backup_vault_name().map(str::to_owned))
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&first), ["v-a", "v-c"]);
    let token = first.next_token().expect("more pages").to_owned();

    // Between pages: a vault after the cursor appears, one after it goes, one before is added.
    create(&client, "v-d").await;
    create(&client, "v-0").await;
    client
        .delete_backup_vault()
        .backup_vault_name("v-e")
        .send()
        .await
        .expect("delete");

    let second = client
        .list_backup_vaults()
        .max_results(2)
        .next_token(&token)
        .send()
        .await
        .expect("page 2");
    assert_eq!(names(&second), ["v-d", "v-g"]);
    let third = client
        .list_backup_vaults()
        .max_results(2)
        .next_token(second.next_token().expect("page 3"))
        .send()
        .await
        .expect("page 3");
    assert_eq!(names(&third), ["v-i"]);
    assert_eq!(third.next_token(), None);

    expect_error(
        client
            .list_backup_vaults()
            .next_token("not-a-token")
            .send()
            .await,
        "InvalidParameterValueException",
    );
    // A token is bound to its filters.
    expect_error(
        client
            .list_backup_vaults()
            .by_vault_type(VaultType::BackupVault)
            .next_token(&token)
            .send()
            .await,
        "InvalidParameterValueException",
    );
    expect_error(
        client.list_backup_vaults().max_results(0).send().await,
        "InvalidParameterValueException",
    );
}

#[tokio::test]
async fn listing_filters_by_vault_type_and_sharing() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    create(&client, "standard-1").await;
    create(&client, "standard-2").await;
    let standard = client
        .list_backup_vaults()
        .by_vault_type(VaultType::BackupVault)
        .send()
        .await
        .expect("list");
    assert_eq!(standard.backup_vault_list().len(), 2);
    let air_gapped = client
        .list_backup_vaults()
        .by_vault_type(VaultType::LogicallyAirGappedBackupVault)
        .send()
        .await
        .expect("list");
    assert!(air_gapped.backup_vault_list().is_empty());
    // Nothing is shared through AWS RAM in the emulator.
    let shared = client
        .list_backup_vaults()
        .by_shared(true)
        .send()
        .await
        .expect("list");
    assert!(shared.backup_vault_list().is_empty());
    let not_shared = client
        .list_backup_vaults()
        .by_shared(false)
        .send()
        .await
        .expect("list");
    assert_eq!(not_shared.backup_vault_list().len(), 2);
}

#[tokio::test]
async fn vaults_are_scoped_by_account_and_region() {
    let gateway = start_gateway(&[]).await;
    let home = backup_client(&gateway).await;
    let other_region = backup_client_for(&gateway, "eu-west-1", ACCOUNT).await;
    let other_account = backup_client_for(&gateway, "us-east-1", OTHER_ACCOUNT).await;

    let mut arns = BTreeSet::new();
    let mut keys = BTreeSet::new();
    for client in [&home, &other_region, &other_account] {
        let created = create(client, "shared-name").await;
        arns.insert(created.backup_vault_arn().expect("arn").to_owned());
        let described = client
            .describe_backup_vault()
            .backup_vault_name("shared-name")
            .send()
            .await
            .expect("describe");
        keys.insert(described.encryption_key_arn().expect("key").to_owned());
    }
    assert!(arns.contains(&format!(
        "arn:aws:backup:eu-west-1:{ACCOUNT}:backup-vault:shared-name"
    )));
    assert!(arns.contains(&format!(
        "arn:aws:backup:us-east-1:{OTHER_ACCOUNT}:backup-vault:shared-name"
    )));
    assert_eq!(arns.len(), 3);
    assert_eq!(
        keys.len(),
        3,
        "each account and region has its own aws/backup key"
    );

    home.delete_backup_vault()
        .backup_vault_name("shared-name")
        .send()
        .await
        .expect("delete");
    assert!(listed_names(&home).await.is_empty());
    assert_eq!(listed_names(&other_region).await, ["shared-name"]);
    assert_eq!(listed_names(&other_account).await, ["shared-name"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_creates_of_one_name_make_exactly_one_vault() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .create_backup_vault()
                    .backup_vault_name("contended")
                    .creator_request_id(format!("request-{i}"))
                    .send()
                    .await
            })
        })
        .collect();
    let mut created = 0;
    let mut already_exists = 0;
    for task in tasks {
        match task.await.expect("task") {
            Ok(_) => created += 1,
            Err(error) => {
                assert_eq!(error.code(), Some("AlreadyExistsException"), "{error:?}");
                already_exists += 1;
            }
        }
    }
    assert_eq!((created, already_exists), (1, 15));
    assert_eq!(listed_names(&client).await, ["contended"]);
}

#[tokio::test]
async fn access_policies_are_put_read_and_deleted() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    create(&client, "guarded").await;
    let arn = format!("arn:aws:backup:us-east-1:{ACCOUNT}:backup-vault:guarded");

    let error = expect_error(
        client
            .get_backup_vault_access_policy()
            .backup_vault_name("guarded")
            .send()
            .await,
        "ResourceNotFoundException",
    );
    assert_eq!(
        error.message().map(str::to_owned),
        Some(format!("Backup Vault {arn} has no associated POLICY"))
    );
    expect_error(
        client
            .put_backup_vault_access_policy()
            .backup_vault_name("guarded")
            .policy("{not json")
            .send()
            .await,
        "InvalidParameterValueException",
    );
    expect_error(
        client
            .put_backup_vault_access_policy()
            .backup_vault_name("missing")
            .policy(POLICY)
            .send()
            .await,
        "ResourceNotFoundException",
    );

    client
        .put_backup_vault_access_policy()
        .backup_vault_name("guarded")
        .policy(POLICY)
        .send()
        .await
        .expect("put");
    let got = client
        .get_backup_vault_access_policy()
        .backup_vault_name("guarded")
        .send()
        .await
        .expect("get");
    assert_eq!(got.backup_vault_name(), Some("guarded"));
    assert_eq!(got.backup_vault_arn(), Some(arn.as_str()));
    assert_eq!(got.policy(), Some(POLICY));

    client
        .delete_backup_vault_access_policy()
        .backup_vault_name("guarded")
        .send()
        .await
        .expect("delete");
    expect_error(
        client
            .get_backup_vault_access_policy()
            .backup_vault_name("guarded")
            .send()
            .await,
        "ResourceNotFoundException",
    );
    expect_error(
        client
            .delete_backup_vault_access_policy()
            .backup_vault_name("missing")
            .send()
            .await,
        "ResourceNotFoundException",
    );
}

#[tokio::test]
async fn notifications_are_put_read_and_deleted() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    create(&client, "noisy").await;

    let error = expect_error(
        client
            .get_backup_vault_notifications()
            .backup_vault_name("noisy")
            .send()
            .await,
        "ResourceNotFoundException",
    );
    assert_eq!(
        error.message(),
        Some("Failed reading notifications from database for Backup vault noisy")
    );
    expect_error(
        client
            .put_backup_vault_notifications()
            .backup_vault_name("noisy")
            .sns_topic_arn("arn:aws:sqs:us-east-1:111122223333:not-a-topic")
            .backup_vault_events(BackupVaultEvent::BackupJobCompleted)
            .send()
            .await,
        "InvalidParameterValueException",
    );
    expect_error(
        client
            .put_backup_vault_notifications()
            .backup_vault_name("missing")
            .sns_topic_arn(TOPIC)
            .backup_vault_events(BackupVaultEvent::BackupJobCompleted)
            .send()
            .await,
        "ResourceNotFoundException",
    );

    client
        .put_backup_vault_notifications()
        .backup_vault_name("noisy")
        .sns_topic_arn(TOPIC)
        .backup_vault_events(BackupVaultEvent::BackupJobCompleted)
        .backup_vault_events(BackupVaultEvent::RestoreJobCompleted)
        .send()
        .await
        .expect("put");
    let got = client
        .get_backup_vault_notifications()
        .backup_vault_name("noisy")
        .send()
        .await
        .expect("get");
    assert_eq!(got.backup_vault_name(), Some("noisy"));
    assert_eq!(
        got.backup_vault_arn().map(str::to_owned),
        Some(format!(
            "arn:aws:backup:us-east-1:{ACCOUNT}:backup-vault:noisy"
        ))
    );
    assert_eq!(got.sns_topic_arn(), Some(TOPIC));
    assert_eq!(
        got.backup_vault_events(),
        [
            BackupVaultEvent::BackupJobCompleted,
            BackupVaultEvent::RestoreJobCompleted
        ]
    );

    client
        .delete_backup_vault_notifications()
        .backup_vault_name("noisy")
        .send()
        .await
        .expect("delete");
    expect_error(
        client
            .get_backup_vault_notifications()
            .backup_vault_name("noisy")
            .send()
            .await,
        "ResourceNotFoundException",
    );
}

#[tokio::test]
async fn vault_lock_configurations_show_on_the_vault_and_are_validated() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    create(&client, "worm").await;

    for (min, max, changeable) in [
        (Some(10), Some(5), None),
        (Some(0), None, None),
        (None, Some(36_501), None),
        (Some(1), None, Some(2)),
    ] {
        expect_error(
            client
                .put_backup_vault_lock_configuration()
                .backup_vault_name("worm")
                .set_min_retention_days(min)
                .set_max_retention_days(max)
                .set_changeable_for_days(changeable)
                .send()
                .await,
            "InvalidParameterValueException",
        );
    }
    expect_error(
        client
            .put_backup_vault_lock_configuration()
            .backup_vault_name("missing")
            .min_retention_days(1)
            .send()
            .await,
        "ResourceNotFoundException",
    );

    // Governance mode: no lock date.
    client
        .put_backup_vault_lock_configuration()
        .backup_vault_name("worm")
        .min_retention_days(7)
        .max_retention_days(30)
        .send()
        .await
        .expect("governance lock");
    let described = client
        .describe_backup_vault()
        .backup_vault_name("worm")
        .send()
        .await
        .expect("describe");
    assert_eq!(described.locked(), Some(true));
    assert_eq!(described.min_retention_days(), Some(7));
    assert_eq!(described.max_retention_days(), Some(30));
    assert_eq!(described.lock_date(), None);

    // Compliance mode: the lock date is ChangeableForDays from now.
    client
        .put_backup_vault_lock_configuration()
        .backup_vault_name("worm")
        .min_retention_days(1)
        .changeable_for_days(3)
        .send()
        .await
        .expect("compliance lock");
    let described = client
        .describe_backup_vault()
        .backup_vault_name("worm")
        .send()
        .await
        .expect("describe");
    let created = described.creation_date().expect("creation").secs();
    let lock_date = described.lock_date().expect("lock date").secs();
    let three_days = 3 * 86_400;
    assert!(
        (lock_date - created - three_days).abs() < 60,
        "{created} {lock_date}"
    );
    assert_eq!(described.max_retention_days(), None);
    let listed = client.list_backup_vaults().send().await.expect("list");
    let member = &listed.backup_vault_list()[0];
    assert_eq!(member.locked(), Some(true));
    assert_eq!(member.lock_date(), described.lock_date());
    assert_eq!(member.min_retention_days(), Some(1));

    // Still within the grace time: the lock can go.
    client
        .delete_backup_vault_lock_configuration()
        .backup_vault_name("worm")
        .send()
        .await
        .expect("delete lock");
    let described = client
        .describe_backup_vault()
        .backup_vault_name("worm")
        .send()
        .await
        .expect("describe");
    assert_eq!(described.locked(), Some(false));
    assert_eq!(described.lock_date(), None);
    assert_eq!(described.min_retention_days(), None);
}

#[tokio::test]
async fn deleting_a_vault_takes_its_configuration_with_it() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    create(&client, "reborn").await;
    client
        .put_backup_vault_access_policy()
        .backup_vault_name("reborn")
        .policy(POLICY)
        .send()
        .await
        .expect("policy");
    client
        .put_backup_vault_notifications()
        .backup_vault_name("reborn")
        .sns_topic_arn(TOPIC)
        .backup_vault_events(BackupVaultEvent::BackupJobStarted)
        .send()
        .await
        .expect("notifications");
    client
        .put_backup_vault_lock_configuration()
        .backup_vault_name("reborn")
        .min_retention_days(1)
        .send()
        .await
        .expect("lock");
    client
        .delete_backup_vault()
        .backup_vault_name("reborn")
        .send()
        .await
        .expect("a governance-locked empty vault can be deleted");

    create(&client, "reborn").await;
    expect_error(
        client
            .get_backup_vault_access_policy()
            .backup_vault_name("reborn")
            .send()
            .await,
        "ResourceNotFoundException",
    );
    expect_error(
        client
            .get_backup_vault_notifications()
            .backup_vault_name("reborn")
            .send()
            .await,
        "ResourceNotFoundException",
    );
    let described = client
        .describe_backup_vault()
        .backup_vault_name("reborn")
        .send()
        .await
        .expect("describe");
    assert_eq!(described.locked(), Some(false));
}
