//! Requests for path-route plugins (`crate::path_routes`): matched after the admin paths and
//! before SigV4 routing; no signature check, no model, the raw request in and the raw answer
//! out, with the same body limits, storage commit and panic safety as every other request.

use bytes::Bytes;
use http::{Request, Response};
use http_body_util::Full;

use super::{body, generic_error, GatewayState};
use crate::admin;
use crate::path_routes::{self, PathContext, PathRequest, RegisteredPathService};
use crate::ServiceError;

/// The plugin and prefix answering `path`, unless the path is an admin path.
pub(super) fn route<'s>(
    state: &'s GatewayState,
    path: &str,
) -> Option<(&'s RegisteredPathService, &'static str)> {
    if admin::is_admin_path(path) {
        return None;
    }
    path_routes::find(state.registry.path_services(), path)
}

fn plain(wire: crate::protocol::WireResponse) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(wire.body));
    *response.status_mut() =
        http::StatusCode::from_u16(wire.status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    response.headers_mut().extend(wire.headers);
    response
}

/// Reads the body and hands the request to `plugin`, then commits what it changed.
pub(super) async fn serve<B>(
    state: &GatewayState,
    plugin: &RegisteredPathService,
    prefix: &'static str,
    request: Request<B>,
    request_id: String,
) -> Response<Full<Bytes>>
where
    B: http_body::Body<Data = Bytes> + Send,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    let Some(running) = &plugin.running else {
        return plain(generic_error(&path_routes::disabled(plugin.descriptor)));
    };
    let (parts, body) = request.into_parts();
    let declared = parts
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let body = match body::read(
        body,
        declared,
        state.config.max_request_bytes,
        state.config.body_read_timeout,
    )
    .await
    {
        Ok(body) => body,
        Err(error) => return plain(generic_error(&error)),
    };
    let query = match crate::protocol::parse_query(parts.uri.query()) {
        Ok(query) => query,
        Err(error) => return plain(generic_error(&error)),
    };
    let name = plugin.descriptor.name;
    let context = PathContext {
        request_id,
        clock: state.clock.clone(),
    };
    let request = PathRequest {
        method: &parts.method,
        path: parts.uri.path(),
        prefix,
        raw_query: parts.uri.query(),
        query: &query,
        headers: &parts.headers,
        body: &body,
    };
    tracing::debug!(service = name, method = %parts.method, path = parts.uri.path(), "path route");
    let answer = running.handle(&context, request).await;
    if let Err(error) = state.storage.commit(name).await {
        tracing::error!(service = name, %error, "storage: cannot save the state");
        return plain(generic_error(&ServiceError::internal(format!(
            "The emulator applied the request but could not save its state: {error}"
        ))));
    }
    let mut response = Response::new(Full::new(answer.body));
    *response.status_mut() = http::StatusCode::from_u16(answer.status)
        .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    response.headers_mut().extend(answer.headers);
    response
}
