//! CORS answers for browser code (the AWS SDK for JavaScript in a page of an allowed origin,
//! `web_guard.rs`): a preflight (`OPTIONS`) is answered at once, allowing every method and the
//! headers asked for; every other answer names the request's origin (never `*`) and exposes
//! every header. `Vary: Origin` keeps caches from serving one origin's answer to another.
//!
//! The headers are written as constants where they can be: `tower_http`'s `CorsLayer` built a
//! header map for every request, about a tenth of a DescribeBackupVault's cost
//! (docs/benchmarks.md).

use bytes::Bytes;
use http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_HEADERS, VARY,
};
use http::{HeaderMap, HeaderValue, Response};
use http_body_util::Full;

const ANY: HeaderValue = HeaderValue::from_static("*");
const METHODS: HeaderValue =
    HeaderValue::from_static("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
const VARY_ON: HeaderValue = HeaderValue::from_static(
    "origin, access-control-request-method, access-control-request-headers",
);
const MAX_AGE: HeaderValue = HeaderValue::from_static("600");

/// The answer to a preflight of an allowed origin (`None`: the request named none): 200, no
/// body, every method and the requested headers allowed.
pub(crate) fn preflight(origin: Option<HeaderValue>, request: &HeaderMap) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::new()));
    let headers = response.headers_mut();
    headers.insert(VARY, VARY_ON);
    if let Some(origin) = origin {
        headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.insert(ACCESS_CONTROL_ALLOW_METHODS, METHODS);
        let asked = request
            .get(ACCESS_CONTROL_REQUEST_HEADERS)
            .cloned()
            .unwrap_or(ANY);
        headers.insert(ACCESS_CONTROL_ALLOW_HEADERS, asked);
        headers.insert(ACCESS_CONTROL_MAX_AGE, MAX_AGE);
    }
    response
}

/// Opens an answer to the request's allowed origin, its headers readable by the page.
pub(crate) fn allow(headers: &mut HeaderMap, origin: Option<HeaderValue>) {
    headers.append(VARY, VARY_ON);
    if let Some(origin) = origin {
        headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.insert(ACCESS_CONTROL_EXPOSE_HEADERS, ANY);
    }
}
