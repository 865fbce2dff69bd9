//! The web dashboard built into the gateway (`/_floci/ui/`): every service's resources, their
//! states and the clock, in a browser. See docs/ui.md.
//!
//! Nothing here runs unless a browser asks: the pages are static bytes in the binary
//! (`assets.rs`), and a service's [`view::ServiceView`] is built only when the page polls
//! `/_floci/ui/api/view` (`snapshot.rs`). The request path pays two string comparisons
//! ([`redirect_browser`] and the admin-path prefix check it already made).

mod assets;
mod gate;
mod snapshot;
pub mod view;

use bytes::Bytes;
use http::header::{self, HeaderName, HeaderValue};
use http::{HeaderMap, Method};

use crate::gateway::GatewayState;
use crate::protocol::WireResponse;
use crate::ServiceError;

pub use gate::enabled;

/// Where the dashboard lives.
pub const UI_PATH: &str = "/_floci/ui/";
/// The view the page polls.
const VIEW_PATH: &str = "api/view";

/// Headers every dashboard answer carries: no framing, no sniffing, no referrer, and a
/// content security policy that allows nothing but this origin (the page loads no fonts,
/// scripts or styles from anywhere else, and draws its pictures as inline SVG).
const SECURITY_HEADERS: [(HeaderName, HeaderValue); 5] = [
    (
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ),
    ),
    (
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    ),
    (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    (
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    ),
    // Revalidate every time (an ETag makes that a 304): a new binary's page is seen at once.
    (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
];

/// A browser's `GET /` (one that accepts `text/html`) goes to the dashboard; API clients,
/// which do not ask for HTML, are routed as before. `None` unless the request is such a GET.
/// Inlined: every request makes this check, and a call cost more than the check itself.
#[inline]
pub(crate) fn redirect_browser(
    state: &GatewayState,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
) -> Option<WireResponse> {
    if path != "/" || method != Method::GET {
        return None;
    }
    redirect_html_get(state, headers)
}

fn redirect_html_get(state: &GatewayState, headers: &HeaderMap) -> Option<WireResponse> {
    let wants_html = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|accept| accept.contains("text/html"));
    if !wants_html || !enabled(&state.config) {
        return None;
    }
    Some(redirect(UI_PATH))
}

/// Answers a request under `/_floci/ui`, or `None` for any other admin path.
pub(crate) fn serve(
    state: &GatewayState,
    method: &Method,
    path: &str,
    query: &[(String, String)],
    headers: &HeaderMap,
) -> Option<Result<WireResponse, ServiceError>> {
    let rest = path.strip_prefix("/_floci/ui")?;
    if !rest.is_empty() && !rest.starts_with('/') {
        return None;
    }
    if !enabled(&state.config) {
        return Some(Err(gate::off_error(&state.config)));
    }
    if *method != Method::GET && *method != Method::HEAD {
        return Some(Err(ServiceError::new(
            "MethodNotAllowed",
            format!("The dashboard is read-only: {method} {path} is not served (the clock is changed with POST /_floci/clock)"),
        )
        .with_status(405)));
    }
    // Relative links in the page need the trailing slash.
    let Some(name) = rest.strip_prefix('/') else {
        return Some(Ok(redirect(UI_PATH)));
    };
    let if_none_match = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok());
    if name == VIEW_PATH {
        if is_cross_site(headers) {
            return Some(Err(ServiceError::new(
                "AccessDeniedException",
                "The dashboard's view is read by its own page and by tools, not by other web pages (cross-site request refused)",
            )
            .with_status(403)));
        }
        let body = snapshot::render(state, query);
        return Some(Ok(answer(
            "application/json",
            Bytes::from(body.json),
            &body.etag,
            if_none_match,
        )));
    }
    let asset = assets::find(if name.is_empty() { "index.html" } else { name })?;
    Some(Ok(answer(
        asset.content_type,
        Bytes::from_static(asset.bytes),
        asset.etag(),
        if_none_match,
    )))
}

/// Whether a browser sent the request from another site's page. Browsers say so in
/// `Sec-Fetch-Site`, and in an `Origin` that is not this host; tools send neither. Every answer
/// of the gateway allows any origin (CORS, for the AWS SDK in a web page), so without this
/// check any page the user visits could read the emulator's whole state through the view.
fn is_cross_site(headers: &HeaderMap) -> bool {
    let text = |name| {
        headers
            .get(name)
            .and_then(|value: &HeaderValue| value.to_str().ok())
    };
    if matches!(text(SEC_FETCH_SITE), Some("cross-site") | Some("same-site")) {
        return true;
    }
    match (text(header::ORIGIN), text(header::HOST)) {
        (Some(origin), Some(host)) => {
            origin.split_once("://").map(|(_, authority)| authority) != Some(host)
        }
        (Some(_), None) => true,
        (None, _) => false,
    }
}

const SEC_FETCH_SITE: HeaderName = HeaderName::from_static("sec-fetch-site");

/// `200` with `body`, or `304` without it when the browser already has this `etag`.
fn answer(
    content_type: &'static str,
    body: Bytes,
    etag: &str,
    if_none_match: Option<&str>,
) -> WireResponse {
    let fresh = if_none_match.is_some_and(|tags| {
        tags.split(',')
            .any(|tag| tag.trim().trim_start_matches("W/") == etag)
    });
    let mut headers = Vec::with_capacity(SECURITY_HEADERS.len() + 2);
    headers.extend(SECURITY_HEADERS);
    if let Ok(value) = HeaderValue::from_str(etag) {
        headers.push((header::ETAG, value));
    }
    if fresh {
        return WireResponse {
            status: 304,
            headers,
            body: Bytes::new(),
        };
    }
    headers.push((header::CONTENT_TYPE, HeaderValue::from_static(content_type)));
    WireResponse {
        status: 200,
        headers,
        body,
    }
}

fn redirect(location: &'static str) -> WireResponse {
    WireResponse {
        status: 302,
        headers: vec![
            (header::LOCATION, HeaderValue::from_static(location)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body: Bytes::new(),
    }
}
