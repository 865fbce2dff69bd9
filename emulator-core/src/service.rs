//! The plugin contract: what a service crate implements and how it registers itself.
//!
//! A service crate implements [`Service`] and submits a [`ServiceDescriptor`] with
//! `inventory::submit!`; the gateway discovers every linked descriptor at start, so adding a
//! service is adding a crate. Services never see HTTP: they receive an operation name and a
//! validated JSON input keyed by the model's member names, and return an output (typed, or an
//! object keyed by member names) or a [`ServiceError`].

use std::sync::Arc;

use async_trait::async_trait;
use serde_json::Value;

use crate::dashboard::view::{ServiceView, ViewFilter};
use crate::dto::Output;
use crate::storage::PersistentState;
use crate::{RequestContext, ServiceError};

/// One emulated AWS service.
#[async_trait]
pub trait Service: Send + Sync + 'static {
    /// Runs `operation` (a model operation name such as `CreateBackupVault`) with its decoded,
    /// validated input. Operations without a handler return
    /// [`ServiceError::not_implemented`]. A service whose outputs are typed structures returns
    /// [`Output::Typed`], which the gateway writes to the wire without building a JSON value
    /// first; [`Output::Value`] carries an object keyed by member names.
    async fn call(
        &self,
        ctx: &RequestContext,
        operation: &str,
        input: Value,
    ) -> Result<Output, ServiceError>;

    /// [`Service::call`] with the output as an object keyed by member names, for callers in
    /// the same process (tests, benchmarks).
    async fn call_value(
        &self,
        ctx: &RequestContext,
        operation: &str,
        input: Value,
    ) -> Result<Value, ServiceError> {
        self.call(ctx, operation, input).await?.into_value()
    }

    /// Drops all state in every account and region (the reset admin endpoints).
    fn reset(&self);

    /// The service's state as the storage layer persists it (`FLOCI_STORAGE_MODE`). `None`, the
    /// default, keeps the state in memory whatever the mode says (the start-up log says so).
    fn persistence(self: Arc<Self>) -> Option<Arc<dyn PersistentState>> {
        None
    }

    /// Serves the service's own admin routes under `/_floci/<name>/<path>` (for example a test
    /// clock). `None` means no such route.
    async fn admin(
        &self,
        method: &str,
        path: &str,
        body: Value,
    ) -> Option<Result<Value, ServiceError>> {
        let _ = (method, path, body);
        None
    }

    /// A read-only picture of the service's state for the dashboard (`/_floci/ui/`): its
    /// resources as tables per account and region, and their timeline. Built only when the
    /// dashboard asks, never on the request path. `None`, the default, lists the service
    /// without tables.
    fn view(&self, filter: &ViewFilter) -> Option<ServiceView> {
        let _ = filter;
        None
    }
}

/// The wire protocol a service's model declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// `rest-json`: operations routed by method and URI template.
    RestJson,
    /// `json` 1.0/1.1: `POST /` with `X-Amz-Target: <prefix>.<Operation>`.
    Json {
        /// `1.0` or `1.1`, echoed in the response content type.
        version: &'static str,
    },
    /// `query` (awsQuery): `Action`, `Version` and the members flattened into a form body or
    /// query string (`Tags.member.1.Key`); XML answers in the model's `xmlNamespace`.
    AwsQuery,
}

/// Exception names a service uses for validation failures found by the protocol layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidationErrorNames {
    /// A value breaks a constraint (enum, length, range, pattern, type).
    pub invalid: &'static str,
    /// A required member is absent.
    pub missing: &'static str,
}

impl ValidationErrorNames {
    /// The name most AWS services use for both kinds.
    pub const DEFAULT: Self = Self {
        invalid: "ValidationException",
        missing: "ValidationException",
    };
}

/// Settings a service reads at start: its `FLOCI_SERVICES_<NAME>_*` variables and the
/// gateway-wide configuration.
#[derive(Debug, Clone)]
pub struct ServiceSettings {
    prefix: String,
    vars: Arc<Vec<(String, String)>>,
    /// The gateway-wide configuration.
    pub config: Arc<crate::Config>,
    /// The gateway-wide controllable clock; services read "now" only from it.
    pub clock: Arc<crate::Clock>,
    /// The gateway-wide event bus services publish their events to and subscribe on.
    pub events: Arc<crate::EventBus>,
    /// The gateway-wide registry of known resources and their tags.
    pub resources: Arc<crate::ResourceRegistry>,
    /// The gateway-wide registry of temporary credentials: a service that issues some (STS)
    /// registers them here, and the gateway maps their requests to their account.
    pub credentials: Arc<crate::CredentialRegistry>,
}

impl ServiceSettings {
    /// Settings for the service named `name`, read from `vars` (the process environment in the
    /// binary, a fixed list in tests).
    pub fn new(
        name: &str,
        vars: Arc<Vec<(String, String)>>,
        config: Arc<crate::Config>,
        clock: Arc<crate::Clock>,
    ) -> Self {
        Self {
            prefix: format!("FLOCI_SERVICES_{}_", name.to_ascii_uppercase()),
            vars,
            config,
            clock,
            events: Arc::default(),
            resources: Arc::default(),
            credentials: Arc::default(),
        }
    }

    /// The same settings sharing `credentials`, the registry the gateway reads for every
    /// signed request.
    pub fn with_credentials(mut self, credentials: Arc<crate::CredentialRegistry>) -> Self {
        self.credentials = credentials;
        self
    }

    /// The same settings publishing to `events`, the bus every service of the gateway shares
    /// (settings made with [`Self::new`] have a bus of their own, which suits unit tests).
    pub fn with_events(mut self, events: Arc<crate::EventBus>) -> Self {
        self.events = events;
        self
    }

    /// The same settings sharing `resources`, the registry every service of the gateway shares.
    pub fn with_resources(mut self, resources: Arc<crate::ResourceRegistry>) -> Self {
        self.resources = resources;
        self
    }

    /// The raw value of `FLOCI_SERVICES_<NAME>_<key>`, if set.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.vars.iter().find_map(|(name, value)| {
            (name.len() == self.prefix.len() + key.len()
                && name.starts_with(&self.prefix)
                && name.ends_with(key))
            .then_some(value.as_str())
        })
    }

    /// The full variable name for `key`, for error messages.
    pub fn var_name(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    /// Parses `FLOCI_SERVICES_<NAME>_<key>` with [`std::str::FromStr`], or returns `default`
    /// when unset. A value that does not parse is a configuration error naming the variable.
    pub fn parse_or<T: std::str::FromStr>(&self, key: &str, default: T) -> Result<T, String> {
        match self.get(key) {
            None => Ok(default),
            Some(raw) => raw
                .trim()
                .parse()
                .map_err(|_| format!("{}={raw:?} is not a valid value", self.var_name(key))),
        }
    }
}

/// How a service announces itself to the gateway. Submit one with `inventory::submit!`.
pub struct ServiceDescriptor {
    /// The configuration name: `FLOCI_SERVICES_<NAME>_ENABLED` and the health listing.
    pub name: &'static str,
    /// SigV4 signing names whose requests this service answers (usually the model's
    /// `signingName`, else its `endpointPrefix`).
    pub signing_names: &'static [&'static str],
    /// The model's `endpointPrefix`, for routing by host name.
    pub endpoint_prefix: &'static str,
    /// The wire protocol.
    pub protocol: Protocol,
    /// For json protocols, the `X-Amz-Target` prefix (for example `OpsWorksCM_V2016_11_01`).
    pub target_prefix: Option<&'static str>,
    /// The AWS API model (botocore JSON), parsed on the first request.
    pub model_json: &'static str,
    /// Whether the service runs when its `ENABLED` variable is unset.
    pub enabled_by_default: bool,
    /// Exception names for validation failures.
    pub validation_errors: ValidationErrorNames,
    /// Builds the service; an `Err` is a configuration error that stops the binary.
    pub build: fn(&ServiceSettings) -> Result<Arc<dyn Service>, String>,
}

inventory::collect!(ServiceDescriptor);

/// Every descriptor linked into this binary, sorted by name for stable listings.
pub fn registered() -> Vec<&'static ServiceDescriptor> {
    let mut all: Vec<_> = inventory::iter::<ServiceDescriptor>.into_iter().collect();
    all.sort_by_key(|descriptor| descriptor.name);
    all
}
