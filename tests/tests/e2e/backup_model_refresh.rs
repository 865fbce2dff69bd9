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

/// A backup appliance's ARN, in Backup External's shape (`appliance:` and a 36-character id);
/// `ap-N` names the Nth test appliance.
fn appliance(id: &str) -> String {
    let n = id.trim_start_matches("ap-");
    format!("arn:aws:backup-external:{REGION}:{ACCOUNT}:appliance:00000000-0000-0000-0000-{n:0>12}")
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
        // Bad appliance ARNs: not an ARN, not an appliance, another region or account, the
        // shape of another service.
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
            json!({"ApplianceArn": appliance("ap-3").replace(REGION, "eu-west-1"), "EncryptionKeyArn": KEY}),
            400,
            "InvalidParameterValueException",
        ),
        (
            "bad4",
            json!({"ApplianceArn": appliance("ap-3").replace(ACCOUNT, "210987654321"), "EncryptionKeyArn": KEY}),
            400,
            "InvalidParameterValueException",
        ),
        (
            "bad5",
            json!({"ApplianceArn": format!("arn:aws:backup:{REGION}:{ACCOUNT}:appliance/ap-3"), "EncryptionKeyArn": KEY}),
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
    ] {
        let (status, answer) =
            call(&gateway, "PUT", "/backup/plans/", Some(plan(bad.clone()))).await;
        assert_eq!(
            (status, error_name(&answer).as_str()),
            (400, "InvalidParameterValueException"),
            "{bad}"
        );
    }
    // AWS: "If BackupToLocalVaultOnly is true, there is no copy, so only the first condition
    // applies": the two go together.
    let both = json!({"DeleteAfterDays": 7, "BackupToLocalVaultOnly": true, "DeleteAfterNextBackup": true});
    let (status, answer) = call(&gateway, "PUT", "/backup/plans/", Some(plan(both))).await;
    assert_eq!(status, 200, "{answer}");
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
    call(&gateway, "PUT", "/backup-vaults/standard", Some(json!({}))).await;
    create_local(
        &gateway,
        "v1",
        json!({"ApplianceArn": appliance("ap-1"), "EncryptionKeyArn": KEY}),
    )
    .await;
    let path = "/backup-vaults/v1/notification-configuration";
    let reports = json!({"BucketName": "backup-reports", "KeyPrefix": "jobs/",
                         "ExpectedBucketOwner": ACCOUNT, "ResourceTypes": ["EBS", "S3", "EBS"]});
    let topic = format!("arn:aws:sns:{REGION}:{ACCOUNT}:events");
    // "This parameter is supported only for local backup vaults."
    let (status, answer) = call(
        &gateway,
        "PUT",
        "/backup-vaults/standard/notification-configuration",
        Some(json!({"SNSTopicArn": topic, "BackupVaultEvents": ["BACKUP_JOB_COMPLETED"], "ReportsInS3": reports})),
    )
    .await;
    assert_eq!(
        (status, error_name(&answer).as_str()),
        (400, "InvalidParameterValueException"),
        "{answer}"
    );
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

/// A Backup External resource target: a VMware VM registered with a backup appliance.
fn registered_vm() -> String {
    format!("arn:aws:backup-external:{REGION}:{ACCOUNT}:resource-target:vmware-vm/0a1b2c3d")
}

/// A resource no appliance knows.
fn volume() -> String {
    format!("arn:aws:ec2:{REGION}:{ACCOUNT}:volume/vol-0123456789abcdef0")
}

fn role() -> String {
    format!("arn:aws:iam::{ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole")
}

/// A plan with one hourly rule into `cloud` (`Lifecycle` 30 days) and `local` as its
/// `LocalBackupConfiguration`, choosing the registered VM and the volume; answers
/// (plan id, selection id).
async fn hourly_plan(gateway: &GatewayHandle, local: Value) -> (String, String) {
    let (status, created) = call(
        gateway,
        "PUT",
        "/backup/plans/",
        Some(
            json!({"BackupPlan": {"BackupPlanName": "appliance-plan", "Rules": [{
            "RuleName": "hourly", "TargetBackupVaultName": "cloud",
            "ScheduleExpression": "cron(0 * ? * * *)",
            "Lifecycle": {"DeleteAfterDays": 30},
            "LocalBackupConfiguration": local}]}}),
        ),
    )
    .await;
    assert_eq!(status, 200, "{created}");
    let plan_id = created["BackupPlanId"].as_str().unwrap().to_owned();
    let (status, selection) = call(
        gateway,
        "PUT",
        &format!("/backup/plans/{plan_id}/selections/"),
        Some(
            json!({"BackupSelection": {"SelectionName": "both", "IamRoleArn": role(),
            "Resources": [registered_vm(), volume()]}}),
        ),
    )
    .await;
    assert_eq!(status, 200, "{selection}");
    (
        plan_id,
        selection["SelectionId"].as_str().unwrap().to_owned(),
    )
}

/// Moves the clock just past the plan's next run (GetBackupPlan's preview).
async fn pass_next_run(gateway: &GatewayHandle, plan_id: &str) {
    let (_, plan) = call(
        gateway,
        "GET",
        &format!("/backup/plans/{plan_id}/?MaxScheduledRunsPreview=1"),
        None,
    )
    .await;
    let due = plan["ScheduledRunsPreview"][0]["ExecutionTime"]
        .as_f64()
        .unwrap_or_else(|| panic!("no preview: {plan}"));
    let (_, clock) = integration_tests::admin_request(gateway, "GET", "/_floci/clock", "").await;
    let now = serde_json::from_str::<Value>(&clock).unwrap()["now"]
        .as_f64()
        .unwrap();
    integration_tests::advance_clock(gateway, (due - now).ceil() as u64 + 1).await;
}

/// The recovery points of `vault`, oldest first.
async fn points_in(gateway: &GatewayHandle, vault: &str) -> Vec<Value> {
    let (status, listed) = call(
        gateway,
        "GET",
        &format!("/backup-vaults/{vault}/recovery-points/"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{listed}");
    let mut points = listed["RecoveryPoints"].as_array().unwrap().clone();
    points.sort_by(|a, b| {
        a["CreationDate"]
            .as_f64()
            .partial_cmp(&b["CreationDate"].as_f64())
            .unwrap()
    });
    points
}

/// The backup jobs of the registered VM, oldest first.
async fn vm_jobs(gateway: &GatewayHandle) -> Vec<Value> {
    let (_, listed) = call(gateway, "GET", "/backup-jobs/", None).await;
    let mut jobs: Vec<Value> = listed["BackupJobs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|job| job["ResourceArn"] == json!(registered_vm()))
        .cloned()
        .collect();
    jobs.sort_by(|a, b| {
        a["CreationDate"]
            .as_f64()
            .partial_cmp(&b["CreationDate"].as_f64())
            .unwrap()
    });
    jobs
}

const INSTANT: &[(&str, &str)] = &[("FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS", "0")];
const DAY: u64 = 86_400;

#[tokio::test]
async fn scheduled_runs_keep_registered_resources_in_the_local_vault_and_copy_them() {
    let gateway = start_gateway(INSTANT).await;
    call(&gateway, "PUT", "/backup-vaults/cloud", Some(json!({}))).await;
    let (status, local) = create_local(
        &gateway,
        "site-a",
        json!({"ApplianceArn": appliance("ap-1"), "EncryptionKeyArn": KEY}),
    )
    .await;
    assert_eq!(status, 200, "{local}");
    let (plan_id, _) = hourly_plan(
        &gateway,
        json!({"DeleteAfterDays": 2, "DeleteAfterNextBackup": true}),
    )
    .await;

    pass_next_run(&gateway, &plan_id).await;
    // The VM backs up into the appliance's local vault, kept 2 days, no cold storage.
    let jobs = vm_jobs(&gateway).await;
    assert_eq!(jobs.len(), 1, "{jobs:?}");
    assert_eq!(jobs[0]["State"], "COMPLETED", "{:?}", jobs[0]);
    assert_eq!(jobs[0]["BackupVaultName"], "site-a");
    assert_eq!(jobs[0]["VaultType"], "LOCAL_BACKUP_VAULT");
    assert_eq!(jobs[0]["ResourceType"], "VMWARE_VM");
    let job_id = jobs[0]["BackupJobId"].as_str().unwrap();
    let (_, described) = call(&gateway, "GET", &format!("/backup-jobs/{job_id}"), None).await;
    assert_eq!(described["VaultType"], "LOCAL_BACKUP_VAULT", "{described}");
    assert!(described.get("JobStatusCode").is_none(), "{described}");
    let local_points = points_in(&gateway, "site-a").await;
    assert_eq!(local_points.len(), 1, "{local_points:?}");
    let first = &local_points[0];
    assert_eq!(first["Lifecycle"], json!({"DeleteAfterDays": 2}));
    let created = first["CreationDate"].as_f64().unwrap();
    let delete_at = first["CalculatedLifecycle"]["DeleteAt"].as_f64().unwrap();
    assert_eq!((delete_at - created).round() as u64, 2 * DAY);
    assert!(first["CalculatedLifecycle"]
        .get("MoveToColdStorageAt")
        .is_none());
    // The copy to the rule's target vault keeps the rule's lifecycle; the volume backs up there
    // as always.
    let cloud = points_in(&gateway, "cloud").await;
    assert_eq!(cloud.len(), 2, "{cloud:?}");
    let copy = cloud
        .iter()
        .find(|p| p["ResourceArn"] == json!(registered_vm()))
        .expect("the VM's copy");
    assert_eq!(copy["Lifecycle"]["DeleteAfterDays"], 30);
    assert_eq!(copy["SourceBackupVaultArn"], first["BackupVaultArn"]);
    let (_, copies) = call(&gateway, "GET", "/copy-jobs/", None).await;
    assert_eq!(copies["CopyJobs"][0]["State"], "COMPLETED", "{copies}");

    // The next run writes a newer backup of the VM: the first one, copied, goes at once.
    pass_next_run(&gateway, &plan_id).await;
    let local_points = points_in(&gateway, "site-a").await;
    assert_eq!(local_points.len(), 1, "{local_points:?}");
    assert_ne!(
        local_points[0]["RecoveryPointArn"],
        first["RecoveryPointArn"]
    );
    assert_eq!(points_in(&gateway, "cloud").await.len(), 4);
    let (_, described) = call(&gateway, "GET", "/backup-vaults/site-a", None).await;
    assert_eq!(described["NumberOfRecoveryPoints"], 1, "{described}");
}

#[tokio::test]
async fn local_only_backups_stay_for_their_days_and_need_a_local_vault() {
    let gateway = start_gateway(INSTANT).await;
    call(&gateway, "PUT", "/backup-vaults/cloud", Some(json!({}))).await;
    let (plan_id, selection_id) = hourly_plan(
        &gateway,
        json!({"DeleteAfterDays": 1, "BackupToLocalVaultOnly": true}),
    )
    .await;

    // No appliance has a local vault yet: the registered VM's job fails, the volume's runs.
    pass_next_run(&gateway, &plan_id).await;
    let jobs = vm_jobs(&gateway).await;
    assert_eq!(jobs[0]["State"], "FAILED", "{jobs:?}");
    assert!(
        jobs[0]["StatusMessage"]
            .as_str()
            .is_some_and(|m| m.contains("no local backup vault")),
        "{jobs:?}"
    );
    assert_eq!(points_in(&gateway, "cloud").await.len(), 1);

    create_local(
        &gateway,
        "site-a",
        json!({"ApplianceArn": appliance("ap-1"), "EncryptionKeyArn": KEY}),
    )
    .await;
    pass_next_run(&gateway, &plan_id).await;
    pass_next_run(&gateway, &plan_id).await;
    // Two local backups (no early deletion asked for), none copied to the cloud.
    let local_points = points_in(&gateway, "site-a").await;
    assert_eq!(local_points.len(), 2, "{local_points:?}");
    let cloud = points_in(&gateway, "cloud").await;
    assert!(
        cloud.iter().all(|p| p["ResourceArn"] == json!(volume())),
        "{cloud:?}"
    );
    let (_, copies) = call(&gateway, "GET", "/copy-jobs/", None).await;
    assert_eq!(copies["CopyJobs"], json!([]), "{copies}");

    // No more runs: a day later the local backups are gone, the volume's stay.
    let (status, _) = call(
        &gateway,
        "DELETE",
        &format!("/backup/plans/{plan_id}/selections/{selection_id}"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    integration_tests::advance_clock(&gateway, DAY + 60).await;
    assert_eq!(points_in(&gateway, "site-a").await, Vec::<Value>::new());
    assert_eq!(points_in(&gateway, "cloud").await.len(), 3);
}

#[tokio::test]
async fn local_only_with_delete_after_next_backup_keeps_only_the_newest() {
    let gateway = start_gateway(INSTANT).await;
    call(&gateway, "PUT", "/backup-vaults/cloud", Some(json!({}))).await;
    create_local(
        &gateway,
        "site-a",
        json!({"ApplianceArn": appliance("ap-1"), "EncryptionKeyArn": KEY}),
    )
    .await;
    let (plan_id, _) = hourly_plan(
        &gateway,
        json!({"DeleteAfterDays": 5, "BackupToLocalVaultOnly": true, "DeleteAfterNextBackup": true}),
    )
    .await;
    let mut seen = Vec::new();
    for _ in 0..3 {
        pass_next_run(&gateway, &plan_id).await;
        let local_points = points_in(&gateway, "site-a").await;
        assert_eq!(local_points.len(), 1, "{local_points:?}");
        seen.push(local_points[0]["RecoveryPointArn"].clone());
    }
    seen.dedup();
    assert_eq!(seen.len(), 3, "each run replaced the last: {seen:?}");
}

#[tokio::test]
async fn a_legal_hold_keeps_a_local_backup_the_next_backup_would_delete() {
    let gateway = start_gateway(INSTANT).await;
    call(&gateway, "PUT", "/backup-vaults/cloud", Some(json!({}))).await;
    create_local(
        &gateway,
        "site-a",
        json!({"ApplianceArn": appliance("ap-1"), "EncryptionKeyArn": KEY}),
    )
    .await;
    let (plan_id, _) = hourly_plan(
        &gateway,
        json!({"DeleteAfterDays": 5, "BackupToLocalVaultOnly": true, "DeleteAfterNextBackup": true}),
    )
    .await;
    pass_next_run(&gateway, &plan_id).await;
    let (status, hold) = call(
        &gateway,
        "POST",
        "/legal-holds/",
        Some(json!({"Title": "case-1", "Description": "keep site-a",
                    "RecoveryPointSelection": {"VaultNames": ["site-a"]}})),
    )
    .await;
    assert_eq!(status, 200, "{hold}");
    pass_next_run(&gateway, &plan_id).await;
    // The held point stays, EXPIRED, as a lifecycle deletion under a hold does.
    let local_points = points_in(&gateway, "site-a").await;
    assert_eq!(local_points.len(), 2, "{local_points:?}");
    assert_eq!(local_points[0]["Status"], "EXPIRED", "{local_points:?}");
    assert_eq!(local_points[1]["Status"], "COMPLETED", "{local_points:?}");
}
