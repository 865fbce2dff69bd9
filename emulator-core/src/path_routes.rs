//! The second kind of plugin: services that own path prefixes rather than a SigV4 signing name.
//!
//! APIs that are not AWS's (no credential scope, no botocore model, their own auth and error
//! shapes) register a [`PathRouteDescriptor`] with `inventory::submit!`, naming the path
//! prefixes they answer (for example `/identity` and `/volume`). A request whose path starts
//! with one of them, on a whole segment boundary, goes to that plugin after the admin paths and
//! before SigV4 routing; signature validation does not apply. The plugin receives the raw
//! request ([`PathRequest`]) with the gateway's context ([`PathContext`]) and answers status,
//! headers and body ([`PathResponse`]). Like a [`crate::Service`], it is switched by
//! `FLOCI_SERVICES_<NAME>_ENABLED`, cleared by the reset endpoints and persisted through
//! [`PathService::persistence`]; it reads the clock and builds its timers from the
//! [`ServiceSettings`] it is built with, and may describe its state to the dashboard
//! ([`PathService::view`]). The gateway names no such service itself.

use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method};

use crate::dashboard::view::{ServiceView, ViewFilter};
use crate::storage::PersistentState;
use crate::{Clock, ServiceError, ServiceSettings};

/// One request as a path-route plugin sees it.
#[derive(Debug)]
pub struct PathRequest<'a> {
    /// The HTTP method.
    pub method: &'a Method,
    /// The whole path, prefix included, as sent (not percent-decoded).
    pub path: &'a str,
    /// The registered prefix the path matched (for example `/volume`).
    pub prefix: &'static str,
    /// The raw query string, if any.
    pub raw_query: Option<&'a str>,
    /// The query parameters, percent-decoded, in order.
    pub query: &'a [(String, String)],
    /// The request headers.
    pub headers: &'a HeaderMap,
    /// The whole body, read within the gateway's size and time limits.
    pub body: &'a [u8],
}

impl PathRequest<'_> {
    /// The path after the matched prefix: `""` or a string starting with `/`.
    pub fn rest(&self) -> &str {
        &self.path[self.prefix.len()..]
    }

    /// A header's value as text, when present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// What the gateway hands a plugin with each request.
#[derive(Debug, Clone)]
pub struct PathContext {
    /// A fresh version 4 UUID for this request; the plugin puts it on the wire in its API's own
    /// header.
    pub request_id: String,
    /// The gateway-wide controllable clock.
    pub clock: Arc<Clock>,
}

/// A plugin's answer.
#[derive(Debug, Clone, Default)]
pub struct PathResponse {
    /// The HTTP status.
    pub status: u16,
    /// Response headers, in order.
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// The body.
    pub body: Bytes,
}

/// A service reached by path prefix, answering raw HTTP.
#[async_trait]
pub trait PathService: Send + Sync + 'static {
    /// Answers one request. Every failure is an answer in the API's own error shape.
    async fn handle(&self, ctx: &PathContext, request: PathRequest<'_>) -> PathResponse;

    /// Drops all state (the reset admin endpoints).
    fn reset(&self);

    /// The state as the storage layer persists it; `None` keeps it in memory.
    fn persistence(self: Arc<Self>) -> Option<Arc<dyn PersistentState>> {
        None
    }

    /// A read-only picture of the state for the dashboard (`/_floci/ui/`, docs/ui.md), as
    /// [`crate::Service::view`] gives one; `None` (the default) lists the plugin without
    /// tables. Built only when the dashboard asks; it must not record a change for the storage
    /// layer.
    fn view(&self, _filter: &ViewFilter) -> Option<ServiceView> {
        None
    }
}

/// How a path-route plugin announces itself. Submit one with `inventory::submit!`.
pub struct PathRouteDescriptor {
    /// The configuration name: `FLOCI_SERVICES_<NAME>_ENABLED`, the health listing and storage.
    pub name: &'static str,
    /// Path prefixes it answers, each starting with `/` and without a trailing `/`; matched on
    /// whole segments (`/volume` matches `/volume` and `/volume/v3`, not `/volumes`).
    pub prefixes: &'static [&'static str],
    /// Whether it runs when its `ENABLED` variable is unset.
    pub enabled_by_default: bool,
    /// Builds the plugin; an `Err` is a configuration error that stops the binary.
    pub build: fn(&ServiceSettings) -> Result<Arc<dyn PathService>, String>,
}

inventory::collect!(PathRouteDescriptor);

/// Every path-route descriptor linked into this binary, sorted by name.
pub fn registered_path_routes() -> Vec<&'static PathRouteDescriptor> {
    let mut all: Vec<_> = inventory::iter::<PathRouteDescriptor>.into_iter().collect();
    all.sort_by_key(|descriptor| descriptor.name);
    all
}

/// One linked path-route plugin, running or switched off.
pub struct RegisteredPathService {
    /// How it announced itself.
    pub descriptor: &'static PathRouteDescriptor,
    /// `Some` when it runs.
    pub running: Option<Arc<dyn PathService>>,
}

impl RegisteredPathService {
    /// `running` or `disabled`, as the health endpoints print it.
    pub fn status(&self) -> &'static str {
        if self.running.is_some() {
            "running"
        } else {
            "disabled"
        }
    }

    /// The prefix of this plugin that `path` falls under, on a whole segment boundary.
    fn matching_prefix(&self, path: &str) -> Option<&'static str> {
        self.descriptor
            .prefixes
            .iter()
            .copied()
            .filter(|prefix| segment_prefix(path, prefix))
            .max_by_key(|prefix| prefix.len())
    }
}

/// Whether `path` is `prefix` or continues it with `/`.
fn segment_prefix(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The plugin answering `path` and the prefix it matched: the longest matching prefix wins.
pub fn find<'r>(
    plugins: &'r [RegisteredPathService],
    path: &str,
) -> Option<(&'r RegisteredPathService, &'static str)> {
    plugins
        .iter()
        .filter_map(|plugin| plugin.matching_prefix(path).map(|prefix| (plugin, prefix)))
        .max_by_key(|(_, prefix)| prefix.len())
}

/// The error a switched-off plugin answers with (the same one a disabled AWS service gives).
pub(crate) fn disabled(descriptor: &PathRouteDescriptor) -> ServiceError {
    let name = descriptor.name;
    ServiceError::new(
        "ServiceDisabled",
        format!(
            "The {name} service is disabled in this emulator (FLOCI_SERVICES_{}_ENABLED=false)",
            name.to_ascii_uppercase()
        ),
    )
    .with_status(501)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(_: &ServiceSettings) -> Result<Arc<dyn PathService>, String> {
        Err("unused".into())
    }

    static ID: PathRouteDescriptor = PathRouteDescriptor {
        name: "id",
        prefixes: &["/identity"],
        enabled_by_default: true,
        build,
    };
    static VOL: PathRouteDescriptor = PathRouteDescriptor {
        name: "vol",
        prefixes: &["/volume", "/volume/v9"],
        enabled_by_default: true,
        build,
    };

    #[test]
    fn matches_whole_segments_and_prefers_the_longest_prefix() {
        let plugins = vec![
            RegisteredPathService {
                descriptor: &ID,
                running: None,
            },
            RegisteredPathService {
                descriptor: &VOL,
                running: None,
            },
        ];
        let name = |path: &str| find(&plugins, path).map(|(p, prefix)| (p.descriptor.name, prefix));
        assert_eq!(name("/identity"), Some(("id", "/identity")));
        assert_eq!(name("/identity/v3/auth/tokens"), Some(("id", "/identity")));
        assert_eq!(name("/identityx"), None);
        assert_eq!(name("/volumes"), None);
        assert_eq!(name("/volume/"), Some(("vol", "/volume")));
        assert_eq!(name("/volume/v9/x"), Some(("vol", "/volume/v9")));
        assert_eq!(name("/"), None);
        assert_eq!(name("/v3"), None);
    }
}
