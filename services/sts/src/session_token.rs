//! `GetSessionToken`: temporary credentials of the calling long-term key, acting as it does.

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{GetSessionTokenRequest, GetSessionTokenResponse};
use crate::caller::Caller;
use crate::issue::{issue, Grant};
use crate::sessions::SessionKind;
use crate::{errors, Core};

/// The default lifetime of session tokens and federation tokens (12 hours).
pub const DEFAULT_TOKEN_SECONDS: i64 = 43_200;

/// Runs `GetSessionToken`.
pub fn get_session_token(
    core: &Core,
    ctx: &RequestContext,
    input: GetSessionTokenRequest,
) -> Result<GetSessionTokenResponse, ServiceError> {
    let caller = Caller::of(ctx, &core.store);
    if caller.session().is_some() {
        return Err(errors::access_denied(
            "Cannot call GetSessionToken with session credentials",
        ));
    }
    let grant = Grant {
        kind: SessionKind::SessionToken,
        account_id: ctx.account_id.clone(),
        principal_arn: caller.arn(ctx),
        user_id: caller.user_id(ctx),
        duration_seconds: input
            .duration_seconds
            .map_or(DEFAULT_TOKEN_SECONDS, i64::from),
        role_arn: None,
        session_name: None,
        external_id: None,
        source_identity: None,
        extras: Default::default(),
    };
    Ok(GetSessionTokenResponse {
        credentials: Some(issue(&core.store, core.clock.now(), grant)),
        ..Default::default()
    })
}
