//! Strict authentication (`FLOCI_AUTH_VALIDATE_SIGNATURES=true`): the real `aws-sdk-backup`
//! client signing with a configured secret passes, a wrong secret or an unknown key fails with
//! AWS's errors, and presigned URLs (signed by `aws-sigv4`, the SDK's own signer) verify until
//! they expire. Dates more than five minutes away from the gateway's time are refused.

use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sdk_backup::error::ProvideErrorMetadata;
use aws_sigv4::http_request::{
    sign, SignableBody, SignableRequest, SignatureLocation, SigningSettings,
};
use aws_sigv4::sign::v4;
use integration_tests::{
    advance_clock, sdk_config_with_secret, start_gateway, tags_of, GatewayHandle, ACCOUNT,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
/// A key that is not a 12-digit account id, mapped to an account explicitly.
const NAMED_KEY: &str = "AKIAEXAMPLENAMED";
const NAMED_ACCOUNT: &str = "444455556666";

async fn strict_gateway() -> GatewayHandle {
    let credentials = format!("{ACCOUNT}:{SECRET},{NAMED_KEY}:other-secret:{NAMED_ACCOUNT}");
    start_gateway(&[
        ("FLOCI_AUTH_VALIDATE_SIGNATURES", "true"),
        ("FLOCI_AUTH_CREDENTIALS", &credentials),
        ("FLOCI_ADMIN_TOKEN", integration_tests::ADMIN_TOKEN),
    ])
    .await
}

async fn backup(gateway: &GatewayHandle, akid: &str, secret: &str) -> aws_sdk_backup::Client {
    aws_sdk_backup::Client::new(
        &sdk_config_with_secret(&gateway.endpoint(), "us-east-1", akid, secret).await,
    )
}

/// Status, exception name and message of a failed SDK call.
fn failure<T: std::fmt::Debug, E: ProvideErrorMetadata + std::fmt::Debug>(
    result: Result<T, aws_sdk_backup::error::SdkError<E>>,
) -> (u16, String, String) {
    let err = result.expect_err("the call must be refused");
    (
        err.raw_response().expect("a response").status().as_u16(),
        err.code().unwrap_or_default().to_owned(),
        err.message().unwrap_or_default().to_owned(),
    )
}

#[tokio::test]
async fn the_sdk_signing_with_a_configured_secret_is_accepted() {
    let gateway = strict_gateway().await;
    let client = backup(&gateway, ACCOUNT, SECRET).await;
    // A body (CreateBackupVault), a label with characters the path encodes twice (ListTags of an
    // ARN), a query string (ListBackupVaults with MaxResults) and a DELETE.
    let arn = client
        .create_backup_vault()
        .backup_vault_name("signed-vault")
        .backup_vault_tags("team", "a b/c")
        .send()
        .await
        .expect("a correctly signed call passes")
        .backup_vault_arn
        .unwrap();
    assert_eq!(
        arn,
        format!("arn:aws:backup:us-east-1:{ACCOUNT}:backup-vault:signed-vault")
    );
    assert_eq!(tags_of(&client, &arn).await["team"], "a b/c");
    let listed = client
        .list_backup_vaults()
        .max_results(5)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.backup_vault_list().len(), 1);
    client
        .delete_backup_vault()
        .backup_vault_name("signed-vault")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn a_key_configured_with_an_account_acts_in_that_account() {
    let gateway = strict_gateway().await;
    let client = backup(&gateway, NAMED_KEY, "other-secret").await;
    let arn = client
        .create_backup_vault()
        .backup_vault_name("named-vault")
        .send()
        .await
        .unwrap()
        .backup_vault_arn
        .unwrap();
    assert!(arn.contains(&format!(":{NAMED_ACCOUNT}:")), "{arn}");
}

#[tokio::test]
async fn a_wrong_secret_is_an_invalid_signature() {
    let gateway = strict_gateway().await;
    let client = backup(&gateway, ACCOUNT, "not-the-secret").await;
    let (status, code, message) = failure(
        client
            .create_backup_vault()
            .backup_vault_name("never-created")
            .send()
            .await,
    );
    assert_eq!((status, code.as_str()), (403, "InvalidSignatureException"));
    assert!(message.starts_with("The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."), "{message}");
    assert!(
        message.contains("The Canonical String for this request should have been"),
        "{message}"
    );
    // Nothing was created: the correctly signed client sees no vault.
    let good = backup(&gateway, ACCOUNT, SECRET).await;
    let listed = good.list_backup_vaults().send().await.unwrap();
    assert!(listed.backup_vault_list().is_empty());
}

#[tokio::test]
async fn an_unknown_access_key_is_an_unrecognized_client() {
    let gateway = strict_gateway().await;
    let client = backup(&gateway, "999999999999", SECRET).await;
    let (status, code, message) = failure(client.list_backup_vaults().send().await);
    assert_eq!(
        (status, code.as_str()),
        (403, "UnrecognizedClientException")
    );
    assert_eq!(
        message,
        "The security token included in the request is invalid."
    );
}

#[tokio::test]
async fn json_protocol_services_answer_400_as_aws_does() {
    let gateway = strict_gateway().await;
    let config = sdk_config_with_secret(&gateway.endpoint(), "us-east-1", ACCOUNT, "wrong").await;
    let client = aws_sdk_opsworkscm::Client::new(&config);
    let err = client.describe_servers().send().await.expect_err("refused");
    assert_eq!(err.raw_response().unwrap().status().as_u16(), 400);
    assert_eq!(err.code(), Some("InvalidSignatureException"));
}

#[tokio::test]
async fn strict_mode_survives_moving_the_emulated_clock() {
    let gateway = strict_gateway().await;
    let client = backup(&gateway, ACCOUNT, SECRET).await;
    // Clients sign with real time; the emulated clock is for the services' own timestamps.
    advance_clock(&gateway, 86_400).await;
    client.list_backup_vaults().send().await.unwrap();
}

/// One raw HTTP/1.1 request; answers (status, body).
async fn raw(
    gateway: &GatewayHandle,
    method: &str,
    path_and_query: &str,
    headers: &[(String, String)],
) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(gateway.addr())
        .await
        .unwrap();
    let host = gateway.endpoint().trim_start_matches("http://").to_owned();
    let mut request =
        format!("{method} {path_and_query} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("Content-Length: 0\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    (head[9..12].parse().unwrap(), body.to_owned())
}

/// Signs `GET /backup-vaults/` (ListBackupVaults) with the SDK's signer, in the query string
/// (presigned, valid `expires`) or in headers, as if at `time`.
fn signed_list_vaults(
    gateway: &GatewayHandle,
    secret: &str,
    time: SystemTime,
    presign_for: Option<Duration>,
) -> (String, Vec<(String, String)>) {
    let identity = Credentials::new(ACCOUNT, secret, None, None, "test").into();
    let mut settings = SigningSettings::default();
    if let Some(expires) = presign_for {
        settings.signature_location = SignatureLocation::QueryParams;
        settings.expires_in = Some(expires);
    }
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region("us-east-1")
        .name("backup")
        .time(time)
        .settings(settings)
        .build()
        .unwrap()
        .into();
    let url = format!("{}/backup-vaults/?maxResults=10", gateway.endpoint());
    let signable =
        SignableRequest::new("GET", &url, std::iter::empty(), SignableBody::Bytes(&[])).unwrap();
    let (instructions, _) = sign(signable, &params).unwrap().into_parts();
    let mut request = http::Request::builder().uri(&url).body(()).unwrap();
    instructions.apply_to_request_http1x(&mut request);
    let headers = request
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap().to_owned()))
        .collect();
    let uri = request.uri();
    let path_and_query = uri.path_and_query().unwrap().as_str().to_owned();
    (path_and_query, headers)
}

#[tokio::test]
async fn presigned_urls_verify_until_they_expire() {
    let gateway = strict_gateway().await;
    let (url, _) = signed_list_vaults(
        &gateway,
        SECRET,
        SystemTime::now(),
        Some(Duration::from_secs(60)),
    );
    assert!(url.contains("X-Amz-Signature="), "{url}");
    let (status, body) = raw(&gateway, "GET", &url, &[]).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("BackupVaultList"), "{body}");

    // Signed two hours ago for one hour.
    let (expired, _) = signed_list_vaults(
        &gateway,
        SECRET,
        SystemTime::now() - Duration::from_secs(7200),
        Some(Duration::from_secs(3600)),
    );
    let (status, body) = raw(&gateway, "GET", &expired, &[]).await;
    assert_eq!(status, 403, "{body}");
    assert!(
        body.contains("InvalidSignatureException") && body.contains("Signature expired: "),
        "{body}"
    );

    // Tampering with a signed parameter breaks the signature.
    let tampered = url.replace("maxResults=10", "maxResults=11");
    let (status, body) = raw(&gateway, "GET", &tampered, &[]).await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("InvalidSignatureException"), "{body}");

    // A presigned URL signed with the wrong secret.
    let (wrong, _) = signed_list_vaults(
        &gateway,
        "wrong",
        SystemTime::now(),
        Some(Duration::from_secs(60)),
    );
    let (status, body) = raw(&gateway, "GET", &wrong, &[]).await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("does not match the signature"), "{body}");
}

#[tokio::test]
async fn dates_more_than_five_minutes_off_are_refused() {
    let gateway = strict_gateway().await;
    let (path, headers) = signed_list_vaults(&gateway, SECRET, SystemTime::now(), None);
    let (status, body) = raw(&gateway, "GET", &path, &headers).await;
    assert_eq!(status, 200, "{body}");

    let (path, headers) = signed_list_vaults(
        &gateway,
        SECRET,
        SystemTime::now() - Duration::from_secs(10 * 60),
        None,
    );
    let (status, body) = raw(&gateway, "GET", &path, &headers).await;
    assert_eq!(status, 403, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["__type"], "InvalidSignatureException");
    let message = json["message"].as_str().unwrap();
    assert!(
        message.starts_with("Signature expired: ")
            && message.contains(" is now earlier than ")
            && message.ends_with(" - 5 min.)"),
        "{message}"
    );

    let (path, headers) = signed_list_vaults(
        &gateway,
        SECRET,
        SystemTime::now() + Duration::from_secs(10 * 60),
        None,
    );
    let (status, body) = raw(&gateway, "GET", &path, &headers).await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("Signature not yet current: "), "{body}");
}

#[tokio::test]
async fn unsigned_requests_are_refused_but_admin_endpoints_stay_open() {
    let gateway = strict_gateway().await;
    // Routed by its host name, as an unsigned request must be.
    let mut stream = tokio::net::TcpStream::connect(gateway.addr())
        .await
        .unwrap();
    stream
        .write_all(b"GET /backup-vaults/ HTTP/1.1\r\nHost: backup.us-east-1.amazonaws.com\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.1 403"), "{response}");
    assert!(
        response.contains("MissingAuthenticationTokenException")
            && response.contains("Missing Authentication Token"),
        "{response}"
    );
    let (status, _) = raw(&gateway, "GET", "/_floci/health", &[]).await;
    assert_eq!(status, 200);
}
