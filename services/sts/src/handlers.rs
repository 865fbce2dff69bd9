//! The [`StsApi`] implementation: each operation delegates to the module that owns it.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::{
    assume_role, federation_token, identity, saml, session_token, web_identity, StsService,
};

#[emulator_core::async_trait]
impl StsApi for StsService {
    async fn assume_role(
        &self,
        ctx: &RequestContext,
        input: AssumeRoleRequest,
    ) -> Result<AssumeRoleResponse, ServiceError> {
        assume_role::assume_role(&self.core, ctx, input)
    }

    async fn assume_role_with_saml(
        &self,
        ctx: &RequestContext,
        input: AssumeRoleWithSAMLRequest,
    ) -> Result<AssumeRoleWithSAMLResponse, ServiceError> {
        saml::assume_role_with_saml(&self.core, ctx, input)
    }

    async fn assume_role_with_web_identity(
        &self,
        ctx: &RequestContext,
        input: AssumeRoleWithWebIdentityRequest,
    ) -> Result<AssumeRoleWithWebIdentityResponse, ServiceError> {
        web_identity::assume_role_with_web_identity(&self.core, ctx, input)
    }

    async fn decode_authorization_message(
        &self,
        _ctx: &RequestContext,
        input: DecodeAuthorizationMessageRequest,
    ) -> Result<DecodeAuthorizationMessageResponse, ServiceError> {
        identity::decode_authorization_message(input)
    }

    async fn get_access_key_info(
        &self,
        _ctx: &RequestContext,
        input: GetAccessKeyInfoRequest,
    ) -> Result<GetAccessKeyInfoResponse, ServiceError> {
        Ok(identity::get_access_key_info(&self.core, input))
    }

    async fn get_caller_identity(
        &self,
        ctx: &RequestContext,
        _input: GetCallerIdentityRequest,
    ) -> Result<GetCallerIdentityResponse, ServiceError> {
        Ok(identity::get_caller_identity(&self.core, ctx))
    }

    async fn get_federation_token(
        &self,
        ctx: &RequestContext,
        input: GetFederationTokenRequest,
    ) -> Result<GetFederationTokenResponse, ServiceError> {
        federation_token::get_federation_token(&self.core, ctx, input)
    }

    async fn get_session_token(
        &self,
        ctx: &RequestContext,
        input: GetSessionTokenRequest,
    ) -> Result<GetSessionTokenResponse, ServiceError> {
        session_token::get_session_token(&self.core, ctx, input)
    }
}
