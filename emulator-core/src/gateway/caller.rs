//! Who signed a request: a temporary credential a service issued (checked for expiry and, in
//! strict mode, for its session token) or a long-term key, and the account it acts in.

use std::sync::Arc;

use crate::credentials::TemporaryCredential;
use crate::dto::Timestamp;
use crate::sigv4::AuthError;
use crate::{Protocol, ServiceError};

const EXPIRED: &str = "The security token included in the request is expired";

/// `X-Amz-Security-Token`, as a header or a presigned URL's query parameter.
pub(super) fn session_token<'a>(
    headers: &'a http::HeaderMap,
    query: &'a [(String, String)],
) -> Option<&'a str> {
    headers
        .get("x-amz-security-token")
        .and_then(|v| v.to_str().ok())
        .or_else(|| {
            query
                .iter()
                .find(|(k, _)| k == "X-Amz-Security-Token")
                .map(|(_, v)| v.as_str())
        })
}

/// Checks a temporary credential a request was signed with: refused once expired on the
/// gateway's clock (AWS's `ExpiredToken`), and in strict mode unless the request carries its
/// session token (`InvalidClientTokenId`, as AWS answers an unknown token).
pub(super) fn check_temporary(
    credential: &Arc<TemporaryCredential>,
    now: Timestamp,
    token: Option<&str>,
    strict: bool,
    protocol: Protocol,
) -> Result<(), ServiceError> {
    if credential.is_expired(now) {
        return Err(expired(protocol));
    }
    if strict && token != Some(credential.session_token.as_str()) {
        return Err(AuthError::UnknownAccessKey.to_service_error(protocol));
    }
    Ok(())
}

/// AWS's answer to expired credentials: `ExpiredToken` from awsQuery services,
/// `ExpiredTokenException` from JSON ones (HTTP 403, 400 for json 1.x).
fn expired(protocol: Protocol) -> ServiceError {
    match protocol {
        Protocol::AwsQuery => ServiceError::new("ExpiredToken", EXPIRED).with_status(403),
        Protocol::RestJson => ServiceError::new("ExpiredTokenException", EXPIRED).with_status(403),
        Protocol::Json { .. } => {
            ServiceError::new("ExpiredTokenException", EXPIRED).with_status(400)
        }
    }
}
