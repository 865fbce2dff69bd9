//! AWS Security Token Service (STS) for the emulator gateway: caller identity, and temporary
//! credentials (`AssumeRole`, `AssumeRoleWithWebIdentity`, `AssumeRoleWithSAML`,
//! `GetSessionToken`, `GetFederationToken`) that act in the account they were issued for.
//!
//! The crate knows nothing of HTTP: the gateway decodes each awsQuery request with the vendored
//! model (`model/`) and calls [`StsService`] with an operation name and a validated input
//! object, which `api::generated::dispatch` turns into a typed call of the
//! [`api::generated::StsApi`] trait (`handlers.rs`). Issued sessions are kept in `store.rs` and
//! registered in the gateway's [`emulator_core::CredentialRegistry`], through which the gateway
//! maps a temporary key to its account, expires it on the shared clock and, in strict mode,
//! verifies its signature and session token. See docs/services/sts.md.

pub mod api;
mod assume_role;
mod caller;
mod errors;
mod federation_token;
mod handlers;
mod identity;
mod issue;
mod persistence;
mod roles;
mod saml;
mod secrets;
mod session_policies;
mod session_token;
mod sessions;
mod store;
mod web_identity;

use std::sync::Arc;

use emulator_core::dto::Output;
use emulator_core::storage::PersistentState;
use emulator_core::{
    Clock, Config, RequestContext, Service, ServiceDescriptor, ServiceError, ServiceSettings,
    ValidationErrorNames,
};
use serde_json::Value;

use store::Store;

/// The vendored STS model (botocore JSON).
pub const MODEL_JSON: &str = include_str!("../model/sts-2011-06-15.service.json");

/// STS names every validation failure `ValidationError`.
pub const VALIDATION_ERRORS: ValidationErrorNames = ValidationErrorNames {
    invalid: "ValidationError",
    missing: "ValidationError",
};

/// What every operation shares.
pub(crate) struct Core {
    store: Store,
    clock: Arc<Clock>,
    config: Arc<Config>,
}

/// The AWS STS service.
pub struct StsService {
    core: Core,
}

impl StsService {
    /// Builds the service on the gateway's clock and credential registry.
    pub fn new(settings: &ServiceSettings) -> Self {
        Self {
            core: Core {
                store: Store::new(settings.credentials.clone()),
                clock: settings.clock.clone(),
                config: settings.config.clone(),
            },
        }
    }
}

#[emulator_core::async_trait]
impl Service for StsService {
    async fn call(
        &self,
        ctx: &RequestContext,
        operation: &str,
        input: Value,
    ) -> Result<Output, ServiceError> {
        api::generated::dispatch(self, ctx, operation, input).await
    }

    fn reset(&self) {
        self.core.store.clear();
    }

    fn persistence(self: Arc<Self>) -> Option<Arc<dyn PersistentState>> {
        Some(self)
    }

    /// `GET /_floci/sts/sessions`: every issued session without its secret or token (role,
    /// session name, external id, tags, expiry), for tests that check what a caller passed.
    async fn admin(
        &self,
        method: &str,
        path: &str,
        _body: Value,
    ) -> Option<Result<Value, ServiceError>> {
        (method == "GET" && path == "sessions").then(|| {
            let sessions: Vec<Value> = self
                .core
                .store
                .all()
                .iter()
                .map(sessions::Session::describe)
                .collect();
            Ok(serde_json::json!({ "sessions": sessions }))
        })
    }
}

fn build(settings: &ServiceSettings) -> Result<Arc<dyn Service>, String> {
    Ok(Arc::new(StsService::new(settings)))
}

emulator_core::inventory::submit! {
    ServiceDescriptor {
        name: "sts",
        signing_names: &["sts"],
        endpoint_prefix: "sts",
        protocol: emulator_core::Protocol::AwsQuery,
        target_prefix: None,
        model_json: MODEL_JSON,
        enabled_by_default: true,
        validation_errors: VALIDATION_ERRORS,
        build,
    }
}
