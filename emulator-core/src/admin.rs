//! Admin endpoints: health, info and reset, under the paths floci, LocalStack, moto and
//! ministack tooling call; the clock; the resource registry (`admin/resources.rs`); plus
//! `/_floci/<service>/...` routes a service may serve itself.

mod resources;

use serde_json::{json, Map, Value};

use crate::gateway::GatewayState;
use crate::registry::{Registry, ServiceState};
use crate::{Clock, Config, ServiceError};

/// What an admin route answers.
pub(crate) enum AdminOutcome {
    /// 200 with a JSON body.
    Json(Value),
    /// An error in AWS's shape.
    Error(ServiceError),
}

const HEALTH: &[&str] = &["/_floci/health", "/_localstack/health"];
const INFO: &[&str] = &["/_floci/info", "/_localstack/info"];
const RESET: &[&str] = &[
    "/_floci/reset",
    "/_localstack/state/reset",
    "/moto-api/reset",
    "/_ministack/reset",
];

/// Whether `path` belongs to the admin surface (so it is never routed to a service).
pub(crate) fn is_admin_path(path: &str) -> bool {
    ["/_floci", "/_localstack", "/moto-api", "/_ministack"]
        .iter()
        .any(|prefix| {
            path == *prefix
                || path
                    .strip_prefix(prefix)
                    .is_some_and(|r| r.starts_with('/'))
        })
}

fn health(registry: &Registry) -> Value {
    let services: Map<String, Value> = registry
        .statuses()
        .map(|(name, status)| (name.to_owned(), json!(status)))
        .collect();
    json!({
        "services": services,
        "edition": "floci-rs",
        "version": env!("CARGO_PKG_VERSION"),
    })
}

fn info(registry: &Registry, config: &Config) -> Value {
    let mut services: Vec<Value> = registry
        .services()
        .iter()
        .map(|s| {
            json!({
                "name": s.descriptor.name,
                "status": s.status(),
                "signingNames": s.descriptor.signing_names,
            })
        })
        .collect();
    services.extend(registry.path_services().iter().map(|p| {
        json!({
            "name": p.descriptor.name,
            "status": p.status(),
            "pathPrefixes": p.descriptor.prefixes,
        })
    }));
    json!({
        "version": env!("CARGO_PKG_VERSION"),
        "config": {
            "host": config.host.to_string(),
            "port": config.port,
            "defaultAccountId": config.default_account_id,
            "defaultRegion": config.default_region,
            "maxRequestSizeBytes": config.max_request_bytes,
            "headerReadTimeoutSeconds": config.header_read_timeout.as_secs_f64(),
            "bodyReadTimeoutSeconds": config.body_read_timeout.as_secs_f64(),
            "validateSignatures": config.validate_signatures,
            "configuredAccessKeys": config.credentials.len(),
        },
        "services": services,
    })
}

fn not_found(method: &http::Method, path: &str) -> ServiceError {
    ServiceError::new(
        "NotFound",
        format!("No admin endpoint answers {method} {path}"),
    )
    .with_status(404)
}

fn clock_state(clock: &Clock) -> Value {
    json!({
        "now": clock.now().epoch_seconds(),
        "nowIso": clock.now().to_string(),
        "offsetSeconds": clock.offset_seconds(),
    })
}

/// `POST /_floci/clock` with `{"advanceSeconds": N}` moves time forward for every service;
/// `{"reset": true}` sets it back to system time (the state stays: times it recorded ahead of
/// system time stay as they were, and what is scheduled waits for system time to reach it).
fn set_clock(state: &GatewayState, body: &Value) -> AdminOutcome {
    let clock = &*state.clock;
    if body.get("reset") == Some(&Value::Bool(true)) {
        clock.reset();
    } else {
        let Some(seconds) = body.get("advanceSeconds").and_then(Value::as_f64) else {
            return AdminOutcome::Error(ServiceError::new(
                "InvalidParameterValueException",
                "POST /_floci/clock takes a JSON body {\"advanceSeconds\": N} with N >= 0, or {\"reset\": true}",
            ));
        };
        if let Err(error) = clock.try_advance(seconds) {
            return AdminOutcome::Error(ServiceError::new(
                "InvalidParameterValueException",
                error.to_string(),
            ));
        }
    }
    // Persisted state holds emulated times, so the offset is kept with it.
    if let Err(error) = state.storage.save_clock(clock) {
        return AdminOutcome::Error(storage_error(&error));
    }
    AdminOutcome::Json(clock_state(clock))
}

fn storage_error(error: &crate::storage::StorageError) -> ServiceError {
    tracing::error!(%error, "storage: an admin change could not be saved");
    ServiceError::internal(format!(
        "The change was made but could not be saved: {error}"
    ))
}

/// Answers an admin request. `body` is the request body parsed as JSON (or `null`).
pub(crate) async fn handle(
    state: &GatewayState,
    method: &http::Method,
    path: &str,
    body: Value,
) -> AdminOutcome {
    let (registry, config, clock) = (&state.registry, &*state.config, &*state.clock);
    let path = path.strip_suffix('/').unwrap_or(path);
    // `/_floci/<service>/clock` is the same gateway-wide clock, where a service's docs point.
    let service_clock = path
        .strip_prefix("/_floci/")
        .and_then(|tail| tail.strip_suffix("/clock"))
        .is_some_and(|name| {
            registry
                .services()
                .iter()
                .any(|s| s.descriptor.name == name)
        });
    if path == "/_floci/clock" || service_clock {
        return match *method {
            http::Method::GET | http::Method::HEAD => AdminOutcome::Json(clock_state(clock)),
            http::Method::POST => set_clock(state, &body),
            _ => AdminOutcome::Error(not_found(method, path)),
        };
    }
    if path == "/_floci/resources" {
        return match resources::handle(registry.resources(), config, method, &body) {
            Some(Ok(value)) => AdminOutcome::Json(value),
            Some(Err(error)) => AdminOutcome::Error(error),
            None => AdminOutcome::Error(not_found(method, path)),
        };
    }
    let get = *method == http::Method::GET || *method == http::Method::HEAD;
    if HEALTH.contains(&path) && get {
        return AdminOutcome::Json(health(registry));
    }
    if INFO.contains(&path) && get {
        let mut answer = info(registry, config);
        answer["storage"] = state.storage.describe(registry);
        return AdminOutcome::Json(answer);
    }
    if RESET.contains(&path) && *method == http::Method::POST {
        // The persisted state goes with the state in memory, under the storage writers' locks
        // so no flush writes a partition back in between.
        let wiped = state.storage.reset(|| {
            registry.reset();
            clock.reset();
        });
        if let Err(error) = wiped.and_then(|()| state.storage.save_clock(clock)) {
            return AdminOutcome::Error(storage_error(&error));
        }
        return AdminOutcome::Json(json!({ "reset": "ok" }));
    }
    // `/_floci/<service>/<rest>`: a service's own admin routes (for example a test clock).
    if let Some((name, rest)) = path
        .strip_prefix("/_floci/")
        .and_then(|tail| tail.split_once('/').or(Some((tail, ""))))
    {
        if let Some(service) = registry
            .services()
            .iter()
            .find(|s| s.descriptor.name == name)
        {
            return match &service.state {
                ServiceState::Running(running) => {
                    match running.admin(method.as_str(), rest, body).await {
                        Some(Ok(value)) => AdminOutcome::Json(value),
                        Some(Err(error)) => AdminOutcome::Error(error),
                        None => AdminOutcome::Error(not_found(method, path)),
                    }
                }
                ServiceState::Disabled => AdminOutcome::Error(crate::gateway::disabled(service)),
            };
        }
    }
    AdminOutcome::Error(not_found(method, path))
}
