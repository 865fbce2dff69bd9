//! The services this gateway runs: every linked [`ServiceDescriptor`], switched on or off by
//! configuration, each with its model parsed on first use.

use std::sync::{Arc, OnceLock};

use crate::model::Model;
use crate::path_routes::{PathRouteDescriptor, RegisteredPathService};
use crate::protocol::Codec;
use crate::storage::PersistentState;
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
            let codec = Codec::new(
                model,
                self.descriptor.protocol,
                self.descriptor.validation_errors,
            );
            // The parse's transient tree of JSON values is freed by now: give it back.
            crate::memory::release_free_heap();
            codec
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
    /// Plugins reached by path prefix (`crate::path_routes`).
    path_services: Vec<RegisteredPathService>,
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
    /// Builds every descriptor's service (and path-route plugin) that is enabled. A bad
    /// variable is one clear line.
    pub fn build(
        descriptors: &[&'static ServiceDescriptor],
        path_descriptors: &[&'static PathRouteDescriptor],
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
        let mut path_services = Vec::with_capacity(path_descriptors.len());
        for descriptor in path_descriptors {
            let settings =
                ServiceSettings::new(descriptor.name, vars.clone(), config.clone(), clock.clone())
                    .with_events(events.clone())
                    .with_resources(resources.clone());
            let running = if parse_enabled(&settings, descriptor.enabled_by_default)? {
                Some((descriptor.build)(&settings)?)
            } else {
                None
            };
            path_services.push(RegisteredPathService {
                descriptor,
                running,
            });
        }
        Ok(Self {
            services,
            path_services,
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

    /// Every linked path-route plugin, sorted by name.
    pub fn path_services(&self) -> &[RegisteredPathService] {
        &self.path_services
    }

    /// `(name, status)` of every linked service and path-route plugin, for the health and info
    /// listings.
    pub fn statuses(&self) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        let services = self
            .services
            .iter()
            .map(|s| (s.descriptor.name, s.status()));
        let paths = self
            .path_services
            .iter()
            .map(|p| (p.descriptor.name, p.status()));
        services.chain(paths)
    }

    /// The persisted state of every running service and path-route plugin, by name (`None`
    /// for one that keeps its state in memory whatever the mode).
    pub(crate) fn persistence(&self) -> Vec<(&'static str, Option<Arc<dyn PersistentState>>)> {
        let services = self.services.iter().filter_map(|s| match &s.state {
            ServiceState::Running(running) => {
                Some((s.descriptor.name, running.clone().persistence()))
            }
            ServiceState::Disabled => None,
        });
        let paths = self.path_services.iter().filter_map(|p| {
            p.running
                .as_ref()
                .map(|running| (p.descriptor.name, running.clone().persistence()))
        });
        services.chain(paths).collect()
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
        for plugin in &self.path_services {
            if let Some(running) = &plugin.running {
                running.reset();
            }
        }
    }
}
