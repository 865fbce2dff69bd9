//! ExportServerEngineAttribute and UpdateServerEngineAttributes.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::engine::core::Core;
use crate::engine::engine_attributes::{
    attribute, check_names, check_puppet_password, userdata, value_of, USERDATA_ATTRIBUTES,
};
use crate::engine::servers::begin_activity;
use crate::model::engine::Engine;
use crate::model::server::Activity;
use crate::state::servers;
use crate::support::{errors, secrets};

/// `ExportServerEngineAttribute`: the `Userdata` script, base64-encoded.
pub(crate) fn export_server_engine_attribute(
    core: &Core,
    ctx: &RequestContext,
    input: ExportServerEngineAttributeRequest,
) -> Result<ExportServerEngineAttributeResponse, ServiceError> {
    if input.export_attribute_name != "Userdata" {
        return Err(errors::validation(format!(
            "ExportAttributeName '{}' is not valid. The supported export attribute is Userdata.",
            input.export_attribute_name
        )));
    }
    let inputs = input.input_attributes.unwrap_or_default();
    check_names(&inputs, USERDATA_ATTRIBUTES, "ExportServerEngineAttribute")?;
    if let Some(version) = value_of(&inputs, "NodeClientVersion").filter(|v| !v.is_empty()) {
        let parts: Vec<&str> = version.split('.').collect();
        let numeric = |part: &&str| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit());
        if parts.len() != 3 || !parts.iter().all(numeric) {
            return Err(errors::validation(format!(
                "NodeClientVersion '{version}' is not valid: use three numbers separated by \
                 dots, such as 13.8.5."
            )));
        }
    }
    core.with_region(ctx, |state, _| {
        let server = servers::find(state, &input.server_name)?;
        let status = server.state.status();
        if matches!(
            status,
            ServerStatus::Creating
                | ServerStatus::Terminated
                | ServerStatus::Failed
                | ServerStatus::Deleting
        ) {
            return Err(errors::invalid_state(format!(
                "Server {} is in state {}; engine attributes cannot be exported now.",
                server.name,
                status.as_str()
            )));
        }
        let script = userdata(
            server.config.engine,
            &server.name,
            &server.endpoint,
            &ctx.region,
            &inputs,
        );
        Ok(ExportServerEngineAttributeResponse {
            engine_attribute: Some(attribute("Userdata", secrets::base64(script.as_bytes()))),
            server_name: Some(server.name.clone()),
        })
    })
}

/// `UpdateServerEngineAttributes`: a new Chef pivotal key (`CHEF_PIVOTAL_KEY`) or Puppet admin
/// password (`PUPPET_ADMIN_PASSWORD`); without a value one is generated and returned once. The
/// server is MODIFYING meanwhile.
pub(crate) fn update_server_engine_attributes(
    core: &Core,
    ctx: &RequestContext,
    input: UpdateServerEngineAttributesRequest,
) -> Result<UpdateServerEngineAttributesResponse, ServiceError> {
    let now = core.now();
    core.with_region(ctx, |state, lifecycle| {
        let server = servers::find(state, &input.server_name)?;
        let engine = server.config.engine;
        let updatable = engine.updatable_attribute();
        if input.attribute_name != updatable {
            return Err(errors::validation(format!(
                "AttributeName '{}' cannot be updated on a {} server. Valid attribute: {updatable}.",
                input.attribute_name,
                engine.as_str()
            )));
        }
        let generated = match (engine, input.attribute_value.as_deref()) {
            (Engine::Puppet, Some(password)) => {
                check_puppet_password(password)?;
                None
            }
            (Engine::Puppet, None) => Some(secrets::admin_password()),
            (Engine::ChefAutomate, Some(key)) if key.trim().is_empty() => {
                return Err(errors::validation("AttributeValue must not be empty."))
            }
            (Engine::ChefAutomate, Some(_)) => None,
            (Engine::ChefAutomate, None) => Some(secrets::pem("RSA PRIVATE KEY", 1190)),
        };
        server.require_status(
            &[ServerStatus::Healthy, ServerStatus::Unhealthy],
            "UpdateServerEngineAttributes",
        )?;
        let name = server.name.clone();
        let message = format!("Server {name} engine attribute {updatable} update started.");
        let mut described =
            begin_activity(state, lifecycle, &name, Activity::Modifying, now, message)?;
        if let Some(secret) = generated {
            described
                .engine_attributes
                .get_or_insert_with(Vec::new)
                .push(attribute(updatable, secret));
        }
        Ok(UpdateServerEngineAttributesResponse {
            server: Some(described),
        })
    })
}
