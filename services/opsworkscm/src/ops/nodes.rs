//! Nodes: AssociateNode, DisassociateNode and DescribeNodeAssociationStatus.
//!
//! Each request returns a token; its status is SUCCESS as soon as the request is accepted
//! (the emulated server signs at once), or FAILED for a disassociation of a node the server
//! does not manage, as a real Chef or Puppet server would report.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{
    AssociateNodeRequest, AssociateNodeResponse, DescribeNodeAssociationStatusRequest,
    DescribeNodeAssociationStatusResponse, DisassociateNodeRequest, DisassociateNodeResponse,
    EngineAttribute, NodeAssociationStatus, ServerStatus,
};
use crate::engine::core::Core;
use crate::engine::engine_attributes::{attribute, check_names, value_of};
use crate::model::engine::Engine;
use crate::model::node_association::NodeAssociation;
use crate::state::servers;
use crate::support::{errors, secrets};

/// `Err(ValidationException)` unless every name in `required` has a non-empty value.
fn require_attributes(
    attributes: &[EngineAttribute],
    required: &[&str],
    operation: &str,
) -> Result<(), ServiceError> {
    check_names(attributes, required, operation)?;
    match required
        .iter()
        .find(|name| value_of(attributes, name).is_none_or(str::is_empty))
    {
        Some(missing) => Err(errors::validation(format!(
            "{operation} requires the engine attribute {missing}."
        ))),
        None => Ok(()),
    }
}

/// `AssociateNode`: only HEALTHY servers.
pub(crate) fn associate_node(
    core: &Core,
    ctx: &RequestContext,
    input: AssociateNodeRequest,
) -> Result<AssociateNodeResponse, ServiceError> {
    let now = core.now();
    core.with_region(ctx, |state, _| {
        let server = servers::find_mut(state, &input.server_name)?;
        let engine = server.config.engine;
        require_attributes(
            &input.engine_attributes,
            engine.association_attributes(),
            "AssociateNode",
        )?;
        server.require_status(&[ServerStatus::Healthy], "AssociateNode")?;
        server.nodes.insert(input.node_name.clone());
        let name = server.name.clone();
        server.events.record(
            &name,
            now,
            format!("Node {} associated with server {name}.", input.node_name),
        );
        let engine_attributes = match engine {
            Engine::Puppet => vec![attribute(
                "PUPPET_NODE_CERT",
                secrets::pem("CERTIFICATE", 880),
            )],
            Engine::ChefAutomate => Vec::new(),
        };
        let token = secrets::uuid();
        let association = NodeAssociation {
            server_id: server.id.clone(),
            status: NodeAssociationStatus::Success,
            engine_attributes,
        };
        state.associations.insert(token.clone(), association);
        Ok(AssociateNodeResponse {
            node_association_status_token: Some(token),
        })
    })
}

/// `DisassociateNode`: only HEALTHY servers.
pub(crate) fn disassociate_node(
    core: &Core,
    ctx: &RequestContext,
    input: DisassociateNodeRequest,
) -> Result<DisassociateNodeResponse, ServiceError> {
    let now = core.now();
    core.with_region(ctx, |state, _| {
        let server = servers::find_mut(state, &input.server_name)?;
        require_attributes(
            input.engine_attributes.as_deref().unwrap_or_default(),
            server.config.engine.disassociation_attributes(),
            "DisassociateNode",
        )?;
        server.require_status(&[ServerStatus::Healthy], "DisassociateNode")?;
        let name = server.name.clone();
        let status = if server.nodes.remove(&input.node_name) {
            server.events.record(
                &name,
                now,
                format!("Node {} disassociated from server {name}.", input.node_name),
            );
            NodeAssociationStatus::Success
        } else {
            NodeAssociationStatus::Failed
        };
        let token = secrets::uuid();
        let association = NodeAssociation {
            server_id: server.id.clone(),
            status,
            engine_attributes: Vec::new(),
        };
        state.associations.insert(token.clone(), association);
        Ok(DisassociateNodeResponse {
            node_association_status_token: Some(token),
        })
    })
}

/// `DescribeNodeAssociationStatus`.
pub(crate) fn describe_node_association_status(
    core: &Core,
    ctx: &RequestContext,
    input: DescribeNodeAssociationStatusRequest,
) -> Result<DescribeNodeAssociationStatusResponse, ServiceError> {
    core.with_region(ctx, |state, _| {
        let server = servers::find(state, &input.server_name)?;
        let association = state
            .associations
            .get(&input.node_association_status_token)
            .filter(|association| association.server_id == server.id)
            .ok_or_else(|| {
                errors::not_found(format!(
                    "No recent association or disassociation request with token '{}' for \
                     server {}.",
                    input.node_association_status_token, server.name
                ))
            })?;
        Ok(DescribeNodeAssociationStatusResponse {
            node_association_status: Some(association.status),
            engine_attributes: Some(association.engine_attributes.clone()),
        })
    })
}
