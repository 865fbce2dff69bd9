//! Which service a request is for: the SigV4 credential scope first, then `X-Amz-Target`,
//! then the host name.

use crate::registry::{RegisteredService, Registry};
use crate::sigv4::{self, CredentialScope};
use crate::{Protocol, ServiceError};

/// The service a request is routed to, with the scope it was signed with (if any).
pub struct Routed<'r, 'a> {
    /// The service.
    pub service: &'r RegisteredService,
    /// The credential scope, when the request was signed.
    pub scope: Option<CredentialScope<'a>>,
}

/// The routing inputs of a request.
pub struct RoutingHints<'a> {
    /// The `Authorization` header.
    pub authorization: Option<&'a str>,
    /// Decoded query parameters (for presigned URLs).
    pub query: &'a [(String, String)],
    /// The `X-Amz-Target` header.
    pub target: Option<&'a str>,
    /// The `Host` header (or URI authority).
    pub host: Option<&'a str>,
    /// The method and path, to choose among services sharing a signing name.
    pub method: &'a http::Method,
    /// The raw path.
    pub path: &'a str,
}

fn incomplete_signature(err: sigv4::ScopeError) -> ServiceError {
    ServiceError::new("IncompleteSignatureException", err.0)
}

/// Finds the service for a request.
pub fn route<'r, 'a>(
    registry: &'r Registry,
    hints: &RoutingHints<'a>,
) -> Result<Routed<'r, 'a>, ServiceError> {
    let scope = match hints.authorization {
        Some(header) => sigv4::from_authorization(header).map_err(incomplete_signature)?,
        None => None,
    };
    let scope = match scope {
        Some(scope) => Some(scope),
        None => sigv4::from_query(hints.query).map_err(incomplete_signature)?,
    };

    if let Some(signed) = scope {
        if let Some(service) = pick(registry, signed.service, hints) {
            return Ok(Routed { service, scope });
        }
    }
    if let Some(prefix) = hints
        .target
        .and_then(|t| t.rsplit_once('.'))
        .map(|(p, _)| p)
    {
        if let Some(service) = registry
            .services()
            .iter()
            .find(|s| s.descriptor.target_prefix == Some(prefix))
        {
            return Ok(Routed { service, scope });
        }
    }
    if let Some(label) = hints.host.and_then(host_service_label) {
        if let Some(service) = registry
            .services()
            .iter()
            .find(|s| s.descriptor.endpoint_prefix == label)
        {
            return Ok(Routed { service, scope });
        }
    }
    Err(no_service(registry, hints, scope.as_ref()))
}

/// For an unsigned form `POST /` whose `Action` is an operation its model lets callers make
/// without signing (`authtype: none`, STS's `AssumeRoleWithWebIdentity`), the awsQuery
/// service that has it.
pub fn route_unsigned<'r, 'a>(
    registry: &'r Registry,
    method: &http::Method,
    path: &str,
    headers: &http::HeaderMap,
    body: &[u8],
) -> Option<Routed<'r, 'a>> {
    let action = crate::protocol::aws_query::form_action(method, path, headers, body)?;
    let service = registry.services().iter().find(|service| {
        service.descriptor.protocol == Protocol::AwsQuery
            && service
                .codec()
                .model()
                .operation(&action)
                .is_some_and(|op| op.unsigned)
    })?;
    Some(Routed {
        service,
        scope: None,
    })
}

/// The service signing as `signing_name`; among services sharing it, the one whose model
/// accepts the request.
fn pick<'r>(
    registry: &'r Registry,
    signing_name: &str,
    hints: &RoutingHints<'_>,
) -> Option<&'r RegisteredService> {
    let candidates = || {
        registry
            .services()
            .iter()
            .filter(move |s| s.descriptor.signing_names.contains(&signing_name))
    };
    if candidates().nth(1).is_none() {
        return candidates().next();
    }
    let segments = crate::model::path_segments(hints.path);
    candidates()
        .find(|service| match service.descriptor.protocol {
            Protocol::Json { .. } => hints
                .target
                .and_then(|t| t.rsplit_once('.'))
                .is_some_and(|(prefix, _)| service.descriptor.target_prefix == Some(prefix)),
            Protocol::AwsQuery => hints.path == "/",
            Protocol::RestJson => service.codec().model().operations.iter().any(|op| {
                op.method == *hints.method && op.uri.specificity(&segments, hints.query).is_some()
            }),
        })
        .or_else(|| candidates().next())
}

/// The service label of an AWS or LocalStack host name:
/// `backup.us-east-1.amazonaws.com`, `backup.us-east-1.localhost.localstack.cloud`.
fn host_service_label(host: &str) -> Option<&str> {
    let host = host.rsplit_once(':').map_or(host, |(name, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) {
            name
        } else {
            host
        }
    });
    let rest = host
        .strip_suffix(".amazonaws.com")
        .or_else(|| host.strip_suffix(".amazonaws.com.cn"))
        .or_else(|| host.strip_suffix(".localhost.localstack.cloud"))?;
    rest.split('.').next().filter(|label| !label.is_empty())
}

fn no_service(
    registry: &Registry,
    hints: &RoutingHints<'_>,
    scope: Option<&CredentialScope<'_>>,
) -> ServiceError {
    let served: Vec<&str> = registry
        .services()
        .iter()
        .flat_map(|s| s.descriptor.signing_names.iter().copied())
        .collect();
    let signing = scope.map_or_else(
        || "no SigV4 credential scope".to_owned(),
        |s| format!("signing name '{}'", s.service),
    );
    ServiceError::new(
        "UnknownServiceException",
        format!(
            "No service of this gateway matches the request ({signing}, X-Amz-Target {:?}, Host {:?}, {} {}). Signing names served: {}.",
            hints.target.unwrap_or(""),
            hints.host.unwrap_or(""),
            hints.method,
            hints.path,
            served.join(", ")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::host_service_label;

    #[test]
    fn host_names_name_the_service() {
        assert_eq!(
            host_service_label("backup.us-east-1.amazonaws.com"),
            Some("backup")
        );
        assert_eq!(
            host_service_label("backup.eu-west-1.amazonaws.com:443"),
            Some("backup")
        );
        assert_eq!(
            host_service_label("backup.us-east-1.localhost.localstack.cloud:4566"),
            Some("backup")
        );
        assert_eq!(host_service_label("localhost:4566"), None);
        assert_eq!(host_service_label("127.0.0.1"), None);
    }
}
