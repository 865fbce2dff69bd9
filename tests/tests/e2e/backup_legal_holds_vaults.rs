//! Legal holds, logically air-gapped vaults, restore access vaults and multi-party approval
//! teams end to end with aws-sdk-backup: the happy paths, not-found and validation errors with
//! their exception codes and HTTP 400, and the effects on other operations (a hold blocks
//! DeleteRecoveryPoint and lifecycle deletion until it is cancelled; air-gapped vaults show their
//! type, state and built-in lock). Time moves with the gateway's clock, never with sleeps.

use aws_sdk_backup::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_backup::operation::delete_recovery_point::DeleteRecoveryPointError;
use aws_sdk_backup::primitives::DateTime;
use aws_sdk_backup::types::{
    DateRange, EncryptionKeyType, LegalHoldStatus, Lifecycle, MpaRevokeSessionStatus,
    MpaSessionStatus, RecoveryPointSelection, RecoveryPointStatus, VaultState, VaultType,
};
use aws_sdk_backup::Client;
use integration_tests::{
    advance_clock, backup_client, backup_client_for, create_vault as vault, start_gateway, tags_of,
    GatewayHandle, WrittenPoint, ACCOUNT,
};

const ROLE: &str = "arn:aws:iam::111122223333:role/service-role/AWSBackupDefaultServiceRole";
const VOLUME: &str = "arn:aws:ec2:us-east-1:111122223333:volume/vol-0123456789abcdef0";
const TABLE: &str = "arn:aws:dynamodb:us-east-1:111122223333:table/Orders";
const KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const TEAM: &str = "arn:aws:mpa:us-east-1:999988887777:approval-team/team1";
const OTHER_TEAM: &str = "arn:aws:mpa:us-east-1:999988887777:approval-team/team2";
/// The recovery account of the restore access tests.
const RECOVERY_ACCOUNT: &str = "444455556666";
const DAY: u64 = 86_400;

/// A gateway whose jobs, holds and approvals take `delay` seconds, and a client for it.
async fn gateway(delay: &str) -> (GatewayHandle, Client) {
    let gateway =
        start_gateway(&[("FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS", delay)]).await;
    let client = backup_client(&gateway).await;
    (gateway, client)
}

async fn air_gapped_vault(client: &Client, name: &str) -> String {
    client
        .create_logically_air_gapped_backup_vault()
        .backup_vault_name(name)
        .min_retention_days(7)
        .max_retention_days(30)
        .send()
        .await
        .expect("create air-gapped vault")
        .backup_vault_arn()
        .expect("an ARN")
        .to_owned()
}

/// Backs `resource` up into `vault` (the gateway must complete jobs at once) and answers the
/// recovery point's ARN.
async fn backup(
    client: &Client,
    vault: &str,
    resource: &str,
    lifecycle: Option<Lifecycle>,
) -> String {
    client
        .start_backup_job()
        .backup_vault_name(vault)
        .resource_arn(resource)
        .iam_role_arn(ROLE)
        .set_lifecycle(lifecycle)
        .send()
        .await
        .expect("start backup job")
        .written_point(client)
        .await
        .expect("a recovery point ARN")
}

fn delete_after(days: i64) -> Option<Lifecycle> {
    Some(Lifecycle::builder().delete_after_days(days).build())
}

/// Creates a legal hold with `selection` and answers its id.
async fn hold(client: &Client, title: &str, selection: Option<RecoveryPointSelection>) -> String {
    client
        .create_legal_hold()
        .title(title)
        .description("litigation")
        .set_recovery_point_selection(selection)
        .send()
        .await
        .expect("create legal hold")
        .legal_hold_id()
        .expect("an id")
        .to_owned()
}

async fn status(client: &Client, id: &str) -> LegalHoldStatus {
    client
        .get_legal_hold()
        .legal_hold_id(id)
        .send()
        .await
        .expect("get legal hold")
        .status()
        .expect("a status")
        .clone()
}

async fn cancel(client: &Client, id: &str) {
    client
        .cancel_legal_hold()
        .legal_hold_id(id)
        .cancel_description("case closed")
        .send()
        .await
        .expect("cancel legal hold");
}

/// Every point ARN a hold lists, page by page of `page`.
async fn held_points(client: &Client, id: &str, page: i32) -> Vec<String> {
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = client
            .list_recovery_points_by_legal_hold()
            .legal_hold_id(id)
            .max_results(page)
            .set_next_token(token)
            .send()
            .await
            .expect("list points by hold");
        assert!(out.recovery_points().len() <= page as usize);
        seen.extend(
            out.recovery_points()
                .iter()
                .filter_map(|p| p.recovery_point_arn().map(str::to_owned)),
        );
        token = out.next_token().map(str::to_owned);
        if token.is_none() {
            return seen;
        }
    }
}

async fn delete_point(
    client: &Client,
    vault: &str,
    arn: &str,
) -> Result<(), SdkError<DeleteRecoveryPointError>> {
    client
        .delete_recovery_point()
        .backup_vault_name(vault)
        .recovery_point_arn(arn)
        .send()
        .await
        .map(|_| ())
}

async fn point_status(client: &Client, vault: &str, arn: &str) -> Option<RecoveryPointStatus> {
    client
        .describe_recovery_point()
        .backup_vault_name(vault)
        .recovery_point_arn(arn)
        .send()
        .await
        .ok()
        .and_then(|out| out.status().cloned())
}

/// The HTTP status and exception code of a call that must fail.
fn failure<T, E: ProvideErrorMetadata + std::fmt::Debug>(
    result: Result<T, SdkError<E>>,
) -> (u16, String) {
    let Err(err) = result else {
        panic!("the call succeeded");
    };
    let status = err.raw_response().expect("a response").status().as_u16();
    (status, err.code().unwrap_or_default().to_owned())
}

fn error(code: &str) -> (u16, String) {
    (400, code.to_owned())
}

#[tokio::test]
async fn a_legal_hold_covers_the_points_selected_at_its_creation_and_blocks_their_deletion() {
    let (_gateway, client) = gateway("0").await;
    vault(&client, "evidence").await;
    vault(&client, "other").await;
    let volume = backup(&client, "evidence", VOLUME, None).await;
    let table = backup(&client, "evidence", TABLE, None).await;
    let elsewhere = backup(&client, "other", VOLUME, None).await;

    let created = client
        .create_legal_hold()
        .title("case-42")
        .description("litigation")
        .recovery_point_selection(
            RecoveryPointSelection::builder()
                .vault_names("evidence")
                .build(),
        )
        .tags("case", "42")
        .send()
        .await
        .expect("create legal hold");
    let id = created.legal_hold_id().expect("an id").to_owned();
    let arn = created.legal_hold_arn().expect("an ARN").to_owned();
    assert_eq!(
        arn,
        format!("arn:aws:backup:us-east-1:{ACCOUNT}:legal-hold:{id}")
    );
    assert_eq!(created.status(), Some(&LegalHoldStatus::Creating));
    assert_eq!(created.title(), Some("case-42"));
    assert!(created.creation_date().is_some());
    assert_eq!(
        created
            .recovery_point_selection()
            .map(|s| s.vault_names().to_vec()),
        Some(vec!["evidence".to_owned()])
    );

    let got = client
        .get_legal_hold()
        .legal_hold_id(&id)
        .send()
        .await
        .expect("get legal hold");
    assert_eq!(got.status(), Some(&LegalHoldStatus::Active));
    assert_eq!(got.description(), Some("litigation"));
    assert_eq!(got.legal_hold_arn(), Some(arn.as_str()));
    assert_eq!(got.cancellation_date(), None);

    // A point created after the hold is not covered by it.
    let later = backup(&client, "evidence", VOLUME, None).await;
    let mut expected = vec![volume.clone(), table.clone()];
    expected.sort();
    assert_eq!(held_points(&client, &id, 1).await, expected);
    let members = client
        .list_recovery_points_by_legal_hold()
        .legal_hold_id(&id)
        .send()
        .await
        .expect("list points by hold");
    let member = members
        .recovery_points()
        .iter()
        .find(|p| p.recovery_point_arn() == Some(volume.as_str()))
        .expect("the volume's point");
    assert_eq!(member.backup_vault_name(), Some("evidence"));
    assert_eq!(member.resource_arn(), Some(VOLUME));
    assert_eq!(member.resource_type(), Some("EBS"));

    assert_eq!(
        failure(delete_point(&client, "evidence", &volume).await),
        error("InvalidRequestException")
    );
    delete_point(&client, "evidence", &later)
        .await
        .expect("not held");
    delete_point(&client, "other", &elsewhere)
        .await
        .expect("not selected");

    // The hold is a taggable resource.
    client
        .tag_resource()
        .resource_arn(&arn)
        .tags("owner", "legal")
        .send()
        .await
        .expect("tag the hold");
    let tags = tags_of(&client, &arn).await;
    assert_eq!(tags.get("case").map(String::as_str), Some("42"));
    assert_eq!(tags.get("owner").map(String::as_str), Some("legal"));

    cancel(&client, &id).await;
    let got = client
        .get_legal_hold()
        .legal_hold_id(&id)
        .send()
        .await
        .expect("get legal hold");
    assert_eq!(got.status(), Some(&LegalHoldStatus::Canceled));
    assert_eq!(got.cancel_description(), Some("case closed"));
    let cancelled = got.cancellation_date().expect("a cancellation date");
    let retained = got.retain_record_until().expect("a retention date");
    assert_eq!(retained.secs() - cancelled.secs(), 180 * DAY as i64);
    assert!(held_points(&client, &id, 10).await.is_empty());
    delete_point(&client, "evidence", &volume)
        .await
        .expect("the hold is gone");

    assert_eq!(
        failure(
            client
                .cancel_legal_hold()
                .legal_hold_id(&id)
                .cancel_description("again")
                .send()
                .await
        ),
        error("InvalidResourceStateException")
    );
}

#[tokio::test]
async fn hold_states_follow_the_clock_and_the_record_goes_after_its_retention() {
    let (gateway, client) = gateway("3").await;
    let id = hold(&client, "all", None).await;
    assert_eq!(status(&client, &id).await, LegalHoldStatus::Creating);
    advance_clock(&gateway, 5).await;
    assert_eq!(status(&client, &id).await, LegalHoldStatus::Active);

    client
        .cancel_legal_hold()
        .legal_hold_id(&id)
        .cancel_description("released")
        .retain_record_in_days(1)
        .send()
        .await
        .expect("cancel");
    assert_eq!(status(&client, &id).await, LegalHoldStatus::Canceling);
    assert_eq!(
        failure(
            client
                .cancel_legal_hold()
                .legal_hold_id(&id)
                .cancel_description("twice")
                .send()
                .await
        ),
        error("InvalidResourceStateException")
    );
    advance_clock(&gateway, 5).await;
    assert_eq!(status(&client, &id).await, LegalHoldStatus::Canceled);
    let listed = client.list_legal_holds().send().await.expect("list holds");
    assert_eq!(listed.legal_holds().len(), 1);
    assert_eq!(
        listed.legal_holds()[0].status(),
        Some(&LegalHoldStatus::Canceled)
    );
    assert!(listed.legal_holds()[0].cancellation_date().is_some());

    let arn = listed.legal_holds()[0]
        .legal_hold_arn()
        .expect("an ARN")
        .to_owned();
    advance_clock(&gateway, DAY).await;
    assert_eq!(
        failure(client.get_legal_hold().legal_hold_id(&id).send().await),
        error("ResourceNotFoundException")
    );
    let listed = client.list_legal_holds().send().await.expect("list holds");
    assert!(listed.legal_holds().is_empty());
    assert_eq!(
        failure(client.list_tags().resource_arn(&arn).send().await),
        error("ResourceNotFoundException")
    );
}

#[tokio::test]
async fn lifecycle_deletion_waits_until_the_last_hold_is_cancelled() {
    let (gateway, client) = gateway("0").await;
    vault(&client, "vault").await;
    let volume = backup(&client, "vault", VOLUME, delete_after(1)).await;
    let table = backup(&client, "vault", TABLE, delete_after(1)).await;
    let first = hold(
        &client,
        "volume",
        Some(
            RecoveryPointSelection::builder()
                .resource_identifiers(VOLUME)
                .build(),
        ),
    )
    .await;

    advance_clock(&gateway, 2 * DAY).await;
    assert_eq!(
        point_status(&client, "vault", &volume).await,
        Some(RecoveryPointStatus::Expired)
    );
    assert_eq!(
        point_status(&client, "vault", &table).await,
        None,
        "not held"
    );
    assert_eq!(
        failure(delete_point(&client, "vault", &volume).await),
        error("InvalidRequestException")
    );

    // A point retained past its retention by a hold can be put under another hold.
    let second = hold(
        &client,
        "ebs",
        Some(
            RecoveryPointSelection::builder()
                .resource_identifiers("EBS")
                .build(),
        ),
    )
    .await;
    assert_eq!(
        held_points(&client, &second, 10).await,
        vec![volume.clone()]
    );

    cancel(&client, &first).await;
    assert_eq!(
        point_status(&client, "vault", &volume).await,
        Some(RecoveryPointStatus::Expired),
        "the second hold still retains it"
    );
    cancel(&client, &second).await;
    assert_eq!(point_status(&client, "vault", &volume).await, None);
    let described = client
        .describe_backup_vault()
        .backup_vault_name("vault")
        .send()
        .await
        .expect("describe vault");
    assert_eq!(described.number_of_recovery_points(), 0);
}

#[tokio::test]
async fn a_date_range_selects_points_by_creation_date() {
    let (gateway, client) = gateway("0").await;
    vault(&client, "vault").await;
    let old = backup(&client, "vault", VOLUME, None).await;
    let created = client
        .describe_recovery_point()
        .backup_vault_name("vault")
        .recovery_point_arn(&old)
        .send()
        .await
        .expect("describe")
        .creation_date()
        .expect("a creation date")
        .secs();
    advance_clock(&gateway, 10 * DAY).await;
    let _recent = backup(&client, "vault", VOLUME, None).await;
    let range = DateRange::builder()
        .from_date(DateTime::from_secs(created - 60))
        .to_date(DateTime::from_secs(created + 60))
        .build()
        .expect("a range");
    let id = hold(
        &client,
        "january",
        Some(RecoveryPointSelection::builder().date_range(range).build()),
    )
    .await;
    assert_eq!(held_points(&client, &id, 10).await, vec![old]);
}

#[tokio::test]
async fn legal_hold_requests_are_checked() {
    let (_gateway, client) = gateway("0").await;
    let rnf = error("ResourceNotFoundException");
    assert_eq!(
        failure(client.get_legal_hold().legal_hold_id("nope").send().await),
        rnf
    );
    assert_eq!(
        failure(
            client
                .cancel_legal_hold()
                .legal_hold_id("nope")
                .cancel_description("x")
                .send()
                .await
        ),
        rnf
    );
    assert_eq!(
        failure(
            client
                .list_recovery_points_by_legal_hold()
                .legal_hold_id("nope")
                .send()
                .await
        ),
        rnf
    );

    let now = DateTime::from_secs(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("after 1970")
            .as_secs() as i64,
    );
    let reversed = DateRange::builder()
        .from_date(now)
        .to_date(DateTime::from_secs(now.secs() - DAY as i64))
        .build()
        .expect("a range");
    let future = DateRange::builder()
        .from_date(now)
        .to_date(DateTime::from_secs(now.secs() + 30 * DAY as i64))
        .build()
        .expect("a range");
    for range in [reversed, future] {
        let result = client
            .create_legal_hold()
            .title("t")
            .description("d")
            .recovery_point_selection(RecoveryPointSelection::builder().date_range(range).build())
            .send()
            .await;
        assert_eq!(failure(result), error("InvalidParameterValueException"));
    }
    assert_eq!(
        failure(client.create_legal_hold().description("d").send().await),
        error("MissingParameterValueException")
    );
    let bad_tags = client
        .create_legal_hold()
        .title("t")
        .description("d")
        .tags("aws:reserved", "x")
        .send()
        .await;
    assert_eq!(failure(bad_tags), error("InvalidParameterValueException"));
    assert!(client
        .list_legal_holds()
        .send()
        .await
        .expect("list")
        .legal_holds()
        .is_empty());

    // The same idempotency token answers the first hold.
    let first = client
        .create_legal_hold()
        .title("t")
        .description("d")
        .idempotency_token("token-1")
        .send()
        .await
        .expect("create");
    let again = client
        .create_legal_hold()
        .title("t")
        .description("d")
        .idempotency_token("token-1")
        .send()
        .await
        .expect("retry");
    assert_eq!(first.legal_hold_id(), again.legal_hold_id());
    hold(&client, "second", None).await;
    hold(&client, "third", None).await;

    let mut ids = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = client
            .list_legal_holds()
            .max_results(2)
            .set_next_token(token)
            .send()
            .await
            .expect("list page");
        assert!(page.legal_holds().len() <= 2);
        ids.extend(
            page.legal_holds()
                .iter()
                .filter_map(|h| h.legal_hold_id().map(str::to_owned)),
        );
        token = page.next_token().map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(ids.len(), 3);
    assert_eq!(
        ids[0],
        first.legal_hold_id().expect("an id"),
        "oldest first"
    );
    assert_eq!(
        failure(
            client
                .list_legal_holds()
                .next_token("not-a-token")
                .send()
                .await
        ),
        error("InvalidParameterValueException")
    );
}

#[tokio::test]
async fn an_air_gapped_vault_is_locked_from_the_start_and_becomes_available() {
    let (gateway, client) = gateway("3").await;
    vault(&client, "standard").await;
    let created = client
        .create_logically_air_gapped_backup_vault()
        .backup_vault_name("lag")
        .min_retention_days(7)
        .max_retention_days(30)
        .creator_request_id("req-1")
        .backup_vault_tags("tier", "gold")
        .send()
        .await
        .expect("create");
    assert_eq!(created.vault_state(), Some(&VaultState::Creating));
    let arn = created.backup_vault_arn().expect("an ARN").to_owned();
    assert_eq!(
        arn,
        format!("arn:aws:backup:us-east-1:{ACCOUNT}:backup-vault:lag")
    );

    let described = client
        .describe_backup_vault()
        .backup_vault_name("lag")
        .send()
        .await
        .expect("describe");
    assert_eq!(
        described.vault_type(),
        Some(&VaultType::LogicallyAirGappedBackupVault)
    );
    assert_eq!(described.vault_state(), Some(&VaultState::Creating));
    assert_eq!(described.locked(), Some(true));
    assert_eq!(described.min_retention_days(), Some(7));
    assert_eq!(described.max_retention_days(), Some(30));
    assert_eq!(described.lock_date(), described.creation_date());
    assert_eq!(
        described.encryption_key_type(),
        Some(&EncryptionKeyType::AwsOwnedKmsKey)
    );
    assert_eq!(described.encryption_key_arn(), None);

    let listed = client
        .list_backup_vaults()
        .by_vault_type(VaultType::LogicallyAirGappedBackupVault)
        .send()
        .await
        .expect("list");
    let names: Vec<_> = listed
        .backup_vault_list()
        .iter()
        .filter_map(|v| v.backup_vault_name())
        .collect();
    assert_eq!(names, ["lag"]);
    assert_eq!(
        listed.backup_vault_list()[0].vault_state(),
        Some(&VaultState::Creating)
    );
    let standard = client
        .list_backup_vaults()
        .by_vault_type(VaultType::BackupVault)
        .send()
        .await
        .expect("list");
    let names: Vec<_> = standard
        .backup_vault_list()
        .iter()
        .filter_map(|v| v.backup_vault_name())
        .collect();
    assert_eq!(names, ["standard"]);

    advance_clock(&gateway, 5).await;
    let described = client
        .describe_backup_vault()
        .backup_vault_name("lag")
        .send()
        .await
        .expect("describe");
    assert_eq!(described.vault_state(), Some(&VaultState::Available));

    // A retry answers the same vault; any other request for the name is refused.
    let retried = client
        .create_logically_air_gapped_backup_vault()
        .backup_vault_name("lag")
        .min_retention_days(7)
        .max_retention_days(30)
        .creator_request_id("req-1")
        .send()
        .await
        .expect("retry");
    assert_eq!(retried.backup_vault_arn(), Some(arn.as_str()));
    assert_eq!(retried.creation_date(), created.creation_date());
    let taken = client
        .create_logically_air_gapped_backup_vault()
        .backup_vault_name("standard")
        .min_retention_days(7)
        .max_retention_days(30)
        .send()
        .await;
    assert_eq!(failure(taken), error("AlreadyExistsException"));
    assert_eq!(
        failure(
            client
                .create_backup_vault()
                .backup_vault_name("lag")
                .send()
                .await
        ),
        error("AlreadyExistsException")
    );

    // The built-in compliance lock cannot be changed.
    assert_eq!(
        failure(
            client
                .put_backup_vault_lock_configuration()
                .backup_vault_name("lag")
                .min_retention_days(1)
                .send()
                .await
        ),
        error("InvalidRequestException")
    );
    assert_eq!(
        failure(
            client
                .delete_backup_vault_lock_configuration()
                .backup_vault_name("lag")
                .send()
                .await
        ),
        error("InvalidRequestException")
    );

    let tags = tags_of(&client, &arn).await;
    assert_eq!(tags.get("tier").map(String::as_str), Some("gold"));
    client
        .delete_backup_vault()
        .backup_vault_name("lag")
        .send()
        .await
        .expect("an empty air-gapped vault can be deleted");
    assert_eq!(
        failure(
            client
                .describe_backup_vault()
                .backup_vault_name("lag")
                .send()
                .await
        ),
        (403, "AccessDeniedException".to_owned())
    );
}

#[tokio::test]
async fn air_gapped_vault_requests_are_checked_and_keys_show_when_available() {
    let (gateway, client) = gateway("3").await;
    for (min, max) in [(6, 30), (30, 29), (7, 36_501)] {
        let result = client
            .create_logically_air_gapped_backup_vault()
            .backup_vault_name("bad")
            .min_retention_days(min)
            .max_retention_days(max)
            .send()
            .await;
        assert_eq!(
            failure(result),
            error("InvalidParameterValueException"),
            "{min} {max}"
        );
    }
    let alias = client
        .create_logically_air_gapped_backup_vault()
        .backup_vault_name("bad")
        .min_retention_days(7)
        .max_retention_days(30)
        .encryption_key_arn("alias/aws/backup")
        .send()
        .await;
    assert_eq!(failure(alias), error("InvalidParameterValueException"));
    let missing = client
        .create_logically_air_gapped_backup_vault()
        .backup_vault_name("bad")
        .min_retention_days(7)
        .send()
        .await;
    assert_eq!(failure(missing), error("MissingParameterValueException"));
    assert!(client
        .list_backup_vaults()
        .send()
        .await
        .expect("list")
        .backup_vault_list()
        .is_empty());

    client
        .create_logically_air_gapped_backup_vault()
        .backup_vault_name("cmk")
        .min_retention_days(7)
        .max_retention_days(30)
        .encryption_key_arn(KEY)
        .send()
        .await
        .expect("create");
    let describe = || async {
        client
            .describe_backup_vault()
            .backup_vault_name("cmk")
            .send()
            .await
            .expect("describe")
    };
    let creating = describe().await;
    assert_eq!(
        creating.encryption_key_type(),
        Some(&EncryptionKeyType::CustomerManagedKmsKey)
    );
    assert_eq!(
        creating.encryption_key_arn(),
        None,
        "not before the vault is available"
    );
    advance_clock(&gateway, 5).await;
    assert_eq!(describe().await.encryption_key_arn(), Some(KEY));
}

#[tokio::test]
async fn approval_teams_belong_to_air_gapped_vaults_and_change_through_approval() {
    let (gateway, client) = gateway("3").await;
    vault(&client, "standard").await;
    air_gapped_vault(&client, "lag").await;
    let associate = |vault: &'static str, team: &'static str| {
        client
            .associate_backup_vault_mpa_approval_team()
            .backup_vault_name(vault)
            .mpa_approval_team_arn(team)
            .requester_comment("protect it")
            .send()
    };
    assert_eq!(
        failure(associate("missing", TEAM).await),
        error("ResourceNotFoundException")
    );
    assert_eq!(
        failure(associate("standard", TEAM).await),
        error("InvalidRequestException")
    );
    assert_eq!(
        failure(associate("lag", "arn:aws:iam::999988887777:role/team").await),
        error("InvalidParameterValueException")
    );
    let describe = || async {
        client
            .describe_backup_vault()
            .backup_vault_name("lag")
            .send()
            .await
            .expect("describe")
    };
    assert_eq!(describe().await.mpa_approval_team_arn(), None);

    // The first team is associated at once.
    associate("lag", TEAM).await.expect("associate");
    let described = describe().await;
    assert_eq!(described.mpa_approval_team_arn(), Some(TEAM));
    assert!(described.latest_mpa_approval_team_update().is_none());

    // A new team needs the current team's approval.
    associate("lag", OTHER_TEAM)
        .await
        .expect("request a change");
    let described = describe().await;
    assert_eq!(described.mpa_approval_team_arn(), Some(TEAM));
    let update = described
        .latest_mpa_approval_team_update()
        .expect("an update");
    assert_eq!(update.status(), Some(&MpaSessionStatus::Pending));
    assert!(update
        .mpa_session_arn()
        .is_some_and(|arn| arn.starts_with("arn:aws:mpa:us-east-1:999988887777:session/team1/")));
    let initiated = update.initiation_date().expect("initiated").secs();
    assert_eq!(
        update.expiry_date().expect("an expiry").secs() - initiated,
        DAY as i64
    );
    assert_eq!(
        failure(
            client
                .disassociate_backup_vault_mpa_approval_team()
                .backup_vault_name("lag")
                .send()
                .await
        ),
        error("InvalidRequestException"),
        "one change at a time"
    );
    advance_clock(&gateway, 5).await;
    let described = describe().await;
    assert_eq!(described.mpa_approval_team_arn(), Some(OTHER_TEAM));
    assert_eq!(
        described
            .latest_mpa_approval_team_update()
            .and_then(|u| u.status()),
        Some(&MpaSessionStatus::Approved)
    );

    client
        .disassociate_backup_vault_mpa_approval_team()
        .backup_vault_name("lag")
        .requester_comment("no longer needed")
        .send()
        .await
        .expect("request removal");
    assert_eq!(describe().await.mpa_approval_team_arn(), Some(OTHER_TEAM));
    advance_clock(&gateway, 5).await;
    assert_eq!(describe().await.mpa_approval_team_arn(), None);
    assert_eq!(
        failure(
            client
                .disassociate_backup_vault_mpa_approval_team()
                .backup_vault_name("lag")
                .send()
                .await
        ),
        error("InvalidRequestException")
    );
    assert_eq!(
        failure(
            client
                .disassociate_backup_vault_mpa_approval_team()
                .backup_vault_name("standard")
                .send()
                .await
        ),
        error("InvalidRequestException")
    );
}

#[tokio::test]
async fn restore_access_vaults_open_on_approval_and_go_when_revoked() {
    let (gateway, owner) = gateway("3").await;
    let recovery = backup_client_for(&gateway, "us-east-1", RECOVERY_ACCOUNT).await;
    vault(&owner, "standard").await;
    let source = air_gapped_vault(&owner, "lag").await;
    let request = |name: Option<&'static str>, source: String| {
        recovery
            .create_restore_access_backup_vault()
            .source_backup_vault_arn(source)
            .set_backup_vault_name(name.map(str::to_owned))
            .requester_comment("ransomware drill")
            .backup_vault_tags("purpose", "recovery")
            .send()
    };
    assert_eq!(
        failure(request(Some("ra-1"), source.clone()).await),
        error("InvalidRequestException"),
        "the source is still being created"
    );
    advance_clock(&gateway, 5).await;
    assert_eq!(
        failure(request(Some("ra-1"), source.clone()).await),
        error("InvalidRequestException"),
        "the source has no approval team"
    );
    owner
        .associate_backup_vault_mpa_approval_team()
        .backup_vault_name("lag")
        .mpa_approval_team_arn(TEAM)
        .send()
        .await
        .expect("associate");

    let created = request(Some("ra-1"), source.clone())
        .await
        .expect("request access");
    assert_eq!(created.vault_state(), Some(&VaultState::Creating));
    assert_eq!(created.restore_access_backup_vault_name(), Some("ra-1"));
    let ra_arn = created
        .restore_access_backup_vault_arn()
        .expect("an ARN")
        .to_owned();
    assert_eq!(
        ra_arn,
        format!("arn:aws:backup:us-east-1:{RECOVERY_ACCOUNT}:backup-vault:ra-1")
    );
    let generated = request(None, source.clone()).await.expect("request access");
    let generated_name = generated
        .restore_access_backup_vault_name()
        .expect("a name")
        .to_owned();
    assert!(generated_name.starts_with("lag-"), "{generated_name}");

    let described = recovery
        .describe_backup_vault()
        .backup_vault_name("ra-1")
        .send()
        .await
        .expect("describe");
    assert_eq!(
        described.vault_type(),
        Some(&VaultType::RestoreAccessBackupVault)
    );
    assert_eq!(described.vault_state(), Some(&VaultState::Creating));
    assert_eq!(described.source_backup_vault_arn(), Some(source.as_str()));
    assert_eq!(described.mpa_approval_team_arn(), Some(TEAM));
    assert!(described
        .mpa_session_arn()
        .is_some_and(|arn| arn.contains(":session/team1/")));
    assert_eq!(
        described.encryption_key_type(),
        Some(&EncryptionKeyType::AwsOwnedKmsKey)
    );
    let tags = tags_of(&recovery, &ra_arn).await;
    assert_eq!(tags.get("purpose").map(String::as_str), Some("recovery"));

    // The owner sees both, page by page.
    let mut arns = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = owner
            .list_restore_access_backup_vaults()
            .backup_vault_name("lag")
            .max_results(1)
            .set_next_token(token)
            .send()
            .await
            .expect("list page");
        assert!(page.restore_access_backup_vaults().len() <= 1);
        for member in page.restore_access_backup_vaults() {
            assert_eq!(member.vault_state(), Some(&VaultState::Creating));
            assert!(member.approval_date().is_none());
            arns.push(
                member
                    .restore_access_backup_vault_arn()
                    .expect("an ARN")
                    .to_owned(),
            );
        }
        token = page.next_token().map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(arns.len(), 2);
    assert!(arns.contains(&ra_arn));

    advance_clock(&gateway, 5).await;
    let listed = owner
        .list_restore_access_backup_vaults()
        .backup_vault_name("lag")
        .send()
        .await
        .expect("list");
    for member in listed.restore_access_backup_vaults() {
        assert_eq!(member.vault_state(), Some(&VaultState::Available));
        assert!(member.approval_date().is_some());
        assert!(member.latest_revoke_request().is_none());
    }
    let in_recovery = recovery
        .list_backup_vaults()
        .by_vault_type(VaultType::RestoreAccessBackupVault)
        .send()
        .await
        .expect("list vaults");
    assert_eq!(in_recovery.backup_vault_list().len(), 2);

    let revoke = |arn: String| {
        owner
            .revoke_restore_access_backup_vault()
            .backup_vault_name("lag")
            .restore_access_backup_vault_arn(arn)
            .requester_comment("drill over")
            .send()
    };
    revoke(ra_arn.clone()).await.expect("revoke");
    let pending = owner
        .list_restore_access_backup_vaults()
        .backup_vault_name("lag")
        .send()
        .await
        .expect("list");
    let member = pending
        .restore_access_backup_vaults()
        .iter()
        .find(|m| m.restore_access_backup_vault_arn() == Some(ra_arn.as_str()))
        .expect("still there until approved");
    assert_eq!(
        member.latest_revoke_request().and_then(|r| r.status()),
        Some(&MpaRevokeSessionStatus::Pending)
    );
    assert_eq!(
        failure(revoke(ra_arn.clone()).await),
        error("InvalidRequestException"),
        "already pending"
    );
    advance_clock(&gateway, 5).await;
    assert_eq!(
        failure(
            recovery
                .describe_backup_vault()
                .backup_vault_name("ra-1")
                .send()
                .await
        ),
        (403, "AccessDeniedException".to_owned())
    );
    let remaining = owner
        .list_restore_access_backup_vaults()
        .backup_vault_name("lag")
        .send()
        .await
        .expect("list");
    assert_eq!(remaining.restore_access_backup_vaults().len(), 1);
    assert_eq!(
        failure(revoke(ra_arn.clone()).await),
        error("ResourceNotFoundException")
    );

    // Requests that name nothing usable.
    let standard = format!("arn:aws:backup:us-east-1:{ACCOUNT}:backup-vault:standard");
    let missing = format!("arn:aws:backup:us-east-1:{ACCOUNT}:backup-vault:missing");
    assert_eq!(
        failure(request(Some("ra-2"), missing).await),
        error("ResourceNotFoundException")
    );
    assert_eq!(
        failure(request(Some("ra-2"), standard).await),
        error("InvalidRequestException")
    );
    assert_eq!(
        failure(request(Some("ra-2"), "arn:aws:s3:::bucket".to_owned()).await),
        error("InvalidParameterValueException")
    );
    assert_eq!(
        failure(
            owner
                .list_restore_access_backup_vaults()
                .backup_vault_name("missing")
                .send()
                .await
        ),
        error("ResourceNotFoundException")
    );
    let taken = recovery
        .create_restore_access_backup_vault()
        .source_backup_vault_arn(source)
        .backup_vault_name(generated_name)
        .send()
        .await;
    assert_eq!(failure(taken), error("AlreadyExistsException"));
}
