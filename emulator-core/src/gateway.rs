//! The request path: accept → body → admin, path route (`path_dispatch.rs`) or scope → service → signature (strict mode) →
//! decode → handler → encode.

mod body;
mod caller;
mod path_dispatch;

use std::sync::Arc;

use bytes::Bytes;
use http::{HeaderName, HeaderValue, Request, Response};
use http_body_util::Full;
use serde_json::Value;
use time::OffsetDateTime;

use crate::admin::{self, AdminOutcome};
use crate::cors;
use crate::protocol::{self, WireRequest, WireResponse};
use crate::registry::{RegisteredService, Registry, ServiceState};
use crate::routing::{self, RoutingHints};
use crate::sigv4;
use crate::web_guard::{self, Verdict};
use crate::{Config, Protocol, RequestContext, ServiceError, ValidationErrorNames};

/// Shared, immutable state of a running gateway.
pub struct GatewayState {
    /// Configuration.
    pub config: Arc<Config>,
    /// The services.
    pub registry: Registry,
    /// The clock every service reads.
    pub clock: Arc<crate::Clock>,
    /// The services' persisted state (nothing in memory mode).
    pub(crate) storage: crate::storage::Storage,
}

/// Named once: inserting by a text name parses it, and copies it, on every response.
const REQUEST_ID: HeaderName = HeaderName::from_static("x-amzn-requestid");

/// The error a disabled service answers with.
pub(crate) fn disabled(service: &RegisteredService) -> ServiceError {
    let name = service.descriptor.name;
    ServiceError::new(
        "ServiceDisabled",
        format!(
            "The {name} service is disabled in this emulator (FLOCI_SERVICES_{}_ENABLED=false)",
            name.to_ascii_uppercase()
        ),
    )
    .with_status(501)
}

/// An error not tied to a service's model (admin, routing, body limits), in rest-json form.
pub(crate) fn generic_error(error: &ServiceError) -> WireResponse {
    protocol::encode_error(
        None,
        Protocol::RestJson,
        &ValidationErrorNames::DEFAULT,
        error,
    )
}

fn into_response(wire: WireResponse, request_id: HeaderValue) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(wire.body));
    *response.status_mut() =
        http::StatusCode::from_u16(wire.status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    // Room for ours and the CORS ones, so the map is not regrown header by header.
    headers.reserve(wire.headers.len() + 4);
    for (name, value) in wire.headers {
        headers.append(name, value);
    }
    headers.insert(REQUEST_ID, request_id);
    response
}

/// `X-Amz-Target`, named once: looking a header up by a text name parses that name each time.
const X_AMZ_TARGET: HeaderName = HeaderName::from_static("x-amz-target");
/// `X-Amz-Region-Set` (SigV4a).
const X_AMZ_REGION_SET: HeaderName = HeaderName::from_static("x-amz-region-set");

fn header_text<'a>(headers: &'a http::HeaderMap, name: &HeaderName) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// A request's id, a version 4 UUID as AWS's are, as the request context's text and as the
/// response header's value.
struct RequestId {
    text: String,
    header: HeaderValue,
}

impl RequestId {
    /// A fresh id (uuid's `fast-rng`: a per-thread generator seeded once, where asking the
    /// operating system cost a system call per request).
    fn new() -> Self {
        let mut buffer = uuid::Uuid::encode_buffer();
        let text: &str = uuid::Uuid::new_v4().hyphenated().encode_lower(&mut buffer);
        // Hyphenated hex digits are always a valid header value.
        let header = HeaderValue::from_str(text).unwrap_or(HeaderValue::from_static(""));
        Self {
            text: text.to_owned(),
            header,
        }
    }
}

/// Handles one request end to end, CORS included. Never fails: every problem becomes an
/// AWS-shaped response.
pub async fn handle<B>(state: Arc<GatewayState>, request: Request<B>) -> Response<Full<Bytes>>
where
    B: http_body::Body<Data = Bytes> + Send,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    // Before the body is read: a refused request touches nothing.
    let origin = match web_guard::check(
        &state.config,
        request.method(),
        request.uri().path(),
        request.headers(),
        request.uri().authority().map(|a| a.as_str()),
    ) {
        Verdict::Pass(origin) => origin,
        Verdict::Preflight(origin) => return cors::preflight(origin, request.headers()),
        Verdict::Refuse(error) => {
            tracing::warn!(path = request.uri().path(), %error, "refused");
            return into_response(generic_error(&error), RequestId::new().header);
        }
    };
    let RequestId { text, header } = RequestId::new();
    let mut response = match path_dispatch::route(&state, request.uri().path()) {
        Some((plugin, prefix)) => path_dispatch::serve(&state, plugin, prefix, request, text).await,
        None => match dispatch(&state, request, text).await {
            Ok(response) | Err(response) => into_response(response, header),
        },
    };
    cors::allow(response.headers_mut(), origin);
    response
}

async fn dispatch<B>(
    state: &GatewayState,
    request: Request<B>,
    request_id: String,
) -> Result<WireResponse, WireResponse>
where
    B: http_body::Body<Data = Bytes> + Send,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    let (parts, body) = request.into_parts();
    let declared = parts
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let body = body::read(
        body,
        declared,
        state.config.max_request_bytes,
        state.config.body_read_timeout,
    )
    .await
    .map_err(|e| generic_error(&e))?;

    let path = parts.uri.path();
    let query = crate::protocol::parse_query(parts.uri.query()).map_err(|e| generic_error(&e))?;

    if admin::is_admin_path(path) {
        if let Some(answer) =
            crate::dashboard::serve(state, &parts.method, path, &query, &parts.headers)
        {
            return answer.map_err(|e| generic_error(&e));
        }
        return admin_call(state, &parts.method, path, &body).await;
    }

    if let Some(answer) =
        crate::dashboard::redirect_browser(state, &parts.method, path, &parts.headers)
    {
        return Ok(answer);
    }

    let host = header_text(&parts.headers, &http::header::HOST).or_else(|| parts.uri.host());
    let target = header_text(&parts.headers, &X_AMZ_TARGET);
    let hints = RoutingHints {
        authorization: header_text(&parts.headers, &http::header::AUTHORIZATION),
        query: &query,
        target,
        host,
        method: &parts.method,
        path,
    };
    let routed = match routing::route(&state.registry, &hints).or_else(|error| {
        routing::route_unsigned(&state.registry, &parts.method, path, &parts.headers, &body)
            .ok_or(error)
    }) {
        Ok(routed) => routed,
        // Strict mode: an unsigned request is refused as unsigned, whether or not it names a
        // service, as AWS answers it (docs/reliability.md).
        Err(_)
            if state.config.validate_signatures
                && !sigv4::is_signed(hints.authorization, &query) =>
        {
            return Err(generic_error(
                &sigv4::AuthError::Missing.to_service_error(Protocol::RestJson),
            ));
        }
        Err(error) => return Err(generic_error(&error)),
    };
    let service = routed.service;
    let ServiceState::Running(handler) = &service.state else {
        return Err(generic_error(&disabled(service)));
    };
    let codec = service.codec();
    let protocol = service.descriptor.protocol;
    let wire = WireRequest {
        method: &parts.method,
        path,
        query: &query,
        headers: &parts.headers,
        body: &body,
    };

    let access_key_id = routed.scope.map(|s| s.access_key_id);
    let temporary = access_key_id.and_then(|akid| state.registry.credentials().get(akid));
    if let Some(temporary) = &temporary {
        caller::check_temporary(
            temporary,
            state.clock.now(),
            caller::session_token(&parts.headers, &query),
            state.config.validate_signatures,
            protocol,
        )
        .map_err(|e| codec.encode_error_for(&e, &request_id))?;
    }

    let verified = if state.config.validate_signatures {
        let signed = sigv4::SignedRequest {
            method: &parts.method,
            raw_path: path,
            raw_query: parts.uri.query(),
            query: &query,
            headers: &parts.headers,
            authority: parts.uri.authority().map(|a| a.as_str()),
            body: &body,
        };
        let keys = crate::credentials::Keys {
            temporary: state.registry.credentials(),
            configured: &state.config.credentials,
        };
        // Clients sign with real time, so skew is measured against the system clock, not the
        // emulated one (`POST /_floci/clock` would otherwise make every signature expire).
        match sigv4::verify(&signed, &keys, OffsetDateTime::now_utc()) {
            Ok(verified) => Some(verified),
            // Operations the model marks `authtype: none` (STS's AssumeRoleWithWebIdentity)
            // are called unsigned.
            Err(sigv4::AuthError::Missing) if codec.is_unsigned_call(&wire) => None,
            Err(e) => {
                return Err(codec.encode_error_for(&e.to_service_error(protocol), &request_id))
            }
        }
    } else {
        None
    };

    let context = RequestContext {
        account_id: match &temporary {
            Some(temporary) => temporary.account_id.clone(),
            None => verified
                .and_then(|v| v.account_id)
                .or_else(|| {
                    access_key_id
                        .filter(|akid| crate::credentials::is_account_id(akid))
                        .map(str::to_owned)
                })
                .unwrap_or_else(|| state.config.default_account_id.clone()),
        },
        region: routed
            .scope
            .and_then(|s| s.region)
            .or_else(|| {
                header_text(&parts.headers, &X_AMZ_REGION_SET)
                    .filter(|region| sigv4::is_region_name(region))
            })
            .map_or_else(|| state.config.default_region.clone(), str::to_owned),
        request_id,
        temporary_access_key_id: temporary.as_ref().map(|t| t.access_key_id.clone()),
    };

    let request_id = context.request_id.as_str();
    let (operation, input) = codec
        .decode(&wire)
        .map_err(|e| codec.encode_error_for(&e, request_id))?;
    tracing::debug!(service = service.descriptor.name, operation = %operation.name, request_id = context.request_id, "call");
    let result = handler.call(&context, &operation.name, input).await;
    // Persistent and wal modes: what the call changed is on disk before anyone hears of it.
    if let Err(error) = state.storage.commit(service.descriptor.name).await {
        tracing::error!(service = service.descriptor.name, %error, "storage: cannot save the state");
        let error = ServiceError::internal(format!(
            "The emulator applied the request but could not save its state: {error}"
        ));
        return Err(codec.encode_error_for(&error, request_id));
    }
    match result {
        Ok(output) => codec
            .encode_for(operation, output, request_id)
            .map_err(|error| codec.encode_error_for(&error, request_id)),
        Err(error) => {
            if error.status() >= 500 {
                tracing::warn!(operation = %operation.name, %error, "server error");
            }
            Err(codec.encode_error_for(&error, request_id))
        }
    }
}

/// An admin endpoint's answer to `method path` with `body` (JSON, or anything: what does not
/// parse reads as `null`).
pub(crate) async fn admin_call(
    state: &GatewayState,
    method: &http::Method,
    path: &str,
    body: &[u8],
) -> Result<WireResponse, WireResponse> {
    let json = serde_json::from_slice(body).unwrap_or(Value::Null);
    match admin::handle(state, method, path, json).await {
        AdminOutcome::Json(value) => Ok(WireResponse {
            status: 200,
            headers: vec![(
                http::header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body: Bytes::from(serde_json::to_vec(&value).unwrap_or_default()),
        }),
        AdminOutcome::Error(error) => Err(generic_error(&error)),
    }
}

/// The response to a panic anywhere in a request: 500 `InternalFailure`, the gateway keeps
/// serving.
pub(crate) fn panic_response(detail: &str) -> Response<Full<Bytes>> {
    tracing::error!(detail, "a request handler panicked");
    let error = ServiceError::internal(format!(
        "The emulator failed while handling the request: {detail}"
    ));
    into_response(generic_error(&error), RequestId::new().header)
}
