//! The gateway every emulated AWS service stands on.
//!
//! It owns everything that is not service logic: the HTTP server, routing a request to a
//! service from its SigV4 credential scope, the AWS wire protocols (rest-json, json 1.x and awsQuery)
//! driven by each service's API model, input validation, the request context, the mapping of
//! errors to the wire, configuration and the admin endpoints. Services plug in through the
//! [`Service`] trait and know nothing of HTTP. See docs/architecture.md.

mod admin;
pub mod clock;
mod config;
mod context;
mod cors;
pub mod credentials;
pub mod dashboard;
pub mod dto;
mod error;
pub mod events;
mod gateway;
pub mod memory;
pub mod model;
pub mod path_routes;
pub mod protocol;
mod registry;
pub mod resources;
pub mod routing;
mod server;
mod service;
pub mod sigv4;
pub mod state;
pub mod storage;
pub mod timers;
pub mod validation;
mod web_guard;

pub use async_trait::async_trait;
pub use clock::Clock;
pub use config::{AdminToken, Config};
pub use context::RequestContext;
pub use credentials::{CredentialRegistry, TemporaryCredential};
pub use error::{ErrorCode, ServiceError};
pub use events::{AwsEvent, EventBus};
pub use inventory;
pub use path_routes::{PathContext, PathRequest, PathResponse, PathRouteDescriptor, PathService};
pub use registry::{RegisteredService, Registry, ServiceState};
pub use resources::ResourceRegistry;
pub use server::{BoundGateway, Gateway, GatewayHandle};
pub use service::{
    registered, Protocol, Service, ServiceDescriptor, ServiceSettings, ValidationErrorNames,
};
pub use storage::StartupNote;
pub use timers::Timers;
