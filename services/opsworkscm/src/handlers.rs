//! The `OpsWorksCmApi` implementation: each operation calls the function of the same name in
//! the `ops/` file that defines it (`create_backup` → `ops/backups.rs`), with the backend, so a
//! reader finds an operation's code in one hop. `crates/service-layers` checks that every path
//! here names the file that defines its function.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::OpsWorksCmService;

#[emulator_core::async_trait]
impl OpsWorksCmApi for OpsWorksCmService {
    async fn associate_node(
        &self,
        ctx: &RequestContext,
        input: AssociateNodeRequest,
    ) -> Result<AssociateNodeResponse, ServiceError> {
        crate::ops::nodes::associate_node(self.core(), ctx, input)
    }

    async fn create_backup(
        &self,
        ctx: &RequestContext,
        input: CreateBackupRequest,
    ) -> Result<CreateBackupResponse, ServiceError> {
        crate::ops::backups::create_backup(self.core(), ctx, input)
    }

    async fn create_server(
        &self,
        ctx: &RequestContext,
        input: CreateServerRequest,
    ) -> Result<CreateServerResponse, ServiceError> {
        crate::ops::servers::create_server(self.core(), ctx, input)
    }

    async fn delete_backup(
        &self,
        ctx: &RequestContext,
        input: DeleteBackupRequest,
    ) -> Result<DeleteBackupResponse, ServiceError> {
        crate::ops::backups::delete_backup(self.core(), ctx, input)
    }

    async fn delete_server(
        &self,
        ctx: &RequestContext,
        input: DeleteServerRequest,
    ) -> Result<DeleteServerResponse, ServiceError> {
        crate::ops::servers::delete_server(self.core(), ctx, input)
    }

    async fn describe_account_attributes(
        &self,
        ctx: &RequestContext,
        input: DescribeAccountAttributesRequest,
    ) -> Result<DescribeAccountAttributesResponse, ServiceError> {
        crate::ops::account::describe_account_attributes(self.core(), ctx, input)
    }

    async fn describe_backups(
        &self,
        ctx: &RequestContext,
        input: DescribeBackupsRequest,
    ) -> Result<DescribeBackupsResponse, ServiceError> {
        crate::ops::backups::describe_backups(self.core(), ctx, input)
    }

    async fn describe_events(
        &self,
        ctx: &RequestContext,
        input: DescribeEventsRequest,
    ) -> Result<DescribeEventsResponse, ServiceError> {
        crate::ops::events::describe_events(self.core(), ctx, input)
    }

    async fn describe_node_association_status(
        &self,
        ctx: &RequestContext,
        input: DescribeNodeAssociationStatusRequest,
    ) -> Result<DescribeNodeAssociationStatusResponse, ServiceError> {
        crate::ops::nodes::describe_node_association_status(self.core(), ctx, input)
    }

    async fn describe_servers(
        &self,
        ctx: &RequestContext,
        input: DescribeServersRequest,
    ) -> Result<DescribeServersResponse, ServiceError> {
        crate::ops::servers::describe_servers(self.core(), ctx, input)
    }

    async fn disassociate_node(
        &self,
        ctx: &RequestContext,
        input: DisassociateNodeRequest,
    ) -> Result<DisassociateNodeResponse, ServiceError> {
        crate::ops::nodes::disassociate_node(self.core(), ctx, input)
    }

    async fn export_server_engine_attribute(
        &self,
        ctx: &RequestContext,
        input: ExportServerEngineAttributeRequest,
    ) -> Result<ExportServerEngineAttributeResponse, ServiceError> {
        crate::ops::engine_attributes::export_server_engine_attribute(self.core(), ctx, input)
    }

    async fn list_tags_for_resource(
        &self,
        ctx: &RequestContext,
        input: ListTagsForResourceRequest,
    ) -> Result<ListTagsForResourceResponse, ServiceError> {
        crate::ops::tags::list_tags_for_resource(self.core(), ctx, input)
    }

    async fn restore_server(
        &self,
        ctx: &RequestContext,
        input: RestoreServerRequest,
    ) -> Result<RestoreServerResponse, ServiceError> {
        crate::ops::restore::restore_server(self.core(), ctx, input)
    }

    async fn start_maintenance(
        &self,
        ctx: &RequestContext,
        input: StartMaintenanceRequest,
    ) -> Result<StartMaintenanceResponse, ServiceError> {
        crate::ops::maintenance::start_maintenance(self.core(), ctx, input)
    }

    async fn tag_resource(
        &self,
        ctx: &RequestContext,
        input: TagResourceRequest,
    ) -> Result<TagResourceResponse, ServiceError> {
        crate::ops::tags::tag_resource(self.core(), ctx, input)
    }

    async fn untag_resource(
        &self,
        ctx: &RequestContext,
        input: UntagResourceRequest,
    ) -> Result<UntagResourceResponse, ServiceError> {
        crate::ops::tags::untag_resource(self.core(), ctx, input)
    }

    async fn update_server(
        &self,
        ctx: &RequestContext,
        input: UpdateServerRequest,
    ) -> Result<UpdateServerResponse, ServiceError> {
        crate::ops::servers::update_server(self.core(), ctx, input)
    }

    async fn update_server_engine_attributes(
        &self,
        ctx: &RequestContext,
        input: UpdateServerEngineAttributesRequest,
    ) -> Result<UpdateServerEngineAttributesResponse, ServiceError> {
        crate::ops::engine_attributes::update_server_engine_attributes(self.core(), ctx, input)
    }
}
