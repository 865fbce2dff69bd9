//! The services this gateway runs: every linked [`ServiceDescriptor`], switched on or off by
//! configuration, each with its model parsed on first use.

use std::sync::{Arc, OnceLock};

use crate::model::Model;
use crate::protocol::Codec;
use crate::{
    Config, CredentialRegistry, EventBus, ResourceRegistry, Service, ServiceDescriptor,
    ServiceSettings,
};

/// Whether a service answers requests.
pub enum ServiceState {
    /// Built and serving.
    Running(Arc<dyn Service>),
    /// Turned off by `FLOCI_SERVICES_<NAME>_ENABLED=false`.
    Disabled,
}

/// One linked service.
pub struct RegisteredService {
    /// How the service announced itself.
    pub descriptor: &'static ServiceDescriptor,
    /// Whether it runs.
    pub state: ServiceState,
    codec: OnceLock<Codec>,
}

impl RegisteredService {
    /// The service's codec, parsing its model on first use so that start-up stays instant.
    pub fn codec(&self) -> &Codec {
        self.codec.get_or_init(|| {
            let model = Model::parse(self.descriptor.model_json).unwrap_or_else(|err| {
                // Vendored models are checked by each service's tests; reaching this is a build
                // defect, and the panic is caught per request.
                panic!("the {} model is invalid: {err}", self.descriptor.name)
            });
            Codec::new(
                model,
                self.descriptor.protocol,
                self.descriptor.validation_errors,
            )
        })
    }

    /// `running` or `disabled`, as the health endpoints print it.
    pub fn status(&self) -> &'static str {
        match self.state {
            ServiceState::Running(_) => "running",
            ServiceState::Disabled => "disabled",
        }
    }
}

/// All linked services.
pub struct Registry {
    services: Vec<RegisteredService>,
    events: Arc<EventBus>,
    resources: Arc<ResourceRegistry>,
    credentials: Arc<CredentialRegistry>,
}

fn parse_enabled(settings: &ServiceSettings, default: bool) -> Result<bool, String> {
    match settings
        .get("ENABLED")
        .map(|v| v.trim().to_ascii_lowercase())
    {
        None => Ok(default),
        Some(v) if v == "true" || v == "1" => Ok(true),
        Some(v) if v == "false" || v == "0" => Ok(false),
        Some(v) => Err(format!(
            "invalid configuration: {}={v:?} must be true or false",
            settings.var_name("ENABLED")
        )),
    }
}

impl Registry {
    /// Builds every descriptor's service that is enabled. A bad variable is one clear line.
    pub fn build(
        descriptors: &[&'static ServiceDescriptor],
        vars: Arc<Vec<(String, String)>>,
        config: Arc<Config>,
        clock: Arc<crate::Clock>,
    ) -> Result<Self, String> {
        let mut services = Vec::with_capacity(descriptors.len());
        // One bus for every service, so that one service's events reach another's subscribers.
        let events = Arc::new(EventBus::default());
        let resources = Arc::new(ResourceRegistry::default());
        let credentials = Arc::new(CredentialRegistry::default());
        for descriptor in descriptors {
            let settings =
                ServiceSettings::new(descriptor.name, vars.clone(), config.clone(), clock.clone())
                    .with_events(events.clone())
                    .with_resources(resources.clone())
                    .with_credentials(credentials.clone());
            let state = if parse_enabled(&settings, descriptor.enabled_by_default)? {
                ServiceState::Running((descriptor.build)(&settings)?)
            } else {
                ServiceState::Disabled
            };
            services.push(RegisteredService {
                descriptor,
                state,
                codec: OnceLock::new(),
            });
        }
        Ok(Self {
            services,
            events,
            resources,
            credentials,
        })
    }

    /// The event bus every service publishes to.
    pub fn events(&self) -> &Arc<EventBus> {
        &self.events
    }

    /// The registry of known resources every service shares.
    pub fn resources(&self) -> &Arc<ResourceRegistry> {
        &self.resources
    }

    /// The temporary credentials services issued.
    pub fn credentials(&self) -> &Arc<CredentialRegistry> {
        &self.credentials
    }

    /// Every linked service, sorted by name.
    pub fn services(&self) -> &[RegisteredService] {
        &self.services
    }

    /// Clears the state of every running service and the resources they knew.
    pub fn reset(&self) {
        self.resources.clear();
        self.credentials.clear();
        for service in &self.services {
            if let ServiceState::Running(running) = &service.state {
                running.reset();
            }
        }
    }
}
