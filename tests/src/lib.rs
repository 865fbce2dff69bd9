//! Support for the end-to-end tests in `tests/`: a gateway on an ephemeral port inside the
//! test process, and real AWS SDK clients pointed at it.

// Linking the service crates keeps their `inventory` registrations.
extern crate backup;
extern crate cinder;
extern crate opsworkscm;
extern crate sts;

use std::collections::BTreeMap;

use aws_credential_types::Credentials;
pub use emulator_core::GatewayHandle;

/// The account the default test credentials map to (a 12-digit access key id is the account).
pub const ACCOUNT: &str = "111122223333";

/// Starts a gateway on 127.0.0.1 with an ephemeral port and the given extra `FLOCI_*` variables.
pub async fn start_gateway(vars: &[(&str, &str)]) -> GatewayHandle {
    let mut all = vec![
        ("FLOCI_HOST".to_owned(), "127.0.0.1".to_owned()),
        ("FLOCI_PORT".to_owned(), "0".to_owned()),
    ];
    all.extend(vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
    emulator_core::Gateway::from_vars(all)
        .expect("valid test configuration")
        .bind()
        .await
        .expect("bind an ephemeral port")
        .spawn()
        .expect("serve")
}

/// The secret access key of the default test credentials.
pub const SECRET: &str = "secret";

/// An SDK configuration for `endpoint` signed as `access_key_id` in `region`.
pub async fn sdk_config(
    endpoint: &str,
    region: &str,
    access_key_id: &str,
) -> aws_config::SdkConfig {
    sdk_config_with_secret(endpoint, region, access_key_id, SECRET).await
}

/// An SDK configuration signed with an explicit secret access key (strict-auth tests).
pub async fn sdk_config_with_secret(
    endpoint: &str,
    region: &str,
    access_key_id: &str,
    secret_access_key: &str,
) -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(aws_config::Region::new(region.to_owned()))
        .credentials_provider(Credentials::new(
            access_key_id,
            secret_access_key,
            None,
            None,
            "tests",
        ))
        .retry_config(aws_config::retry::RetryConfig::disabled())
        .load()
        .await
}

/// A gateway whose Backup jobs complete inside the call that starts them (job delay 0).
pub async fn instant_gateway() -> GatewayHandle {
    start_gateway(&[("FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS", "0")]).await
}

/// Creates Backup vault `name` with `client` and answers its ARN.
pub async fn create_vault(client: &aws_sdk_backup::Client, name: &str) -> String {
    client
        .create_backup_vault()
        .backup_vault_name(name)
        .send()
        .await
        .expect("create vault")
        .backup_vault_arn()
        .expect("vault arn")
        .to_owned()
}

/// Every tag of the Backup resource `arn`, as `client` lists them (ListTags, page by page).
pub async fn tags_of(client: &aws_sdk_backup::Client, arn: &str) -> BTreeMap<String, String> {
    let mut tags = BTreeMap::new();
    let mut pages = client.list_tags().resource_arn(arn).into_paginator().send();
    while let Some(page) = pages.next().await {
        tags.extend(page.expect("list tags").tags.unwrap_or_default());
    }
    tags
}

/// An AWS Backup client for `gateway` in us-east-1 as [`ACCOUNT`].
pub async fn backup_client(gateway: &GatewayHandle) -> aws_sdk_backup::Client {
    backup_client_for(gateway, "us-east-1", ACCOUNT).await
}

/// An AWS Backup client for `gateway` in `region` as `access_key_id`.
pub async fn backup_client_for(
    gateway: &GatewayHandle,
    region: &str,
    access_key_id: &str,
) -> aws_sdk_backup::Client {
    aws_sdk_backup::Client::new(&sdk_config(&gateway.endpoint(), region, access_key_id).await)
}

/// An AWS OpsWorks CM client for `gateway` in us-east-1 as [`ACCOUNT`].
pub async fn opsworkscm_client(gateway: &GatewayHandle) -> aws_sdk_opsworkscm::Client {
    opsworkscm_client_for(gateway, "us-east-1", ACCOUNT).await
}

/// An AWS OpsWorks CM client for `gateway` in `region` as `access_key_id`.
pub async fn opsworkscm_client_for(
    gateway: &GatewayHandle,
    region: &str,
    access_key_id: &str,
) -> aws_sdk_opsworkscm::Client {
    aws_sdk_opsworkscm::Client::new(&sdk_config(&gateway.endpoint(), region, access_key_id).await)
}

/// An AWS STS client for `gateway` in us-east-1 as `access_key_id`.
pub async fn sts_client(gateway: &GatewayHandle, access_key_id: &str) -> aws_sdk_sts::Client {
    aws_sdk_sts::Client::new(&sdk_config(&gateway.endpoint(), "us-east-1", access_key_id).await)
}

/// Moves the gateway's clock forward (`POST /_floci/clock`), so scheduled work comes due at once.
pub async fn advance_clock(gateway: &GatewayHandle, seconds: u64) {
    let (status, body) = admin_request(
        gateway,
        "POST",
        "/_floci/clock",
        &format!("{{\"advanceSeconds\": {seconds}}}"),
    )
    .await;
    assert_eq!(status, 200, "advancing the clock failed: {body}");
}

/// The admin token the helpers send (`FLOCI_ADMIN_TOKEN` of gateways that need one; ignored by
/// the others).
pub const ADMIN_TOKEN: &str = "test-admin-token";

/// A raw HTTP/1.1 request to an admin endpoint, as a tool sends it (`Host: localhost`, JSON,
/// the test admin token); answers (status, body).
pub async fn admin_request(
    gateway: &GatewayHandle,
    method: &str,
    path: &str,
    body: &str,
) -> (u16, String) {
    let (status, _, body) = raw_request(
        gateway,
        method,
        path,
        &[
            ("Host", "localhost"),
            ("Content-Type", "application/json"),
            ("X-Floci-Admin-Token", ADMIN_TOKEN),
        ],
        body,
    )
    .await;
    (status, body)
}

/// A raw HTTP/1.1 request with exactly `headers` (and Content-Length); answers (status, the
/// response head in lower case, body).
pub async fn raw_request(
    gateway: &GatewayHandle,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(gateway.addr())
        .await
        .expect("connect to the gateway");
    let head: String = headers
        .iter()
        .map(|(name, value)| format!("{name}: {value}\r\n"))
        .collect();
    let request = format!(
        "{method} {path} HTTP/1.1\r\n{head}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).await.expect("read");
    let status = response
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .expect("an HTTP status line");
    let (head, body) = response
        .split_once("\r\n\r\n")
        .map(|(h, b)| (h.to_ascii_lowercase(), b.to_owned()))
        .unwrap_or_default();
    (status, head, body)
}

/// An answer to [`http_request`].
#[derive(Debug, Clone)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Header names (lower case) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

impl HttpResponse {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of header `name` (any case).
    pub fn headers_named(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// A raw HTTP/1.1 request with extra headers, for APIs without an SDK here (OpenStack).
pub async fn http_request(
    gateway: &GatewayHandle,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> HttpResponse {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(gateway.addr())
        .await
        .expect("connect to the gateway");
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).await.expect("read");
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.get(9..12))
        .and_then(|s| s.parse().ok())
        .expect("an HTTP status line");
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    HttpResponse {
        status,
        headers,
        body: body.to_owned(),
    }
}

/// The recovery point a started backup job writes. StartBackupJob answers `RecoveryPointArn`
/// only for EFS and advanced DynamoDB, as AWS does (issue 22), so tests that back up other
/// types read the job's point from DescribeBackupJob.
#[allow(async_fn_in_trait)]
pub trait WrittenPoint {
    /// The job's `RecoveryPointArn` as DescribeBackupJob shows it.
    async fn written_point(&self, client: &aws_sdk_backup::Client) -> Option<String>;
}

impl WrittenPoint for aws_sdk_backup::operation::start_backup_job::StartBackupJobOutput {
    async fn written_point(&self, client: &aws_sdk_backup::Client) -> Option<String> {
        let id = self.backup_job_id()?;
        let job = client
            .describe_backup_job()
            .backup_job_id(id)
            .send()
            .await
            .ok()?;
        job.recovery_point_arn().map(str::to_owned)
    }
}
