//! AWS Backup for the emulator gateway.
//!
//! The crate owns Backup's state and behaviour and knows nothing of HTTP: the gateway decodes
//! each request with the vendored model (`model/`) and calls [`BackupService`] with an operation
//! name and a validated input object; typed inputs and outputs come from `api::generated`.

use std::sync::Arc;

use emulator_core::{
    RequestContext, Service, ServiceDescriptor, ServiceError, ServiceSettings, ValidationErrorNames,
};
use serde_json::Value;

/// The vendored AWS Backup model (botocore JSON).
pub const MODEL_JSON: &str = include_str!("../model/backup-2018-11-15.service.json");

/// The AWS Backup service.
pub struct BackupService {}

impl BackupService {
    /// Builds the service from its settings.
    pub fn new(_settings: &ServiceSettings) -> Result<Self, String> {
        Ok(Self {})
    }
}

#[emulator_core::async_trait]
impl Service for BackupService {
    async fn call(
        &self,
        _ctx: &RequestContext,
        operation: &str,
        _input: Value,
    ) -> Result<Value, ServiceError> {
        Err(ServiceError::not_implemented("Backup", operation))
    }

    fn reset(&self) {}
}

fn build(settings: &ServiceSettings) -> Result<Arc<dyn Service>, String> {
    Ok(Arc::new(BackupService::new(settings)?))
}

emulator_core::inventory::submit! {
    ServiceDescriptor {
        name: "backup",
        signing_names: &["backup"],
        endpoint_prefix: "backup",
        protocol: emulator_core::Protocol::RestJson,
        target_prefix: None,
        model_json: MODEL_JSON,
        enabled_by_default: true,
        validation_errors: ValidationErrorNames {
            invalid: "InvalidParameterValueException",
            missing: "MissingParameterValueException",
        },
        build,
    }
}
