//! What botocore 1.44.18 added to AWS Backup (issue 21), called with raw requests signed by
//! `aws-sigv4` (the SDK's own signer): aws-sdk-backup 1.132.0 does not have these members yet.
//! `CreateLocalBackupVault`, `ApplianceArn`/`LOCAL_BACKUP_VAULT` in vault views, a rule's
//! `LocalBackupConfiguration`, `ResourceTypeOptInIncremental` and `ReportsInS3`.

use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use integration_tests::{raw_request, start_gateway, GatewayHandle, ACCOUNT};
use serde_json::{json, Value};

const REGION: &str = "us-east-1";
const KEY: &str = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

fn appliance(id: &str) -> String {
    format!("arn:aws:backup:{REGION}:{ACCOUNT}:appliance/{id}")
}

/// A Backup call signed with SigV4 as the SDKs sign it: (status, body as JSON or Null).
async fn call(
    gateway: &GatewayHandle,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let host = gateway.endpoint().trim_start_matches("http://").to_owned();
    let url = format!("{}{path}", gateway.endpoint());
    let identity = Credentials::new(ACCOUNT, "secret", None, None, "test").into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(REGION)
        .name("backup")
        .time(SystemTime::now())
        .settings(SigningSettings::default())
        .build()
        .expect("signing params")
        .into();
    let content_type = ("content-type", "application/json");
    let signable = SignableRequest::new(
        method,
        &url,
        [("host", host.as_str()), content_type].into_iter(),
        SignableBody::Bytes(body.as_bytes()),
    )
    .expect("signable");
    let (instructions, _) = sign(signable, &params).expect("signed").into_parts();
    let mut request = http::Request::builder()
        .method(method)
        .uri(&url)
        .header("host", &host)
        .header(content_type.0, content_type.1)
        .body(())
        .expect("request");
    instructions.apply_to_request_http1x(&mut request);
    let headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), v.to_str().expect("ascii").to_owned()))
        .collect();
    let headers: Vec<(&str, &str)> = headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (status, _, text) = raw_request(gateway, method, path, &headers, &body).await;
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// The exception name of an error answer (rest-json: `__type`, or `code`).
fn error_name(body: &Value) -> String {
    let name = body["__type"]
        .as_str()
        .or_else(|| body["code"].as_str())
        .or_else(|| body["Code"].as_str())
        .unwrap_or_default();
    name.rsplit('#').next().unwrap_or(name).to_owned()
}

async fn create_local(gateway: &GatewayHandle, name: &str, body: Value) -> (u16, Value) {
    call(
        gateway,
        "PUT",
        &format!("/local-backup-vaults/{name}"),
        Some(body),
    )
    .await
}

#[tokio::test]
async fn local_backup_vaults_are_created_listed_described_tagged_and_deleted() {
    let gateway = start_gateway(&[]).await;
    let (status, created) = create_local(
        &gateway,
        "site-a",
        json!({"ApplianceArn": appliance("ap-1"), "EncryptionKeyArn": KEY,
               "BackupVaultTags": {"site": "a"}, "CreatorRequestId": "req-1"}),
    )
    .await;
    assert_eq!(status, 200, "{created}");
    let arn = format!("arn:aws:backup:{REGION}:{ACCOUNT}:backup-vault:site-a");
    assert_eq!(created["BackupVaultArn"], json!(arn));
    assert_eq!(created["BackupVaultName"], json!("site-a"));
    assert!(created["CreationDate"].is_number());

    // The same request again answers the first vault (idempotent retry).
    let (status, again) = create_local(
        &gateway,
        "site-a",
        json!({"ApplianceArn": appliance("ap-1"), "EncryptionKeyArn": KEY, "CreatorRequestId": "req-1"}),
    )
    .await;
    assert_eq!(
        (status, &again["CreationDate"]),
        (200, &created["CreationDate"])
    );

    let (status, described) = call(&gateway, "GET", "/backup-vaults/site-a", None).await;
    assert_eq!(status, 200);
    assert_eq!(described["VaultType"], json!("LOCAL_BACKUP_VAULT"));
    assert_eq!(described["ApplianceArn"], json!(appliance("ap-1")));
    assert_eq!(described["EncryptionKeyArn"], json!(KEY));
    assert_eq!(
        described["EncryptionKeyType"],
        json!("CUSTOMER_MANAGED_KMS_KEY")
    );

    // A standard vault beside it: the filter keeps only the local one.
    let (status, _) = call(&gateway, "PUT", "/backup-vaults/standard", Some(json!({}))).await;
    assert_eq!(status, 200);
    let (_, listed) = call(
        &gateway,
        "GET",
        "/backup-vaults/?vaultType=LOCAL_BACKUP_VAULT",
        None,
    )
    .await;
    let names: Vec<&str> = listed["BackupVaultList"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v["BackupVaultName"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["site-a"]);
    assert_eq!(
        listed["BackupVaultList"][0]["ApplianceArn"],
        json!(appliance("ap-1"))
    );
    let (_, all) = call(&gateway, "GET", "/backup-vaults/", None).await;
    let standard = all["BackupVaultList"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["BackupVaultName"] == "standard")
        .expect("the standard vault");
    assert!(standard.get("ApplianceArn").is_none(), "{standard}");

    let (_, tags) = call(&gateway, "GET", &format!("/tags/{arn}/"), None).await;
    assert_eq!(tags["Tags"], json!({"site": "a"}));

    let (status, _) = call(&gateway, "DELETE", "/backup-vaults/site-a", None).await;
    assert_eq!(status, 200);
    let (_, after) = call(&gateway, "GET", "/backup-vaults/", None).await;
    let names: Vec<&str> = after["BackupVaultList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["BackupVaultName"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["standard"]);
    // The appliance is free for a new local vault once its vault is gone.
    let (status, _) = create_local(
        &gateway,
        "site-a2",
        json!({"ApplianceArn": appliance("ap-1"), "EncryptionKeyArn": KEY}),
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn create_local_backup_vault_refuses_what_aws_refuses() {
    let gateway = start_gateway(&[]).await;
    let good = json!({"ApplianceArn": appliance("ap-1"), "EncryptionKeyArn": KEY});
    assert_eq!(create_local(&gateway, "taken", good.clone()).await.0, 200);
    let (_, standard) = call(&gateway, "PUT", "/backup-vaults/plain", Some(json!({}))).await;
    assert!(standard["BackupVaultArn"].is_string());

    let cases = [
        // A taken name, of a local or a standard vault.
        (
            "taken",
            json!({"ApplianceArn": appliance("ap-2"), "EncryptionKeyArn": KEY}),
            400,
            "AlreadyExistsException",
        ),
        (
            "plain",
            json!({"ApplianceArn": appliance("ap-2"), "EncryptionKeyArn": KEY}),
            400,
            "AlreadyExistsException",
        ),
        // One local vault per appliance.
        ("second", good.clone(), 400, "AlreadyExistsException"),
        // Required members.
        (
            "nokey",
            json!({"ApplianceArn": appliance("ap-3")}),
            400,
            "MissingParameterValueException",
        ),
        (
            "noappliance",
            json!({"EncryptionKeyArn": KEY}),
            400,
            "MissingParameterValueException",
        ),
        // Bad appliance ARNs: not an ARN, not an appliance, another region or account.
        (
            "bad1",
            json!({"ApplianceArn": "ap-3", "EncryptionKeyArn": KEY}),
            400,
            "InvalidParameterValueException",
        ),
        (
            "bad2",
            json!({"ApplianceArn": format!("arn:aws:backup:{REGION}:{ACCOUNT}:backup-vault:x"), "EncryptionKeyArn": KEY}),
            400,
            "InvalidParameterValueException",
        ),
        (
            "bad3",
            json!({"ApplianceArn": format!("arn:aws:backup:eu-west-1:{ACCOUNT}:appliance/ap-3"), "EncryptionKeyArn": KEY}),
            400,
            "InvalidParameterValueException",
        ),
        (
            "bad4",
            json!({"ApplianceArn": "arn:aws:backup:us-east-1:210987654321:appliance/ap-3", "EncryptionKeyArn": KEY}),
            400,
            "InvalidParameterValueException",
        ),
        // A key alias is not a customer-managed key ARN.
        (
            "alias",
            json!({"ApplianceArn": appliance("ap-4"), "EncryptionKeyArn": "alias/aws/backup"}),
            400,
            "InvalidParameterValueException",
        ),
        // Vault name rules.
        (
            "x",
            json!({"ApplianceArn": appliance("ap-5"), "EncryptionKeyArn": KEY}),
            400,
            "InvalidParameterValueException",
        ),
    ];
    for (name, body, status, error) in cases {
        let (got, answer) = create_local(&gateway, name, body).await;
        assert_eq!(
            (got, error_name(&answer).as_str()),
            (status, error),
            "{name}: {answer}"
        );
    }
    // Nothing was created by the failed calls.
    let (_, listed) = call(&gateway, "GET", "/backup-vaults/", None).await;
    assert_eq!(
        listed["BackupVaultList"].as_array().unwrap().len(),
        2,
        "{listed}"
    );
}

#[tokio::test]
async fn plan_rules_keep_their_local_backup_configuration_per_version() {
    let gateway = start_gateway(&[]).await;
    call(&gateway, "PUT", "/backup-vaults/target", Some(json!({}))).await;
    let local = json!({"DeleteAfterDays": 14, "BackupToLocalVaultOnly": false, "DeleteAfterNextBackup": true});
    let plan = |local: Value| {
        json!({"BackupPlan": {"BackupPlanName": "appliance-plan", "Rules": [{
            "RuleName": "nightly", "TargetBackupVaultName": "target",
            "LocalBackupConfiguration": local}]}})
    };
    let (status, created) =
        call(&gateway, "PUT", "/backup/plans/", Some(plan(local.clone()))).await;
    assert_eq!(status, 200, "{created}");
    let id = created["BackupPlanId"].as_str().unwrap().to_owned();
    let first_version = created["VersionId"].as_str().unwrap().to_owned();
    let (_, got) = call(&gateway, "GET", &format!("/backup/plans/{id}/"), None).await;
    assert_eq!(
        got["BackupPlan"]["Rules"][0]["LocalBackupConfiguration"],
        local
    );

    // A new version without it; the old version keeps it.
    let (status, updated) = call(
        &gateway,
        "POST",
        &format!("/backup/plans/{id}"),
        Some(
            json!({"BackupPlan": {"BackupPlanName": "appliance-plan", "Rules": [{
            "RuleName": "nightly", "TargetBackupVaultName": "target"}]}}),
        ),
    )
    .await;
    assert_eq!(status, 200, "{updated}");
    let (_, latest) = call(&gateway, "GET", &format!("/backup/plans/{id}/"), None).await;
    assert!(latest["BackupPlan"]["Rules"][0]
        .get("LocalBackupConfiguration")
        .is_none());
    let (_, old) = call(
        &gateway,
        "GET",
        &format!("/backup/plans/{id}/?versionId={first_version}"),
        None,
    )
    .await;
    assert_eq!(
        old["BackupPlan"]["Rules"][0]["LocalBackupConfiguration"],
        local
    );

    for bad in [
        json!({"DeleteAfterDays": 0}),
        json!({"DeleteAfterDays": 36501}),
        json!({"DeleteAfterDays": 7, "BackupToLocalVaultOnly": true, "DeleteAfterNextBackup": true}),
    ] {
        let (status, answer) =
            call(&gateway, "PUT", "/backup/plans/", Some(plan(bad.clone()))).await;
        assert_eq!(
            (status, error_name(&answer).as_str()),
            (400, "InvalidParameterValueException"),
            "{bad}"
        );
    }
    let (status, answer) = call(
        &gateway,
        "PUT",
        "/backup/plans/",
        Some(plan(json!({"BackupToLocalVaultOnly": true}))),
    )
    .await;
    assert_eq!(
        (status, error_name(&answer).as_str()),
        (400, "MissingParameterValueException"),
        "{answer}"
    );
}

#[tokio::test]
async fn region_settings_take_incremental_opt_ins() {
    let gateway = start_gateway(&[]).await;
    // "Incremental backup opt-in is currently available for Amazon DynamoDB" (API reference):
    // DynamoDB is reported, off until opted in, and no other type is accepted.
    let (_, before) = call(&gateway, "GET", "/account-settings", None).await;
    assert_eq!(
        before["ResourceTypeOptInIncremental"],
        json!({"DynamoDB": false})
    );
    let (status, _) = call(
        &gateway,
        "PUT",
        "/account-settings",
        Some(json!({"ResourceTypeOptInIncremental": {"DynamoDB": true}})),
    )
    .await;
    assert_eq!(status, 200);
    let (_, after) = call(&gateway, "GET", "/account-settings", None).await;
    assert_eq!(
        after["ResourceTypeOptInIncremental"],
        json!({"DynamoDB": true})
    );
    assert_eq!(after["ResourceTypeOptInPreference"]["S3"], json!(true));
    let (status, answer) = call(
        &gateway,
        "PUT",
        "/account-settings",
        Some(json!({"ResourceTypeOptInIncremental": {"S3": true}})),
    )
    .await;
    assert_eq!(
        (status, error_name(&answer).as_str()),
        (400, "InvalidParameterValueException")
    );
    let (status, answer) = call(
        &gateway,
        "PUT",
        "/account-settings",
        Some(json!({"ResourceTypeOptInIncremental": {"Floppy": true}})),
    )
    .await;
    assert_eq!(
        (status, error_name(&answer).as_str()),
        (400, "InvalidParameterValueException")
    );
}

#[tokio::test]
async fn vault_notifications_keep_reports_in_s3() {
    let gateway = start_gateway(&[]).await;
    call(&gateway, "PUT", "/backup-vaults/v1", Some(json!({}))).await;
    let path = "/backup-vaults/v1/notification-configuration";
    let reports = json!({"BucketName": "backup-reports", "KeyPrefix": "jobs/",
                         "ExpectedBucketOwner": ACCOUNT, "ResourceTypes": ["EBS", "S3", "EBS"]});
    let topic = format!("arn:aws:sns:{REGION}:{ACCOUNT}:events");
    let (status, answer) = call(
        &gateway,
        "PUT",
        path,
        Some(json!({"SNSTopicArn": topic, "BackupVaultEvents": ["BACKUP_JOB_COMPLETED"], "ReportsInS3": reports})),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let (_, got) = call(&gateway, "GET", path, None).await;
    assert_eq!(
        got["ReportsInS3"],
        json!({"BucketName": "backup-reports", "KeyPrefix": "jobs/",
               "ExpectedBucketOwner": ACCOUNT, "ResourceTypes": ["EBS", "S3"]})
    );
    for (bad, error) in [
        (
            json!({"BucketName": "Bad_Bucket", "ExpectedBucketOwner": ACCOUNT, "ResourceTypes": ["EBS"]}),
            "InvalidParameterValueException",
        ),
        (
            json!({"BucketName": "ok-bucket", "ExpectedBucketOwner": ACCOUNT, "ResourceTypes": ["Floppy"]}),
            "InvalidParameterValueException",
        ),
        (
            json!({"BucketName": "ok-bucket", "ResourceTypes": ["EBS"]}),
            "MissingParameterValueException",
        ),
    ] {
        let (status, answer) = call(
            &gateway,
            "PUT",
            path,
            Some(json!({"SNSTopicArn": topic, "BackupVaultEvents": ["BACKUP_JOB_COMPLETED"], "ReportsInS3": bad})),
        )
        .await;
        assert_eq!(
            (status, error_name(&answer).as_str()),
            (400, error),
            "{bad}: {answer}"
        );
    }
    // The failed calls left the stored configuration as it was.
    let (_, still) = call(&gateway, "GET", path, None).await;
    assert_eq!(still["ReportsInS3"]["BucketName"], json!("backup-reports"));
}

/// Backup's state as the gateway persisted it before the refresh (written by the pre-refresh
/// build: a vault with notifications, a plan, a region opt-in), loaded by this build: the new
/// members read as absent, and the loaded state takes the new operation.
#[tokio::test]
async fn state_persisted_before_the_refresh_still_loads() {
    let dir = tempfile::tempdir().unwrap();
    let partition = dir.path().join("backup").join(ACCOUNT);
    std::fs::create_dir_all(&partition).unwrap();
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/pre-refresh-state/backup/111122223333/us-east-1.json"
        ),
        partition.join("us-east-1.json"),
    )
    .unwrap();
    let gateway = crate::persistence::gateway_in(dir.path(), "persistent").await;

    let (status, vault) = call(&gateway, "GET", "/backup-vaults/old-vault", None).await;
    assert_eq!(status, 200, "{vault}");
    assert_eq!(vault["VaultType"], json!("BACKUP_VAULT"));
    assert!(vault.get("ApplianceArn").is_none(), "{vault}");

    let (status, notifications) = call(
        &gateway,
        "GET",
        "/backup-vaults/old-vault/notification-configuration",
        None,
    )
    .await;
    assert_eq!(status, 200, "{notifications}");
    assert_eq!(
        notifications["BackupVaultEvents"],
        json!(["BACKUP_JOB_COMPLETED"])
    );
    assert!(notifications.get("ReportsInS3").is_none());

    let (_, plans) = call(&gateway, "GET", "/backup/plans/", None).await;
    let id = plans["BackupPlansList"][0]["BackupPlanId"]
        .as_str()
        .expect("the persisted plan")
        .to_owned();
    let (_, plan) = call(&gateway, "GET", &format!("/backup/plans/{id}/"), None).await;
    assert_eq!(plan["BackupPlan"]["Rules"][0]["RuleName"], json!("daily"));
    assert!(plan["BackupPlan"]["Rules"][0]
        .get("LocalBackupConfiguration")
        .is_none());

    let (_, settings) = call(&gateway, "GET", "/account-settings", None).await;
    assert_eq!(settings["ResourceTypeOptInPreference"]["S3"], json!(false));
    assert_eq!(
        settings["ResourceTypeOptInIncremental"],
        json!({"DynamoDB": false})
    );

    let (status, _) = create_local(
        &gateway,
        "site-b",
        json!({"ApplianceArn": appliance("ap-9"), "EncryptionKeyArn": KEY}),
    )
    .await;
    assert_eq!(status, 200);
}
