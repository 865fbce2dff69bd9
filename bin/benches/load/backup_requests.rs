//! AWS Backup requests shaped as the AWS SDK for Rust sends them to an endpoint URL: the
//! operation's REST path from the model, a JSON body only where the operation has body members
//! (with the idempotency token the SDK fills in), and the SDK's headers: `user-agent`,
//! `x-amz-user-agent`, `amz-sdk-invocation-id`, `amz-sdk-request`, and the `x-amz-date` and
//! `authorization` headers of SigV4 (scope `<date>/us-east-1/backup/aws4_request`), signed by
//! `aws-sigv4`, the signer the SDKs use.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use bytes::Bytes;
use http_body_util::Full;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::json;

const REGION: &str = "us-east-1";
const USER_AGENT: &str = "aws-sdk-rust/1.3.10 os/linux lang/rust/1.95.0";
const X_AMZ_USER_AGENT: &str =
    "aws-sdk-rust/1.3.10 ua/2.1 api/backup/1.132.0 os/linux lang/rust/1.95.0 m/E";

/// RFC 3986's unreserved characters stay; everything else is percent-encoded, as the SDKs
/// encode labels and query values.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn uri_encode(text: &str) -> String {
    utf8_percent_encode(text, UNRESERVED).to_string()
}

/// One operation call before it is signed.
#[derive(Clone, Debug)]
pub struct Call {
    method: &'static str,
    path: String,
    query: String,
    body: Option<String>,
}

impl Call {
    /// The call with member `name` of its JSON body set to `value` (a body with more in it).
    // Used by the persistence benchmark, which shares this file.
    #[allow(dead_code)]
    pub fn with_member(mut self, name: &str, value: serde_json::Value) -> Self {
        let body = self.body.as_deref().unwrap_or("{}");
        let mut body: serde_json::Value = serde_json::from_str(body).expect("a JSON body");
        body[name] = value;
        self.body = Some(body.to_string());
        self
    }
}

/// A caller: one account (its 12-digit access key id names it) talking to one endpoint.
#[derive(Clone, Debug)]
pub struct Caller {
    account: String,
    identity: Identity,
    host: String,
}

impl Caller {
    /// A caller for `account` (12 digits) against `host` (`127.0.0.1:<port>`).
    pub fn new(account: &str, host: &str) -> Self {
        let credentials = Credentials::new(account, "test", None, None, "benchmark");
        Self {
            account: account.to_owned(),
            identity: credentials.into(),
            host: host.to_owned(),
        }
    }

    /// The account the caller's credentials name.
    pub fn account(&self) -> &str {
        &self.account
    }

    /// The request for `call`, signed now with SigV4 by AWS's signer.
    pub fn request(&self, call: &Call) -> http::Request<Full<Bytes>> {
        let invocation_id = uuid::Uuid::new_v4().to_string();
        let body = call.body.clone().unwrap_or_default();
        let target = if call.query.is_empty() {
            call.path.clone()
        } else {
            format!("{}?{}", call.path, call.query)
        };
        let mut headers: Vec<(&str, String)> = Vec::with_capacity(8);
        if call.body.is_some() {
            headers.push(("content-type", "application/json".to_owned()));
            headers.push(("content-length", body.len().to_string()));
        }
        headers.extend([
            ("x-amz-user-agent", X_AMZ_USER_AGENT.to_owned()),
            ("amz-sdk-invocation-id", invocation_id),
            ("amz-sdk-request", "attempt=1; max=3".to_owned()),
            ("host", self.host.clone()),
            ("user-agent", USER_AGENT.to_owned()),
        ]);
        let params = v4::SigningParams::builder()
            .identity(&self.identity)
            .region(REGION)
            .name("backup")
            .time(SystemTime::now())
            .settings(SigningSettings::default())
            .build()
            .expect("complete signing parameters")
            .into();
        let url = format!("http://{}{target}", self.host);
        let signable = SignableRequest::new(
            call.method,
            &url,
            headers.iter().map(|(name, value)| (*name, value.as_str())),
            SignableBody::Bytes(body.as_bytes()),
        )
        .expect("a signable request");
        let (instructions, _signature) = sign(signable, &params)
            .expect("SigV4 signs the request")
            .into_parts();
        let mut request = http::Request::builder()
            .method(call.method)
            .uri(target)
            .body(Full::new(Bytes::from(body)))
            .expect("a well-formed request");
        for (name, value) in &headers {
            request.headers_mut().insert(
                *name,
                http::HeaderValue::from_str(value).expect("a header value"),
            );
        }
        instructions.apply_to_request_http1x(&mut request);
        request
    }
}

impl Call {
    /// Any operation: its method, REST path (labels already encoded), query and JSON body.
    pub fn new(method: &'static str, path: String, query: &str, body: Option<String>) -> Self {
        Self {
            method,
            path,
            query: query.to_owned(),
            body,
        }
    }
}

/// A label or query value encoded as the SDKs encode it.
pub fn encode(text: &str) -> String {
    uri_encode(text)
}

/// `DescribeBackupVault`: `GET /backup-vaults/{backupVaultName}`.
pub fn describe_backup_vault(name: &str) -> Call {
    Call {
        method: "GET",
        path: format!("/backup-vaults/{}", uri_encode(name)),
        query: String::new(),
        body: None,
    }
}

/// `CreateBackupVault`: `PUT /backup-vaults/{backupVaultName}` with the `CreatorRequestId` the
/// SDK generates.
pub fn create_backup_vault(name: &str) -> Call {
    Call {
        method: "PUT",
        path: format!("/backup-vaults/{}", uri_encode(name)),
        query: String::new(),
        body: Some(json!({ "CreatorRequestId": uuid::Uuid::new_v4().to_string() }).to_string()),
    }
}

/// `ListBackupVaults`: `GET /backup-vaults/?maxResults=N`.
pub fn list_backup_vaults(max_results: u32) -> Call {
    Call {
        method: "GET",
        path: "/backup-vaults/".to_owned(),
        query: format!("maxResults={max_results}"),
        body: None,
    }
}

/// Distinct EBS volume ids across the whole run.
static NEXT_VOLUME: AtomicU64 = AtomicU64::new(1);

/// `StartBackupJob`: `PUT /backup-jobs` backing up a volume never backed up before
/// (`vol-` and 17 hex digits), with the `IdempotencyToken` the SDK generates.
pub fn start_backup_job(account: &str, vault: &str) -> Call {
    let volume = NEXT_VOLUME.fetch_add(1, Ordering::Relaxed);
    Call {
        method: "PUT",
        path: "/backup-jobs".to_owned(),
        query: String::new(),
        body: Some(
            json!({
                "BackupVaultName": vault,
                "IamRoleArn": format!("arn:aws:iam::{account}:role/service-role/AWSBackupDefaultServiceRole"),
                "IdempotencyToken": uuid::Uuid::new_v4().to_string(),
                "ResourceArn": format!("arn:aws:ec2:{REGION}:{account}:volume/vol-{volume:017x}"),
            })
            .to_string(),
        ),
    }
}

/// `ListRecoveryPointsByBackupVault`:
/// `GET /backup-vaults/{backupVaultName}/recovery-points/?maxResults=N[&nextToken=T]`.
pub fn list_recovery_points_by_backup_vault(
    vault: &str,
    max_results: u32,
    next_token: Option<&str>,
) -> Call {
    let mut query = format!("maxResults={max_results}");
    if let Some(token) = next_token {
        query.push_str(&format!("&nextToken={}", uri_encode(token)));
    }
    Call {
        method: "GET",
        path: format!("/backup-vaults/{}/recovery-points/", uri_encode(vault)),
        query,
        body: None,
    }
}
