//! Node association and disassociation requests, by status token.

use crate::api::generated::{EngineAttribute, NodeAssociationStatus};

/// One association or disassociation request, found again by its token.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeAssociation {
    /// The server's unique id; the request goes with the server.
    pub server_id: String,
    /// The outcome.
    pub status: NodeAssociationStatus,
    /// What DescribeNodeAssociationStatus returns with it (Puppet's signed certificate).
    pub engine_attributes: Vec<EngineAttribute>,
}
