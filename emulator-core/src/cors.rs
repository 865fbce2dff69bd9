//! Open CORS, so that browser code (the AWS SDK for JavaScript in a web page) can call the
//! gateway from any origin: a preflight (`OPTIONS`) is answered at once, allowing every method
//! and header; every other answer allows any origin and exposes every header.
//!
//! These are the headers `tower_http`'s permissive `CorsLayer` wrote, as constants: that layer
//! built a header map for every request and merged it into the response, which cost about a tenth
//! of all the work the gateway did for a DescribeBackupVault (docs/benchmarks.md).

use bytes::Bytes;
use http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, VARY,
};
use http::{HeaderMap, HeaderValue, Method, Response};
use http_body_util::Full;

const ANY: HeaderValue = HeaderValue::from_static("*");
const VARY_ON: HeaderValue = HeaderValue::from_static(
    "origin, access-control-request-method, access-control-request-headers",
);

/// Whether the request is a preflight, answered by [`preflight`] without reaching a service.
pub(crate) fn is_preflight(method: &Method) -> bool {
    method == Method::OPTIONS
}

/// The answer to a preflight: 200, no body, everything allowed.
pub(crate) fn preflight() -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::new()));
    let headers = response.headers_mut();
    headers.insert(VARY, VARY_ON);
    headers.insert(ACCESS_CONTROL_ALLOW_METHODS, ANY);
    headers.insert(ACCESS_CONTROL_ALLOW_HEADERS, ANY);
    headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, ANY);
    response
}

/// Opens an answer to any origin, its headers readable by the page.
pub(crate) fn open(headers: &mut HeaderMap) {
    headers.append(VARY, VARY_ON);
    headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, ANY);
    headers.insert(ACCESS_CONTROL_EXPOSE_HEADERS, ANY);
}
