//! `GetCallerIdentity`, `GetAccessKeyInfo` and `DecodeAuthorizationMessage`: what the gateway
//! knows about keys and principals.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{
    DecodeAuthorizationMessageRequest, DecodeAuthorizationMessageResponse, GetAccessKeyInfoRequest,
    GetAccessKeyInfoResponse, GetCallerIdentityResponse,
};
use crate::caller::Caller;
use crate::{errors, Core};

/// Runs `GetCallerIdentity`: the account the request acts in (as the gateway mapped its key),
/// the caller's ARN and unique id.
pub fn get_caller_identity(core: &Core, ctx: &RequestContext) -> GetCallerIdentityResponse {
    let caller = Caller::of(ctx, &core.store);
    GetCallerIdentityResponse {
        user_id: Some(caller.user_id(ctx)),
        account: Some(ctx.account_id.clone()),
        arn: Some(caller.arn(ctx)),
    }
}

/// Runs `GetAccessKeyInfo`: the account of any access key, by the gateway's own rule.
pub fn get_access_key_info(
    core: &Core,
    input: GetAccessKeyInfoRequest,
) -> GetAccessKeyInfoResponse {
    GetAccessKeyInfoResponse {
        account: Some(
            core.store
                .registry()
                .account_of(&input.access_key_id, &core.config),
        ),
    }
}

/// Runs `DecodeAuthorizationMessage`: the gateway never issues encoded authorization messages
/// (it denies nothing), so every message is one it did not issue.
pub fn decode_authorization_message(
    _input: DecodeAuthorizationMessageRequest,
) -> Result<DecodeAuthorizationMessageResponse, ServiceError> {
    Err(errors::invalid_authorization_message())
}
